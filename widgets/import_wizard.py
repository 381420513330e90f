"""Sample import: pick a file, see how it is read (sheet, header row, encoding, delimiter), match its columns and
its values, preview every row, every problem and every warning to accept, then import all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.controllers.inspection import InspectionController
from desktop.controllers.jobs import JobFailure
from desktop.controllers.runner import JobRunner, Ticket
from models.errors import EncodingNotConfirmed, FieldworkError
from models.inspection.framework import Framework
from models.inspection.imports import SAMPLE_FIELDS, ValueMap, sample_required
from models.inspection.mappings import ImportMapping
from models.inspection.records import CaseDraft, ImportSummary, SamplePreview
from models.inspection.tabular import DELIMITER_NAMES, ReadOptions
from widgets.dialogs import buddy_label
from widgets.job_status import JobFollowing
from widgets.translation import QT_TRANSLATE_NOOP

FIELD_LABELS = {"case_ref": "Case reference", "case_type": "Case type", "sample": "Sample",
                "force_grade": "Force's grade (self-assessed cases)"}
NOT_IN_FILE = "(not in the file)"
Index = QModelIndex | QPersistentModelIndex


class CaseDraftModel(QAbstractTableModel):
    """The rows that would be imported, as they were read and understood."""

    HEADERS = (QT_TRANSLATE_NOOP("Headers", "Row"), QT_TRANSLATE_NOOP("Headers", "Reference"), QT_TRANSLATE_NOOP("Headers", "Case type"), QT_TRANSLATE_NOOP("Headers", "Sample"), QT_TRANSLATE_NOOP("Headers", "Force grade"))

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
            return QCoreApplication.translate("Headers", self.HEADERS[section])
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
        self.setTitle(self.tr("Choose the force's sample"))
        self.setSubTitle(self.tr("A CSV or Excel (.xlsx) file with one case per row and a header row."))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Sample file"))
        self.path.textChanged.connect(self._changed)
        browse = QPushButton(self.tr("&Browse…"))
        browse.setAccessibleName(self.tr("Browse for the sample file"))
        browse.clicked.connect(self._browse)
        row.addWidget(buddy_label(self.tr("&File:"), self.path))
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Why the file cannot be read yet"))
        layout.addWidget(self.problem)
        # shown only for a text file that is not UTF-8: the detected encoding is used once the user confirms it
        self.confirm_encoding = QCheckBox("")
        self.confirm_encoding.setVisible(False)
        self.confirm_encoding.toggled.connect(self.completeChanged)
        layout.addWidget(self.confirm_encoding)
        layout.addStretch(1)
        self.detected: str | None = None

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Sample file"), "", "Samples (*.csv *.txt *.xlsx)")
        if name:
            self.path.setText(name)

    def _changed(self) -> None:
        self.detected = None
        self.confirm_encoding.setChecked(False)
        self.confirm_encoding.setVisible(False)
        self.problem.setText("")
        self._wizard.read_options = ReadOptions()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        wizard = self._wizard
        if self.detected and self.confirm_encoding.isChecked():
            wizard.read_options = replace(wizard.read_options, encoding=self.detected)
        if not wizard.read_ahead(self, wizard.next, options=wizard.read_options):
            self.problem.setText(self.tr("Reading the file…"))
            return False  # Next again once it is read
        try:
            wizard.guessed = wizard.preview(options=wizard.read_options)
        except EncodingNotConfirmed as error:
            self.problem.setText(str(error))
            self.detected = error.detected
            if error.detected:
                self.confirm_encoding.setText(self.tr("Read the file as {detected} (the text quoted above looks right)").format(detected=error.detected))
                self.confirm_encoding.setVisible(True)
            return False
        except FieldworkError as error:
            self.problem.setText(str(error))
            self.setSubTitle(str(error))
            return False
        self.problem.setText("")
        return True


FIELD_WIDTH = 320  # pixels: a column name or a case type reads whole


def _form() -> QFormLayout:
    """A form whose fields keep their natural width (at least a comfortable one): a row number or a short
    choice stretched across a laptop screen reads badly."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


