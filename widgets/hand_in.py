"""The checks before hand-in as a checklist: what blocks a return package (or warns before the final documents),
each item opening its case."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.inspection.checks import Finding
from widgets import look
from widgets.record_model import Index, RecordTableModel
from widgets.translation import QT_TRANSLATE_NOOP

COL_SEVERITY, COL_CASE, COL_INSPECTOR, COL_MESSAGE = range(4)
RETURN_PACKAGE, DOCUMENTS, REVIEW = "return-package", "documents", "review"  # what the checklist stands before


class FindingTableModel(RecordTableModel):
    """One row per check not met, blocking ones first as the checks listed them."""

    headings = (QT_TRANSLATE_NOOP("Headers", "Check"), QT_TRANSLATE_NOOP("Headers", "Case"), QT_TRANSLATE_NOOP("Headers", "Inspector"), QT_TRANSLATE_NOOP("Headers", "What to put right"))

    def __init__(self, findings: list[Finding], parent: QObject | None = None) -> None:
        super().__init__(sorted(findings, key=lambda f: not f.blocks), parent)

    def finding_at(self, row: int) -> Finding:
        found: Finding = self._rows[row]
        return found

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        f: Finding | None = self.record(index)
        if f is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            severity = self.tr("Blocks") if f.blocks else self.tr("Warns")
            return (severity, f.case_ref, f.inspector, f.message)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_SEVERITY and f.blocks:
            return QBrush(QColor(look.current_theme().error))  # as problem_label, in the theme in use
        if role == Qt.ItemDataRole.FontRole and column == COL_SEVERITY and f.blocks:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Double-click to open the case")
        return None


class HandInDialog(QDialog):
    """The checklist; "Open case" closes it with the case chosen (case_ref), the go-ahead only when nothing
    blocks (for a return package) or always (for documents, which say they are provisional)."""

    def __init__(self, findings: list[Finding], purpose: str = RETURN_PACKAGE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_ref: str | None = None
        self.model = FindingTableModel(findings, self)
        blocking = sum(f.blocks for f in findings)
        warnings = len(findings) - blocking
        self.blocked = purpose == RETURN_PACKAGE and blocking > 0
        self.setWindowTitle(self.tr("Checks before hand-in"))
        self.setAccessibleName(self.tr("Checks before hand-in"))
        layout = QVBoxLayout(self)
        if purpose == RETURN_PACKAGE:
            what = ("The return package cannot go until the items marked Blocks are put right."
                    if blocking else "Nothing blocks the return package; look at the warnings before it goes.")
        elif purpose == REVIEW:
            what = "Items marked Blocks would stop a return package; warnings only ask to be looked at."
        else:
            what = ("These checks are not met across the inspection. Put them right before the final documents "
                    "go out, or write the documents anyway while they are still a draft.")
        self.summary = QLabel(self.tr("{blocking} item(s) block, {warnings} warn. {what} Double-click an item (or select it and press Open case) to go to its case.").format(blocking=blocking, warnings=warnings, what=what))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Summary of the checks"))
        layout.addWidget(self.summary)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Checklist"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_case(index.row()))
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton("&Open case", QDialogButtonBox.ButtonRole.ActionRole)
        go = ("Export the return &package" if purpose == RETURN_PACKAGE else "&Write the documents anyway")
        self.go_button = self.buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setEnabled(not self.blocked)
        self.go_button.setVisible(purpose != REVIEW)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button.clicked.connect(lambda: self.open_case(self._selected_row()))
        self.go_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.model.rowCount():
            self.table.selectRow(0)
        self.resize(900, 480)

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def open_case(self, row: int | None) -> None:
        """Leave the checklist for the case to put right; the export does not go."""
        if row is None or not 0 <= row < self.model.rowCount():
            return
        self.case_ref = self.model.finding_at(row).case_ref
        self.reject()
