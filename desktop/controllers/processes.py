"""Worker processes for the jobs whose Python work is heavy (the merge, the imports, the documents), without Qt.

A thread of the window's own process shares its interpreter lock: while a merge decodes and checks 100,000
fields, the window's event loop waits for the lock between the merge's steps and stalls for 100 ms and more. A
job run in a worker process has an interpreter of its own, so the window only waits for its messages.

A worker is a spawned Python process (the same start on every platform, and no copy of the window's threads or
Qt state) that runs one job at a time, sent as the job's plain frozen data through a pipe; it opens the
inspection through connections of its own (Job.service), as a worker thread does. It sends back its progress
and then its outcome, both plain values. A worker is kept once started (a start imports the models, half a
second), and a dead one is replaced at the next job. It refuses every internet connection: the jobs it runs
need none.

Cancel sets a shared number, as it happens, that the worker checks at the job's progress steps (raising WorkCancelled
there, so its transaction rolls back). A worker that dies mid-job (killed, out of memory, a native crash) leaves
the file as it was before the job's transaction: SQLite rolls an uncommitted write back at the next open.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import pickle
import signal
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.controllers.jobs import Job, Outcome, outcome_of
from models.progress import Cancellation, WorkCancelled

if TYPE_CHECKING:
    from ctypes import c_longlong
    from multiprocessing.context import SpawnProcess

CONSOLE_EXECUTABLE = "fieldwork"  # the frozen app's command-line executable, beside the windowed one
STOP_WAIT_S = 2.0  # how long an idle worker gets to leave on its own before it is terminated


class NetworkRefused(OSError):
    """A worker process tried to reach the network: it never needs to (publishing stays with the window)."""


def network_refusals(refuse: Callable[..., Any]) -> dict[str, Any]:
    """Replacements for the socket module's ways out to the internet (a connecting socket, create_connection,
    getaddrinfo), each calling refuse instead; local sockets (the worker's own pipe) still work."""

    class OfflineSocket(socket.socket):
        def connect(self, address: Any) -> None:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                refuse(address)
            super().connect(address)

        def connect_ex(self, address: Any) -> int:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                refuse(address)
            return super().connect_ex(address)

    return {"socket": OfflineSocket, "create_connection": refuse, "getaddrinfo": refuse}


def _offline() -> None:
    """Refuse every internet connection in this worker process: the jobs it runs (merge, imports, documents)
    work on files only, so one that reached for the network would be a bug, and it is stopped there."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise NetworkRefused(f"a Fieldwork worker process never uses the network (asked: {args!r})")

    for name, replacement in network_refusals(refuse).items():
        setattr(socket, name, replacement)


def _serve(channel: Connection, cancelled: c_longlong) -> None:
    """The worker process's loop: run each job received (numbered), send its progress and outcome; None ends it.

    cancelled holds the number of the last job the window cancelled: a job stops at its next step once it holds
    its own number. A plain shared number, written and read without a lock: a cancel never waits on the
    worker (nor on a lock a killed worker might have held), and a late cancel of an earlier job names that job,
    not the one running now."""
    _offline()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the terminal is the window's to handle
    number = 0

    def progress(step: int, total: int) -> bool:
        channel.send(("progress", step, total))
        if cancelled.value == number:
            raise WorkCancelled()
        return True

    while True:
        try:
            message = channel.recv()
        except (EOFError, OSError):  # the window's end is gone: nothing more to do
            return
        if message is None:
            return
        number, job = message
        outcome = outcome_of(job, progress)
        try:
            channel.send(("outcome", outcome))
        except Exception as error:  # noqa: BLE001  (a result that cannot cross: a bug, said as such)
            channel.send(("outcome", ("crashed", f"{job.label} finished, but its result could not be handed back "
                                      f"({type(error).__name__}: {error})", traceback.format_exc())))


class WorkerProcess:
    """One spawned worker and its two ends: a pipe for jobs and messages, a shared number for cancel."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        if getattr(sys, "frozen", False) and sys.platform == "darwin":
            # The windowed app waits for the system's open-file events at each start and shows in the Dock: a
            # worker starts from the bundle's command-line executable instead (not on Windows, where that would
            # open a console window).
            console = Path(sys.executable).with_name(CONSOLE_EXECUTABLE)
            if console.is_file():
                context.set_executable(str(console))
        self._cancelled: c_longlong = context.Value("q", 0, lock=False)
        self._jobs = 0  # the number of the last job sent
        self._channel, theirs = context.Pipe()
        self._process: SpawnProcess = context.Process(target=_serve, args=(theirs, self._cancelled),
                                                      name="fieldwork worker", daemon=True)
        self._process.start()
        theirs.close()  # only the worker holds that end: its death is seen here as the end of the pipe

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def run(self, job: Job, cancellation: Cancellation,
            on_progress: Callable[[int, int], object]) -> Outcome:
        """Run job in the worker; returns its outcome as outcome_of does, or ("crashed", ...) when the worker
        died meanwhile. Blocks the calling thread (a worker thread of the runner, never the GUI thread)."""
        self._jobs += 1
        number = self._jobs

        def cancel() -> None:
            self._cancelled.value = number

        # cancel reaches the worker as it happens (the job's next step sees it), not at this thread's next look
        stop_passing = cancellation.pass_on(cancel)
        try:
            self._channel.send((number, job))
            while True:
                message = self._channel.recv()
                if message[0] == "progress":
                    on_progress(message[1], message[2])
                else:
                    return tuple(message[1])
        except (EOFError, OSError):  # the worker ended without an outcome
            self._process.join(STOP_WAIT_S)
            code = self._process.exitcode
            return ("crashed", f"its worker process stopped unexpectedly, exit code {code}",
                    f"{job.label}: the worker process ended with exit code {code} before it reported an outcome; "
                    "what it was writing was committed only if it had finished.")
        except (pickle.UnpicklingError, AttributeError, TypeError, ImportError) as error:
            return ("crashed", f"{job.label} finished, but its result could not be read here "
                    f"({type(error).__name__}: {error})", traceback.format_exc())
        finally:
            stop_passing()

    def close(self) -> None:
        """Ask the worker to leave, and make sure it has."""
        if self._process.is_alive():
            with contextlib.suppress(OSError):  # it died just now: nothing to ask
                self._channel.send(None)
            self._process.join(STOP_WAIT_S)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(STOP_WAIT_S)
        self._channel.close()


class WorkerProcesses:
    """The process-wide set of idle workers: each job takes one (starting one when none is idle) and gives it
    back. Two runners (the window's and a dialog's own) may each run a job at the same time."""

    def __init__(self) -> None:
        self._idle: list[WorkerProcess] = []
        self._lock = threading.Lock()
        atexit.register(self.close)  # idle workers leave with the app rather than being terminated

    def take(self) -> WorkerProcess:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
                worker.close()
        return WorkerProcess()

    def give_back(self, worker: WorkerProcess) -> None:
        if not worker.alive:
            worker.close()
            return
        with self._lock:
            self._idle.append(worker)

    @property
    def ready(self) -> list[int | None]:
        """The process ids of the idle workers that are alive, waiting for a job."""
        with self._lock:
            return [worker.pid for worker in self._idle if worker.alive]

    def warm(self) -> None:
        """Start a worker ahead of the job that will need it (a dialog about to merge or import)."""
        if not self.ready:
            self.give_back(WorkerProcess())

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()


WORKERS = WorkerProcesses()


def run_in_worker(job: Job, cancellation: Cancellation, on_progress: Callable[[int, int], object]) -> Outcome:
    """Run job in an idle worker process (started if none is), as a worker thread would run it in this one."""
    worker = WORKERS.take()
    try:
        return worker.run(job, cancellation, on_progress)
    finally:
        WORKERS.give_back(worker)
