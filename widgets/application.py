"""Fieldwork's QApplication: it also takes the system's requests to open a file.

On macOS a double-click on an inspection in the Finder, or a file dropped on the Dock icon, reaches a running app
as a QFileOpenEvent sent to the application object (only the one that starts the app arrives in argv). It is
taken here, in the application's own event handler, rather than by an event filter on the application: such a
filter is handed every event of every object in the process, each one a call into Python on the GUI thread, and
a filter that wraps an object of a type PySide has not created yet re-enters PySide's lazy type creation, which
crashes (docs/decisions.md, "An application-wide event filter").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication


class FieldworkApplication(QApplication):
    fileOpenRequested = Signal(str)  # the path of a file the system asks the running app to open

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            if event.file():  # a URL rather than a file is nothing Fieldwork opens
                self.fileOpenRequested.emit(event.file())
            return True
        return super().event(event)
