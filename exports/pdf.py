"""Report tables as an A4 PDF (reportlab platypus), and the page furniture shared by every PDF we publish."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import Flowable

from exports.atomic import Progress, step
from exports.documents import TABLES_MARKING, AgreementFigures, Provenance
from exports.fonts import register_fonts
from exports.report import Report, ReportTable
from models.errors import FieldworkError

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
HEADER_BLUE = colors.HexColor("#1f3b5a")
RULE_GREY = colors.HexColor("#9aa5b1")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    banner: ParagraphStyle


def styles() -> Styles:
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14, spaceAfter=6)
    return Styles(
        body=body,
        title=ParagraphStyle("title", parent=body, fontName=bold, fontSize=16, leading=20, spaceAfter=10),
        heading=ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12, leading=16, spaceBefore=8),
        caption=ParagraphStyle("caption", parent=body, fontName=bold, fontSize=10, spaceBefore=10, spaceAfter=4),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0),
        head_cell=ParagraphStyle("head", parent=body, fontName=bold, fontSize=9, leading=11, spaceAfter=0,
                                 textColor=colors.white),
        banner=ParagraphStyle("banner", parent=body, fontName=bold, fontSize=11, alignment=TA_CENTER,
                              textColor=colors.HexColor("#a4161a"), borderColor=colors.HexColor("#a4161a"),
                              borderWidth=1, borderPadding=4, spaceAfter=10),
    )


def text(value: str) -> str:
    """Escape user text for a reportlab Paragraph (which reads a small XML markup)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Paragraph styles that become entries of the PDF's outline (bookmarks), and their depth.
OUTLINE_LEVELS = {"title": 0, "heading": 1, "caption": 1}


@dataclass(frozen=True)
class _Mark:
    """An outline entry waiting for its page: pages are written only once the page count is known."""

    page: int
    top: float
    title: str
    level: int


class _NumberedCanvas(pdfcanvas.Canvas):
    """Pages held back until the end, so each can say "Page N of M"; bookmarks are bound to them then."""

    _startPage: Callable[[], None]  # reportlab's own, private so not in its stubs

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._marks: list[_Mark] = []

    def mark(self, title: str, level: int, top: float) -> None:
        """An outline entry for a heading drawn on the page being built."""
        self._marks.append(_Mark(len(self._pages), top, title, level))

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        marks = self._marks
        on_page: dict[int, list[int]] = {}
        for key, mark in enumerate(marks):
            on_page.setdefault(mark.page, []).append(key)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            for key in on_page.get(number - 1, ()):
                self.bookmarkHorizontalAbsolute(f"outline-{key}", marks[key].top)
            self._furniture(number, total)
            super().showPage()
        # An outline skips no level: a reader's tree shows each entry under the one above it.
        level = -1
        for key, mark in enumerate(marks):
            level = min(mark.level, level + 1)
            self.addOutlineEntry(mark.title, f"outline-{key}", level=level, closed=False)
        if marks:
            self.showOutline()
        super().save()

    def _furniture(self, number: int, total: int) -> None:
        raise NotImplementedError


