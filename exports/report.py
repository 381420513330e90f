"""The report's tables as plain data, and their text, CSV and JSON renderings."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from exports.narrative import sentences
from models.inspection import wording
from models.inspection.followup import Comparison, compare
from models.inspection.framework import CASE_GRADE_KINDS, COMPARISON, OUTCOME_LABELS
from models.inspection.framework import ReportTable as TableSpec
from models.inspection.tally import Tally

# The first column's heading, and the one column's default heading, of each kind of table.
FIRST_COLUMN = {"self-assessed": "", "inspectorate-selected": "", "case-type": "Case type", "topics": "Topic",
                "force-judgements": "Topic", "referrals-by-type": "Case type", "referrals-by-reason": "Reason",
                "referral-outcomes": "Outcome", COMPARISON: "Cases"}
ONE_COLUMN = {"force-judgements": "Grade", "referrals-by-type": "Cases referred back",
              "referrals-by-reason": "Cases referred back", "referral-outcomes": "Cases referred back"}
NOT_JUDGED = "Not yet judged"


@dataclass(frozen=True)
class TableRow:
    label: str
    counts: tuple[int | str, ...]  # counts; a force-judgements table holds the grade's label


@dataclass(frozen=True)
class ReportTable:
    number: int
    kind: str
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

    def grade_breakdown(self) -> list[tuple[str, tuple[int, ...]]]:
        """The rows a chart of grades shows: one per case-type table, else one per graded topic."""
        kind = "case-type" if any(t.kind == "case-type" for t in self.tables) else "topics"
        return [(row.label, tuple(int(n) for n in row.counts))
                for t in self.tables if t.kind == kind for row in t.rows]


def _fill(template: str, tally: Tally) -> str:
    info = tally.inspection
    return wording.fill(template, {"force": info.force_name, "inspectorate": tally.framework.inspectorate,
                                   "Force_term": info.force_term.capitalize(), "force_term": info.force_term})


def _rows(spec: TableSpec, tally: Tally) -> tuple[TableRow, ...]:
    """The table's rows: its framework row labels (or the framework's own names) with the tally's counts."""
    framework = tally.framework
    counted: list[tuple[str, tuple[int | str, ...]]]
    if spec.kind == "self-assessed":
        counted = [("", tally.force_grades), ("", tally.self_assessed_grades)]
    elif spec.kind == "inspectorate-selected":
        counted = [("", tally.inspectorate_selected_grades)]
    elif spec.kind == "case-type":
        counted = [("", next(t for t in tally.by_type if t.number == spec.number).counts)]
    elif spec.kind == "topics":
        counted = [(t.label, t.counts) for t in tally.topics]
    elif spec.kind == "force-judgements":
        labels = {a.key: a.label for a in framework.judged_areas}
        counted = [(labels[area], (framework.grade(grade).label if grade in framework.grade_keys else NOT_JUDGED,))
                   for area, grade in tally.judgements]
    elif spec.kind == "referrals-by-type":
        counted = [(c.label, (n,)) for c, n in zip(framework.case_types, tally.referrals.by_type, strict=True)]
    elif spec.kind == "referrals-by-reason":
        counted = [(r.label, (n,)) for r, n in zip(framework.referral_reasons, tally.referrals.by_reason,
                                                   strict=True)]
    else:
        counted = [(label, (n,)) for label, n in zip(OUTCOME_LABELS, tally.referrals.outcomes, strict=True)]
    row_labels = spec.row_labels or tuple(label for label, _ in counted)
    return tuple(TableRow(_fill(label, tally), counts)
                 for label, (_, counts) in zip(row_labels, counted, strict=True))


def _comparison(spec: TableSpec, tally: Tally, found: Comparison) -> ReportTable:
    """Then and now, each grade's count and percentage of the cases graded, over all and per case type; or,
    across grade scales, a plain statement that nothing is compared."""
    caption = _fill(spec.caption, tally)
    if not found.comparable:
        return ReportTable(spec.number, spec.kind, caption, "Earlier inspection", ("Compared",),
                           (TableRow(found.other_scale, ("No",)),))
    columns = ["Cases graded"]
    for heading in tally.grade_headings:
        columns += [heading, f"{heading} (%)"]
    then, now = f"then ({found.basis.year})", f"now ({tally.inspection.year})"
    rows = []
    for row in found.rows:
        for when, share in ((then, row.then), (now, row.now)):
            cells: list[int | str] = [share.graded]
            for n, pct in zip(share.counts, share.percents, strict=True):
                cells += [n, pct]
            rows.append(TableRow(f"{row.group}: {when}", tuple(cells)))
    return ReportTable(spec.number, spec.kind, caption, FIRST_COLUMN[COMPARISON], tuple(columns), tuple(rows))


