"""The team's identity cards on the lead's inspection, and this laptop's own identity card.

A card is registered only when the fingerprint its owner reads aloud matches the card: a card file alone
proves nothing, since anyone could have written it to the USB stick.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.exchange import ExchangeController
from models.errors import FieldworkError
from models.team.identity import ROLES, Identity, IdentityCard
from models.untrusted import printable
from widgets.dialogs import ask_passphrase, browse_row, buddy_label, problem_label, show_status

CARD_FILTER = "Identity cards (*.card);;All files (*)"
Confirm = Callable[[QWidget, str], bool]


def ask_yes_no(parent: QWidget, question: str) -> bool:
    """Yes or No, with No the default: Enter alone never confirms what cannot be undone."""
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("team_members_dialog", "Fieldwork"), question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the question names a team member: never markup
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def shown(text: str) -> str:
    """Untrusted text for a rich-text label: control characters escaped, then markup escaped."""
    return html.escape(printable(text))


def read_untrusted_card(path_text: str) -> tuple[IdentityCard | None, str]:
    """The card at the path typed (None if unreadable), and how to describe it as rich text: the card is
    not trusted yet, so its fields, and any error quoting them, are shown and never interpreted."""
    if not path_text.strip():
        return None, ""
    try:
        card = IdentityCard.read(Path(path_text.strip()))
    except FieldworkError as error:
        return None, html.escape(str(error))
    return card, f"Card of <b>{shown(card.name)}</b> ({shown(card.role)})."


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


def fingerprint_label(fingerprint: str) -> QLabel:
    """A fingerprint large, monospaced and selectable: it is read aloud, character by character."""
    label = QLabel(fingerprint)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setAccessibleName(QCoreApplication.translate("team_members_dialog", "Fingerprint"))
    return label


class TeamMembersDialog(QDialog):
    """Register a card handed over in person, add the lead's own card, revoke a lost laptop's card."""

    def __init__(self, controller: ExchangeController, parent: QWidget | None = None,
                 confirm: Confirm = ask_yes_no) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team members"))
        self.controller = controller
        self._confirm = confirm
        self.members = QTreeWidget()
        self.members.setAccessibleName(self.tr("Team members"))
        self.members.setHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Fingerprint"), self.tr("Status")])
        self.members.setRootIsDecorated(False)
        self.revoke_button = QPushButton(self.tr("&Revoke selected card…"))
        self.own_button = QPushButton(self.tr("Add &my own card"))

        self.card_path = QLineEdit()
        self.card_path.setAccessibleName(self.tr("Identity card file"))
        self.card_info = QLabel(self.tr("Choose the card file the team member handed you."))
        self.card_info.setTextFormat(Qt.TextFormat.RichText)
        self.card_info.setWordWrap(True)
        self.card_info.setAccessibleName(self.tr("Card"))
        self.fingerprint = QLineEdit()
        self.fingerprint.setAccessibleName(self.tr("Fingerprint read aloud"))
        self.fingerprint.setPlaceholderText(self.tr("type it as its owner reads it to you"))
        self.register_button = QPushButton(self.tr("Re&gister card"))
        self.status = problem_label(self.tr("Team status"))

        form = QFormLayout()
        form.addRow(buddy_label(self.tr("&Card file"), self.card_path), browse_row(self.card_path, self._browse))
        form.addRow(self.card_info)
        form.addRow(buddy_label(self.tr("&Fingerprint read aloud"), self.fingerprint), self.fingerprint)
        form.addRow(self.register_button)
        row = QHBoxLayout()
        row.addWidget(self.own_button)
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.members)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(close_buttons(self))

        # Enter in the fingerprint field registers that card; no button is the default, or Enter could
        # press "Add my own card" instead
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.fingerprint.returnPressed.connect(self.register)
        self.card_path.editingFinished.connect(self._show_card)
        self.register_button.clicked.connect(self.register)
        self.own_button.clicked.connect(self.add_own_card)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.members.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()
        self.resize(720, 480)

    def refresh(self) -> None:
        self.members.clear()
        for m in self.controller.members():
            item = QTreeWidgetItem([printable(m.name), m.role, m.fingerprint, "revoked" if m.revoked else "active"])
            item.setData(0, Qt.ItemDataRole.UserRole, m.name)
            item.setDisabled(m.revoked)
            self.members.addTopLevelItem(item)
        for column in range(4):
            self.members.resizeColumnToContents(column)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.members.currentItem()
        self.revoke_button.setEnabled(item is not None and item.isSelected() and not item.isDisabled())
        own = self.controller.identity
        # an identity file not unlocked yet: the click asks its passphrase, then registers the card
        self.own_button.setEnabled(self.controller.identity_locked or (
            own is not None and own.card.fingerprint not in {m.fingerprint for m in self.controller.members()}))

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Identity card"), "", CARD_FILTER)
        if name:
            self.card_path.setText(name)
            self._show_card()

    def _show_card(self) -> IdentityCard | None:
        """Name the card's owner, but never show its fingerprint: it must come from the owner's mouth."""
        card, described = read_untrusted_card(self.card_path.text())
        if card is not None:
            described += (f" Ask {shown(card.name)} to read the fingerprint shown on their own screen, "
                          "and type it below.")
        if described:
            self.card_info.setText(described)
        return card

    def register(self) -> None:
        card = self._show_card()
        if card is None:
            show_status(self.status, self.tr("Choose a readable identity card first."), problem=True)
            return
        try:
            member = self.controller.register_card(card, self.fingerprint.text())
        except FieldworkError as error:
            show_status(self.status, str(error), problem=True)
            return
        show_status(self.status, self.tr("Registered {name} ({role}).").format(name=printable(member.name), role=member.role), problem=False)
        self.card_path.clear()
        self.fingerprint.clear()
        self.card_info.setText(self.tr("Choose the card file the team member handed you."))
        self.refresh()

    def add_own_card(self) -> None:
        try:
            member = self.controller.register_own_card()
        except FieldworkError as error:
            show_status(self.status, str(error), problem=True)
            return
        show_status(self.status, self.tr("Registered your own card ({name}, {role}).").format(name=printable(member.name), role=member.role), problem=False)
        self.refresh()

    def revoke_selected(self) -> None:
        item = self.members.currentItem()
        if item is None:
            return
        name = item.data(0, Qt.ItemDataRole.UserRole)
        if not self._confirm(self, f"Revoke {printable(name)}'s card? Packages signed with it will be refused from now "
                                   "on. This cannot be undone."):
            return
        try:
            self.controller.revoke(name)
        except FieldworkError as error:
            show_status(self.status, str(error), problem=True)
            return
        show_status(self.status, self.tr("Revoked {name}'s card.").format(name=printable(name)), problem=False)
        self.refresh()


class IdentityDialog(QDialog):
    """This laptop's identity: created here if there is none, then its card saved and its fingerprint shown."""

    def __init__(self, identity: Identity | None, create: Callable[[str, str], Identity],
                 save_card: Callable[[Identity, Path], None], default_name: str = "",
                 parent: QWidget | None = None, *, keyring_works: bool = True,
                 default_identity_file: Path | None = None,
                 create_file_identity: Callable[[Path, str], Callable[[str, str], Identity]] | None = None,
                 choose_identity_file: Callable[[Path, str], Identity] | None = None,
                 ask_file_passphrase: Callable[[Path, str | None], str | None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("My identity card"))
        self.identity = identity
        self._create = create
        self._save_card = save_card
        self._keyring_works = keyring_works
        self._default_identity_file = default_identity_file
        self._create_file_identity = create_file_identity
        self._choose_identity_file = choose_identity_file
        self._ask_file_passphrase = ask_file_passphrase or ask_passphrase(self, self.tr("Unlock your identity"))
        self.layout_ = QVBoxLayout(self)
        self.status = problem_label(self.tr("Identity status"))
        if identity is None:
            self._creation_form(default_name)
        else:
            self._card_view(identity)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(close_buttons(self))
        self.setMinimumWidth(580)

    def _creation_form(self, default_name: str) -> None:
        self.form_box = QWidget()
        box = QVBoxLayout(self.form_box)
        intro = QLabel(self.tr("This laptop has no inspector identity yet. It signs every package you send and "
                       "unlocks the packages sent to you; it stays on this laptop, in its keyring or in a file protected by "
                       "a passphrase."))
        intro.setWordWrap(True)
        box.addWidget(intro)  # wrapped text outside the form layout, which would clip it
        form = QFormLayout()
        box.addLayout(form)
        self.name_edit = QLineEdit(default_name)
        self.name_edit.setAccessibleName(self.tr("Your name"))
        form.addRow(buddy_label(self.tr("&Your name"), self.name_edit), self.name_edit)
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(self.tr("Your role"))
        for role in ROLES:
            self.role_combo.addItem({"lead": "Team lead", "inspector": "Inspector"}[role], role)
        self.role_combo.setCurrentIndex(self.role_combo.findData("inspector"))
        form.addRow(buddy_label(self.tr("&Role"), self.role_combo), self.role_combo)
        from widgets.welcome_dialog import IdentityFileRows

        self.file_choice = IdentityFileRows(self._keyring_works, self._default_identity_file,
                                            offered=self._create_file_identity is not None)
        box.addWidget(self.file_choice)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(self.tr("&Create identity"))
        self.create_button.clicked.connect(self.create_identity)
        buttons.addWidget(self.create_button)
        # a laptop rebuilt, or an identity brought on a USB stick: the same identity, so packages still open
        self.existing_button = QPushButton(self.tr("&Use an existing identity file…"))
        self.existing_button.setAutoDefault(False)
        self.existing_button.clicked.connect(lambda: self.use_existing_file())
        self.existing_button.setVisible(self._choose_identity_file is not None)
        buttons.addWidget(self.existing_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.layout_.addWidget(self.form_box)

    def create_identity(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if not name:
            show_status(self.status, self.tr("Enter your name, as the team knows you."), problem=True)
            return
        create = self._create
        if self._create_file_identity is not None and self.file_choice.chosen:
            problem = self.file_choice.problem()
            if problem:
                show_status(self.status, problem, problem=True)
                return
            create = self._create_file_identity(self.file_choice.path(), self.file_choice.passphrase_edit.text())
        try:
            self.identity = create(name, str(self.role_combo.currentData()))
        except FieldworkError as error:
            show_status(self.status, str(error), problem=True)
            return
        self._show_identity()

    def _show_identity(self) -> None:
        assert self.identity is not None
        show_status(self.status, "", problem=True)
        self.form_box.hide()
        self._card_view(self.identity)

    def use_existing_file(self, path: Path | None = None) -> None:
        """An identity file made before becomes this laptop's identity, once its passphrase unlocks it; a wrong
        passphrase is asked again, a cancelled one changes nothing."""
        if self._choose_identity_file is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Your identity file"), "",
                                                    self.tr("Identity files (*.age);;All files (*)"))
            if not chosen:
                return
            path = Path(chosen)
        problem: str | None = None
        while True:
            passphrase = self._ask_file_passphrase(path, problem)
            if passphrase is None:
                show_status(self.status, self.tr("{name} was not unlocked, so it is not used; nothing changed.")
                            .format(name=path.name), problem=True)
                return
            try:
                self.identity = self._choose_identity_file(path, passphrase)
            except FieldworkError as error:
                problem = str(error)
                continue
            break
        self._show_identity()
        show_status(self.status, self.tr("This laptop now uses the identity in {path}.").format(path=path),
                    problem=False)

    def _card_view(self, identity: Identity) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), QLabel(self.tr("<b>{escape}</b> ({role})").format(escape=html.escape(identity.name), role=identity.role)))
        form.addRow(self.tr("Fingerprint:"), fingerprint_label(identity.card.fingerprint))
        column.addLayout(form)
        hint = QLabel(self.tr("Save your card to the USB stick and hand it to your lead in person; then read this "
                      "fingerprint aloud to them so they can check the card is yours."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.save_button = QPushButton(self.tr("&Save my identity card…"))
        self.save_button.clicked.connect(self._choose_target)
        column.addWidget(self.save_button)
        self.layout_.insertWidget(0, box)

    def _choose_target(self) -> None:
        assert self.identity is not None
        default = f"{self.identity.name.replace(' ', '-')}.card"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save identity card"), default, CARD_FILTER)
        if name:
            self.save_card(Path(name))

    def save_card(self, target: Path) -> None:
        assert self.identity is not None
        try:
            self._save_card(self.identity, target)
        except FieldworkError as error:
            show_status(self.status, str(error), problem=True)
            return
        show_status(self.status, self.tr("Identity card saved to {target}.").format(target=target), problem=False)
