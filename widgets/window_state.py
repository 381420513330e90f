"""Where the windows were: geometry, splitter positions and the last inspection, kept between runs.

An INI file in the config folder (FIELDWORK_HOME in tests), never the registry: it holds no case content,
and a damaged or missing file only means the windows open at their default size.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from desktop.laptop.paths import window_state_file


class WindowState:
    """Reads and writes the window.ini file; every value is optional."""

    def __init__(self, path: Path | None = None) -> None:
        self.store = QSettings(str(path or window_state_file()), QSettings.Format.IniFormat)

    def save_geometry(self, window: QWidget) -> None:
        self.store.setValue("window/geometry", window.saveGeometry())

    def restore_geometry(self, window: QWidget) -> bool:
        """The saved geometry, if any, shrunk to the screen the window is on (a laptop undocked since)."""
        saved = self.store.value("window/geometry")
        if not isinstance(saved, QByteArray) or not window.restoreGeometry(saved):
            return False
        fit_to_screen(window)
        return True

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self.store.setValue(f"splitters/{name}", splitter.saveState())

    def restore_splitter(self, name: str, splitter: QSplitter) -> bool:
        saved = self.store.value(f"splitters/{name}")
        return isinstance(saved, QByteArray) and splitter.restoreState(saved)

    @property
    def last_inspection(self) -> Path | None:
        value = self.store.value("inspection/last")
        return Path(value) if isinstance(value, str) and value else None

    @last_inspection.setter
    def last_inspection(self, path: Path | None) -> None:
        self.store.setValue("inspection/last", str(Path(path).resolve()) if path else "")

    def sync(self) -> None:
        self.store.sync()


def fit_to_screen(window: QWidget) -> None:
    """Never larger than the screen's free area: a window bigger than the screen hides its own bottom edge."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    free = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.size()  # the title bar and borders the system adds
    width = min(window.width(), free.width() - frame.width())
    height = min(window.height(), free.height() - frame.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
