"""The shared shape of Fieldwork's read-only tables: a list of records under fixed column headings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QTableView

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Rows are plain records (dataclasses from the services); subclasses say how a cell shows one."""

    headings: tuple[str, ...] = ()

    def __init__(self, records: Iterable[Any] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = list(records)

    def load(self, records: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def record(self, index: Index) -> Any | None:
        """The record behind a valid index of this model, else None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def select_where(self, table: QTableView, matches: Callable[[Any], bool]) -> None:
        """Select, in a view of this model, the first row whose record matches."""
        row = next((i for i, record in enumerate(self._rows) if matches(record)), None)
        if row is not None:
            table.selectRow(row)

    def selected_in(self, table: QTableView) -> Any | None:
        """The record of the row selected in a view of this model, else None."""
        selection = table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self._rows[rows[0].row()] if rows else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headings)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.headings)):
            # marked with QT_TRANSLATE_NOOP("Headers", ...) where each model declares its headings
            return QCoreApplication.translate("Headers", self.headings[section])
        return None
