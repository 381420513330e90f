"""An inspector who never touches the mouse: finds a case, grades it, writes notes in the last area, refers it
back and exports the tables, with the focus checked after every key; the sort and the shortcuts list too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QMenu, QWidget

from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from tests.gui.conftest import USER
from widgets.case_model import COL_GRADE, COL_REF
from widgets.referrals import ReferralDialog
from widgets.shortcuts_dialog import ShortcutsDialog, keys_of

ALT, CTRL, SHIFT = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed where the focus is, as the keyboard would deliver it."""
    target = focus()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifiers)


def on_modal(qtbot, handle) -> None:  # type: ignore[no-untyped-def]
    """handle(dialog) once a modal dialog is up; a failed check closes it so the test fails, never hangs."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        try:
            dialog.activateWindow()  # as the window system does for a new dialog: the keys go to it
            qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
            handle(dialog)
        except BaseException:
            dialog.reject()
            raise

    QTimer.singleShot(0, poll)


def shown_in_viewport(widget: QWidget, viewport: QWidget) -> bool:
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return top >= 0 and top + min(widget.height(), 40) <= viewport.height()


def test_grade_notes_refer_and_export_without_a_mouse(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases, panel = window.cases, window.cases.panel
    ref = next(r.ref for r in cases.model.rows() if not r.referred)

    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)  # find the case by its reference
    assert focus() is cases.search
    qtbot.keyClicks(cases.search, ref)
    assert panel.ref == ref
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert focus() is cases.table

    press(qtbot, Qt.Key.Key_Tab)  # Tab leaves the list rather than walking its cells
    assert focus() is not cases.table and panel.isAncestorOf(focus())
    press(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert focus() is cases.table
    press(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert focus() is not cases.table

    press(qtbot, Qt.Key.Key_1, CTRL)  # the first grade
    assert panel.grade_buttons[0].isChecked()

    last = list(panel.notes.values())[-1]
    press(qtbot, getattr(Qt.Key, f"Key_{len(panel.notes)}"), ALT)  # the last notes area, scrolled into view
    assert focus() is last
    assert shown_in_viewport(last, panel.notes_scroll.viewport())
    with qtbot.waitSignal(panel.saved, timeout=3000):
        qtbot.keyClicks(last, "Outcome for the child recorded and reviewed by a supervisor")
    press(qtbot, Qt.Key.Key_Tab)  # notes are prose: Tab moves on and types nothing
    assert focus() is not last and "\t" not in last.toPlainText()

    def refer(dialog: QDialog) -> None:
        assert isinstance(dialog, ReferralDialog)
        assert focus() is dialog.reason
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Tab)
        assert focus() is dialog.summary
        qtbot.keyClicks(dialog.summary, "No strategy discussion although the child disclosed abuse")
        press(qtbot, Qt.Key.Key_Tab)  # out of the summary, with no tab character typed
        assert focus() is dialog.raised_on and "\t" not in dialog.summary.toPlainText()
        press(qtbot, Qt.Key.Key_Return)  # Enter: the dialog's default button, Refer back

    on_modal(qtbot, refer)
    press(qtbot, Qt.Key.Key_R, CTRL)
    assert panel.referral_state.text().startswith("Referred back on")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    target = tmp_path / "tables.csv"
    window.ask_export_target = lambda parent: (target, "csv")  # the system's file dialog stands in here
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)  # the checks run first, then the export
    qtbot.waitUntil(target.exists, timeout=30000)
    qtbot.waitUntil(lambda: not window.exports.running, timeout=30000)
    assert target.exists() and target.stat().st_size > 0
    assert window.exports.last is None and str(target) in window.statusBar().currentMessage()

    path = window.controller.path
    window.close_inspection()
    with InspectionService.open(path, actor="check", passphrase=DEMO_PASSPHRASE) as service:
        detail = service.case_detail(ref)
        mine = next(a for a in detail.assessments if a.inspector == USER)
        assert mine.grade == panel.framework.grades[0].key
        assert list(mine.notes.values()) == ["Outcome for the child recorded and reviewed by a supervisor"]
        assert detail.referral is not None


def test_a_new_case_opens_at_its_top(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.cases.panel
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{len(panel.notes)}"), ALT)
    bar = panel.notes_scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() > 0  # the last area is further down
    qtbot.keyClick(window, Qt.Key.Key_Down, ALT)
    assert bar.value() == 0


def test_every_notes_shortcut_scrolls_its_area_into_view(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.cases.panel
    window.resize(910, 454)  # a 1366x768 screen at 150%: the areas cannot all show at once
    for position, edit in list(enumerate(panel.notes.values()))[:9]:
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{position + 1}"), ALT)
        assert focus() is edit
        assert shown_in_viewport(edit, panel.notes_scroll.viewport()), f"Alt+{position + 1} typed blind"


def test_sorting_by_keyboard_through_the_view_menu(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    header = cases.table.horizontalHeader()
    sort_menu: QMenu = window.sort_menu
    titles = [a.text().replace("&", "") for a in sort_menu.actions() if not a.isSeparator()]
    assert "Grade" in titles and "Descending order" in titles
    by_grade = next(a for a in sort_menu.actions() if a.text() == "Grade")
    descending = next(a for a in sort_menu.actions() if a.text() == "&Descending order")
    # Alt+V opens the View menu; its letters lead to the sort choices
    qtbot.keyClick(window, Qt.Key.Key_V, ALT)
    view_menu = QApplication.activePopupWidget()
    assert isinstance(view_menu, QMenu) and sort_menu.menuAction() in view_menu.actions()
    qtbot.keyClick(view_menu, Qt.Key.Key_S)  # "&Sort cases by"
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is sort_menu)
    sort_menu.setActiveAction(by_grade)
    qtbot.keyClick(sort_menu, Qt.Key.Key_Return)
    assert header.sortIndicatorSection() == COL_GRADE and by_grade.isChecked()
    first = cases.proxy.index(0, COL_REF).data()
    descending.trigger()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder and descending.isChecked()
    assert cases.proxy.index(0, COL_REF).data() != first


def test_f1_lists_every_shortcut_from_the_menus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    def check(dialog: QDialog) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        listed = {(row.command, row.keys) for row in dialog.model.shortcuts}
        bound = [a for a in window.findChildren(type(window.undo_action)) if a.shortcuts()]
        assert len(bound) > 25
        for action in bound:
            if action.isVisible():
                text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
                assert (text, keys_of(action)) in listed, f"{text} missing from the shortcuts list"
        assert any(keys == "Tab / Shift+Tab" for _c, keys in listed)
        close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
        assert isinstance(close, QAbstractButton)
        press(qtbot, Qt.Key.Key_Escape)

    on_modal(qtbot, check)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert QApplication.activeModalWidget() is None
