"""Background work: the one way the window runs a merge, an import, an export, letters or a backup.

A job is a frozen dataclass of plain data (the file's path, its key as bytes, the actor, the options) whose
`run` opens the inspection through connections of its own (InspectionService.beside) and reports through a
plain progress callback. The worker thread touches no Qt object at all: it leaves its latest progress and its
outcome in a plain mailbox, which the runner (a QObject on the GUI thread) reads on a timer and turns into
signals and callbacks carrying plain values. Cancel raises WorkCancelled inside the work at its next row or
batch boundary, so its transaction rolls back (or its atomic write never lands): nothing is half-written.
"""

from __future__ import annotations

import functools
import gc
import itertools
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QElapsedTimer, QObject, QThreadPool, QTimer, Signal

from models import collection
from models.errors import FieldworkError, ImportRejected, WarningsNotAccepted
from models.inspection.tabular import ReadOptions
from models.progress import Cancellation, Progress, WorkCancelled

if TYPE_CHECKING:
    from models.headquarters.server import PublishResult
    from models.inspection.checks import Finding
    from models.inspection.records import CaseListing, ImportSummary, SamplePreview
    from models.inspection.services import InspectionService
    from models.team.exchange import ReturnExport
    from models.team.merge import MergeReport

POLL_MS = 15  # how often the window collects a running job's progress and outcome
GC_EVERY_MS = 100  # while a job runs, the young objects are set aside this often (gc.freeze), on the GUI thread


# -- the jobs: plain data plus a function that opens its own connection ------------------------------------

@dataclass(frozen=True)
class Job:
    """What every job carries: the inspection file, its raw key and the person acting (for the audit)."""

    path: Path
    key: bytes
    actor: str

    label: ClassVar[str] = "Working"
    writes: ClassVar[bool] = False  # True: the window refuses edits while it runs (they would wait on it)

    def service(self) -> InspectionService:
        from models.inspection.services import InspectionService

        return InspectionService.beside(self.path, self.key, self.actor)

    def run(self, progress: Progress) -> object:
        raise NotImplementedError


def job_base(service: InspectionService) -> dict[str, Any]:
    """The fields every job takes from the open inspection (read on the GUI thread, then frozen)."""
    return {"path": service.path, "key": bytes.fromhex(service.key_hex), "actor": service.actor}


@dataclass(frozen=True)
class MergeJob(Job):
    packages: tuple[Path, ...] = ()
    lead_secret: bytes = b""  # the lead's identity (Identity.secret), to decrypt and countersign

    label: ClassVar[str] = "Merging return packages"
    writes: ClassVar[bool] = True

    def run(self, progress: Progress) -> MergeReport:
        from models.team.identity import Identity
        from models.team.merge import merge_packages
        from models.team.packages import read_package_file

        packages = [(p.name, read_package_file(p)) for p in self.packages]
        lead = Identity.from_secret(self.lead_secret.decode("utf-8"))
        with self.service() as service:
            return merge_packages(service, lead, packages, progress)


def _frozen_values(values: dict[str, dict[str, str]] | None) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return tuple((f, tuple(sorted(m.items()))) for f, m in sorted((values or {}).items()))


@dataclass(frozen=True)
class ImportJob(Job):
    """A case sample or a gradings file, all rows or none."""

    source: Path = Path()
    mapping: tuple[tuple[str, str | None], ...] | None = None
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    options: ReadOptions | None = None
    accepted: tuple[str, ...] = ()
    gradings: bool = False

    label: ClassVar[str] = "Importing"
    writes: ClassVar[bool] = True

    @classmethod
    def of(cls, service: InspectionService, source: Path, mapping: dict[str, str | None] | None = None, *,
           values: dict[str, dict[str, str]] | None = None, options: ReadOptions | None = None,
           accepted: Sequence[str] = (), gradings: bool = False) -> ImportJob:
        return cls(**job_base(service), source=Path(source),
                   mapping=None if mapping is None else tuple(mapping.items()), values=_frozen_values(values),
                   options=options, accepted=tuple(accepted), gradings=gradings)

    def run(self, progress: Progress) -> ImportSummary:
        mapping = None if self.mapping is None else dict(self.mapping)
        values = {f: dict(m) for f, m in self.values} or None
        with self.service() as service:
            do = service.import_gradings if self.gradings else service.import_sample
            return do(self.source, mapping, values=values, options=self.options, accepted=self.accepted,
                      progress=progress)


