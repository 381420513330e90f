"""Referral-back letters in the register: recording that a letter went, and a referral's history."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import col

from models.errors import ServiceError
from models.inspection import audit
from models.inspection.services import WITHDRAWN, InspectionService
from models.inspection.tables import AuditEvent, Case, Referral

LETTER_SENT = "letter-sent"


@dataclass(frozen=True)
class ReferralEvent:
    """One entry of a referral's history, read from the audit log."""

    at: str
    actor: str
    action: str
    detail: str


def mark_letters_sent(service: InspectionService, refs: Sequence[str], sent_on: date, due_on: date,
                      sender: str = "") -> None:
    """Record "letter sent" on each referral, with the day it went and the day the answer is due, audited, all
    in one transaction (every one or none)."""
    with service.write() as session:
        for ref in refs:
            case = session.scalars(select(Case).where(col(Case.ref) == ref)).first()
            referral = None if case is None else session.scalars(
                select(Referral).where(col(Referral.case_id) == case.id)).first()
            if referral is None:
                raise ServiceError(f"Case '{ref}' has not been referred back.")
            if referral.status == WITHDRAWN:
                raise ServiceError(f"The referral of case '{ref}' was withdrawn; no letter goes for it.")
            before = {"status": referral.status, "sent_on": referral.letter_sent_on, "due_on": referral.due_on}
            # A letter re-sent after the force answered must not move the referral back to "letter sent".
            if referral.status == "raised":
                referral.status = LETTER_SENT
            referral.letter_sent_on, referral.due_on = sent_on.isoformat(), due_on.isoformat()
            referral.updated_at = datetime.now(UTC)
            after = {"status": referral.status, "sent_on": sent_on.isoformat(), "due_on": due_on.isoformat()}
            if sender:
                after["signed_by"] = sender
            audit.record(session, service.actor, "send-letter", "referral", ref, before["status"], after)


def _describe(value: str) -> str:
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if data is None:
        return ""
    if isinstance(data, dict):
        return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in data.items() if v not in (None, ""))
    return str(data)


def referral_history(service: InspectionService, ref: str) -> tuple[ReferralEvent, ...]:
    """Every audited change to the case's referral, oldest first."""
    with service.read() as session:
        events = session.scalars(
            select(AuditEvent).where(col(AuditEvent.entity) == "referral", col(AuditEvent.entity_id) == ref)
            .order_by(col(AuditEvent.seq))
        ).all()
        return tuple(ReferralEvent(e.at[:19].replace("T", " "), e.actor, e.action.replace("-", " "),
                                   _describe(e.after)) for e in events)
