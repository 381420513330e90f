"""Agreement statistics as the one table the report documents and the report view print.

The single conversion from models.team.agreement results to `AgreementFigures`: the GUI's report view, its
export and `fieldwork tables --format pdf|docx|xlsx` all go through `agreement_figures`, so they agree.
Plain data in, plain data out; no Qt, no session.
"""

from __future__ import annotations

from collections.abc import Mapping

from exports.documents import AgreementFigures
from models.team.agreement import Agreement, AgreementReport

CAPTION = "Agreement between graders"
NOTE = ("Rows are the first rater's grades, columns the second rater's. Kappa is Cohen's kappa with "
        "quadratic weights (1 = perfect agreement, 0 = no better than chance); the strength words follow "
        "Landis and Koch (1977).")

# Landis and Koch's bands, upper bound inclusive
_STRENGTH = ((0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"),
             (1.0, "almost perfect"))


def kappa_strength(kappa: float | None) -> str:
    """Plain English for a kappa value: 'moderate', 'substantial'...; 'not defined' when there is none."""
    if kappa is None:
        return "not defined"
    for upper, word in _STRENGTH:
        if kappa <= upper + 1e-9:
            return word
    return _STRENGTH[-1][1]


def kappa_text(kappa: float | None) -> str:
    return "n/a (not defined)" if kappa is None else f"{kappa:.2f} ({kappa_strength(kappa)})"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _section(a: Agreement, headings: Mapping[str, str], width: int) -> list[tuple[str, ...]]:
    pad = ("",) * (width - 2)
    rows: list[tuple[str, ...]] = [
        (f"{a.title}: {a.row_rater} (rows) against {a.column_rater} (columns)", *("",) * (width - 1)),
    ]
    for key, counts in zip(a.grades, a.matrix, strict=True):
        rows.append((f"{a.row_rater.capitalize()}: {headings.get(key, key)}", *(str(n) for n in counts)))
    rows.append(("Cases compared", str(a.cases), *pad))
    rows.append(("Exact agreement", _percent(a.percent_agreement), *pad))
    rows.append(("Weighted kappa", kappa_text(a.weighted_kappa), *pad))
    return rows


def agreement_figures(report: AgreementReport, headings: Mapping[str, str]) -> AgreementFigures | None:
    """Both confusion matrices with their agreement and kappa; None when no case was compared at all."""
    compared = [a for a in (report.double_graded, report.self_assessed) if a.cases]
    if not compared:
        return None
    grades = compared[0].grades
    columns = ("", *(headings.get(key, key) for key in grades))
    rows: list[tuple[str, ...]] = []
    for a in compared:
        rows += _section(a, headings, len(columns))
    return AgreementFigures(CAPTION, columns, tuple(rows), NOTE)
