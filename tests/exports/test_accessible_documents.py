"""Documents a screen reader can use: PDF title, language, author and an outline of every heading and table;
Word tables with marked header rows and alternative text, in the theme's font and a declared language."""

from __future__ import annotations

import io

from docx.oxml.ns import qn
from pypdf import PdfReader

from exports.docx import tables_docx
from exports.pdf import tables_pdf
from models.inspection.services import InspectionService
from tests.exports.readback import docx_document, report_and_provenance


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every outline entry, in reading order."""
    entries: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item) + 1))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return entries


def test_tables_pdf_has_title_language_author_and_an_outline_of_every_table(demo: InspectionService) -> None:
    report, provenance = report_and_provenance(demo)
    reader = PdfReader(io.BytesIO(tables_pdf(report, provenance)))
    assert reader.metadata is not None
    assert reader.metadata.title == "Gloucestershire Constabulary: report tables"
    assert reader.metadata.author == "HMIC"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean object)
    assert root["/PageMode"] == "/UseOutlines"

    outline = _outline(reader)
    assert outline[0] == (0, "Gloucestershire Constabulary: case file analysis", 1)
    titles = [title for _, title, _ in outline]
    for table in report.tables:
        assert table.title in titles
    assert "Annex A: breakdown of self-assessed cases by type" in titles
    assert all(depth == 1 for depth, _, _ in outline[1:])
    # Each bookmark leads to the page that shows its heading.
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    for _, title, page in outline:
        assert " ".join(title.split())[:40] in pages[page - 1], title


def test_tables_docx_uses_the_theme_font_and_marks_header_rows_and_table_titles(demo: InspectionService) -> None:
    report, provenance = report_and_provenance(demo)
    document = docx_document(tables_docx(report, provenance))
    normal = document.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) is None and fonts.get(qn("w:hAnsi")) is None  # no fixed face such as Arial
    assert fonts.get(qn("w:asciiTheme")) == "minorHAnsi"
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.author == "HMIC"
    assert "Arial" not in document.styles.element.xml

    captions = [table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for table in document.tables]
    assert captions == [t.title for t in report.tables] + ["Annex A: breakdown of self-assessed cases by type"]
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
