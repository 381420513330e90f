"""Every file Fieldwork writes is readable by its user alone (0600), in folders it makes 0700 (POSIX)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.main import main
from models.inspection.backups import list_backups, restore_backup
from models.inspection.database import change_passphrase
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(folder: Path, skip: tuple[str, ...] = ()) -> int:
    checked = 0
    for path in [folder, *folder.rglob("*")]:
        if path.suffix in skip:
            continue
        if path.is_dir():
            if path != folder:
                assert mode(path) == 0o700, f"{path} is {oct(mode(path))}"
        else:
            assert mode(path) & 0o077 == 0, f"{path} is {oct(mode(path))}"
            checked += 1
    return checked


def test_inspection_wal_backups_and_rekeyed_copies_are_private(tmp_path) -> None:
    old = os.umask(0o022)  # the usual umask, under which SQLite made 0644 files
    work = tmp_path / "work"
    work.mkdir()
    try:
        service = InspectionService.create(work / "i.fieldwork", PASSPHRASE, force_name="Modeshire Police",
                                           actor="lead")
        service.add_case("R1", "missing", "self-assessed", "Good")
        wal, shm = Path(str(service.path) + "-wal"), Path(str(service.path) + "-shm")
        assert wal.exists() and shm.exists()
        backup = service.back_up("manual")
        path, key = service.path, service.key_hex
        service.close()
        for file in (path, backup, Path(str(path) + ".lock")):
            assert mode(file) == 0o600, f"{file} is {oct(mode(file))}"
        assert mode(backup.parent) == 0o700
        new_key = change_passphrase(path, key, "a changed passphrase for modes").key_hex
        restore_backup(list_backups(path)[0].path, path, new_key)
        with InspectionService.open(path, actor="x", key_hex=new_key) as again:
            again.add_case("R2", "missing", "self-assessed", "Good")
            assert mode(Path(str(path) + "-wal")) == 0o600
        assert assert_private(work) >= 4
    finally:
        os.umask(old)


def test_an_older_world_readable_file_is_made_private_when_opened(inspection) -> None:
    path = inspection.path
    inspection.close()
    os.chmod(path, 0o644)
    with InspectionService.open(path, actor="x", passphrase=PASSPHRASE):
        assert mode(path) == 0o600


def test_cli_session_files_and_profile_are_private(tmp_path, monkeypatch, capsys) -> None:
    old = os.umask(0o022)
    try:
        monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
        monkeypatch.setenv("FIELDWORK_IDENTITY_PASSPHRASE", "identity passphrase for modes 7")
        work = tmp_path / "work"
        work.mkdir()
        lead = work / "lead.fieldwork"
        assert main(["identity", "new", "--name", "Lena Lead", "--role", "lead", "--card-out",
                     str(work / "lead.card"), "--identity-file", str(work / "lead.identity")]) == 0
        assert main(["new", str(lead), "--force", "Modeshire Police"]) == 0
        assert main(["backup", str(lead)]) == 0
        assert main(["tables", str(lead), "--format", "pdf", "-o", str(work / "tables.pdf")]) == 0
        assert main(["tables", str(lead), "--format", "csv", "-o", str(work / "tables.csv.txt")]) == 0
        from desktop.laptop.settings import Settings

        Settings().add_recent(lead)
        assert assert_private(work) >= 6
        home = Path(os.environ["FIELDWORK_HOME"])
        for folder in home.iterdir():
            assert mode(folder) == 0o700
    finally:
        os.umask(old)