@dataclass(frozen=True)
class SamplePreviewJob(Job):
    """A sample read and checked as the import wizard shows it, writing nothing: the preview, or the problem
    that stopped the reading as it was raised (the page that asked says it, an encoding to confirm included)."""

    source: Path = Path()
    mapping: tuple[tuple[str, str | None], ...] | None = None
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    options: ReadOptions | None = None

    label: ClassVar[str] = "Reading the sample"

    @classmethod
    def of(cls, service: InspectionService, source: Path, mapping: dict[str, str | None] | None = None, *,
           values: dict[str, dict[str, str]] | None = None, options: ReadOptions | None = None) -> SamplePreviewJob:
        return cls(**job_base(service), source=Path(source),
                   mapping=None if mapping is None else tuple(mapping.items()), values=_frozen_values(values),
                   options=options)

    def run(self, progress: Progress) -> SamplePreview | FieldworkError:
        progress(0, 1)
        mapping = None if self.mapping is None else dict(self.mapping)
        values = {f: dict(m) for f, m in self.values} or None
        with self.service() as service:
            try:
                return service.preview_sample(self.source, mapping, values=values, options=self.options)
            except FieldworkError as error:
                return error


@dataclass(frozen=True)
class TablesJob(Job):
    """The report tables as PDF, Word, Excel or CSV (exports.writers, as the CLI writes them)."""

    fmt: str = "pdf"
    target: Path = Path()

    label: ClassVar[str] = "Writing the report tables"

    def run(self, progress: Progress) -> Path:
        from exports.writers import tables_agreement, write_tables

        with self.service() as service:
            return write_tables(service, self.fmt, self.target, progress=progress,
                                agreement=tables_agreement(service))


@dataclass(frozen=True)
class LettersJob(Job):
    """One letter per referral not yet sent plus the combined PDF; each referral recorded as letter sent."""

    folder: Path = Path()
    sender: str = ""
    sender_role: str = ""
    cases: tuple[str, ...] = ()  # the referrals chosen; none: every one not yet sent
    addressee: str | None = None  # None: the inspection's addressee
    addressee_title: str | None = None

    label: ClassVar[str] = "Writing the referral letters"
    writes: ClassVar[bool] = True  # records each letter as sent

    def run(self, progress: Progress) -> list[Path]:
        from exports.writers import write_referral_letters

        with self.service() as service:
            return write_referral_letters(service, self.folder, progress=progress, sender=self.sender,
                                          sender_role=self.sender_role, cases=self.cases or None,
                                          addressee=self.addressee, addressee_title=self.addressee_title)


@dataclass(frozen=True)
class FieldworkPackagesJob(Job):
    """The lead's fieldwork packages, one per inspector (name, target), each signed and encrypted to them."""

    targets: tuple[tuple[str, Path], ...] = ()
    lead_secret: bytes = b""  # the lead's identity (Identity.secret), to sign with

    label: ClassVar[str] = "Writing the fieldwork packages"
    writes: ClassVar[bool] = True  # records each package as issued

    def run(self, progress: Progress) -> list[Path]:
        from models.files import written_unless_failed
        from models.team.exchange import export_fieldwork
        from models.team.identity import Identity

        lead = Identity.from_secret(self.lead_secret.decode("utf-8"))
        written: list[Path] = []
        with self.service() as service:
            for done, (name, target) in enumerate(self.targets):
                progress(done, len(self.targets))  # between packages: each one is whole or absent
                with written_unless_failed(target) as deliver:
                    export_fieldwork(service, lead, name, deliver)
                written.append(target)
        return written


@dataclass(frozen=True)
class ReturnJob(Job):
    """The inspector's work since the fieldwork package, signed and encrypted to the lead, written at target."""

    target: Path = Path()
    identity_secret: bytes = b""  # the inspector's identity (Identity.secret), to sign with

    label: ClassVar[str] = "Writing the return package"
    writes: ClassVar[bool] = True  # records the package's revision

    def run(self, progress: Progress) -> ReturnExport:
        from models.files import written_unless_failed
        from models.team.exchange import export_return
        from models.team.identity import Identity

        identity = Identity.from_secret(self.identity_secret.decode("utf-8"))
        progress(0, 1)  # the last chance to cancel: from here the package is one transaction and one rename
        with self.service() as service, written_unless_failed(self.target) as deliver:
            return export_return(service, identity, deliver, accept_warnings=True)


@dataclass(frozen=True)
class BackupJob(Job):
    """An encrypted backup beside the file; a daily one only when none was taken in the last 24 hours."""

    reason: str = "manual"

    label: ClassVar[str] = "Backing up"

    def run(self, progress: Progress) -> Path | None:
        from models.inspection.backups import needs_daily_backup

        if self.reason == "daily" and not needs_daily_backup(self.path):
            return None
        progress(0, 1)
        with self.service() as service:
            target = service.back_up(self.reason)
        progress(1, 1)
        return target


