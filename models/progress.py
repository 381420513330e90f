"""Progress and cancel for long work (merge, import, export, letters, backup), without Qt.

The work calls a plain `Progress` callback at row or batch boundaries. The caller's callback may raise
WorkCancelled there; the work lets it propagate, so its transaction rolls back (or its atomic write never
lands) and nothing is left half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from models.errors import FieldworkError

# (done, total) -> keep going?  A False return, or a WorkCancelled raised inside, stops the work.
Progress = Callable[[int, int], bool]


class WorkCancelled(FieldworkError):
    """The user cancelled the work; whatever it was writing was rolled back or never written."""

    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)


class FileBusy(FieldworkError):
    """An edit arrived while background work holds the inspection file for writing; nothing was changed."""

    def __init__(self, doing: str) -> None:
        self.doing = doing  # what holds the file, e.g. "merging return packages"
        super().__init__(f"Not saved: {doing} is writing the inspection file; try again when it has finished.")


def report(progress: Progress | None, done: int, total: int) -> None:
    """Report progress; raise WorkCancelled when the caller asks to stop."""
    if progress is not None and progress(done, total) is False:
        raise WorkCancelled()


class Cancellation:
    """A flag set from one thread (the window) and checked by the work on another, at its own boundaries."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._passed_on: list[Callable[[], object]] = []

    def cancel(self) -> None:
        self._event.set()
        for pass_on in list(self._passed_on):
            pass_on()

    def pass_on(self, cancel: Callable[[], object]) -> Callable[[], None]:
        """Also call cancel when this is cancelled (at once if it is already), for work elsewhere that checks a
        flag of its own (a worker process's event); returns what stops passing it on."""
        self._passed_on.append(cancel)
        if self._event.is_set():
            cancel()
        return lambda: self._passed_on.remove(cancel)

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise WorkCancelled()
