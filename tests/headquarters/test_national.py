"""National tables over several published inspections, checked against the source files' own data."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.national import to_csv, to_json, to_pdf, to_text
from models.headquarters.server import Headquarters, NationalReport, NationalTable
from models.inspection.services import InspectionService
from models.team.agreement import agreement_report
from tests.headquarters.builders import GRADES, build_inspection, force_grade, grade


def rows(table: NationalTable) -> dict[str, tuple]:
    return {r.label: r.values for r in table.rows}


THREE = "good,requires-improvement,inadequate"  # the grade scale of ncpi-2017, which the builders use


def by_key(report: NationalReport, key: str) -> NationalTable:
    """A table by kind: the one on the 2017 scale when it has grade columns (or counts case grades)."""
    keys = {key, f"{key}/{THREE}"}
    return next(t for t in report.tables if t.key in keys)


@pytest.fixture
def two_forces(tmp_path: Path, hq_dsn: str) -> str:
    """Northshire (30 cases, 2025) and Southshire (45 cases, 2026), both finished and published."""
    for force, cases, year in (("Northshire Police", 30, 2025), ("Southshire Constabulary", 45, 2026)):
        service = build_inspection(tmp_path, force, cases, prefix=force[:5].upper())
        try:
            with Headquarters(hq_dsn) as hq:
                hq.publish(service, actor="hq", year=year)
        finally:
            service.close()
    return hq_dsn


def expected_grades(cases: int) -> Counter:
    return Counter(grade(i) for i in range(cases))


def test_national_tables_add_up_across_forces_and_filter_by_year(two_forces: str) -> None:
    with Headquarters(two_forces) as hq:
        everything = hq.national()
        only_2026 = hq.national(year=2026)
    assert [i.force_name for i in everything.inspections] == ["Northshire Police", "Southshire Constabulary"]
    assert everything.total_cases == 75
    assert [i.force_name for i in only_2026.inspections] == ["Southshire Constabulary"]

    per_force = by_key(everything, "grades_per_force")
    assert per_force.columns[:3] == ("Cases", "Self-assessed", "Inspectorate-selected")
    for label, cases in (("Northshire Police (2025)", 30), ("Southshire Constabulary (2026)", 45)):
        g = expected_grades(cases)
        assert rows(per_force)[label] == (cases, (cases + 2) // 3, cases - (cases + 2) // 3,
                                          g["good"], g["requires-improvement"], g["inadequate"], (cases + 9) // 10)

    # Grades by case type: both forces together, and only Southshire for 2026.
    types = rows(by_key(everything, "grades_by_case_type"))
    assert sum(v[-1] for v in types.values()) == 75
    custody_all = Counter(grade(i) for n in (30, 45) for i in range(n) if i % 9 == 1)
    assert types["Child in custody"] == (*(custody_all[g] for g in GRADES), sum(custody_all.values()))
    types_2026 = rows(by_key(only_2026, "grades_by_case_type"))
    assert sum(v[-1] for v in types_2026.values()) == 45


def test_agreement_per_force_counts_the_self_assessed_cases(two_forces: str) -> None:
    with Headquarters(two_forces) as hq:
        report = hq.national()
    table = by_key(report, "agreement_per_force")
    for label, cases in (("Northshire Police (2025)", 30), ("Southshire Constabulary (2026)", 45)):
        assessed = [i for i in range(cases) if i % 3 == 0]
        same = sum(force_grade(i) == grade(i) for i in assessed)
        kinder = len(assessed) - same
        assert rows(table)[label][:7] == (len(assessed), len(assessed), same, kinder, 0,
                                          round(100 * same / len(assessed), 1), round(kinder / len(assessed), 2))
    agreement = [r.values[5] for r in table.rows]
    assert agreement == sorted(agreement)  # least agreement first


def test_the_demo_inspection_reads_the_same_at_headquarters(demo_awaiting_letters: InspectionService,
                                                            hq_dsn: str) -> None:
    demo = demo_awaiting_letters
    referrals = demo.referrals()
    demo.record_force_response(referrals[0].case_ref, "action-taken", "Strategy meeting held")
    demo.set_referral_status(referrals[1].case_ref, "letter-sent")
    for case in demo.cases()[:4]:  # a second grader agrees on four cases
        demo.set_grade(case.ref, "Q. Second Grader", case.grade)
    cases = demo.cases()
    with Headquarters(hq_dsn) as hq:
        hq.publish(demo, actor="hq", year=2017)
        report = hq.national(year=2017)
    label = "Gloucestershire Constabulary (2017)"
    by_type = rows(by_key(report, "grades_by_case_type"))
    for case_type_label in {c.case_type_label for c in cases}:
        counts = Counter(c.grade for c in cases if c.case_type_label == case_type_label)
        assert by_type[case_type_label] == (*(counts[g] for g in GRADES), sum(counts.values()))
    assessed = [c for c in cases if c.sample == "self-assessed"]
    same = sum(c.force_grade == c.grade for c in assessed)
    agreement = rows(by_key(report, "agreement_per_force"))[label]
    assert agreement[:3] == (33, 33, same)
    # Kappa from the counts at HQ equals the inspection's own figure, computed from the file.
    own = agreement_report(demo)
    assert agreement[7] == round(own.self_assessed.weighted_kappa, 3)
    graders = rows(by_key(report, "grader_agreement_per_force"))[label]
    kappa = own.double_graded.weighted_kappa
    assert graders == (4, 100.0, None if kappa is None else round(kappa, 3))
    assert rows(by_key(report, "referrals_per_force"))[label] == (14, 12, 1, 1, 0, 0, 1)


def test_formats_carry_the_same_numbers(two_forces: str, tmp_path: Path) -> None:
    with Headquarters(two_forces) as hq:
        report = hq.national()
    data = json.loads(to_json(report))
    assert set(data["tables"]) == {f"grades_by_case_type/{THREE}", f"grades_per_force/{THREE}",
                                   f"agreement_per_force/{THREE}", "referrals_per_force", "grader_agreement_per_force"}
    north = next(r for r in data["tables"][f"grades_per_force/{THREE}"]["rows"]
                 if r["label"].startswith("Northshire"))
    assert north["values"][0] == 30
    assert [i["cases"] for i in data["inspections"]] == [30, 45]
    text = to_text(report)
    assert "2 published inspection(s), 75 case(s)" in text
    assert "National table 3" in text
    csv_text = to_csv(report)
    assert "Northshire Police (2025),30,10,20," in csv_text
    pdf = PdfReader(io.BytesIO(to_pdf(report)))
    content = "".join(page.extract_text() for page in pdf.pages)
    assert "Southshire Constabulary (2026)" in content and "National table 4" in content


def test_csv_guards_force_names_against_formula_injection(tmp_path: Path, hq_dsn: str) -> None:
    service = build_inspection(tmp_path, "=HYPERLINK(evil) Police", 6)
    try:
        with Headquarters(hq_dsn) as hq:
            hq.publish(service, actor="hq")
            report = hq.national()
    finally:
        service.close()
    assert "\n'=HYPERLINK(evil) Police" in to_csv(report)
    assert "\n=HYPERLINK" not in to_csv(report)


def test_an_empty_headquarters_database_gives_empty_tables(hq_dsn: str) -> None:
    with Headquarters(hq_dsn) as hq:
        report = hq.national()
    assert report.inspections == ()
    assert all(t.rows == () for t in report.tables)
    assert "(no published inspections)" in to_text(report)
