"""The allocation dialog writes one fieldwork package per inspector, named safely whatever the card says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.controllers.exchange import ExchangeController
from tests.exchange.builders import lead_inspection, make_team
from widgets.allocation_dialog import AllocationDialog, package_file_name

HOSTILE = "../../evil/Ann"  # a name as an identity card may carry it


@pytest.fixture
def lead_and_service(tmp_path: Path):  # type: ignore[no-untyped-def]
    team = make_team((HOSTILE, "Ben Bishop"))
    service = lead_inspection(tmp_path / "lead.fieldwork", team)
    yield team.lead, service
    service.close()


def test_package_names_keep_to_plain_characters() -> None:
    assert package_file_name("Ann Archer") == "fieldwork-Ann-Archer.pkg"
    assert package_file_name(HOSTILE) == "fieldwork-_.._evil_Ann.pkg"
    assert package_file_name("..") == "fieldwork-inspector.pkg"
    assert package_file_name("C:\\temp\\Zoë") == "fieldwork-C__temp_Zoë.pkg"
    for name in (HOSTILE, "..", "a/../../b", "\\\\server\\share", "x\x00y"):
        file_name = package_file_name(name)
        assert "/" not in file_name and "\\" not in file_name and "\x00" not in file_name
        assert Path(file_name).name == file_name and not file_name.startswith(".")


def test_exporting_for_a_hostile_name_writes_only_inside_the_chosen_folder(qtbot, lead_and_service, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                          monkeypatch) -> None:
    lead, service = lead_and_service
    usb = tmp_path / "usb" / "packages"
    usb.mkdir(parents=True)
    dialog = AllocationDialog(ExchangeController(service, lead))
    qtbot.addWidget(dialog)
    dialog.show()
    for row in range(dialog.inspectors.count()):
        item = dialog.inspectors.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.text() in (HOSTILE, "Ben Bishop")
                           else Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.allocate, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Allocated 89 case(s) to 2 inspector(s)")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(usb))
    qtbot.mouseClick(dialog.export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)  # written in the background
    assert dialog.status.text() == f"Wrote 2 fieldwork package(s) to {usb}."
    assert sorted(p.name for p in usb.iterdir()) == ["fieldwork-Ben-Bishop.pkg", "fieldwork-_.._evil_Ann.pkg"]
    everything = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert not any("evil" in p and not p.startswith("usb/packages/") for p in everything)
    assert not (tmp_path / "evil").exists() and not (usb.parent.parent / "evil").exists()


def test_exporting_without_the_lead_identity_says_how_to_create_it(qtbot, lead_and_service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _lead, service = lead_and_service
    dialog = AllocationDialog(ExchangeController(service, None))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.export_to(tmp_path) == []
    assert "Team ▸ My identity card… creates it" in dialog.status.text()  # a menu entry that exists
    assert not list(tmp_path.glob("*.pkg"))


def test_closing_the_dialog_while_the_packages_are_written_cancels_them(qtbot, lead_and_service, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                         monkeypatch) -> None:
    """The dialog runs its job as every job dialog does (JobDialog): progress shown, buttons held, and closing
    it mid-way cancels the job and closes once it has stopped; a package not yet written is never written."""
    import threading

    import models.team.exchange

    lead, service = lead_and_service
    writing, release = threading.Event(), threading.Event()
    original = models.team.exchange.export_fieldwork
    calls: list[str] = []

    def slow(service, lead, name, deliver=None):  # type: ignore[no-untyped-def]
        calls.append(name)
        writing.set()
        release.wait(20)  # the first package is being written
        return original(service, lead, name, deliver)

    monkeypatch.setattr(models.team.exchange, "export_fieldwork", slow)
    dialog = AllocationDialog(ExchangeController(service, lead))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.allocate, Qt.MouseButton.LeftButton)
    out = tmp_path / "usb"
    out.mkdir()
    planned = dialog.export_to(out)
    assert len(planned) == 2 and dialog.running
    assert dialog.progress.isVisible() and not dialog.export.isEnabled() and not dialog.allocate.isEnabled()
    assert writing.wait(20)
    dialog.close()  # as the title bar's close does: the job is cancelled first
    assert dialog.isVisible() and dialog.status.text().startswith("Cancelling")
    release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)  # closed once the job has stopped
    assert not dialog.running
    assert dialog.status.text() == "Cancelled; the packages not yet written were not written."
    assert [p.name for p in out.iterdir()] == [planned[0].name]  # the one being written finished whole
    assert len(calls) == 1  # the second never begun
