"""An inspection double-clicked in the Finder while Fieldwork runs: the system's QFileOpenEvent opens it in
the main window through the same path as the command line and the recent-files menu."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from desktop.app import handle_file_open_events, run_app
from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.demo import DEMO_PASSPHRASE
from tests.gui.conftest import USER
from tests.gui.test_app import fieldwork
from widgets.application import FieldworkApplication
from widgets.main_window import MainWindow


@pytest.fixture
def empty_window(qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window as the app starts it with no file named, listening for the system's file-open events."""
    session = SessionController(USER, prompt=lambda path, problem: DEMO_PASSPHRASE, store=KeyStore())
    main = MainWindow(session, Settings())
    qtbot.addWidget(main)
    app = QApplication.instance()
    assert isinstance(app, FieldworkApplication)  # the tests' application is the app's own (tests/conftest.py)
    stop_routing = handle_file_open_events(app, main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    stop_routing()
    if main.controller is not None:
        main.backup_timer.stop()
        main.close_inspection()


def post_file_open(path: Path) -> None:
    QApplication.postEvent(QApplication.instance(), QFileOpenEvent(str(path)))  # as macOS delivers it


def test_a_file_open_event_opens_the_inspection(qtbot, empty_window: MainWindow,  # type: ignore[no-untyped-def]
                                                demo_path: Path) -> None:
    assert empty_window.controller is None
    post_file_open(demo_path)
    qtbot.waitUntil(lambda: empty_window.controller is not None)
    assert empty_window.controller is not None
    assert empty_window.controller.path == demo_path
    assert empty_window.cases is not None and empty_window.cases.model.rowCount() == 89
    assert empty_window.errors.last is None
    assert demo_path in empty_window.settings.recent_files()  # the same open path as File > Open


def test_another_file_replaces_the_open_one_and_the_open_one_is_left_alone(
        qtbot, empty_window: MainWindow, demo_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    post_file_open(demo_path)
    qtbot.waitUntil(lambda: empty_window.controller is not None)
    first = empty_window.controller
    post_file_open(demo_path)  # double-clicked again: no "open elsewhere", nothing reopened
    QApplication.processEvents()
    assert empty_window.controller is first and empty_window.errors.last is None
    other = tmp_path / "second" / "other.fieldwork"
    other.parent.mkdir()
    shutil.copyfile(demo_path, other)
    post_file_open(other)
    qtbot.waitUntil(lambda: empty_window.controller is not first)
    assert empty_window.controller is not None and empty_window.controller.path == other
    assert empty_window.errors.last is None


def test_a_file_that_cannot_be_opened_is_explained(qtbot, empty_window: MainWindow,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    missing = tmp_path / "gone.fieldwork"
    post_file_open(missing)
    qtbot.waitUntil(lambda: empty_window.errors.last is not None)
    assert empty_window.controller is None
    assert empty_window.errors.last is not None and "gone.fieldwork" in empty_window.errors.last.text()


def test_the_smoke_test_can_hand_the_file_over_as_a_file_open_event(demo_path: Path) -> None:
    done = fieldwork("--smoke-test", str(demo_path), "--file-open-event", FIELDWORK_PASSPHRASE=DEMO_PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "smoke test passed (89 cases shown)" in done.stdout


def test_the_smoke_test_through_the_event_fails_plainly(tmp_path: Path) -> None:
    done = fieldwork("--smoke-test", str(tmp_path / "gone.fieldwork"), "--file-open-event",
                     FIELDWORK_PASSPHRASE=DEMO_PASSPHRASE)
    assert done.returncode == 1
    assert "file-open event did not open" in done.stderr and "gone.fieldwork" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_app_listens_for_file_open_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """The running app installs the filter before its event loop starts (the event arrives from the loop)."""
    installed: list[object] = []
    monkeypatch.setattr("desktop.app.handle_file_open_events", lambda app, window: installed.append(window))
    monkeypatch.setattr("desktop.app.start", lambda window, args: None)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr("desktop.app.build_window", lambda passphrase_file: _StubWindow())
    assert run_app([]) == 0
    assert len(installed) == 1 and isinstance(installed[0], _StubWindow)


class _StubWindow:
    errors = None

    def show(self) -> None:
        pass

