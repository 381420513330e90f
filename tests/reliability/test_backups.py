"""Rotating encrypted backups and restore, through the services and the CLI."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.main import main
from models.errors import InspectionFileError, WrongPassphrase
from models.inspection.backups import list_backups, needs_daily_backup, restore_backup, take_backup
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE


def test_backups_rotate_and_are_encrypted(inspection) -> None:
    inspection.add_case("SECRETCASE1", "missing", "self-assessed", "Good")
    for _ in range(4):
        take_backup(inspection.db, "daily", keep=3)
    backups = list_backups(inspection.path)
    assert len(backups) == 3
    assert backups[0].taken >= backups[-1].taken
    for backup in backups:
        assert b"SECRETCASE1" not in backup.path.read_bytes()
        with pytest.raises(WrongPassphrase):
            InspectionService.open(backup.path, actor="x", passphrase="wrong passphrase here")


def test_automatic_backups_never_rotate_out_the_ones_taken_for_a_reason(inspection) -> None:
    kept = [take_backup(inspection.db, reason) for reason in ("manual", "before-restore", "before-migration-v1")]
    for reason in ("daily", "before-merge") * 3:
        take_backup(inspection.db, reason, keep=2)
    reasons = [b.reason for b in list_backups(inspection.path)]
    assert sorted(reasons) == sorted(["before-merge", "daily", "manual", "before-restore", "before-migration-v1"])
    assert all(path.exists() for path in kept)


def test_daily_backup_is_due_after_a_day(inspection) -> None:
    assert needs_daily_backup(inspection.path)
    take_backup(inspection.db, "daily")
    newest = list_backups(inspection.path)[0].taken
    assert not needs_daily_backup(inspection.path, now=newest + timedelta(hours=23))
    assert needs_daily_backup(inspection.path, now=newest + timedelta(hours=24))


def test_restore_brings_back_the_old_state_and_keeps_the_current_one(inspection) -> None:
    path, key = inspection.path, inspection.key_hex
    inspection.add_case("R1", "missing", "self-assessed", "Good")
    backup = take_backup(inspection.db, "manual")
    inspection.add_case("R2", "missing", "self-assessed", "Good")
    with pytest.raises(InspectionFileError, match="open elsewhere"):
        restore_backup(backup, path, key)
    inspection.close()
    safety = restore_backup(backup, path, key)
    with InspectionService.open(path, actor="x", key_hex=key) as restored:
        assert [c.ref for c in restored.cases()] == ["R1"]
        assert restored.verify_audit().ok
    with InspectionService.open(safety, actor="x", key_hex=key) as kept:
        assert [c.ref for c in kept.cases()] == ["R1", "R2"]


def test_cli_backup_list_and_restore(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    file = tmp_path / "i.fieldwork"
    assert main(["new", str(file), "--force", "Testshire Police"]) == 0
    assert main(["backup", str(file)]) == 0
    written = capsys.readouterr().out.split("Backup written: ")[1].strip()
    assert main(["backup", str(file), "--list"]) == 0
    assert written in capsys.readouterr().out
    assert main(["restore", written, str(file)]) == 0
    assert "Restored" in capsys.readouterr().out
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", "a wrong passphrase entirely")
    assert main(["restore", written, str(file)]) == 1
    assert "Wrong passphrase" in capsys.readouterr().err


def _lead_and_return(tmp_path: Path) -> tuple[InspectionService, Any, str, bytes]:
    """A lead's inspection, the lead's identity, and Ann's return grading one case (its reference) 'good'."""
    from models.team.allocation import round_robin
    from models.team.exchange import export_fieldwork, export_return, open_fieldwork
    from tests.exchange.builders import HANDED_IN_AS_IS, lead_inspection, make_team
    from tests.exchange.builders import PASSPHRASE as EXCHANGE_PASSPHRASE

    team = make_team(("Ann Archer",))
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    round_robin(lead, ["Ann Archer"])
    package = export_fieldwork(lead, team.lead, "Ann Archer").data
    own = open_fieldwork(package, team.inspectors["Ann Archer"], team.lead.card, tmp_path / "ann.fieldwork",
                         EXCHANGE_PASSPHRASE)
    ref = own.cases()[0].ref
    own.set_grade(ref, "Ann Archer", "good")
    returned = export_return(own, team.inspectors["Ann Archer"], override_checks=HANDED_IN_AS_IS).data
    own.close()
    return lead, team.lead, ref, returned


def _grade_in(backup: Path, ref: str) -> str | None:
    from tests.exchange.builders import PASSPHRASE as EXCHANGE_PASSPHRASE

    with InspectionService.open(backup, actor="x", passphrase=EXCHANGE_PASSPHRASE) as before:
        return before.case(ref).grade


