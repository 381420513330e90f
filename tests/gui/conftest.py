"""GUI fixtures: a main window on a fresh copy of the demo inspection, unlocked as the app would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.demo import DEMO_PASSPHRASE
from widgets.main_window import MainWindow

USER = "test inspector"  # FIELDWORK_USER in tests/conftest.py


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def window(qtbot, demo_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window with the demo open, shown and active so keyboard shortcuts reach it."""
    yield from _window_on(qtbot, demo_path)


@pytest.fixture
def window_awaiting_letters(qtbot, demo_awaiting_letters_template: Path,  # type: ignore[no-untyped-def]
                            tmp_path: Path) -> MainWindow:
    """The main window on the demo before its letters went: every referral raised, none answered."""
    path = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_awaiting_letters_template, path)
    yield from _window_on(qtbot, path)


def _window_on(qtbot, demo_path: Path, passphrase: str = DEMO_PASSPHRASE):  # type: ignore[no-untyped-def]
    session = SessionController(USER, prompt=lambda path, problem: passphrase, store=KeyStore())
    main = MainWindow(session, Settings())
    qtbot.addWidget(main)
    main.show()
    assert main.open_path(demo_path)
    main.backup_timer.stop()  # tests take backups when they mean to (test_team_and_backups.py)
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: main.isActiveWindow())
    yield main
    if main.controller is not None:
        main.close_inspection()
