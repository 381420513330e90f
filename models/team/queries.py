"""The lead's queries on an inspector's work, and the inspector's answers, carried by packages both ways.

A query has one id in every file. The lead owns the question (its text, "please re-grade") and its closing; the
inspector owns the answer. Each side merges what the other sends field by field: the lead's fields come only
from the lead, and of two answers the later one (then the greater text) stands, so packages merge in any order
and a package merged twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from models.errors import ServiceError
from models.inspection import audit
from models.inspection.records import QueryView
from models.inspection.services import InspectionService
from models.inspection.tables import Allocation, Assessment, Case, CaseQuery, stored_id

QUERY_FIELDS = ("id", "case_ref", "inspector", "text", "regrade", "raised_by", "raised_at", "answer", "answered_by",
                "answered_at", "closed_by", "closed_at")
ANSWER_FIELDS = ("id", "answer", "answered_by", "answered_at")
MAX_QUERY_CHARS = 20_000


def _view(query: CaseQuery, ref: str) -> QueryView:
    return QueryView(query.id, ref, query.inspector, query.text, query.regrade, query.raised_by, query.raised_at,
                     query.answer, query.answered_by, query.answered_at, query.closed_by, query.closed_at)


def _text(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise ServiceError(f"The {what} is empty.")
    if len(text) > MAX_QUERY_CHARS:
        raise ServiceError(f"The {what} is longer than {MAX_QUERY_CHARS} characters.")
    return text


def _lead_only(service: InspectionService, doing: str) -> None:
    owner = service.fieldwork_owner()
    if owner is not None:
        raise ServiceError(f"This is {owner}'s copy of the inspection: only the lead {doing}.")


def _graders(session: Session, case: Case) -> list[str]:
    """Whose work on the case a query can address: its allocated graders, else those who graded it."""
    allocated = list(session.scalars(select(col(Allocation.inspector)).where(col(Allocation.case_id) == case.id)
                                     .order_by(col(Allocation.role), col(Allocation.inspector))))
    if allocated:
        return allocated
    return list(session.scalars(select(col(Assessment.inspector)).where(col(Assessment.case_id) == case.id)
                                .order_by(col(Assessment.inspector))))


def _pending(session: Session, case: Case, inspector: str | None) -> CaseQuery:
    """The query on the case not yet closed (to inspector, when named); a ServiceError when there is none or
    more than one."""
    statement = select(CaseQuery).where(col(CaseQuery.case_id) == case.id, col(CaseQuery.closed_at).is_(None))
    if inspector:
        statement = statement.where(col(CaseQuery.inspector) == inspector)
    found = list(session.scalars(statement))
    if not found:
        to = f" to {inspector}" if inspector else ""
        raise ServiceError(f"Case '{case.ref}' has no open query{to}.")
    if len(found) > 1:
        raise ServiceError(f"Case '{case.ref}' has queries to {', '.join(q.inspector for q in found)}; "
                           "name the inspector.")
    return found[0]


def raise_query(service: InspectionService, ref: str, text: str, *, inspector: str | None = None,
                regrade: bool = False) -> QueryView:
    """The lead asks an inspector about their work on a case; it travels in the next package to them."""
    _lead_only(service, "raises queries")
    text = _text(text, "query")
    with service.edit() as session:
        case = service.case_in(session, ref)
        graders = _graders(session, case)
        if inspector is None:
            if len(graders) != 1:
                raise ServiceError(f"Name the inspector the query on case '{ref}' is for"
                                   + (f" ({', '.join(graders)})." if graders else "; nobody has graded it yet."))
            inspector = graders[0]
        elif inspector not in graders:
            raise ServiceError(f"{inspector} has no work on case '{ref}' to query"
                               + (f"; its graders: {', '.join(graders)}." if graders else "."))
        if session.scalars(select(CaseQuery).where(col(CaseQuery.case_id) == case.id,
                                                   col(CaseQuery.inspector) == inspector,
                                                   col(CaseQuery.closed_at).is_(None))).first():
            raise ServiceError(f"Case '{ref}' already has an open query to {inspector}; close it first.")
        query = CaseQuery(id=str(uuid.uuid4()), case_id=stored_id(case), inspector=inspector, text=text,
                          regrade=regrade, raised_by=service.actor, raised_at=audit.now_iso())
        session.add(query)
        audit.record(session, service.actor, "raise-query", "query", query.id, None,
                     {"case": ref, "inspector": inspector, "text": text, "regrade": regrade})
        return _view(query, ref)


def answer_query(service: InspectionService, ref: str, text: str, *, inspector: str | None = None) -> QueryView:
    """The inspector answers the lead's query on a case (again, to change the answer); it goes back in the next
    return package."""
    text = _text(text, "answer")
    with service.write() as session:
        case = service.case_in(session, ref)
        query = _pending(session, case, inspector or service.fieldwork_owner())
        before = {"answer": query.answer, "answered_at": query.answered_at}
        # in an inspector's copy the answer is the copy owner's, whatever name the laptop's user goes by
        query.answer, query.answered_by, query.answered_at = (text, service.fieldwork_owner() or service.actor,
                                                              audit.now_iso())
        audit.record(session, service.actor, "answer-query", "query", query.id, before,
                     {"case": ref, "answer": text, "answered_at": query.answered_at})
        return _view(query, ref)


def close_query(service: InspectionService, ref: str, *, inspector: str | None = None) -> QueryView:
    """The lead is content with the answer (or withdraws the question): the query is closed."""
    _lead_only(service, "closes queries")
    with service.write() as session:
        case = service.case_in(session, ref)
        query = _pending(session, case, inspector)
        query.closed_by, query.closed_at = service.actor, audit.now_iso()
        audit.record(session, service.actor, "close-query", "query", query.id, None,
                     {"case": ref, "inspector": query.inspector, "answered": bool(query.answered_at)})
        return _view(query, ref)


def queries(service: InspectionService, *, include_closed: bool = True, ref: str | None = None) -> list[QueryView]:
    """Every query (or every query on one case), by case reference then when it was raised."""
    statement = select(CaseQuery, col(Case.ref)).join(Case, col(Case.id) == col(CaseQuery.case_id))
    if ref is not None:
        statement = statement.where(col(Case.ref) == ref)
    with service.read() as session:
        rows = session.execute(statement.order_by(col(Case.ref), col(CaseQuery.raised_at))).all()
        views = [_view(query, ref) for query, ref in rows]
    return views if include_closed else [v for v in views if v.status != "closed"]


# -- carried by packages -------------------------------------------------------------------------------------


def queries_for(session: Session, inspector: str) -> list[dict[str, Any]]:
    """Lead to inspector: every query on that inspector's work, closed ones too (so the copy sees them closed)."""
    rows = session.execute(select(CaseQuery, col(Case.ref)).join(Case, col(Case.id) == col(CaseQuery.case_id))
                           .where(col(CaseQuery.inspector) == inspector).order_by(col(CaseQuery.id))).all()
    return [{name: (ref if name == "case_ref" else getattr(query, name)) for name in QUERY_FIELDS}
            for query, ref in rows]


