"""Opening the main window on 100,000 and 1,000,000 cases, and the memory its case list holds per case.

Open: from open_path (unlock, read the case list, build the page) until the case list has painted, against raw
sqlcipher3 opening the same kind of file (same pragmas) and selecting the same rows. Goals: 100,000 <= 1 s,
1,000,000 <= 5 s. Memory: what the case list's model keeps once loaded (tracemalloc, the rows read by the service
freed), per case; goal <= 300 bytes. The RSS growth of the process across the first open is printed beside it.
Prints; never asserts a time.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.database import bulk_insert, stored_time
from models.inspection.services import InspectionService
from models.inspection.tables import Case, core_table
from tests.benchmarks.common import raw_cipher, runs_of
from tests.benchmarks.test_bench_foundation import GRADES, TYPES, same_schema
from widgets.case_model import CaseTableModel
from widgets.main_window import MainWindow

SIZES = [int(n) for n in os.environ.get("FIELDWORK_BENCH_WINDOW_SIZES", "100000,1000000").split(",")]
GOAL = {100_000: 1.0, 1_000_000: 5.0}
MEMORY_GOAL = 300
PASSPHRASE = "bench window passphrase"
INSPECTORS = tuple(f"Inspector {n}" for n in range(12))
COLUMNS = ("ref", "case_type", "sample", "force_grade", "grade", "moderated", "disagreement", "allocated_to",
           "updated_at")


def case_rows(size: int) -> list[tuple[Any, ...]]:
    """Cases as a worked inspection holds them: a third graded, most allocated, each edited at its own time."""
    start = datetime(2026, 3, 1, 9, 0)
    out = []
    for i in range(size):
        self_assessed = i % 3 == 0
        out.append((f"BENCH-{i:07d}", TYPES[i % len(TYPES)],
                    "self-assessed" if self_assessed else "inspectorate-selected",
                    GRADES[i % 3] if self_assessed else None, GRADES[(i // 3) % 3] if i % 3 == 1 else None,
                    False, i % 97 == 0, INSPECTORS[i % len(INSPECTORS)] if i % 10 else None,
                    stored_time(start + timedelta(seconds=7 * i))))
    return out


def build(path: Path, rows: list[tuple[Any, ...]]) -> None:
    service = InspectionService.create(path, PASSPHRASE, force_name="Bench Police", actor="bench")
    with service.write() as session:
        bulk_insert(session.connection(), core_table(Case), rows, columns=COLUMNS)
    service.close()


def rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


def line(name: str, ours: list[float], raw: list[float], goal: float | None) -> None:
    verdict = "" if goal is None else f"  (goal <= {goal:g} s: {'met' if min(ours) <= goal else 'NOT met'})"
    print(f"{name}: min / median {min(ours) * 1000:.0f} / {statistics.median(ours) * 1000:.0f} ms vs raw "
          f"sqlcipher3 open + SELECT {min(raw) * 1000:.0f} / {statistics.median(raw) * 1000:.0f} ms = "
          f"{min(ours) / min(raw):.2f} / {statistics.median(ours) / statistics.median(raw):.2f}x{verdict}")


def test_open_the_window_and_memory_per_case(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(SessionController("bench", prompt=lambda *_: PASSPHRASE, store=KeyStore()), Settings())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    print()
    for size in SIZES:
        rows = case_rows(size)
        path = tmp_path / f"cases-{size}.fieldwork"
        build(path, rows)
        raw_path = tmp_path / f"raw-{size}.db"
        conn = raw_cipher(raw_path)
        for ddl in same_schema():
            conn.execute(ddl)
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO case_file ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                         rows)
        conn.execute("COMMIT")
        conn.close()
        del rows
        gc.collect()

        def raw_open(p: Path = raw_path, n: int = size) -> None:
            connection = raw_cipher(p, create=False)
            got = connection.execute(f"SELECT {', '.join(COLUMNS)} FROM case_file ORDER BY ref").fetchall()
            assert len(got) == n
            connection.close()

        def painted(p: Path = path) -> None:
            assert window.open_path(p)
            assert window.cases is not None
            window.cases.table.viewport().repaint()
            QApplication.processEvents()

        def closed() -> None:
            window.close_inspection()
            gc.collect()

        before = rss()
        first = runs_of(1, painted, setup=closed)
        grown = rss() - before
        runs = 3 if size <= 100_000 else 2
        ours = first + runs_of(runs - 1, painted, setup=closed)
        raw = runs_of(runs, raw_open)
        line(f"open the main window on {size:,} cases until the case list is painted", ours, raw, GOAL.get(size))
        assert window.cases is not None and window.cases.proxy.rowCount() == size
        controller = window.controller
        assert controller is not None

        # the model's own holding: the rows as the window reads them, loaded; what the read used besides is freed
        model = CaseTableModel(controller.framework)
        gc.collect()
        tracemalloc.start()
        start = tracemalloc.get_traced_memory()[0]
        model.load(controller.case_listing())
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_case = (held - start) / size
        print(f"  memory the case list holds per case at {size:,}: {per_case:.0f} bytes (peak while loading "
              f"{(peak - start) / size:.0f} bytes a case; goal <= {MEMORY_GOAL}: "
              f"{'met' if per_case <= MEMORY_GOAL else 'NOT met'}); the process grew "
              f"{grown / size:.0f} bytes a case (RSS) across the first open")
        assert model.rowCount() == size
        del model
        closed()
