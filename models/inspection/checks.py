"""Checks before hand-in: the framework's rules run over an inspector's work (or the whole inspection), each
finding naming its case, so a checklist can open it. Read-only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import col

from models.errors import FieldworkError
from models.inspection import wording
from models.inspection.framework import Check, Framework
from models.inspection.services import WITHDRAWN, InspectionService
from models.inspection.tables import (
    Allocation,
    Assessment,
    Case,
    CaseQuery,
    EvidenceNote,
    Referral,
    TopicGrade,
)

OVERALL = "the case"  # {area} of a check on the overall case grade


@dataclass(frozen=True)
class Finding:
    """One check not met: on which case, whose work, and the framework's message for it."""

    kind: str
    severity: str  # "block" or "warn"
    case_ref: str
    inspector: str
    message: str

    @property
    def blocks(self) -> bool:
        return self.severity == "block"


class HandInRefused(FieldworkError):
    """Work that does not meet the framework's checks: the findings say what to put right."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


@dataclass
class _Work:
    """One inspector's assessment of one case, as the checks read it."""

    case_ref: str
    inspector: str
    grade: str | None = None
    concern: bool = False
    summary: str = ""
    notes: bool = False
    topics: dict[str, str] | None = None
    exists: bool = False


def run_checks(service: InspectionService, inspector: str | None = None) -> list[Finding]:
    """Every finding of the framework's checks, by case reference then in the framework's order of checks;
    with an inspector, only the work that is theirs (their assessments, referrals they raised, queries to them)."""
    framework = service.framework
    with service.read() as session:
        refs: dict[int, str] = {case_id: ref for case_id, ref in session.execute(select(col(Case.id), col(Case.ref)))}
        work: dict[tuple[int, str], _Work] = {}
        allocated: set[tuple[int, str]] = {
            (case_id, who) for case_id, who in session.execute(
                select(col(Allocation.case_id), col(Allocation.inspector)))}
        allocated |= {(case_id, who) for case_id, who in session.execute(
            select(col(Case.id), col(Case.allocated_to)).where(col(Case.allocated_to).is_not(None)))
            if who}
        by_assessment: dict[int, _Work] = {}
        for a in session.scalars(select(Assessment)):
            w = _Work(refs[a.case_id], a.inspector, a.grade, a.serious_concern, a.concern_summary, False, {}, True)
            work[a.case_id, a.inspector] = by_assessment[a.id or 0] = w
        for assessment_id, text in session.execute(
                select(col(EvidenceNote.assessment_id), col(EvidenceNote.text))):
            if text.strip() and assessment_id in by_assessment:
                by_assessment[assessment_id].notes = True
        for assessment_id, area, grade in session.execute(
                select(col(TopicGrade.assessment_id), col(TopicGrade.area), col(TopicGrade.grade))):
            graded = by_assessment.get(assessment_id)
            if graded is not None and graded.topics is not None:
                graded.topics[area] = grade
        for case_id, who in allocated:
            work.setdefault((case_id, who), _Work(refs[case_id], who, topics={}))
        referrals = [(refs[r.case_id], r) for r in session.scalars(
            select(Referral).where(col(Referral.status) != WITHDRAWN))]
        open_queries = [(refs[case_id], who) for case_id, who in session.execute(
            select(col(CaseQuery.case_id), col(CaseQuery.inspector)).where(
                col(CaseQuery.answered_at).is_(None), col(CaseQuery.closed_at).is_(None)))]
        allocated_refs = {(refs[case_id], who) for case_id, who in allocated}
    referred = {ref for ref, _ in referrals}
    found: dict[str, list[Finding]] = defaultdict(list)
    for order, check in enumerate(framework.checks):
        for ref, who, values in _findings(check, framework, list(work.values()), allocated_refs, referrals,
                                          open_queries, referred):
            if inspector is not None and who != inspector:
                continue
            message = wording.fill(check.message, {"case": ref, "inspector": who, **values})
            found[f"{ref}\0{order:04d}\0{who}\0{values.get('area', '')}"].append(
                Finding(check.kind, check.severity, ref, who, message))
    return [finding for key in sorted(found) for finding in found[key]]


def _findings(check: Check, framework: Framework, work: list[_Work], allocated: set[tuple[str, str]],
              referrals: list[tuple[str, Referral]], open_queries: list[tuple[str, str]],
              referred: set[str]) -> list[tuple[str, str, dict[str, str]]]:
    """(case ref, inspector, placeholder values) of every piece of work one check finds wanting."""
    graded_areas = framework.graded_areas
    out: list[tuple[str, str, dict[str, str]]] = []

    def label(grade: str) -> str:
        return framework.grade(grade).label if grade in framework.grade_keys else grade

    if check.kind == "grade-without-notes":
        for w in work:
            given = ([(OVERALL, w.grade)] if w.grade else []) + [
                (a.label, (w.topics or {})[a.key]) for a in graded_areas if a.key in (w.topics or {})]
            for area, grade in given:
                if grade in check.grades and not w.notes:
                    out.append((w.case_ref, w.inspector, {"grade": label(grade), "area": area}))
    elif check.kind == "concern-without-summary":
        out += [(w.case_ref, w.inspector, {}) for w in work if w.concern and not w.summary.strip()]
    elif check.kind == "concern-without-referral":
        out += [(w.case_ref, w.inspector, {}) for w in work if w.concern and w.case_ref not in referred]
    elif check.kind == "referral-without-reason":
        out += [(ref, r.raised_by, {}) for ref, r in referrals
                if r.reason not in framework.referral_reason_keys or not r.summary.strip()]
    elif check.kind == "query-unanswered":
        out += [(ref, who, {}) for ref, who in open_queries]
    elif check.kind == "ungraded-allocated":
        out += [(w.case_ref, w.inspector, {}) for w in work
                if (w.case_ref, w.inspector) in allocated and not _started(w, framework)]
    else:  # topic-ungraded: work begun whose graded areas are not all graded
        for w in work:
            if _started(w, framework):
                out += [(w.case_ref, w.inspector, {"area": a.label}) for a in graded_areas
                        if a.key not in (w.topics or {})]
    return out


def _started(w: _Work, framework: Framework) -> bool:
    """Whether the work carries its grade: the overall grade, or (without one) a topic grade."""
    return w.grade is not None if framework.case_grade else bool(w.topics)


def hand_in_problem(findings: list[Finding], *, accept_warnings: bool, override: str | None) -> str | None:
    """Why work with these findings may not go yet, or None: a blocking check stops it unless overridden with a
    reason; warnings must be seen and accepted."""
    blocking = [f for f in findings if f.blocks]
    warnings = [f for f in findings if not f.blocks]
    # The message names no case: it may end up on stderr or in a log, where case references do not belong.
    if blocking and not (override and override.strip()):
        return (f"{len(blocking)} check(s) stop the hand-in; put them right (fieldwork checks lists them), or "
                "override with a reason.")
    if warnings and not accept_warnings and not (override and override.strip()):
        return (f"{len(warnings)} warning(s) from the checks before hand-in; look at them (fieldwork checks) and "
                "accept them to hand in.")
    return None
