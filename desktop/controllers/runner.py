"""The window's runner of background jobs (desktop.controllers.jobs): one at a time, in order, off the GUI thread.

A job runs on a worker thread of this process, or, when it is `isolated` (the merge, the imports, the
documents), in a worker process (desktop.controllers.processes) followed by that thread. Either way the worker
touches no Qt object: it leaves its latest progress and its outcome in a plain mailbox, which the runner (a
QObject on the GUI thread) reads on a timer and turns into signals and callbacks carrying plain values.
"""

from __future__ import annotations

import functools
import gc
import itertools
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QElapsedTimer, QObject, QThreadPool, QTimer, Signal

from desktop.controllers.jobs import Job, JobFailure, Outcome, outcome_of
from models import collection
from models.errors import FieldworkError
from models.progress import Cancellation

POLL_MS = 15  # how often the window collects a running job's progress and outcome
GC_EVERY_MS = 100  # while a job runs, the young objects are set aside this often (gc.freeze), on the GUI thread


class _Mailbox:
    """Shared by one worker and the window, plain Python only: the latest progress and the one outcome."""

    def __init__(self) -> None:
        self.progress: tuple[int, int] | None = None
        self.outcome: Outcome | None = None


def _work(job: Job, cancellation: Cancellation, mailbox: _Mailbox, done: threading.Event) -> None:
    """On the worker thread: run the job (here, or in a worker process it then follows), leave its outcome in
    the mailbox. Touches no Qt object."""

    def reached(step: int, total: int) -> None:
        mailbox.progress = (step, total)

    def progress(step: int, total: int) -> bool:
        reached(step, total)
        cancellation.check()  # raises WorkCancelled at this boundary: the work rolls back
        return True

    if cancellation.cancelled:
        outcome: Outcome = ("cancelled",)
    elif job.isolated:  # the worker process checks the cancel itself
        from desktop.controllers.processes import run_in_worker

        try:
            outcome = run_in_worker(job, cancellation, reached)
        except Exception as error:  # noqa: BLE001  (a job that cannot be sent, a worker that cannot start: a bug)
            outcome = ("crashed", f"{job.label}: no worker process could run it ({type(error).__name__}: {error})",
                       traceback.format_exc())
    else:
        outcome = outcome_of(job, progress)
    mailbox.outcome = outcome
    done.set()


@dataclass(eq=False)
class Ticket:
    """One submitted job as the window tracks it (GUI thread only); `cancel` is safe from anywhere."""

    number: int
    job: Job
    on_succeeded: Callable[[Any], object] | None = None
    on_failed: Callable[[JobFailure], object] | None = None
    on_cancelled: Callable[[], object] | None = None
    on_progress: Callable[[int, int], object] | None = None
    on_crashed: Callable[[str, str], object] | None = None
    done: threading.Event = field(default_factory=threading.Event)
    cancellation: Cancellation = field(default_factory=Cancellation)
    mailbox: _Mailbox = field(default_factory=_Mailbox)
    outcome: str | None = None  # "succeeded", "failed", "cancelled", "crashed" once delivered
    title: str | None = None  # what the status bar says while it runs, when more than the job's kind

    @property
    def label(self) -> str:
        return self.title or self.job.label

    def cancel(self) -> None:
        self.cancellation.cancel()


class JobsStillRunning(FieldworkError):
    """A cancelled job has not stopped yet: the inspection it works on must stay open until it has."""


class StallMeter(QObject):
    """A 10 ms timer on the GUI thread: the longest gap between its ticks is the longest the event loop stalled."""

    INTERVAL_MS = 10

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self.longest_ms = 0  # the longest gap, less the timer's own interval
        self.ticks = 0

    def start(self) -> None:
        if not self._timer.isActive():
            self._clock.start()
            self._timer.start()

    def stop(self) -> None:
        if self._timer.isActive():
            self._tick()
        self._timer.stop()

    def reset(self) -> None:
        self.longest_ms = 0
        self.ticks = 0

    def _tick(self) -> None:
        gap = self._clock.restart() - self.INTERVAL_MS
        self.longest_ms = max(self.longest_ms, gap)
        self.ticks += 1