def answers_of(session: Session, inspector: str) -> list[dict[str, Any]]:
    """Inspector to lead: this inspector's answers, whole each time (a later one replaces an earlier one)."""
    rows = session.scalars(select(CaseQuery).where(col(CaseQuery.inspector) == inspector,
                                                   col(CaseQuery.answered_at).is_not(None))
                           .order_by(col(CaseQuery.id)))
    return [{name: getattr(query, name) for name in ANSWER_FIELDS} for query in rows]


def check_queries(items: object, inspector: str, refs: Iterable[str]) -> list[dict[str, Any]]:
    """Lead's queries as a package carries them, checked; raises ValueError on anything malformed."""
    known = set(refs)
    if not isinstance(items, list):
        raise ValueError("queries")
    for item in items:
        if not isinstance(item, dict) or set(item) != set(QUERY_FIELDS):
            raise ValueError("query")
        if item["inspector"] != inspector or item["case_ref"] not in known or not isinstance(item["regrade"], bool):
            raise ValueError("query")
        for name in ("id", "case_ref", "inspector", "text", "raised_by", "raised_at", "answer"):
            if not isinstance(item[name], str):
                raise ValueError("query")
        for name in ("answered_by", "answered_at", "closed_by", "closed_at"):
            if item[name] is not None and not isinstance(item[name], str):
                raise ValueError("query")
        uuid.UUID(item["id"])
    return items


