"""The team (registered identity cards) and who grades which case (allocations, blind double-grading)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlmodel import Session, col

from models.errors import ServiceError
from models.inspection import audit
from models.inspection.database import chunked
from models.inspection.services import InspectionService
from models.inspection.tables import Allocation, Case, Meta, TeamMember, stored_id
from models.team.identity import IdentityCard, check_read_aloud
from models.untrusted import printable

DRAW_SEED = "allocation.draw_seed"  # meta key: this inspection's seed for drawing second graders


@dataclass(frozen=True)
class MemberView:
    name: str
    role: str
    fingerprint: str
    revoked: bool


@dataclass(frozen=True)
class AllocationView:
    case_ref: str
    first: str | None
    second: str | None


def member_card(member: TeamMember) -> IdentityCard:
    return IdentityCard(member.name, member.role, member.signing_key, member.recipient)


def register_member(service: InspectionService, card: IdentityCard, fingerprint_read_aloud: str) -> MemberView:
    """Register a card handed over in person; the fingerprint read aloud must match the card's.

    A member whose card was revoked (a lost laptop) registers again under the same name with a new card; the
    revoked card keeps its row, so its packages stay refused and the team list shows it."""
    card.check()
    check_read_aloud(card, fingerprint_read_aloud, "the card was not registered")
    name = printable(card.name)
    with service.write() as session:
        replaced: TeamMember | None = None
        for existing in session.scalars(select(TeamMember)):
            if existing.fingerprint == card.fingerprint:
                raise ServiceError(
                    f"This card of {name} was revoked; a revoked card is never trusted again. Ask {name} for "
                    "a new identity card (made on their new laptop) and register that one."
                    if existing.revoked else f"{name}'s card ({card.fingerprint}) is already on the team.")
            if existing.name == card.name and not existing.revoked:
                raise ServiceError(
                    f"'{name}' is already on the team with another card ({existing.fingerprint}). If that "
                    f"card is lost, revoke it first (Team members ▸ Revoke, or: fieldwork team revoke FILE "
                    f"'{name}'), then register the new card.")
            if existing.name == card.name:
                replaced = existing
        session.add(TeamMember(name=card.name, role=card.role, fingerprint=card.fingerprint,
                               signing_key=card.signing_key, recipient=card.recipient,
                               registered_at=datetime.now(UTC)))
        after = {"role": card.role, "fingerprint": card.fingerprint}
        if replaced is not None:
            after["replaces"] = replaced.fingerprint  # the revoked card this one takes over from
        audit.record(session, service.actor, "register-member", "team-member", card.name, None, after)
    return MemberView(card.name, card.role, card.fingerprint, False)


def revoke_member(service: InspectionService, name: str) -> None:
    """A lost laptop: packages signed by this card are refused from now on."""
    with service.write() as session:
        member = find_member(session, name=name)
        if member is None:
            raise ServiceError(f"No team member named '{printable(name)}'.")
        if member.revoked:
            return
        member.revoked = True
        member.revoked_at = datetime.now(UTC)
        audit.record(session, service.actor, "revoke-member", "team-member", name, {"revoked": False},
                     {"revoked": True, "fingerprint": member.fingerprint})


def team(service: InspectionService) -> list[MemberView]:
    with service.read() as session:
        return [MemberView(m.name, m.role, m.fingerprint, m.revoked)
                for m in session.scalars(select(TeamMember).order_by(col(TeamMember.name), col(TeamMember.id)))]


def find_member(session: Session, *, name: str | None = None, fingerprint: str | None = None) -> TeamMember | None:
    """By fingerprint, the card with it; by name, the member's current card, else their newest revoked one."""
    query = select(TeamMember)
    if name is not None:
        query = query.where(col(TeamMember.name) == name).order_by(col(TeamMember.revoked), col(TeamMember.id).desc())
    else:
        query = query.where(col(TeamMember.fingerprint) == fingerprint)
    return session.scalars(query).first()


# -- allocation ---------------------------------------------------------------------------------------


def allocate(service: InspectionService, assignments: Mapping[str, Sequence[str]]) -> int:
    """Set the graders of each case: [first] or [first, second]. Replaces earlier allocations of those cases."""
    with service.write() as session:
        _allocate(session, service, assignments)
    return len(assignments)


