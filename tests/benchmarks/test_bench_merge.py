"""Merge 10 return packages of 10,000 assessments each into an encrypted inspection, against raw sqlcipher3
executemany of the same 100,000 assessment rows (encrypted, same pragmas), measured in the same run."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time
from pathlib import Path

from models.inspection.database import bulk_insert
from models.inspection.services import InspectionService
from models.inspection.tables import Allocation, Assessment, Case
from models.team.allocation import register_member
from models.team.exchange import export_fieldwork, field_key
from models.team.identity import Identity
from models.team.merge import merge_packages
from models.team.packages import admit, seal, unseal
from tests.benchmarks.common import best_of, report, report_runs, runs_of

PACKAGES = int(os.environ.get("FIELDWORK_BENCH_PACKAGES", "10"))
PER_PACKAGE = int(os.environ.get("FIELDWORK_BENCH_ASSESSMENTS", "10000"))
GRADES = ("good", "requires-improvement", "inadequate")
PASSPHRASE = "bench passphrase merge 10"


AREAS = ("initial-contact", "investigation", "decision-making")  # notes of the framework the bench uses


def return_values(inspector: str, first_case: int, cases: int, notes: bool) -> dict[str, object]:
    """A return's fields: a grade for each of its cases; with notes, as inspectors really return them, also a
    serious-concern field and a note in each of three areas."""
    values: dict[str, object] = {}
    for i in range(cases):
        ref = f"B-{first_case + i:07d}"
        values[field_key("grade", ref, inspector)] = GRADES[i % 3]
        if notes:
            values[field_key("concern", ref, inspector)] = [i % 7 == 0, "Risk seen at home." if i % 7 == 0 else ""]
            for area in AREAS:
                values[field_key("note", ref, inspector, area)] = f"Seen on day {i % 9 + 1}; {area} reviewed."
    return values


def build_lead(path: Path, lead: Identity, inspectors: list[Identity], per_package: int = PER_PACKAGE,
               notes: bool = False) -> tuple[InspectionService, list[bytes]]:
    service = InspectionService.create(path, PASSPHRASE, force_name="Bench Police", actor="lead")
    for identity in (lead, *inspectors):
        register_member(service, identity.card, identity.card.fingerprint)
    # Setup only: cases and allocations straight in (the allocation service is not what is measured).
    with service.write() as session:
        bulk_insert(session.connection(), Case.__table__, [
            {"ref": f"B-{i:07d}", "case_type": "s47", "sample": "inspectorate-selected", "force_grade": None,
             "moderated": False, "disagreement": False, "allocated_to": inspectors[i // per_package].name}
            for i in range(len(inspectors) * per_package)])
        bulk_insert(session.connection(), Allocation.__table__, [
            {"case_id": i + 1, "inspector": inspectors[i // per_package].name, "role": "first"}
            for i in range(len(inspectors) * per_package)])
    returns = []
    for n, identity in enumerate(inspectors):
        issued = export_fieldwork(service, lead, identity.name).package_id
        payload = {"fieldwork_package_id": issued, "copy_id": f"copy-{n}", "revision": 1,
                   "inspector": identity.name, "values": return_values(identity.name, n * per_package, per_package,
                                                                       notes), "audit": []}
        returns.append(seal("return", payload, inspection_id=service.info().id, sender=identity,
                            recipient=lead.card)[1])
    return service, returns


class LeadCopies:
    """A fresh copy of the lead's file for each run (setup, untimed), the copy before it closed first."""

    def __init__(self, template: Path, key_hex: str) -> None:
        self.template, self.key_hex = template, key_hex
        self._open: InspectionService | None = None

    def fresh(self) -> None:
        self.close()
        target = self.template.with_name(f"lead-{time.perf_counter_ns()}.fieldwork")
        shutil.copyfile(self.template, target)
        self._open = InspectionService.open(target, actor="lead", key_hex=self.key_hex)

    def opened(self) -> InspectionService:
        assert self._open is not None, "fresh() gives a copy first"
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None


