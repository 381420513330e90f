"""The whole team round trip in the desktop app, as the lead and an inspector do it on two laptops.

Lead: identity card, team members (own card, an inspector's card checked against the fingerprint read
aloud), allocation, fieldwork package. Inspector: open the package with the lead's card, grade with the
keyboard, export the return package. Lead: merge it. One test process plays both laptops by swapping
the identity in the (in-memory) keyring.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.controllers.session import SessionController
from desktop.laptop.identity_store import keyring_forget, keyring_get, keyring_put
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.services import InspectionService
from models.team.identity import Identity, IdentityCard
from tests.conftest import PASSPHRASE
from tests.exchange.builders import DEMO_DIR
from widgets.allocation_dialog import AllocationDialog
from widgets.main_window import MainWindow
from widgets.merge_dialog import MergeDialog
from widgets.open_package_dialog import OpenPackageDialog
from widgets.team_members_dialog import IdentityDialog, TeamMembersDialog

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
INSPECTOR_PASSPHRASE = "lantern quarry biscuit orbit 61"


def on_laptop(identity: Identity) -> None:
    keyring_forget()
    keyring_put(identity.secret())


def main_window(qtbot, user: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(SessionController(user, prompt=lambda *_: PASSPHRASE, store=KeyStore()), Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def when_modal(kind: type, handle) -> list:  # type: ignore[no-untyped-def]
    """Call handle(dialog) once a modal dialog of this kind is up; its exec() blocks the test meanwhile."""
    seen: list = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not (isinstance(dialog, kind) and dialog.isVisible()):
            QTimer.singleShot(20, poll)
            return
        try:
            seen.append(handle(dialog))
        finally:  # a failed check inside the handler must not leave exec() waiting for ever
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, poll)
    return seen


def test_lead_and_inspector_round_trip_in_the_app(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead, ann = Identity.generate("Lena Lead", "lead"), Identity.generate("Ann Archer")
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "ann.card").write_bytes(ann.card.to_bytes())
    lead_file = tmp_path / "lead.fieldwork"
    with InspectionService.create(lead_file, PASSPHRASE, force_name="Gloucestershire Constabulary",
                                  actor="Lena Lead", force_term="constabulary") as service:
        service.import_sample(DEMO_DIR / "sample.csv")

    # -- the lead's laptop: own card out, the team registered, cases allocated and packaged -------------
    on_laptop(lead)
    window = main_window(qtbot, "Lena Lead")
    assert window.open_path(lead_file)
    when_modal(IdentityDialog, lambda d: None)
    mine = window.identity_dialog()
    assert isinstance(mine, IdentityDialog) and mine.identity is not None
    mine.save_card(stick / "lead.card")
    assert IdentityCard.read(stick / "lead.card").fingerprint == lead.card.fingerprint

    members = TeamMembersDialog(window.controller.exchange(), window, confirm=lambda *_: True)
    qtbot.addWidget(members)
    qtbot.mouseClick(members.own_button, Qt.MouseButton.LeftButton)
    assert not members.own_button.isEnabled()  # the lead's card is on the team now
    members.card_path.setText(str(stick / "ann.card"))
    members.card_path.editingFinished.emit()
    assert "Ann Archer" in members.card_info.text() and ann.card.fingerprint not in members.card_info.text()
    qtbot.keyClicks(members.fingerprint, "AAAA-BBBB")  # misheard: refused, nobody added
    qtbot.mouseClick(members.register_button, Qt.MouseButton.LeftButton)
    assert "does not match" in members.status.text() and members.members.topLevelItemCount() == 1
    members.card_path.setText(str(stick / "ann.card"))
    members.fingerprint.setText(ann.card.fingerprint.lower().replace("-", " "))  # as people read it out
    qtbot.mouseClick(members.register_button, Qt.MouseButton.LeftButton)
    assert members.status.text() == "Registered Ann Archer (inspector)."
    assert sorted(members.members.topLevelItem(i).text(0) for i in range(2)) == ["Ann Archer", "Lena Lead"]

    allocation = AllocationDialog(window.controller.exchange(), window)
    qtbot.addWidget(allocation)
    assert allocation.chosen() == ["Ann Archer"]
    allocation.share.setValue(0)
    qtbot.mouseClick(allocation.allocate, Qt.MouseButton.LeftButton)
    (package,) = allocation.export_to(stick)
    qtbot.waitUntil(lambda: not allocation.running, timeout=20000)  # written in the background
    window.close_inspection()

    # -- Ann's laptop: the package opened with the lead's card, three cases graded, the return exported ---
    on_laptop(ann)
    inspector = main_window(qtbot, "ann-login")  # the settings' name differs: grades still count as Ann's
    own_file = tmp_path / "ann.fieldwork"
    problems: list[str] = []

    def fill(dialog: OpenPackageDialog) -> None:
        assert dialog.package.text() == str(package)
        dialog.card_path.setText(str(stick / "lead.card"))
        dialog.fingerprint.setText(ann.card.fingerprint)  # the wrong card's fingerprint: refused
        dialog.new_file.path.setText(str(own_file))
        dialog.new_file.passphrase.setText(INSPECTOR_PASSPHRASE)
        dialog.new_file.repeat.setText(INSPECTOR_PASSPHRASE)
        dialog._accept()
        problems.append(dialog.problem.text())
        assert not own_file.exists() and dialog.isVisible()
        dialog.fingerprint.setText(lead.card.fingerprint)
        dialog._accept()
        problems.append(dialog.problem.text())

    when_modal(OpenPackageDialog, fill)
    assert inspector.open_fieldwork_package(package)
    assert "do not trust this card" in problems[0] and problems[1] == ""
    assert inspector.controller is not None and inspector.cases.model.rowCount() == 89
    inspector.activateWindow()
    qtbot.waitUntil(inspector.isActiveWindow)
    inspector.cases.select_row(0)
    graded = {}
    for key, grade in ((Qt.Key.Key_1, "good"), (Qt.Key.Key_2, "requires-improvement"),
                       (Qt.Key.Key_3, "inadequate")):
        ref = inspector.cases.panel.ref
        qtbot.keyClick(QApplication.focusWidget(), key, CTRL)
        graded[ref] = grade
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, ALT)
    # An inadequate grade needs its evidence before the work is handed in (the framework's checks).
    inadequate = next(ref for ref, grade in graded.items() if grade == "inadequate")
    inspector.controller.service.set_note(inadequate, "Ann Archer", "overall", "Strategy meeting missing.")
    # The checklist before hand-in: nothing blocks; the cases not yet graded are warnings, seen and accepted.
    from widgets.hand_in import HandInDialog

    checklist = when_modal(HandInDialog, lambda d: (d.go_button.isEnabled(), d.model.rowCount(), d.accept()))
    returned = stick / "return-ann.pkg"
    inspector.export_return_package(returned)  # the checks run in the background, then the checklist shows
    qtbot.waitUntil(lambda: checklist == [(True, 86, None)], timeout=20000)
    qtbot.waitUntil(returned.exists, timeout=20000)  # written in the background
    qtbot.waitUntil(lambda: not inspector.jobs.running, timeout=20000)
    assert "revision 1, 4 changed field(s)" in inspector.statusBar().currentMessage()
    inspector.close_inspection()

    # -- the lead's laptop again: the return merged, Ann's grades in the lead's file ---------------------
    on_laptop(lead)
    assert keyring_get() == lead.secret()
    assert window.open_path(lead_file)
    merge = MergeDialog(window.controller.exchange(), window)
    qtbot.addWidget(merge)
    merge.add_paths([returned])
    qtbot.mouseClick(merge.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not merge.running, timeout=30000)  # the merge runs in the background
    assert merge.problem.text() == "" and "from Ann Archer, revision 1" in merge.summary.toPlainText()
    for ref, grade in graded.items():
        assessments = window.controller.detail(ref).assessments
        assert [(a.inspector, a.grade) for a in assessments] == [("Ann Archer", grade)]
    window.close_inspection()


def test_identity_created_in_the_dialog_when_the_laptop_has_none(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = main_window(qtbot, "sam")
    assert keyring_get() is None

    def create(dialog: IdentityDialog) -> str:
        dialog.name_edit.clear()
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # no name yet: refused
        assert "Enter your name" in dialog.status.text() and keyring_get() is None
        dialog.name_edit.setText("Sam  Inspector ")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        dialog.save_card(tmp_path / "missing-folder" / "sam.card")  # a clear message, nothing written
        problem = dialog.status.text()
        dialog.save_card(tmp_path / "sam.card")
        return problem

    seen = when_modal(IdentityDialog, create)
    dialog = window.identity_dialog()
    assert "does not exist" in seen[0]
    assert isinstance(dialog, IdentityDialog) and dialog.identity is not None
    stored = Identity.from_secret(keyring_get() or "", origin="test")
    assert (stored.name, stored.role) == ("Sam Inspector", "inspector")
    assert IdentityCard.read(tmp_path / "sam.card").fingerprint == stored.card.fingerprint
    assert Settings().user_name == "Sam Inspector"


def test_revoking_a_card_asks_first_and_marks_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.controllers.exchange import ExchangeController

    lead, ben = Identity.generate("Lena Lead", "lead"), Identity.generate("Ben Brook")
    answers = [False, True]
    with InspectionService.create(tmp_path / "lead.fieldwork", PASSPHRASE, force_name="Testshire Police",
                                  actor="Lena Lead") as service:
        dialog = TeamMembersDialog(ExchangeController(service, lead), confirm=lambda *_: answers.pop(0))
        qtbot.addWidget(dialog)
        assert dialog.own_button.isEnabled() and not dialog.revoke_button.isEnabled()
        card = tmp_path / "ben.card"
        card.write_bytes(ben.card.to_bytes())
        dialog.card_path.setText(str(card))
        dialog.fingerprint.setText(ben.card.fingerprint)
        dialog.register()
        dialog.members.setCurrentItem(dialog.members.topLevelItem(0))
        assert dialog.revoke_button.isEnabled()
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)  # "No": nothing changes
        assert dialog.members.topLevelItem(0).text(3) == "active"
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        assert dialog.members.topLevelItem(0).text(3) == "revoked" and dialog.status.text() == "Revoked Ben Brook's card."
        from models.team.allocation import team

        assert [(m.name, m.revoked) for m in team(service)] == [("Ben Brook", True)]


def test_enter_registers_the_typed_card_and_names_are_never_markup(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.controllers.exchange import ExchangeController

    lead = Identity.generate("Lena Lead", "lead")
    forged = Identity.generate("Ben <i>Brook</i><br><font size=7>VERIFIED</font>")
    card = tmp_path / "ben.card"
    card.write_bytes(forged.card.to_bytes())
    with InspectionService.create(tmp_path / "lead.fieldwork", PASSPHRASE, force_name="Testshire Police",
                                  actor="Lena Lead") as service:
        dialog = TeamMembersDialog(ExchangeController(service, lead))
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.card_path.setText(str(card))
        dialog.card_path.editingFinished.emit()
        assert "&lt;i&gt;Brook" in dialog.card_info.text()  # shown as typed, not as italics and a banner
        qtbot.keyClicks(dialog.fingerprint, "0000-1111")
        qtbot.keyClick(dialog.fingerprint, Qt.Key.Key_Return)  # a wrong fingerprint: refused
        assert "does not match" in dialog.status.text()
        assert forged.card.fingerprint not in dialog.status.text()  # never shown for copying
        assert dialog.status.textFormat() == Qt.TextFormat.PlainText
        dialog.fingerprint.setText(forged.card.fingerprint)
        qtbot.keyClick(dialog.fingerprint, Qt.Key.Key_Return)  # Enter: this card, not "Add my own card"
        from models.team.allocation import team

        assert [m.name for m in team(service)] == [forged.card.name]


def test_an_existing_identity_is_never_replaced(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.laptop.first_run import laptop_identity, laptop_identity_creator
    from models.errors import FieldworkError

    keyring_put("not an identity")  # a damaged entry: unreadable, but there
    with pytest.raises(FieldworkError, match="keyring"):
        laptop_identity()  # an error, never "none"
    with pytest.raises(FieldworkError, match="never replaced"):
        laptop_identity_creator(Settings())("Sam Inspector", "inspector")
    assert keyring_get() == "not an identity"


def test_return_package_from_a_lead_file_is_explained_and_a_failed_write_undoes_the_export(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path) -> None:
    from models.team.allocation import allocate, register_member
    from models.team.exchange import export_fieldwork, export_return, open_fieldwork

    lead, ann = Identity.generate("Lena Lead", "lead"), Identity.generate("Ann Archer")
    lead_file = tmp_path / "lead.fieldwork"
    with InspectionService.create(lead_file, PASSPHRASE, force_name="Testshire Police", actor="Lena Lead") as service:
        service.import_sample(DEMO_DIR / "sample.csv")
        for member in (lead, ann):
            register_member(service, member.card, member.card.fingerprint)
        allocate(service, {"DEMO-0001": ["Ann Archer"]})
        package = export_fieldwork(service, lead, "Ann Archer").data
    on_laptop(lead)
    window = main_window(qtbot, "Lena Lead")
    assert window.open_path(lead_file)
    window.export_return_package(tmp_path / "never.pkg")
    assert not window.jobs.running  # refused at once, no checks run
    assert "not an inspector's copy" in window.errors.last.text() and not (tmp_path / "never.pkg").exists()
    window.close_inspection()

    own = open_fieldwork(package, ann, lead.card, tmp_path / "ann.fieldwork", INSPECTOR_PASSPHRASE)
    own.set_grade("DEMO-0001", "Ann Archer", "good")

    def exports_recorded() -> int:
        from sqlalchemy import func, select

        from models.inspection.tables import AuditEvent

        with own.read() as session:
            return session.execute(select(func.count()).where(AuditEvent.action == "export-return")).scalar_one()

    def fail(data: bytes) -> None:
        raise OSError("the USB stick was pulled out")

    with contextlib.suppress(OSError):
        export_return(own, ann, fail, accept_warnings=True)
    # the failed write left no trace: the next package is still revision 1, and no export event was kept
    assert exports_recorded() == 0
    assert export_return(own, ann, accept_warnings=True).revision == 1 and exports_recorded() == 1
    own.close()



def test_a_locked_keyring_never_counts_as_no_identity(qtbot, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from keyring.errors import KeyringLocked

    from desktop.laptop.first_run import laptop_identity, laptop_identity_creator
    from models.errors import FieldworkError

    old = Identity.generate("Ann Archer")
    keyring_put(old.secret())

    def locked(service: str, username: str) -> str:
        raise KeyringLocked("dismissed")

    memory_keyring.get_password = locked  # the user dismissed the unlock prompt
    for attempt in (laptop_identity, lambda: laptop_identity_creator(Settings())("Ann Again", "inspector")):
        with pytest.raises(FieldworkError, match="could not be read"):
            attempt()
    del memory_keyring.get_password  # unlocked again
    assert keyring_get() == old.secret()  # the identity is still the old one


def test_a_refused_package_leaves_the_open_inspection_open(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead, ann = Identity.generate("Lena Lead", "lead"), Identity.generate("Ann Archer")
    on_laptop(ann)
    card = tmp_path / "lead.card"
    card.write_bytes(lead.card.to_bytes())
    junk = tmp_path / "fieldwork-Ann.pkg"
    junk.write_bytes(b"not a package at all")
    shown = window.controller.path
    problems: list[str] = []

    def fill(dialog: OpenPackageDialog) -> None:
        dialog.card_path.setText(str(card))
        dialog.new_file.path.setText(str(tmp_path / "ann.fieldwork"))
        for edit in (dialog.new_file.passphrase, dialog.new_file.repeat):
            edit.setText(INSPECTOR_PASSPHRASE)
        dialog.fingerprint.setText("0000")  # misheard
        dialog._accept()
        problems.append(dialog.problem.text())
        dialog.fingerprint.setText(lead.card.fingerprint)  # right card, but the package is junk
        dialog._accept()
        problems.append(dialog.problem.text())

    when_modal(OpenPackageDialog, fill)
    assert not window.open_fieldwork_package(junk)
    assert "does not match" in problems[0] and "Nothing was created" in problems[1]
    assert window.controller is not None and window.controller.path == shown  # still open
    assert not (tmp_path / "ann.fieldwork").exists()


def test_a_card_whose_fields_carry_markup_is_shown_as_text(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    card = json.loads(Identity.generate("Ben Brook").card.to_bytes())
    card["role"] = "<font size=7>VERIFIED</font>"
    path = tmp_path / "ben.card"
    path.write_text(json.dumps(card), encoding="utf-8")
    dialog = OpenPackageDialog(lambda chosen: None)
    qtbot.addWidget(dialog)
    dialog.card_path.setText(str(path))
    dialog.card_path.editingFinished.emit()
    assert dialog.lead_card is None and "<font" not in dialog.card_info.text()
    assert "&lt;font size=7&gt;" in dialog.card_info.text()
