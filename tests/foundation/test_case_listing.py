"""The case list read in one pass (case_listing, held as columns) says of every case what reading that case
alone says: grades, graders, referral, disagreement, topics settled, open queries and when it was last edited."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from models.inspection.records import CaseListing, CaseRow
from models.inspection.services import InspectionService
from models.team.queries import raise_query
from tests.frameworks.test_graded_topics import _grade_cases, topical  # noqa: F401 - the fixture


def every_case_alone(service: InspectionService) -> list[CaseRow]:
    return [service.case(ref) for ref in sorted(r.ref for r in service.cases())]


def test_the_listing_agrees_with_each_case_read_alone(demo: InspectionService) -> None:
    referred = next(r for r in demo.cases() if r.referred)
    demo.withdraw_referral(referred.ref, "Referred in error")
    queried = next(r for r in demo.cases() if r.graders)
    raise_query(demo, queried.ref, "Was the child seen alone?")
    rows = demo.cases()
    assert next(r for r in rows if r.ref == queried.ref).queries == 1
    assert rows == every_case_alone(demo)
    assert any(r.graders for r in rows) and any(r.grade for r in rows) and any(r.referred for r in rows)
    assert not next(r for r in rows if r.ref == referred.ref).referred
    assert all(r.updated_at is None or r.updated_at.tzinfo is not None for r in rows)
    assert [r.ref for r in rows] == sorted(r.ref for r in rows)
    assert len(demo.case_listing()) == len(rows) == demo.case_count()


def test_topics_settled_and_in_disagreement_come_through_the_listing(topical: InspectionService) -> None:  # noqa: F811
    _grade_cases(topical)
    topical.set_topic_grade("NY-002", "Ben", "leadership", "Inadequate")
    rows = {r.ref: r for r in topical.cases()}
    assert (rows["NY-001"].topics_graded, rows["NY-002"].topics_disagreement) == (2, True)
    assert list(rows.values()) == every_case_alone(topical)


def test_rows_kept_as_columns_come_back_unchanged(tmp_path: Path) -> None:
    rows = [CaseRow("A-2", "cse", "Child sexual exploitation", "self-assessed", "good", None, "Ann", True, False,
                    True, ("Ann", "Ben"), datetime(2026, 5, 1, 9, 30, 0, 123457, tzinfo=UTC), 2, True, 3),
            CaseRow("A-1", "custody", "Custody", "inspectorate-selected", None, "inadequate", None, False, True,
                    False, (), None)]
    listing = CaseListing.of(rows)
    assert listing.rows() == rows
    assert listing.people() == {"Ann", "Ben"}
    changed = CaseRow(*[getattr(rows[1], f) for f in CaseRow.__dataclass_fields__][:6], "Cy", False, False, False,
                      ("Cy",), None)
    listing.replace(1, changed)
    assert listing.row(1) == changed and listing.row(0) == rows[0]


def test_a_value_the_framework_no_longer_knows_is_listed_as_stored(demo: InspectionService) -> None:
    with demo.write() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO case_file (ref, case_type, sample, force_grade, grade, moderated, disagreement) "
            "VALUES ('ZZ-OLD', 'retired-type', 'self-assessed', 'outstanding', 'good', 0, 0)")
    rows = {r.ref: r for r in demo.cases()}
    old = rows["ZZ-OLD"]
    assert (old.case_type, old.case_type_label, old.force_grade, old.grade) == ("retired-type", "retired-type",
                                                                               "outstanding", "good")
    assert old == demo.case("ZZ-OLD")
    assert list(rows.values()) == every_case_alone(demo)


def test_edit_times_read_as_stored_give_the_moments_and_sort_keys_of_each_case(demo: InspectionService) -> None:
    from dataclasses import replace

    from models.inspection.records import NO_TIME, time_code

    listing = demo.case_listing()
    shown = listing.rows()  # each row's time converted from the file's text as the row is asked for
    assert any(r.updated_at for r in shown)
    assert shown == every_case_alone(demo)
    edited = replace(shown[0], updated_at=datetime(2026, 7, 2, 10, 0, 0, 5, tzinfo=UTC))
    cleared = replace(shown[1], updated_at=None)
    listing.replace(0, edited)
    listing.replace(1, cleared)
    added = replace(shown[-1], ref=shown[-1].ref + "Z", updated_at=datetime(2026, 7, 3, tzinfo=UTC))
    listing.append(added)
    expected = [edited, cleared, *shown[2:], added]
    assert listing.rows() == expected
    # the sort keys, worked out for every case at once, order the cases as their moments do
    assert list(listing.updated) == [time_code(r.updated_at) for r in expected]
    assert listing.updated[1] == NO_TIME
    assert listing.rows() == expected  # and the rows read back the same from the converted times


def test_a_stored_time_reads_as_the_moment_it_names() -> None:
    from models.inspection.records import NO_TIME, stored_code, stored_moment, time_code

    moment = datetime(2026, 5, 1, 9, 30, 0, 123457, tzinfo=UTC)
    for stored in ("2026-05-01 09:30:00.123457", "2026-05-01T10:30:00.123457+01:00"):
        assert stored_moment(stored) == moment and stored_code(stored) == time_code(moment)
    assert stored_moment("2026-05-01 09:30:00") == moment.replace(microsecond=0)
    assert (stored_moment(None), stored_code(None)) == (None, NO_TIME)