def test_a_merge_is_preceded_by_a_backup_of_the_state_before_it(tmp_path) -> None:
    from models.team.merge import merge_packages

    lead, lead_identity, ref, returned = _lead_and_return(tmp_path)
    assert list_backups(lead.path) == []
    merge_packages(lead, lead_identity, [("ann.age", returned)])
    assert lead.case(ref).grade == "good"
    backups = list_backups(lead.path)
    assert [b.reason for b in backups] == ["before-merge"]
    assert _grade_in(backups[0].path, ref) is None
    lead.close()


def test_the_merge_backup_copied_while_the_merge_writes_holds_the_state_before_it(tmp_path, monkeypatch) -> None:
    """The backup is written on a thread while the merge goes on: held here until the merge has written every
    field (not yet committed), it still copies the file as it was before the merge."""
    import models.inspection.backups as backups
    import models.team.merge as merge

    lead, lead_identity, ref, returned = _lead_and_return(tmp_path)
    written = threading.Event()
    copy, settle = backups.export_backup, merge.settle_cases

    def held_copy(*args: Any, **kwargs: Any) -> Path:
        assert written.wait(60), "the merge never reached its writes"
        return copy(*args, **kwargs)

    def settle_then_release(session: Any, case_ids: set[int]) -> None:
        settle(session, case_ids)
        written.set()

    monkeypatch.setattr(backups, "export_backup", held_copy)
    monkeypatch.setattr(merge, "settle_cases", settle_then_release)
    merge.merge_packages(lead, lead_identity, [("ann.age", returned)])
    assert written.is_set() and lead.case(ref).grade == "good"
    [backup] = list_backups(lead.path)
    assert backup.reason == "before-merge" and _grade_in(backup.path, ref) is None
    lead.close()


def test_a_merge_whose_backup_fails_changes_nothing_and_says_why(tmp_path, monkeypatch) -> None:
    import models.inspection.backups as backups
    from models.team.merge import merge_packages

    lead, lead_identity, ref, returned = _lead_and_return(tmp_path)

    def full_disk(*_: Any, **__: Any) -> Path:
        raise InspectionFileError("The disk is full: no backup was written.")

    monkeypatch.setattr(backups, "export_backup", full_disk)
    with pytest.raises(InspectionFileError, match="disk is full"):
        merge_packages(lead, lead_identity, [("ann.age", returned)])
    assert lead.case(ref).grade is None and list_backups(lead.path) == []
    monkeypatch.undo()
    merge_packages(lead, lead_identity, [("ann.age", returned)])  # nothing was recorded: it merges now
    assert lead.case(ref).grade == "good"
    lead.close()


def test_a_copy_given_up_stops_within_a_step_and_leaves_no_file(demo, tmp_path, monkeypatch) -> None:
    from models.inspection import cipher
    from models.inspection.database import export_backup

    monkeypatch.setattr(cipher, "COPY_STEP", 7)  # pages a step: the demo takes many
    stop = threading.Event()
    stop.set()
    folder = tmp_path / "given-up"
    with pytest.raises(cipher.CopyStopped):
        export_backup(demo.path, demo.key_hex, "before-merge", folder, stop=stop)
    assert list(folder.iterdir()) == []  # neither the copy nor its partial file
    kept = export_backup(demo.path, demo.key_hex, "manual", folder, stop=threading.Event())
    with InspectionService.open(kept, actor="x", key_hex=demo.key_hex) as copy:  # copied in steps, still whole
        copy.db.verify()
        assert copy.tally() == demo.tally()


def test_a_pending_backup_discarded_leaves_nothing_and_one_kept_stays(inspection) -> None:
    from models.inspection.backups import PendingBackup

    PendingBackup(inspection.db, "before-merge").discard()
    assert list_backups(inspection.path) == []
    kept = PendingBackup(inspection.db, "before-merge").keep()
    assert [b.path for b in list_backups(inspection.path)] == [kept]


def test_restore_into_a_missing_folder_is_refused(inspection, tmp_path) -> None:
    backup = take_backup(inspection.db, "manual")
    key = inspection.key_hex
    with pytest.raises(InspectionFileError, match="does not exist; nothing was restored"):
        restore_backup(backup, tmp_path / "nowhere" / "x.fieldwork", key)
    assert not (tmp_path / "nowhere").exists()


# -- a passphrase change re-keys the backups with the file ------------------------------------------------

NEW_PASSPHRASE = "harbour lantern quartz ninety one"


