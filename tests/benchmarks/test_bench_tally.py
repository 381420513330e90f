"""The tally at 10,000 to 1,000,000 cases against raw sqlcipher3 on the same encrypted file, with the app's
pragmas (the page cache sized to the file as the app sizes it), goal within 2x at every size.

Cases go in with one executemany each (the import has its own benchmark); a third are graded.
FIELDWORK_BENCH_TALLY_SIZES=10000,100000 runs fewer sizes.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from models.inspection.cipher import raw_connect
from models.inspection.database import bulk_insert
from models.inspection.services import InspectionService
from models.inspection.tables import Case
from tests.benchmarks.common import report

SIZES = [int(n) for n in os.environ.get("FIELDWORK_BENCH_TALLY_SIZES", "10000,100000,1000000").split(",")]
TYPES = ("cse", "custody", "s47", "domestic-abuse", "general-concern", "missing", "police-protection",
         "online-abuse", "sex-offender")
GRADES = ("good", "requires-improvement", "inadequate")
RUNS = 5


def app_cache_pages(path: Path) -> int:
    """The page cache the app gives a connection to this file (a fixed 64 MiB before it was sized to the file)."""
    try:
        from models.inspection.database import cache_pages_for
    except ImportError:
        return 16384
    return cache_pages_for(path.stat().st_size)


def timed(runs: int, work: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def test_tally_up_to_a_million_cases(tmp_path: Path) -> None:
    for size in SIZES:
        path = tmp_path / f"tally-{size}.fieldwork"
        with InspectionService.create(path, "bench passphrase tally", force_name="Bench Police",
                                      actor="bench") as service:
            with service.write() as session:
                bulk_insert(session.connection(), Case.__table__, [
                    (f"T-{i:07d}", TYPES[i % len(TYPES)], "self-assessed" if i % 2 else "inspectorate-selected",
                     GRADES[i % 3] if i % 2 else None, GRADES[(i // 3) % 3] if i % 3 == 0 else None, False, False)
                    for i in range(size)],
                    columns=("ref", "case_type", "sample", "force_grade", "grade", "moderated", "disagreement"))
            assert service.tally().total == size
            ours = timed(RUNS, service.tally)
            key = service.key_hex
            # the same GROUP BY the tally's main query runs, on the driver, same file, same pragmas and cache
            raw = raw_connect(path, key)
            raw.execute(f"PRAGMA cache_size = {app_cache_pages(path):d}")
            baseline = timed(RUNS, lambda connection=raw: connection.execute(
                "SELECT sample, case_type, force_grade, grade, disagreement, count(*) FROM case_file "
                "GROUP BY sample, case_type, force_grade, grade, disagreement").fetchall())
            raw.close()
        megabytes = path.stat().st_size / 1e6
        report(f"tally {size:,} cases, {megabytes:.0f} MB file (min)", min(ours), min(baseline),
               "raw sqlcipher3 GROUP BY, same file and pragmas", target=2)
        report(f"tally {size:,} cases (median)", statistics.median(ours), statistics.median(baseline),
               "raw sqlcipher3 GROUP BY", target=2)
        path.unlink()
