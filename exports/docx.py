"""Report tables as a Word document with real Word tables, styled to paste into the report."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle as _ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from exports.atomic import Progress, step
from exports.documents import TABLES_MARKING, AgreementFigures, Provenance
from exports.pdf import annex_sentence
from exports.report import Report

HEADER_FILL = "1F3B5A"


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field, so Word numbers the pages itself."""
    run = paragraph.add_run()
    for kind, value in (("begin", None), ("instr", " PAGE "), ("end", None)):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = value
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def _theme_font(style: _ParagraphStyle, language: str) -> None:
    """The document theme's body font (whatever the reader's Word or LibreOffice maps it to), and a language,
    so a screen reader speaks the text in the right voice."""
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}Theme"), "minorBidi" if script == "cs" else
                  "minorEastAsia" if script == "eastAsia" else "minorHAnsi")
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def _caption(document: DocumentObject, text: str) -> str:
    """A table's caption as a bold paragraph kept on the page of its table; returns the text (the table's title)."""
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    paragraph.paragraph_format.keep_with_next = True
    return text


def _table(document: DocumentObject, caption: str, header: Sequence[str], rows: Sequence[Sequence[object]],
           numeric_from: int = 1) -> Table:
    table: Table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The table's alternative text (title), which screen readers announce on entering the table.
    tbl_pr = table._tbl.tblPr
    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), caption)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:  # the schema's order: the caption comes after tblLook
        look.addnext(title)
    else:
        tbl_pr.append(title)
    for cell, heading in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, HEADER_FILL)
    for values in rows:
        cells = table.add_row().cells  # untyped in python-docx
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = str(value)
            if i >= numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The header repeats if a table runs over a page break.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    return table


def tables_docx(report: Report, provenance: Provenance, *, agreement: AgreementFigures | None = None,
                marking: str = TABLES_MARKING, progress: Progress | None = None, language: str = "en-GB") -> bytes:
    """Captions as bold paragraphs above real tables, the sentences and Annex A, in an A4 document."""
    info = report.tally.inspection
    total = len(report.tables) + 2
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    normal = document.styles["Normal"]
    _theme_font(normal, language)
    normal.font.size = Pt(10)
    document.core_properties.title = f"{info.force_name}: report tables"
    document.core_properties.subject = marking
    document.core_properties.author = provenance.author
    document.core_properties.language = language

    header = section.header.paragraphs[0]
    header.text = marking
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.text = marking
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.runs[0].bold = True
    for line in provenance.lines():
        small = section.footer.add_paragraph(line)
        small.runs[0].font.size = Pt(7)
    page = section.footer.add_paragraph("Page ")
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_field(page)

    document.add_heading(f"{info.force_name}: case file analysis", level=1)
    if report.provisional:
        banner = document.add_paragraph().add_run(
            "PROVISIONAL – cases are ungraded or awaiting moderation; these figures are not final.")
        banner.bold = True
    for done, t in enumerate(report.tables):
        step(progress, done, total)
        _table(document, _caption(document, t.title), [t.first_column, *t.columns],
               [[r.label, *r.counts] for r in t.rows])
        document.add_paragraph()
    step(progress, len(report.tables), total)
    document.add_heading(f"Cases referred back to the {info.force_term}: {report.tally.referred_back}", level=2)
    document.add_heading("Case file analysis: the figures in words", level=2)
    for sentence in report.narrative:
        document.add_paragraph(sentence)
    annex = _caption(document, "Annex A: breakdown of self-assessed cases by type")
    document.add_paragraph(annex_sentence(report)).paragraph_format.keep_with_next = True
    _table(document, annex, ["Type of case", "Number of cases"], report.annex)
    if agreement is not None:
        document.add_paragraph()
        _table(document, _caption(document, agreement.caption), agreement.columns, agreement.rows,
               numeric_from=len(agreement.columns))
        if agreement.note:
            document.add_paragraph(agreement.note)
    buffer = io.BytesIO()
    document.save(buffer)
    step(progress, total, total)
    return buffer.getvalue()
