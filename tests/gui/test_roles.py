"""Roles on the desktop: the lead's commands greyed out on an inspector's copy, each saying why, and the
inspector's return package greyed out on the lead's file; success reads as information, problems as errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.controllers.exchange import ExchangeController
from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.services import InspectionService
from models.team.identity import Identity
from tests.conftest import PASSPHRASE
from tests.exchange.builders import DEMO_DIR
from widgets.main_window import MainWindow
from widgets.team_members_dialog import TeamMembersDialog

INSPECTOR_PASSPHRASE = "lantern quarry biscuit orbit 61"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def files(tmp_path: Path) -> tuple[Path, Path]:
    """The lead's inspection and Ann's copy of it, made from the fieldwork package."""
    from models.team.allocation import allocate, register_member
    from models.team.exchange import export_fieldwork, open_fieldwork

    lead, ann = Identity.generate("Lena Lead", "lead"), Identity.generate("Ann Archer")
    lead_file = tmp_path / "lead.fieldwork"
    with InspectionService.create(lead_file, PASSPHRASE, force_name="Testshire Police", actor="Lena Lead") as service:
        service.import_sample(DEMO_DIR / "sample.csv")
        for member in (lead, ann):
            register_member(service, member.card, member.card.fingerprint)
        allocate(service, {"DEMO-0001": ["Ann Archer"]})
        package = export_fieldwork(service, lead, "Ann Archer").data
    own = open_fieldwork(package, ann, lead.card, tmp_path / "ann.fieldwork", INSPECTOR_PASSPHRASE)
    own.close()
    return lead_file, tmp_path / "ann.fieldwork"


def window_on(qtbot, path: Path, user: str, passphrase: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(SessionController(user, prompt=lambda *_: passphrase, store=KeyStore()), Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.open_path(path)
    return window


def test_lead_commands_are_greyed_out_on_an_inspectors_copy_and_say_why(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead_file, ann_file = files(tmp_path)
    window = window_on(qtbot, ann_file, "Ann Archer", INSPECTOR_PASSPHRASE)
    titles = {action.text().replace("&", "") for action in window.lead_actions}
    assert {"Import sample…", "Team members…", "Allocate and export fieldwork…", "Merge return packages…",
            "Moderation…", "Conflicts between copies…"} <= titles
    for action in window.lead_actions:
        assert not action.isEnabled()
        assert action.toolTip().startswith("Only the lead can do this: this is Ann Archer's copy")
    assert window.return_action.isEnabled()
    team = window.return_action.associatedObjects()[0]
    assert team.toolTipsVisible()  # the reason shows on the greyed-out command
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)  # the allocation shortcut does nothing either
    assert QApplication.activeModalWidget() is None
    window.close_inspection()

    lead = window_on(qtbot, lead_file, "Lena Lead", PASSPHRASE)
    assert all(action.isEnabled() for action in lead.lead_actions)
    assert not lead.lead_actions[0].toolTip().startswith("Only")
    assert not lead.return_action.isEnabled()
    assert "Merge return packages" in lead.return_action.toolTip()
    lead.close_inspection()


def test_success_is_information_and_a_problem_an_error(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    lead = Identity.generate("Lena Lead", "lead")
    exchange = ExchangeController(window.controller.service, lead)
    dialog = TeamMembersDialog(exchange, window)
    qtbot.addWidget(dialog)
    dialog.add_own_card()
    assert dialog.status.text().startswith("Registered your own card")
    assert "font-weight: bold" not in dialog.status.styleSheet()
    assert dialog.status.accessibleDescription() == "Information"
    dialog.register()  # no card chosen: a problem
    assert dialog.status.text() == "Choose a readable identity card first."
    assert "font-weight: bold" in dialog.status.styleSheet()
    assert dialog.status.accessibleDescription() == "Problem"
