"""Finishing an inspection: once its report is final, the lead's file can keep only what the report and the
audit need. Evidence notes, concern texts and query texts are replaced by a marker, everywhere the file holds
them (the tables, the audit events that carried them, the merge records), with a SHA-256 of each kept.

The audit chain stays verifiable: a redacted event keeps its hash and its place in the chain, and the one
`redact` event appended after it (itself an ordinary chained event) records, for each event it changed, a
digest of the original payload and of the redacted one. models.inspection.audit.verify accepts an event whose
recomputed hash no longer matches only when such a record names it and its stored payload is exactly the one
recorded; anyone holding the original text can recompute the original hash. See docs/decisions.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from models.errors import ServiceError
from models.inspection import audit
from models.inspection.database import audit_guard
from models.inspection.tables import (
    FINAL_KEY,
    Assessment,
    AuditEvent,
    Case,
    CaseQuery,
    EvidenceNote,
    IssuedPackage,
    MergeConflict,
    Meta,
    ReceivedPackage,
    Referral,
)

MARKER = "[redacted]"
ACTION = audit.REDACT_ACTION
# keys of audit payloads that carry a concern summary or a query's text or answer
TEXT_KEYS = frozenset({"summary", "concern_summary", "text", "answer"})
NOTE_ACTIONS = frozenset({"set-note"})  # events whose whole payload is a note's text


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RedactionResult:
    texts: int  # texts replaced in the tables (notes, concern summaries, referral summaries, queries)
    events: int  # audit events whose payload was redacted
    merge_records: int  # archived packages and merge records redacted


def _scrub(value: Any) -> Any:
    """A payload with every text under TEXT_KEYS replaced by the marker (nested dicts and lists too)."""
    if isinstance(value, dict):
        return {k: (MARKER if k in TEXT_KEYS and isinstance(v, str) and v else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _scrub_field(key: str, value: Any) -> Any:
    """A merged field's value (models.team.exchange keys: [kind, ref, inspector, area?]) without its text."""
    try:
        kind = json.loads(key)[0]
    except (ValueError, IndexError, KeyError, TypeError):
        return value
    if kind == "note" and isinstance(value, str) and value:
        return MARKER
    if kind == "concern" and isinstance(value, list) and len(value) == 2 and isinstance(value[1], str) and value[1]:
        return [value[0], MARKER]
    if kind == "referral" and isinstance(value, dict):
        return _scrub(value)
    return value


def _scrub_event(event: AuditEvent) -> tuple[Any, Any]:
    before, after = json.loads(event.before), json.loads(event.after)
    if event.action in NOTE_ACTIONS:
        return (MARKER if isinstance(before, str) and before else before,
                MARKER if isinstance(after, str) and after else after)
    if event.entity == "field":  # a merge conflict resolved: the field's value before and the one kept
        return _scrub_field(event.entity_id, before), _scrub_field(event.entity_id, after)
    return _scrub(before), _scrub(after)


def _scrub_values(values_json: str) -> str:
    values: dict[str, Any] = json.loads(values_json)
    return audit.canonical({k: _scrub_field(k, v) for k, v in values.items()})


