"""Agreement statistics as text, JSON or CSV, beside the report tables. Takes plain data only."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from exports.report import safe_cell
from models.team.agreement import Agreement, AgreementReport


def _labelled(report: AgreementReport, headings: dict[str, str] | None) -> list[Agreement]:
    return [report.double_graded, report.self_assessed]


def agreement_dict(a: Agreement, headings: dict[str, str] | None = None) -> dict[str, Any]:
    names = [headings.get(g, g) if headings else g for g in a.grades]
    return {
        "title": a.title, "rows": a.row_rater, "columns": a.column_rater, "grades": names, "cases": a.cases,
        "matrix": [list(r) for r in a.matrix],
        "percent_agreement": None if a.percent_agreement is None else round(a.percent_agreement, 1),
        "weighted_kappa": None if a.weighted_kappa is None else round(a.weighted_kappa, 3),
        "kappa_weights": "quadratic",
    }


def to_json(report: AgreementReport, headings: dict[str, str] | None = None) -> str:
    return json.dumps({"agreement": [agreement_dict(a, headings) for a in _labelled(report, headings)]},
                      indent=2, ensure_ascii=False) + "\n"


def _number(value: float | None, digits: int, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{suffix}"


def to_text(report: AgreementReport, headings: dict[str, str] | None = None) -> str:
    out: list[str] = []
    for a in _labelled(report, headings):
        d = agreement_dict(a, headings)
        out.append(f"{a.title} ({a.cases} case(s)): agreement {_number(a.percent_agreement, 1, '%')}, "
                   f"quadratic-weighted kappa {_number(a.weighted_kappa, 3)}")
        width = max([len(a.row_rater) + 2] + [len(g) for g in d["grades"]]) + 2
        out.append(f"  {a.row_rater} \\ {a.column_rater}")
        out.append("  " + "".ljust(width) + "".join(g.rjust(width) for g in d["grades"]))
        for name, row in zip(d["grades"], a.matrix, strict=True):
            out.append("  " + name.ljust(width) + "".join(str(n).rjust(width) for n in row))
        out.append("")
    return "\n".join(out)


def to_csv(report: AgreementReport, headings: dict[str, str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for a in _labelled(report, headings):
        d = agreement_dict(a, headings)
        writer.writerow([safe_cell(a.title), "cases", a.cases, "percent agreement", d["percent_agreement"],
                         "weighted kappa", d["weighted_kappa"]])
        writer.writerow([safe_cell(f"{a.row_rater} \\ {a.column_rater}"), *map(safe_cell, d["grades"])])
        for name, row in zip(d["grades"], a.matrix, strict=True):
            writer.writerow([safe_cell(name), *row])
        writer.writerow([])
    return buffer.getvalue()
