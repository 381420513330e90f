"""Sample import: pick a file, map its columns, preview every row and every problem, then all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.controllers.inspection import InspectionController
from models.errors import FieldworkError, ImportRejected
from models.inspection.framework import Framework
from models.inspection.imports import SAMPLE_FIELDS, sample_required
from models.inspection.records import CaseDraft, ImportSummary, SamplePreview
from widgets.dialogs import buddy_label

FIELD_LABELS = {"case_ref": "Case reference", "case_type": "Case type", "sample": "Sample",
                "force_grade": "Force's grade (self-assessed cases)"}
NOT_IN_FILE = "(not in the file)"
Index = QModelIndex | QPersistentModelIndex


class CaseDraftModel(QAbstractTableModel):
    """The rows that would be imported, as they were read and understood."""

    HEADERS = ("Row", "Reference", "Case type", "Sample", "Force grade")

    def __init__(self, parent: QObject | None = None, framework: Framework | None = None) -> None:
        super().__init__(parent)
        self._drafts: list[CaseDraft] = []
        # show what the file's values were understood as, in the framework's own words
        self._types = {c.key: c.label for c in framework.case_types} if framework else {}
        self._grades = {g.key: g.label for g in framework.grades} if framework else {}

    def load(self, drafts: list[CaseDraft]) -> None:
        self.beginResetModel()
        self._drafts = list(drafts)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._drafts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid() or not 0 <= index.row() < len(self._drafts):
            return None
        d = self._drafts[index.row()]
        grade = self._grades.get(d.force_grade, d.force_grade) if d.force_grade else ""
        return (str(d.row), d.ref, self._types.get(d.case_type, d.case_type), d.sample, grade)[index.column()]


class FilePage(QWizardPage):
    def __init__(self, wizard: SampleImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Choose the force's sample")
        self.setSubTitle("A CSV or Excel (.xlsx) file with one case per row and a header row.")
        layout = QHBoxLayout(self)
        self.path = QLineEdit()
        self.path.setAccessibleName("Sample file")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Browse for the sample file")
        browse.clicked.connect(self._browse)
        layout.addWidget(buddy_label("&File:", self.path))
        layout.addWidget(self.path, 1)
        layout.addWidget(browse)
        self.problem = QLabel("")

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Sample file", "", "Samples (*.csv *.xlsx)")
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        try:
            self._wizard.guessed = self._wizard.controller.preview_sample(Path(self.path.text().strip()))
        except FieldworkError as error:
            self.setSubTitle(str(error))
            return False
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: SampleImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Match the columns")
        self.setSubTitle("Each sample field is matched to a column of the file where its header was recognised.")
        self.form = QFormLayout(self)
        self.combos: dict[str, QComboBox] = {}
        required_fields = sample_required(wizard.controller.framework)
        for name in SAMPLE_FIELDS:
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {FIELD_LABELS[name]}")
            required = " (required)" if name in required_fields else ""
            self.form.addRow(buddy_label(f"{FIELD_LABELS[name]}{required}", combo), combo)
            self.combos[name] = combo

    def initializePage(self) -> None:
        preview = self._wizard.guessed
        headers = [h for h in preview.headers if h] if preview else []
        for name, combo in self.combos.items():
            combo.clear()
            combo.addItem(NOT_IN_FILE, None)
            for header in headers:
                combo.addItem(header, header)
            guessed = preview.mapping.get(name) if preview else None
            combo.setCurrentIndex(max(combo.findData(guessed), 0) if guessed else 0)

    def mapping(self) -> dict[str, str | None]:
        return {name: combo.currentData() for name, combo in self.combos.items()}


class PreviewPage(QWizardPage):
    def __init__(self, wizard: SampleImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Check before importing")
        layout = QVBoxLayout(self)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        layout.addWidget(self.summary)
        self.drafts = CaseDraftModel(self, wizard.controller.framework)
        self.table = QTableView()
        self.table.setModel(self.drafts)
        self.table.setAccessibleName("Cases to import")
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel("Problems (nothing is imported until there are none):"))
        self.problems = QStringListModel(self)
        self.problem_list = QListView()
        self.problem_list.setModel(self.problems)
        self.problem_list.setAccessibleName("Problems found")
        self.problem_list.setWordWrap(True)
        layout.addWidget(self.problem_list, 1)
        self.preview: SamplePreview | None = None

    def initializePage(self) -> None:
        wizard = self._wizard
        try:
            self.preview = wizard.controller.preview_sample(wizard.path(), wizard.mapping_page.mapping())
        except FieldworkError as error:
            self.preview = None
            self.drafts.load([])
            self.problems.setStringList([str(error)])
            self.summary.setText("The file could not be read.")
        else:
            self.drafts.load(self.preview.drafts)
            self.problems.setStringList([p.describe() for p in self.preview.problems])
            n = len(self.preview.problems)
            self.summary.setText(
                f"{len(self.preview.drafts)} case(s) ready to import." if not n else
                f"{n} problem(s) found. Fix the file (or the column matching) and try again; nothing was imported.")
        self.table.resizeColumnsToContents()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None and self.preview.ok

    def validatePage(self) -> bool:
        """The import itself: the service re-checks everything in its transaction."""
        try:
            self._wizard.summary = self._wizard.controller.import_sample(self._wizard.path(),
                                                                         self._wizard.mapping_page.mapping())
        except ImportRejected as error:
            self.problems.setStringList([p.describe() for p in error.problems])
            self.summary.setText(str(error))
            return False
        except FieldworkError as error:
            self.problems.setStringList([str(error)])
            return False
        return True


class SampleImportWizard(QWizard):
    def __init__(self, controller: InspectionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.guessed: SamplePreview | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle("Import the case sample")
        self.setAccessibleName("Import the case sample")
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Import")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(760, 560)

    def path(self) -> Path:
        return Path(self.file_page.path.text().strip())
