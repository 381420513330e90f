"""Helpers for benchmarks: best-of-N wall time and a printed comparison line."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, work: Callable[[], object], setup: Callable[[], object] | None = None) -> float:
    """Best wall time of several runs: the least disturbed by other load on the machine."""
    best = float("inf")
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, ours: float, baseline: float, baseline_name: str, target: float | None = None) -> str:
    ratio = ours / baseline if baseline > 0 else float("inf")
    verdict = "" if target is None else (f"  (target <= {target:g}x: {'met' if ratio <= target else 'NOT met'})")
    line = f"{name}: {ours * 1000:.1f} ms vs {baseline_name} {baseline * 1000:.1f} ms = {ratio:.2f}x{verdict}"
    print(line)
    return line
