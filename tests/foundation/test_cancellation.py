"""Cancel passed on to work elsewhere (a worker process's own flag): as it happens, and never after the job."""

from __future__ import annotations

from models.progress import Cancellation


def test_a_cancel_is_passed_on_as_it_happens_and_no_longer_once_forgotten() -> None:
    cancellation = Cancellation()
    calls: list[str] = []
    forget = cancellation.pass_on(lambda: calls.append("worker"))
    assert calls == []
    cancellation.cancel()
    assert cancellation.cancelled and calls == ["worker"]
    forget()
    cancellation.cancel()  # a late cancel of a job that has ended reaches no worker (it may run another job)
    assert calls == ["worker"]


def test_a_cancel_before_the_work_started_is_passed_on_at_once() -> None:
    cancellation = Cancellation()
    cancellation.cancel()
    calls: list[str] = []
    cancellation.pass_on(lambda: calls.append("worker"))
    assert calls == ["worker"]
