"""Import 100,000 cases and tally them on an encrypted file, against raw sqlcipher3 (same pragmas) on the same rows.

FIELDWORK_BENCH_IMPORT_SIZES=100000,1000000 also imports a million-case sample once, to show the import stays linear
(about a minute more).
"""

from __future__ import annotations

import csv
import os
import resource
import time
from pathlib import Path
from typing import Any

from models.inspection.services import InspectionService
from tests.benchmarks.common import raw_cipher, report_runs, runs_of

CASES = 100_000
TYPES = ("cse", "custody", "s47", "domestic-abuse", "general-concern", "missing", "police-protection",
         "online-abuse", "sex-offender")
GRADES = ("good", "requires-improvement", "inadequate")


def rows(cases: int = CASES) -> list[tuple[str, str, str, str | None]]:
    out = []
    for i in range(cases):
        self_assessed = i % 3 == 0
        out.append((f"BENCH-{i:07d}", TYPES[i % len(TYPES)],
                    "self-assessed" if self_assessed else "inspectorate-selected",
                    GRADES[i % 3] if self_assessed else None))
    return out


def same_schema() -> list[str]:
    """The case table and its indexes exactly as the app creates them, for a fair baseline."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    from models.inspection.tables import Case

    table = Case.__table__
    dialect = sqlite.dialect()
    return [str(CreateTable(table).compile(dialect=dialect))] + [
        str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes]


def write_sample(path: Path, data: list[tuple[str, str, str, str | None]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "case_type", "sample", "force_grade"])
        writer.writerows((r, t, s, g or "") for r, t, s, g in data)
    return path


def test_import_and_tally_100k(tmp_path: Path) -> None:
    data = rows()
    sample = write_sample(tmp_path / "sample.csv", data)

    counter = iter(range(1000))
    services: list[InspectionService] = []

    def fresh() -> None:
        for old in services:
            old.close()
        services.clear()
        services.append(InspectionService.create(tmp_path / f"b{next(counter)}.fieldwork", "bench passphrase 1",
                                                 force_name="Bench Police", actor="bench"))

    ours_import = runs_of(3, lambda: services[0].import_sample(sample), setup=fresh)

    raw_paths = iter(range(1000))
    raw: list[Any] = []

    def raw_fresh() -> None:
        for old in raw:
            old.close()
        raw.clear()
        conn = raw_cipher(tmp_path / f"raw{next(raw_paths)}.db")
        for ddl in same_schema():
            conn.execute(ddl)
        raw.append(conn)

    def raw_insert() -> None:
        raw[0].execute("BEGIN IMMEDIATE")
        raw[0].executemany("INSERT INTO case_file (ref, case_type, sample, force_grade, moderated, disagreement) "
                           "VALUES (?,?,?,?,0,0)", data)
        raw[0].execute("COMMIT")

    raw_import = runs_of(3, raw_insert, setup=raw_fresh)
    report_runs(f"import {CASES:,} cases (CSV parse + validate + encrypted insert + audit)", ours_import, raw_import,
                "raw sqlcipher3 executemany", target=3)

    # where the time goes: reading and checking the CSV, and the encrypted insert of the same rows alone
    from models.collection import collector_held
    from models.inspection.database import bulk_insert
    from models.inspection.imports import validate_sample
    from models.inspection.tables import Case
    from models.inspection.tabular import read_sheet

    def parse_and_check() -> None:
        with collector_held():  # as the import reads it
            validate_sample(read_sheet(sample), services[0].framework, set())

    parse = runs_of(3, parse_and_check)
    report_runs("  of which: read and validate the CSV (no database)", parse, raw_import, "raw sqlcipher3 executemany")

    def encrypted_insert() -> None:  # as the import writes the rows: the two flags written into the statement
        with services[0].write() as session:
            bulk_insert(session.connection(), Case.__table__, data,
                        columns=("ref", "case_type", "sample", "force_grade"),
                        constants={"moderated": 0, "disagreement": 0})

    insert = runs_of(3, encrypted_insert, setup=fresh)
    report_runs("  of which: the same rows inserted into the encrypted file", insert, raw_import,
                "raw sqlcipher3 executemany")

    fresh()
    services[0].import_sample(sample)
    service = services[0]
    assert len(service.cases()) == CASES
    ours_tally = runs_of(5, service.tally)
    raw_tally = runs_of(5, lambda: raw[0].execute(
        "SELECT sample, case_type, force_grade, grade, disagreement, count(*) FROM case_file "
        "GROUP BY sample, case_type, force_grade, grade, disagreement").fetchall())
    report_runs(f"tally {CASES:,} cases", ours_tally, raw_tally, "raw sqlcipher3 GROUP BY", target=2)
    assert service.tally().total == CASES
    service.close()
    raw[0].close()


def test_import_stays_linear(tmp_path: Path) -> None:
    """One import at each size against one raw executemany of the same rows: time per case and the ratio, and how
    far the process grew (peak RSS) while importing."""
    sizes = [int(n) for n in os.environ.get("FIELDWORK_BENCH_IMPORT_SIZES", "").split(",") if n]
    if not sizes:
        return
    for size in sizes:
        data = rows(size)
        sample = write_sample(tmp_path / f"sample-{size}.csv", data)
        raw = raw_cipher(tmp_path / f"raw-{size}.db")
        for ddl in same_schema():
            raw.execute(ddl)
        start = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany("INSERT INTO case_file (ref, case_type, sample, force_grade, moderated, disagreement) "
                        "VALUES (?,?,?,?,0,0)", data)
        raw.execute("COMMIT")
        raw_time = time.perf_counter() - start
        raw.close()
        del data
        service = InspectionService.create(tmp_path / f"linear-{size}.fieldwork", "bench passphrase 1",
                                           force_name="Bench Police", actor="bench")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        assert service.import_sample(sample).added == size
        ours = time.perf_counter() - start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
        service.close()
        print(f"import {size:,} cases: {ours:.2f} s ({ours / size * 1e6:.1f} us a case) vs raw sqlcipher3 executemany "
              f"{raw_time:.2f} s ({raw_time / size * 1e6:.1f} us a case) = {ours / raw_time:.2f}x; peak RSS grew "
              f"{grown / size:.0f} bytes a case")