def build_report(tally: Tally) -> Report:
    """The framework's tables, in its order, with its captions and row labels, filled from the tally. A
    comparison table appears only in a follow-up's report."""
    tables = []
    found = compare(tally)
    for spec in tally.framework.tables:
        if spec.kind == COMPARISON:
            if found is not None:
                tables.append(_comparison(spec, tally, found))
            continue
        counts_grades = spec.kind in CASE_GRADE_KINDS or spec.kind == "topics"
        columns = tally.grade_headings if counts_grades else (spec.columns or (ONE_COLUMN[spec.kind],))
        tables.append(ReportTable(spec.number, spec.kind, _fill(spec.caption, tally), FIRST_COLUMN[spec.kind],
                                  columns, _rows(spec, tally)))
    annex = tally.annex if tally.framework.self_assessment else ()
    return Report(tally, tuple(tables), annex, tuple(sentences(tally)))


def to_json_dict(report: Report) -> dict[str, Any]:
    """The shape other tools read: see README ("JSON output")."""
    tally = report.tally
    info = tally.inspection

    def table(t: ReportTable) -> dict[str, Any]:
        return {"caption": t.title, "columns": list(t.columns),
                "rows": [{"label": r.label, "counts": list(r.counts)} for r in t.rows]}

    # Keys appear only for what the framework has, so a 2017 inspection reads as it always did.
    inspection: dict[str, Any] = {
        "id": info.id, "force": info.force_name, "force_term": info.force_term, "framework": info.framework_key,
        "inspectorate": tally.framework.inspectorate, "provisional": tally.provisional, "graded": tally.graded,
        "open_moderation": tally.open_moderation}
    if info.start_date and info.end_date:
        inspection.update(start=info.start_date, end=info.end_date, year=info.year)
    if info.follows is not None:
        inspection["follows"] = {"id": info.follows.inspection_id, "force": info.follows.force_name,
                                 "year": info.follows.year, "framework": info.follows.framework_key}
    data: dict[str, Any] = {"inspection": inspection}
    kinds = {t.kind: t for t in report.tables}
    if "self-assessed" in kinds:
        data["table1"] = table(kinds["self-assessed"])
    if "inspectorate-selected" in kinds:
        data["table2"] = table(kinds["inspectorate-selected"])
    if tally.framework.case_grade:
        data["by_type"] = [{"number": t.number, "caption": t.title, "row_label": t.rows[0].label,
                            "counts": list(t.rows[0].counts)} for t in report.tables if t.kind == "case-type"]
    others = [t for t in report.tables if t.kind not in CASE_GRADE_KINDS]
    if others:
        data["tables"] = [{"number": t.number, "kind": t.kind, **table(t)} for t in others]
    if report.annex:
        data["annex"] = [{"case_type": label, "count": n} for label, n in report.annex]
    data.update(referred_back=tally.referred_back, total=tally.total, narrative=list(report.narrative))
    return data


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
    if report.annex:
        lines.append("Annex A: self-assessed cases by type")
        width = max(len("Type of case"), *(len(label) for label, _ in report.annex))
        lines.append(f"{'Type of case':<{width}}  Number of cases")
        lines += [f"{label:<{width}}  {n:>15}" for label, n in report.annex]
        lines.append("")
    lines += [f"Cases referred back: {report.tally.referred_back}", ""]
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
            writer.writerow([safe_cell(r.label), *map(safe_cell, r.counts)])
        writer.writerow([])
    if report.annex:
        writer.writerow(["Annex A: self-assessed cases by type"])
        writer.writerow(["Type of case", "Number of cases"])
        for label, n in report.annex:
            writer.writerow([safe_cell(label), n])
        writer.writerow([])
    writer.writerow(["Cases referred back", report.tally.referred_back])
    return buffer.getvalue()
