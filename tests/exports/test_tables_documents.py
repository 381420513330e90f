"""Tables as PDF, Word, Excel and CSV, read back and compared with the tally, caption by caption, number by number."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from exports.documents import AgreementFigures
from exports.docx import tables_docx
from exports.pdf import tables_pdf
from exports.report import Report
from exports.writers import write_tables
from exports.xlsx import tables_xlsx
from tests.exports.readback import (
    docx_document,
    embedded_fonts,
    flat,
    four_grade_inspection,
    pdf_pages,
    pdf_text,
    report_and_provenance,
    xlsx_workbook,
)
from tests.test_demo_report import REFERENCE_ANNEX, REFERENCE_BY_TYPE, REFERENCE_PARAGRAPHS

AGREEMENT = AgreementFigures("Agreement between graders (double-graded cases)", ("Measure", "Value"),
                             (("Cases double-graded", "12"), ("Cohen's kappa", "0.61")), note="Moderate agreement.")


def expected_rows(report: Report) -> list[tuple[str, str, tuple[str, ...], list[tuple[str, tuple[int, ...]]]]]:
    return [(t.title, t.first_column, t.columns, [(r.label, r.counts) for r in t.rows]) for t in report.tables]


def check_pdf(data: bytes, report: Report) -> str:
    """Every caption, heading row and row of counts, in the report's order; the sentences; Annex A."""
    text = pdf_text(data)
    position = 0
    for title, first, columns, rows in expected_rows(report):
        header = flat(" ".join([first, *columns]))
        lines = [title, header] + [f"{label} {' '.join(map(str, counts))}" for label, counts in rows]
        for line in lines:
            found = text.find(line, position)
            assert found >= 0, f"{line!r} missing after position {position}"
            position = found + len(line)
    for sentence in report.narrative:
        assert flat(sentence) in text
    for label, n in report.annex:
        assert f"{label} {n}" in text
    assert f"referred back to the {report.tally.inspection.force_term}: {report.tally.referred_back}" in text
    return text


def test_demo_tables_pdf_reads_back_as_the_published_report(demo) -> None:
    report, provenance = report_and_provenance(demo)
    data = tables_pdf(report, provenance)
    text = check_pdf(data, report)
    # The same numbers, written out from the published report rather than from the tally.
    assert "Table 1: Cases assessed by both Gloucestershire Constabulary and HMIC" in text
    assert "Good Requiring improvement Inadequate Constabulary assessment 28 5 0 HMIC assessment 6 16 11" in text
    assert "Table 2: Additional cases assessed only by HMIC" in text
    assert "HMIC assessment 8 30 18" in text
    for number, (caption, label, counts) in REFERENCE_BY_TYPE.items():
        assert f"Table {number}: {caption}" in text
        assert f"{label} {' '.join(map(str, counts))}" in text
    assert ("Below is a breakdown of the type of self-assessed cases we examined in Gloucestershire Constabulary: "
            "Type of case Number of cases") in text
    for label, n in REFERENCE_ANNEX:
        assert f"{label} {n}" in text
    for sentence in REFERENCE_PARAGRAPHS:
        assert sentence in text
    assert "PROVISIONAL" not in text


def test_pdf_page_furniture_marking_numbers_provenance_and_embedded_fonts(demo) -> None:
    report, provenance = report_and_provenance(demo, packages=("Return package from A. Inspector, 2026-11-20",))
    data = tables_pdf(report, provenance)
    pages = pdf_pages(data)
    assert len(pages) >= 2
    info = report.tally.inspection
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL") >= 2  # top and bottom marking line
        assert f"Page {number} of {len(pages)}" in page
        assert f"inspection {info.id}" in page
        assert "generated 2026-11-26 14:30 UTC" in page
        assert "Merged packages: Return package from A. Inspector, 2026-11-20" in page
    assert data[:5] == b"%PDF-"
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded_fonts(data)


