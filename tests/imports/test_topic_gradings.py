"""Gradings files for a framework that grades topics: a topic's column takes a grade, a note-only area's column takes
notes, and a grade is never stored as note text."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import ImportRejected
from models.inspection.services import InspectionService

PASSPHRASE = "harbour copper willow gate 24"
TOPICS = "Outstanding, Good, Adequate, Requires improvement, Inadequate"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def topical(tmp_path: Path) -> InspectionService:
    """An ncpi-2024 inspection (topics graded per case, no overall case grade) with three cases."""
    service = InspectionService.create(tmp_path / "ny.fieldwork", PASSPHRASE, force_name="North Yorkshire Police",
                                       actor="lead", framework="ncpi-2024")
    service.import_sample(write(tmp_path, "sample.csv", "case_ref,case_type\nNY-1,DA\nNY-2,Missing\nNY-3,S47\n"))
    yield service
    service.close()


def refused(service: InspectionService, path: Path) -> list[str]:
    """Import, expect refusal, and prove nothing changed: the cases, their assessments and the audit log."""
    before = ([service.case_detail(c.ref) for c in service.cases()], service.verify_audit().events)
    with pytest.raises(ImportRejected) as caught:
        service.import_gradings(path)
    assert ([service.case_detail(c.ref) for c in service.cases()], service.verify_audit().events) == before
    return [p.describe() for p in caught.value.problems]


def test_topic_columns_import_grades_not_notes(topical: InspectionService, tmp_path: Path) -> None:
    path = write(tmp_path, "grades.csv",
                 "case_ref,inspector,Leadership,Leadership notes,Investigation grade,risk_assessment_and_referral,"
                 "Other evidence,notes\n"
                 "NY-1,Ann,Good,Chief officer reviews every strategy meeting,RI,inadequate,Custody record read,"
                 "Seen on day 2\n"
                 "NY-2,Ann,Adequate,,,,,\n")
    summary = topical.import_gradings(path)
    assert (summary.added, summary.updated) == (2, 0)
    assessment = topical.case_detail("NY-1").assessments[0]
    assert assessment.topic_grades == {"leadership": "good", "investigation": "requires-improvement",
                                       "risk-assessment-and-referral": "inadequate"}
    assert assessment.notes == {"leadership": "Chief officer reviews every strategy meeting",
                                "other": "Custody record read\nSeen on day 2"}
    assert assessment.grade is None  # the framework gives a case no overall grade
    every_note = [text for ref in ("NY-1", "NY-2") for a in topical.case_detail(ref).assessments
                  for text in a.notes.values()]
    assert not any(topical.framework.match_grade(text) for text in every_note)
    assert topical.case_detail("NY-2").assessments[0].notes == {}
    assert {t.area: t.counts for t in topical.tally().topics}["leadership"] == (0, 1, 1, 0, 0)
    # one audited event per row, naming the topic grades it set
    with topical.read() as session:
        from sqlalchemy import select

        from models.inspection.tables import AuditEvent

        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "import-grading")).all()
        assert len(events) == 2 and '"leadership":"good"' in events[0].after


def test_a_second_import_replaces_topic_grades_and_leaves_empty_cells_alone(topical: InspectionService,
                                                                         tmp_path: Path) -> None:
    topical.import_gradings(write(tmp_path, "a.csv", "case_ref,inspector,Leadership,Investigation\n"
                                                     "NY-1,Ann,Good,Inadequate\n"))
    summary = topical.import_gradings(write(tmp_path, "b.csv", "case_ref,inspector,Leadership,Investigation\n"
                                                               "NY-1,Ann,Requires improvement,\n"))
    assert (summary.added, summary.updated) == (0, 1)
    assert topical.case_detail("NY-1").assessments[0].topic_grades == {"leadership": "requires-improvement",
                                                                      "investigation": "inadequate"}


def test_a_bad_grade_in_a_topic_column_is_refused_with_row_and_column(topical: InspectionService,
                                                                      tmp_path: Path) -> None:
    path = write(tmp_path, "grades.csv", "case_ref,inspector,Leadership,Partnership working\n"
                                         "NY-1,Ann,Good,Good\nNY-2,Ann,Superb,Good\n")
    assert refused(topical, path) == [
        f"grades.csv, row 3, column 'Leadership': Leadership grade 'Superb' is not one of: {TOPICS}."]
    assert topical.case_detail("NY-1").assessments == ()  # the good row was not kept either


def test_an_overall_grade_column_is_refused_where_cases_have_no_grade(topical: InspectionService,
                                                                      tmp_path: Path) -> None:
    problems = refused(topical, write(tmp_path, "grades.csv", "case_ref,inspector,grade,Leadership\n"
                                                              "NY-1,Ann,Good,Good\n"))
    assert problems == [
        "grades.csv, row 1, column 'grade': National child protection inspections (2024) gives a case no overall "
        "grade, so this column cannot be imported; grade each topic in its own column (topics: Leadership, "
        "Partnership working, Initial response, Risk assessment and referral, Investigation) and remove this one."]


def test_a_grade_where_notes_belong_is_refused(topical: InspectionService, tmp_path: Path) -> None:
    path = write(tmp_path, "grades.csv", "case_ref,inspector,Leadership,Leadership notes,Other evidence,notes\n"
                                         "NY-1,Ann,Good,RI,Requires improvement,good\n")
    problems = refused(topical, path)
    assert problems[0] == ("grades.csv, row 2, column 'Leadership notes': 'RI' is a grade, not a note: put it in "
                           "the 'Leadership' column.")
    assert problems[1].startswith("grades.csv, row 2, column 'Other evidence': 'Requires improvement' is a grade, "
                                  "not a note: Other evidence takes notes only, and a topic's grade goes in that "
                                  "topic's column (Leadership, ")
    assert problems[2].startswith("grades.csv, row 2, column 'notes': 'good' is a grade, not a note")
    # words that merely mention a grade are notes
    topical.import_gradings(write(tmp_path, "ok.csv", "case_ref,inspector,Leadership notes\n"
                                                      "NY-1,Ann,Good oversight by the DCI\n"))
    assert topical.case_detail("NY-1").assessments[0].notes == {"leadership": "Good oversight by the DCI"}


@pytest.mark.parametrize(("header", "expected"), [
    ("case_ref,inspector,Leadership,Leadership grade\nNY-1,Ann,Good,Good\n",
     "grades.csv, row 1, column 'Leadership grade': columns 'Leadership' and 'Leadership grade' both give the "
     "Leadership grade; keep one."),
    ("case_ref,inspector,Other evidence grade\nNY-1,Ann,Good\n",
     "grades.csv, row 1, column 'Other evidence grade': Other evidence is not graded in National child protection "
     "inspections (2024); its column takes notes: name it 'Other evidence' or 'Other evidence notes'."),
    ("case_ref,inspector,Leadership,serious_concern\nNY-1,Ann,,no\n",
     "grades.csv, row 2: the row records nothing: no topic grade, note or serious concern."),
])
def test_unclear_columns_and_empty_rows_are_refused(topical: InspectionService, tmp_path: Path, header: str,
                                                    expected: str) -> None:
    assert refused(topical, write(tmp_path, "grades.csv", header)) == [expected]


def test_a_framework_with_a_case_grade_keeps_its_columns(inspection: InspectionService, tmp_path: Path) -> None:
    """ncpi-2017: areas take notes, the grade column stays required, and a bare grade is no note."""
    inspection.import_sample(write(tmp_path, "s.csv", "case_ref,case_type,sample,force_grade\n"
                                                      "R1,missing,inspectorate-selected,\n"))
    problems = refused(inspection, write(tmp_path, "grades.csv", "case_ref,inspector,Investigation\nR1,Ann,x\n"))
    assert problems[0].startswith("grades.csv, row 1: no 'grade' column")
    problems = refused(inspection, write(tmp_path, "grades.csv", "case_ref,inspector,grade,Investigation\n"
                                                                 "R1,Ann,Good,Good\n"))
    assert problems == ["grades.csv, row 2, column 'Investigation': 'Good' is a grade, not a note: Investigation "
                        "takes notes only, and the case's grade goes in the 'grade' column."]
    inspection.import_gradings(write(tmp_path, "grades.csv", "case_ref,inspector,grade,Investigation\n"
                                                             "R1,Ann,Good,Strategy discussion held\n"))
    detail = inspection.case_detail("R1")
    assert detail.case.grade == "good" and detail.assessments[0].notes == {"investigation": "Strategy discussion held"}
