"""Finishing an inspection: purge removes every file Fieldwork keeps of it on the laptop (the file, its WAL and
shared memory, its backups, its packages, its keyring entry, its place in the recent files), and after it nothing
in the profile names the inspection or a case; a retention date is recalled once passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.laptop.settings import Settings
from desktop.main import main
from models.team.allocation import allocate
from models.team.exchange import export_fieldwork, export_return, open_fieldwork
from models.team.merge import merge_packages
from tests.conftest import MemoryKeyring
from tests.exchange.builders import PASSPHRASE, lead_inspection, make_team

ANN = "Ann Archer"
CASE = "DEMO-0001"


def mentions(folder: Path, needles: list[str]) -> list[str]:
    """Files under folder whose name or bytes (UTF-8 or UTF-16) hold any needle."""
    found = []
    for path in folder.rglob("*"):
        data = path.read_bytes() if path.is_file() else b""
        for needle in needles:
            if needle in path.name or any(needle.encode(e) in data for e in ("utf-8", "utf-16-le")):
                found.append(f"{path}: {needle}")
    return found


def test_purge_leaves_nothing_of_the_inspection_in_the_profile(isolated_home: Path, memory_keyring: MemoryKeyring,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    data = isolated_home / "data"
    data.mkdir()
    team = make_team((ANN,))
    lead_file, ann_file, package = data / "lead.fieldwork", data / "ann.fieldwork", data / "ann.pkg"
    with lead_inspection(lead_file, team) as lead:
        inspection_id = lead.info().id
        allocate(lead, {CASE: [ANN]})
        package.write_bytes(export_fieldwork(lead, team.lead, ANN).data)
        with open_fieldwork(package.read_bytes(), team.inspectors[ANN], team.lead.card, ann_file, PASSPHRASE) as own:
            own.set_grade(CASE, ANN, "good")
            own.set_note(CASE, ANN, "overall", f"Notes on {CASE}.")
            returned = export_return(own, team.inspectors[ANN]).data
        merge_packages(lead, team.lead, [("ann.ret", returned)])  # archived inside the file, backed up before
        lead.back_up("manual")
    settings = Settings()
    for path in (lead_file, ann_file):
        settings.add_recent(path)
        assert main(["verify-audit", str(path)]) == 0  # opened as a user would: its key is now in the keyring
    assert len([k for _, k in memory_keyring.secrets if k.startswith("inspection-key:")]) == 2
    assert (data / "lead-backups").is_dir()
    capsys.readouterr()

    assert main(["purge", str(lead_file)]) == 1  # no terminal, no --yes: nothing happens
    assert "confirm with --yes" in capsys.readouterr().err and lead_file.exists()
    assert main(["purge", str(lead_file), "--package", str(package), "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"Removed {lead_file}\n" in out and f"Removed {data / 'lead-backups'}\n" in out
    assert f"Removed {package}\n" in out and "Removed its key from the OS keyring." in out
    assert main(["purge", str(ann_file), "--yes"]) == 0
    assert "Removed it from the recent files." in capsys.readouterr().out

    assert sorted(p.name for p in data.iterdir()) == []
    assert not [k for _, k in memory_keyring.secrets if k.startswith("inspection-key:")]
    assert Settings().recent_files() == []
    assert mentions(isolated_home, [inspection_id, CASE, "lead.fieldwork", "ann.fieldwork"]) == []


def test_purge_refuses_what_is_not_a_package_and_an_open_file(inspection, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes", encoding="utf-8")
    assert main(["purge", str(inspection.path), "--package", str(notes), "--yes"]) == 1
    assert "is not a Fieldwork package; nothing was removed" in capsys.readouterr().err
    assert main(["purge", str(inspection.path), "--yes"]) == 1  # the fixture holds it open
    assert "is open elsewhere" in capsys.readouterr().err
    assert inspection.path.exists() and notes.exists()


def test_a_passed_retention_date_is_recalled_on_open(inspection, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    path = inspection.path
    inspection.close()
    assert main(["retention", str(path), "2099-12-31"]) == 0
    assert capsys.readouterr().out == "Keep until 2099-12-31; then finish it with `fieldwork purge`.\n"
    assert main(["tables", str(path)]) == 0
    assert "was to be kept" not in capsys.readouterr().err
    assert main(["retention", str(path), "2020-01-31"]) == 0
    assert main(["tables", str(path)]) == 0
    err = capsys.readouterr().err
    assert err == (f"fieldwork: {path.name} was to be kept until 2020-01-31; that day has passed. Finish it with "
                   f"`fieldwork purge {path}` once the report and audit are done with.\n")
