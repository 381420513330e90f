"""Choosing one of an inspection's encrypted backups to restore."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
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

from models.inspection.backups import Backup
from widgets.record_model import Index, RecordTableModel
from widgets.translation import QT_TRANSLATE_NOOP

COL_TAKEN, COL_REASON, COL_SIZE = range(3)
HEADINGS = (QT_TRANSLATE_NOOP("Headers", "Taken (UTC)"), QT_TRANSLATE_NOOP("Headers", "Why"), QT_TRANSLATE_NOOP("Headers", "Size"))
BackupRole = Qt.ItemDataRole.UserRole + 1
REASONS = {"daily": QT_TRANSLATE_NOOP("Labels", "Daily"), "manual": QT_TRANSLATE_NOOP("Labels", "By hand"),
           "before-restore": QT_TRANSLATE_NOOP("Labels", "Before a restore"),
           "before-merge": QT_TRANSLATE_NOOP("Labels", "Before a merge")}


def describe_reason(reason: str) -> str:
    if reason.startswith("before-migration"):
        return QCoreApplication.translate("Labels", "Before an upgrade")
    known = REASONS.get(reason)
    return QCoreApplication.translate("Labels", known) if known else reason.replace("-", " ").capitalize()


class BackupModel(RecordTableModel):
    """Backups newest first, as list_backups gives them."""

    headings = HEADINGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        backup: Backup | None = self.record(index)
        if backup is None:
            return None
        if role == BackupRole:
            return backup
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == COL_TAKEN:
            return f"{backup.taken:%Y-%m-%d %H:%M:%S}"
        if column == COL_REASON:
            return describe_reason(backup.reason)
        if column == COL_SIZE:
            return f"{backup.size / 1024:,.0f} KiB"
        return None


class BackupsDialog(QDialog):
    """Lists the backups; Restore is enabled once one is chosen."""

    def __init__(self, name: str, backups: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore {name} from a backup").format(name=name))
        self.setAccessibleName(self.tr("Restore from a backup"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Backups are encrypted copies with the same passphrase. Restoring replaces the "
                       "inspection with the chosen copy; its present state is first kept as another backup."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = BackupModel(backups, self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        if not backups:
            layout.addWidget(QLabel(self.tr("There are no backups of this inspection yet.")))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName(self.tr("Restore the chosen backup"))
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.restore_button.setEnabled(self.chosen() is not None))
        self.resize(560, 360)

    def chosen(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(BackupRole) if rows else None