def raw_insert(path: Path, key_hex: str) -> None:
    """The same 100,000 assessment rows, inserted with sqlcipher3 executemany into the same table shape, in an
    encrypted file opened with the app's pragmas (cipher.raw_connect: WAL, synchronous=FULL, ...)."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    from models.inspection.cipher import companions, raw_connect
    from models.inspection.keys import new_salt

    for old in (path, *companions(path)):
        if old.exists():
            old.unlink()
    connection = raw_connect(path, key_hex, new_salt(), create=True)
    connection.execute(str(CreateTable(Assessment.__table__).compile(dialect=sqlite.dialect())).replace(
        "FOREIGN KEY(case_id) REFERENCES case_file (id)", "CHECK (1)"))
    now = "2026-01-01 00:00:00"
    rows = [(i + 1, f"Inspector {i // PER_PACKAGE}", GRADES[i % 3], False, "", now)
            for i in range(PACKAGES * PER_PACKAGE)]
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany("INSERT INTO assessment (case_id, inspector, grade, serious_concern, "
                           "concern_summary, updated_at) VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    connection.close()


def raw_floor(lead_file: Path, key_hex: str, returns: list[bytes]) -> None:
    """The writes a merge cannot do without, in raw sqlcipher3 on a copy of the lead's file: the backup
    before it, the archived packages, the 100,000 assessments into the real table (its indexes and foreign
    key), every case settled with the merge's own statement, one commit. No checks, no three-way merge, no
    audit: what is left of the merge's time beyond this is Fieldwork's own work. (Here the backup comes first;
    the merge copies it on a thread while it works, so on two cores it can come in under these writes.)"""
    from models.inspection.cipher import copy_to, raw_connect
    from models.inspection.keys import read_salt
    from models.inspection.settling import SETTLE_MANY

    connection = raw_connect(lead_file, key_hex)
    connection.execute("BEGIN IMMEDIATE")
    reader = raw_connect(lead_file, key_hex)  # as the merge does: SQLite's backup reads on a connection not writing
    copy_to(reader, lead_file.with_name(lead_file.stem + "-floor-backup.fieldwork"), key_hex,
            read_salt(lead_file), lead_file)
    reader.close()
    now = "2026-01-01 00:00:00.000000"
    connection.executemany(
        "INSERT INTO received_package (package_id, sender, copy_id, fieldwork_package_id, revision, created_at, "
        "imported_at, sha256, values_json, archive) VALUES (?, ?, ?, ?, 1, ?, ?, '', '{}', ?)",
        [(f"floor-{n}", f"Inspector {n}", f"copy-{n}", "x", now, now, data) for n, data in enumerate(returns)])
    connection.executemany("INSERT INTO assessment (case_id, inspector, grade, serious_concern, concern_summary, "
                           "updated_at) VALUES (?, ?, ?, 0, '', ?)",
                           [(i + 1, f"Inspector {i // PER_PACKAGE}", GRADES[i % 3], now)
                            for i in range(PACKAGES * PER_PACKAGE)])
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS settling (id INTEGER PRIMARY KEY)")
    connection.execute("INSERT INTO settling (id) SELECT value FROM json_each(?)",
                       (json.dumps(list(range(1, PACKAGES * PER_PACKAGE + 1))),))
    connection.execute(SETTLE_MANY, (now,))
    connection.execute("COMMIT")
    connection.close()


def test_merge_ten_returns(tmp_path: Path) -> None:
    lead = Identity.generate("Lead", "lead")
    inspectors = [Identity.generate(f"Inspector {n}") for n in range(PACKAGES)]
    template, returns = build_lead(tmp_path / "template.fieldwork", lead, inspectors)
    key = template.key_hex
    template.close()
    packages = [(f"return-{n}.age", data) for n, data in enumerate(returns)]
    cards = [identity.card for identity in inspectors]

    copies = LeadCopies(tmp_path / "template.fieldwork", key)

    ours_runs: list[float] = []

    def merge() -> None:
        start = time.perf_counter()
        merge_packages(copies.opened(), lead, packages)
        ours_runs.append(time.perf_counter() - start)

    ours = best_of(3, merge, setup=copies.fresh)
    tally = copies.opened().tally()
    assert tally.graded == PACKAGES * PER_PACKAGE  # every merged grade settled its case
    copies.close()
    verify = best_of(2, lambda: [admit(unseal(data, lead), kind="return", inspection_id=None, recipient=lead.card,
                                       sender=card) for (_, data), card in zip(packages, cards, strict=True)])
    raw_runs: list[float] = []

    def raw_once() -> None:
        start = time.perf_counter()
        raw_insert(tmp_path / "raw.fieldwork", key)
        raw_runs.append(time.perf_counter() - start)

    raw = best_of(3, raw_once)
    floor_runs: list[float] = []

    def floor_once() -> None:
        target = tmp_path / f"floor-{time.perf_counter_ns()}.fieldwork"
        shutil.copyfile(tmp_path / "template.fieldwork", target)
        start = time.perf_counter()
        raw_floor(target, key, returns)
        floor_runs.append(time.perf_counter() - start)

    floor = best_of(3, floor_once)
    size = sum(len(d) for d in returns) / len(returns)
    print(f"\n{PACKAGES} return packages x {PER_PACKAGE} assessments, {size / 1024:.0f} KiB each (encrypted)")
    report("decrypt + verify + unpack + hash-check only", verify, raw, "raw sqlcipher3 executemany")
    report("merge (verify, archive, three-way, settle, moderation, audit), min", ours, raw,
           "raw sqlcipher3 executemany, encrypted, same pragmas", target=5)
    report("merge, median", statistics.median(ours_runs), statistics.median(raw_runs), "raw sqlcipher3 executemany",
           target=5)
    report("the merge's unavoidable writes done raw (backup, archive, assessments with the table's indexes, "
           "settle, commit), min", floor, raw, "raw sqlcipher3 executemany")
    report("merge vs those writes done raw, min", ours, floor, "raw writes")


NOTED_CASES = PER_PACKAGE // 5  # five fields a case: the same 100,000 fields in all


def raw_noted_insert(path: Path, key_hex: str) -> None:
    """The rows a merge of the noted returns writes (assessments with their concern, and their notes), inserted
    with sqlcipher3 executemany into tables of the same shape in an encrypted file with the app's pragmas."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    from models.inspection.cipher import companions, raw_connect
    from models.inspection.keys import new_salt
    from models.inspection.tables import EvidenceNote

    for old in (path, *companions(path)):
        if old.exists():
            old.unlink()
    connection = raw_connect(path, key_hex, new_salt(), create=True)
    for table in (Assessment.__table__, EvidenceNote.__table__):
        connection.execute(str(CreateTable(table).compile(dialect=sqlite.dialect())).replace(
            "FOREIGN KEY(case_id) REFERENCES case_file (id)", "CHECK (1)").replace(
            "FOREIGN KEY(assessment_id) REFERENCES assessment (id)", "CHECK (1)"))
    now = "2026-01-01 00:00:00.000000"
    cases = PACKAGES * NOTED_CASES
    assessments = [(i + 1, f"Inspector {i // NOTED_CASES}", GRADES[i % 3], i % 7 == 0,
                    "Risk seen at home." if i % 7 == 0 else "", now) for i in range(cases)]
    notes = [(i + 1, area, f"Seen on day {i % 9 + 1}; {area} reviewed.", now) for i in range(cases) for area in AREAS]
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany("INSERT INTO assessment (case_id, inspector, grade, serious_concern, concern_summary, "
                           "updated_at) VALUES (?, ?, ?, ?, ?, ?)", assessments)
    connection.executemany("INSERT INTO evidence_note (assessment_id, area, text, updated_at) VALUES (?, ?, ?, ?)",
                           notes)
    connection.execute("COMMIT")
    connection.close()


