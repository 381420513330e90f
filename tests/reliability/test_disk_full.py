"""A full disk, a read-only disk and a refused permission get plain messages naming the path, never "wrong
passphrase" or "this is a bug", and never leave a half-made file behind.

Where the tests run as root (as on the development machine and CI) a real tiny filesystem is mounted (tmpfs
with a size limit); elsewhere those tests skip and the simulated ones (SQLite's max_page_count, a refused
os.open) still run."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.main import main
from models.errors import DiskProblem
from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "granite orchard seven lanterns"


class TinyDisk:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler.bin"

    def fill(self, leave: int = 0) -> None:
        """Take every free byte but `leave` (rounded to the filesystem's blocks)."""
        chunk = b"\0" * 65536
        with open(self.filler, "ab", buffering=0) as handle:
            for size in (65536, 4096):
                with contextlib.suppress(OSError):
                    while handle.write(chunk[:size]):
                        pass
        if leave:
            os.truncate(self.filler, max(0, self.filler.stat().st_size - leave))

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def read_only(self, on: bool) -> None:
        subprocess.run(["mount", "-o", f"remount,{'ro' if on else 'rw'}", str(self.root)], check=True)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[TinyDisk]:
    root = tmp_path / "disk"
    root.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tiny filesystem needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(root)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tiny filesystem here: {done.stderr.strip()}")
    try:
        yield TinyDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "bug" not in err and "Wrong passphrase" not in err, err
    return code, err


def sample(folder: Path, cases: int = 400) -> Path:
    path = folder / "sample.csv"
    path.write_text("case_ref,case_type,sample,force_grade\n" + "".join(
        f"FULL-{n:05d},missing,self-assessed,Good\n" for n in range(cases)))
    return path


def test_creating_on_a_full_disk_says_so_and_leaves_nothing(tiny_disk, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    file = tiny_disk.root / "i.fieldwork"
    tiny_disk.fill(leave=16 * 1024)
    code, err = cli(capsys, "new", file, "--force", "Fullshire Police")
    assert code == 1 and "full" in err and str(tiny_disk.root) in err
    assert sorted(p.name for p in tiny_disk.root.iterdir() if p.name != "filler.bin") in ([], ["i.fieldwork.lock"])
    tiny_disk.free()
    assert cli(capsys, "new", file, "--force", "Fullshire Police")[0] == 0


def test_work_on_a_full_disk_gets_plain_messages_and_loses_nothing(tiny_disk, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    file = tiny_disk.root / "i.fieldwork"
    assert cli(capsys, "new", file, "--force", "Fullshire Police")[0] == 0
    assert cli(capsys, "backup", file)[0] == 0
    cases = sample(tmp_path)
    new = tmp_path / "new.txt"
    new.write_text(NEW_PASSPHRASE)
    tiny_disk.fill()
    outcomes = {}
    for command in (("import-sample", file, cases), ("backup", file), ("tables", file), ("verify-audit", file),
                    ("change-passphrase", file, "--new-passphrase-file", new),
                    ("tables", file, "--format", "pdf", "-o", tiny_disk.root / "t.pdf")):
        code, err = cli(capsys, *command)
        outcomes[command[0]] = code
        assert code in (0, 1)
        if code:
            assert "full" in err and str(tiny_disk.root) in err, (command, err)
    assert outcomes["import-sample"] == outcomes["backup"] == outcomes["change-passphrase"] == 1
    leftovers = [p.name for p in tiny_disk.root.rglob("*") if p.name.endswith((".part", ".rekey", ".tmp"))
                 or p.name.startswith(".")]
    assert leftovers == []
    tiny_disk.free()
    assert cli(capsys, "import-sample", file, cases)[0] == 0  # the same passphrase: nothing was changed
    assert cli(capsys, "change-passphrase", file, "--new-passphrase-file", new)[0] == 0


def test_open_fieldwork_and_merge_on_a_full_disk(tiny_disk, tmp_path) -> None:
    from models.team.allocation import round_robin
    from models.team.exchange import export_fieldwork, export_return, open_fieldwork
    from models.team.merge import merge_packages
    from tests.exchange.builders import HANDED_IN_AS_IS, lead_inspection, make_team
    from tests.exchange.builders import PASSPHRASE as EXCHANGE_PASSPHRASE

    team = make_team(("Ann Archer",))
    lead = lead_inspection(tiny_disk.root / "lead.fieldwork", team)
    round_robin(lead, ["Ann Archer"])
    package = export_fieldwork(lead, team.lead, "Ann Archer").data
    own = open_fieldwork(package, team.inspectors["Ann Archer"], team.lead.card, tmp_path / "ann.fieldwork",
                         EXCHANGE_PASSPHRASE)
    own.set_grade(own.cases()[0].ref, "Ann Archer", "good")
    returned = export_return(own, team.inspectors["Ann Archer"], override_checks=HANDED_IN_AS_IS).data
    own.close()
    tiny_disk.fill()
    target = tiny_disk.root / "ann-copy.fieldwork"
    with pytest.raises(DiskProblem, match="full"):
        open_fieldwork(package, team.inspectors["Ann Archer"], team.lead.card, target, EXCHANGE_PASSPHRASE)
    assert not target.exists() and not Path(str(target) + "-wal").exists()
    with pytest.raises(DiskProblem, match="full"):
        merge_packages(lead, team.lead, [("ann.age", returned)])
    tiny_disk.free()
    open_fieldwork(package, team.inspectors["Ann Archer"], team.lead.card, target, EXCHANGE_PASSPHRASE).close()
    merge_packages(lead, team.lead, [("ann.age", returned)])
    lead.close()


def test_a_read_only_disk_is_named(tiny_disk, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    file = tiny_disk.root / "i.fieldwork"
    assert cli(capsys, "new", file, "--force", "Readshire Police")[0] == 0
    cases = sample(tmp_path, 5)
    tiny_disk.read_only(True)
    try:
        for command in (("import-sample", file, cases), ("backup", file), ("tables", file)):
            code, err = cli(capsys, *command)
            assert code == 1 and "read-only" in err and str(tiny_disk.root) in err, (command, err)
        code, err = cli(capsys, "new", tiny_disk.root / "other.fieldwork", "--force", "Readshire Police")
        assert code == 1 and "read-only" in err
    finally:
        tiny_disk.read_only(False)
    assert cli(capsys, "import-sample", file, cases)[0] == 0


# -- simulated: these run without root ----------------------------------------------------------------------

def test_sqlite_full_is_a_full_disk_not_a_bug(inspection, tmp_path, monkeypatch, capsys) -> None:
    """SQLITE_FULL (what SQLite reports when the disk fills mid-transaction), forced with max_page_count."""
    from models.inspection import database

    path = inspection.path
    inspection.close()
    real = database.raw_connect

    def capped(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        return conn

    monkeypatch.setattr(database, "raw_connect", capped)
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    code, err = cli(capsys, "import-sample", path, sample(tmp_path, 3000))
    assert code == 1 and "full" in err and str(path.parent) in err
    monkeypatch.setattr(database, "raw_connect", real)
    assert cli(capsys, "tables", path)[0] == 0


def test_permission_refused_is_named(tmp_path, monkeypatch, capsys) -> None:
    from models.inspection import cipher

    real_open = os.open

    def refuse(path, flags, *args):  # type: ignore[no-untyped-def]
        if str(path).endswith(".fieldwork"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(cipher.os, "open", refuse)
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    file = tmp_path / "i.fieldwork"
    code, err = cli(capsys, "new", file, "--force", "Permshire Police")
    assert code == 1 and "permission denied" in err and str(file) in err
    assert not file.exists()
