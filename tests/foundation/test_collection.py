"""The collector held off during bulk reads comes back as it was, whoever held it off first."""

from __future__ import annotations

import gc

from models.collection import collector_held


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
