"""Load: a 10,000-case inspection graded by 5 inspectors with notes of realistic length.

Open time, grade-save latency and the report tables, each against a raw baseline on the same rows in the
same run. (The case-list filter and the merge have their own benchmarks: test_bench_case_list.py and
test_bench_merge.py.)
"""

from __future__ import annotations

import csv
import random
import statistics
import time
from pathlib import Path
from typing import Any

from exports.report import build_report
from models.inspection.services import InspectionService
from tests.benchmarks.common import raw_cipher, report, report_runs, runs_of

CASES = 10_000
GRADERS = ("Ann", "Bob", "Cat", "Dev", "Eve")
TYPES = ("cse", "custody", "s47", "domestic-abuse", "general-concern", "missing", "police-protection",
         "online-abuse", "sex-offender")
GRADES = ("good", "requires-improvement", "inadequate")
AREAS = ("initial contact", "assessment and help", "investigation", "decision-making", "overall assessment")
WORDS = ("child", "officer", "risk", "referral", "strategy", "meeting", "plan", "supervisor", "record", "visit",
         "safeguarding", "evidence", "delay", "partner", "agency", "assessment", "arrest", "interview")


def note(rng: random.Random) -> str:
    """About 80 words: a realistic evidence note."""
    return " ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + "."


def build(folder: Path) -> tuple[Path, str, list[tuple]]:
    rng = random.Random(10_000)
    sample, grades = folder / "sample.csv", folder / "grades.csv"
    rows = []
    with open(sample, "w", newline="") as s, open(grades, "w", newline="") as g:
        sw, gw = csv.writer(s), csv.writer(g)
        sw.writerow(["case_ref", "case_type", "sample", "force_grade"])
        gw.writerow(["case_ref", "inspector", "grade", *AREAS])
        for i in range(CASES):
            ref, kind = f"LOAD-{i:05d}", TYPES[i % len(TYPES)]
            self_assessed = i % 3 == 0
            sw.writerow([ref, kind, "self-assessed" if self_assessed else "inspectorate-selected",
                         rng.choice(GRADES) if self_assessed else ""])
            grade = rng.choice(GRADES)
            notes = [note(rng) for _ in AREAS]
            gw.writerow([ref, GRADERS[i % len(GRADERS)], grade, *notes])
            rows.append((ref, kind, grade, notes))
    path = folder / "load.fieldwork"
    with InspectionService.create(path, "load bench passphrase", force_name="Loadshire Police",
                                  actor="bench") as service:
        service.import_sample(sample)
        service.import_gradings(grades)
        key = service.key_hex
    return path, key, rows


def raw_copy(folder: Path, rows: list[tuple]) -> Any:
    """The same cases and notes in a raw sqlcipher3 file with the app's pragmas."""
    conn = raw_cipher(folder / "raw.db")
    conn.execute("CREATE TABLE case_file (id INTEGER PRIMARY KEY, ref TEXT UNIQUE, case_type TEXT, grade TEXT)")
    conn.execute("CREATE TABLE note (case_id INTEGER, area TEXT, text TEXT)")
    conn.execute("BEGIN")
    for i, (ref, kind, grade, notes) in enumerate(rows, 1):
        conn.execute("INSERT INTO case_file VALUES (?,?,?,?)", (i, ref, kind, grade))
        conn.executemany("INSERT INTO note VALUES (?,?,?)", [(i, a, n) for a, n in zip(AREAS, notes, strict=True)])
    conn.execute("COMMIT")
    return conn


def test_load_10k_cases_five_graders(tmp_path: Path) -> None:
    path, key, rows = build(tmp_path)
    raw = raw_copy(tmp_path, rows)
    print(f"\n{CASES:,} cases, {len(GRADERS)} graders, {len(AREAS)} notes of ~80 words each; "
          f"file {path.stat().st_size / 1e6:.1f} MB encrypted")

    def open_and_list() -> None:
        with InspectionService.open(path, actor="bench", key_hex=key) as service:
            assert len(service.cases()) == CASES

    def raw_open_and_list() -> None:
        conn = raw_cipher(tmp_path / "raw.db", create=False)
        assert len(conn.execute("SELECT * FROM case_file ORDER BY ref").fetchall()) == CASES
        conn.close()

    report_runs("open + list 10,000 cases (raw key given, as after a keyring unlock)", runs_of(3, open_and_list),
                runs_of(3, raw_open_and_list), "raw sqlcipher3 open + SELECT")

    rng = random.Random(1)
    with InspectionService.open(path, actor="bench", key_hex=key) as service:
        # baseline: raw sqlcipher3 on the same encrypted file, with the app's pragmas (cipher.raw_connect), one
        # UPDATE that really changes a row (an unchanged row is not written, so its commit syncs nothing)
        from models.inspection.cipher import raw_connect

        encrypted = raw_connect(path, key)
        encrypted.isolation_level = None
        ours, base = [], []
        for i in range(200):
            ref = f"LOAD-{rng.randrange(CASES):05d}"
            grade = GRADES[i % 3]
            start = time.perf_counter()
            service.set_grade(ref, "Ann", grade)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            encrypted.execute("BEGIN IMMEDIATE")
            encrypted.execute("UPDATE case_file SET force_grade = ?, updated_at = ? WHERE ref = ?",
                              (grade, f"2026-01-01 00:00:{i:02d}.{i:06d}", ref))
            encrypted.execute("COMMIT")
            base.append(time.perf_counter() - start)
        encrypted.close()
        median = statistics.median(ours)
        report("grade save, median of 200 (audited, durable)", median, statistics.median(base),
               "raw sqlcipher3 UPDATE + COMMIT, same file and pragmas (synchronous=FULL)")
        print(f"  grade save min / median / p95: {min(ours) * 1000:.2f} / {median * 1000:.2f} / "
              f"{sorted(ours)[189] * 1000:.2f} ms (goal median <= 2 ms: {'met' if median <= 0.002 else 'NOT met'}); "
              f"raw min / median: {min(base) * 1000:.2f} / {statistics.median(base) * 1000:.2f} ms")
        tables = runs_of(5, lambda: build_report(service.tally()))
        raw_tables = runs_of(5, lambda: raw.execute(
            "SELECT case_type, grade, count(*) FROM case_file GROUP BY case_type, grade").fetchall())
        report_runs("report tables (tally + tables + narrative)", tables, raw_tables, "raw sqlcipher3 GROUP BY")
    raw.close()
