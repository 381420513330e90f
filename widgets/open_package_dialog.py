"""An inspector opens the lead's fieldwork package as their own encrypted inspection file.

Three things come from the lead in person: the package (USB stick), the lead's identity card, and the
card's fingerprint read aloud. The new file gets its own passphrase, chosen here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.laptop import paths
from models.errors import FieldworkError
from models.team.identity import IdentityCard
from widgets.dialogs import NewFileRows, browse_row, buddy_label, ok_cancel, problem_label
from widgets.team_members_dialog import CARD_FILTER, read_untrusted_card
from widgets.welcome_dialog import PACKAGE_FILTER


class OpenPackageDialog(QDialog):
    """`opener` does the opening; a refusal (wrong fingerprint, tampered package...) keeps the dialog open."""

    def __init__(self, opener: Callable[[OpenPackageDialog], None], package: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opener = opener
        self.setWindowTitle(self.tr("Open a fieldwork package"))
        self.lead_card: IdentityCard | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        intro = QLabel(self.tr("Your lead gives you the fieldwork package and their identity card, and reads the "
                       "card's fingerprint aloud. Fieldwork checks the package was signed by that card, then "
                       "creates your own encrypted inspection file with the cases allocated to you."))
        intro.setWordWrap(True)
        layout.addWidget(intro)  # wrapped text outside the form layout, which would clip it
        layout.addLayout(form)
        self.package = QLineEdit()
        self.package.setAccessibleName(self.tr("Fieldwork package"))
        form.addRow(buddy_label(self.tr("Fieldwork pac&kage"), self.package), browse_row(self.package, self._browse_package))
        self.card_path = QLineEdit()
        self.card_path.setAccessibleName(self.tr("Lead's identity card"))
        form.addRow(buddy_label(self.tr("Lead's identity &card"), self.card_path), browse_row(self.card_path, self._browse_card))
        self.card_info = QLabel("")
        self.card_info.setTextFormat(Qt.TextFormat.RichText)
        self.card_info.setWordWrap(True)
        self.card_info.setAccessibleName(self.tr("Card"))
        form.addRow(self.card_info)
        self.fingerprint = QLineEdit()
        self.fingerprint.setAccessibleName(self.tr("Lead's fingerprint read aloud"))
        self.fingerprint.setPlaceholderText(self.tr("type it as your lead reads it to you"))
        form.addRow(buddy_label(self.tr("Lead's &fingerprint"), self.fingerprint), self.fingerprint)
        self.new_file = NewFileRows(form, self, label=self.tr("Your new &inspection file"))
        self.problem = problem_label(self.tr("Problem"))
        layout.addWidget(self.problem)
        layout.addWidget(ok_cancel(self, self.tr("Open package"), self._accept))
        self.package.editingFinished.connect(self._suggest_file)
        self.card_path.editingFinished.connect(self._read_card)
        if package is not None:
            self.package.setText(str(package))
            self._suggest_file()
        self.setMinimumWidth(660)

    def _browse_package(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Fieldwork package"), "", PACKAGE_FILTER)
        if name:
            self.package.setText(name)
            self._suggest_file()

    def _browse_card(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Lead's identity card"), "", CARD_FILTER)
        if name:
            self.card_path.setText(name)
            self._read_card()

    def _suggest_file(self) -> None:
        """A new file in the user's data folder, named after the package, unless one was chosen."""
        stem = Path(self.package.text().strip()).stem
        if stem and not self.new_file.path.text().strip():
            self.new_file.path.setText(str(paths.data_dir() / f"{stem}.fieldwork"))

    def _read_card(self) -> None:
        self.lead_card, described = read_untrusted_card(self.card_path.text())
        self.card_info.setText(described)

    def problem_text(self) -> str | None:
        if not self.package.text().strip():
            return self.tr("Choose the fieldwork package your lead gave you.")
        if not Path(self.package.text().strip()).is_file():
            return self.tr("There is no file at {path}.").format(path=self.package.text().strip())
        self._read_card()
        if self.lead_card is None:
            return self.card_info.text() or self.tr("Choose your lead's identity card.")
        if not self.fingerprint.text().strip():
            return self.tr("Type the fingerprint your lead reads aloud.")
        return self.new_file.problem()

    def _accept(self) -> None:
        problem = self.problem_text()
        if problem is None:
            try:
                self._opener(self)
            except FieldworkError as error:
                problem = f"{error} Nothing was created."
        self.problem.setText(problem or "")
        if problem is None:
            self.accept()