def test_provisional_tables_say_so_on_every_page(inspection) -> None:
    inspection.add_case("P-1", "s47", "self-assessed", "good")
    inspection.add_case("P-2", "s47", "inspectorate-selected")
    inspection.set_grade("P-1", "lead", "good")
    report, provenance = report_and_provenance(inspection)
    assert report.provisional
    pages = pdf_pages(tables_pdf(report, provenance))
    assert "PROVISIONAL – cases are ungraded or awaiting moderation; these figures are not final." in pages[0]
    assert all("PROVISIONAL: cases are ungraded or awaiting moderation" in page for page in pages)
    doc = docx_document(tables_docx(report, provenance))
    assert any("PROVISIONAL" in p.text for p in doc.paragraphs)
    summary = xlsx_workbook(tables_xlsx(report, provenance))["Summary"]
    assert ["Provisional", "yes"] in [[c.value for c in row[:2]] for row in summary.iter_rows()]


def test_four_grade_tables_pdf(tmp_path: Path) -> None:
    service = four_grade_inspection(tmp_path / "four.fieldwork")
    try:
        report, provenance = report_and_provenance(service)
    finally:
        service.close()
    assert report.tables[0].columns == ("Good", "Adequate", "Requiring improvement", "Inadequate")
    text = check_pdf(tables_pdf(report, provenance), report)
    # Written out by hand from FOUR_GRADE_CASES, so a tally bug cannot hide behind itself.
    assert "Force assessment 3 2 1 0 HMIC assessment 2 2 1 1" in text
    assert "Table 2: Additional cases assessed only by HMIC" in text
    assert "HMIC assessment 1 3 1 1" in text
    assert "Enquiries under section 47 of the Children Act 1989 0 2 0 0" in text
    assert "Cases involving missing and absent children 0 1 0 1" in text
    assert "Cases relating to domestic abuse incidents 0 0 0 1" in text


def check_docx(data: bytes, report: Report) -> None:
    doc = docx_document(data)
    expected = expected_rows(report)
    assert len(doc.tables) == len(expected) + 1  # plus Annex A
    paragraphs = [p.text for p in doc.paragraphs]
    for table, (title, first, columns, rows) in zip(doc.tables, expected, strict=False):
        assert title in paragraphs
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0] == [first, *columns]
        assert cells[1:] == [[label, *map(str, counts)] for label, counts in rows]
    annex = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert annex == [["Type of case", "Number of cases"]] + [[label, str(n)] for label, n in report.annex]
    for sentence in report.narrative:
        assert sentence in paragraphs
    heading = f"Cases referred back to the {report.tally.inspection.force_term}: {report.tally.referred_back}"
    assert heading in paragraphs
    footer = "\n".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert report.tally.inspection.id in footer
    assert "OFFICIAL" in doc.sections[0].header.paragraphs[0].text
    assert 'PAGE' in doc.sections[0].footer._element.xml  # a real page-number field


def check_xlsx(data: bytes, report: Report) -> None:
    workbook = xlsx_workbook(data)
    assert workbook.sheetnames[: len(report.tables)] == [f"Table {t.number}" for t in report.tables]
    for t in report.tables:
        ws = workbook[f"Table {t.number}"]
        assert ws["A1"].value == t.title
        values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
        assert values[0] == [t.first_column or None, *t.columns]
        assert values[1:] == [[r.label, *r.counts] for r in t.rows]
        for row in ws.iter_rows(min_row=4, min_col=2):
            assert all(c.data_type == "n" and isinstance(c.value, int) for c in row)  # numbers as numbers
    annex = [[c.value for c in row] for row in workbook["Annex A"].iter_rows(min_row=4)]
    assert annex == [[label, n] for label, n in report.annex]
    summary = [[c.value for c in row] for row in workbook["Summary"].iter_rows()]
    assert ["Cases referred back", report.tally.referred_back] in summary
    flat_summary = [row[0] for row in summary]
    for sentence in report.narrative:
        assert sentence in flat_summary


@pytest.mark.parametrize("builder", ["demo", "four"])
def test_docx_and_xlsx_read_back_equal_the_tally(builder: str, demo, tmp_path: Path) -> None:
    service = demo if builder == "demo" else four_grade_inspection(tmp_path / "four.fieldwork")
    report, provenance = report_and_provenance(service)
    if builder == "four":
        service.close()
    check_docx(tables_docx(report, provenance), report)
    check_xlsx(tables_xlsx(report, provenance), report)


