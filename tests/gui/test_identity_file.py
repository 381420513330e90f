"""A laptop without a working keyring: the identity kept in a passphrase-protected file, made at the welcome or
chosen in Team ▸ My identity card…, and unlocked once a session for every team action."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop import app
from desktop.controllers.session import SessionController
from desktop.laptop import paths
from desktop.laptop.first_run import file_identity_creator, laptop_identity, needs_welcome
from desktop.laptop.identity_store import (
    IdentityLocked,
    forget_unlocked,
    install_identity_prompt,
    keyring_available,
    signatory,
)
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.errors import FieldworkError
from models.inspection.demo import DEMO_PASSPHRASE
from widgets.dialogs import PassphraseDialog, ask_passphrase
from widgets.main_window import MainWindow
from widgets.team_members_dialog import IdentityDialog
from widgets.welcome_dialog import WelcomeDialog

SECRET_WORDS = "lantern orchard seventy pebble harbour"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "welcome-identity-file.png"


@pytest.fixture(autouse=True)
def no_keyring(memory_keyring, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """keyring's own 'fail' backend, as on a laptop whose OS keyring is missing or broken."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("FIELDWORK_TRUSTED_TEST_KEYRING", raising=False)
    keyring.set_keyring(NoKeyring())
    forget_unlocked()
    install_identity_prompt(None)  # a prompt left by another test's window would ask on a closed window
    yield
    forget_unlocked()
    install_identity_prompt(None)


@pytest.fixture
def bare(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    session = SessionController("login-name", prompt=lambda path, problem: DEMO_PASSPHRASE, store=KeyStore())
    window = MainWindow(session, Settings())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    if window.controller is not None:
        window.close_inspection()


def when_modal(kind: type, act, times: int = 1) -> list:  # type: ignore[no-untyped-def,type-arg]
    """Run act(dialog) on each of the next `times` modal dialogs of this kind; returns the dialogs seen."""
    seen: list = []  # type: ignore[type-arg]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible() or any(d is dialog for d in seen):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        act(dialog)
        if len(seen) < times:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def made_identity(tmp_path: Path, role: str = "lead") -> Path:
    """An identity file made as the welcome makes it, then the session ended (nothing unlocked any more)."""
    path = tmp_path / "usb" / "ann.age"
    file_identity_creator(Settings(), path, SECRET_WORDS)("Ann Archer", role)
    forget_unlocked()
    return path


def test_the_keyring_counts_as_unavailable() -> None:
    assert not keyring_available()


def test_welcome_without_keyring_makes_a_passphrase_protected_identity_file(qtbot, bare) -> None:  # type: ignore[no-untyped-def]
    assert needs_welcome()
    errors: list[str] = []

    def answer(dialog: WelcomeDialog) -> None:
        assert dialog.identity_box.keyring_note.isVisible()  # said plainly, not a command-line flag
        assert "keyring" in dialog.identity_box.keyring_note.text()
        assert dialog.use_file.isChecked() and not dialog.use_file.isEnabled()  # the only way here
        assert dialog.identity_box.file_edit.text() == str(paths.default_identity_file())
        dialog.name_edit.selectAll()
        qtbot.keyClicks(dialog.name_edit, "Ann Archer")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("lead"))
        qtbot.keyClicks(dialog.identity_box.passphrase_edit, "short")
        qtbot.keyClicks(dialog.identity_box.repeat_edit, "short")
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        errors.append(dialog.error_label.text())  # too weak: refused, the welcome stays
        assert dialog.isVisible() and not paths.default_identity_file().exists()
        for edit in (dialog.identity_box.passphrase_edit, dialog.identity_box.repeat_edit):
            edit.clear()
            qtbot.keyClicks(edit, SECRET_WORDS)
        dialog.resize(1366, 768)
        dialog.grab().save(str(SCREENSHOT))
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)

    seen = when_modal(WelcomeDialog, answer)
    app.start(bare, argparse.Namespace(demo=False, file=None))
    assert seen, "the welcome was not shown"
    assert "12 characters" in errors[0]
    settings = Settings()  # read back from disk
    assert settings.identity_file == str(paths.default_identity_file().resolve())
    assert SECRET_WORDS not in settings.path.read_text(encoding="utf-8")  # the path kept, never the passphrase
    data = Path(settings.identity_file).read_bytes()
    assert data.startswith(b"age-encryption.org/v1")
    identity = laptop_identity()  # unlocked in this session: no prompt installed, none needed
    assert identity is not None and (identity.name, identity.role) == ("Ann Archer", "lead")
    assert identity.secret().encode() not in data and b"Ann Archer" not in data
    assert not needs_welcome()
    assert bare.controller is not None and bare.controller.user == "Ann Archer"  # the demo opened


