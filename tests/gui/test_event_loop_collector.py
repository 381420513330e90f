"""The window's application runs Python's cyclic collector from its event loop, never automatically (where it
could run inside a Qt call and deadlock on Qt's own lock: docs/decisions.md)."""

from __future__ import annotations

import gc

from models import collection


def test_the_collector_runs_from_the_event_loop_only(qapp, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert not gc.isenabled()  # no collection at an allocation that happens inside a Qt call
    ticks: list[bool] = []
    monkeypatch.setattr(collection, "collect_if_due", lambda: ticks.append(True))
    qtbot.wait(4 * qapp.collector.INTERVAL_MS)
    assert len(ticks) >= 2  # the event loop asks, every interval, whether a collection is due