class _OutlinedDocument(SimpleDocTemplate):
    """Every title, heading and table caption becomes a bookmark, so a screen reader can move by them."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, Paragraph) and flowable.style.name in OUTLINE_LEVELS:
            canvas = self.canv
            if isinstance(canvas, _NumberedCanvas):
                top = self.frame._y + flowable.height + flowable.style.spaceBefore  # type: ignore[attr-defined]
                canvas.mark(flowable.getPlainText(), OUTLINE_LEVELS[flowable.style.name], top)


def _numbered_canvas(marking: str, provenance: Provenance) -> type[pdfcanvas.Canvas]:
    """A canvas that draws the marking, the provenance footer and "Page N of M" once the page count is known."""
    regular, bold = register_fonts()

    class NumberedCanvas(_NumberedCanvas):

        def _furniture(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(bold, 10)
            self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 12 * mm, marking)
            self.drawCentredString(PAGE_WIDTH / 2, 6 * mm, marking)
            self.setStrokeColor(RULE_GREY)
            self.line(MARGIN, 22 * mm, PAGE_WIDTH - MARGIN, 22 * mm)
            self.setFont(regular, 7)
            y = 19 * mm
            width = PAGE_WIDTH - 2 * MARGIN - 25 * mm  # clear of the page number
            lines = [part for line in provenance.lines() for part in simpleSplit(line, regular, 7, width)]
            if len(lines) > 4:  # four lines fit between the rule and the bottom marking
                lines = lines[:3] + [lines[3][:-1] + "…"]
            for line in lines:
                self.drawString(MARGIN, y, line)
                y -= 3 * mm
            self.setFont(regular, 8)
            self.drawRightString(PAGE_WIDTH - MARGIN, 19 * mm, f"Page {number} of {total}")
            self.restoreState()

    return NumberedCanvas


def build_pdf(story: Sequence[Flowable], *, title: str, marking: str, provenance: Provenance,
              lang: str = "en-GB") -> bytes:
    """Lay out an A4 document with our page furniture; returned as bytes, so nothing half-built is on disk.

    Accessible as far as the PDF library goes: title shown in the reader's title bar, document language,
    author and subject, an outline of every heading and table. (It writes no structure tags.)
    """
    buffer = io.BytesIO()
    doc = _OutlinedDocument(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=30 * mm, title=title, author=provenance.author,
                            subject=marking, creator="Fieldwork", invariant=True, lang=lang,
                            displayDocTitle=True)
    try:
        doc.build(list(story), canvasmaker=_numbered_canvas(marking, provenance))
    except LayoutError:  # the data, not the code: a word wider than its column, a table taller than a page
        raise FieldworkError(f"{title}: the content does not fit on an A4 page (a table too large, or a word "
                             "too long for its column); shorten the framework's headings and labels.") from None
    return buffer.getvalue()


def grid(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], st: Styles,
         numeric_from: int = 1) -> Table:
    """A report-style table: blue header row, thin grid, numbers right-aligned."""
    data: list[list[Paragraph | str]] = [[Paragraph(text(h), st.head_cell) for h in header]]
    for row in rows:
        data.append([Paragraph(text(str(v)), st.cell) if i < numeric_from else str(v) for i, v in enumerate(row)])
    table = Table(data, colWidths=list(widths), repeatRows=1)
    regular, _ = register_fonts()
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BLUE),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 1), (-1, -1), regular),
        ("FONTSIZE", (0, 1), (-1, -1), 9),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _report_table(t: ReportTable, st: Styles) -> list[Flowable]:
    usable = PAGE_WIDTH - 2 * MARGIN
    # Wide enough that no heading word is broken ("improvement"), whatever the framework's grades.
    _, bold = register_fonts()
    longest = max(stringWidth(word, bold, 9) for heading in t.columns for word in heading.split())
    number_width = min(max(22 * mm, longest + 14), usable * 0.7 / len(t.columns))
    widths = [usable - number_width * len(t.columns)] + [number_width] * len(t.columns)
    rows = [[r.label, *r.counts] for r in t.rows]
    return [KeepTogether([Paragraph(text(t.title), st.caption), grid([t.first_column, *t.columns], rows, widths, st)])]


def agreement_flowables(agreement: AgreementFigures, st: Styles) -> list[Flowable]:
    usable = PAGE_WIDTH - 2 * MARGIN
    widths = [usable / len(agreement.columns)] * len(agreement.columns)
    story: list[Flowable] = [Paragraph(text(agreement.caption), st.caption),
                             grid(agreement.columns, agreement.rows, widths, st, numeric_from=len(agreement.columns))]
    if agreement.note:
        story.append(Paragraph(text(agreement.note), st.body))
    return story


def annex_sentence(report: Report) -> str:
    """Annex A's own words above its table."""
    return (f"Below is a breakdown of the type of self-assessed cases we examined in "
            f"{report.tally.inspection.force_name}:")


def tables_pdf(report: Report, provenance: Provenance, *, agreement: AgreementFigures | None = None,
               marking: str = TABLES_MARKING, progress: Progress | None = None) -> bytes:
    """Every table of chapter 4 with its caption, the sentences, Annex A and the referred-back count."""
    st = styles()
    info = report.tally.inspection
    total = len(report.tables) + 3
    story: list[Flowable] = [Paragraph(text(f"{info.force_name}: case file analysis"), st.title)]
    if report.provisional:
        story.append(Paragraph("PROVISIONAL – cases are ungraded or awaiting moderation; "
                               "these figures are not final.", st.banner))
    for done, table in enumerate(report.tables, start=1):
        step(progress, done - 1, total)
        story += _report_table(table, st)
    step(progress, len(report.tables), total)
    story += [Spacer(1, 6), Paragraph(text(f"Cases referred back to the {info.force_term}: "
                                           f"{report.tally.referred_back}"), st.heading),
              Paragraph("Case file analysis: the figures in words", st.heading)]
    story += [Paragraph(text(s), st.body) for s in report.narrative]
    usable = PAGE_WIDTH - 2 * MARGIN
    story += [KeepTogether([
        Paragraph("Annex A: breakdown of self-assessed cases by type", st.caption),
        Paragraph(text(annex_sentence(report)), st.body),
        grid(["Type of case", "Number of cases"], [[label, n] for label, n in report.annex],
             [usable - 40 * mm, 40 * mm], st),
    ])]
    if agreement is not None:
        story += agreement_flowables(agreement, st)
    step(progress, total - 1, total)
    data = build_pdf(story, title=f"{info.force_name}: report tables", marking=marking, provenance=provenance)
    step(progress, total, total)
    return data
