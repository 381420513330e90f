"""Everything the report states, counted from the settled grades. Plain data for the exports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from models.inspection.framework import Framework
from models.inspection.records import InspectionInfo
from models.inspection.tables import Case, Referral


@dataclass(frozen=True)
class TypeTally:
    """One of Tables 3-10: the inspectorate grades of every case of the case types feeding it."""

    number: int
    caption: str
    row_label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Tally:
    inspection: InspectionInfo
    framework: Framework
    self_assessed_cases: int
    force_grades: tuple[int, ...]  # Table 1, force row, in the framework's grade order
    self_assessed_grades: tuple[int, ...]  # Table 1, inspectorate row
    inspectorate_selected_cases: int
    inspectorate_selected_grades: tuple[int, ...]  # Table 2
    by_type: tuple[TypeTally, ...]
    annex: tuple[tuple[str, int], ...]  # self-assessed cases by Annex A case type label
    referred_back: int
    total: int
    graded: int
    open_moderation: int

    @property
    def provisional(self) -> bool:
        """Tables are provisional while a case is ungraded or graders still disagree."""
        return self.open_moderation > 0 or self.graded < self.total

    @property
    def grade_headings(self) -> tuple[str, ...]:
        return tuple(g.heading for g in self.framework.grades)


def compute_tally(session: Session, framework: Framework, info: InspectionInfo) -> Tally:
    """One GROUP BY over the cases and one count of referrals."""
    columns = (col(Case.sample), col(Case.case_type), col(Case.force_grade), col(Case.grade),
               col(Case.disagreement))
    rows = session.execute(select(*columns, func.count()).group_by(*columns)).all()
    referred = session.execute(select(func.count()).select_from(Referral)).scalar_one()
    keys = framework.grade_keys
    force: Counter[str] = Counter()
    sa: Counter[str] = Counter()
    isel: Counter[str] = Counter()
    per_table: dict[int, Counter[str]] = {t.number: Counter() for t in framework.tables if t.kind == "case-type"}
    annex: Counter[str] = Counter()
    table_of = {c.key: c.table for c in framework.case_types}
    total = graded = disagreements = sa_cases = is_cases = 0
    for sample, case_type, force_grade, grade, disagreement, n in rows:
        total += n
        if disagreement:
            disagreements += n
        if grade is not None:
            graded += n
        if sample == "self-assessed":
            sa_cases += n
            annex[case_type] += n
            if force_grade:
                force[force_grade] += n
            if grade:
                sa[grade] += n
        else:
            is_cases += n
            if grade:
                isel[grade] += n
        if grade and case_type in table_of:
            per_table[table_of[case_type]][grade] += n

    def counts(counter: Counter[str]) -> tuple[int, ...]:
        return tuple(counter[k] for k in keys)

    by_type = tuple(
        TypeTally(t.number, t.caption, t.row_labels[0], counts(per_table[t.number]))
        for t in framework.tables
        if t.kind == "case-type"
    )
    return Tally(
        inspection=info,
        framework=framework,
        self_assessed_cases=sa_cases,
        force_grades=counts(force),
        self_assessed_grades=counts(sa),
        inspectorate_selected_cases=is_cases,
        inspectorate_selected_grades=counts(isel),
        by_type=by_type,
        annex=tuple((c.label, annex[c.key]) for c in framework.case_types),
        referred_back=referred,
        total=total,
        graded=graded,
        open_moderation=disagreements,
    )
