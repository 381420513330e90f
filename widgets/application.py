"""Fieldwork's QApplication: it also takes the system's requests to open a file.

On macOS a double-click on an inspection in the Finder, or a file dropped on the Dock icon, reaches a running app
as a QFileOpenEvent sent to the application object (only the one that starts the app arrives in argv). It is
taken here, in the application's own event handler, rather than by an event filter on the application: such a
filter is handed every event of every object in the process, each one a call into Python on the GUI thread, and
a filter that wraps an object of a type PySide has not created yet re-enters PySide's lazy type creation, which
crashes (docs/decisions.md, "An application-wide event filter").

Python's cyclic collector runs from the application's event loop only (EventLoopCollector).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from models import collection


class EventLoopCollector(QObject):
    """Python's cyclic collector, run from a timer on the event loop rather than automatically.

    The automatic collector runs wherever an allocation crosses its threshold, and that can be inside a Qt call.
    Seen in the test suite: a bound method's owner died, its weak reference's callback had PySide disconnect the
    signal, Qt's disconnect held the connections' lock while PySide looked up a Python override, that lookup
    allocated, the collection it set off freed a closed dialog, and the dialog's destructor waited on the same
    lock: the GUI thread deadlocked on itself (docs/decisions.md). From the event loop no Qt call is under way.
    Work that holds the collector off (models.collection) still does; the timer then waits for it."""

    INTERVAL_MS = 100

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._collect)
        self._timer.start()

    def _collect(self) -> None:
        collection.collect_if_due()


class FieldworkApplication(QApplication):
    fileOpenRequested = Signal(str)  # the path of a file the system asks the running app to open

    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__(list(argv))
        self.collector = EventLoopCollector(self)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            if event.file():  # a URL rather than a file is nothing Fieldwork opens
                self.fileOpenRequested.emit(event.file())
            return True
        return super().event(event)