def test_demo_docx_and_xlsx_hold_the_reference_numbers(demo) -> None:
    report, provenance = report_and_provenance(demo)
    doc = docx_document(tables_docx(report, provenance))
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [
        ["", "Good", "Requiring improvement", "Inadequate"],
        ["Constabulary assessment", "28", "5", "0"], ["HMIC assessment", "6", "16", "11"]]
    workbook = xlsx_workbook(tables_xlsx(report, provenance))
    for number, (caption, label, counts) in REFERENCE_BY_TYPE.items():
        ws = workbook[f"Table {number}"]
        assert ws["A1"].value == f"Table {number}: {caption}"
        assert [c.value for c in ws[4]] == [label, *counts]
    assert [c.value for c in workbook["Table 2"][4]] == ["HMIC assessment", 8, 30, 18]


def test_agreement_section_only_when_given(demo) -> None:
    report, provenance = report_and_provenance(demo)
    assert "Cohen's kappa" not in pdf_text(tables_pdf(report, provenance))
    assert "Cohen's kappa 0.61" in pdf_text(tables_pdf(report, provenance, agreement=AGREEMENT))
    doc = docx_document(tables_docx(report, provenance, agreement=AGREEMENT))
    assert [c.text for c in doc.tables[-1].rows[2].cells] == ["Cohen's kappa", "0.61"]
    assert "Agreement" not in xlsx_workbook(tables_xlsx(report, provenance)).sheetnames
    ws = xlsx_workbook(tables_xlsx(report, provenance, agreement=AGREEMENT))["Agreement"]
    assert [c.value for c in ws[5]] == ["Cohen's kappa", "0.61"]


def test_write_tables_in_every_format(demo, tmp_path: Path) -> None:
    report, _ = report_and_provenance(demo)
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        target = write_tables(demo, fmt, tmp_path / f"tables.{fmt}")
        assert target.is_file()
    check_pdf(Path(tmp_path / "tables.pdf").read_bytes(), report)
    check_docx(Path(tmp_path / "tables.docx").read_bytes(), report)
    check_xlsx(Path(tmp_path / "tables.xlsx").read_bytes(), report)
    rows = list(csv.reader(io.StringIO((tmp_path / "tables.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["Table 1: Cases assessed by both Gloucestershire Constabulary and HMIC"]
    assert rows[2] == ["Constabulary assessment", "28", "5", "0"]
    assert ["Cases referred back", "14"] in rows
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp file left


def test_progress_is_reported_to_the_end(demo) -> None:
    report, provenance = report_and_provenance(demo)
    for build in (tables_pdf, tables_docx, tables_xlsx):
        seen: list[tuple[int, int]] = []
        build(report, provenance, progress=lambda done, total, seen=seen: seen.append((done, total)) or True)
        assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_long_package_list_never_pushes_provisional_off_the_footer(inspection) -> None:
    inspection.add_case("P-1", "s47", "inspectorate-selected")
    report, _ = report_and_provenance(inspection)
    packages = tuple(f"Return package {i} from Inspector Number {i}, 2026-11-2{i}" for i in range(8))
    _, provenance = report_and_provenance(inspection, packages=packages)
    page = pdf_pages(tables_pdf(report, provenance))[0]
    assert "PROVISIONAL: cases are ungraded or awaiting moderation" in page
    assert "Merged packages: Return package 0 from Inspector Number 0, 2026-11-20;" in page
    assert "…" in page and "Page 1 of 3" in page


def test_marking_can_be_changed_for_every_format(demo, tmp_path: Path) -> None:
    mark = "OFFICIAL-SENSITIVE"
    pdf = write_tables(demo, "pdf", tmp_path / "t.pdf", marking=mark)
    assert all(page.count(mark) >= 2 for page in pdf_pages(pdf))
    doc = docx_document(write_tables(demo, "docx", tmp_path / "t.docx", marking=mark).read_bytes())
    assert doc.sections[0].header.paragraphs[0].text == mark
    workbook = xlsx_workbook(write_tables(demo, "xlsx", tmp_path / "t.xlsx", marking=mark).read_bytes())
    assert workbook["Table 1"].oddHeader.center.text == mark
    assert workbook["Summary"]["A1"].value == mark
