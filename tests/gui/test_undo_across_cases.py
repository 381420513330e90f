"""Undo never changes a case off-screen: the case is shown first, and the menu and status bar name the edit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from widgets.main_window import REPORT_TAB

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def concern_of(window, ref: str) -> bool:  # type: ignore[no-untyped-def]
    mine = window.controller.my_assessment(window.controller.detail(ref))
    return bool(mine and mine.serious_concern)


def test_undo_of_another_cases_concern_shows_that_case_first(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases, panel = window.cases, window.cases.panel
    assert window.undo_action.text() == "&Undo" and not window.undo_action.isEnabled()
    cases.show_case("DEMO-0042")
    assert panel.ref == "DEMO-0042" and not concern_of(window, "DEMO-0042")
    qtbot.keyClick(cases.table, Qt.Key.Key_C, CTRL | SHIFT)  # flag a serious concern on DEMO-0042
    assert concern_of(window, "DEMO-0042")
    assert window.undo_action.text() == "&Undo Flag serious concern on DEMO-0042"

    qtbot.keyClick(cases.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # on to DEMO-0043
    assert panel.ref == "DEMO-0043" and cases.current_ref() == "DEMO-0043"
    qtbot.keyClick(cases.table, Qt.Key.Key_Z, CTRL)  # undo, while DEMO-0043 is shown
    assert cases.current_ref() == "DEMO-0042" and panel.ref == "DEMO-0042"
    assert not concern_of(window, "DEMO-0042") and not panel.concern.isChecked()
    assert window.statusBar().currentMessage() == "Undone: Flag serious concern on DEMO-0042"
    assert window.undo_action.text() == "&Undo" and not window.undo_action.isEnabled()
    assert window.redo_action.text() == "&Redo Flag serious concern on DEMO-0042"

    cases.show_case("DEMO-0043")
    window.tabs.setCurrentIndex(REPORT_TAB)  # redo from another tab: back to the Cases tab and DEMO-0042
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.tabs.currentWidget() is cases and cases.current_ref() == "DEMO-0042"
    assert concern_of(window, "DEMO-0042") and panel.concern.isChecked()
    assert window.statusBar().currentMessage() == "Redone: Flag serious concern on DEMO-0042"


def test_undo_clears_a_filter_that_hides_the_case(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    cases.show_case("DEMO-0042")
    grade = window.controller.framework.grade_keys[0]
    window.controller.change_grade("DEMO-0042", grade)
    label = window.controller.framework.grade(grade).label
    assert window.undo_action.text() == f"&Undo Grade DEMO-0042: {label}"
    qtbot.keyClicks(cases.search, "DEMO-0050")
    assert cases.current_ref() == "DEMO-0050"
    window.undo_action.trigger()
    assert cases.current_ref() == "DEMO-0042" and cases.search.text() == ""
    assert window.statusBar().currentMessage() == f"Undone: Grade DEMO-0042: {label}"

