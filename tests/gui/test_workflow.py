"""Driving the app as an inspector would: keyboard grading, notes, referral, response, report, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from tests.gui.conftest import USER
from widgets.case_model import COL_GRADE, COL_REFERRAL
from widgets.referrals import ForceResponseDialog, ReferralDialog

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def reopen(window) -> InspectionService:  # type: ignore[no-untyped-def]
    """Close the window's inspection and read the file afresh, as a second program would."""
    path = window.controller.path
    window.close_inspection()
    return InspectionService.open(path, actor="check", passphrase=DEMO_PASSPHRASE)


def when_modal(qtbot, handle) -> None:  # type: ignore[no-untyped-def]
    """Run handle(dialog) once the modal dialog a shortcut opens is showing (its exec() blocks the test)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            handle(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_filter_by_typing_a_reference(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert cases.search.hasFocus()
    qtbot.keyClicks(cases.search, "demo-008")
    assert cases.proxy.rowCount() == 10  # DEMO-0080 .. DEMO-0089
    assert cases.count.text() == "10 of 89 cases shown"
    assert cases.panel.ref is not None and cases.panel.ref.startswith("DEMO-008")
    cases.status.setCurrentIndex(cases.status.findData("referred"))
    assert cases.proxy.rowCount() == 2  # DEMO-0080 and DEMO-0083 were referred back
    assert all(cases.proxy.index(i, COL_REFERRAL).data() == "Referred" for i in range(cases.proxy.rowCount()))


def test_grade_three_cases_with_the_keyboard_only(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert cases.table.hasFocus()
    cases.select_row(0)
    graded = {}
    for key, grade in ((Qt.Key.Key_1, "good"), (Qt.Key.Key_2, "requires-improvement"), (Qt.Key.Key_3, "inadequate")):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, ALT)  # next case
        ref = cases.panel.ref
        qtbot.keyClick(QApplication.focusWidget(), key, CTRL)
        graded[ref] = grade
        assert cases.panel.grade_buttons[int(key) - int(Qt.Key.Key_1)].isChecked()
    assert list(graded) == ["DEMO-0002", "DEMO-0003", "DEMO-0004"]
    service = reopen(window)
    try:
        for ref, grade in graded.items():
            mine = next(a for a in service.case_detail(ref).assessments if a.inspector == USER)
            assert mine.grade == grade
    finally:
        service.close()


def test_notes_are_saved_after_typing_stops_and_before_switching(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases, panel = window.cases, window.cases.panel
    cases.select_row(0)
    qtbot.keyClick(window, Qt.Key.Key_3, ALT)  # jump to the third notes area
    investigation = list(panel.notes.values())[2]
    assert investigation.hasFocus()
    with qtbot.waitSignal(panel.saved, timeout=3000):
        qtbot.keyClicks(investigation, "Strategy discussion held late")
    assert panel.save_state.text().startswith("Saved")
    qtbot.keyClick(window, Qt.Key.Key_1, ALT)
    qtbot.keyClicks(QApplication.focusWidget(), "Details taken at first call")
    assert panel.has_unsaved and panel.save_state.text() == "Editing…"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, ALT)  # switching case saves at once
    assert not panel.has_unsaved and panel.ref == "DEMO-0002"
    service = reopen(window)
    try:
        mine = next(a for a in service.case_detail("DEMO-0001").assessments if a.inspector == USER)
        assert mine.notes == {"investigation": "Strategy discussion held late",
                              "initial-contact": "Details taken at first call"}
    finally:
        service.close()


def test_closing_the_window_saves_the_last_keystrokes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    path = window.controller.path
    window.cases.select_row(4)
    qtbot.keyClick(window, Qt.Key.Key_2, ALT)
    qtbot.keyClicks(QApplication.focusWidget(), "Typed just before closing")
    assert window.cases.panel.has_unsaved
    window.close()
    with InspectionService.open(path, actor="check", passphrase=DEMO_PASSPHRASE) as service:
        mine = next(a for a in service.case_detail("DEMO-0005").assessments if a.inspector == USER)
        assert mine.notes == {"assessment-and-help": "Typed just before closing"}


def test_refer_back_record_the_response(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    ref = next(r.ref for r in cases.model.rows() if not r.referred)
    cases.select_row(cases.proxy.mapFromSource(cases.model.index(cases.model.row_of(ref), 0)).row())
    assert cases.panel.ref == ref

    def fill_referral(dialog: QDialog) -> None:
        assert isinstance(dialog, ReferralDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # no summary yet
        dialog.reason.setFocus()
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.summary, "Child left at home with the suspect")
        assert ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_modal(qtbot, fill_referral)
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)
    row = cases.model.row_of(ref)
    assert cases.model.index(row, COL_REFERRAL).data() == "Referred"
    assert cases.panel.referral_state.text().startswith("Referred back on")

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # focus comes back from the closed dialog
    qtbot.keyClick(window, Qt.Key.Key_F3)  # Referrals view
    view = window.referrals
    assert window.tabs.currentWidget() is view
    view.select(ref)
    qtbot.mouseClick(view.letter_sent, Qt.MouseButton.LeftButton)
    assert view.selected().status == "letter-sent"

    def fill_response(dialog: QDialog) -> None:
        assert isinstance(dialog, ForceResponseDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("action-taken"))
        qtbot.keyClicks(dialog.response, "Suspect arrested; child placed with grandparent")
        dialog.accept()

    when_modal(qtbot, fill_response)
    qtbot.mouseClick(view.respond, Qt.MouseButton.LeftButton)
    referral = view.selected()
    assert (referral.case_ref, referral.status, referral.response_kind) == (ref, "responded", "action-taken")
    assert "Suspect arrested" in view.model.index(view.table.currentIndex().row(), 6).data()
    service = reopen(window)
    try:
        stored = next(r for r in service.referrals() if r.case_ref == ref)
        assert (stored.summary, stored.status, stored.response) == (
            "Child left at home with the suspect", "responded", "Suspect arrested; child placed with grandparent")
        assert stored.reason == service.framework.referral_reasons[1].key
    finally:
        service.close()


def test_report_follows_a_grade_change_and_undo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    before = window.controller.report()
    # DEMO-0001 is self-assessed with one inspectorate grade; a second, different grade is a disagreement
    first = cases.model.case_at(0)
    assert first.ref == "DEMO-0001" and first.grade is not None
    other = next(k for k in window.controller.framework.grade_keys if k != first.grade)
    position = window.controller.framework.grade_keys.index(other)
    cases.select_row(0)
    qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{position + 1}"), CTRL)
    assert cases.model.index(0, COL_GRADE).data() == "Disagreement"
    qtbot.waitUntil(lambda: window.report.report.tally.graded == before.tally.graded - 1)
    settled = window.controller.framework.grade_keys.index(first.grade)
    after = window.report.report
    assert after.tally.self_assessed_grades[settled] == before.tally.self_assessed_grades[settled] - 1
    assert after.tables[0].rows[1].counts != before.tables[0].rows[1].counts
    assert "PROVISIONAL" in window.report.tables.toPlainText().upper()

    qtbot.keyClick(cases.table, Qt.Key.Key_Z, CTRL)  # undo, focus on the case list
    assert cases.model.index(0, COL_GRADE).data() == window.controller.framework.grade(first.grade).label
    qtbot.waitUntil(lambda: window.report.report.tally.graded == before.tally.graded)
    assert window.report.report.tables == before.tables
    assert cases.panel.no_grade.isChecked()
    qtbot.keyClick(cases.table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert cases.model.index(0, COL_GRADE).data() == "Disagreement"


def test_serious_concern_flag_is_undoable(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.cases.panel
    window.cases.select_row(6)
    assert not panel.concern.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert panel.concern.isChecked()
    detail = window.controller.detail(panel.ref)
    assert window.controller.my_assessment(detail).serious_concern
    window.undo_action.trigger()
    assert not panel.concern.isChecked()
    assert not window.controller.my_assessment(window.controller.detail(panel.ref)).serious_concern


def test_every_control_has_an_accessible_name(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTableView, QWidget

    interactive = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTableView)
    assert window.referrals is not None and window.report is not None  # built on first use
    controls = [w for w in window.tabs.findChildren(QWidget) if isinstance(w, interactive)
                and w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.parent().metaObject().className() != "QTabBar"]
    assert len(controls) > 20
    nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in controls
                if not (w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()))]
    assert nameless == []


def test_shortcuts_are_shown_in_the_menus(window) -> None:  # type: ignore[no-untyped-def]
    actions = {a.text().replace("&", ""): a.shortcut().toString() for m in window.menuBar().findChildren(type(window.grade_menu))
               for a in m.actions()}
    assert actions["Next case"] == "Alt+Down"
    assert actions["Refer back to force…"] == "Ctrl+R"
    assert actions["Good"] == "Ctrl+1"
    assert actions["Initial contact"] == "Alt+1"


def test_clicking_a_header_sorts_the_case_list(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    header = cases.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_GRADE) + header.sectionSize(COL_GRADE) // 2
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert cases.proxy.sortColumn() == COL_GRADE
    shown = [cases.proxy.index(i, COL_GRADE).data() for i in range(cases.proxy.rowCount())]
    order = {g.label: i for i, g in enumerate(window.controller.framework.grades)}
    ranks = [order.get(label, len(order)) for label in shown]
    assert ranks == sorted(ranks) or ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) > 1
