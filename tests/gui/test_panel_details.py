"""Case panel details: tab order, text scaling, a save that fails keeps the notes marked unsaved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.controllers.inspection import InspectionController
from models.errors import FieldworkError
from tests.gui.conftest import USER
from widgets.case_panel import CasePanel


def test_tab_moves_through_the_panel_in_visual_order(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.cases.panel
    window.cases.select_row(1)  # DEMO-0002: not referred yet, so "Refer back" is enabled
    assert panel.refer.isEnabled()
    panel.concern.setFocus()
    order = [panel.concern]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    notes = list(panel.notes.values())
    assert order == [panel.concern, panel.refer, notes[0], notes[1], notes[2]]


def test_text_follows_the_system_font(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    original = app.font()
    try:
        small = CasePanel(InspectionController(demo, USER))
        qtbot.addWidget(small)
        bigger = QFont(original)
        bigger.setPointSizeF(original.pointSizeF() * 2)
        app.setFont(bigger)
        large = CasePanel(InspectionController(demo, USER))
        qtbot.addWidget(large)
        assert large.heading.font().pointSizeF() == pytest.approx(small.heading.font().pointSizeF() * 2)
        assert large.notes["overall"].font().pointSizeF() == pytest.approx(bigger.pointSizeF())
    finally:
        app.setFont(original)


def test_a_failed_save_stays_visible_and_is_retried(qtbot, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    controller = InspectionController(demo, USER)
    panel = CasePanel(controller)
    qtbot.addWidget(panel)
    panel.load("DEMO-0003")
    panel.notes["overall"].setPlainText("Evidence that must not be lost")
    assert panel.has_unsaved

    def disk_full(*args: object) -> None:
        raise FieldworkError("Cannot write the inspection file: no space left on device.")

    monkeypatch.setattr(controller.service, "set_note", disk_full)
    with pytest.raises(FieldworkError):
        panel.flush()
    assert panel.has_unsaved and panel.save_state.text() == "NOT SAVED"
    monkeypatch.undo()
    panel.flush()
    assert not panel.has_unsaved and panel.save_state.text().startswith("Saved")
    mine = controller.my_assessment(demo.case_detail("DEMO-0003"))
    assert mine.notes == {"overall": "Evidence that must not be lost"}
