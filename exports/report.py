"""The report's tables as plain data, and their text, CSV and JSON renderings."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from exports.narrative import sentences
from models.inspection.tally import Tally


@dataclass(frozen=True)
class TableRow:
    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ReportTable:
    number: int
    caption: str  # without the "Table N: " prefix
    first_column: str  # "" for Tables 1-2, "Case type" for 3-10, as the report prints them
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]

    @property
    def title(self) -> str:
        return f"Table {self.number}: {self.caption}"


@dataclass(frozen=True)
class Report:
    tally: Tally
    tables: tuple[ReportTable, ...]
    annex: tuple[tuple[str, int], ...]
    narrative: tuple[str, ...]

    @property
    def provisional(self) -> bool:
        return self.tally.provisional


def _fill(template: str, tally: Tally) -> str:
    info = tally.inspection
    return template.format(force=info.force_name, inspectorate=tally.framework.inspectorate,
                           Force_term=info.force_term.capitalize(), force_term=info.force_term)


def build_report(tally: Tally) -> Report:
    """Tables 1-N with the framework's captions and row labels, filled from the tally."""
    columns = tally.grade_headings
    tables = []
    for spec in tally.framework.tables:
        rows: tuple[TableRow, ...]
        if spec.kind == "self-assessed":
            rows = (TableRow(_fill(spec.row_labels[0], tally), tally.force_grades),
                    TableRow(_fill(spec.row_labels[1], tally), tally.self_assessed_grades))
            first = ""
        elif spec.kind == "inspectorate-selected":
            rows = (TableRow(_fill(spec.row_labels[0], tally), tally.inspectorate_selected_grades),)
            first = ""
        else:
            by_type = next(t for t in tally.by_type if t.number == spec.number)
            rows = (TableRow(_fill(spec.row_labels[0], tally), by_type.counts),)
            first = "Case type"
        tables.append(ReportTable(spec.number, _fill(spec.caption, tally), first, columns, rows))
    return Report(tally, tuple(tables), tally.annex, tuple(sentences(tally)))


def to_json_dict(report: Report) -> dict[str, Any]:
    """The shape other tools read: see README ("JSON output")."""
    tally = report.tally
    info = tally.inspection

    def table(t: ReportTable) -> dict[str, Any]:
        return {"caption": t.title, "columns": list(t.columns),
                "rows": [{"label": r.label, "counts": list(r.counts)} for r in t.rows]}

    return {
        "inspection": {"id": info.id, "force": info.force_name, "force_term": info.force_term,
                       "framework": info.framework_key, "inspectorate": tally.framework.inspectorate,
                       "provisional": tally.provisional, "graded": tally.graded,
                       "open_moderation": tally.open_moderation},
        "table1": table(report.tables[0]),
        "table2": table(report.tables[1]),
        "by_type": [{"number": t.number, "caption": t.title, "row_label": t.rows[0].label,
                     "counts": list(t.rows[0].counts)} for t in report.tables[2:]],
        "annex": [{"case_type": label, "count": n} for label, n in report.annex],
        "referred_back": tally.referred_back,
        "total": tally.total,
        "narrative": list(report.narrative),
    }


def to_json(report: Report) -> str:
    return json.dumps(to_json_dict(report), indent=2, ensure_ascii=False) + "\n"


def to_text(report: Report) -> str:
    """Tables laid out as the report prints them, for the terminal."""
    lines: list[str] = []
    if report.provisional:
        lines += ["PROVISIONAL: some cases are ungraded or awaiting moderation.", ""]
    for t in report.tables:
        lines.append(t.title)
        width = max(len(t.first_column), *(len(r.label) for r in t.rows))
        lines.append(f"{t.first_column:<{width}}  " + "  ".join(f"{c:>{max(len(c), 4)}}" for c in t.columns))
        for r in t.rows:
            lines.append(f"{r.label:<{width}}  " + "  ".join(
                f"{n:>{max(len(c), 4)}}" for c, n in zip(t.columns, r.counts, strict=True)))
        lines.append("")
    lines.append("Annex A: self-assessed cases by type")
    width = max(len("Type of case"), *(len(label) for label, _ in report.annex))
    lines.append(f"{'Type of case':<{width}}  Number of cases")
    lines += [f"{label:<{width}}  {n:>15}" for label, n in report.annex]
    lines += ["", f"Cases referred back: {report.tally.referred_back}", ""]
    lines += report.narrative
    return "\n".join(lines) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Guard a spreadsheet text cell against formula injection; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(report: Report) -> str:
    """One block per table: caption, header, rows; numbers as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for t in report.tables:
        writer.writerow([safe_cell(t.title)])
        writer.writerow([safe_cell(t.first_column), *map(safe_cell, t.columns)])
        for r in t.rows:
            writer.writerow([safe_cell(r.label), *r.counts])
        writer.writerow([])
    writer.writerow(["Annex A: self-assessed cases by type"])
    writer.writerow(["Type of case", "Number of cases"])
    for label, n in report.annex:
        writer.writerow([safe_cell(label), n])
    writer.writerow([])
    writer.writerow(["Cases referred back", report.tally.referred_back])
    return buffer.getvalue()