def test_a_later_session_asks_the_passphrase_once_and_refuses_a_wrong_one(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = made_identity(tmp_path)
    assert not needs_welcome()
    install_identity_prompt(ask_passphrase(window, "Unlock your identity"))
    problems: list[str] = []

    def unlock(dialog: PassphraseDialog) -> None:
        problems.append(dialog.problem.text())
        qtbot.keyClicks(dialog.passphrase, "not the passphrase at all" if len(problems) == 1 else SECRET_WORDS)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    def look_at_card(dialog: IdentityDialog) -> None:
        shown.append(dialog.identity)
        dialog.accept()

    shown: list = []  # type: ignore[type-arg]
    when_modal(PassphraseDialog, unlock, times=2)
    when_modal(IdentityDialog, look_at_card)
    window.identity_dialog()  # Team ▸ My identity card…
    assert len(problems) == 2  # the wrong passphrase, then the right one
    assert problems[0] == "" and "Wrong passphrase" in problems[1]
    assert shown and shown[0] is not None and shown[0].name == "Ann Archer"

    # the same session: a team action and the letters' signatory use it with no further question
    install_identity_prompt(lambda file, problem: pytest.fail("asked again"))
    assert window.controller is not None
    member = window.controller.exchange().register_own_card()
    assert member.name == "Ann Archer"
    assert signatory() == ("Ann Archer", "Lead inspector")
    assert Settings().identity_file == str(path.resolve())


def test_a_cancelled_passphrase_stops_the_action_with_a_message(window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made_identity(tmp_path)
    install_identity_prompt(lambda file, problem: None)
    messages: list[str] = []
    monkeypatch.setattr(window.errors, "known", lambda message, *rest: messages.append(message))
    assert window.controller is not None
    exchange = window.controller.exchange()  # allocation and moderation need no passphrase
    assert exchange.identity_locked
    with pytest.raises(IdentityLocked, match="not unlocked"):
        exchange.register_own_card()
    assert exchange.members() == []  # nothing changed
    window._guarded(window.identity_dialog)
    assert messages and "ann.age was not unlocked" in messages[0]
    assert signatory() == ("Ann Archer", "")  # never unlocked: the name from the settings, no role from it


def test_an_existing_identity_file_is_chosen_after_its_passphrase_unlocks_it(qtbot, bare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = made_identity(tmp_path)
    settings = Settings()
    settings.identity_file = ""  # a rebuilt laptop: the file is on the USB stick, the settings forgot it
    assert needs_welcome()
    answers = ["wrong passphrase", None]
    asked: list[str | None] = []

    def ask(file: Path, problem: str | None) -> str | None:
        asked.append(problem)
        return answers.pop(0)

    options = bare.session.identity_file_options(settings)
    dialog = IdentityDialog(None, bare.session.identity_creator(settings), bare.session.save_card, "", bare,
                            ask_file_passphrase=ask, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.existing_button.isVisible() is False or dialog.existing_button.isEnabled()
    dialog.use_existing_file(path)
    assert asked[0] is None and asked[1] is not None and "Wrong passphrase" in asked[1]
    assert "not unlocked" in dialog.status.text() and dialog.identity is None
    assert Settings().identity_file == ""  # nothing changed

    answers[:] = [SECRET_WORDS]
    dialog.use_existing_file(path)
    assert dialog.identity is not None and dialog.identity.name == "Ann Archer"
    assert Settings().identity_file == str(path.resolve())
    assert not needs_welcome()
    identity = laptop_identity()  # unlocked once: the session keeps it
    assert identity is not None and identity.card.fingerprint == dialog.identity.card.fingerprint


def test_the_identity_dialog_makes_a_file_identity_where_there_is_no_keyring(qtbot, bare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    target = tmp_path / "me.age"
    dialog = IdentityDialog(None, bare.session.identity_creator(settings), bare.session.save_card, "", bare,
                            **bare.session.identity_file_options(settings))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.file_choice.use_file.isChecked()
    dialog.file_choice.file_edit.setText(str(target))
    qtbot.keyClicks(dialog.name_edit, "Bo Inspector")
    qtbot.keyClicks(dialog.file_choice.passphrase_edit, SECRET_WORDS)
    qtbot.keyClicks(dialog.file_choice.repeat_edit, SECRET_WORDS + "x")
    dialog.create_identity()
    assert "differ" in dialog.status.text() and not target.exists()
    dialog.file_choice.repeat_edit.clear()
    qtbot.keyClicks(dialog.file_choice.repeat_edit, SECRET_WORDS)
    dialog.create_identity()
    assert dialog.identity is not None and target.exists()
    assert Settings().identity_file == str(target.resolve())


def test_where_a_keyring_works_it_is_the_default_and_the_file_an_option(qtbot, memory_keyring, monkeypatch,  # type: ignore[no-untyped-def]
                                                                        tmp_path: Path) -> None:
    from tests.conftest import MemoryKeyring

    monkeypatch.setenv("FIELDWORK_TRUSTED_TEST_KEYRING", MemoryKeyring.__module__)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{MemoryKeyring.__module__}.{MemoryKeyring.__name__}")
    keyring.set_keyring(memory_keyring)
    assert keyring_available()
    created: list[Path] = []

    def in_a_file(path: Path, words: str):  # type: ignore[no-untyped-def]
        created.append(path)
        return lambda name, role: None

    dialog = WelcomeDialog(create_identity=lambda name, role: None, keyring_works=keyring_available(),
                           default_identity_file=tmp_path / "me.age", create_file_identity=in_a_file)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.identity_box.keyring_note.isVisible()
    assert dialog.use_file.isEnabled() and not dialog.use_file.isChecked()
    assert not dialog.identity_box.file_rows.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Cy Keyring")
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is not None and not created  # the keyring's way: no file asked for


def test_a_missing_identity_file_is_said_and_no_new_identity_is_offered(tmp_path: Path) -> None:
    path = made_identity(tmp_path)
    path.rename(tmp_path / "elsewhere.age")  # the USB stick is out
    assert not needs_welcome()
    with pytest.raises(FieldworkError, match="is not there"):
        laptop_identity()
