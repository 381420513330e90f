"""Documents written off the GUI thread, with progress and cancel.

The work runs on a QThreadPool thread and reads through InspectionService, which opens a session of its
own per call (QueuePool, check_same_thread=False): no session is shared with the GUI thread. Results come
back as queued signals, so slots run on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from exports.atomic import ExportCancelled, Progress
from models.errors import FieldworkError

Work = Callable[[Progress], object]


class ExportJob(QObject):
    """One export: `start()` it, `cancel()` it; exactly one of the outcome signals follows."""

    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)  # whatever the work returned (a Path, a list of Paths)
    cancelled = Signal()
    failed = Signal(str)  # a FieldworkError's plain message
    crashed = Signal(str, str)  # summary, traceback: a bug, for the crash dialog

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.done = threading.Event()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._run)

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._stop.is_set()

    def _run(self) -> None:
        try:
            if self._stop.is_set():
                raise ExportCancelled()
            result = self._work(self._progress)
        except ExportCancelled:
            self.cancelled.emit()
        except FieldworkError as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001  (a bug: shown in the crash dialog, never swallowed)
            self.crashed.emit(f"{type(error).__name__}: {error}", traceback.format_exc())
        else:
            self.succeeded.emit(result)
        finally:
            self.done.set()
