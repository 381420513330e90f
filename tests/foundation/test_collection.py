"""The collector held off during bulk reads comes back as it was, whoever held it off first."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from models.collection import collector_held


@pytest.fixture(autouse=True)
def automatic_collector() -> Iterator[None]:
    """These tests start with the automatic collector on, as a command-line run has it (the window's
    application runs it from its event loop instead), and leave it as they found it."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with collector_held():
        assert not gc.isenabled()
        with collector_held():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer holder still reads
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()  # as the window holds it off while a job runs
    try:
        with collector_held():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_gives_the_collector_back() -> None:
    try:
        with collector_held():
            raise ValueError("a malformed file")
    except ValueError:
        pass
    assert gc.isenabled()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_collection_when_due_frees_cycles_but_waits_while_work_holds_the_collector() -> None:
    import weakref

    from models.collection import collect_if_due

    gc.disable()  # as the window's application runs it: only when asked
    gc.collect()
    cycle = Cycle()
    gone = weakref.ref(cycle)
    del cycle
    collect_if_due()
    assert gone() is not None  # not due yet: the youngest generation is under its threshold
    young = [Cycle() for _ in range(gc.get_threshold()[0] + 10)]
    with collector_held():  # a job or bulk work holds it off
        collect_if_due()
        assert gone() is not None
    collect_if_due()
    assert gone() is None and len(young) > 0
