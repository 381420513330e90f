"""Headquarters links a follow-up to the inspection it follows and reports the change per force.

The figures are worked out by hand from the builders' grades: the 2016 inspection has 29 cases graded
good/RI/inadequate in runs of three (11 good, 9 RI, 9 inadequate: 38%, 31%, 31%); the 2017 follow-up has
20 cases graded here 13 good, 5 RI, 2 inadequate (65%, 25%, 10%).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import psycopg
import pytest
from pypdf import PdfReader

from exports.national import to_csv, to_json, to_pdf, to_text
from models.headquarters.server import HQ_SCHEMA_VERSION, Headquarters, NationalReport, NationalTable
from models.inspection.followup import basis_of
from models.inspection.services import InspectionService
from tests.headquarters.builders import PASSPHRASE, build_inspection, write_sample

FORCE = "Metropolitan Police Service"
THREE = "good,requires-improvement,inadequate"
THEN_2016 = {"Good": (11, 38), "Requiring improvement": (9, 31), "Inadequate": (9, 31)}
NOW_2017 = {"Good": (13, 65), "Requiring improvement": (5, 25), "Inadequate": (2, 10)}
NOW_GRADES = ["good"] * 13 + ["requires-improvement"] * 5 + ["inadequate"] * 2


def follow_ups(report: NationalReport) -> NationalTable:
    return next(t for t in report.tables if t.key == f"follow_ups/{THREE}")


def rows(table: NationalTable) -> dict[str, tuple[int | float | None, ...]]:
    return {r.label: r.values for r in table.rows}


def expected_rows(then_year: int = 2016) -> dict[str, tuple[int | None, ...]]:
    name = f"{FORCE} ({then_year} → 2017)"
    expected: dict[str, tuple[int | None, ...]] = {f"{name}: cases graded": (29, None, 20, None, None)}
    for heading, (was, was_pc) in THEN_2016.items():
        now, now_pc = NOW_2017[heading]
        expected[f"{name}: {heading}"] = (was, was_pc, now, now_pc, now_pc - was_pc)
    return expected


def earlier_inspection(folder: Path) -> InspectionService:
    return build_inspection(folder, FORCE, 29, prefix="MPS16", dates=(date(2016, 5, 9), date(2016, 5, 20)))


def follow_up(folder: Path, earlier: InspectionService) -> InspectionService:
    """The 2017 follow-up, made naming the 2016 inspection (as `fieldwork new --follows` does)."""
    service = InspectionService.create(folder / "mps-2017.fieldwork", PASSPHRASE, force_name=FORCE, actor="lead",
                                       dates=(date(2017, 6, 5), date(2017, 6, 16)), follows=basis_of(earlier))
    sample, gradings = folder / "mps-2017-sample.csv", folder / "mps-2017-gradings.csv"
    write_sample(sample, len(NOW_GRADES), "MPS17")
    service.import_sample(sample)
    with open(gradings, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "inspector", "grade", "notes"])
        for i, grade in enumerate(NOW_GRADES):
            writer.writerow([f"MPS17-{i:07d}", "A. Inspector", grade, f"Synthetic note {i}"])
    service.import_gradings(gradings)
    return service


@pytest.fixture
def both(tmp_path: Path) -> tuple[InspectionService, InspectionService]:
    earlier = earlier_inspection(tmp_path)
    now = follow_up(tmp_path, earlier)
    yield earlier, now
    earlier.close()
    now.close()


def registry_links(dsn: str) -> dict[str, str | None]:
    with psycopg.connect(dsn) as connection:
        return dict(connection.execute(  # type: ignore[arg-type]
            "SELECT year::text, follows_id FROM fieldwork_hq.published_inspection").fetchall())


def test_a_published_follow_up_is_linked_and_its_change_reported_against_hand_computed_figures(
        both: tuple[InspectionService, InspectionService], hq_dsn: str) -> None:
    earlier, now = both
    with Headquarters(hq_dsn) as hq:
        hq.publish(earlier, actor="hq")
        hq.publish(now, actor="hq")
        everything = hq.national()
        only_2017 = hq.national(year=2017)
    assert registry_links(hq_dsn) == {"2016": None, "2017": earlier.info().id}
    assert rows(follow_ups(everything)) == expected_rows()
    assert follow_ups(everything).columns == ("Then", "Then %", "Now", "Now %", "Change (points)")
    # The year's tables count 2017 alone, but the follow-up still finds its 2016 "then".
    assert [i.year for i in only_2017.inspections] == [2017]
    assert rows(follow_ups(only_2017)) == expected_rows()
    assert everything.follow_up_notes == ()
    text = to_text(everything)
    assert "National table 8: follow-up inspections" in text
    assert f"{FORCE} (2016 → 2017): Good" in text
    assert '"Change (points)"' in to_json(everything)
    assert f"{FORCE} (2016 → 2017): Inadequate,9,31,2,10,-21" in to_csv(everything)
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(to_pdf(everything))).pages)
    assert "National table 8" in pdf and f"{FORCE} (2016 → 2017): Good" in pdf


def test_an_earlier_inspection_not_at_headquarters_is_compared_from_the_counts_the_follow_up_kept(
        both: tuple[InspectionService, InspectionService], hq_dsn: str) -> None:
    _, now = both
    with Headquarters(hq_dsn) as hq:
        hq.publish(now, actor="hq")
        report = hq.national()
    assert rows(follow_ups(report)) == expected_rows()
    assert report.follow_up_notes == (
        f"The 2016 inspection that {FORCE} (2017) follows up is not published at headquarters: its figures "
        "are those the follow-up kept when it was made.",)
    assert "its figures are those the follow-up kept" in to_text(report)


def test_headquarters_prefers_its_own_newer_copy_of_the_earlier_inspection(
        both: tuple[InspectionService, InspectionService], hq_dsn: str) -> None:
    """The earlier inspection re-published after a moderation: the follow-up's 'then' is headquarters' copy."""
    earlier, now = both
    earlier.set_grade("MPS16-0000000", "A. Inspector", "inadequate")  # a good case settled as inadequate
    with Headquarters(hq_dsn) as hq:
        hq.publish(earlier, actor="hq")
        hq.publish(now, actor="hq")
        report = hq.national()
    name = f"{FORCE} (2016 → 2017)"
    assert rows(follow_ups(report))[f"{name}: Good"] == (10, 34, 13, 65, 31)  # 10/29 = 34.5% -> 34
    assert rows(follow_ups(report))[f"{name}: Inadequate"] == (10, 34, 2, 10, -24)


def test_no_follow_up_no_table(tmp_path: Path, hq_dsn: str) -> None:
    service = earlier_inspection(tmp_path)
    try:
        with Headquarters(hq_dsn) as hq:
            hq.publish(service, actor="hq")
            report = hq.national()
    finally:
        service.close()
    assert not [t for t in report.tables if t.kind == "follow_ups"]


def test_a_registry_of_schema_2_is_migrated_and_links_what_was_already_published(
        both: tuple[InspectionService, InspectionService], tmp_path: Path, hq_dsn: str) -> None:
    earlier, now = both
    with Headquarters(hq_dsn) as hq:
        hq.publish(earlier, actor="hq")
        hq.publish(now, actor="hq")
    with psycopg.connect(hq_dsn) as connection:  # the registry as schema 2 left it: no links
        connection.execute("DROP INDEX fieldwork_hq.ix_fieldwork_hq_published_inspection_follows_id")
        connection.execute("ALTER TABLE fieldwork_hq.published_inspection DROP COLUMN follows_id, "
                           "DROP COLUMN follows_basis")
        connection.execute("UPDATE fieldwork_hq.hq_meta SET value = '2' WHERE key = 'schema_version'")
    with Headquarters(hq_dsn) as hq:
        unlinked = hq.national()  # readers never migrate: the old registry reads, with no follow-ups
        assert not [t for t in unlinked.tables if t.kind == "follow_ups"]
        other = build_inspection(tmp_path, "Northshire Police", 6, prefix="NORTH")
        try:
            hq.publish(other, actor="hq", year=2017)  # any publication migrates the registry
        finally:
            other.close()
        linked = hq.national()
    with psycopg.connect(hq_dsn) as connection:
        version = connection.execute(
            "SELECT value FROM fieldwork_hq.hq_meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(HQ_SCHEMA_VERSION),) == ("3",)
    assert registry_links(hq_dsn)["2016"] is None
    assert rows(follow_ups(linked)) == expected_rows()
