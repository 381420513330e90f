"""Helpers for benchmarks: timed runs, a printed comparison line (min and median), and the raw baseline.

Every baseline is raw sqlcipher3 on an encrypted file opened with the app's own pragmas (cipher.raw_connect:
the key, WAL, synchronous=FULL, the page cache): what the app's work costs beyond the database it stands on.
"""

from __future__ import annotations

import secrets
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def runs_of(runs: int, work: Callable[[], object], setup: Callable[[], object] | None = None) -> list[float]:
    """Wall time of each of several runs (setup untimed)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def best_of(runs: int, work: Callable[[], object], setup: Callable[[], object] | None = None) -> float:
    """Best wall time of several runs: the least disturbed by other load on the machine."""
    return min(runs_of(runs, work, setup))


def report(name: str, ours: float, baseline: float, baseline_name: str, target: float | None = None) -> str:
    ratio = ours / baseline if baseline > 0 else float("inf")
    verdict = "" if target is None else (f"  (target <= {target:g}x: {'met' if ratio <= target else 'NOT met'})")
    line = f"{name}: {ours * 1000:.1f} ms vs {baseline_name} {baseline * 1000:.1f} ms = {ratio:.2f}x{verdict}"
    print(line)
    return line


def report_runs(name: str, ours: list[float], baseline: list[float], baseline_name: str,
                target: float | None = None) -> str:
    """min / median of both sides and both ratios; the target is judged on the min (least disturbed) ratio."""
    low, mid = min(ours) / min(baseline), statistics.median(ours) / statistics.median(baseline)
    verdict = "" if target is None else f"  (target <= {target:g}x: {'met' if low <= target else 'NOT met'})"
    line = (f"{name}: min / median {min(ours) * 1000:.1f} / {statistics.median(ours) * 1000:.1f} ms vs "
            f"{baseline_name} {min(baseline) * 1000:.1f} / {statistics.median(baseline) * 1000:.1f} ms "
            f"= {low:.2f} / {mid:.2f}x{verdict}")
    print(line)
    return line


RAW_KEY = secrets.token_hex(32)
RAW_SALT = bytes(range(16))  # any salt: the baseline's files are thrown away


def raw_cipher(path: Path, *, create: bool = True) -> Any:
    """An encrypted file (new, or one made here before) opened as raw sqlcipher3 with the app's pragmas, in
    autocommit (BEGIN yourself)."""
    from models.inspection.cipher import companions, raw_connect

    if create:
        for old in (path, *companions(path)):
            if old.exists():
                old.unlink()
    return raw_connect(path, RAW_KEY, RAW_SALT, create=create)
