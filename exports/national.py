"""The national tables (models.headquarters.NationalReport) as text, CSV, JSON and PDF."""

from __future__ import annotations

import csv
import io
import json

from exports.report import safe_cell
from models.headquarters import NationalReport, NationalTable


def _cell(value: int | float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _scope(report: NationalReport) -> str:
    year = f"{report.year}" if report.year is not None else "all years"
    line = (f"National figures, {year}: {len(report.inspections)} published inspection(s), "
            f"{report.total_cases} case(s).")
    if report.provisional:
        line += f" {report.provisional} inspection(s) were published before they were finished (provisional)."
    return line


def to_json_dict(report: NationalReport) -> dict:
    return {
        "year": report.year,
        "inspections": [{"id": i.inspection_id, "force": i.force_name, "year": i.year, "version": i.version,
                         "cases": i.case_count, "provisional": i.provisional, "with_notes": i.with_notes,
                         "published_at": i.published_at.isoformat()} for i in report.inspections],
        "tables": {t.key: {"title": t.title, "first_column": t.first_column, "columns": list(t.columns),
                           "rows": [{"label": r.label, "values": list(r.values)} for r in t.rows]}
                   for t in report.tables},
    }


def to_json(report: NationalReport) -> str:
    return json.dumps(to_json_dict(report), indent=2, ensure_ascii=False) + "\n"


def _text_table(t: NationalTable) -> list[str]:
    width = max(len(t.first_column), *(len(r.label) for r in t.rows)) if t.rows else len(t.first_column)
    widths = [max(len(c), 5) for c in t.columns]
    lines = [t.title, f"{t.first_column:<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(t.columns, widths,
                                                                                              strict=True))]
    lines += [f"{r.label:<{width}}  " + "  ".join(f"{_cell(v):>{w}}" for v, w in zip(r.values, widths, strict=True))
              for r in t.rows]
    if not t.rows:
        lines.append("(no published inspections)")
    return lines


def to_text(report: NationalReport) -> str:
    lines = [_scope(report), ""]
    for t in report.tables:
        lines += [*_text_table(t), ""]
    return "\n".join(lines)


def to_csv(report: NationalReport) -> str:
    """One block per table; numbers stay numbers, text cells are guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(_scope(report))])
    writer.writerow([])
    for t in report.tables:
        writer.writerow([safe_cell(t.title)])
        writer.writerow([safe_cell(t.first_column), *map(safe_cell, t.columns)])
        for r in t.rows:
            writer.writerow([safe_cell(r.label), *("" if v is None else v for v in r.values)])
        writer.writerow([])
    return buffer.getvalue()


def to_pdf(report: NationalReport) -> bytes:
    """A landscape A4 document, one platypus table per national table (no shared table-PDF helper exists yet)."""
    from xml.sax.saxutils import escape  # Paragraph reads markup: a force named "A & B" must stay text

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title="Fieldwork national tables",
                            author="Fieldwork", invariant=1)
    story: list = [Paragraph("National tables", styles["Title"]), Paragraph(escape(_scope(report)), styles["BodyText"]),
                   Spacer(1, 6 * mm)]
    for t in report.tables:
        story.append(Paragraph(escape(t.title), styles["Heading3"]))
        data = [[Paragraph(escape(t.first_column), cell), *(Paragraph(escape(c), cell) for c in t.columns)]]
        data += [[Paragraph(escape(r.label), cell), *(_cell(v) for v in r.values)] for r in t.rows]
        if not t.rows:
            data.append(["(no published inspections)", *([""] * len(t.columns))])
        first = 70 * mm
        rest = (doc.width - first) / max(len(t.columns), 1)
        grid = Table(data, colWidths=[first, *([rest] * len(t.columns))], repeatRows=1)
        grid.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        story += [grid, Spacer(1, 6 * mm)]
    doc.build(story)
    return buffer.getvalue()
