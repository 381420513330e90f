"""Moderation is the lead's decision: no grade offered in advance, grade and rationale needed, confirmed, reopenable."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import col, select

from desktop.controllers.exchange import ExchangeController
from models.inspection.services import InspectionService
from models.inspection.tables import AuditEvent
from widgets.moderation_view import CHOOSE, ModerationView

REF = "DEMO-0006"


def answer(qtbot, reply: QMessageBox.StandardButton, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Once the confirmation box shows, note its text and answer it (its exec() blocks the test meanwhile)."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box.text())
            box.button(reply).click()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def moderation_view(qtbot, demo: InspectionService) -> ModerationView:  # type: ignore[no-untyped-def]
    demo.set_grade(REF, "Second Grader", "inadequate")  # the demo's grade here is good: a disagreement
    view = ModerationView(ExchangeController(demo))
    qtbot.addWidget(view)
    view.show()
    return view


def test_nothing_is_preselected_and_settling_needs_a_grade_a_rationale_and_a_yes(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    view = moderation_view(qtbot, demo)
    assert view.current().case_ref == REF and view.current().graders[0].grade  # a first grade exists...
    assert view.grade.currentData() is None and view.grade.currentText() == CHOOSE  # ...and is not offered
    assert not view.agree.isEnabled() and not view.reopen.isEnabled()
    view.grade.setCurrentIndex(view.grade.findData("requires-improvement"))
    assert not view.agree.isEnabled()  # a grade, but no rationale yet
    view.rationale.setFocus()
    qtbot.keyClicks(view.rationale, "Practice fell short of good")
    qtbot.keyClick(view.rationale, Qt.Key.Key_Tab)  # Tab leaves the box; it never types a tab
    assert "\t" not in view.rationale.toPlainText() and not view.rationale.hasFocus()
    assert view.agree.isEnabled()
    view.grade.setCurrentIndex(0)
    assert not view.agree.isEnabled()  # the choice taken back: nothing to settle
    view.grade.setCurrentIndex(view.grade.findData("requires-improvement"))

    seen: list[str] = []
    answer(qtbot, QMessageBox.StandardButton.No, seen)
    qtbot.mouseClick(view.agree, Qt.MouseButton.LeftButton)
    assert "Settle DEMO-0006 with the agreed grade Requiring improvement?" in seen[0]
    assert not demo.case(REF).moderated and demo.tally().open_moderation == 1  # No: nothing changed

    answer(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(view.agree, Qt.MouseButton.LeftButton)
    case = demo.case(REF)
    assert (case.grade, case.moderated) == ("requires-improvement", True)
    assert view.status.text() == ("DEMO-0006 settled as Requiring improvement. "
                                  "0 open moderation item(s); tables use agreed grades.")
    assert view.cases.item(0).text() == "DEMO-0006 — agreed: Requiring improvement"
    assert view.current().status == "agreed" and not view.agree.isEnabled() and view.reopen.isEnabled()
    assert view.rationale.isReadOnly() and view.rationale.toPlainText() == "Practice fell short of good"
    assert "Requiring improvement" in view.settled.text()


def test_a_settled_item_is_reopened_and_both_steps_are_audited(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    view = moderation_view(qtbot, demo)
    view.grade.setCurrentIndex(view.grade.findData("good"))
    view.rationale.setPlainText("Good on the first reading.")
    view.settle(confirm=_yes(view))
    assert demo.case(REF).grade == "good"

    seen: list[str] = []
    answer(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(view.reopen, Qt.MouseButton.LeftButton)
    assert "Reopen the moderation of DEMO-0006?" in seen[0] and "Good" in seen[0]
    case = demo.case(REF)
    assert (case.grade, case.moderated, case.disagreement) == (None, False, True)
    assert view.current().case_ref == REF and view.current().status == "open"
    assert view.cases.item(0).text() == REF and view.grade.currentData() is None
    assert not view.rationale.isReadOnly() and view.rationale.toPlainText() == ""
    assert view.status.text().startswith("DEMO-0006 reopened. 1 open moderation item(s)")
    with demo.read() as session:
        actions = [(e.action, json.loads(e.after)) for e in session.scalars(
            select(AuditEvent).where(col(AuditEvent.entity_id) == REF).order_by(col(AuditEvent.seq)))]
    assert [a for a, _ in actions][-2:] == ["moderate", "reopen-moderation"]
    assert actions[-2][1]["grade"] == "good" and actions[-1][1]["status"] == "open"


def _yes(view: ModerationView) -> QMessageBox:
    """A confirmation already answered Yes (settle and reopen take one, as ForceJudgementsView does)."""
    box = QMessageBox(view)
    box.exec = lambda: QMessageBox.StandardButton.Yes  # type: ignore[method-assign]
    return box
