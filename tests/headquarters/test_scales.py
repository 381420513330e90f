"""National tables across frameworks on different grade scales: never mixed, each labelled with its frameworks;
the year an inspection is published under; a registry set up by the previous release."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path

import psycopg
import pytest
from pypdf import PdfReader

from desktop.main import main
from exports.national import to_csv, to_json, to_pdf, to_text
from models.headquarters.server import HQ_SCHEMA_VERSION, Headquarters, NationalReport, NationalTable
from models.inspection.services import InspectionService
from tests.headquarters.builders import PASSPHRASE, build_inspection, grade

THREE = "good,requires-improvement,inadequate"  # ncpi-2017, and ncpi-review
FOUR = "good,adequate,requires-improvement,inadequate"  # ncpi-2014
FIVE = "outstanding,good,adequate,requires-improvement,inadequate"  # ncpi-2024
CASE_GRADE_KINDS = ("grades_by_case_type", "grades_per_force", "agreement_per_force")
TOPICS = ("Leadership", "Partnership working", "Initial response", "Risk assessment and referral", "Investigation")


def table(report: NationalReport, kind: str, scale: str) -> NationalTable:
    [found] = [t for t in report.tables if t.key == f"{kind}/{scale}"]
    assert found.kind == kind and found.scale is not None and found.scale.key == scale
    return found


def rows(t: NationalTable) -> dict[str, tuple[int | float | None, ...]]:
    return {r.label: r.values for r in t.rows}


def publish(hq_dsn: str, service: InspectionService, **options: object) -> None:
    try:
        with Headquarters(hq_dsn) as hq:
            hq.publish(service, actor="hq", **options)  # type: ignore[arg-type]
    finally:
        service.close()


@pytest.fixture
def three_and_four(tmp_path: Path, hq_dsn: str) -> str:
    """Northshire on the 2017 scale (30 cases) and Eastshire on the 2014 four-grade scale (24 cases, two of
    them settled as adequate), both of 2025."""
    publish(hq_dsn, build_inspection(tmp_path, "Northshire Police", 30, prefix="NORTH"), year=2025)
    east = build_inspection(tmp_path, "Eastshire Police", 24, prefix="EAST", framework="ncpi-2014")
    for ref in ("EAST-0000001", "EAST-0000004"):
        east.set_grade(ref, "A. Inspector", "adequate")
    publish(hq_dsn, east, year=2025)
    return hq_dsn


def test_inspections_on_different_grade_scales_are_never_counted_in_one_table(three_and_four: str) -> None:
    with Headquarters(three_and_four) as hq:
        report = hq.national()
    for kind in CASE_GRADE_KINDS:
        assert {t.scale.key for t in report.tables if t.kind == kind and t.scale} == {THREE, FOUR}
        three, four = table(report, kind, THREE), table(report, kind, FOUR)
        assert "[ncpi-2017]" in three.title and "ncpi-2014" not in three.title
        assert "[ncpi-2014]" in four.title and "ncpi-2017" not in four.title
        assert "National Child Protection Inspections (2014, four grades)" in four.title
    # Columns in each scale's own order: adequate between good and requiring improvement on the four-grade one.
    assert table(report, "grades_by_case_type", THREE).columns == (
        "Good", "Requiring improvement", "Inadequate", "Total")
    assert table(report, "grades_by_case_type", FOUR).columns == (
        "Good", "Adequate", "Requiring improvement", "Inadequate", "Total")
    assert table(report, "grades_per_force", FOUR).columns[3:7] == (
        "Good", "Adequate", "Requiring improvement", "Inadequate")
    # Each table counts only the inspections on its scale.
    assert sum(r.values[-1] for r in table(report, "grades_by_case_type", THREE).rows) == 30
    assert sum(r.values[-1] for r in table(report, "grades_by_case_type", FOUR).rows) == 24
    north = Counter(grade(i) for i in range(30))
    assert rows(table(report, "grades_per_force", THREE)) == {
        "Northshire Police (2025)": (30, 10, 20, north["good"], north["requires-improvement"], north["inadequate"], 3)}
    east = Counter(grade(i) for i in range(24) if i not in (1, 4))
    assert rows(table(report, "grades_per_force", FOUR)) == {
        "Eastshire Police (2025)": (24, 8, 16, east["good"], 2, east["requires-improvement"], east["inadequate"], 3)}
    assert list(rows(table(report, "agreement_per_force", THREE))) == ["Northshire Police (2025)"]
    assert list(rows(table(report, "agreement_per_force", FOUR))) == ["Eastshire Police (2025)"]
    # Tables without grade columns still list every force once.
    referrals = next(t for t in report.tables if t.key == "referrals_per_force")
    assert referrals.scale is None and len(referrals.rows) == 2


def test_every_format_shows_the_split_by_scale(three_and_four: str) -> None:
    with Headquarters(three_and_four) as hq:
        report = hq.national()
    data = json.loads(to_json(report))
    four = data["tables"][f"grades_by_case_type/{FOUR}"]
    assert four["kind"] == "grades_by_case_type"
    assert four["scale"] == {"key": FOUR, "grades": FOUR.split(","),
                             "headings": ["Good", "Adequate", "Requiring improvement", "Inadequate"],
                             "frameworks": [{"key": "ncpi-2014",
                                             "name": "National Child Protection Inspections (2014, four grades)"}]}
    assert data["tables"][f"grades_by_case_type/{THREE}"]["columns"] == [
        "Good", "Requiring improvement", "Inadequate", "Total"]
    assert data["tables"]["referrals_per_force"]["scale"] is None
    assert {i["force"]: i["framework"] for i in data["inspections"]} == {"Eastshire Police": "ncpi-2014",
                                                                          "Northshire Police": "ncpi-2017"}
    text = to_text(report).splitlines()
    for framework in ("[ncpi-2014]", "[ncpi-2017]"):
        [title] = [n for n, line in enumerate(text) if line.startswith("National table 1:") and framework in line]
        adequate = "Adequate" in text[title + 1]  # the header line under the title
        assert adequate == (framework == "[ncpi-2014]")
    records = list(csv.reader(io.StringIO(to_csv(report))))
    [title] = [n for n, r in enumerate(records) if r and r[0].startswith("National table 2:") and "[ncpi-2014]" in r[0]]
    assert records[title + 1] == ["Force (year)", "Cases", "Self-assessed", "Inspectorate-selected", "Good",
                                  "Adequate", "Requiring improvement", "Inadequate", "Referred back"]
    content = "".join(page.extract_text() for page in PdfReader(io.BytesIO(to_pdf(report))).pages)
    assert "[ncpi-2014]" in content and "[ncpi-2017]" in content


def test_frameworks_on_the_same_scale_share_its_tables(tmp_path: Path, hq_dsn: str) -> None:
    """A post-inspection review grades good / requiring improvement / inadequate like 2017: one table, both named."""
    publish(hq_dsn, build_inspection(tmp_path, "Northshire Police", 12, prefix="NORTH"), year=2025)
    publish(hq_dsn, build_inspection(tmp_path, "Westshire Police", 9, prefix="WEST", framework="ncpi-review"),
            year=2025)
    with Headquarters(hq_dsn) as hq:
        report = hq.national()
    by_type = table(report, "grades_by_case_type", THREE)
    assert [t.key for t in report.tables if t.kind == "grades_by_case_type"] == [f"grades_by_case_type/{THREE}"]
    assert by_type.title.endswith("– National Child Protection Inspections (2017) [ncpi-2017]; National child "
                                  "protection inspection: post-inspection review [ncpi-review]")
    assert sum(r.values[-1] for r in by_type.rows) == 21
    assert rows(table(report, "grades_per_force", THREE))["Westshire Police (2025)"][:3] == (9, 0, 9)


def topical_inspection(folder: Path) -> InspectionService:
    """Southshire under ncpi-2024 (no overall case grade): six cases, topics graded, three topics judged."""
    service = build_inspection(folder, "Southshire Police", 6, prefix="SOUTH", graded=False, framework="ncpi-2024",
                               dates=(date(2024, 5, 13), date(2024, 5, 17)))
    for i, given in enumerate(("outstanding", "good", "good", "adequate", "inadequate", "requires-improvement")):
        service.set_topic_grade(f"SOUTH-{i:07d}", "A. Inspector", "leadership", given)
        service.set_topic_grade(f"SOUTH-{i:07d}", "A. Inspector", "investigation", "adequate")
    service.set_force_judgement("leadership", "good")
    service.set_force_judgement("investigation", "requires-improvement")
    service.set_force_judgement("partnership-working", "good")
    return service


def test_an_inspection_without_an_overall_case_grade_is_left_out_of_the_case_grade_tables(
        tmp_path: Path, hq_dsn: str) -> None:
    publish(hq_dsn, build_inspection(tmp_path, "Northshire Police", 30, prefix="NORTH"), year=2024)
    publish(hq_dsn, topical_inspection(tmp_path))  # dated May 2024
    with Headquarters(hq_dsn) as hq:
        report = hq.national(year=2024)
    assert [i.force_name for i in report.inspections] == ["Northshire Police", "Southshire Police"]
    assert report.total_cases == 36
    for kind in CASE_GRADE_KINDS:  # only the 2017 scale, and only Northshire on it
        [only] = [t for t in report.tables if t.kind == kind]
        assert only.scale is not None and only.scale.key == THREE
        assert "Southshire" not in " ".join(r.label for r in only.rows) and "ncpi-2024" not in only.title
    assert sum(r.values[-1] for r in table(report, "grades_by_case_type", THREE).rows) == 30
    assert "Not graded" not in table(report, "grades_per_force", THREE).columns
    # Tables with no grade columns still count it.
    assert "Southshire Police (2024)" in rows(next(t for t in report.tables if t.key == "referrals_per_force"))
    # Its topics and judgements are counted on its own five-grade scale.
    topics = table(report, "topic_grades", FIVE)
    assert topics.columns == ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate", "Total")
    assert topics.title.endswith("[ncpi-2024]")
    assert rows(topics)["Leadership"] == (1, 2, 1, 1, 1, 6)
    assert rows(topics)["Investigation"] == (0, 0, 6, 0, 0, 6)
    assert tuple(rows(topics)) == TOPICS
    judged = table(report, "force_judgements", FIVE)
    assert judged.columns[-2:] == ("Not yet judged", "Forces")
    assert rows(judged)["Leadership"] == (0, 1, 0, 0, 0, 0, 1)
    assert rows(judged)["Investigation"] == (0, 0, 0, 1, 0, 0, 1)
    assert rows(judged)["Initial response"] == (0, 0, 0, 0, 0, 1, 1)
    for render in (to_text, to_csv, to_json):
        assert "Southshire Police (2024)" in render(report)
    assert "[ncpi-2024]" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(report))).pages)


def test_only_inspections_without_a_case_grade_give_no_case_grade_tables(tmp_path: Path, hq_dsn: str) -> None:
    publish(hq_dsn, topical_inspection(tmp_path))
    with Headquarters(hq_dsn) as hq:
        report = hq.national()
    assert not [t for t in report.tables if t.kind in CASE_GRADE_KINDS]
    assert [t.kind for t in report.tables] == ["referrals_per_force", "grader_agreement_per_force", "topic_grades",
                                               "force_judgements"]
    assert "National table 6" in to_text(report) and "National table 7" in to_text(report)


# -- the year ----------------------------------------------------------------------------------------------------


def test_publish_takes_the_year_from_the_inspection_dates(tmp_path: Path, hq_dsn: str) -> None:
    service = build_inspection(tmp_path, "Northshire Police", 6, prefix="NORTH",
                               dates=(date(2022, 12, 28), date(2023, 1, 6)))
    try:
        with Headquarters(hq_dsn) as hq:
            assert hq.publish(service, actor="hq").inspection.year == 2023  # the last day on site
            assert [i.force_name for i in hq.national(year=2023).inspections] == ["Northshire Police"]
            # An explicit year still wins, and moves the inspection.
            moved = hq.publish(service, actor="hq", year=2021)
            assert (moved.outcome, moved.inspection.year) == ("replaced", 2021)
            assert hq.national(year=2023).inspections == ()
            service.set_dates(None, None)  # no dates: the year the file was made
            assert hq.publish(service, actor="hq").inspection.year == service.info().created_at.year
    finally:
        service.close()


def test_the_command_line_publishes_under_the_inspection_year(tmp_path: Path, hq_dsn: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    service = build_inspection(tmp_path, "Westshire Police", 6, dates=(date(2019, 3, 4), date(2019, 3, 8)))
    path = service.path
    service.close()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert main(["--passphrase-file", str(secret), "publish", str(path), "--database", hq_dsn]) == 0
    assert "Westshire Police (2019): published version" in capsys.readouterr().out
    assert main(["--passphrase-file", str(secret), "publish", str(path), "--database", hq_dsn, "--year", "2020"]) == 0
    assert "Westshire Police (2020): version" in capsys.readouterr().out


# -- a registry set up by the previous release -------------------------------------------------------------------


def downgrade_registry(dsn: str) -> None:
    """The registry as headquarters schema 1 left it: no topic columns."""
    with psycopg.connect(dsn) as connection:
        connection.execute("ALTER TABLE fieldwork_hq.published_inspection DROP COLUMN topic_grades, "
                           "DROP COLUMN force_judgements")
        connection.execute("UPDATE fieldwork_hq.hq_meta SET value = '1' WHERE key = 'schema_version'")


def test_a_registry_of_schema_1_is_read_then_migrated_keeping_what_was_published(tmp_path: Path,
                                                                                 hq_dsn: str) -> None:
    north = build_inspection(tmp_path, "Northshire Police", 12, prefix="NORTH")
    south = topical_inspection(tmp_path)
    try:
        with Headquarters(hq_dsn) as hq:
            hq.publish(north, actor="hq", year=2024)
            first = hq.publish(south, actor="hq")
            downgrade_registry(hq_dsn)
            # Read as it stands: case-grade tables whole, the topics marked as not yet at headquarters.
            before = hq.national()
            assert before.topics_missing == ("Southshire Police (2024)",)
            assert "publish again to count them" in to_text(before)
            assert rows(table(before, "topic_grades", FIVE))["Leadership"] == (0, 0, 0, 0, 0, 0)
            assert rows(table(before, "force_judgements", FIVE))["Leadership"] == (0, 0, 0, 0, 0, 0, 0)
            # Publishing the same version again migrates the registry and fills in the topics.
            again = hq.publish(south, actor="hq")
            assert (again.outcome, again.inspection.version) == ("replaced", first.inspection.version)
            after = hq.national()
            assert hq.publish(south, actor="hq").outcome == "unchanged"
    finally:
        north.close()
        south.close()
    with psycopg.connect(hq_dsn) as connection:
        version = connection.execute(
            "SELECT value FROM fieldwork_hq.hq_meta WHERE key = 'schema_version'").fetchone()
        north_row = connection.execute(
            "SELECT topic_grades, case_count, year FROM fieldwork_hq.published_inspection "
            "WHERE force_name = 'Northshire Police'").fetchone()
    assert version == (str(HQ_SCHEMA_VERSION),)
    assert north_row == (None, 12, 2024)  # untouched by the migration
    assert after.topics_missing == ()
    assert rows(table(after, "topic_grades", FIVE))["Leadership"] == (1, 2, 1, 1, 1, 6)
    assert rows(table(after, "grades_per_force", THREE)) == rows(table(before, "grades_per_force", THREE))
