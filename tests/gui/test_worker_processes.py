"""The worker process itself (desktop.controllers.processes), without a window: cancel reaches only the job it
was meant for, a result that cannot be sent back is said as such, and the worker goes on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.controllers.processes import WorkerProcess
from models.progress import Cancellation
from tests.gui.worker_jobs import SteppingJob, UnsendableResultJob

PLAIN = {"path": Path("unused.fieldwork"), "key": b"", "actor": "test"}


@pytest.fixture(scope="module")
def worker() -> Iterator[WorkerProcess]:
    started = WorkerProcess()
    yield started
    started.close()


def quiet(step: int, total: int) -> None:
    pass


def test_a_cancel_stops_the_job_at_its_next_step(worker: WorkerProcess) -> None:
    cancellation = Cancellation()
    outcome: list[tuple[object, ...]] = []
    running = threading.Thread(target=lambda: outcome.append(
        worker.run(SteppingJob(**PLAIN, steps=500), cancellation, quiet)))
    running.start()
    time.sleep(0.2)
    cancellation.cancel()
    running.join(20)
    assert outcome == [("cancelled",)]
    assert worker.run(SteppingJob(**PLAIN, steps=2), Cancellation(), quiet) == ("succeeded", "done")


def test_a_late_cancel_of_an_earlier_job_does_not_stop_the_next_one(worker: WorkerProcess) -> None:
    """A cancel whose thread was switched out between looking up the job's worker and telling it arrives once
    that job has ended and the worker runs another: it names the earlier job, so the next one goes on."""
    first = Cancellation()
    passed_on: list[Callable[[], object]] = []
    real_pass_on = first.pass_on
    first.pass_on = lambda cancel: (passed_on.append(cancel), real_pass_on(cancel))[1]  # type: ignore[method-assign]
    assert worker.run(SteppingJob(**PLAIN, steps=1), first, quiet) == ("succeeded", "done")
    outcome: list[tuple[object, ...]] = []
    running = threading.Thread(target=lambda: outcome.append(
        worker.run(SteppingJob(**PLAIN, steps=30), Cancellation(), quiet)))
    running.start()
    time.sleep(0.1)
    passed_on[0]()  # the first job's cancel, too late
    running.join(20)
    assert outcome == [("succeeded", "done")]


def test_a_result_that_cannot_be_sent_back_is_said_and_the_worker_goes_on(worker: WorkerProcess) -> None:
    outcome = worker.run(UnsendableResultJob(**PLAIN), Cancellation(), quiet)
    assert outcome[0] == "crashed" and "finished, but its result could not be handed back" in str(outcome[1])
    assert worker.alive
    assert worker.run(SteppingJob(**PLAIN, steps=1), Cancellation(), quiet) == ("succeeded", "done")