@dataclass(frozen=True)
class PublishJob(Job):
    """The inspection published to the headquarters PostgreSQL database: the one network connection the window
    makes, only when the lead presses Publish. Cancel before the commit rolls the server's transaction back."""

    dsn: str = ""
    password: str = field(default="", repr=False)  # typed in the dialog for this publication only; never kept
    insecure: bool = False  # allow a server on the network without verified TLS (the CLI's --insecure)

    label: ClassVar[str] = "Publishing to headquarters"

    def run(self, progress: Progress) -> PublishResult:
        from models.headquarters.server import Headquarters

        hq = Headquarters(self.dsn, password=self.password or None, insecure=self.insecure)
        try:
            hq.check_connection()  # an unreachable server or a refused password, said before any work
            with self.service() as service:
                return hq.publish(service, actor=self.actor, progress=progress)
        finally:
            hq.close()


@dataclass(frozen=True)
class CaseListJob(Job):
    """Every case as the list shows it, read after a job that wrote, so the window does not read it itself."""

    label: ClassVar[str] = "Reloading the case list"

    def run(self, progress: Progress) -> CaseListing:
        progress(0, 1)
        with self.service() as service:
            return service.case_listing()


@dataclass(frozen=True)
class ChecksJob(Job):
    """The framework's checks before hand-in: over one inspector's work (before their return package), or over
    the whole inspection (inspector None, before the final documents). Reads only."""

    inspector: str | None = None

    label: ClassVar[str] = "Running the checks before hand-in"

    def run(self, progress: Progress) -> list[Finding]:
        from models.inspection.checks import run_checks

        progress(0, 1)
        with self.service() as service:
            return run_checks(service, self.inspector)


# -- what comes back ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobFailure:
    """A known problem (FieldworkError) as plain text: its message, and the problems or warnings it lists."""

    message: str
    lines: tuple[str, ...] = ()
    kind: str = "problem"  # "rejected" (an import's problems) or "warnings" (warnings not accepted)


class _Mailbox:
    """Shared by one worker and the window, plain Python only: the latest progress and the one outcome."""

    def __init__(self) -> None:
        self.progress: tuple[int, int] | None = None
        self.outcome: tuple[Any, ...] | None = None


def _work(job: Job, cancellation: Cancellation, mailbox: _Mailbox, done: threading.Event) -> None:
    """On the worker thread: run the job, leave its outcome in the mailbox. Touches no Qt object."""

    def progress(step: int, total: int) -> bool:
        mailbox.progress = (step, total)
        cancellation.check()  # raises WorkCancelled at this boundary: the work rolls back
        return True

    outcome: tuple[Any, ...]
    try:
        cancellation.check()
        outcome = ("succeeded", job.run(progress))
    except WorkCancelled:
        outcome = ("cancelled",)
    except ImportRejected as error:
        outcome = ("failed", JobFailure(str(error), tuple(p.describe() for p in error.problems), "rejected"))
    except WarningsNotAccepted as error:
        outcome = ("failed", JobFailure(str(error), tuple(w.describe() for w in error.warnings), "warnings"))
    except FieldworkError as error:
        outcome = ("failed", JobFailure(str(error)))
    except Exception as error:  # noqa: BLE001  (a bug: shown in the crash dialog, never swallowed)
        outcome = ("crashed", f"{type(error).__name__}: {error}", traceback.format_exc())
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
    wrote = Signal(str)  # a writing job succeeded (its label): the window reloads before its callback runs
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

    # Python's cyclic garbage collector runs in whichever thread happens to allocate. Run in the worker, it
    # can free a cycle holding a Qt wrapper (a closed dialog, a replaced page); the binding then deletes the
    # C++ object from a pending call on the GUI thread at an arbitrary point, for instance in the middle of a
    # table's paint that still uses it: a segmentation fault. So while a job runs the automatic collector is
    # off. Nor does the GUI thread collect meanwhile: a young-generation collection traverses every object the
    # worker made since the last one (its rows, still in use), up to 80 ms on the GUI thread. Instead the GUI
    # thread moves the young objects aside into the permanent generation (gc.freeze, constant time), so the
    # counts never grow; once no job runs they return to the oldest generation and the collector resumes (a
    # cycle that became garbage meanwhile is freed by the next full collection).

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
        if kind == "succeeded":
            if ticket.job.writes:
                self.wrote.emit(ticket.label)
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