def opens_with(path, passphrase: str) -> bool:
    from models.errors import DamagedFile

    try:
        InspectionService.open(path, actor="x", passphrase=passphrase).close()
    except (WrongPassphrase, DamagedFile):
        return False
    return True


def test_after_a_passphrase_change_every_backup_opens_with_the_new_one(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    file = tmp_path / "i.fieldwork"
    assert main(["new", str(file), "--force", "Testshire Police"]) == 0
    for _ in range(3):
        assert main(["backup", str(file)]) == 0
    new = tmp_path / "new.txt"
    new.write_text(NEW_PASSPHRASE + "\n")
    capsys.readouterr()
    assert main(["change-passphrase", str(file), "--new-passphrase-file", str(new)]) == 0
    assert "and of its 3 backup(s) with it" in capsys.readouterr().out
    backups = list_backups(file)
    assert len(backups) == 3
    for backup in backups:
        assert opens_with(backup.path, NEW_PASSPHRASE)
        assert not opens_with(backup.path, PASSPHRASE)
    assert not opens_with(file, PASSPHRASE)
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", NEW_PASSPHRASE)
    assert main(["restore", str(backups[-1].path), str(file)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert opens_with(file, NEW_PASSPHRASE)
    assert not list(tmp_path.rglob("*.rekey*")) and not list(tmp_path.rglob("*.part"))


def test_a_change_that_fails_before_its_commit_changes_nothing(inspection, monkeypatch) -> None:
    from models.errors import DiskProblem
    from models.inspection import database

    path, key = inspection.path, inspection.key_hex
    for _ in range(3):
        take_backup(inspection.db, "manual")
    inspection.close()
    real_export, calls = database.export_to, []

    def export_until_the_disk_is_full(*args: object) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_export(*args)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(database, "export_to", export_until_the_disk_is_full)
        with pytest.raises(DiskProblem, match="full"):
            database.change_passphrase(path, key, NEW_PASSPHRASE)
    for member in [path, *(b.path for b in list_backups(path))]:
        assert opens_with(member, PASSPHRASE)
    assert not list(path.parent.rglob("*.rekey*"))


def test_a_change_interrupted_after_its_commit_is_finished_by_the_next_open(inspection, monkeypatch) -> None:
    import os

    from models.inspection import database

    path, key = inspection.path, inspection.key_hex
    for _ in range(3):
        take_backup(inspection.db, "manual")
    inspection.close()
    real_replace, renames = os.replace, []

    def killed_after_two_renames(source, target) -> None:
        if str(source).endswith(".rekey"):
            renames.append(source)
            if len(renames) == 3:
                raise KeyboardInterrupt  # stands for the power going off between two renames
        real_replace(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", killed_after_two_renames)
        with pytest.raises(KeyboardInterrupt):
            database.change_passphrase(path, key, NEW_PASSPHRASE)
    assert list(path.parent.glob("*.rekey-journal"))
    with InspectionService.open(path, actor="x", passphrase=NEW_PASSPHRASE):  # finishes the renames first
        pass
    for member in [path, *(b.path for b in list_backups(path))]:
        assert opens_with(member, NEW_PASSPHRASE) and not opens_with(member, PASSPHRASE)
    assert not list(path.parent.rglob("*.rekey*"))


def test_strays_of_an_interrupted_copy_are_removed_at_the_next_open(inspection) -> None:
    path = inspection.path
    backup = take_backup(inspection.db, "manual")
    inspection.close()
    strays = [path.with_name(path.name + ".rekey"), path.with_name(path.name + ".part"),
              path.with_name(path.name + ".restore"), backup.with_name(backup.name + ".part"),
              backup.with_name(backup.name + ".rekey"), backup.with_name(backup.name + ".rekey.part")]
    for stray in strays:
        stray.write_bytes(b"half a copy")
    with InspectionService.open(path, actor="x", passphrase=PASSPHRASE):
        pass
    assert not any(stray.exists() for stray in strays)
    assert opens_with(backup, PASSPHRASE)


CASES = 3000
KILLS = int(__import__("os").environ.get("FIELDWORK_REKEY_KILLS", "5"))  # more for the figures in docs
KILL_CHILD = """
import os, sys, time
from pathlib import Path
from models.inspection.database import change_passphrase
real_replace = os.replace
def slow_replace(source, target):  # widens the window between renames, so kills land there too
    if str(source).endswith(".rekey"):
        time.sleep(0.25)
    real_replace(source, target)
os.replace = slow_replace
print("go", flush=True)
change_passphrase(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
print("done", flush=True)
"""


def test_sigkill_during_a_passphrase_change_loses_nothing(inspection, tmp_path) -> None:
    """SIGKILL at moments spread over a change (file and 4 backups): after the next open, either every
    member opens with the old passphrase or every member with the new one, with all its data."""
    import random
    import shutil
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from models.inspection.database import finish_interrupted
    from models.inspection.keys import key_for

    root = Path(__file__).resolve().parents[2]
    sample = tmp_path / "sample.csv"  # enough cases that the copies, not the key derivation, take the time
    sample.write_text("case_ref,case_type,sample,force_grade\n" + "".join(
        f"CASE-{n:05d}-{'x' * 40},missing,self-assessed,Good\n" for n in range(CASES)))
    inspection.import_sample(sample)
    for _ in range(4):
        take_backup(inspection.db, "manual")
    old_key = inspection.key_hex
    inspection.close()
    template = tmp_path / "template"
    shutil.copytree(inspection.path.parent, template, ignore=shutil.ignore_patterns("*.lock", "home"))

    def change(work: Path, kill_after: float | None) -> Path:
        shutil.copytree(template, work)
        path = work / inspection.path.name
        nonlocal started
        child = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(path), old_key, NEW_PASSPHRASE],
                                 cwd=root, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "go"
        started = time.monotonic()
        if kill_after is not None:
            time.sleep(kill_after)
            child.send_signal(signal.SIGKILL)
        else:
            assert child.stdout.readline().strip() == "done"
            nonlocal duration
            duration = time.monotonic() - started
        child.wait()
        child.stdout.close()
        return path

    duration = 0.0
    started = time.monotonic()
    change(tmp_path / "whole", None)  # from "go" to "done", to spread the kills over
    outcomes = {"old": 0, "new": 0, "finished at the next open": 0}
    rng = random.Random(7)
    for round_ in range(KILLS):
        work = tmp_path / f"round{round_}"
        path = change(work, rng.uniform(0.4, 1.02) * duration)
        if finish_interrupted(path):  # what the next open (and the unlock before it) does first
            outcomes["finished at the next open"] += 1
        members = [path, *(b.path for b in list_backups(path))]
        assert len(members) == 5
        new_key = key_for(path, NEW_PASSPHRASE)
        state = "new" if opens_with_key(path, new_key) else "old"
        for member in members:
            with InspectionService.open(member, actor="x", key_hex=new_key if state == "new" else old_key) as service:
                assert len(service.cases()) == CASES
        outcomes[state] += 1
        assert not list(work.rglob("*.rekey*")) and not list(work.rglob("*.part*"))
    print(f"SIGKILL during a passphrase change ({duration:.1f} s): {outcomes}")


def opens_with_key(path, key: str) -> bool:
    try:
        InspectionService.open(path, actor="x", key_hex=key).close()
    except WrongPassphrase:
        return False
    return True


def test_a_re_key_record_naming_files_elsewhere_is_refused(inspection, tmp_path) -> None:
    path = inspection.path
    inspection.close()
    outside = tmp_path.parent / "elsewhere.txt"
    record = path.with_name(path.name + ".rekey-journal")
    record.write_text('{"files": ["../elsewhere.txt"]}')
    with pytest.raises(InspectionFileError, match="was interrupted"):
        InspectionService.open(path, actor="x", passphrase=PASSPHRASE)
    assert not outside.exists() and record.exists()
    record.unlink()
    assert opens_with(path, PASSPHRASE)


def test_a_backup_of_a_file_that_stays_busy_gives_up_and_leaves_nothing(tmp_path, monkeypatch) -> None:
    """SQLite's backup is retried by the driver while the source is busy; the copy gives up after the busy
    timeout, as the connections do, with a message, and no part of it stays on the disk."""
    from models.errors import InspectionFileError
    from models.inspection import cipher

    class BusySource:  # a source another program holds: every step is refused, pages still to copy
        steps = 0

        def backup(self, target: object, *, pages: int, progress) -> None:  # type: ignore[no-untyped-def]
            while True:
                self.steps += 1
                progress(5, 10, 10)  # SQLITE_BUSY, 10 of 10 pages remaining

    monkeypatch.setattr(cipher, "BUSY_SECONDS", 0)
    folder = tmp_path / "backups"
    folder.mkdir()
    source, target = tmp_path / "held.fieldwork", folder / "backup.fieldwork"
    busy = BusySource()
    with pytest.raises(InspectionFileError, match="stayed busy"):
        cipher.copy_to(busy, target, "ab" * 32, bytes(16), source)  # type: ignore[arg-type]
    assert busy.steps >= 1
    assert sorted(folder.iterdir()) == []  # neither the copy nor a .part (or its WAL files) is left
