"""Headquarters on a real PostgreSQL server: publish 43 x 100 cases and 1 x 100,000 cases; national tables
over about 1,000,000 cases. Each figure is printed with its ratio to raw psycopg doing the same rows."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg

from models.headquarters.server import Headquarters
from models.inspection.services import InspectionService
from tests.benchmarks.common import report
from tests.headquarters.builders import GRADES, build_inspection
from tests.headquarters.conftest import hq_dsn, pg_cluster  # noqa: F401  (fixtures: a throwaway cluster)

SMALL_FORCES, SMALL_CASES = 43, 100
BIG_CASES = 100_000
BIG_INSPECTIONS = 9  # 43 x 100 + 9 x 100,000 + the 100,000 of the single big publish: 1,004,300 cases


def big_inspection(folder: Path, force: str, prefix: str) -> InspectionService:
    """100,000 cases with settled grades.

    Setup shortcut, not measured: importing 100,000 gradings through the service takes minutes (one audited
    ORM update per row), so the settled grade is written straight into the file here; publishing reads the
    same columns either way, and the audit chain stays intact (nothing in it is touched).
    """
    service = build_inspection(folder, force, BIG_CASES, graded=False, prefix=prefix)
    with service.db.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE case_file SET grade = CASE (id / 3) % 3 WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END", GRADES)
    return service


def timed(work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def case_rows(service: InspectionService) -> list[tuple]:
    with service.db.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT id, ref, case_type, sample, force_grade, grade, moderated, disagreement, allocated_to, "
            "updated_at FROM case_file").fetchall()


def raw_copy(dsn: str, schema: str, rows: list[tuple]) -> float:
    """Baseline: COPY the same case rows with psycopg into a bare table (no ORM, no checks, no indexes)."""
    start = time.perf_counter()
    with psycopg.connect(dsn) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        connection.execute(f"CREATE TABLE {schema}.case_file (id int PRIMARY KEY, ref text, case_type text, "
                           "sample text, force_grade text, grade text, moderated bool, disagreement bool, "
                           "allocated_to text, updated_at timestamp)")
        with connection.cursor().copy(f"COPY {schema}.case_file FROM STDIN") as copy:
            for row in rows:
                copy.write_row((row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), bool(row[7]),
                                row[8], row[9]))
    return time.perf_counter() - start


def test_publish_and_national(tmp_path: Path, hq_dsn: str) -> None:  # noqa: F811
    small = []
    for n in range(SMALL_FORCES):
        folder = tmp_path / f"small{n}"
        folder.mkdir()
        small.append(build_inspection(folder, f"Force {n:02d}", SMALL_CASES, prefix=f"F{n:02d}"))
    big_folder = tmp_path / "big"
    big_folder.mkdir()
    big = big_inspection(big_folder, "Metropolis Police", "MET")

    with Headquarters(hq_dsn) as hq:
        # 43 inspections of 100 cases.
        ours_small, _ = timed(lambda: [hq.publish(s, actor="bench", year=2026) for s in small])
        rows_small = [case_rows(s) for s in small]
        raw_small = sum(raw_copy(hq_dsn, f"raw_small_{i}", r) for i, r in enumerate(rows_small))
        report(f"publish {SMALL_FORCES} inspections x {SMALL_CASES} cases (verify audit, tally, schema, rows)",
               ours_small, raw_small, "psycopg COPY of the same case rows")

        # One inspection of 100,000 cases.
        ours_big, result = timed(lambda: hq.publish(big, actor="bench", year=2026))
        assert result.outcome == "published" and result.inspection.case_count == BIG_CASES
        raw_big = raw_copy(hq_dsn, "raw_big", case_rows(big))
        report(f"publish 1 inspection x {BIG_CASES:,} cases", ours_big, raw_big, "psycopg COPY of the same rows")
        again, unchanged = timed(lambda: hq.publish(big, actor="bench", year=2026))
        assert unchanged.outcome == "unchanged"
        print(f"publish the same {BIG_CASES:,}-case version again (no-op): {again * 1000:.1f} ms")

        for s in small:
            s.close()
        big.close()
        # Up to about 1,000,000 cases for the national tables.
        for n in range(BIG_INSPECTIONS):
            folder = tmp_path / f"big{n}"
            folder.mkdir()
            extra = big_inspection(folder, f"Region {n} Police", f"R{n}")
            try:
                hq.publish(extra, actor="bench", year=2026)
            finally:
                extra.close()

        national_time, national = timed(lambda: hq.national(year=2026))
        total = national.total_cases
        assert total == SMALL_FORCES * SMALL_CASES + (BIG_INSPECTIONS + 1) * BIG_CASES
        assert sum(r.values[-1] for r in national.tables[0].rows) == total

    # Baseline: the same GROUP BY over one plain table holding every case with its inspection id.
    with psycopg.connect(hq_dsn) as connection:
        schemas = [r[0] for r in connection.execute(
            "SELECT schema_name FROM fieldwork_hq.published_inspection")]
        connection.execute("CREATE TABLE raw_all AS " + " UNION ALL ".join(
            f"SELECT '{s}'::text AS inspection_id, case_type, sample, force_grade, grade FROM \"{s}\".case_file"
            for s in schemas))
        connection.execute("ANALYZE raw_all")
        connection.commit()
        start = time.perf_counter()
        connection.execute("SELECT inspection_id, case_type, sample, force_grade, grade, count(*) FROM raw_all "
                           "GROUP BY inspection_id, case_type, sample, force_grade, grade").fetchall()
        raw_national = time.perf_counter() - start
    report(f"national tables over {total:,} cases in {len(schemas)} inspections", national_time, raw_national,
           "one GROUP BY over a single plain table")
