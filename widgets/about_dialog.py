"""About Fieldwork: version, framework versions and the licence notices of every bundled library."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.laptop.about import (
    FrameworkVersion,
    LicenceNotice,
    app_version,
    framework_versions,
    licence_notices,
)
from widgets.record_model import Index, RecordTableModel
from widgets.translation import QT_TRANSLATE_NOOP

COL_COMPONENT, COL_VERSION, COL_LICENCE = range(3)
HEADERS = (QT_TRANSLATE_NOOP("Headers", "Component"), QT_TRANSLATE_NOOP("Headers", "Version"), QT_TRANSLATE_NOOP("Headers", "Licence"))
LicenceTextRole = Qt.ItemDataRole.UserRole + 1


class LicenceModel(RecordTableModel):
    """Read-only table of LicenceNotice rows; the full licence text is under LicenceTextRole."""

    headings = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        notice: LicenceNotice | None = self.record(index)
        if notice is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (notice.component, notice.version, notice.licence)[index.column()]
        if role == LicenceTextRole:
            return notice.text or f"{notice.component} states its licence as: {notice.licence}"
        return None


class AboutDialog(QDialog):
    """Everything is passed in or read from desktop.laptop.about, so tests can give fixed facts."""

    def __init__(self, parent: QWidget | None = None, *, version: str | None = None,
                 frameworks: list[FrameworkVersion] | None = None,
                 notices: list[LicenceNotice] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Fieldwork"))
        self.version = version or app_version()
        frameworks = framework_versions() if frameworks is None else frameworks
        self.model = LicenceModel(licence_notices() if notices is None else notices, self)

        self.heading = QLabel(self.tr("<b>Fieldwork {version}</b><br>Offline case-file inspection for child protection inspections.").format(version=self.version))
        self.frameworks_label = QLabel("Frameworks: " + "; ".join(
            f"{f.name} (version {f.version})" for f in frameworks) if frameworks else "Frameworks: none found")
        self.frameworks_label.setWordWrap(True)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(COL_LICENCE, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Bundled components and their licences"))

        self.licence_text = QPlainTextEdit()
        self.licence_text.setTabChangesFocus(True)  # Tab moves on: a keyboard user must not be trapped
        self.licence_text.setReadOnly(True)
        self.licence_text.setAccessibleName(self.tr("Licence text"))
        self.table.selectionModel().selectionChanged.connect(self._show_licence)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.frameworks_label)
        layout.addWidget(QLabel(self.tr("Bundled components (licences as each states them):")))
        layout.addWidget(self.table, 2)
        layout.addWidget(self.licence_text, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
        if self.model.rowCount():
            self.table.selectRow(0)

    def _show_licence(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.licence_text.setPlainText(str(self.model.data(indexes[0], LicenceTextRole)))
