"""Documents: the demo's tables PDF and its 14 letters; the tables of a 100,000-case inspection in every format.

Baselines measured in the same run: raw sqlcipher3 reading the same figures from the same encrypted file (one
GROUP BY, the app's pragmas), the CSV export of the same tables (the cheapest document), and for the 100,000 cases
the tally alone (what every format must pay before it renders anything).
"""

from __future__ import annotations

import csv
from pathlib import Path

from exports.writers import write_referral_letters, write_tables
from models.inspection.services import InspectionService
from tests.benchmarks.common import best_of, report, report_runs, runs_of
from tests.exports.readback import pdf_text

CASES = 100_000
GRADED = 3_000
TYPES = ("cse", "custody", "s47", "domestic-abuse", "general-concern", "missing", "police-protection",
         "online-abuse", "sex-offender")
GRADES = ("good", "requires-improvement", "inadequate")


def raw_figures(service: InspectionService) -> list[float]:
    """The figures every table is made of, read by raw sqlcipher3 from the same encrypted file."""
    from models.inspection.cipher import raw_connect

    connection = raw_connect(service.path, service.key_hex)
    try:
        return runs_of(5, lambda: connection.execute(
            "SELECT sample, case_type, force_grade, grade, disagreement, count(*) FROM case_file "
            "GROUP BY sample, case_type, force_grade, grade, disagreement").fetchall())
    finally:
        connection.close()


def test_demo_tables_pdf_and_letters(demo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    csv_runs = runs_of(5, lambda: write_tables(demo, "csv", out / "tables.csv"))
    pdf_runs = runs_of(5, lambda: write_tables(demo, "pdf", out / "tables.pdf"))
    raw = raw_figures(demo)
    report_runs("demo: full tables PDF (tally + layout + atomic write)", pdf_runs, raw,
                "raw sqlcipher3 GROUP BY of the same figures")
    report_runs("demo: full tables PDF", pdf_runs, csv_runs, "tables CSV")
    csv_time = min(csv_runs)
    letters = out / "letters"
    letters.mkdir()
    refs = [r.case_ref for r in demo.referrals()]  # named: after the first run every letter has been sent
    letters_time = best_of(3, lambda: write_referral_letters(demo, letters, cases=refs, sender="A. Lead"))
    report("demo: 14 referral letters + combined PDF (+ letter sent, audited)", letters_time, csv_time,
           "tables CSV")
    assert len(list(letters.glob("referral-*.pdf"))) == 15
    assert "HMIC assessment 8 30 18" in pdf_text(out / "tables.pdf")


def test_tables_of_100k_cases(tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    gradings = tmp_path / "gradings.csv"
    with open(sample, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "case_type", "sample", "force_grade"])
        for i in range(CASES):
            self_assessed = i % 3 == 0
            writer.writerow([f"BENCH-{i:07d}", TYPES[i % len(TYPES)],
                             "self-assessed" if self_assessed else "inspectorate-selected",
                             GRADES[i % 3] if self_assessed else ""])
    with open(gradings, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "inspector", "grade"])
        for i in range(GRADED):
            writer.writerow([f"BENCH-{i:07d}", "bench", GRADES[(i // 3) % 3]])
    service = InspectionService.create(tmp_path / "big.fieldwork", "bench passphrase 1", force_name="Bench Police",
                                       actor="bench", chief_officer="Chief Constable")
    try:
        service.import_sample(sample)
        service.import_gradings(gradings)
        tally_time = best_of(3, service.tally)
        out = tmp_path / "out"
        out.mkdir()
        for fmt in ("csv", "pdf", "docx", "xlsx"):
            took = best_of(3, lambda fmt=fmt: write_tables(service, fmt, out / f"tables.{fmt}"))
            report(f"{CASES:,} cases: tables {fmt.upper()} (tally + render + atomic write)", took, tally_time,
                   "tally alone")
        tally = service.tally()
        assert tally.total == CASES
        text = pdf_text(out / "tables.pdf")
        assert f"Force assessment {' '.join(map(str, tally.force_grades))}" in text
    finally:
        service.close()