def test_merge_ten_returns_with_notes(tmp_path: Path) -> None:
    """Returns as inspectors send them: for each case a grade, a serious-concern field and three notes."""
    lead = Identity.generate("Lead", "lead")
    inspectors = [Identity.generate(f"Inspector {n}") for n in range(PACKAGES)]
    template, returns = build_lead(tmp_path / "template.fieldwork", lead, inspectors, NOTED_CASES, notes=True)
    key = template.key_hex
    template.close()
    packages = [(f"return-{n}.age", data) for n, data in enumerate(returns)]
    copies = LeadCopies(tmp_path / "template.fieldwork", key)

    ours = runs_of(3, lambda: merge_packages(copies.opened(), lead, packages), setup=copies.fresh)
    assert copies.opened().tally().graded == PACKAGES * NOTED_CASES
    copies.close()
    raw = runs_of(3, lambda: raw_noted_insert(tmp_path / "raw-noted.fieldwork", key))
    print(f"\n{PACKAGES} return packages x {NOTED_CASES} cases x (grade, concern, 3 notes) = "
          f"{PACKAGES * NOTED_CASES * 5:,} fields")
    report_runs("merge of returns with notes", ours, raw,
                "raw sqlcipher3 executemany of its assessments and notes, encrypted, same pragmas", target=5)
