"""A gradings file is written in bulk (executemany, one audit event per row appended together): it must leave the
inspection exactly as grading each row by hand would (grades, notes, topic grades, concerns, referrals, the cases'
settled grades and disagreements), keep the audit chain intact, and be all-or-nothing even at its last rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models.errors import ImportRejected
from models.inspection import audit, gradings_import
from models.inspection.imports import GradingDraft
from models.inspection.services import InspectionService
from models.team.moderation import moderate

PASSPHRASE = "harbour copper willow gate 24"
SAMPLE = "case_ref,case_type,sample\n" + "".join(f"WX-{n},DA,inspectorate-selected\n" for n in range(1, 9))
GRADINGS = (
    "case_ref,inspector,grade,serious_concern,concern_summary,referral_reason,referral_date,notes,"
    "Investigation notes\n"
    "WX-1,Nadia Okafor,Inadequate,yes,Suspect left at the address.,immediate-risk,2024-03-04,Seen late.,No arrest\n"
    "WX-1,Tom Brennan,Good,no,,,,,\n"  # a second grader who disagrees: the case is not settled
    "WX-2,Nadia Okafor,RI,no,,,,Return interview late.,\n"  # updates Nadia's earlier grade and note
    "WX-3,Tom Brennan,Good,no,,,,,\n"  # agrees with Nadia's earlier grade: settled
    "WX-4,Tom Brennan,Inadequate,yes,No strategy meeting.,,,,\n"  # a concern, not referred
    "WX-5,Nadia Okafor,Inadequate,yes,Child not seen.,Other serious problem,,,\n"
    "WX-5,Tom Brennan,Inadequate,yes,Child not seen alone.,Other serious problem,,,\n"  # already referred by Nadia
    "WX-6,Priya Shah,Inadequate,no,,,,,\n"  # a third grader on a moderated case: its agreed grade stays
)
TOPICAL = (
    "case_ref,inspector,Leadership,Leadership notes,Investigation grade,notes\n"
    "NY-1,Ann Archer,Good,Chief officer reviews every strategy meeting,RI,Seen on day 2\n"
    "NY-2,Ann Archer,Adequate,,,\n"
    "NY-2,Ben Bishop,,Briefing notes read,Inadequate,\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def made(folder: Path, name: str, framework: str = "ncpi-2017") -> InspectionService:
    return InspectionService.create(folder / name, PASSPHRASE, force_name="Wexmoor Police", actor="lead",
                                    framework=framework)


def one_at_a_time(service: InspectionService, drafts: list[GradingDraft]) -> None:
    """The rows as an inspector would enter them, one save each: what the bulk import must equal."""
    referred = {r.ref for r in service.referrals(withdrawn=False)}
    for d in drafts:
        if d.grade is not None:
            service.set_grade(d.case_ref, d.inspector, d.grade)
        for area, grade in d.topic_grades.items():
            service.set_topic_grade(d.case_ref, d.inspector, area, grade)
        for area, text in d.notes.items():
            service.set_note(d.case_ref, d.inspector, area, text)
        service.set_serious_concern(d.case_ref, d.inspector, d.serious_concern, d.concern_summary)
        if d.refer and d.case_ref not in referred:
            on = date.fromisoformat(d.referred_on) if d.referred_on else None
            service.raise_referral(d.case_ref, d.referral_reason or "other", d.concern_summary, on)
            referred.add(d.case_ref)


def state(service: InspectionService) -> list[object]:
    """Everything a grading leaves, without the moments it was saved at."""
    found: list[object] = []
    for case in service.cases():
        detail = service.case_detail(case.ref)
        found.append((case.ref, case.grade, case.disagreement, case.moderated, case.graders))
        found.extend(sorted((case.ref, a.inspector, a.grade, a.serious_concern, a.concern_summary,
                             sorted(a.notes.items()), sorted(a.topic_grades.items())) for a in detail.assessments))
        if detail.referral is not None:
            r = detail.referral
            found.append((case.ref, r.reason, r.summary, r.raised_on, r.status))
    return found


def prepare(service: InspectionService, folder: Path) -> None:
    """Earlier work the file updates: Nadia graded WX-2 and WX-3 with a note; WX-6 was moderated."""
    service.import_sample(write(folder, "sample.csv", SAMPLE))
    service.set_grade("WX-2", "Nadia Okafor", "good")
    service.set_note("WX-2", "Nadia Okafor", "overall", "First visit.")
    service.set_grade("WX-3", "Nadia Okafor", "good")
    service.set_grade("WX-6", "Nadia Okafor", "good")
    service.set_grade("WX-6", "Tom Brennan", "requires-improvement")
    moderate(service, "WX-6", "good", "The child was seen and the plan followed.")


def test_bulk_import_equals_grading_row_by_row(tmp_path: Path) -> None:
    bulk, by_hand = made(tmp_path, "bulk.fieldwork"), made(tmp_path, "hand.fieldwork")
    with bulk, by_hand:
        for service in (bulk, by_hand):
            prepare(service, tmp_path)
        path = write(tmp_path, "grades.csv", GRADINGS)
        events = bulk.verify_audit().events
        summary = bulk.import_gradings(path)
        assert (summary.added, summary.updated, summary.referrals_raised) == (7, 1, 2)
        one_at_a_time(by_hand, by_hand.preview_gradings(path).drafts)
        assert state(bulk) == state(by_hand)
        case_1 = bulk.case("WX-1")
        assert (case_1.grade, case_1.disagreement) == (None, True)
        assert bulk.case("WX-3").grade == "good"
        case_6 = bulk.case("WX-6")
        assert (case_6.grade, case_6.moderated, case_6.disagreement) == ("good", True, False)
        verdict = bulk.verify_audit()
        assert verdict.ok, verdict.problems
        assert verdict.events == events + 8 + 2 + 1  # a row each, the two referrals, the file


def test_bulk_topic_grades_equal_grading_row_by_row(tmp_path: Path) -> None:
    bulk, by_hand = made(tmp_path, "bulk.fieldwork", "ncpi-2024"), made(tmp_path, "hand.fieldwork", "ncpi-2024")
    with bulk, by_hand:
        for service in (bulk, by_hand):
            service.import_sample(write(tmp_path, "sample.csv", "case_ref,case_type\nNY-1,DA\nNY-2,Missing\n"))
            service.set_topic_grade("NY-1", "Ann Archer", "leadership", "inadequate")  # replaced by the file
        path = write(tmp_path, "grades.csv", TOPICAL)
        bulk.import_gradings(path)
        one_at_a_time(by_hand, by_hand.preview_gradings(path).drafts)
        assert state(bulk) == state(by_hand)
        assert bulk.verify_audit().ok
        with bulk.read() as session:
            from sqlalchemy import select

            from models.inspection.tables import AuditEvent
            row = session.scalars(select(AuditEvent).where(AuditEvent.action == "import-grading",
                                                           AuditEvent.entity_id == "NY-1/Ann Archer")).one()
        assert '"topics":{"leadership":"inadequate"}' in row.before  # what the row replaced, as set_topic_grade does


def large(folder: Path, rows: int, bad_row: int | None = None) -> Path:
    lines = ["case_ref,inspector,grade,notes"]
    for n in range(rows):
        grade = "Outstanding" if bad_row is not None and n + 2 == bad_row else ("Good", "RI", "Inadequate")[n % 3]
        lines.append(f"WX-{n:05d},{('Nadia Okafor', 'Tom Brennan')[n % 2]},{grade},Note {n}")
    return write(folder, "large.csv", "\n".join(lines) + "\n")


@pytest.fixture
def large_inspection(tmp_path: Path) -> InspectionService:
    service = made(tmp_path, "large.fieldwork")
    service.import_sample(write(tmp_path, "sample.csv", "case_ref,case_type,sample\n" + "".join(
        f"WX-{n:05d},s47,inspectorate-selected\n" for n in range(10_000))))
    service.set_grade("WX-00000", "Nadia Okafor", "inadequate")
    yield service
    service.close()


def snapshot(service: InspectionService) -> tuple[object, ...]:
    return tuple(service.cases()), service.case_detail("WX-00000"), service.verify_audit().events


def test_an_error_in_row_9999_imports_nothing(large_inspection: InspectionService, tmp_path: Path) -> None:
    before = snapshot(large_inspection)
    with pytest.raises(ImportRejected) as caught:
        large_inspection.import_gradings(large(tmp_path, 10_000, bad_row=9_999))
    assert [p.describe() for p in caught.value.problems] == [
        "large.csv, row 9999, column 'grade': grade 'Outstanding' is not one of: Good, Requiring improvement, "
        "Inadequate."]
    assert snapshot(large_inspection) == before


def test_a_failure_while_writing_the_last_rows_imports_nothing(large_inspection: InspectionService, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows are written before their audit events: a failure at the 9,999th event undoes the rows too."""
    before = snapshot(large_inspection)
    real = audit.append_many

    def failing(connection, actor, entries):  # type: ignore[no-untyped-def]
        def counted():  # type: ignore[no-untyped-def]
            for n, entry in enumerate(entries, 1):
                if n == 9_999:
                    raise OSError("disk full")
                yield entry
        return real(connection, actor, counted())

    monkeypatch.setattr(gradings_import.audit, "append_many", failing)
    with pytest.raises(OSError, match="disk full"):
        large_inspection.import_gradings(large(tmp_path, 10_000))
    assert snapshot(large_inspection) == before
    monkeypatch.undo()
    summary = large_inspection.import_gradings(large(tmp_path, 10_000))
    assert (summary.added, summary.updated) == (9_999, 1)
    assert large_inspection.case_detail("WX-09999").assessments[0].notes == {"overall": "Note 9999"}
    verdict = large_inspection.verify_audit()
    assert verdict.ok and verdict.events == before[2] + 10_000 + 1
