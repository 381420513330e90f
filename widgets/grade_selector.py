"""A grade chosen from the framework's scale: one radio button per grade, its descriptor beside it, and "not graded".

Used wherever a topic is graded (a case's graded areas, the force's judged topics); it behaves as the case
panel's overall grade does: Tab reaches the chosen grade, the arrow keys move to and choose another, Space chooses
the focused one, and every button carries its grade's descriptor as tooltip and accessible description.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from models.inspection.framework import Grade
from widgets import look

NO_GRADE = 100  # QButtonGroup treats -1 as 'assign an id', so 'no grade' needs a real one


class GradeSelector(QWidget):
    """Emits gradeChosen only when a person chooses; set_grade() redraws what is stored without a signal.

    descriptors="chosen" lays the buttons out in a compact grid and writes the chosen grade's descriptor below
    them (the case panel, one per topic); "all" lists the buttons with each descriptor under its own (a page
    with room, as the overall grade shows them).
    """

    gradeChosen = Signal(object)  # a grade key, or None for "not graded"

    def __init__(self, grades: Sequence[Grade], subject: str, *, none_text: str = "Not graded",
                 descriptors: str = "chosen", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = subject
        self._grades = tuple(grades)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        marks = look.grade_marks([g.label for g in self._grades])
        for i, grade in enumerate(self._grades):
            button = QRadioButton(grade.label)
            button.setIcon(look.grade_icon(i, len(self._grades), marks[i]))  # colour and letter, as in the list
            button.setAccessibleName(self.tr("{subject}: {label}").format(subject=subject, label=grade.label))
            button.setAccessibleDescription(grade.descriptor)
            button.setToolTip(grade.descriptor)
            self.group.addButton(button, i)
            self.buttons.append(button)
        self.no_grade = QRadioButton(none_text)
        self.no_grade.setAccessibleName(self.tr("{subject}: {lower}").format(subject=subject, lower=none_text.lower()))
        self.group.addButton(self.no_grade, NO_GRADE)
        self.descriptor = QLabel("")
        self.descriptor.setWordWrap(True)
        self.descriptor.setTextFormat(Qt.TextFormat.PlainText)
        self.descriptor.setAccessibleName(self.tr("{subject}: what the chosen grade means").format(subject=subject))
        self._describes_chosen = descriptors != "all"
        if descriptors == "all":
            self._list_layout()
        else:
            self._grid_layout()
        self.group.idClicked.connect(self._clicked)
        self.set_grade(None)

    def _grid_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        choices = [*self.buttons, self.no_grade]
        # one row for a short scale; two balanced rows for a long one, so a half-width panel never clips
        columns = len(choices) if len(choices) <= 4 else (len(choices) + 1) // 2
        for i, button in enumerate(choices):
            grid.addWidget(button, i // columns, i % columns)
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        self.descriptor.setContentsMargins(2, 0, 0, 2)
        self.descriptor.setMinimumHeight(self.fontMetrics().lineSpacing())  # no jump when a grade is chosen
        layout.addWidget(self.descriptor)

    def _list_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button, grade in zip(self.buttons, self._grades, strict=True):
            layout.addWidget(button)
            if grade.descriptor:
                descriptor = QLabel(grade.descriptor)
                descriptor.setWordWrap(True)
                descriptor.setContentsMargins(24, 0, 0, 4)
                layout.addWidget(descriptor)
        layout.addWidget(self.no_grade)
        self.descriptor.hide()  # every descriptor is already on the page

    def set_subject(self, subject: str) -> None:
        """What is being graded, as screen readers announce each button (one selector serving many topics)."""
        self.subject = subject
        for button, grade in zip(self.buttons, self._grades, strict=True):
            button.setAccessibleName(self.tr("{subject}: {label}").format(subject=subject, label=grade.label))
        self.no_grade.setAccessibleName(self.tr("{subject}: {lower}").format(subject=subject, lower=self.no_grade.text().lower()))
        self.descriptor.setAccessibleName(self.tr("{subject}: what the chosen grade means").format(subject=subject))

    def grade(self) -> str | None:
        checked = self.group.checkedId()
        return None if checked in (NO_GRADE, -1) else self._grades[checked].key

    def set_grade(self, key: str | None) -> None:
        """Show the stored grade (no signal: this is a redraw, not a choice)."""
        keys = [g.key for g in self._grades]
        button_id = keys.index(key) if key in keys else NO_GRADE
        self.group.button(button_id).setChecked(True)
        self._describe(button_id)
        self._tab_to_checked()

    def _clicked(self, button_id: int) -> None:
        self._describe(button_id)
        self._tab_to_checked()
        self.gradeChosen.emit(None if button_id == NO_GRADE else self._grades[button_id].key)

    def _describe(self, button_id: int) -> None:
        if not self._describes_chosen:
            return
        if button_id == NO_GRADE:
            self.descriptor.setText("")
        else:
            grade = self._grades[button_id]
            self.descriptor.setText(f"{grade.label}: {grade.descriptor}" if grade.descriptor else grade.label)

    def _tab_to_checked(self) -> None:
        """Tab lands on the chosen grade (Qt otherwise stops at whichever button had focus last)."""
        checked = self.group.checkedButton()
        for button in self.group.buttons():
            policy = Qt.FocusPolicy.StrongFocus if button is checked else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)
