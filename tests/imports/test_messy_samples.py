"""Samples as forces send them, one file per case measured on real force files: each is imported with the exact
cases, warned (nothing written until every warning is accepted) or refused naming file, sheet, row and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl.styles import Font
from sqlmodel import col, select

from models.errors import EncodingNotConfirmed
from models.inspection.services import InspectionService
from models.inspection.tables import AuditEvent
from models.inspection.tabular import ReadOptions
from tests.imports.messy import (
    CASES,
    HEADER,
    ROWS,
    a_date,
    cases,
    imported,
    refused,
    text_file,
    warned,
    workbook,
)

CSV_ROWS = "".join(",".join("" if v is None else str(v) for v in row) + "\n" for row in ROWS)
GENERAL = "General concerns with a child where a referral to children\u2019s social care services was made"


# -- reading: title rows, sheets, encodings, delimiters -------------------------------------------------------


@pytest.mark.parametrize("merged", [False, True])
def test_title_rows_above_the_header_are_found_and_said(inspection: InspectionService, tmp_path: Path,
                                                        merged: bool) -> None:
    def title(sheets):  # type: ignore[no-untyped-def]
        if merged:
            sheets["Sample"].merge_cells("A1:D1")
        sheets["Sample"]["A1"].font = Font(bold=True, size=14)

    path = workbook(tmp_path, "title.xlsx", {"Sample": [["Case sample for HMIC NCPI – Testshire Constabulary"],
                                                        ["Produced 03/01/2017 by the PVP unit"], [], HEADER, *ROWS]},
                    title)
    preview = inspection.preview_sample(path)
    assert preview.reading.header_row == 4
    assert preview.reading.notes == ("the header seems to be on row 4; rows 1–2 look like a title and are not read "
                                     "(choose another header row if that is wrong)",)
    assert imported(inspection, path) == CASES


def test_a_header_row_given_by_hand_overrides_detection(inspection: InspectionService, tmp_path: Path) -> None:
    path = workbook(tmp_path, "title.xlsx", {"Sample": [["Case sample for HMIC NCPI"], HEADER, *ROWS]})
    assert refused(inspection, path, options=ReadOptions(header_row=1))[0] == (
        "title.xlsx, sheet 'Sample', row 1: no 'case_ref' column; the header row has: Case sample for HMIC NCPI.")
    assert refused(inspection, path, options=ReadOptions(header_row=40)) == [
        "title.xlsx, sheet 'Sample': header row 40 is past the end of the table (5 rows)."]
    assert imported(inspection, path, options=ReadOptions(header_row=2)) == CASES


def test_a_cover_sheet_is_skipped_and_said(inspection: InspectionService, tmp_path: Path) -> None:
    path = workbook(tmp_path, "cover.xlsx", {
        "Cover": [["Case sample for HMIC NCPI, see next sheet"], ["Prepared by the PVP unit, January 2017"]],
        "Sample": [HEADER, *ROWS]})
    preview = inspection.preview_sample(path)
    assert (preview.reading.sheet, preview.reading.sheets) == ("Sample", ("Cover", "Sample"))
    assert preview.reading.notes == ("sheet 'Sample' read; 'Cover' skipped (no header row like this one's)",)
    assert imported(inspection, path) == CASES


def test_the_sheet_chosen_by_hand_and_a_refusal_naming_the_others(inspection: InspectionService,
                                                                  tmp_path: Path) -> None:
    path = workbook(tmp_path, "cover.xlsx", {"Cover": [["Case sample for HMIC NCPI, see next sheet"]],
                                             "Sample": [HEADER, *ROWS]})
    assert refused(inspection, path, options=ReadOptions(sheet="Cover"))[0] == (
        "cover.xlsx, sheet 'Cover', row 1: no 'case_ref' column; the header row has: Case sample for HMIC NCPI, see "
        "next sheet. The workbook's other sheets: 'Sample'; choose the sheet to read.")
    assert refused(inspection, path, options=ReadOptions(sheet="Cases")) == [
        "cover.xlsx: no sheet 'Cases'; the workbook's sheets are: 'Cover', 'Sample'."]
    assert imported(inspection, path, options=ReadOptions(sheet="2")) == CASES


def test_two_sheets_that_both_look_like_the_sample_are_asked_about(inspection: InspectionService,
                                                                   tmp_path: Path) -> None:
    path = workbook(tmp_path, "two.xlsx", {"Sample": [HEADER, *ROWS], "Sample (old)": [HEADER, *ROWS[:1]]})
    assert refused(inspection, path) == [
        "two.xlsx: sheets 'Sample' and 'Sample (old)' both have a header row naming the expected columns; choose "
        "the sheet to read."]
    assert imported(inspection, path, options=ReadOptions(sheet="Sample")) == CASES


def test_a_windows_1252_file_is_named_and_read_only_once_confirmed(inspection: InspectionService,
                                                                   tmp_path: Path) -> None:
    path = text_file(tmp_path, "cp1252.csv", "Case ref,Case type,Sample,Force grade\n"
                     f"GC/17/0001,{GENERAL},self-assessed,Good\nGC/17/0002,Domestic abuse,inspectorate-selected,\n",
                     "cp1252")
    with pytest.raises(EncodingNotConfirmed) as caught:
        inspection.preview_sample(path)
    assert caught.value.detected == "cp1252"
    assert refused(inspection, path) == [
        "cp1252.csv: not UTF-8 text (byte 107, line 2); it reads as cp1252: '…e a referral to children’s social "
        "care s…'. If that is right, confirm the encoding cp1252; otherwise save the file as 'CSV UTF-8'."]
    preview = inspection.preview_sample(path, options=ReadOptions(encoding="cp1252"))
    assert (preview.reading.encoding, preview.reading.notes) == ("cp1252", ("read as cp1252, as asked",))
    assert imported(inspection, path, options=ReadOptions(encoding="Windows-1252")) == [
        ("GC/17/0001", "general-concern", "self-assessed", "good"),
        ("GC/17/0002", "domestic-abuse", "inspectorate-selected", None)]


def test_an_encoding_that_does_not_fit_is_refused_where_it_fails(inspection: InspectionService,
                                                                tmp_path: Path) -> None:
    path = text_file(tmp_path, "u.csv", "case_ref,case_type,sample,force_grade\nGC/17/0001,DA,self-assessed,Good\n")
    assert refused(inspection, path, options=ReadOptions(encoding="klingon")) == [
        "u.csv: 'klingon' is not an encoding Fieldwork knows (e.g. utf-8, cp1252, latin-1)."]
    bad = text_file(tmp_path, "b.csv", "case_ref,case_type\n\u00e9,DA\n", "latin-1")
    assert refused(inspection, bad, options=ReadOptions(encoding="utf-8")) == [
        "b.csv: not utf-8 text (byte 19, line 2)."]


@pytest.mark.parametrize(("delimiter", "said"), [(";", "semicolons (';')"), ("\t", "tabs")])
def test_semicolon_and_tab_separated_files_are_read_and_said(inspection: InspectionService, tmp_path: Path,
                                                             delimiter: str, said: str) -> None:
    text = delimiter.join(HEADER) + "\n" + CSV_ROWS.replace(",", delimiter)
    path = text_file(tmp_path, "sample.csv", text)
    preview = inspection.preview_sample(path)
    assert (preview.reading.delimiter, preview.reading.notes) == (delimiter, (f"columns separated by {said}",))
    assert imported(inspection, path) == CASES


def test_a_wrong_delimiter_given_by_hand_is_named_in_the_refusal(inspection: InspectionService,
                                                                 tmp_path: Path) -> None:
    path = text_file(tmp_path, "semi.csv", ";".join(HEADER) + "\n" + CSV_ROWS.replace(",", ";"))
    assert refused(inspection, path, options=ReadOptions(delimiter=",")) == [  # the cause, said once
        "semi.csv, row 1: the header row (row 1) is one column when read as separated by commas (','): "
        "'case_ref;case_type;sample;force_grade'; its columns seem separated by semicolons (';'): choose that "
        "separator."]


def test_excel_unicode_text_is_read_as_its_byte_order_mark_says(inspection: InspectionService,
                                                                tmp_path: Path) -> None:
    text = "\t".join(HEADER) + "\n" + CSV_ROWS.replace(",", "\t")
    path = text_file(tmp_path, "unicode.txt", text, "utf-16")
    assert inspection.preview_sample(path).reading.encoding == "utf-16"
    assert imported(inspection, path) == CASES


# -- values as the force writes them --------------------------------------------------------------------------


def test_force_spellings_of_case_types_are_the_frameworks_aliases(inspection: InspectionService,
                                                                  tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", "case_ref,case_type,sample,force_grade\n"
                     "GC/17/0001,DA,self-assessed,Good\nGC/17/0002,Missing from home,inspectorate-selected,\n"
                     "GC/17/0003,S46 Police Protection,self-assessed,RI\n")
    assert imported(inspection, path) == [("GC/17/0001", "domestic-abuse", "self-assessed", "good"),
                                          ("GC/17/0002", "missing", "inspectorate-selected", None),
                                          ("GC/17/0003", "police-protection", "self-assessed", "requires-improvement")]


def test_a_forces_own_case_type_word_is_refused_until_mapped(inspection: InspectionService, tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", "case_ref,case_type,sample,force_grade\n"
                     "GC/17/0001,CP strategy,self-assessed,Good\nGC/17/0002,DA,inspectorate-selected,\n")
    problems = refused(inspection, path)
    assert len(problems) == 1 and problems[0].startswith(
        "s.csv, row 2, column 'case_type': unknown case type 'CP strategy'; expected one of: cse (")
    assert problems[0].endswith(" (or map the force's word to one).")
    assert refused(inspection, path, values={"case_type": {"CP strategy": "Burglary"}})[0].startswith(
        "s.csv: the value mapping 'CP strategy' → 'Burglary' for case_type names no case type; expected one of: cse")
    assert imported(inspection, path, values={"case_type": {"cp  STRATEGY": "s47"}}) == [
        ("GC/17/0001", "s47", "self-assessed", "good"), ("GC/17/0002", "domestic-abuse", "inspectorate-selected", None)]


def test_a_self_assessed_yes_no_column_is_matched_and_its_values_mapped(inspection: InspectionService,
                                                                        tmp_path: Path) -> None:
    path = text_file(tmp_path, "yes-no.csv", "URN,Type,Self assessed?,Force grade\n"
                     "GC/17/0001,DA,Yes,Good\nGC/17/0002,Missing,No,\n")
    assert refused(inspection, path) == [
        "yes-no.csv, row 1: no 'sample' column; the header row has: URN, Type, Self assessed?, Force grade."]
    column = {"sample": "Self assessed?"}
    assert refused(inspection, path, mapping=column) == [
        "yes-no.csv, row 2, column 'Self assessed?': sample 'Yes' is not one of: self-assessed, inspectorate-selected "
        "(say which of these 'Yes' means in this column: map the file's values, --map-value 'sample:Yes=…' or "
        "the import wizard's values step).",
        "yes-no.csv, row 3, column 'Self assessed?': sample 'No' is not one of: self-assessed, inspectorate-selected "
        "(say which of these 'No' means in this column: map the file's values, --map-value 'sample:No=…' or "
        "the import wizard's values step)."]
    yes_no = {"sample": {"Yes": "self-assessed", "No": "inspectorate-selected"}}
    assert imported(inspection, path, mapping=column, values=yes_no) == [
        ("GC/17/0001", "domestic-abuse", "self-assessed", "good"),
        ("GC/17/0002", "missing", "inspectorate-selected", None)]


def test_a_label_typed_with_a_curly_apostrophe_is_the_same_label(inspection: InspectionService,
                                                                 tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", f"case_ref,case_type,sample,force_grade\nGC/17/0001,{GENERAL},self-assessed,"
                     "Requiring improvement\n")
    assert imported(inspection, path) == [("GC/17/0001", "general-concern", "self-assessed", "requires-improvement")]


def test_a_column_matched_by_hand_and_a_misnamed_one_refused(inspection: InspectionService, tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", "Force reference,Case type,Sample,Force grade\nGC/17/0001,DA,SA,Good\n")
    assert refused(inspection, path, mapping={"case_ref": "Force ref"}) == [
        "s.csv, row 1: column 'Force ref' (given for case_ref) is not in the header row (row 1); it has: Force "
        "reference, Case type, Sample, Force grade."]
    assert refused(inspection, path, mapping={"officer": "Force reference"})[0] == (
        "s.csv: 'officer' is not a column Fieldwork reads here; the columns are: case_ref, case_type, sample, "
        "force_grade.")
    assert imported(inspection, path, mapping={"case_ref": "force reference"}) == [
        ("GC/17/0001", "domestic-abuse", "self-assessed", "good")]


# -- never imported silently wrong ----------------------------------------------------------------------------


def test_a_row_hidden_under_a_filter_is_left_out_unless_asked(inspection: InspectionService, tmp_path: Path) -> None:
    rows = [[f"GC/17/000{n}", "DA", "inspectorate-selected", None] for n in range(1, 8)]

    def filtered(sheets):  # type: ignore[no-untyped-def]
        sheets["Sample"].auto_filter.ref = "A1:D8"
        sheets["Sample"].row_dimensions[5].hidden = True

    path = workbook(tmp_path, "filtered.xlsx", {"Sample": [HEADER, *rows]}, filtered)
    assert warned(inspection, path) == [
        "filtered.xlsx, sheet 'Sample', row 5: this row is hidden in Excel (filtered out by the filter on A1:D8) "
        "and left out; include hidden rows to import them."]
    assert [c[0] for c in cases(inspection)] == ["GC/17/0001", "GC/17/0002", "GC/17/0003", "GC/17/0005",
                                                 "GC/17/0006", "GC/17/0007"]  # 6 cases, not 7
    other = tmp_path / "again"
    other.mkdir()
    with InspectionService.create(other / "b.fieldwork", "river cobalt meadow ticket 42", force_name="T",
                                  actor="lead") as second:
        assert warned(second, path, options=ReadOptions(include_hidden=True)) == [
            "filtered.xlsx, sheet 'Sample', row 5: this row is hidden in Excel (filtered out by the filter on A1:D8) "
            "and imported, as asked."]
        assert len(second.cases()) == 7


def test_references_differing_only_in_case_or_spaces_are_refused_naming_both(inspection: InspectionService,
                                                                            tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", "case_ref,case_type,sample,force_grade\n"
                     "GC/17/0001,DA,self-assessed,Good\ngc/17/0001,DA,self-assessed,Good\n"
                     "GC/17/0003,Missing,inspectorate-selected,\nGC/17/ 0003,Missing,inspectorate-selected,\n")
    assert refused(inspection, path) == [
        "s.csv, row 3, column 'case_ref': case reference 'gc/17/0001' and 'GC/17/0001' (row 2) differ only in "
        "capitals or spaces: one case listed twice, or a mistyped reference; correct the file.",
        "s.csv, row 5, column 'case_ref': case reference 'GC/17/ 0003' and 'GC/17/0003' (row 4) differ only in "
        "capitals or spaces: one case listed twice, or a mistyped reference; correct the file."]
    inspection.import_sample(text_file(tmp_path, "first.csv", "case_ref,case_type,sample,force_grade\n"
                                       "GC/17/0001,DA,self-assessed,Good\n"))
    assert refused(inspection, text_file(tmp_path, "second.csv", "case_ref,case_type,sample,force_grade\n"
                                         "gc/17/ 0001,DA,self-assessed,Good\n")) == [
        "second.csv, row 2, column 'case_ref': case reference 'gc/17/ 0001' differs only in capitals or spaces from "
        "'GC/17/0001', already in the inspection; correct the file."]


def test_a_reference_formatted_as_a_date_is_read_as_shown_and_warned(inspection: InspectionService,
                                                                    tmp_path: Path) -> None:
    def formats(sheets):  # type: ignore[no-untyped-def]
        sheets["Sample"]["A2"].number_format = "dd/mm/yyyy"
        sheets["Sample"]["A3"].number_format = "d-mmm"
        sheets["Sample"]["A4"].number_format = "00000"

    path = workbook(tmp_path, "dates.xlsx", {"Sample": [HEADER, [a_date(5), "DA", "inspectorate-selected"],
                                                        [a_date(6), "DA", "inspectorate-selected"],
                                                        [123, "DA", "inspectorate-selected"],
                                                        [1234, "DA", "inspectorate-selected"]]}, formats)
    assert warned(inspection, path) == [
        "dates.xlsx, sheet 'Sample', row 2, column 'case_ref': the reference is stored as a date (number format "
        "'dd/mm/yyyy'); it is read as Excel shows it. Check it against the force's records (format the column as "
        "Text in Excel to keep references as typed).",
        "dates.xlsx, sheet 'Sample', row 3, column 'case_ref': the reference is stored as a date (number format "
        "'d-mmm'); it is read as Excel shows it. Check it against the force's records (format the column as Text in "
        "Excel to keep references as typed).",
        "dates.xlsx, sheet 'Sample', row 4, column 'case_ref': the reference is stored as a number (number format "
        "'00000'); it is read as Excel shows it. Check it against the force's records (format the column as Text in "
        "Excel to keep references as typed)."]
    assert [c[0] for c in cases(inspection)] == ["00123", "05/01/2017", "1234", "6-Jan"]  # never 2017-01-05 00:00:00


def test_merged_case_type_cells_are_filled_from_the_range_with_a_warning(inspection: InspectionService,
                                                                        tmp_path: Path) -> None:
    rows = [["GC/17/0001", "Domestic abuse", "inspectorate-selected"], ["GC/17/0002", None, "inspectorate-selected"],
            ["GC/17/0003", None, "inspectorate-selected"], ["GC/17/0004", "Missing", "inspectorate-selected"]]

    def merged(sheets):  # type: ignore[no-untyped-def]
        sheets["Sample"].merge_cells("B2:B4")

    path = workbook(tmp_path, "merged.xlsx", {"Sample": [HEADER, *rows]}, merged)
    assert warned(inspection, path) == [
        "merged.xlsx, sheet 'Sample', row 2: cells B2:B4 are merged: rows 2–4 each take 'Domestic abuse' from B2."]
    assert [c[1] for c in cases(inspection)] == ["domestic-abuse"] * 3 + ["missing"]


def test_a_comment_beside_the_table_is_ignored_with_a_warning_naming_its_cell(inspection: InspectionService,
                                                                             tmp_path: Path) -> None:
    def comment(sheets):  # type: ignore[no-untyped-def]
        sheets["Sample"]["F3"] = "check this one with DS Smith"

    path = workbook(tmp_path, "comment.xlsx", {"Sample": [HEADER, *ROWS]}, comment)
    assert warned(inspection, path) == [
        "comment.xlsx, sheet 'Sample': outside the table (no header above): cell F3 ('check this one with DS "
        "Smith'); it is ignored."]
    assert cases(inspection) == CASES


def test_a_total_row_under_the_table_is_not_a_case(inspection: InspectionService, tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", ",".join(HEADER) + "\n" + CSV_ROWS + "Total: 3,,,\n")
    assert warned(inspection, path) == ["s.csv, row 5: this row looks like a total, not a case; it is not imported."]
    assert cases(inspection) == CASES


def test_a_column_nobody_reads_is_named_not_dropped(inspection: InspectionService, tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", "case_ref,case_type,Officer in case,sample,force_grade\n"
                     "GC/17/0001,DA,DC Jones,self-assessed,Good\n")
    assert warned(inspection, path) == [
        "s.csv, row 1: column 'Officer in case' is not a sample column and is not imported (match it to a field if "
        "it holds one)."]


def test_accepted_warnings_and_the_reading_are_kept_in_the_audit_log(inspection: InspectionService,
                                                                     tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", ";".join(HEADER) + "\n" + CSV_ROWS.replace(",", ";") + "Total;;;3\n")
    warned(inspection, path)
    with inspection.read() as session:
        event = session.scalars(select(AuditEvent).where(col(AuditEvent.action) == "import-sample")).one()
    after = json.loads(event.after)
    assert after["reading"] == {"sheet": None, "header_row": 1, "encoding": "utf-8", "delimiter": ";"}
    assert after["accepted_warnings"] == [
        "s.csv, row 5: this row looks like a total, not a case; it is not imported."]


def test_utf16_without_its_mark_is_proposed_and_read_once_confirmed(inspection: InspectionService,
                                                                    tmp_path: Path) -> None:
    path = text_file(tmp_path, "wide.csv", ",".join(HEADER) + "\n" + CSV_ROWS, "utf-16-le")
    assert refused(inspection, path) == [
        "wide.csv: contains NUL bytes (the first at byte 1); it reads as utf-16-le text without the mark saying so. "
        "If that is right, confirm the encoding utf-16-le; otherwise save the file as 'CSV UTF-8'."]
    assert imported(inspection, path, options=ReadOptions(encoding="utf-16-le")) == CASES


def test_an_unusual_delimiter_given_by_hand_is_named(inspection: InspectionService, tmp_path: Path) -> None:
    path = text_file(tmp_path, "s.csv", '"a"b,c\n')
    assert refused(inspection, path, options=ReadOptions(delimiter="x"))[0].endswith(
        "columns separated by 'x').")


@pytest.mark.parametrize(("text", "encoding", "proposed"), [
    ("Référence;Type\nWX/24/3003;DA\n", "cp1252", "cp1252"),  # short: it also fits big5, which is not proposed
    ("case_ref,case_type\nWX-1,Séance d’été £5\n", "cp1252", "cp1252"),
    ("case_ref,case_type\nWX-1,Насилие в семье, угроза ребёнку\n", "cp1251", "cp1251"),  # another alphabet stays
    ("case_ref,case_type\nWX-1,家庭暴力事件と児童保護の調査\n", "shift_jis", "cp932"),
])
def test_the_encoding_proposed_for_a_short_file(inspection: InspectionService, tmp_path: Path, text: str,
                                                encoding: str, proposed: str) -> None:
    path = tmp_path / "sample.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(EncodingNotConfirmed) as caught:
        inspection.preview_sample(path)
    assert caught.value.detected == proposed
    assert f"confirm the encoding {proposed};" in caught.value.describe()


def test_the_separator_is_found_from_the_first_lines_and_a_quoted_cell_over_them_still_reads(tmp_path: Path) -> None:
    """The header scan tries each separator on the file's first lines only (the whole 4 MB text per candidate
    held up the window), and reads on from the whole text when a quoted cell runs past them."""
    from models.inspection.imports import sample_headers
    from models.inspection.tabular import HEADER_SCAN_ROWS, _head, read_sheet

    many = "case_ref;case_type;sample;force_grade\n" + "".join(
        f"B-{i:06d};Custody;inspectorate-selected;\n" for i in range(100_000))
    head = _head(many)
    assert many.startswith(head) and head.endswith("\n") and len(head) < 10_000
    long_note = '"' + "\n".join(f"line {n}" for n in range(3 * HEADER_SCAN_ROWS)) + '"'
    source = tmp_path / "quoted.csv"
    source.write_text("case_ref;case_type;sample;force_grade;note\n"
                      f"Q-1;Custody;inspectorate-selected;;{long_note}\n"
                      "Q-2;Custody;inspectorate-selected;;short\n", encoding="utf-8")
    sheet = read_sheet(source, ReadOptions(), sample_headers())
    assert sheet.reading.delimiter == ";"
    assert [row.values["case_ref"] for row in sheet.rows] == ["Q-1", "Q-2"]
    assert sheet.rows[0].values["note"].count("\n") == 3 * HEADER_SCAN_ROWS - 1
