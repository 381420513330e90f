"""Report tables as an Excel workbook: one sheet per table, numbers as numbers, every text cell guarded."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from exports.atomic import Progress, step
from exports.documents import TABLES_MARKING, AgreementFigures, Provenance
from exports.report import Report, safe_cell

HEADER_FILL = PatternFill("solid", fgColor="1F3B5A")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _cell(value: object) -> object:
    """Numbers stay numbers; any text that a spreadsheet would run as a formula is neutralised."""
    return value if isinstance(value, int | float) else safe_cell(str(value))


def _sheet(ws: Worksheet, caption: str, header: Sequence[str], rows: Sequence[Sequence[object]],
           marking: str, provenance: Provenance) -> None:
    ws.append([_cell(caption)])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append([_cell(h) for h in header])
    for cell in ws[3]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([_cell(v) for v in row])
    ws.column_dimensions["A"].width = 60
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 16
    odd_header, odd_footer = ws.oddHeader, ws.oddFooter
    assert odd_header is not None and odd_footer is not None  # a new sheet has both
    odd_header.center.text = marking
    odd_footer.left.text = "; ".join(provenance.lines()[:2])[:250]
    odd_footer.right.text = "Page &P of &N"


def tables_xlsx(report: Report, provenance: Provenance, *, agreement: AgreementFigures | None = None,
                marking: str = TABLES_MARKING, progress: Progress | None = None) -> bytes:
    """Sheets "Table 1".."Table N", "Annex A", "Summary" (referred back, sentences, provenance), "Agreement"."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # a new workbook has one sheet
    workbook.remove(first)
    total = len(report.tables) + 2
    for done, t in enumerate(report.tables):
        step(progress, done, total)
        ws = workbook.create_sheet(f"Table {t.number}")
        _sheet(ws, t.title, [t.first_column, *t.columns], [[r.label, *r.counts] for r in t.rows], marking,
               provenance)
    ws = workbook.create_sheet("Annex A")
    _sheet(ws, "Annex A: breakdown of self-assessed cases by type", ["Type of case", "Number of cases"],
           report.annex, marking, provenance)
    if agreement is not None:
        ws = workbook.create_sheet("Agreement")
        _sheet(ws, agreement.caption, agreement.columns, agreement.rows, marking, provenance)
        if agreement.note:
            ws.append([])
            ws.append([_cell(agreement.note)])
    step(progress, len(report.tables) + 1, total)
    ws = workbook.create_sheet("Summary")
    info = report.tally.inspection
    ws.append([_cell(marking)])
    ws.append(["Cases referred back", report.tally.referred_back])
    ws.append(["Cases in the sample", report.tally.total])
    ws.append(["Provisional", "yes" if report.provisional else "no"])
    ws.append([])
    for sentence in report.narrative:
        ws.append([_cell(sentence)])
    ws.append([])
    for line in provenance.lines():
        ws.append([_cell(line)])
    ws.column_dimensions["A"].width = 40
    workbook.properties.title = safe_cell(f"{info.force_name}: report tables")
    buffer = io.BytesIO()
    workbook.save(buffer)
    step(progress, total, total)
    return buffer.getvalue()