class JobRunner(QObject):
    """Runs submitted jobs one at a time, in order, on a worker thread; lives on the GUI thread."""

    started = Signal(int, str)  # ticket number, label
    progressed = Signal(int, int, int)  # ticket number, done, total
    ended = Signal(int, str)  # ticket number, outcome: succeeded / failed / cancelled / crashed
    waiting = Signal(int)  # jobs queued behind the running one
    writesHeld = Signal(str)  # a writing job's label while it runs, "" once it has ended
    wrote = Signal(str)  # a writing job succeeded or crashed (its label): the window reloads before its callback
    problem = Signal(str)  # a failure no caller handles: a plain message for the window
    bug = Signal(str, str)  # summary, traceback: for the crash dialog

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._queue: deque[Ticket] = deque()
        self.current: Ticket | None = None
        self._numbers = itertools.count(1)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        self.stall = StallMeter(self)  # measures the window's liveness while jobs run
        self.counts: dict[str, int] = {}  # outcome -> how many, since start
        self._gc_held = False  # True while this runner keeps the automatic collector off
        self._delivering = False  # an outcome's callbacks are running (they may submit more jobs)
        self._gc_clock = time.monotonic()

    @property
    def running(self) -> bool:
        return self.current is not None or bool(self._queue)

    def submit(self, job: Job, *, on_succeeded: Callable[[Any], object] | None = None,
               on_failed: Callable[[JobFailure], object] | None = None,
               on_cancelled: Callable[[], object] | None = None,
               on_progress: Callable[[int, int], object] | None = None,
               on_crashed: Callable[[str, str], object] | None = None, first: bool = False,
               title: str | None = None) -> Ticket:
        """Queue job; it starts at once when nothing else runs. Callbacks run on the GUI thread; a failure or
        crash without its callback goes to the `problem` or `bug` signal. title: said instead of the job's label."""
        ticket = Ticket(next(self._numbers), job, on_succeeded, on_failed, on_cancelled, on_progress, on_crashed,
                        title=title)
        if first:  # ahead of the queue (the case list after a write: the window shows stale rows meanwhile)
            self._queue.appendleft(ticket)
        else:
            self._queue.append(ticket)
        if self.current is None and not self._delivering:
            self._start_next()
        else:  # behind the running job, or submitted by an outcome's callback: started once that returns
            self.waiting.emit(len(self._queue))
        return ticket

    def warm_up(self) -> None:
        """Start a worker process ahead of an isolated job the user is about to run (the merge dialog, the
        import wizard are open), so that job does not wait half a second for its worker to start."""
        from desktop.controllers.processes import WORKERS

        WORKERS.warm()

    def cancel(self, ticket: Ticket | None = None) -> None:
        """Cancel one job (a queued one never starts), or the running one."""
        ticket = ticket or self.current
        if ticket is None:
            return
        ticket.cancel()
        if ticket in self._queue:
            self._queue.remove(ticket)
            self.waiting.emit(len(self._queue))
            self._deliver(ticket, ("cancelled",))

    def stop(self, wait: float = 5.0) -> None:
        """Cancel every job and wait for the running one, so the inspection never closes under it.

        Raises JobsStillRunning (the job then finishes and reports as usual) when it has not stopped in time."""
        deadline = time.monotonic() + wait
        while True:  # an outcome's callback may have queued more (the case list after a write): those go too
            for queued in list(self._queue):
                self.cancel(queued)
            ticket = self.current
            if ticket is None:
                return
            ticket.cancel()
            if not ticket.done.wait(max(deadline - time.monotonic(), 0.0)):
                raise JobsStillRunning(f"{ticket.label} is still finishing; try again in a moment.")
            self._collect()

    def _start_next(self) -> None:
        if not self._queue:
            self.current = None
            self._poll.stop()
            self.stall.stop()
            self._release_gc()
            return
        ticket = self._queue.popleft()
        self.current = ticket
        self.waiting.emit(len(self._queue))
        if ticket.job.writes:
            self.writesHeld.emit(ticket.label)
        self.started.emit(ticket.number, ticket.label)
        self._hold_gc()  # before the worker starts: its first allocations already run with the collector off
        # a plain function with plain arguments: the worker holds no reference to any QObject
        self._pool.start(functools.partial(_work, ticket.job, ticket.cancellation, ticket.mailbox, ticket.done))
        self.stall.start()
        if not self._poll.isActive():
            self._poll.start()

    # Python's cyclic garbage collector runs in whichever thread happens to allocate. Run in a worker thread,
    # it can free a cycle holding a Qt wrapper (a closed dialog, a replaced page); the binding then deletes the
    # C++ object from a pending call on the GUI thread at an arbitrary point, for instance in the middle of a
    # table's paint that still uses it: a segmentation fault. So while a job runs, nothing collects: the window's
    # application already asks for collections from its event loop only (widgets.application), and those wait
    # while the hold lasts. Nor may the GUI thread's young objects pile up: a young-generation collection would
    # traverse every object a worker thread made since the last one (its rows, still in use), up to 80 ms on
    # the GUI thread. Instead the GUI thread moves the young objects aside into the permanent generation
    # (gc.freeze, constant time); once no job runs they return to the oldest generation and the event loop's
    # collections go on (a cycle that became garbage meanwhile is freed by the next full collection). A job in
    # a worker process collects there, on its own; the hold costs the window nothing meanwhile.

    # The hold is counted process-wide (models.collection): another runner (a dialog's own) or bulk work may
    # hold the collector too, and it comes back only when the last of them is done.

    def _hold_gc(self) -> None:
        if not self._gc_held:
            collection.hold()
            self._gc_held = True
            self._gc_clock = time.monotonic()

    def _release_gc(self) -> None:
        if self._gc_held:
            self._gc_held = False
            gc.unfreeze()
            collection.release()

    def _set_young_aside(self) -> None:
        if self._gc_held and time.monotonic() - self._gc_clock >= GC_EVERY_MS / 1000:
            self._gc_clock = time.monotonic()
            gc.freeze()

    def _collect(self) -> None:
        ticket = self.current
        if ticket is None:
            return
        self._set_young_aside()
        mailbox = ticket.mailbox
        step = mailbox.progress
        if step is not None:
            mailbox.progress = None
            self.progressed.emit(ticket.number, *step)
            if ticket.on_progress is not None:
                ticket.on_progress(*step)
        if not ticket.done.is_set():
            return
        outcome = mailbox.outcome or ("crashed", "The job ended without an outcome", "")
        mailbox.outcome = None
        self.current = None
        self.stall.stop()  # measured while jobs run; what the window does with the outcome is its own business
        if ticket.job.writes:
            self.writesHeld.emit("")
        self._delivering = True
        try:
            self._deliver(ticket, outcome)
        finally:
            self._delivering = False
            self._start_next()

    def _deliver(self, ticket: Ticket, outcome: tuple[Any, ...]) -> None:
        kind = outcome[0]
        ticket.outcome = kind
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.ended.emit(ticket.number, kind)
        if ticket.job.writes and kind in ("succeeded", "crashed"):  # a crash may have come after the commit
            self.wrote.emit(ticket.label)
        if kind == "succeeded":
            if ticket.on_succeeded is not None:
                ticket.on_succeeded(outcome[1])
        elif kind == "cancelled":
            if ticket.on_cancelled is not None:
                ticket.on_cancelled()
        elif kind == "failed":
            if ticket.on_failed is not None:
                ticket.on_failed(outcome[1])
            else:
                self.problem.emit(outcome[1].message)
        elif ticket.on_crashed is not None:
            ticket.on_crashed(outcome[1], outcome[2])
        else:
            self.bug.emit(outcome[1], outcome[2])

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """For the command line and tests without an event loop: run the queue to its end, collecting as the
        timer would. True when everything finished in time."""
        deadline = time.monotonic() + timeout
        while self.running and time.monotonic() < deadline:
            if self.current is not None:
                self.current.done.wait(POLL_MS / 1000)
            self._collect()
        return not self.running