def check_answers(items: object) -> list[dict[str, Any]]:
    """Answers as a return package carries them; raises ValueError on anything malformed."""
    if not isinstance(items, list):
        raise ValueError("answers")
    for item in items:
        if not isinstance(item, dict) or set(item) != set(ANSWER_FIELDS) or not all(
                isinstance(item[name], str) for name in ANSWER_FIELDS) or len(item["answer"]) > MAX_QUERY_CHARS:
            raise ValueError("answer")
        uuid.UUID(item["id"])
    return items


def _later(answer: Mapping[str, Any], query: CaseQuery) -> bool:
    """Whether an answer is newer than the one kept: by its time, then by its text, so any order agrees."""
    return (answer["answered_at"], answer["answer"]) > (query.answered_at or "", query.answer)


def apply_lead_queries(session: Session, items: list[dict[str, Any]], actor: str) -> int:
    """In the inspector's copy: the lead's queries as they stand; a local answer stays unless the lead's copy holds
    a later one. Returns how many queries changed; each change is audited."""
    case_ids = dict(session.execute(select(col(Case.ref), col(Case.id))).all())
    changed = 0
    for item in items:
        query = session.get(CaseQuery, item["id"])
        if query is None:
            query = CaseQuery(id=item["id"], case_id=case_ids[item["case_ref"]], inspector=item["inspector"],
                              text=item["text"], regrade=item["regrade"], raised_by=item["raised_by"],
                              raised_at=item["raised_at"])
            session.add(query)
            before: dict[str, object] | None = None
        else:
            before = {"text": query.text, "closed_at": query.closed_at}
        lead = (item["text"], item["regrade"], item["closed_by"], item["closed_at"])
        answer_newer = item["answered_at"] is not None and _later(item, query)
        if before is not None and lead == (query.text, query.regrade, query.closed_by, query.closed_at) \
                and not answer_newer:
            continue
        query.text, query.regrade, query.closed_by, query.closed_at = lead
        if answer_newer:
            query.answer, query.answered_by, query.answered_at = (item["answer"], item["answered_by"],
                                                                  item["answered_at"])
        audit.record(session, actor, "receive-query", "query", query.id, before,
                     {"case": item["case_ref"], "text": query.text, "regrade": query.regrade,
                      "closed_at": query.closed_at})
        changed += 1
    session.flush()
    return changed


def apply_answers(session: Session, items: list[dict[str, Any]], sender: str, actor: str) -> list[str]:
    """On the lead's file: an inspector's answers, each kept if it is later than the one held; returns the ids of
    the queries whose answer changed (audited). An answer to a query the lead never sent that inspector raises
    ValueError."""
    changed = []
    for item in sorted(items, key=lambda i: (i["id"], i["answered_at"], i["answer"])):
        query = session.get(CaseQuery, item["id"])
        if query is None or query.inspector != sender:
            raise ValueError(f"an answer to a query never sent to {sender}")
        if not _later(item, query):
            continue
        before = {"answer": query.answer, "answered_at": query.answered_at}
        query.answer, query.answered_by, query.answered_at = item["answer"], item["answered_by"], item["answered_at"]
        audit.record(session, actor, "merge-query-answer", "query", query.id, before,
                     {"answer": query.answer, "answered_by": query.answered_by, "answered_at": query.answered_at})
        changed.append(query.id)
    session.flush()
    return changed
