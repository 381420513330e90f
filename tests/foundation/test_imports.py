"""Sample and gradings imports: each kind of bad input is named precisely and nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from models.errors import ImportProblem, ImportRejected

HEADER = "case_ref,case_type,sample,force_grade\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def rejected(service, path: Path) -> list[str]:
    """Import, expect refusal, and prove nothing was written."""
    before = service.cases()
    events = service.verify_audit().events
    with pytest.raises((ImportRejected, ImportProblem)) as caught:
        service.import_sample(path)
    assert service.cases() == before
    assert service.verify_audit().events == events
    error = caught.value
    return [p.describe() for p in error.problems] if isinstance(error, ImportRejected) else [error.describe()]


def test_valid_csv_imports_every_case(inspection, tmp_path) -> None:
    path = write(tmp_path, "sample.csv", HEADER + "R1,Domestic abuse,self-assessed,Good\n"
                 "R2,missing,Inspectorate selected,\n")
    summary = inspection.import_sample(path)
    assert summary.added == 2
    rows = {c.ref: c for c in inspection.cases()}
    assert rows["R1"].case_type == "domestic-abuse" and rows["R1"].force_grade == "good"
    assert rows["R2"].sample == "inspectorate-selected" and rows["R2"].force_grade is None


def test_headers_match_case_insensitively_and_bom_is_accepted(inspection, tmp_path) -> None:
    path = write(tmp_path, "s.csv", "\ufeffCase Ref,CASE TYPE,Sample,Force Grade\nR1,Police protection,SA,RI\n")
    assert inspection.import_sample(path).added == 1
    assert inspection.case("R1").force_grade == "requires-improvement"


def test_unknown_case_type_lists_the_allowed_ones(inspection, tmp_path) -> None:
    path = write(tmp_path, "s.csv", HEADER + "R1,Domestic abuse,self-assessed,Good\nR2,Burglary,self-assessed,Good\n")
    problems = rejected(inspection, path)
    assert len(problems) == 1
    assert problems[0].startswith("s.csv, row 3, column 'case_type': unknown case type 'Burglary'")
    assert "Missing children" in problems[0] and "Sex offender enquiry" in problems[0]


def test_duplicate_reference_names_both_rows(inspection, tmp_path) -> None:
    path = write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,Good\nR2,missing,self-assessed,Good\n"
                 "R1,missing,self-assessed,Good\n")
    assert rejected(inspection, path) == [
        "s.csv, row 4, column 'case_ref': case reference 'R1' is duplicated (also at row 2)."]


def test_reference_already_in_the_inspection_is_refused(inspection, tmp_path) -> None:
    inspection.import_sample(write(tmp_path, "a.csv", HEADER + "R1,missing,self-assessed,Good\n"))
    problems = rejected(inspection, write(tmp_path, "b.csv", HEADER + "R1,missing,self-assessed,Good\n"))
    assert problems == ["b.csv, row 2, column 'case_ref': case 'R1' is already in the inspection."]


def test_self_assessed_case_needs_a_force_grade(inspection, tmp_path) -> None:
    problems = rejected(inspection, write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,\n"))
    assert problems[0].startswith("s.csv, row 2, column 'force_grade': a self-assessed case needs the force's grade")


def test_bad_grade_and_bad_sample_are_all_reported(inspection, tmp_path) -> None:
    path = write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,Excellent\nR2,missing,random,\n")
    problems = rejected(inspection, path)
    assert len(problems) == 2
    assert "row 2, column 'force_grade': force grade 'Excellent' is not a grade" in problems[0]
    assert "row 3, column 'sample': sample 'random' is not one of" in problems[1]


def test_one_bad_row_means_nothing_is_imported(inspection, tmp_path) -> None:
    good_rows = "".join(f"R{i},missing,self-assessed,Good\n" for i in range(50))
    rejected(inspection, write(tmp_path, "s.csv", HEADER + good_rows + "R99,nonsense,self-assessed,Good\n"))
    assert inspection.cases() == []


def test_missing_column_names_the_header_row(inspection, tmp_path) -> None:
    problems = rejected(inspection, write(tmp_path, "s.csv", "case_ref,sample\nR1,self-assessed\n"))
    assert problems == ["s.csv, row 1: no 'case_type' column; the header row has: case_ref, sample."]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("header.csv", HEADER.encode(), "header.csv, row 2: the file has a header row but no cases."),
        ("latin1.csv", (HEADER + "R1,Missing children,self-assessed,Good\nR\xe9,x,y,z\n").encode("latin-1"),
         "latin1.csv: not UTF-8 text (byte 78, line 3)"),
        ("nul.csv", HEADER.encode() + b"R1\x00,missing,self-assessed,Good\n", "nul.csv: contains a NUL byte"),
        ("sample.pdf", b"%PDF-1.4", "sample.pdf: unsupported file type '.pdf'"),
        ("fake.xlsx", b"this is not a workbook", "fake.xlsx: not an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0 old excel", "old.xls: old Excel 97-2003 (.xls) files are not read"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(inspection, tmp_path, name, content, expected) -> None:
    problems = rejected(inspection, write(tmp_path, name, content))
    assert problems[0].startswith(expected), problems[0]


def test_xlsx_sample_imports(inspection, tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Case ref", "Case type", "Sample", "Force grade"])
    sheet.append(["X1", "Child in custody", "self-assessed", "Inadequate"])
    sheet.append([1234, "s47", "inspectorate-selected", None])
    path = tmp_path / "sample.xlsx"
    book.save(path)
    assert inspection.import_sample(path).added == 2
    assert {c.ref for c in inspection.cases()} == {"X1", "1234"}


def test_xlsx_errors_name_the_excel_row(inspection, tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["case_ref", "case_type", "sample", "force_grade"])
    sheet.append(["X1", "Child in custody", "self-assessed", "Good"])
    sheet.append(["X2", "Nonsense", "self-assessed", "Good"])
    path = tmp_path / "sample.xlsx"
    book.save(path)
    assert rejected(inspection, path)[0].startswith(
        "sample.xlsx, sheet 'Sheet', row 3, column 'case_type': unknown case type")


def test_xlsx_zip_bomb_is_refused_before_parsing(inspection, tmp_path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    problems = rejected(inspection, write(tmp_path, "bomb.xlsx", buffer.getvalue()))
    assert "possible zip bomb" in problems[0] and problems[0].startswith("bomb.xlsx")


def grades_file(tmp_path: Path, rows: str) -> Path:
    return write(tmp_path, "grades.csv", "case_ref,inspector,grade,serious_concern,concern_summary,notes\n" + rows)


def test_gradings_import_records_grades_notes_and_referrals(inspection, tmp_path) -> None:
    inspection.import_sample(write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,Good\n"
                                   "R2,s47,inspectorate-selected,\n"))
    summary = inspection.import_gradings(write(
        tmp_path, "grades.csv", "case_ref,inspector,grade,serious_concern,concern_summary,notes,referral_reason\n"
        "R1,Ann,requires improvement,no,,Looked at the log,\n"
        "R2,Bob,INADEQUATE,yes,Child left at risk,Strategy meeting missing,immediate risk\n"))
    assert (summary.added, summary.referrals_raised, summary.unreferred_concerns) == (2, 1, 0)
    detail = inspection.case_detail("R2")
    assert detail.case.grade == "inadequate"
    assert detail.assessments[0].notes == {"overall": "Strategy meeting missing"}
    assert detail.referral is not None and detail.referral.summary == "Child left at risk"
    assert inspection.case("R1").grade == "requires-improvement"


def test_gradings_for_unknown_case_and_bad_grade_are_refused(inspection, tmp_path) -> None:
    inspection.import_sample(write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,Good\n"))
    with pytest.raises(ImportRejected) as caught:
        inspection.import_gradings(grades_file(tmp_path, "R1,Ann,Good,no,,\nR9,Ann,Good,no,,\nR1,Bob,Superb,no,,\n"))
    problems = [p.describe() for p in caught.value.problems]
    assert problems == [
        "grades.csv, row 3, column 'case_ref': case 'R9' is not in the inspection's sample.",
        "grades.csv, row 4, column 'grade': grade 'Superb' is not one of: Good, Requiring improvement, Inadequate.",
    ]
    assert inspection.case_detail("R1").assessments == ()


def test_serious_concern_without_summary_is_refused(inspection, tmp_path) -> None:
    inspection.import_sample(write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,Good\n"))
    with pytest.raises(ImportRejected) as caught:
        inspection.import_gradings(grades_file(tmp_path, "R1,Ann,Inadequate,yes,,\n"))
    assert "a serious concern needs a concern summary" in str(caught.value)
    assert inspection.referrals() == []


def test_a_folder_given_as_the_sample_is_a_plain_error(inspection, tmp_path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    assert rejected(inspection, folder) == ["exports: this is a folder, not a file; choose the CSV or XLSX file itself."]


def test_a_serious_concern_is_not_a_referral_unless_the_row_says_refer(inspection, tmp_path) -> None:
    inspection.import_sample(write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,Good\n"
                                   "R2,s47,inspectorate-selected,\nR3,s47,inspectorate-selected,\n"))
    summary = inspection.import_gradings(write(
        tmp_path, "g.csv", "case_ref,inspector,grade,serious_concern,concern_summary,refer,referral_date\n"
        "R1,Ann,Inadequate,yes,Child at risk,,\n"
        "R2,Ann,Inadequate,yes,No strategy meeting,yes,14/02/2017\n"
        "R3,Ann,Good,no,,no,\n"))
    assert (summary.referrals_raised, summary.unreferred_concerns) == (1, 1)
    [referral] = inspection.referrals()
    # refer = yes without a reason: referred, with no reason yet (a hand-in check names it)
    assert (referral.case_ref, referral.reason, referral.raised_on) == ("R2", "", "2017-02-14")
    assert inspection.case_detail("R1").assessments[0].serious_concern and not inspection.case("R1").referred


@pytest.mark.parametrize(("row", "message"), [
    ("R1,Ann,Inadequate,no,Child at risk,immediate risk,",
     "row 2, column 'serious_concern': a referral is for a serious concern"),
    ("R1,Ann,Inadequate,,,immediate risk,", "row 2, column 'concern_summary': a referral needs a concern summary"),
    ("R1,Ann,Inadequate,yes,Child at risk,,2017-02-30",
     "row 2, column 'referral_date': referral date '2017-02-30' is not a date"),
    ("R1,Ann,Inadequate,yes,Child at risk,,2017-02-03",
     "row 2, column 'referral_date': the row gives a referral date but refers nothing"),
])
def test_referral_columns_are_checked(inspection, tmp_path, row: str, message: str) -> None:
    inspection.import_sample(write(tmp_path, "s.csv", HEADER + "R1,missing,self-assessed,Good\n"))
    with pytest.raises(ImportRejected) as caught:
        inspection.import_gradings(write(
            tmp_path, "g.csv", "case_ref,inspector,grade,serious_concern,concern_summary,referral_reason,"
            "referral_date\n" + row + "\n"))
    assert message in caught.value.problems[0].describe()
    assert inspection.referrals() == []


def test_a_sample_larger_than_the_old_quarter_million_cap_imports_whole(inspection, tmp_path) -> None:
    """A million-case sample is imported (the row cap was 250,000); this one is just past that old cap."""
    from models.inspection import tabular

    cases = 250_001
    types = ("missing", "custody", "cse")
    lines = (f"BIG-{i:07d},{types[i % 3]},{'self-assessed' if i % 2 else 'inspectorate-selected'},"
             f"{'Good' if i % 2 else ''}\n" for i in range(cases))
    path = write(tmp_path, "big.csv", HEADER + "".join(lines))
    assert tabular.MAX_ROWS >= 1_000_000 and 1_000_000 * path.stat().st_size / cases < tabular.MAX_FILE_BYTES
    assert inspection.import_sample(path).added == cases
    assert inspection.case_count() == cases
    assert inspection.case("BIG-0250000").case_type == types[250_000 % 3]
    assert inspection.case("BIG-0000001").force_grade == "good"


def test_rows_up_to_the_limit_import_and_one_more_is_refused(inspection, tmp_path, monkeypatch) -> None:
    from models.inspection import tabular

    monkeypatch.setattr(tabular, "MAX_ROWS", 30)
    rows = [f"L{i},missing,inspectorate-selected,\n" for i in range(31)]
    problems = rejected(inspection, write(tmp_path, "over.csv", HEADER + "".join(rows)))
    assert problems == ["over.csv, row 32: more than 30 rows."]
    assert inspection.import_sample(write(tmp_path, "at.csv", HEADER + "".join(rows[:30]))).added == 30


@pytest.mark.parametrize("note_chars", [10, 90_000])
def test_the_separator_of_a_long_file_is_found_from_its_first_rows(tmp_path, note_chars: int) -> None:
    """Past the first 256 KiB the separator is tried on the start of the text; rows so long that the start holds
    too few of them are read from the whole text, with the same result."""
    from models.inspection.imports import sample_headers
    from models.inspection.tabular import HEAD_CHARS, read_sheet

    note = '"' + "a;b\n" * (note_chars // 4) + '"'
    lines = [f"R{i};missing;inspectorate-selected;;{note}\n" for i in range(max(40, 2 * HEAD_CHARS // note_chars))]
    path = write(tmp_path, "semi.csv", "case_ref;case_type;sample;force_grade;notes\n" + "".join(lines))
    assert path.stat().st_size > HEAD_CHARS
    sheet = read_sheet(path, expected=sample_headers())
    assert sheet.reading.delimiter == ";"
    assert len(sheet.rows) == len(lines)
    assert sheet.rows[-1].values["case_ref"] == f"R{len(lines) - 1}"
    assert sheet.rows[0].values["notes"] == note.strip('"').strip()  # a cell's text is read trimmed
