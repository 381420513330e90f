"""Starting, unlocking, a second opener, the smoke test, and the two kinds of error dialog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMessageBox

from desktop.app import install_excepthook, run_app
from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore, UnlockCancelled
from desktop.laptop.settings import Settings
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from tests.gui.conftest import USER
from widgets.dialogs import ErrorReporter
from widgets.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def fieldwork(*args: str, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=full,
                          cwd=ROOT, timeout=120)


def test_smoke_test_opens_the_file_and_fills_the_case_list(demo_path: Path) -> None:
    done = fieldwork("--smoke-test", str(demo_path), FIELDWORK_PASSPHRASE=DEMO_PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "smoke test passed (89 cases shown)" in done.stdout


def test_smoke_test_with_worker_reads_the_cases_in_a_worker_process(demo_path: Path) -> None:
    """The installer's check that the built app can start a worker process (a frozen app must hand the worker's
    start to multiprocessing, or the worker runs the app instead of its job)."""
    done = fieldwork("--smoke-test", str(demo_path), "--worker", FIELDWORK_PASSPHRASE=DEMO_PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "smoke test passed (89 cases shown)" in done.stdout


def test_smoke_test_with_a_passphrase_file(demo_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(DEMO_PASSPHRASE + "\n", encoding="utf-8")
    done = fieldwork("--smoke-test", str(demo_path), "--passphrase-file", str(secret))
    assert done.returncode == 0, done.stderr


def test_smoke_test_fails_plainly_on_a_wrong_passphrase(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    done = fieldwork("--smoke-test", str(demo_path), FIELDWORK_PASSPHRASE="not the passphrase at all")
    assert done.returncode == 1
    assert "Wrong passphrase" in done.stderr
    assert "Traceback" not in done.stderr
    assert demo_path.read_bytes() == before


def test_smoke_test_fails_on_a_missing_file(tmp_path: Path) -> None:
    done = fieldwork("--smoke-test", str(tmp_path / "nothing.fieldwork"), FIELDWORK_PASSPHRASE="x")
    assert done.returncode != 0
    assert "nothing.fieldwork" in done.stderr and "Traceback" not in done.stderr


def test_version(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run_app(["--version"]) == 0
    assert capsys.readouterr().out.startswith("fieldwork ")


def test_wrong_passphrase_is_explained_and_retried(demo_path: Path) -> None:
    asked: list[str | None] = []
    answers = iter(["wrong guess number one", DEMO_PASSPHRASE])

    def prompt(path: Path, problem: str | None) -> str | None:
        asked.append(problem)
        return next(answers)

    controller = SessionController(USER, prompt=prompt, store=KeyStore()).open(demo_path)
    try:
        assert asked[0] is None
        assert asked[1] is not None and "Wrong passphrase" in asked[1]
        assert len(controller.cases()) == 89
    finally:
        controller.close()
    # the key is now in the keyring: the next opening asks nothing
    silent = SessionController(USER, prompt=lambda *_: pytest.fail("asked again"), store=KeyStore()).open(demo_path)
    silent.close()


def test_cancelling_the_passphrase_dialog_changes_nothing(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = SessionController(USER, prompt=lambda *_: None, store=KeyStore())
    with pytest.raises(UnlockCancelled):
        session.open(demo_path)
    window = MainWindow(session, Settings())
    qtbot.addWidget(window)
    assert not window.open_path(demo_path)
    assert window.controller is None and window.errors.last is None  # cancelling is not an error


def test_a_second_opener_is_told_the_file_is_open_elsewhere(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = InspectionService.open(demo_path, actor="first", passphrase=DEMO_PASSPHRASE)
    try:
        window = MainWindow(SessionController(USER, prompt=lambda *_: DEMO_PASSPHRASE, store=KeyStore()), Settings())
        qtbot.addWidget(window)
        assert not window.open_path(demo_path)
        box = window.errors.last
        assert box is not None and "open elsewhere" in box.text()
        assert box.icon() == QMessageBox.Icon.Warning and box.detailedText() == ""
        assert window.controller is None
        assert len(first.cases()) == 89  # the first opener is undisturbed
    finally:
        first.close()


def test_unexpected_errors_get_the_crash_dialog_and_the_hook_is_restored(qtbot) -> None:  # type: ignore[no-untyped-def]
    from models.errors import ServiceError

    reporter = ErrorReporter()
    before = sys.excepthook
    previous = install_excepthook(reporter)
    try:
        assert sys.excepthook is not before
        try:
            raise ZeroDivisionError("division by zero in a tally")
        except ZeroDivisionError as error:
            sys.excepthook(type(error), error, error.__traceback__)
        crash = reporter.last
        assert crash is not None and crash.icon() == QMessageBox.Icon.Critical
        assert "ZeroDivisionError: division by zero in a tally" in crash.text()
        assert "Traceback" in crash.detailedText() and "test_app.py" in crash.detailedText()
        crash.close()
        error = ServiceError("No case 'X-1' in this inspection.")
        sys.excepthook(type(error), error, None)
        assert reporter.last.icon() == QMessageBox.Icon.Warning
        assert reporter.last.text() == "No case 'X-1' in this inspection."
        assert reporter.last.detailedText() == ""
        reporter.last.close()
    finally:
        sys.excepthook = previous
    assert sys.excepthook is before


def test_user_name_comes_from_settings_then_the_environment(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    assert settings.user_name == USER  # FIELDWORK_USER
    settings.user_name = "Inspector Ada"
    assert Settings(tmp_path / "settings.json").user_name == "Inspector Ada"
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert Settings(tmp_path / "broken.json").user_name == USER


def test_recent_files_are_remembered(window) -> None:  # type: ignore[no-untyped-def]
    path = window.controller.path
    assert Settings().recent_files()[0] == path.resolve()
    window._fill_recent()
    assert [a.text() for a in window.recent_menu.actions()] == [str(path.resolve())]


def test_new_inspection_from_the_file_menu(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from widgets.dialogs import NewInspectionDialog
    from widgets.import_wizard import SampleImportWizard

    window = MainWindow(SessionController(USER, prompt=lambda *_: None, store=KeyStore()), Settings())
    qtbot.addWidget(window)
    target = tmp_path / "wiltshire.fieldwork"
    seen: list[str] = []

    def fill(dialog: NewInspectionDialog) -> None:
        qtbot.keyClicks(dialog.force_name, "Wiltshire Police")
        dialog.path.setText(str(target))
        qtbot.keyClicks(dialog.passphrase, "short")
        qtbot.keyClicks(dialog.repeat, "short")
        dialog._accept()
        seen.append(dialog.problem.text())  # too weak: refused, the dialog stays open
        for edit in (dialog.passphrase, dialog.repeat):
            edit.setText("walnut harbour cinder plateau 88")
        dialog._accept()

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, NewInspectionDialog):
            fill(dialog)
            QTimer.singleShot(0, poll)
        elif isinstance(dialog, SampleImportWizard):
            seen.append("wizard")
            dialog.reject()  # the sample can come later
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    window.new_inspection()
    assert seen[0].startswith("Use at least 12 characters") and seen[-1] == "wizard"
    assert window.controller is not None and window.controller.path == target
    assert window.controller.service.info().force_name == "Wiltshire Police"
    assert window.cases.model.rowCount() == 0
    window.close_inspection()
    with InspectionService.open(target, actor="check", passphrase="walnut harbour cinder plateau 88") as service:
        assert service.info().force_term == "force"


def close_when_shown(qtbot, seen: list[QMessageBox]) -> None:  # type: ignore[no-untyped-def]
    """Press OK on the message box once it is up (its exec() blocks run_app)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box)
            box.button(QMessageBox.StandardButton.Ok).click()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_a_settings_folder_that_cannot_be_made_is_a_plain_message(qtbot, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where Fieldwork's folder should be", encoding="utf-8")
    monkeypatch.setenv("FIELDWORK_HOME", str(blocked))
    before = sys.excepthook
    seen: list[QMessageBox] = []
    close_when_shown(qtbot, seen)
    assert run_app([]) == 1
    assert sys.excepthook is before
    box = seen[0]
    assert box.icon() == QMessageBox.Icon.Warning and box.detailedText() == ""
    assert box.text().startswith("Fieldwork could not set up its folders") and str(blocked) in box.text()
    err = capsys.readouterr().err
    assert err.startswith("fieldwork: Fieldwork could not set up its folders") and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_bug_while_building_the_window_gets_the_crash_dialog(qtbot, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import desktop.laptop.settings

    def broken(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        raise KeyError("user_name")

    monkeypatch.setattr(desktop.laptop.settings, "Settings", broken)
    seen: list[QMessageBox] = []
    close_when_shown(qtbot, seen)
    assert run_app([]) == 70
    box = seen[0]
    assert box.icon() == QMessageBox.Icon.Critical and "KeyError: 'user_name'" in box.text()
    assert "Traceback" in box.detailedText()  # the details are for whoever fixes it, behind "Show Details…"
    err = capsys.readouterr().err
    assert err == "fieldwork: KeyError: 'user_name'\n"


def test_every_window_carries_the_fieldwork_icon(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from desktop.app import ICON, _application

    app = _application()
    assert ICON.is_file() and not app.windowIcon().isNull()
    assert QApplication.windowIcon().actualSize(QSize(256, 256)) == QSize(256, 256)


def test_an_unexpected_error_with_a_damaged_file_open_is_shown_as_the_damage(demo, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A page failing its HMAC can be read as zeros before SQLCipher reports it; the error that follows is
    shown as the damage (naming the file and the backup to restore), not as a bug."""
    from desktop.controllers.inspection import InspectionController

    backup = demo.back_up("manual")
    controller = InspectionController(demo, "lead")
    assert controller.damage() is None
    data = bytearray(demo.path.read_bytes())
    data[20 * 4096 + 300] ^= 0x01
    demo.path.write_bytes(bytes(data))
    reporter = ErrorReporter()
    previous = install_excepthook(reporter, controller.damage)
    try:
        error = ValueError("Invalid isoformat string: '\\x00\\x00'")
        sys.excepthook(type(error), error, None)
        assert reporter.last.icon() == QMessageBox.Icon.Warning
        assert f"{demo.path} is damaged" in reporter.last.text() and str(backup) in reporter.last.text()
        reporter.last.close()
    finally:
        sys.excepthook = previous