def redact(session: Session, actor: str, inspection_id: str) -> RedactionResult:
    """Redact the texts of a final inspection in the caller's transaction; audited with the hashes kept."""
    if session.get(Meta, FINAL_KEY) is None:
        raise ServiceError("Only a report marked final can be redacted (fieldwork final FILE). Nothing was changed.")
    texts: list[dict[str, str]] = []

    def keep(what: str, where: str, text: str) -> str:
        texts.append({"what": what, "where": where, "sha256": sha256(text)})
        return MARKER

    refs: dict[int | None, str] = {case_id: ref for case_id, ref in session.execute(select(col(Case.id), col(Case.ref)))}
    assessments = {a.id: a for a in session.scalars(select(Assessment))}
    for note in session.scalars(select(EvidenceNote).order_by(col(EvidenceNote.id))):
        if note.text and note.text != MARKER:
            owner = assessments[note.assessment_id]
            note.text = keep("evidence note", f"{refs[owner.case_id]}/{owner.inspector}/{note.area}", note.text)
    for a in sorted(assessments.values(), key=lambda a: a.id or 0):
        if a.concern_summary and a.concern_summary != MARKER:
            a.concern_summary = keep("concern summary", f"{refs[a.case_id]}/{a.inspector}", a.concern_summary)
    for referral in session.scalars(select(Referral).order_by(col(Referral.id))):
        if referral.summary and referral.summary != MARKER:
            referral.summary = keep("referral summary", refs[referral.case_id], referral.summary)
    for query in session.scalars(select(CaseQuery).order_by(col(CaseQuery.id))):
        if query.text and query.text != MARKER:
            query.text = keep("query", f"{refs[query.case_id]}/{query.id}", query.text)
        if query.answer and query.answer != MARKER:
            query.answer = keep("query answer", f"{refs[query.case_id]}/{query.id}", query.answer)

    # Merge records: the values each package carried (and the bases handed out) hold notes and summaries too.
    merge_records = 0
    for issued in session.scalars(select(IssuedPackage)):
        merge_records += _replace(issued, "base", _scrub_values)
    for received in session.scalars(select(ReceivedPackage)):
        merge_records += _replace(received, "values_json", _scrub_values)
        if received.archive:  # still encrypted, but to the lead, who can open it: the package goes, its hash stays
            received.archive, merge_records = b"", merge_records + 1
    for conflict in session.scalars(select(MergeConflict)):
        key = conflict.field_key

        def one(stored: str, key: str = key) -> str:
            return audit.canonical(_scrub_field(key, json.loads(stored)))

        def each(stored: str, key: str = key) -> str:
            return audit.canonical({copy: _scrub_field(key, v) for copy, v in json.loads(stored).items()})

        merge_records += _replace(conflict, "base", one) + _replace(conflict, "candidates", each)
        if conflict.chosen is not None:
            merge_records += _replace(conflict, "chosen", one)
    session.flush()

    events = _redact_events(session)
    if not (texts or events or merge_records):
        return RedactionResult(0, 0, 0)  # redacted before: nothing left to record
    audit.record(session, actor, ACTION, "inspection", inspection_id, None,
                 {"marker": MARKER, "texts": texts, "events": events, "merge_records": merge_records})
    return RedactionResult(len(texts), len(events), merge_records)


def _replace(row: Any, name: str, scrub: Callable[[str], str]) -> int:
    old = getattr(row, name)
    new = scrub(old)
    if new == old or json.loads(new) == json.loads(old):
        return 0
    setattr(row, name, new)
    return 1


def _redact_events(session: Session) -> list[dict[str, Any]]:
    """Rewrite the payloads of the events that carried texts, keeping their hashes; returns their records.

    The triggers that keep audit events append-only are lifted for this one statement and put back in the same
    transaction: no other code path may rewrite an event."""
    records: list[dict[str, Any]] = []
    changed: list[tuple[int, str, str]] = []
    for event in session.scalars(select(AuditEvent).order_by(col(AuditEvent.seq))):
        before, after = _scrub_event(event)
        if (before, after) == (json.loads(event.before), json.loads(event.after)):
            continue
        before_text, after_text = audit.canonical(before), audit.canonical(after)
        records.append({"seq": event.seq, "original": audit.payload_digest(event.before, event.after),
                        "stored": audit.payload_digest(before_text, after_text)})
        changed.append((event.seq, before_text, after_text))
    session.expunge_all()  # the events are rewritten below in plain SQL; the ORM must not flush stale copies
    if changed:
        cursor = session.connection().connection.cursor()
        cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        cursor.executemany("UPDATE audit_event SET before = ?, after = ? WHERE seq = ?",
                           [(b, a, seq) for seq, b, a in changed])
        cursor.execute(audit_guard("UPDATE"))  # the same guard the schema installs
    return records
