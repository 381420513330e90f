"""The national tables (models.headquarters.server.NationalReport) as text, CSV, JSON and PDF.

A table with grade columns comes once per grade scale; its title names the frameworks on the scale, and JSON
gives the scale itself (grade keys, headings, frameworks) next to the table."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from exports.report import safe_cell
from models.headquarters.server import GradeScale, NationalReport, NationalTable


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
    if report.topics_missing:
        line += (f" Topic grades and force judgements of {', '.join(report.topics_missing)} have not reached "
                 "headquarters (published by an earlier release): publish again to count them.")
    for note in report.follow_up_notes:
        line += f" {note}"
    return line


def _scale_dict(scale: GradeScale | None) -> dict[str, Any] | None:
    if scale is None:
        return None
    return {"key": scale.key, "grades": list(scale.grades), "headings": list(scale.headings),
            "frameworks": [{"key": key, "name": name} for key, name in scale.frameworks]}


def to_json_dict(report: NationalReport) -> dict[str, Any]:
    return {
        "year": report.year,
        "inspections": [{"id": i.inspection_id, "force": i.force_name, "year": i.year, "version": i.version,
                         "framework": i.framework_key, "cases": i.case_count, "provisional": i.provisional,
                         "with_notes": i.with_notes, "published_at": i.published_at.isoformat()}
                        for i in report.inspections],
        "topics_missing": list(report.topics_missing),
        "follow_up_notes": list(report.follow_up_notes),
        # Keyed by table key: "<kind>/<grade keys>" for a table on one grade scale, "<kind>" otherwise.
        "tables": {t.key: {"kind": t.kind, "title": t.title, "scale": _scale_dict(t.scale),
                           "first_column": t.first_column, "columns": list(t.columns),
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


def to_pdf(report: NationalReport, generated_at: datetime | None = None) -> bytes:
    """Landscape A4 (the per-force tables are wide), in the table style of exports.pdf, marked OFFICIAL."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    from exports.documents import TABLES_MARKING
    from exports.fonts import register_fonts
    from exports.pdf import MARGIN, grid, styles, text

    st = styles()
    regular, bold = register_fonts()
    width, height = landscape(A4)
    stamp = f"Headquarters national tables · generated {(generated_at or datetime.now(UTC)):%Y-%m-%d %H:%M} UTC"

    def furniture(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(bold, 10)
        canvas.drawCentredString(width / 2, height - 12 * mm, TABLES_MARKING)
        canvas.drawCentredString(width / 2, 6 * mm, TABLES_MARKING)
        canvas.setFont(regular, 7)
        canvas.drawString(MARGIN, 12 * mm, stamp)
        canvas.drawRightString(width - MARGIN, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(width, height), leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=20 * mm, title="Fieldwork national tables",
                            author="Fieldwork", subject=TABLES_MARKING, creator="Fieldwork", invariant=True)
    story: list[Flowable] = [Paragraph("National tables", st.title), Paragraph(text(_scope(report)), st.body)]
    for t in report.tables:
        first = 60 * mm
        rest = (doc.width - first) / max(len(t.columns), 1)
        body = [(r.label, *(_cell(v) for v in r.values)) for r in t.rows] or \
            [("(no published inspections)", *([""] * len(t.columns)))]
        story.append(KeepTogether([Paragraph(text(t.title), st.caption),
                                   grid((t.first_column, *t.columns), body, [first, *([rest] * len(t.columns))], st),
                                   Spacer(1, 4 * mm)]))
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()
