"""The case list: a table model over CaseRow (loaded once, updated row by row) and its filter proxy."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon

from desktop.controllers.inspection import case_graded
from models.inspection.framework import Framework
from models.inspection.records import CaseRow
from widgets import look
from widgets.record_model import Index, RecordTableModel

COL_REF, COL_TYPE, COL_SAMPLE, COL_FORCE_GRADE, COL_INSPECTOR, COL_GRADE, COL_REFERRAL, COL_EDITED = range(8)
HEADERS = ("Reference", "Case type", "Sample", "Force grade", "Inspector", "Grade", "Referral", "Last edited")

CaseRole = Qt.ItemDataRole.UserRole + 1  # the CaseRow itself
SortRole = Qt.ItemDataRole.UserRole + 2  # a value that sorts as people expect (grade order, time)
RefRole = Qt.ItemDataRole.UserRole + 3

STATUSES = ("ungraded", "graded", "disagreement", "referred")



def case_status(row: CaseRow, framework: Framework) -> set[str]:
    """The statuses a case matches in the status filter (a referred case is also graded or not)."""
    disagreement = row.disagreement or row.topics_disagreement
    found = {"graded" if case_graded(row, framework) else ("disagreement" if disagreement else "ungraded")}
    if disagreement:
        found.add("disagreement")
    if row.referred:
        found.add("referred")
    return found


class CaseTableModel(RecordTableModel):
    """Read-only rows from InspectionService.cases(); an edit replaces one row, never the whole list."""

    headings = HEADERS

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.framework = framework
        self._position: dict[str, int] = {}
        self._grade_label = {g.key: g.label for g in framework.grades}
        self._grade_order = {g.key: i for i, g in enumerate(framework.grades)}
        self._topics = len(framework.graded_areas)
        self._grade_icons: dict[str, QIcon] = {}  # drawn on first use: the colour and letter of each grade

    # -- loading --------------------------------------------------------------------------------

    def load(self, rows: Iterable[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._position = {r.ref: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def update_case(self, row: CaseRow) -> None:
        """Replace one case after an edit (or append it when new) and repaint only its row."""
        position = self._position.get(row.ref)
        if position is None:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._position[row.ref] = len(self._rows)
            self._rows.append(row)
            self.endInsertRows()
            return
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(HEADERS) - 1))

    def case_at(self, position: int) -> CaseRow:
        return self._rows[position]

    def row_of(self, ref: str) -> int | None:
        return self._position.get(ref)

    def rows(self) -> list[CaseRow]:
        return list(self._rows)

    # -- Qt model interface ---------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row: CaseRow | None = self.record(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_key(row, column)
        if role == CaseRole:
            return row
        if role == RefRole:
            return row.ref
        if role == Qt.ItemDataRole.DecorationRole and column in (COL_FORCE_GRADE, COL_GRADE):
            return self._grade_icon(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TYPE:
            return row.case_type_label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {self._display(row, column) or 'none'}"
        return None

    def _grade_icon(self, row: CaseRow, column: int) -> QIcon | None:
        """The grade's colour with its letter beside the grade's name: never colour alone."""
        if column == COL_GRADE and (row.disagreement or row.topics_disagreement or not self.framework.case_grade):
            return None
        grade = row.force_grade if column == COL_FORCE_GRADE else row.grade
        if grade not in self._grade_order:
            return None
        assert grade is not None
        if grade not in self._grade_icons:
            labels = [g.label for g in self.framework.grades]
            position = self._grade_order[grade]
            self._grade_icons[grade] = look.grade_icon(position, len(labels), look.grade_marks(labels)[position])
        return self._grade_icons[grade]

    def _display(self, row: CaseRow, column: int) -> str:
        if column == COL_REF:
            return row.ref
        if column == COL_TYPE:
            return row.case_type_label
        if column == COL_SAMPLE:
            return "Self-assessed" if row.sample == "self-assessed" else "Inspectorate-selected"
        if column == COL_FORCE_GRADE:
            return self._grade_label.get(row.force_grade or "", "")
        if column == COL_INSPECTOR:
            return row.allocated_to or ", ".join(row.graders)
        if column == COL_GRADE:
            if row.disagreement or row.topics_disagreement:
                return "Disagreement"
            if not self.framework.case_grade:  # no overall grade: say how far the topics have got
                return f"{row.topics_graded} of {self._topics} topics graded"
            return self._grade_label.get(row.grade or "", "Ungraded")
        if column == COL_REFERRAL:
            return "Referred" if row.referred else ""
        if column == COL_EDITED:
            return edited_at(row.updated_at)
        return ""

    def _sort_key(self, row: CaseRow, column: int) -> object:
        if column == COL_GRADE and not self.framework.case_grade:
            return -1 if row.topics_disagreement else row.topics_graded
        if column in (COL_FORCE_GRADE, COL_GRADE):
            grade = row.force_grade if column == COL_FORCE_GRADE else row.grade
            if column == COL_GRADE and row.disagreement:
                return len(self._grade_order) + 1
            return self._grade_order.get(grade or "", len(self._grade_order) + 2)
        if column == COL_EDITED:
            return row.updated_at.isoformat() if row.updated_at else ""
        return self._display(row, column).casefold()


def edited_at(moment: datetime | None) -> str:
    """A last-edited time as Fieldwork's lists show it: day, month and local time."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%d %b %H:%M") if moment.tzinfo else moment.strftime("%d %b %H:%M")


class CaseFilterProxy(QSortFilterProxyModel):
    """Filters by case type, sample, inspector, status and reference text; sorts by SortRole."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.case_type: str | None = None
        self.sample: str | None = None
        self.inspector: str | None = None
        self.status: str | None = None
        self.text = ""

    def set_filters(self, **filters: str | None) -> None:
        """Change any of case_type, sample, inspector, status, text; re-filter once."""
        self.beginFilterChange()
        for name, value in filters.items():
            if name not in ("case_type", "sample", "inspector", "status", "text"):
                raise ValueError(f"unknown filter {name}")
            setattr(self, name, (value or "").casefold() if name == "text" else (value or None))
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CaseTableModel):
            return True
        row = model.case_at(source_row)
        if self.case_type and row.case_type != self.case_type:
            return False
        if self.sample and row.sample != self.sample:
            return False
        if self.inspector and self.inspector != row.allocated_to and self.inspector not in row.graders:
            return False
        if self.status and self.status not in case_status(row, model.framework):
            return False
        return not self.text or self.text in row.ref.casefold()
