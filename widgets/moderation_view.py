"""Moderation: each disagreement side by side (both grades, both notes); the lead sets the agreed grade."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
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
from widgets.dialogs import buddy_label

CHOOSE = "Choose the agreed grade…"


class GraderPanel(QGroupBox):
    """One grader's side: grade and evidence notes, read-only."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        layout = QVBoxLayout(self)
        self.grade = QLabel()
        self.grade.setAccessibleName(self.tr("{title} grade").format(title=title))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on (a tab character only traps keyboard users)
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName(self.tr("{title} notes").format(title=title))
        layout.addWidget(self.grade)
        layout.addWidget(self.notes)

    def show_grader(self, grader: GraderView | None, labels: dict[str, str], areas: dict[str, str]) -> None:
        if grader is None:
            self.setTitle("—")
            self.grade.setText("")
            self.notes.setPlainText("")
            return
        role = {"first": "first grader", "second": "second grader"}.get(grader.role or "", "grader")
        self.setTitle(self.tr("{printable} ({role})").format(printable=printable(grader.inspector), role=role))
        self.grade.setText(f"Grade: {labels.get(grader.grade or '', 'not graded')}"
                           + ("  ·  serious concern" if grader.serious_concern else ""))
        ordered = [a for a in areas if a in grader.notes] + sorted(set(grader.notes) - set(areas))
        self.notes.setPlainText("\n\n".join(f"{areas.get(area, area)}:\n{grader.notes[area]}"
                                            for area in ordered))  # the framework's order of the journey


