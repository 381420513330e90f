"""The audit history signed by its authors.

The hash chain (models/inspection/audit.py) shows that no event was changed or removed, but anyone holding the
file's key could rewrite the whole chain and recompute every hash. So the holder of the file signs the chain head
with their Ed25519 identity key: whenever a package leaves (fieldwork, return, queries), after every merge, when
the window closes, and on request (`fieldwork sign-history`). The signature is itself an audit event, so later
events chain over it. Verification checks each signature against the cards registered in the file (the team, the
lead's card and the inspector's own card in a fieldwork copy) and names every event no registered member signed.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session, col

from models.inspection import audit
from models.inspection.services import InspectionService
from models.inspection.tables import EXCHANGE_META_PREFIX, AuditEvent, Inspection, Meta, TeamMember
from models.team.identity import Identity, IdentityCard, IdentityError, canonical
from models.untrusted import printable

ACTION = "sign-history"
# the cards an inspector's copy keeps in meta: its lead's and its owner's
CARD_KEYS = (EXCHANGE_META_PREFIX + "lead_card", EXCHANGE_META_PREFIX + "inspector_card")


def signed_message(inspection_id: str, seq: int, head: str) -> bytes:
    """What is signed: the inspection and the chain head (the newest event's number and hash) before it."""
    return canonical(["fieldwork-audit-history", inspection_id, seq, head])


def registered_cards(session: Session) -> dict[str, IdentityCard]:
    """Every card this file knows, by fingerprint: team members (revoked too: their past signatures stand) and
    the cards a fieldwork copy keeps."""
    cards = {m.fingerprint: IdentityCard(m.name, m.role, m.signing_key, m.recipient)
             for m in session.scalars(select(TeamMember))}
    for key in CARD_KEYS:
        row = session.get(Meta, key)
        if row is not None:
            try:
                card = IdentityCard.from_bytes(row.value.encode("utf-8"))
            except IdentityError:
                continue  # verification then names the events its owner signed as unverifiable
            cards[card.fingerprint] = card
    return cards


def sign_history(session: Session, identity: Identity) -> int | None:
    """Sign the chain head in the caller's transaction; returns the event number signed, or None when there is
    nothing new to sign or the identity is not registered in this file (a solo inspection has no team)."""
    fingerprint = identity.card.fingerprint
    if fingerprint not in registered_cards(session):
        return None
    newest = session.scalars(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    if newest is None or newest.action == ACTION:
        return None
    inspection = session.scalars(select(Inspection)).first()
    if inspection is None:
        return None
    signature = identity.sign(signed_message(inspection.id, newest.seq, newest.hash))
    audit.record(session, identity.name, ACTION, "audit", newest.seq, None,
                 {"seq": newest.seq, "hash": newest.hash, "signer": fingerprint,
                  "signature": base64.b64encode(signature).decode("ascii")})
    return newest.seq


@dataclass
class HistorySignatures:
    """Who signed the history, up to where, and what no registered member signed."""

    events: int = 0
    cards: int = 0  # cards registered in the file: none in a solo inspection, whose history is never signed
    signed_through: int = 0  # every event up to this number is covered by a valid signature
    signers: list[str] = field(default_factory=list)  # names, in the order they first signed
    problems: list[str] = field(default_factory=list)  # signatures that fail: the history was rewritten

    @property
    def unsigned(self) -> int:
        """Events after the newest valid signature: not yet signed (they will be at the next package or close)."""
        return self.events - self.signed_through

    @property
    def ok(self) -> bool:
        return not self.problems


def check_signatures(session: Session) -> HistorySignatures:
    """Each signature event checked against the registered cards and the chain it covers."""
    report = HistorySignatures()
    cards = registered_cards(session)
    report.cards = len(cards)
    inspection = session.scalars(select(Inspection)).first()
    hashes: dict[int, str] = {}
    for event in session.scalars(select(AuditEvent).order_by(col(AuditEvent.seq))):
        report.events += 1
        hashes[event.seq] = event.hash
        if event.action != ACTION:
            continue
        signer, problem = _signer(event, hashes, cards, inspection.id if inspection else "")
        if signer is None:
            report.problems.append(f"event {event.seq}: {problem}")
            continue
        report.signed_through = max(report.signed_through, event.seq)  # the signature event is covered too
        name = signer.name
        if name not in report.signers:
            report.signers.append(name)
    return report


def _signer(event: AuditEvent, hashes: dict[int, str], cards: dict[str, IdentityCard],
            inspection_id: str) -> tuple[IdentityCard | None, str]:
    """The card whose valid signature this event is, or None and what is wrong with it."""
    try:
        signed = json.loads(event.after)
        seq, head, signer = int(signed["seq"]), str(signed["hash"]), str(signed["signer"])
        signature = base64.b64decode(signed["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None, "a signature that cannot be read."
    card = cards.get(signer)
    if card is None:
        return None, f"signed by a card no member of this inspection holds ({printable(signer, 40)})."
    if hashes.get(seq) != head:
        return None, (f"{printable(card.name)}'s signature covers a history that has since been rewritten "
                      f"(event {seq} is not the one signed).")
    if not card.verify(signature, signed_message(inspection_id, seq, head)):
        return None, f"the signature said to be {printable(card.name)}'s does not verify: the history was rewritten."
    return card, ""


def sign_inspection(service: InspectionService, identity: Identity) -> int | None:
    """sign_history() in a transaction of its own: on closing, or on request."""
    with service.write() as session:
        return sign_history(session, identity)


def inspection_signatures(service: InspectionService) -> HistorySignatures:
    with service.read() as session:
        return check_signatures(session)