class ReadingPage(QWizardPage):
    """The sheet, header row, encoding and delimiter as found, each open to change."""

    def __init__(self, wizard: SampleImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("How the file is read"))
        self.setSubTitle(self.tr("Found by looking at the file; change anything that is wrong."))
        layout = QVBoxLayout(self)
        form = self.form = _form()
        self.sheet = QComboBox()
        self.sheet.setMinimumWidth(FIELD_WIDTH)
        self.sheet.setAccessibleName(self.tr("Sheet to read"))
        form.addRow(buddy_label(self.tr("&Sheet:"), self.sheet), self.sheet)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 1000)
        self.header_row.setAccessibleName(self.tr("Row holding the column names"))
        form.addRow(buddy_label(self.tr("&Header row:"), self.header_row), self.header_row)
        self.encoding = QLabel("")
        self.encoding.setAccessibleName(self.tr("Encoding"))
        form.addRow(self.tr("Encoding:"), self.encoding)
        self.delimiter = QComboBox()
        self.delimiter.setMinimumWidth(FIELD_WIDTH)
        self.delimiter.setAccessibleName(self.tr("Columns separated by"))
        for char, name in DELIMITER_NAMES.items():
            self.delimiter.addItem(name, char)
        form.addRow(buddy_label(self.tr("Columns &separated by:"), self.delimiter), self.delimiter)
        self.include_hidden = QCheckBox(self.tr("Import rows &hidden in Excel (under a filter) too"))
        form.addRow(self.include_hidden)
        layout.addLayout(form)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName(self.tr("What was found"))
        layout.addWidget(self.notes)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def initializePage(self) -> None:
        preview = self._wizard.guessed
        if preview is None:
            return
        reading = preview.reading
        self.sheet.clear()
        self.sheet.addItems(list(reading.sheets))
        self.sheet.setCurrentText(reading.sheet or "")
        self.sheet.setEnabled(len(reading.sheets) > 1)
        # a workbook has sheets, a text file an encoding and a delimiter: only the rows that apply are shown
        self.form.setRowVisible(self.sheet, reading.sheet is not None)
        self.form.setRowVisible(self.encoding, reading.encoding is not None)
        self.form.setRowVisible(self.delimiter, reading.delimiter is not None)
        self.form.setRowVisible(self.include_hidden, reading.sheet is not None)
        self.header_row.setValue(reading.header_row)
        self.encoding.setText(reading.encoding or "(a workbook: not needed)")
        self.delimiter.setCurrentIndex(max(self.delimiter.findData(reading.delimiter or ","), 0))
        self.delimiter.setEnabled(reading.delimiter is not None)
        self.include_hidden.setChecked(self._wizard.read_options.include_hidden)
        self.notes.setText("\n".join(f"• {n[:1].upper()}{n[1:]}." for n in reading.notes) or
                           "The file reads as it is: header on its first row.")

    def chosen_options(self) -> ReadOptions:
        """What the user changed, over what was found (an unchanged choice stays the detector's to make)."""
        wizard = self._wizard
        found = wizard.guessed.reading if wizard.guessed else None
        options = replace(wizard.read_options, include_hidden=self.include_hidden.isChecked())
        if found is None:
            return options
        if self.sheet.isEnabled() and self.sheet.currentText() != found.sheet:
            options = replace(options, sheet=self.sheet.currentText(), header_row=None)
        elif self.header_row.value() != found.header_row:
            options = replace(options, header_row=self.header_row.value())
        if self.delimiter.isEnabled() and self.delimiter.currentData() != found.delimiter:
            options = replace(options, delimiter=self.delimiter.currentData())
        return options

    def validatePage(self) -> bool:
        wizard = self._wizard
        options = self.chosen_options()
        if not wizard.read_ahead(self, wizard.next, options=options):
            self.problem.setText(self.tr("Reading the file…"))
            return False  # Next again once it is read
        try:
            wizard.guessed = wizard.preview(options=options)
        except FieldworkError as error:
            self.problem.setText(str(error))
            return False
        wizard.read_options = options
        self.problem.setText("")
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: SampleImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Each sample field is matched to a column of the file where its header was recognised."))
        layout = QVBoxLayout(self)
        self.form = _form()
        layout.addLayout(self.form)
        self.combos: dict[str, QComboBox] = {}
        required_fields = sample_required(wizard.controller.framework)
        for name in SAMPLE_FIELDS:
            combo = QComboBox()
            combo.setMinimumWidth(FIELD_WIDTH)
            combo.setAccessibleName(self.tr("Column for {field_labels}").format(field_labels=FIELD_LABELS[name]))
            required = " (required)" if name in required_fields else ""
            self.form.addRow(buddy_label(self.tr("{field_labels}{required}").format(field_labels=FIELD_LABELS[name], required=required), combo), combo)
            self.combos[name] = combo
        buttons = QHBoxLayout()
        load = QPushButton(self.tr("&Load a saved mapping…"))
        load.clicked.connect(self._load)
        save = QPushButton(self.tr("Sa&ve this mapping…"))
        save.clicked.connect(self._save)
        buttons.addWidget(load)
        buttons.addWidget(save)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def initializePage(self) -> None:
        preview = self._wizard.guessed
        headers = [h for h in preview.headers if h] if preview else []
        for name, combo in self.combos.items():
            combo.clear()
            combo.addItem(NOT_IN_FILE, None)
            for header in headers:
                combo.addItem(header, header)
            chosen = self._wizard.columns.get(name) or (preview.mapping.get(name) if preview else None)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)

    def mapping(self) -> dict[str, str | None]:
        return {name: combo.currentData() for name, combo in self.combos.items()}

    def _load(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Saved mapping"), "", "Mappings (*.toml)")
        if name:
            try:
                self._wizard.apply_mapping(self._wizard.controller.load_mapping(Path(name)))
            except FieldworkError as error:
                self.problem.setText(str(error))

    def _save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the mapping"), "", "Mappings (*.toml)")
        if name:
            try:
                self._wizard.controller.save_mapping(Path(name), self._wizard.current_mapping())
                self.problem.setText(self.tr("Mapping saved to {name}.").format(name=name))
            except FieldworkError as error:
                self.problem.setText(str(error))


class ValuesPage(QWizardPage):
    """The force's own words (Yes/No, its case types, its grade spellings) matched to the framework's."""

    def __init__(self, wizard: SampleImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Match the force's words"))
        layout = QVBoxLayout(self)
        self.form = _form()
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.combos: dict[tuple[str, str], QComboBox] = {}
        framework = wizard.controller.framework
        self.targets: dict[str, list[tuple[str, str]]] = {
            "case_type": [(c.label, c.key) for c in framework.case_types],
            "sample": [(s, s) for s in framework.samples],
            "force_grade": [(g.label, g.key) for g in framework.grades]}

    def initializePage(self) -> None:
        wizard = self._wizard
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos.clear()
        mapping = wizard.mapping_page.mapping()
        if not wizard.read_ahead(self, self.initializePage, mapping, values=wizard.values,
                                 options=wizard.read_options):
            self.setSubTitle(self.tr("Reading the file…"))
            return  # shown again once it is read
        try:
            preview = wizard.preview(mapping, values=wizard.values, options=wizard.read_options)
        except FieldworkError as error:
            self.setSubTitle(str(error))
            return
        words = {name: list(found) for name, found in preview.unmatched.items()}
        for name, pairs in wizard.values.items():
            words.setdefault(name, []).extend(w for w in pairs if w not in words[name])
        for name in ("case_type", "sample", "force_grade"):
            column = preview.mapping.get(name) or name
            for word in words.get(name, []):
                combo = QComboBox()
                combo.setMinimumWidth(FIELD_WIDTH)
                combo.setAccessibleName(self.tr("{field_labels} meant by '{word}'").format(field_labels=FIELD_LABELS[name], word=word))
                combo.addItem("(not matched)", None)
                for label, key in self.targets[name]:
                    combo.addItem(label, key)
                chosen = wizard.values.get(name, {}).get(word)
                combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
                self.form.addRow(QLabel(self.tr("'{word}' in column '{column}' means:").format(word=word, column=column)), combo)
                self.combos[name, word] = combo
        if self.combos:
            self.setSubTitle(self.tr("Each word below is not one the framework knows; say what it means, or leave it "
                             "unmatched and fix the file."))
        elif preview.problems and not preview.drafts and not preview.unmatched:
            self.setSubTitle(self.tr("Match the columns first: {detail}").format(detail=preview.problems[0].detail))
        else:
            self.setSubTitle(self.tr("Every value in the file was recognised."))

    def values(self) -> ValueMap:
        mapped: ValueMap = {}
        for (name, word), combo in self.combos.items():
            if combo.currentData() is not None:
                mapped.setdefault(name, {})[word] = combo.currentData()
        return mapped

    def validatePage(self) -> bool:
        self._wizard.values = self.values()
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: SampleImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Check before importing"))
        layout = QVBoxLayout(self)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Import summary"))
        layout.addWidget(self.summary)
        self.drafts = CaseDraftModel(self, wizard.controller.framework)
        self.table = QTableView()
        self.table.setModel(self.drafts)
        self.table.setAccessibleName(self.tr("Cases to import"))
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 2)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.problems_label = QLabel(self.tr("Problems (nothing is imported until there are none):"))
        layout.addWidget(self.problems_label)
        self.problems = QStringListModel(self)
        self.problem_list = QListView()
        self.problem_list.setModel(self.problems)
        self.problem_list.setAccessibleName(self.tr("Problems found"))
        self.problem_list.setWordWrap(True)
        layout.addWidget(self.problem_list, 1)
        self.warnings_label = QLabel(self.tr("Warnings (the file is readable but something in it may be wrong):"))
        layout.addWidget(self.warnings_label)
        self.warnings = QStringListModel(self)
        self.warning_list = QListView()
        self.warning_list.setModel(self.warnings)
        self.warning_list.setAccessibleName(self.tr("Warnings to accept"))
        self.warning_list.setWordWrap(True)
        layout.addWidget(self.warning_list, 1)
        self.accept_warnings = QCheckBox(self.tr("I have checked each &warning; import with them (they are kept in the "
                                         "audit log)"))
        self.accept_warnings.toggled.connect(self.completeChanged)
        layout.addWidget(self.accept_warnings)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.hide()  # shown while the import runs in the background
        layout.addWidget(self.progress)
        self.preview: SamplePreview | None = None

    def initializePage(self) -> None:
        wizard = self._wizard
        self.accept_warnings.setChecked(False)
        mapping = wizard.mapping_page.mapping()
        if not wizard.read_ahead(self, self.initializePage, mapping, values=wizard.values,
                                 options=wizard.read_options):
            self.preview = None  # Import waits for the reading
            self.drafts.load([])
            self.problems.setStringList([])
            self.warnings.setStringList([])
            self.summary.setText(self.tr("Reading and checking every row of the file…"))
            for widget in (self.problems_label, self.problem_list, self.warnings_label, self.warning_list,
                           self.accept_warnings):
                widget.setVisible(False)
            self.completeChanged.emit()
            return  # shown again once it is read
        try:
            self.preview = wizard.preview(mapping, values=wizard.values, options=wizard.read_options)
        except FieldworkError as error:
            self.preview = None
            self.drafts.load([])
            self.problems.setStringList([str(error)])
            self.warnings.setStringList([])
            self.summary.setText(self.tr("The file could not be read."))
        else:
            preview = self.preview
            self.drafts.load(preview.drafts)
            self.problems.setStringList([p.describe() for p in preview.problems])
            self.warnings.setStringList([w.describe() for w in preview.warnings])
            n = len(preview.problems)
            reading = preview.reading
            how = ", ".join(part for part in (
                f"sheet '{reading.sheet}'" if reading.sheet is not None else "",
                f"header on row {reading.header_row}",
                f"encoding {reading.encoding}" if reading.encoding else "",
                f"columns separated by {reading.delimiter_name()}" if reading.delimiter else "") if part)
            if n:
                self.summary.setText(self.tr("{n} problem(s) found. Fix the file (or the matching) and try again; nothing was imported.").format(n=n))
            elif preview.warnings:
                self.summary.setText(self.tr("{drafts} case(s) ready to import ({how}), with {warnings} warning(s) to check and accept first.").format(drafts=len(preview.drafts), how=how, warnings=len(preview.warnings)))
            else:
                self.summary.setText(self.tr("{drafts} case(s) ready to import ({how}).").format(drafts=len(preview.drafts), how=how))
        has_warnings = bool(self.preview and self.preview.warnings)
        has_problems = bool(self.problems.stringList())  # an empty problem box would only take the warnings' room
        self.problems_label.setVisible(has_problems)
        self.problem_list.setVisible(has_problems)
        self.warnings_label.setVisible(has_warnings)
        self.warning_list.setVisible(has_warnings)
        self.accept_warnings.setVisible(has_warnings)
        self.table.resizeColumnsToContents()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.preview is None or not self.preview.ok:
            return False
        return not self.preview.warnings or self.accept_warnings.isChecked()

    def validatePage(self) -> bool:
        """The import itself, as a background job: the service re-checks everything in its transaction. The
        wizard stays on this page (with progress and Cancel) and finishes once the job has succeeded."""
        wizard = self._wizard
        if wizard.summary is not None:
            return True  # the job has finished: the wizard closes
        if wizard.running:
            return False
        accepted = self.warnings.stringList() if self.accept_warnings.isChecked() else []
        try:
            job = wizard.controller.import_job(wizard.path(), wizard.mapping_page.mapping(), values=wizard.values,
                                               options=wizard.read_options, accepted=accepted)
        except FieldworkError as error:
            self.problems.setStringList([str(error)])
            return False
        self.summary.setText(self.tr("Importing… Cancel stops it and imports nothing."))
        wizard.submit(job, self._imported)
        return False

    # what the page shows of the job the wizard runs (JobFollowing)
    def busy(self, busy: bool) -> None:
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self._wizard.button(button).setEnabled(not busy)
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        if not busy:
            self.completeChanged.emit()

    def _imported(self, summary: ImportSummary) -> None:
        wizard = self._wizard
        wizard.summary = summary
        wizard._close_when_done = False  # the import is in, even if closing was asked too late to stop it
        wizard._ended()
        wizard.imported()

    def failed(self, failure: JobFailure) -> None:
        if failure.kind == "rejected":
            self.problems.setStringList(list(failure.lines))
            self.summary.setText(failure.message)
        elif failure.kind == "warnings":
            # the file changed since it was previewed: show the new warnings, to be accepted again
            self.warnings.setStringList(list(failure.lines))
            self.accept_warnings.setChecked(False)
            self.summary.setText(failure.message)
        else:
            self.problems.setStringList([failure.message])
            self.summary.setText(self.tr("Nothing was imported."))

    def cancelled(self) -> None:
        self.summary.setText(self.tr("Import cancelled; nothing was imported."))

    def crash_shown(self, summary: str) -> None:
        self.problems.setStringList([f"The import stopped on an unexpected error ({summary}); nothing was "
                                     "imported."])


class SampleImportWizard(JobFollowing, QWizard):
    """The sample's file, how it reads, its columns and words, then the preview; the import itself runs as a
    background job (the window's runner), followed on the last page, and closing the wizard cancels it."""

    def __init__(self, controller: InspectionController, parent: QWidget | None = None,
                 jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._own_jobs = jobs is None  # shown alone (tests): the window's reload after a job is ours to do
        self._follow_jobs(jobs)
        self.jobs.warm_up()  # the import runs in a worker process: started while the wizard asks its questions
        self.guessed: SamplePreview | None = None
        self._previews: dict[tuple[object, ...], SamplePreview | FieldworkError] = {}  # see preview()
        self._reading: Ticket | None = None  # the file being read in the background (read_ahead)
        controller.casesReloaded.connect(self._forget_previews)  # the cases already there are part of a check
        self.summary: ImportSummary | None = None
        self.read_options = ReadOptions()
        self.values: ValueMap = {}
        self.columns: dict[str, str | None] = {}  # from a loaded mapping, over what was recognised
        self.setWindowTitle(self.tr("Import the case sample"))
        self.setAccessibleName(self.tr("Import the case sample"))
        self.file_page = FilePage(self)
        self.reading_page = ReadingPage(self)
        self.mapping_page = MappingPage(self)
        self.values_page = ValuesPage(self)
        self.preview_page = PreviewPage(self)
        self.progress = self.preview_page.progress
        for page in (self.file_page, self.reading_page, self.mapping_page, self.values_page, self.preview_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Import"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(820, 600)

    def path(self) -> Path:
        return Path(self.file_page.path.text().strip())

    def _forget_previews(self) -> None:
        self._previews.clear()

    @property
    def reading(self) -> bool:
        """The file is being read in the background for a page."""
        return self._reading is not None

    def _preview_key(self, mapping: dict[str, str | None] | None, values: ValueMap | None,
                     options: ReadOptions | None) -> tuple[object, ...] | None:
        path = self.path()
        try:
            state = path.stat()
        except OSError:  # said by the reading itself
            return None
        return (str(path), state.st_mtime_ns, state.st_size,
                None if mapping is None else tuple(sorted(mapping.items(), key=lambda kv: kv[0])),
                tuple(sorted((field, tuple(sorted(words.items()))) for field, words in (values or {}).items())),
                options)

    def preview(self, mapping: dict[str, str | None] | None = None, *, values: ValueMap | None = None,
                options: ReadOptions | None = None) -> SamplePreview:
        """The sample read and checked, once for each state of the file and each choice: a reading is the whole
        file (1.4 s at 100,000 rows), and the pages ask for the same one more than once (the reading page after
        the file page, the preview after the words page, Back then Next). Read here when read_ahead has not
        already read it in the background; a problem reading it is raised."""
        key = self._preview_key(mapping, values, options)
        found = None if key is None else self._previews.get(key)
        if found is None:
            try:
                found = self.controller.preview_sample(self.path(), mapping, values=values, options=options)
            except FieldworkError as error:
                found = error
            if key is not None:
                self._previews[key] = found
        if isinstance(found, FieldworkError):
            raise found
        return found

    def read_ahead(self, page: QWizardPage, then: Callable[[], object], mapping: dict[str, str | None] | None = None,
                   *, values: ValueMap | None = None, options: ReadOptions | None = None) -> bool:
        """True when this reading is known (preview() answers at once). Else it starts in the background, off the
        GUI thread, and False: `then` runs once it is in, if the wizard is still on that page (and asks again)."""
        key = self._preview_key(mapping, values, options)
        if key is None or key in self._previews:
            return True
        if self._reading is not None:  # one reading at a time; the page asks again once it is in
            return False

        def done(outcome: SamplePreview | FieldworkError) -> None:
            self._reading = None
            self._previews[key] = outcome
            if self.isVisible() and self.currentPage() is page:
                then()

        def stopped(failure: JobFailure | None = None) -> None:
            self._reading = None
            if failure is not None:
                self._previews[key] = FieldworkError(failure.message)
                if self.isVisible() and self.currentPage() is page:
                    then()

        def crashed(summary: str, details: str) -> None:
            stopped(JobFailure(f"The file could not be read: an unexpected error ({summary})."))
            self.jobs.bug.emit(summary, details)  # the crash dialog, with the details to report

        self._reading = self.jobs.submit(self.controller.preview_job(self.path(), mapping, values=values,
                                                                     options=options),
                                         on_succeeded=done, on_failed=stopped, on_cancelled=stopped,
                                         on_crashed=crashed)
        return False

    def reject(self) -> None:
        """A reading under way stops with the wizard (it writes nothing); an import under way is cancelled and
        the wizard closes once it has rolled back (JobFollowing)."""
        if self._reading is not None and self.ticket is None:
            self.jobs.cancel(self._reading)
        super().reject()

    def imported(self) -> None:
        """The import job succeeded: the views reload (the window's runner does it for the window), then done."""
        if self._own_jobs:
            self.controller.cases_imported()
        self.accept()

    # the job as the last page shows it (JobFollowing)
    def _busy(self, busy: bool) -> None:
        self.preview_page.busy(busy)

    def _cancelling(self) -> None:
        self.preview_page.summary.setText(self.tr("Cancelling… nothing of this import is kept."))

    def _failed(self, failure: JobFailure) -> None:
        self.preview_page.failed(failure)

    def _cancelled(self) -> None:
        self.preview_page.cancelled()

    def _crash_shown(self, summary: str) -> None:
        self.preview_page.crash_shown(summary)

    def apply_mapping(self, mapping: ImportMapping) -> None:
        """A saved mapping: its columns, values and reading choices replace the ones on screen."""
        self.columns = dict(mapping.columns)
        self.values = {k: dict(v) for k, v in mapping.values.items()}
        self.read_options = mapping.reading
        if self.read_ahead(self.mapping_page, self._mapping_read, options=self.read_options):
            self._mapping_read()
        else:
            self.mapping_page.problem.setText(self.tr("Reading the file as the mapping says…"))

    def _mapping_read(self) -> None:
        """The file read as a loaded mapping says: its columns offered again (a problem reading it is said)."""
        try:
            self.guessed = self.preview(options=self.read_options)
        except FieldworkError as error:
            self.mapping_page.problem.setText(str(error))
            return
        self.mapping_page.problem.setText("")
        self.mapping_page.initializePage()

    def current_mapping(self) -> ImportMapping:
        columns = {k: v for k, v in self.mapping_page.mapping().items() if v}
        values = self.values_page.values() if self.values_page.combos else self.values
        return ImportMapping(columns, values, self.read_options)
