"""Follow-up inspections: what a follow-up keeps of the inspection it follows, and the two compared.

A follow-up keeps only the earlier inspection's identity and its settled counts (never a case), taken when the
follow-up is made. The comparison is made only on one grade scale: the same grade keys in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.inspection.records import FollowUpBasis
from models.inspection.tally import Tally

if TYPE_CHECKING:
    from models.inspection.services import InspectionService

ALL_CASES = "All cases"


def basis_of(service: InspectionService) -> FollowUpBasis:
    """The counts a follow-up keeps of this inspection: its settled overall grades, over all and per case type."""
    tally = service.tally()
    info, framework = tally.inspection, tally.framework
    return FollowUpBasis(info.id, info.force_name, framework.key, framework.name, info.year, framework.grade_keys,
                         tuple(g.label for g in framework.grades), tally.total, tally.examined_grades,
                         tally.by_case_type, tally.referred_back, tally.provisional)


def percent(n: int, total: int) -> int:
    """A whole percentage, halves rounded up as reports print them; 0 of nothing is 0."""
    return (200 * n + total) // (2 * total) if total else 0


@dataclass(frozen=True)
class Share:
    """One group's settled grades at one time: how many, and each grade's count and percentage of them."""

    graded: int
    counts: tuple[int, ...]

    @property
    def percents(self) -> tuple[int, ...]:
        return tuple(percent(n, self.graded) for n in self.counts)


@dataclass(frozen=True)
class ComparisonRow:
    group: str  # "All cases", or a case type's label
    then: Share
    now: Share


@dataclass(frozen=True)
class Comparison:
    """The follow-up against the inspection it follows; rows only when both use one grade scale."""

    basis: FollowUpBasis
    comparable: bool
    rows: tuple[ComparisonRow, ...]

    @property
    def other_scale(self) -> str:
        """Why nothing is compared, in plain words."""
        return (f"The {self.basis.year} inspection ({self.basis.framework_name}) graded cases as "
                f"{', '.join(self.basis.grade_labels)}: another grade scale, so its grades are not compared with "
                "these.")


def _share(counts: tuple[int, ...]) -> Share:
    return Share(sum(counts), counts)


def compare(tally: Tally) -> Comparison | None:
    """The comparison a follow-up's report shows; None for an inspection that follows none."""
    basis = tally.inspection.follows
    if basis is None:
        return None
    framework = tally.framework
    if basis.grade_keys != framework.grade_keys or not framework.case_grade:
        return Comparison(basis, False, ())
    then_by_type = dict(basis.by_case_type)
    now_by_type = dict(tally.by_case_type)
    zero = tuple(0 for _ in framework.grade_keys)
    rows = [ComparisonRow(ALL_CASES, _share(basis.grades), _share(tally.examined_grades))]
    for case_type in framework.case_types:
        then, now = then_by_type.get(case_type.key, zero), now_by_type.get(case_type.key, zero)
        if sum(then) or sum(now):  # a type neither inspection graded says nothing
            rows.append(ComparisonRow(case_type.label, _share(then), _share(now)))
    return Comparison(basis, True, tuple(rows))


def comparison_counts(tally: Tally) -> dict[str, int | str]:
    """The counts and words a framework's sentences may use about the inspection followed (0 and "" for none)."""
    found = compare(tally)
    values: dict[str, int | str] = {
        "follows": 0, "compared": 0, "then_year": "", "then_force": "", "then_examined": 0, "then_graded": 0,
        "then_positive": 0, "then_negative": 0, "then_referred": 0, "positive_percent": 0, "negative_percent": 0,
        "then_positive_percent": 0, "then_negative_percent": 0}
    if found is None:
        return values
    basis = found.basis
    values.update(follows=1, then_year=basis.year, then_force=basis.force_name, then_examined=basis.examined,
                  then_referred=basis.referred)
    if not found.comparable:
        return values
    positive = tuple(g.positive for g in tally.framework.grades)
    overall = found.rows[0]
    for prefix, share in (("then_", overall.then), ("", overall.now)):
        good = sum(n for n, p in zip(share.counts, positive, strict=True) if p)
        values[f"{prefix}positive_percent"] = percent(good, share.graded)
        # the complement, so that the two always add up to 100
        values[f"{prefix}negative_percent"] = 100 - percent(good, share.graded) if share.graded else 0
        if prefix:
            values.update(then_graded=share.graded, then_positive=good, then_negative=share.graded - good)
    values["compared"] = 1
    return values
