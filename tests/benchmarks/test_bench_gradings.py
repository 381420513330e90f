"""Importing 10,000 gradings (grade and an evidence note each) into an encrypted inspection, against raw
sqlcipher3 executemany, with the app's pragmas, of

- the gradings' rows: 10,000 assessments and their 10,000 notes, into tables of the same shape in a new file;
- every row the import writes: the same assessments, notes, audit events (hashes computed beforehand) and case
  grades, into a copy of the same inspection.

Ours also reads and checks the file, hashes the audit chain and settles each case."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from models.inspection.services import InspectionService
from models.inspection.tables import Assessment, EvidenceNote
from tests.benchmarks.common import report

ROWS = 10_000
RUNS = 5
GRADES = ("Good", "Requiring improvement", "Inadequate")
KEYS = ("good", "requires-improvement", "inadequate")
INSPECTORS = ("Nadia Okafor", "Tom Brennan", "Priya Shah", "Owen Hale")
PASSPHRASE = "bench passphrase gradings 10k"


def files(folder: Path) -> tuple[Path, Path]:
    sample, grades = folder / "sample.csv", folder / "grades.csv"
    sample.write_text("case_ref,case_type,sample\n" + "".join(
        f"WX-{n:05d},s47,inspectorate-selected\n" for n in range(ROWS)), encoding="utf-8")
    grades.write_text("case_ref,inspector,grade,notes\n" + "".join(
        f"WX-{n:05d},{INSPECTORS[n % 4]},{GRADES[n % 3]},Seen at home on day {n % 9 + 1}; risk reviewed.\n"
        for n in range(ROWS)), encoding="utf-8")
    return sample, grades


def raw_executemany(path: Path, key_hex: str) -> float:
    """The same rows, by sqlcipher3 executemany into an encrypted file with the assessment table's shape."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    from models.inspection.cipher import raw_connect

    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    connection = raw_connect(path, key_hex, create=True)  # the app's own pragmas: WAL, synchronous=FULL, keys
    for table in (Assessment.__table__, EvidenceNote.__table__):
        connection.execute(str(CreateTable(table).compile(dialect=sqlite.dialect())).replace(
            "FOREIGN KEY(case_id) REFERENCES case_file (id)", "CHECK (1)").replace(
            "FOREIGN KEY(assessment_id) REFERENCES assessment (id)", "CHECK (1)"))
    now = "2026-01-01 00:00:00.000000"
    rows = [(n + 1, INSPECTORS[n % 4], KEYS[n % 3], False, "", now) for n in range(ROWS)]
    notes = [(n + 1, "overall", f"Seen at home on day {n % 9 + 1}; risk reviewed.", now) for n in range(ROWS)]
    start = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO assessment (case_id, inspector, grade, serious_concern, concern_summary, "
                           "updated_at) VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.executemany("INSERT INTO evidence_note (assessment_id, area, text, updated_at) VALUES (?, ?, ?, ?)",
                           notes)
    connection.execute("COMMIT")
    took = time.perf_counter() - start
    connection.close()
    return took


def written_rows(path: Path, key_hex: str, before: int) -> dict[str, list[tuple[object, ...]]]:
    """What an import wrote, read back from its file: to be written again, raw."""
    from models.inspection.cipher import raw_connect

    connection = raw_connect(path, key_hex)
    rows = {
        "assessment": connection.execute("SELECT id, case_id, inspector, grade, serious_concern, concern_summary, "
                                         "updated_at FROM assessment").fetchall(),
        "evidence_note": connection.execute("SELECT id, assessment_id, area, text, updated_at "
                                            "FROM evidence_note").fetchall(),
        "audit_event": connection.execute("SELECT seq, at, actor, action, entity, entity_id, before, after, "
                                          "prev_hash, hash FROM audit_event WHERE seq > ?", (before,)).fetchall(),
        "case_file": connection.execute("SELECT grade, disagreement, updated_at, id FROM case_file").fetchall()}
    connection.close()
    return rows


def raw_same_rows(path: Path, key_hex: str, rows: dict[str, list[tuple[object, ...]]]) -> float:
    from models.inspection.cipher import raw_connect

    connection = raw_connect(path, key_hex)
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany("INSERT INTO assessment (id, case_id, inspector, grade, serious_concern, concern_summary, "
                           "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows["assessment"])
    connection.executemany("INSERT INTO evidence_note (id, assessment_id, area, text, updated_at) "
                           "VALUES (?, ?, ?, ?, ?)", rows["evidence_note"])
    connection.executemany("INSERT INTO audit_event (seq, at, actor, action, entity, entity_id, before, after, "
                           "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["audit_event"])
    connection.executemany("UPDATE case_file SET grade = ?, disagreement = ?, updated_at = ? WHERE id = ?",
                           rows["case_file"])
    connection.execute("COMMIT")
    took = time.perf_counter() - start
    connection.close()
    return took


def audit_events(path: Path, key_hex: str) -> int:
    from models.inspection.cipher import raw_connect

    connection = raw_connect(path, key_hex)
    count = int(connection.execute("SELECT max(seq) FROM audit_event").fetchone()[0])
    connection.close()
    return count


def test_import_10k_gradings(tmp_path: Path) -> None:
    sample, grades = files(tmp_path)
    template = tmp_path / "template.fieldwork"
    with InspectionService.create(template, PASSPHRASE, force_name="Bench Police", actor="bench") as service:
        service.import_sample(sample)
        key = service.key_hex
    before = audit_events(template, key)
    ours, raw, raw_all = [], [], []
    for run in range(RUNS):
        copy = tmp_path / f"run-{run}.fieldwork"
        shutil.copyfile(template, copy)
        with InspectionService.open(copy, actor="bench", key_hex=key) as service:
            start = time.perf_counter()
            summary = service.import_gradings(grades)
            ours.append(time.perf_counter() - start)
            assert summary.added == ROWS
        raw.append(raw_executemany(tmp_path / "raw.db", key))
        again = tmp_path / f"raw-{run}.fieldwork"
        shutil.copyfile(template, again)
        raw_all.append(raw_same_rows(again, key, written_rows(copy, key, before)))
    print(f"\n{ROWS:,} gradings (grade + note): ours min {min(ours) * 1000:.0f} ms, median "
          f"{statistics.median(ours) * 1000:.0f} ms; raw min {min(raw) * 1000:.0f} ms, median "
          f"{statistics.median(raw) * 1000:.0f} ms; {min(ours) / ROWS * 1e6:.0f} us a row")
    print(f"  raw, every row the import writes: min {min(raw_all) * 1000:.0f} ms, median "
          f"{statistics.median(raw_all) * 1000:.0f} ms")
    report(f"import {ROWS:,} gradings (read, check, write, audit; one transaction)", min(ours), min(raw),
           "raw sqlcipher3 executemany of the gradings' rows (assessments, notes)", target=5)
    report(f"import {ROWS:,} gradings (read, check, write, audit; one transaction)", min(ours), min(raw_all),
           "raw sqlcipher3 executemany of every row it writes (assessments, notes, audit events, cases)", target=5)
