"""Python's cyclic garbage collector held off while bulk work builds many small objects.

Reading a 100,000-row sample allocates a list, a dict and a tuple or two per row, none of them ever part of a
cycle; the collector, triggered every few hundred allocations, walks the growing heap again and again and took
25-30% of the read (more as the file grows). Held off for the length of the work, the collector runs once
afterwards as it would have, and nothing is kept that it would have freed: these objects are freed by their
reference counts alone.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0  # work in progress (any thread) holding the collector off
_disabled_here = False  # whether the first holder turned it off (it may have been off already: a running job)


def hold() -> None:
    """One more piece of work holding the automatic collector off (any thread); release() ends it."""
    global _holders, _disabled_here
    with _lock:
        if _holders == 0:
            _disabled_here = gc.isenabled()
            gc.disable()
        _holders += 1


def release() -> None:
    """The end of one hold(): the collector is on again after the last, if it was on before the first."""
    global _holders, _disabled_here
    with _lock:
        _holders -= 1
        if _holders == 0 and _disabled_here:
            _disabled_here = False
            gc.enable()


@contextlib.contextmanager
def collector_held() -> Iterator[None]:
    """The automatic collector is off for the with-block, and on again after the last such block if it was on
    before the first."""
    hold()
    try:
        yield
    finally:
        release()


def held() -> bool:
    """Whether some work (any thread) holds the collector off now."""
    return _holders > 0


def collect_if_due() -> None:
    """The collection the automatic collector would run now (the youngest generations whose counts passed their
    thresholds), for a program that runs it only at points it knows to be safe; nothing while work holds the
    collector off."""
    if held():
        return
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] < thresholds[0]:
        return
    gc.collect(2 if counts[2] >= thresholds[2] else 1 if counts[1] >= thresholds[1] else 0)
