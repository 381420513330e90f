"""Moderation: two graders disagree on a case's grade; the lead sets the agreed grade with a rationale.

A moderation item opens when a case's graders disagree (Case.disagreement, set by the settling rule) and
is withdrawn if they come to agree before the lead moderates. Moderating marks the case moderated, so the
settling rule keeps the agreed grade, and clears the disagreement, so Tally.open_moderation counts only
open items and the tables stay provisional while any remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from models.errors import ServiceError
from models.inspection import audit
from models.inspection.database import chunked
from models.inspection.services import InspectionService
from models.inspection.tables import Allocation, Assessment, Case, EvidenceNote, ModerationItem, stored_id
from models.team.allocation import SCAN_ABOVE
from models.team.identity import canonical


@dataclass(frozen=True)
class GraderView:
    inspector: str
    role: str | None  # "first" / "second" / None when not allocated
    grade: str | None
    notes: dict[str, str]
    serious_concern: bool


@dataclass(frozen=True)
class ModerationView:
    """One disagreement, side by side."""

    case_ref: str
    case_type: str
    status: str
    graders: tuple[GraderView, ...]
    agreed_grade: str | None
    rationale: str
    settled_by: str | None


def _grades(session: Session, case_id: int) -> dict[str, str | None]:
    return {a.inspector: a.grade for a in session.scalars(
        select(Assessment).where(col(Assessment.case_id) == case_id).order_by(col(Assessment.inspector)))}


def refresh_moderation(session: Session, case_ids: set[int]) -> list[str]:
    """Open, update or withdraw moderation items after grades changed; returns refs of newly opened items."""
    session.flush()
    opened: list[str] = []
    # A merge refreshes 100,000 cases: beyond SCAN_ABOVE one pass over the few items and disagreements beats
    # hundreds of IN (...) queries.
    scan = len(case_ids) > SCAN_ABOVE
    for chunk in ([sorted(case_ids)] if scan else chunked(case_ids)):
        item_query = select(ModerationItem)
        row_query = select(col(Case.id), col(Case.ref), col(Case.disagreement), col(Case.moderated))
        if scan:
            row_query = row_query.where(col(Case.disagreement) | col(Case.id).in_(select(col(ModerationItem.case_id))))
        else:
            item_query = item_query.where(col(ModerationItem.case_id).in_(chunk))
        items = {i.case_id: i for i in session.scalars(item_query) if i.case_id in case_ids}
        if not scan:
            # Only cases in disagreement, or with an item, need a look (most merged cases have neither).
            row_query = row_query.where(col(Case.id).in_(chunk), col(Case.disagreement) | col(Case.id).in_(list(items)))
        rows = [row for row in session.execute(row_query.order_by(col(Case.ref))).all() if row[0] in case_ids]
        for case_id, ref, disagreement, moderated in rows:
            item = items.get(case_id)
            if moderated:
                continue
            if disagreement:
                grades = canonical(_grades(session, case_id)).decode("utf-8")
                if item is None:
                    session.add(ModerationItem(case_id=case_id, status="open", grades=grades))
                    opened.append(ref)
                else:
                    if item.status != "open":
                        opened.append(ref)
                    item.status, item.grades = "open", grades
            elif item is not None and item.status == "open":
                item.status = "withdrawn"
    session.flush()
    return opened


def moderation_items(service: InspectionService, include_settled: bool = False) -> list[ModerationView]:
    """Open items are exactly the cases whose graders disagree (what Tally.open_moderation counts), whether
    the disagreement came from a merge or from grading on the lead's own laptop; first grader first."""
    with service.read() as session:
        items = {i.case_id: i for i in session.scalars(select(ModerationItem))}
        cases = {c.id: c for c in session.scalars(select(Case).where(
            col(Case.disagreement) | col(Case.id).in_(list(items) if include_settled else [])))}
        views = []
        for case in sorted(cases.values(), key=lambda c: c.ref):
            item = items.get(stored_id(case))
            status = "open" if case.disagreement and not case.moderated else (item.status if item else "open")
            roles: dict[str, str] = dict(session.execute(
                select(col(Allocation.inspector), col(Allocation.role))
                .where(col(Allocation.case_id) == case.id)).all())
            graders = []
            for a in session.scalars(select(Assessment).where(col(Assessment.case_id) == case.id)):
                notes = {n.area: n.text for n in session.scalars(
                    select(EvidenceNote).where(col(EvidenceNote.assessment_id) == a.id))}
                graders.append(GraderView(a.inspector, roles.get(a.inspector), a.grade, notes, a.serious_concern))
            graders.sort(key=lambda g: ({"first": 0, "second": 1}.get(g.role or "", 2), g.inspector))
            views.append(ModerationView(case.ref, case.case_type, status, tuple(graders),
                                        item.agreed_grade if item else None, item.rationale if item else "",
                                        item.settled_by if item else None))
    return views


