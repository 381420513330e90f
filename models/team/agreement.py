"""How far graders agree: percentage agreement and quadratic-weighted Cohen's kappa.

- Double-graded cases: first grader against (blind) second grader, on their own grades (before moderation).
- Self-assessed cases: the force's grade against the inspectorate's settled grade (the reference's Table 1).

Quadratic weights: w(i, j) = 1 - (i - j)^2 / (k - 1)^2 over the framework's k ordered grades;
kappa = (p_o - p_e) / (1 - p_e), with observed and chance-expected weighted agreement p_o and p_e.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import col

from models.inspection.services import InspectionService
from models.inspection.tables import Allocation, Assessment, Case


@dataclass(frozen=True)
class Agreement:
    title: str
    row_rater: str
    column_rater: str
    grades: tuple[str, ...]  # grade keys, in the framework's order (best first)
    matrix: tuple[tuple[int, ...], ...]  # matrix[i][j]: row rater gave grades[i], column rater grades[j]
    cases: int
    percent_agreement: float | None  # exact agreement, 0-100
    weighted_kappa: float | None  # None when undefined (no cases, or chance agreement is already total)


@dataclass(frozen=True)
class AgreementReport:
    double_graded: Agreement
    self_assessed: Agreement


def confusion_matrix(pairs: Iterable[tuple[str, str]], grades: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    index = {g: i for i, g in enumerate(grades)}
    counts = [[0] * len(grades) for _ in grades]
    for a, b in pairs:
        counts[index[a]][index[b]] += 1
    return tuple(tuple(row) for row in counts)


def percent_agreement(matrix: Sequence[Sequence[int]]) -> float | None:
    n = sum(map(sum, matrix))
    return None if n == 0 else 100.0 * sum(matrix[i][i] for i in range(len(matrix))) / n


def quadratic_weighted_kappa(matrix: Sequence[Sequence[int]]) -> float | None:
    k = len(matrix)
    n = sum(map(sum, matrix))
    if n == 0 or k < 2:
        return None
    rows = [sum(r) for r in matrix]
    cols = [sum(matrix[i][j] for i in range(k)) for j in range(k)]
    observed = expected = 0.0
    for i in range(k):
        for j in range(k):
            weight = 1.0 - (i - j) ** 2 / (k - 1) ** 2
            observed += weight * matrix[i][j] / n
            expected += weight * rows[i] * cols[j] / (n * n)
    if abs(1.0 - expected) < 1e-12:
        return None
    return (observed - expected) / (1.0 - expected)


def agreement(title: str, row_rater: str, column_rater: str, pairs: Sequence[tuple[str, str]],
              grades: Sequence[str]) -> Agreement:
    matrix = confusion_matrix(pairs, grades)
    return Agreement(title, row_rater, column_rater, tuple(grades), matrix, len(pairs), percent_agreement(matrix),
                     quadratic_weighted_kappa(matrix))


def agreement_report(service: InspectionService) -> AgreementReport:
    grades = service.framework.grade_keys
    with service.read() as session:
        roles = {(case_id, name): role for case_id, name, role in session.execute(
            select(col(Allocation.case_id), col(Allocation.inspector), col(Allocation.role)))}
        by_case: dict[int, list[tuple[str, str, str]]] = {}
        for case_id, name, grade in session.execute(
                select(col(Assessment.case_id), col(Assessment.inspector), col(Assessment.grade))
                .where(col(Assessment.grade).is_not(None))):
            # first grader before second; unallocated graders after, by name
            order = {"first": "0", "second": "1"}.get(roles.get((case_id, name), ""), "2")
            by_case.setdefault(case_id, []).append((order + name, name, grade))
        double = []
        for case_id in sorted(by_case):
            graders = sorted(by_case[case_id])
            if len(graders) >= 2:
                double.append((graders[0][2], graders[1][2]))
        self_assessed = [(force, grade) for force, grade in session.execute(
            select(col(Case.force_grade), col(Case.grade))
            .where(col(Case.sample) == "self-assessed", col(Case.force_grade).is_not(None),
                   col(Case.grade).is_not(None)).order_by(col(Case.ref)))]
    return AgreementReport(
        agreement("Double-graded cases", "first grader", "second grader", double, grades),
        agreement("Self-assessed cases", "force", "inspectorate", self_assessed, grades),
    )