class ModerationView(QWidget):
    """Open disagreements first, then the settled ones. Settling is a decision: no grade is offered in advance,
    it needs a chosen grade and a rationale, and the lead confirms it; a settled item can be reopened."""

    def __init__(self, controller: ExchangeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        framework = controller.framework
        self._labels = {g.key: g.label for g in framework.grades}
        self._areas = {a.key: a.label for a in framework.areas}
        self._items: list[ModerationItemView] = []

        self.cases = QListWidget()
        self.cases.setAccessibleName(self.tr("Cases for moderation"))
        self.left = GraderPanel("First grader")
        self.right = GraderPanel("Second grader")
        self.grade = QComboBox()
        self.grade.setAccessibleName(self.tr("Agreed grade"))
        self.grade.addItem(CHOOSE, None)  # nothing preselected: the agreed grade is the lead's own choice
        for g in framework.grades:
            self.grade.addItem(g.label, g.key)
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName(self.tr("Rationale"))
        self.rationale.setPlaceholderText(self.tr("Why this is the agreed grade (recorded in the audit log)"))
        self.rationale.setTabChangesFocus(True)  # Tab moves on to the grade; a rationale never needs a tab
        self.rationale.setMaximumHeight(self.rationale.fontMetrics().lineSpacing() * 6)
        self.agree = QPushButton(self.tr("&Settle with this grade…"))
        self.agree.setAccessibleName(self.tr("Settle with this grade"))
        self.reopen = QPushButton(self.tr("&Reopen…"))
        self.reopen.setAccessibleName(self.tr("Reopen moderation"))
        self.settled = QLabel()
        self.settled.setAccessibleName(self.tr("Settled moderation"))
        self.settled.setWordWrap(True)
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Moderation status"))
        self.status.setWordWrap(True)

        sides = QHBoxLayout()
        sides.addWidget(self.left)
        sides.addWidget(self.right)
        # top to bottom in the order of the decision (and of Tab): grade, rationale, then settle
        choice = QHBoxLayout()
        choice.addWidget(buddy_label(self.tr("Agreed &grade:"), self.grade))
        choice.addWidget(self.grade, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.settled, 1)
        buttons.addWidget(self.agree)
        buttons.addWidget(self.reopen)
        detail = QVBoxLayout()
        detail.addLayout(sides, 1)  # the graders' notes get the room; the rationale is a few lines
        detail.addLayout(choice)
        detail.addWidget(buddy_label(self.tr("R&ationale:"), self.rationale))
        detail.addWidget(self.rationale)
        detail.addLayout(buttons)
        detail.addWidget(self.status)
        outer = QHBoxLayout(self)
        outer.addWidget(self.cases, 1)
        outer.addLayout(detail, 3)

        self.cases.currentRowChanged.connect(self._show)
        self.grade.currentIndexChanged.connect(self._update_buttons)
        self.rationale.textChanged.connect(self._update_buttons)
        self.agree.clicked.connect(lambda: self.settle())
        self.reopen.clicked.connect(lambda: self.reopen_current())
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Re-read the items; select is a case ref to keep in view, else the first open item."""
        items = self.controller.moderation_items(include_settled=True)
        self._items = sorted(items, key=lambda i: (i.status != "open", i.case_ref))
        self.cases.blockSignals(True)
        self.cases.clear()
        for item in self._items:
            agreed = self._labels.get(item.agreed_grade or "", "")
            self.cases.addItem(item.case_ref if item.status == "open" else f"{item.case_ref} — agreed: {agreed}")
        self.cases.blockSignals(False)
        row = next((i for i, item in enumerate(self._items) if item.case_ref == select), 0)
        if self._items:
            self.cases.setCurrentRow(row)
        self._show(row if self._items else -1)

    def open_count(self) -> int:
        return sum(item.status == "open" for item in self._items)

    def _count_text(self) -> str:
        count = self.open_count()
        return f"{count} open moderation item(s); " + ("tables are provisional." if count else "tables use agreed grades.")

    def current(self) -> ModerationItemView | None:
        row = self.cases.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def _show(self, row: int) -> None:
        item = self._items[row] if 0 <= row < len(self._items) else None
        graders = list(item.graders) if item else []
        self.left.show_grader(graders[0] if graders else None, self._labels, self._areas)
        self.right.show_grader(graders[1] if len(graders) > 1 else None, self._labels, self._areas)
        settled = item is not None and item.status == "agreed"
        self.grade.blockSignals(True)
        # an open item starts with no grade chosen; a settled one shows what was agreed, read-only
        self.grade.setCurrentIndex(max(0, self.grade.findData(item.agreed_grade)) if settled and item else 0)
        self.grade.blockSignals(False)
        self.grade.setEnabled(item is not None and not settled)
        self.rationale.setPlainText(item.rationale if settled and item else "")
        self.rationale.setReadOnly(settled)
        if settled and item:
            grade = self._labels.get(item.agreed_grade or "", "?")
            self.settled.setText(
                self.tr("Settled by {by} as {grade}. Reopen to take the decision again.").format(
                    by=printable(item.settled_by), grade=grade) if item.settled_by else
                self.tr("Settled as {grade}. Reopen to take the decision again.").format(grade=grade))
        else:
            self.settled.setText("")
        self.status.setText(self._count_text())
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.current()
        open_ = item is not None and item.status == "open"
        self.agree.setEnabled(open_ and self.grade.currentData() is not None
                              and bool(self.rationale.toPlainText().strip()))
        self.reopen.setEnabled(item is not None and item.status == "agreed")

    def settle(self, confirm: QMessageBox | None = None) -> None:
        """The agreed grade, once the lead confirms it; the case's grade in the tables becomes this grade."""
        item, grade = self.current(), self.grade.currentData()
        rationale = self.rationale.toPlainText().strip()
        if item is None or item.status != "open" or grade is None or not rationale:
            return
        label = self._labels[grade]
        box = confirm or self._question(
            "Settle moderation",
            f"Settle {item.case_ref} with the agreed grade {label}?\n\nRationale: {rationale}\n\n"
            "The case's grade in the report tables becomes this grade. It can be reopened later.")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            self.controller.moderate(item.case_ref, grade, rationale)
        except FieldworkError as error:
            self.status.setText(str(error))
            return
        self.refresh(select=self._next_open(item.case_ref))
        self.status.setText(self.tr("{case_ref} settled as {label}. {count_text}").format(case_ref=item.case_ref, label=label, count_text=self._count_text()))

    def reopen_current(self, confirm: QMessageBox | None = None) -> None:
        """A settled item back to open: its agreed grade is withdrawn (the audit log keeps it)."""
        item = self.current()
        if item is None or item.status != "agreed":
            return
        label = self._labels.get(item.agreed_grade or "", "?")
        box = confirm or self._question(
            "Reopen moderation",
            f"Reopen the moderation of {item.case_ref}?\n\nThe agreed grade {label} is withdrawn and the case "
            "goes back to its graders' grades; the tables are provisional until it is settled again.")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            self.controller.reopen_moderation(item.case_ref)
        except FieldworkError as error:
            self.status.setText(str(error))
            return
        self.refresh(select=item.case_ref)
        self.status.setText(self.tr("{case_ref} reopened. {count_text}").format(case_ref=item.case_ref, count_text=self._count_text()))

    def _next_open(self, settled: str) -> str | None:
        """After settling, the next open item in the list (the lead works down it), else the one just settled."""
        refs = [i.case_ref for i in self._items if i.status == "open" and i.case_ref != settled]
        later = [ref for ref in refs if ref > settled]
        return (later or refs or [settled])[0]

    def _question(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # inspectors' names and rationales are shown as typed
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box
