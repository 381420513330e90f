"""First start: the welcome over the main window, its answers kept, the demo (or a file) opened; never otherwise."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop import app
from desktop.controllers.session import SessionController
from desktop.laptop.first_run import needs_welcome
from desktop.laptop.identity_store import IdentityStore
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.demo import DEMO_PASSPHRASE
from widgets.main_window import MainWindow
from widgets.welcome_dialog import WelcomeDialog


@pytest.fixture
def bare(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window as `fieldwork` with no arguments shows it: nothing open yet."""
    session = SessionController("login-name", prompt=lambda path, problem: DEMO_PASSPHRASE, store=KeyStore())
    window = MainWindow(session, Settings())
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.controller is not None:
        window.close_inspection()


def answer_welcome(qtbot, name: str, role: str, button: str) -> list[WelcomeDialog]:  # type: ignore[no-untyped-def]
    """Once the welcome is up: type the name, pick the role, press the button as a user would."""
    seen: list[WelcomeDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WelcomeDialog) or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        name_edit: QLineEdit = dialog.name_edit
        name_edit.selectAll()
        qtbot.keyClicks(name_edit, name)
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(role))
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, poll)
    return seen


def no_args() -> argparse.Namespace:
    return app.build_parser().parse_args([])


def test_first_start_welcome_keeps_name_role_identity_and_opens_the_demo(qtbot, bare) -> None:  # type: ignore[no-untyped-def]
    assert needs_welcome()
    seen = answer_welcome(qtbot, "Ann Archer", "lead", "demo_button")
    app.start(bare, no_args())
    assert seen, "the welcome was not shown"
    settings = Settings()  # read back from disk
    assert (settings.user_name, settings.role) == ("Ann Archer", "lead")
    card = IdentityStore().load().card
    assert (card.name, card.role) == ("Ann Archer", "lead")
    assert bare.controller is not None and bare.controller.user == "Ann Archer"
    assert bare.cases is not None and bare.cases.model.rowCount() == 89  # the demo inspection
    assert not needs_welcome()  # so the next start goes straight to the window


def test_welcome_is_not_shown_again_once_answered(qtbot, bare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app, "welcome", lambda window: pytest.fail("welcome shown"))
    app.start(bare, no_args(), welcome_needed=lambda: False)
    assert bare.controller is None


def test_later_keeps_the_name_but_no_identity(qtbot, bare) -> None:  # type: ignore[no-untyped-def]
    seen = answer_welcome(qtbot, "Ann Archer", "inspector", "later_button")
    app.start(bare, no_args())
    assert seen
    # the name typed is who edits are recorded under from now on; the role and identity wait for the welcome
    assert Settings().user_name == "Ann Archer" and bare.session.user == "Ann Archer"
    assert Settings().role is None
    assert bare.controller is None and needs_welcome()
    assert bare.open_demo() and bare.controller is not None and bare.controller.user == "Ann Archer"


def test_a_fieldwork_package_goes_on_to_the_open_package_dialog(qtbot, bare, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from widgets.open_package_dialog import OpenPackageDialog

    package = tmp_path / "fieldwork-Ann-Archer.pkg"
    package.write_bytes(b"not opened here")

    def choose(parent):  # type: ignore[no-untyped-def]
        return package

    original = WelcomeDialog.__init__

    def with_chooser(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        original(self, *args, **{**kwargs, "choose_package": choose})

    monkeypatch.setattr(WelcomeDialog, "__init__", with_chooser)  # the file dialog, answered
    answer_welcome(qtbot, "Ann Archer", "inspector", "package_button")
    shown: list[tuple[str, str]] = []

    def cancel_open_package() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OpenPackageDialog):
            QTimer.singleShot(20, cancel_open_package)
            return
        shown.append((dialog.package.text(), dialog.new_file.path.text()))
        dialog.reject()  # the lead's card is not to hand yet

    QTimer.singleShot(0, cancel_open_package)
    app.start(bare, no_args())
    # the package chosen on the welcome is filled in, and the new file suggested in the user's data folder
    assert shown and shown[0][0] == str(package)
    assert shown[0][1].endswith("fieldwork-Ann-Archer.fieldwork")
    assert Settings().user_name == "Ann Archer" and bare.controller is None


def test_a_file_on_the_command_line_skips_the_welcome(qtbot, bare, demo_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert needs_welcome()
    monkeypatch.setattr(app, "welcome", lambda window: pytest.fail("welcome shown"))
    app.start(bare, app.build_parser().parse_args([str(demo_path)]))
    assert bare.controller is not None and bare.controller.path == demo_path


def test_smoke_test_never_shows_the_welcome(demo_path: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert needs_welcome()
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: pytest.fail("welcome shown"))
    monkeypatch.setattr(app, "welcome", lambda window: pytest.fail("welcome shown"))
    passfile = tmp_path / "pass.txt"
    passfile.write_text(DEMO_PASSPHRASE, encoding="utf-8")
    assert app.run_app(["--smoke-test", str(demo_path), "--passphrase-file", str(passfile)]) == 0
    assert "smoke test passed (89 cases shown)" in capsys.readouterr().out
