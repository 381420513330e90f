"""Moderation: each disagreement side by side (both grades, both notes); the lead sets the agreed grade."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.exchange import ExchangeController
from models.errors import FieldworkError
from models.team.moderation import GraderView
from models.team.moderation import ModerationView as ModerationItemView
from models.untrusted import printable


class GraderPanel(QGroupBox):
    """One grader's side: grade and evidence notes, read-only."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        layout = QVBoxLayout(self)
        self.grade = QLabel()
        self.grade.setAccessibleName(f"{title} grade")
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName(f"{title} notes")
        layout.addWidget(self.grade)
        layout.addWidget(self.notes)

    def show_grader(self, grader: GraderView | None, labels: dict[str, str], areas: dict[str, str]) -> None:
        if grader is None:
            self.setTitle("—")
            self.grade.setText("")
            self.notes.setPlainText("")
            return
        role = {"first": "first grader", "second": "second grader"}.get(grader.role or "", "grader")
        self.setTitle(f"{printable(grader.inspector)} ({role})")
        self.grade.setText(f"Grade: {labels.get(grader.grade or '', 'not graded')}"
                           + ("  ·  serious concern" if grader.serious_concern else ""))
        ordered = [a for a in areas if a in grader.notes] + sorted(set(grader.notes) - set(areas))
        self.notes.setPlainText("\n\n".join(f"{areas.get(area, area)}:\n{grader.notes[area]}"
                                            for area in ordered))  # the framework's order of the journey


class ModerationView(QWidget):
    def __init__(self, controller: ExchangeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        framework = controller.framework
        self._labels = {g.key: g.label for g in framework.grades}
        self._areas = {a.key: a.label for a in framework.areas}
        self._items: list[ModerationItemView] = []

        self.cases = QListWidget()
        self.cases.setAccessibleName("Cases for moderation")
        self.left = GraderPanel("First grader")
        self.right = GraderPanel("Second grader")
        self.grade = QComboBox()
        self.grade.setAccessibleName("Agreed grade")
        for g in framework.grades:
            self.grade.addItem(g.label, g.key)
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setPlaceholderText("Why this is the agreed grade (recorded in the audit log)")
        self.rationale.setMaximumHeight(self.rationale.fontMetrics().lineSpacing() * 6)
        self.agree = QPushButton("&Agree grade")
        self.status = QLabel()
        self.status.setAccessibleName("Moderation status")
        self.status.setWordWrap(True)

        sides = QHBoxLayout()
        sides.addWidget(self.left)
        sides.addWidget(self.right)
        decision = QHBoxLayout()
        decision.addWidget(QLabel("Agreed grade:"))
        decision.addWidget(self.grade)
        decision.addWidget(self.agree)
        detail = QVBoxLayout()
        detail.addLayout(sides, 1)  # the graders' notes get the room; the rationale is a few lines
        detail.addWidget(self.rationale)
        detail.addLayout(decision)
        detail.addWidget(self.status)
        outer = QHBoxLayout(self)
        outer.addWidget(self.cases, 1)
        outer.addLayout(detail, 3)

        self.cases.currentRowChanged.connect(self._show)
        self.agree.clicked.connect(self._agree)
        self.refresh()

    def refresh(self) -> None:
        self._items = self.controller.moderation_items()
        self.cases.blockSignals(True)
        self.cases.clear()
        for item in self._items:
            self.cases.addItem(item.case_ref)
        self.cases.blockSignals(False)
        if self._items:
            self.cases.setCurrentRow(0)
            self._show(0)
        else:
            self._show(-1)
        self.status.setText(f"{len(self._items)} open moderation item(s); "
                            + ("tables are provisional." if self._items else "tables use agreed grades."))

    def current(self) -> ModerationItemView | None:
        row = self.cases.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def _show(self, row: int) -> None:
        item = self._items[row] if 0 <= row < len(self._items) else None
        graders = list(item.graders) if item else []
        self.left.show_grader(graders[0] if graders else None, self._labels, self._areas)
        self.right.show_grader(graders[1] if len(graders) > 1 else None, self._labels, self._areas)
        self.agree.setEnabled(item is not None)
        if graders and graders[0].grade:
            self.grade.setCurrentIndex(max(0, self.grade.findData(graders[0].grade)))
        self.rationale.setPlainText("")

    def _agree(self) -> None:
        item = self.current()
        if item is None:
            return
        try:
            self.controller.moderate(item.case_ref, self.grade.currentData(), self.rationale.toPlainText())
        except FieldworkError as error:
            self.status.setText(str(error))
            return
        self.refresh()
