"""Gradings files as teams keep them: graders are people of the team, references are matched exactly (a near miss
is named), and a workbook is read as a sample is (header row, sheet, hidden rows)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from models.inspection.services import InspectionService
from models.inspection.tables import TeamMember
from models.team.allocation import allocate
from tests.imports.messy import refused, text_file, warned, workbook

SAMPLE = ("case_ref,case_type,sample,force_grade\nGC/17/0001,DA,self-assessed,Good\n"
          "GC/17/0002,Missing,inspectorate-selected,\nGC/17/0003,S47,inspectorate-selected,\n")
HEADER = "case_ref,inspector,grade\n"


def with_sample(inspection: InspectionService, folder: Path) -> InspectionService:
    inspection.import_sample(text_file(folder, "sample.csv", SAMPLE))
    return inspection


def graders(inspection: InspectionService) -> dict[str, tuple[str, ...]]:
    return {c.ref: c.graders for c in inspection.cases()}


def test_one_person_written_three_ways_is_warned_not_three_graders(inspection: InspectionService,
                                                                   tmp_path: Path) -> None:
    with_sample(inspection, tmp_path)
    path = text_file(tmp_path, "grades.csv", HEADER + "GC/17/0001,Ann Archer,Good\nGC/17/0002,A. Archer,RI\n"
                     "GC/17/0003,A Archer,Inadequate\nGC/17/0003,Ben Bishop,Inadequate\n")
    assert warned(inspection, path, grades=True, values={"inspector": {"Ann Archer": "Ann Archer"}}) == [
        "grades.csv, row 3, column 'inspector': 'A. Archer' and 'Ann Archer' (row 2) look like one person written "
        "two ways; map one name to the other, or accept to keep them as two graders.",
        "grades.csv, row 4, column 'inspector': 'A Archer' and 'Ann Archer' (row 2) look like one person written two "
        "ways; map one name to the other, or accept to keep them as two graders.",
        "grades.csv, row 4, column 'inspector': 'A Archer' and 'A. Archer' (row 3) look like one person written two "
        "ways; map one name to the other, or accept to keep them as two graders."]


def test_mapped_grader_names_make_one_grader(inspection: InspectionService, tmp_path: Path) -> None:
    with_sample(inspection, tmp_path)
    path = text_file(tmp_path, "grades.csv", HEADER + "GC/17/0001,Ann Archer,Good\nGC/17/0002,A. Archer,RI\n"
                     "GC/17/0003,A Archer,Inadequate\n")
    names = {"inspector": {"A. Archer": "Ann Archer", "A Archer": "Ann Archer"}}
    preview = inspection.preview_gradings(path, values=names)
    assert (preview.problems, preview.warnings) == ([], [])
    inspection.import_gradings(path, values=names)
    assert graders(inspection) == {"GC/17/0001": ("Ann Archer",), "GC/17/0002": ("Ann Archer",),
                                   "GC/17/0003": ("Ann Archer",)}


def test_with_a_team_an_unknown_grader_is_refused_with_the_closest_names(inspection: InspectionService,
                                                                         tmp_path: Path) -> None:
    with_sample(inspection, tmp_path)
    with inspection.write() as session:  # two registered cards (registration itself: tests/exchange)
        for n, name in enumerate(("Ann Archer", "Ben Bishop")):
            session.add(TeamMember(name=name, fingerprint=f"F{n}", signing_key="k", recipient="age1x",
                                   registered_at=datetime.now(UTC)))
    allocate(inspection, {"GC/17/0001": ["Ann Archer"], "GC/17/0002": ["Ann Archer"], "GC/17/0003": ["Ben Bishop"]})
    path = text_file(tmp_path, "grades.csv", HEADER + "GC/17/0001,Ann Archer,Good\nGC/17/0002,A. Archer,RI\n"
                     "GC/17/0003,Cat Carter,Good\n")
    assert refused(inspection, path, grades=True) == [
        "grades.csv, row 3, column 'inspector': 'A. Archer' is not a member of the team nor allocated any case; did "
        "you mean 'Ann Archer'? Map the name to a member to import the row.",
        "grades.csv, row 4, column 'inspector': 'Cat Carter' is not a member of the team nor allocated any case. Map "
        "the name to a member to import the row."]
    assert refused(inspection, path, grades=True, values={"inspector": {"A. Archer": "Ann Archer"}}) == [
        "grades.csv, row 4, column 'inspector': 'Cat Carter' is not a member of the team nor allocated any case. Map "
        "the name to a member to import the row."]


def test_a_reference_differing_only_in_case_or_spaces_is_named(inspection: InspectionService,
                                                               tmp_path: Path) -> None:
    with_sample(inspection, tmp_path)
    path = text_file(tmp_path, "grades.csv", HEADER + "gc/17/0001,Ann Archer,Good\nGC/17/ 0002,Ann Archer,Good\n")
    assert refused(inspection, path, grades=True) == [
        "grades.csv, row 2, column 'case_ref': case 'gc/17/0001' is not in the inspection's sample; did you mean "
        "'GC/17/0001'? (only capitals or spaces differ).",
        "grades.csv, row 3, column 'case_ref': case 'GC/17/ 0002' is not in the inspection's sample; did you mean "
        "'GC/17/0002'? (only capitals or spaces differ)."]


def test_grade_spellings_and_concern_words_map_like_sample_values(inspection: InspectionService,
                                                                  tmp_path: Path) -> None:
    with_sample(inspection, tmp_path)
    path = text_file(tmp_path, "grades.csv", "Case ref,Inspector,Grade,Refer back,Summary of concern\n"
                     "GC/17/0001,Ann Archer,Amber,N,\nGC/17/0002,Ann Archer,Red,Y,Child left at risk\n")
    mapped = {"grade": {"Amber": "RI", "Red": "Inadequate"}}
    assert refused(inspection, path, grades=True)[0] == (
        "grades.csv, row 2, column 'Grade': grade 'Amber' is not one of: Good, Requiring improvement, Inadequate.")
    inspection.import_gradings(path, values=mapped)
    assert {c.ref: c.grade for c in inspection.cases()} == {"GC/17/0001": "requires-improvement",
                                                            "GC/17/0002": "inadequate", "GC/17/0003": None}
    assert [r.case_ref for r in inspection.referrals()] == ["GC/17/0002"]


def test_a_gradings_workbook_with_a_title_and_a_hidden_row(inspection: InspectionService, tmp_path: Path) -> None:
    with_sample(inspection, tmp_path)

    def hide(sheets):  # type: ignore[no-untyped-def]
        sheets["Gradings"].row_dimensions[4].hidden = True

    path = workbook(tmp_path, "grades.xlsx", {
        "Notes": [["Gradings, first week"]],
        "Gradings": [["Testshire NCPI gradings"], ["case_ref", "inspector", "grade"],
                     ["GC/17/0001", "Ann Archer", "Good"], ["GC/17/0002", "Ann Archer", "Inadequate"]]}, hide)
    preview = inspection.preview_gradings(path)
    assert (preview.reading.sheet, preview.reading.header_row) == ("Gradings", 2)
    assert warned(inspection, path, grades=True) == [
        "grades.xlsx, sheet 'Gradings', row 4: this row is hidden in Excel and left out; include hidden rows to "
        "import them."]
    assert graders(inspection) == {"GC/17/0001": ("Ann Archer",), "GC/17/0002": (), "GC/17/0003": ()}