def moderate(service: InspectionService, ref: str, grade: str, rationale: str) -> ModerationView:
    """Set the agreed inspectorate grade of a case, with the reason; audited."""
    key = service.check_grade(grade)
    if not rationale.strip():
        raise ServiceError("Moderation needs a rationale: say why this is the agreed grade.")
    with service.edit() as session:
        case = service.case_in(session, ref)
        grades = _grades(session, stored_id(case))
        if not any(grades.values()):
            raise ServiceError(f"Case '{ref}' has not been graded yet; there is nothing to moderate.")
        item = session.scalars(select(ModerationItem).where(col(ModerationItem.case_id) == case.id)).first()
        if item is None:
            item = ModerationItem(case_id=stored_id(case), grades=canonical(grades).decode("utf-8"))
            session.add(item)
        before = {"grade": case.grade, "moderated": case.moderated, "grades": grades}
        now = datetime.now(UTC)
        item.status, item.agreed_grade, item.rationale = "agreed", key, rationale.strip()
        item.settled_by, item.settled_at = service.actor, now
        case.grade, case.moderated, case.disagreement, case.updated_at = key, True, False, now
        audit.record(session, service.actor, "moderate", "case", ref, before,
                     {"grade": key, "rationale": rationale.strip()})
    return next(v for v in moderation_items(service, include_settled=True) if v.case_ref == ref)



def reopen(service: InspectionService, ref: str, reason: str = "") -> ModerationView:
    """Undo a settled moderation: the case goes back to its graders' grades, as the settling rule reads them.

    The agreed grade and rationale leave the item (the audit log keeps them, with who settled and when), the
    case is no longer moderated, and where the graders still disagree it has no grade and the item is open
    again, so the tables are provisional until the lead settles it afresh.
    """
    with service.edit() as session:
        case = service.case_in(session, ref)
        item = session.scalars(select(ModerationItem).where(col(ModerationItem.case_id) == case.id)).first()
        if item is None or item.status != "agreed" or not case.moderated:
            raise ServiceError(f"Case '{ref}' has no settled moderation to reopen.")
        before = {"grade": case.grade, "moderated": case.moderated, "agreed_grade": item.agreed_grade,
                  "rationale": item.rationale, "settled_by": item.settled_by,
                  "settled_at": item.settled_at.isoformat() if item.settled_at else None}
        grades = _grades(session, stored_id(case))
        given = {g for g in grades.values() if g}
        # the settling rule (models.inspection.settling): the graders' common grade, none while they disagree
        case.moderated, case.disagreement = False, len(given) > 1
        case.grade = next(iter(given)) if len(given) == 1 else None
        case.updated_at = datetime.now(UTC)
        item.status = "open" if case.disagreement else "withdrawn"
        item.grades = canonical(grades).decode("utf-8")
        item.agreed_grade, item.rationale, item.settled_by, item.settled_at = None, "", None, None
        audit.record(session, service.actor, "reopen-moderation", "case", ref, before,
                     {"grade": case.grade, "disagreement": case.disagreement, "status": item.status,
                      "reason": reason.strip()})
    return next(v for v in moderation_items(service, include_settled=True) if v.case_ref == ref)