def _allocate(session: Session, service: InspectionService, assignments: Mapping[str, Sequence[str]]) -> None:
    members = {m.name: m for m in session.scalars(select(TeamMember).where(col(TeamMember.revoked).is_(False)))}
    cases = {c.ref: c for c in session.scalars(select(Case))}
    for ref, graders in assignments.items():
        if ref not in cases:
            raise ServiceError(f"No case '{ref}' in this inspection; nothing was allocated.")
        if not 1 <= len(graders) <= 2 or len(set(graders)) != len(graders):
            raise ServiceError(f"Case '{ref}' needs one grader, or two different graders.")
        for name in graders:
            if name not in members:
                raise ServiceError(f"'{printable(name)}' is not a current team member; register their card first. "
                                   "Nothing was allocated.")
    ids = [stored_id(cases[ref]) for ref in assignments]
    for chunk in chunked(ids):
        session.execute(delete(Allocation).where(col(Allocation.case_id).in_(chunk)))
    for ref, graders in sorted(assignments.items()):
        case = cases[ref]
        for role, name in zip(("first", "second"), graders, strict=False):
            session.add(Allocation(case_id=stored_id(case), inspector=name, role=role))
        case.allocated_to = graders[0]
    audit.record(session, service.actor, "allocate", "allocation", f"{len(assignments)} cases", None,
                 {ref: list(g) for ref, g in sorted(assignments.items())})


SCAN_ABOVE = 5000  # beyond this many ids, one scan beats many IN (...) queries


def draw_seed(session: Session) -> str:
    """This inspection's seed for drawing second graders: made at random once and kept in the file, so every
    draw can be repeated (and checked) from the seed the audit log records."""
    row = session.get(Meta, DRAW_SEED)
    if row is None:
        row = Meta(key=DRAW_SEED, value=secrets.token_hex(16))
        session.add(row)
    return row.value


def double_graded_refs(refs: Sequence[str], share: float, seed: str) -> set[str]:
    """A random share of the cases (e.g. 0.2: a fifth), drawn with the seed.

    Each case is ranked by SHA-256 of the seed and its reference and the lowest ranks are taken: the same seed
    and cases give the same draw in any list order and on any Python version, unlike random.sample."""
    if not 0 <= share <= 1:
        raise ServiceError("The double-graded share must be between 0 and 1 (e.g. 0.2 for 20%).")
    wanted = round(len(refs) * share)
    ranked = sorted(refs, key=lambda ref: hashlib.sha256(f"{seed}\n{ref}".encode()).digest())
    return set(ranked[:wanted])


def round_robin(service: InspectionService, inspectors: Sequence[str], double_share: float = 0.0) -> int:
    """Deal the cases out in reference order; a random share of them, drawn with the inspection's seed, get the
    next inspector as blind second grader."""
    if not inspectors:
        raise ServiceError("Name at least one inspector to allocate to.")
    if double_share and len(inspectors) < 2:
        raise ServiceError("Double-grading needs at least two inspectors.")
    with service.write() as session:
        refs = list(session.scalars(select(col(Case.ref)).order_by(col(Case.ref))))
        seed = draw_seed(session)
        doubles = double_graded_refs(refs, double_share, seed)
        assignments: dict[str, list[str]] = {}
        for i, ref in enumerate(refs):
            first = inspectors[i % len(inspectors)]
            assignments[ref] = [first, inspectors[(i + 1) % len(inspectors)]] if ref in doubles else [first]
        _allocate(session, service, assignments)
        if doubles:
            audit.record(session, service.actor, "draw-second-graders", "allocation", f"{len(doubles)} cases", None,
                         {"seed": seed, "share": double_share, "cases": sorted(doubles)})
    return len(assignments)


def by_case_type(service: InspectionService, mapping: dict[str, str]) -> int:
    """Allocate every case of a case type to one inspector (case type given by key or label)."""
    keys: dict[str, str] = {}
    for text, name in mapping.items():
        key = service.framework.match_case_type(text)
        if key is None:
            raise ServiceError(f"Unknown case type '{text}'.")
        keys[key] = name
    assignments = {c.ref: [keys[c.case_type]] for c in service.cases() if c.case_type in keys}
    return allocate(service, assignments)


def allocations(service: InspectionService) -> list[AllocationView]:
    with service.read() as session:
        found: dict[str, dict[str, str]] = {}
        for ref, name, role in session.execute(
                select(col(Case.ref), col(Allocation.inspector), col(Allocation.role))
                .join(Case, col(Case.id) == col(Allocation.case_id))):
            found.setdefault(ref, {})[role] = name
    return [AllocationView(ref, roles.get("first"), roles.get("second")) for ref, roles in sorted(found.items())]
