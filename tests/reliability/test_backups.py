"""Rotating encrypted backups and restore, through the services and the CLI."""

from __future__ import annotations

from datetime import timedelta

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


def test_a_merge_is_preceded_by_a_backup_of_the_state_before_it(tmp_path) -> None:
    from models.team.allocation import round_robin
    from models.team.exchange import export_fieldwork, export_return, open_fieldwork
    from models.team.merge import merge_packages
    from tests.exchange.builders import PASSPHRASE as EXCHANGE_PASSPHRASE
    from tests.exchange.builders import lead_inspection, make_team

    team = make_team(("Ann Archer",))
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    round_robin(lead, ["Ann Archer"])
    package = export_fieldwork(lead, team.lead, "Ann Archer").data
    own = open_fieldwork(package, team.inspectors["Ann Archer"], team.lead.card, tmp_path / "ann.fieldwork",
                         EXCHANGE_PASSPHRASE)
    ref = own.cases()[0].ref
    own.set_grade(ref, "Ann Archer", "good")
    returned = export_return(own, team.inspectors["Ann Archer"]).data
    own.close()
    assert list_backups(lead.path) == []
    merge_packages(lead, team.lead, [("ann.age", returned)])
    assert lead.case(ref).grade == "good"
    backups = list_backups(lead.path)
    assert [b.reason for b in backups] == ["before-merge"]
    with InspectionService.open(backups[0].path, actor="x", passphrase=EXCHANGE_PASSPHRASE) as before:
        assert before.case(ref).grade is None
    lead.close()


def test_restore_into_a_missing_folder_is_refused(inspection, tmp_path) -> None:
    backup = take_backup(inspection.db, "manual")
    key = inspection.key_hex
    with pytest.raises(InspectionFileError, match="does not exist; nothing was restored"):
        restore_backup(backup, tmp_path / "nowhere" / "x.fieldwork", key)
    assert not (tmp_path / "nowhere").exists()
