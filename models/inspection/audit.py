"""Append-only, hash-chained audit log: each event's hash covers the previous one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import Session, col

from models.inspection.tables import AuditEvent, Meta

HEAD_KEY = "audit_head"

GENESIS = "0" * 64
REDACT_ACTION = "redact"  # models.inspection.redaction: texts of a final report replaced, hashes kept


def canonical(value: object) -> str:
    """Stable JSON: the same content always hashes the same."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, entity: str, entity_id: str,
               before: str, after: str) -> str:
    body = canonical([seq, at, actor, action, entity, entity_id, before, after])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record(session: Session, actor: str, action: str, entity: str, entity_id: object,
           before: object = None, after: object = None) -> None:
    """Append one event in the caller's transaction, so the change and its record commit together."""
    append(session.connection(), actor, action, entity, entity_id, before, after)


def append(connection: Connection, actor: str, action: str, entity: str, entity_id: object,
           before: object = None, after: object = None) -> None:
    """record() for a connection in a write transaction: three plain statements (it runs on every edit)."""
    cursor = connection.connection.cursor()
    last = cursor.execute(LAST_EVENT).fetchone()
    append_after(cursor, (last[0], last[1]) if last else None, actor, action, entity, entity_id, before, after)


# The newest event's seq and hash, as two scalar subqueries, for a hot path that reads them in its own SELECT
# (see append_after).
LAST_SEQ = "(SELECT seq FROM audit_event ORDER BY seq DESC LIMIT 1)"
LAST_HASH = "(SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1)"
LAST_EVENT = "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"


def append_after(cursor: Any, last: tuple[int, str] | None, actor: str, action: str, entity: str,
                 entity_id: object, before: object = None, after: object = None) -> None:
    """append() when the caller has already read the newest event (seq, hash), or None for an empty log, in
    the same write transaction: two statements, the event and the chain head."""
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = now_iso()
    before_text, after_text = canonical(before), canonical(after)
    digest = event_hash(prev, seq, at, actor, action, entity, str(entity_id), before_text, after_text)
    cursor.execute("INSERT INTO audit_event (seq, at, actor, action, entity, entity_id, before, after, prev_hash, "
                   "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (seq, at, actor, action, entity, str(entity_id), before_text, after_text, prev, digest))
    # The head is kept apart from the chain so that deleting the newest events is detected too.
    cursor.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   (HEAD_KEY, f"{seq}:{digest}"))


AuditEntry = tuple[str, str, object, object, object]  # action, entity, entity id, before, after


def append_many(connection: Connection, actor: str, entries: Iterable[AuditEntry]) -> int:
    """append() for many events of one operation (a gradings import's rows): the same chain, each event hashing
    the one before, read once, inserted by one executemany, the head written once. Returns how many."""
    cursor = connection.connection.cursor()
    last = cursor.execute(LAST_EVENT).fetchone()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS)
    at = now_iso()  # one moment: the events are written together, in one transaction
    encode, text, sha256 = _CANONICAL.encode, encode_basestring, hashlib.sha256
    head = f"{text(at)},{text(actor)}"
    rows = []
    for action, entity, entity_id, before, after in entries:
        seq += 1
        # canonical() and event_hash() inlined, with one encoder: 10,000 events are hashed here at once. The body
        # is canonical() of [seq, at, actor, action, entity, entity id, before, after], all text but seq, written
        # out as json writes such a list.
        before_text, after_text, ident = encode(before), encode(after), str(entity_id)
        body = (f"[{seq},{head},{text(action)},{text(entity)},{text(ident)},{text(before_text)},"
                f"{text(after_text)}]")
        digest = sha256(f"{prev}\n{body}".encode()).hexdigest()
        rows.append((seq, at, actor, action, entity, ident, before_text, after_text, prev, digest))
        prev = digest
    if not rows:
        return 0
    cursor.executemany("INSERT INTO audit_event (seq, at, actor, action, entity, entity_id, before, after, "
                       "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    cursor.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   (HEAD_KEY, f"{seq}:{prev}"))
    return len(rows)


# canonical()'s settings in one encoder made once (json.dumps with settings makes a new one each call)
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def payload_digest(before: str, after: str) -> str:
    """What a redaction record pins of an event's payload (before and after, as stored)."""
    return hashlib.sha256(f"{before}\n{after}".encode()).hexdigest()


def redactions(session: Session) -> dict[int, tuple[int, str]]:
    """Every redacted event a redact event vouches for: seq -> (that redact event's seq, payload digest)."""
    found: dict[int, tuple[int, str]] = {}
    for seq, after in session.execute(select(col(AuditEvent.seq), col(AuditEvent.after))
                                      .where(col(AuditEvent.action) == REDACT_ACTION)):
        try:
            for item in json.loads(after).get("events", []):
                found[int(item["seq"])] = (seq, str(item["stored"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a malformed record vouches for nothing: the events it names then fail as altered
    return found


@dataclass
class AuditVerdict:
    events: int = 0
    problems: list[str] = field(default_factory=list)
    redacted: int = 0  # events whose texts were redacted, vouched for by a later redact event

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> AuditVerdict:
    """Recompute the chain: an edited event breaks its hash, a deleted one breaks the sequence."""
    verdict = AuditVerdict()
    prev, expected_seq = GENESIS, 1
    vouched = redactions(session)
    for event in session.scalars(select(AuditEvent).order_by(col(AuditEvent.seq))):
        verdict.events += 1
        if event.seq != expected_seq:
            verdict.problems.append(f"event {expected_seq} is missing (next found is {event.seq}).")
        if event.prev_hash != prev:
            verdict.problems.append(f"event {event.seq} does not follow the event before it (chain broken).")
        recomputed = event_hash(event.prev_hash, event.seq, event.at, event.actor, event.action, event.entity,
                                event.entity_id, event.before, event.after)
        redaction = vouched.get(event.seq)
        if recomputed != event.hash and redaction is not None and redaction[0] > event.seq and \
                redaction[1] == payload_digest(event.before, event.after):
            verdict.redacted += 1  # its texts were replaced after the fact, exactly as the redact event recorded
        elif recomputed != event.hash:
            verdict.problems.append(f"event {event.seq} ({event.action} {event.entity} {event.entity_id}) was altered.")
        prev, expected_seq = event.hash, event.seq + 1
    head = session.get(Meta, HEAD_KEY)
    recorded = head.value if head else None
    actual = f"{expected_seq - 1}:{prev}" if verdict.events else None
    if recorded != actual:
        verdict.problems.append("the newest events were removed or replaced (the chain head does not match).")
    return verdict
