"""Passphrase, new inspection, the inspection's details, and the two kinds of error dialog: known problems and
bugs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.laptop.passphrases import passphrase_problem
from models.inspection.framework import DEFAULT_FRAMEWORK, Framework, available_frameworks, load_framework
from models.inspection.records import FORCE_TERMS, InspectionInfo
from widgets import look


def ok_cancel(dialog: QDialog, ok_text: str | None = None,
              on_ok: Callable[[], None] | None = None) -> QDialogButtonBox:
    """OK (renamed to what it does) and Cancel; OK runs on_ok, which accepts only when all is well."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PassphraseDialog(QDialog):
    """Asks for one file's passphrase; shows why the previous try failed."""

    def __init__(self, path: Path, problem: str | None = None, parent: QWidget | None = None,
                 title: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Unlock inspection"))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Enter the passphrase of <b>{name}</b>.").format(name=path.name)))
        self.problem = QLabel(problem or "")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Unlock problem"))
        self.problem.setVisible(bool(problem))
        self.problem.setStyleSheet(look.problem_style())
        form.addRow(self.problem)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        form.addRow(buddy_label(self.tr("&Passphrase"), self.passphrase), self.passphrase)
        form.addRow(ok_cancel(self, self.tr("Unlock")))


def ask_passphrase(parent: QWidget | None, title: str | None = None) -> Callable[[Path, str | None], str | None]:
    """A PassphrasePrompt backed by the dialog."""

    def prompt(path: Path, problem: str | None) -> str | None:
        dialog = PassphraseDialog(path, problem, parent, title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase.text()

    return prompt


def browse_row(edit: QLineEdit, browse: Callable[[], None]) -> QHBoxLayout:
    """A path field with its Browse… button beside it."""
    row = QHBoxLayout()
    button = QPushButton(QCoreApplication.translate("dialogs", "Browse…"))
    button.setAccessibleName(QCoreApplication.translate("dialogs", "Browse for {lower}").format(lower=edit.accessibleName().lower()))
    button.setAutoDefault(False)  # Enter in a dialog means its OK button, not Browse
    button.clicked.connect(browse)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


@dataclass(frozen=True)
class NewFileWords:
    """What the rows of a new passphrase-protected file say, for an inspection file or an identity file."""

    field: str  # the path field's accessible name
    passphrase: tuple[str, str]  # (label with its &-letter, accessible name)
    repeat: tuple[str, str]
    caption: str  # of the save dialog Browse… opens
    filters: str
    suffix: str | None  # added to a chosen name that lacks it
    no_path: str
    exists: str  # with {path}
    differ: str
    weak: str  # with {weak}: what is wrong with the passphrase


def inspection_file_words() -> NewFileWords:
    return NewFileWords(
        QCoreApplication.translate("dialogs", "Inspection file"),
        (QCoreApplication.translate("dialogs", "&Passphrase"), QCoreApplication.translate("dialogs", "Passphrase")),
        (QCoreApplication.translate("dialogs", "R&epeat passphrase"), QCoreApplication.translate("dialogs", "Repeat passphrase")),
        QCoreApplication.translate("dialogs", "New inspection file"), QCoreApplication.translate("dialogs", "Inspections (*.fieldwork)"), ".fieldwork",
        QCoreApplication.translate("dialogs", "Choose where to save the inspection file."),
        QCoreApplication.translate("dialogs", "{path} already exists; choose a new file name."),
        QCoreApplication.translate("dialogs", "The two passphrases differ."), "{weak}")


class NewFileRows:
    """The rows every new passphrase-protected file needs: where it goes, and its passphrase typed twice."""

    def __init__(self, form: QFormLayout, parent: QWidget, label: str | None = None,
                 words: NewFileWords | None = None) -> None:
        self.parent = parent
        self.words = words or inspection_file_words()
        self.path = QLineEdit()
        self.path.setAccessibleName(self.words.field)
        form.addRow(buddy_label(label or QCoreApplication.translate("dialogs", "F&ile"), self.path),
                    browse_row(self.path, self._browse))
        self.passphrase = self._secret(form, *self.words.passphrase)
        self.repeat = self._secret(form, *self.words.repeat)

    @staticmethod
    def _secret(form: QFormLayout, label: str, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        form.addRow(buddy_label(label, edit), edit)
        return edit

    def chosen_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _browse(self) -> None:
        # no "replace it?" question: an existing file is refused (problem()), never overwritten
        name, _ = QFileDialog.getSaveFileName(self.parent, self.words.caption, self.path.text(), self.words.filters,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        suffix = self.words.suffix
        if name:
            self.path.setText(name if not suffix or name.endswith(suffix) else name + suffix)

    def problem(self) -> str | None:
        typed = self.path.text().strip()
        if not typed:
            return self.words.no_path
        if self.chosen_path().exists():
            return self.words.exists.format(path=typed)
        if self.passphrase.text() != self.repeat.text():
            return self.words.differ
        weak = passphrase_problem(self.passphrase.text())
        return self.words.weak.format(weak=weak) if weak else None


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A field's label whose mnemonic (the &-letter) moves the focus to the field."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def problem_label(name: str) -> QLabel:
    """Where a dialog says what is still wrong, in the error colour used throughout."""
    label = QLabel("")
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote names from cards and files: never markup
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setStyleSheet(look.problem_style())
    return label


def show_status(label: QLabel, text: str, *, problem: bool) -> None:
    """A dialog's status line: a problem bold in the error colour, anything else plain, as information."""
    label.setStyleSheet(look.problem_style() if problem else "")
    label.setAccessibleDescription("Problem" if problem else "Information")
    label.setText(text)


def framework_summary(framework: Framework) -> str:
    """What choosing a framework means for the work, in one line under the choice."""
    parts = [f"{len(framework.grades)} grades"]
    if framework.case_grade:
        parts.append("an overall grade per case")
    if framework.graded_areas:
        parts.append(f"{len(framework.graded_areas)} topics graded per case")
    if framework.judged_areas:
        parts.append(f"{len(framework.judged_areas)} topics judged for the whole force")
    parts.append("a force self-assessed sample" if framework.self_assessment else "no force self-assessment")
    return "; ".join(parts) + "."


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class FieldworkDates:
    """The inspection's first and last day on site, both optional together: a box ticked to give them."""

    def __init__(self, form: QFormLayout, start: date | None = None, end: date | None = None) -> None:
        self.box = QGroupBox(QCoreApplication.translate("dialogs", "Fieldwork &dates (documents carry the year they end in)"))
        self.box.setAccessibleName(QCoreApplication.translate("dialogs", "Fieldwork dates"))
        self.box.setCheckable(True)
        self.box.setChecked(start is not None and end is not None)
        rows = QFormLayout(self.box)
        self.start = self._date_edit("First day of the inspection", start)
        self.end = self._date_edit("Last day of the inspection", end or start)
        rows.addRow(buddy_label(QCoreApplication.translate("dialogs", "Fir&st day"), self.start), self.start)
        rows.addRow(buddy_label(QCoreApplication.translate("dialogs", "&Last day"), self.end), self.end)
        form.addRow(self.box)

    @staticmethod
    def _date_edit(name: str, day: date | None) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day) if day else QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMMM yyyy")
        edit.setAccessibleName(name)
        return edit

    def values(self) -> tuple[date, date] | None:
        """The two days, or None when the box is unticked."""
        if not self.box.isChecked():
            return None
        return _to_date(self.start.date()), _to_date(self.end.date())

    def problem(self) -> str | None:
        chosen = self.values()
        if chosen and chosen[1] < chosen[0]:
            return QCoreApplication.translate("dialogs", "The last day of the inspection comes before its first day.")
        return None


class NewInspectionDialog(QDialog):
    """Force name, how the report names it, the framework, the fieldwork dates, the file and its passphrase."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New inspection"))
        form = QFormLayout(self)
        self.force_name = QLineEdit()
        self.force_name.setAccessibleName(self.tr("Force name"))
        self.force_name.setPlaceholderText(self.tr("e.g. Gloucestershire Constabulary"))
        form.addRow(buddy_label(self.tr("&Force name"), self.force_name), self.force_name)
        self.force_term = QComboBox()
        self.force_term.setAccessibleName(self.tr("The report calls it"))
        self.force_term.addItems(list(FORCE_TERMS))
        form.addRow(buddy_label(self.tr("The report calls it &the…"), self.force_term), self.force_term)
        self.framework = QComboBox()
        self.framework.setAccessibleName(self.tr("Framework"))
        self._frameworks = {key: load_framework(key) for key in available_frameworks()}
        for key, framework in self._frameworks.items():
            self.framework.addItem(framework.name, key)
            # what each framework is, read before choosing it (the line below describes the chosen one)
            self.framework.setItemData(self.framework.count() - 1, f"{framework.name}: {framework_summary(framework)}",
                                       Qt.ItemDataRole.ToolTipRole)
        self.framework.setCurrentIndex(max(self.framework.findData(DEFAULT_FRAMEWORK), 0))  # as the CLI
        form.addRow(buddy_label(self.tr("F&ramework"), self.framework), self.framework)
        self.framework_summary = QLabel("")
        self.framework_summary.setWordWrap(True)
        self.framework_summary.setAccessibleName(self.tr("What the framework grades"))
        form.addRow("", self.framework_summary)
        self.framework.currentIndexChanged.connect(self._describe_framework)
        self._describe_framework()
        self.dates = FieldworkDates(form)
        self.new_file = NewFileRows(form, self)
        self.path, self.passphrase, self.repeat = self.new_file.path, self.new_file.passphrase, self.new_file.repeat
        self.problem = problem_label(self.tr("Problem"))
        form.addRow(self.problem)
        form.addRow(ok_cancel(self, self.tr("Create"), self._accept))
        self.resize(560, 0)

    def problem_text(self) -> str | None:
        if not self.force_name.text().strip():
            return self.tr("Enter the force's name.")
        return self.dates.problem() or self.new_file.problem()

    def _describe_framework(self) -> None:
        framework = self._frameworks.get(self.framework.currentData())
        self.framework_summary.setText(framework_summary(framework) if framework else "")

    def _accept(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem or "")
        if problem is None:
            self.accept()


class InspectionDetailsDialog(QDialog):
    """The open inspection's force and framework (fixed once made) and its fieldwork dates (editable)."""

    def __init__(self, info: InspectionInfo, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Inspection details"))
        self.setAccessibleName(self.tr("Inspection details"))
        form = QFormLayout(self)
        for label, text in (("Force", info.force_name), ("Framework", framework.name),
                            ("", framework_summary(framework))):
            shown = QLabel(text)
            shown.setWordWrap(True)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(label or "What the framework grades")
            form.addRow(label, shown)
        self.dates = FieldworkDates(form, _iso_date(info.start_date), _iso_date(info.end_date))
        self.problem = problem_label(self.tr("Problem"))
        form.addRow(self.problem)
        form.addRow(ok_cancel(self, self.tr("Save"), self._accept))
        self.resize(520, 0)

    def _accept(self) -> None:
        problem = self.dates.problem()
        self.problem.setText(problem or "")
        if problem is None:
            self.accept()


def _iso_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class ErrorReporter:
    """Known problems get a plain message; bugs get a short message with expandable details.

    Dialogs are shown window-modal without blocking, so an error raised inside an event handler
    never nests event loops; the last one is kept for tests and screenshots.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.last: QMessageBox | None = None

    def known(self, message: str, title: str = "Fieldwork") -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a message may quote a name from a card or a file
        box.setAccessibleName(QCoreApplication.translate("dialogs", "Problem"))
        return self._show(box)

    def bug(self, summary: str, details: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("dialogs", "Unexpected error"),
                          QCoreApplication.translate("dialogs", "Something went wrong inside Fieldwork. Your saved work is safe in the inspection file.\n\n{summary}").format(summary=summary), QMessageBox.StandardButton.Ok, self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText(details)  # the "Show Details…" section: for whoever fixes the bug
        box.setAccessibleName(QCoreApplication.translate("dialogs", "Unexpected error"))
        return self._show(box)

    def _show(self, box: QMessageBox) -> QMessageBox:
        self.last = box
        box.open()
        return box
