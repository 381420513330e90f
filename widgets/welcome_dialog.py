"""First-run welcome: the inspector's name and role, then the demo inspection or a fieldwork package.

The dialog writes nothing itself. It hands the name and role to a `create_identity` hook supplied by
the composition root (desktop/app.py): `desktop.laptop.first_run.identity_creator(IdentityStore(), settings)`,
which keeps a new identity in the keyring, and returns a WelcomeChoice for the caller to act on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import FieldworkError
from models.team.identity import ROLES
from widgets.dialogs import NewFileRows, NewFileWords

OPEN_DEMO, OPEN_PACKAGE, LATER = "demo", "package", "later"
ROLE_LABELS = {"inspector": "Inspector", "lead": "Lead inspector"}
# Inspector first: most people installing the app grade cases; unknown future roles show their key.
DEFAULT_ROLES = tuple((key, ROLE_LABELS.get(key, key.title()))
                      for key in sorted(ROLES, key=lambda role: role != "inspector"))
PACKAGE_FILTER = "Fieldwork packages (*.pkg);;Inspection files (*.fieldwork);;All files (*)"

CreateIdentity = Callable[[str, str], object]
# (identity file, passphrase) -> the CreateIdentity that keeps the new identity in that file
CreateFileIdentity = Callable[[Path, str], CreateIdentity]
ChoosePackage = Callable[[QWidget], Path | None]


@dataclass(frozen=True)
class WelcomeChoice:
    """What the user chose: who they are, and what to open first (package is set for OPEN_PACKAGE)."""

    name: str
    role: str
    action: str
    package: Path | None = None


def ask_for_package(parent: QWidget) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("welcome_dialog", "Open a fieldwork package"), "", PACKAGE_FILTER)
    return Path(chosen) if chosen else None


class IdentityFileRows(QWidget):
    """Where a new identity is kept: the OS keyring by default, or a file under a passphrase (the only way on a
    laptop whose keyring does not work). Used by the welcome and by Team ▸ My identity card…."""

    def __init__(self, keyring_works: bool, default_file: Path | None, offered: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offered = offered
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.keyring_note = QLabel(self.tr(
            "This laptop has no working keyring to keep your inspector identity in. Keep it in a file protected "
            "by a passphrase instead: you will be asked for the passphrase once each session, when team work "
            "first needs it."))
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(not keyring_works)
        column.addWidget(self.keyring_note)
        self.use_file = QCheckBox(self.tr("&Keep my identity in a file protected by a passphrase"))
        self.use_file.setChecked(not keyring_works)
        self.use_file.setEnabled(keyring_works)  # without a keyring the file is the only way
        self.use_file.setVisible(offered)
        column.addWidget(self.use_file)
        self.file_rows = QWidget()
        rows = QFormLayout(self.file_rows)
        rows.setContentsMargins(0, 0, 0, 0)
        self.new_file = NewFileRows(rows, self, self.tr("Identity &file:"), NewFileWords(
            self.tr("Identity file"), (self.tr("P&assphrase:"), self.tr("Identity passphrase")),
            (self.tr("R&epeat passphrase:"), self.tr("Repeat identity passphrase")), self.tr("Identity file"),
            self.tr("Identity files (*.age);;All files (*)"), None, self.tr("Choose where to keep your identity file."),
            self.tr("{path} already exists; an identity is never overwritten. Choose a new file name, or use the "
                    "existing file from Team ▸ My identity card…."),
            self.tr("The two passphrases differ; type the same passphrase twice."),
            self.tr("Identity passphrase: {weak}")))
        self.file_edit, self.passphrase_edit = self.new_file.path, self.new_file.passphrase
        self.repeat_edit = self.new_file.repeat
        self.file_edit.setText(str(default_file) if default_file else "")
        column.addWidget(self.file_rows)
        self.use_file.toggled.connect(self._show_rows)
        self._show_rows()

    def _show_rows(self) -> None:
        self.file_rows.setVisible(self.offered and self.use_file.isChecked())

    @property
    def chosen(self) -> bool:
        """Whether the identity goes in a file (rather than the keyring)."""
        return self.offered and self.use_file.isChecked()

    def path(self) -> Path:
        return self.new_file.chosen_path()

    def problem(self) -> str | None:
        """Why the identity file cannot be made as typed, or None."""
        return self.new_file.problem()


class WelcomeDialog(QDialog):
    """Shown once, before the main window, when no inspector identity exists yet."""

    def __init__(self, parent: QWidget | None = None, *, default_name: str = "",
                 roles: Sequence[tuple[str, str]] = DEFAULT_ROLES,
                 create_identity: CreateIdentity | None = None,
                 choose_package: ChoosePackage = ask_for_package,
                 keyring_works: bool = True, default_identity_file: Path | None = None,
                 create_file_identity: CreateFileIdentity | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Fieldwork"))
        self.choice: WelcomeChoice | None = None
        self._create_identity = create_identity
        self._choose_package = choose_package
        self._create_file_identity = create_file_identity

        intro = QLabel(self.tr("Fieldwork keeps each inspection in one encrypted file on this laptop and works "
                       "without a network. Tell us who you are; your name is recorded against every "
                       "grade and note you make."))
        intro.setWordWrap(True)

        self.name_edit = QLineEdit(default_name)
        self.name_edit.setPlaceholderText(self.tr("e.g. Sam Inspector"))
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.role_combo = QComboBox()
        for key, label in roles:
            self.role_combo.addItem(label, key)
        self.role_combo.setAccessibleName(self.tr("Your role"))
        form = QFormLayout()
        form.addRow(self.tr("&Your name:"), self.name_edit)
        form.addRow(self.tr("&Role:"), self.role_combo)

        self.identity_box = IdentityFileRows(keyring_works, default_identity_file,
                                             offered=create_file_identity is not None)
        self.use_file = self.identity_box.use_file

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.demo_button = QPushButton(self.tr("Open the &demo inspection"))
        self.package_button = QPushButton(self.tr("Open a fieldwork &package…"))
        self.later_button = QPushButton(self.tr("&Later"))
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(lambda: self._finish(OPEN_DEMO))
        self.package_button.clicked.connect(lambda: self._finish(OPEN_PACKAGE))
        self.later_button.clicked.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.package_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(self.identity_box)
        layout.addWidget(self.error_label)
        layout.addStretch(1)  # a tall screen leaves the space below the form, not between its rows
        layout.addLayout(buttons)
        for edit in (self.identity_box.passphrase_edit, self.identity_box.repeat_edit, self.identity_box.file_edit):
            edit.textChanged.connect(self.error_label.hide)  # the problem told is being fixed
        self._update_buttons()

    @property
    def name(self) -> str:
        return " ".join(self.name_edit.text().split())

    @property
    def role(self) -> str:
        return str(self.role_combo.currentData())

    def _update_buttons(self) -> None:
        # Every edit is attributed to a name, so nothing opens until there is one.
        has_name = bool(self.name)
        self.demo_button.setEnabled(has_name)
        self.package_button.setEnabled(has_name)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _finish(self, action: str) -> None:
        if not self.name:
            self._show_error(self.tr("Please enter your name first."))
            return
        package = None
        if action == OPEN_PACKAGE:
            package = self._choose_package(self)
            if package is None:
                return  # the file dialog was cancelled: stay on the welcome
        create = self._create_identity
        if self._create_file_identity is not None and self.identity_box.chosen:
            problem = self.identity_box.problem()
            if problem:
                self._show_error(problem)
                return
            create = self._create_file_identity(self.identity_box.path(), self.identity_box.passphrase_edit.text())
        if create is not None:
            try:
                create(self.name, self.role)
            except FieldworkError as error:
                self._show_error(str(error))
                return
        self.choice = WelcomeChoice(self.name, self.role, action, package)
        self.accept()

    def reject(self) -> None:
        self.choice = WelcomeChoice(self.name, self.role, LATER)
        super().reject()


def run_welcome(parent: QWidget | None = None, **options: Any) -> WelcomeChoice:
    """Show the welcome modally; closing it counts as "later" (the welcome is offered again next start)."""
    dialog = WelcomeDialog(parent, **options)  # options: WelcomeDialog's keywords, passed through
    dialog.exec()
    return dialog.choice or WelcomeChoice(dialog.name, dialog.role, LATER)
