"""Fieldwork packages (lead -> inspector) and return packages (inspector -> lead).

An inspector's work is described as *fields*, each with a JSON value, so that a return carries only
what changed since the base and the lead can merge it three-way:

    ["grade", ref, inspector]          -> grade key or null
    ["concern", ref, inspector]        -> [serious concern?, summary]
    ["note", ref, inspector, area]     -> text ("" = no note)
    ["topic", ref, inspector, area]    -> grade key of a graded area, or null
    ["referral", ref, inspector]       -> {"reason", "summary", "raised_on"} or null ("reason" "" when not given)
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from models.bounds import iso_day
from models.errors import FieldworkError, ServiceError
from models.inspection import audit
from models.inspection.checks import HandInRefused, hand_in_problem, run_checks
from models.inspection.database import InspectionDatabase, bulk_insert, chunked, stored_time
from models.inspection.framework import Framework, parse_framework
from models.inspection.services import InspectionService
from models.inspection.settling import settle_many
from models.inspection.tables import (
    EXCHANGE_META_PREFIX,
    Allocation,
    Assessment,
    AuditEvent,
    Case,
    EvidenceNote,
    Inspection,
    IssuedPackage,
    Meta,
    Referral,
    TeamMember,
    TopicGrade,
    core_table,
)
from models.team.allocation import SCAN_ABOVE, find_member, member_card
from models.team.field_rows import FieldRows, write_rows
from models.team.identity import Identity, IdentityCard, IdentityError, canonical
from models.team.packages import PackageRefused, admit, seal, unseal
from models.team.queries import answers_of, apply_lead_queries, check_queries, queries_for
from models.team.signatures import sign_history
from models.untrusted import printable

FIELD_KINDS = ("grade", "concern", "note", "topic", "referral")
AREA_KINDS = ("note", "topic")  # fields that belong to one assessment area
DEFAULTS: dict[str, object] = {"grade": None, "concern": [False, ""], "note": "", "topic": None, "referral": None}
META_PREFIX = EXCHANGE_META_PREFIX

FieldKey = str  # canonical JSON of the list above
Deliver = Callable[[bytes], None]  # writes a sealed package (to the USB stick); raising undoes the export
Values = dict[FieldKey, object]


def all_case_ids(session: Session) -> dict[str, int]:
    """Every case's id by reference, read on the driver (a merge maps 100,000 references at once)."""
    cursor = session.connection().connection.cursor()
    return dict(cursor.execute("SELECT ref, id FROM case_file").fetchall())


def field_key(kind: str, ref: str, inspector: str, area: str | None = None) -> FieldKey:
    parts = [kind, ref, inspector] + ([area] if area is not None else [])
    return json.dumps(parts, separators=(",", ":"), ensure_ascii=False)


_KEY_DECODER = json.JSONDecoder()


def parse_key(key: FieldKey) -> tuple[str, str, str, str | None]:
    """(kind, ref, inspector, area); raises ValueError on anything malformed.

    A key is written compactly (field_key): whitespace in or around it, an escape field_key would not write, or
    anything after it is refused. Nearly every key is read by one pattern match (_plain_parts; a merge reads
    100,000 keys); the others are decoded in full."""
    return _plain_parts(key) or _decoded_parts(key)


def _decoded_parts(key: FieldKey) -> tuple[str, str, str, str | None]:
    """parse_key for any key, with the decoder's raw_decode (a third of the cost of json.loads)."""
    try:
        parts, end = _KEY_DECODER.raw_decode(key)
    except RecursionError:  # a key nested thousands deep, from a forged package
        raise ValueError(key[:80]) from None
    if end != len(key) or type(parts) is not list:
        raise ValueError(key)
    if len(parts) == 3:
        kind, ref, inspector = parts
        area = None
        sound = kind in FIELD_KINDS and kind not in AREA_KINDS
    elif len(parts) == 4:
        kind, ref, inspector, area = parts
        sound = kind in AREA_KINDS and type(area) is str
    else:
        raise ValueError(key)
    if not (sound and type(ref) is str and type(inspector) is str):
        raise ValueError(key)
    # Only the compact form names a field, so that no two keys of one package name the same one. Without a
    # backslash the parts stand in the key as they are, and only whitespace could make it longer.
    compact = (len(key) == 1 + sum(len(part) + 3 for part in parts) if "\\" not in key
               else field_key(kind, ref, inspector, area) == key)
    if not compact:
        raise ValueError(key)
    return kind, ref, inspector, area


# A key whose parts need no escaping (nearly every key): no quote, backslash or C0 control character (which JSON
# escapes) in a part, so each part stands in the key exactly as the decoder would return it; the separators admit
# no whitespace.
_PLAIN_PART = r'"([^"\\\x00-\x1f]*)"'
_PLAIN_KEY = re.compile(rf'\["({"|".join(FIELD_KINDS)})",{_PLAIN_PART},{_PLAIN_PART}(?:,{_PLAIN_PART})?\]')


def _plain_parts(key: FieldKey) -> tuple[str, str, str, str | None] | None:
    """The parts of a plain key, read by one match; None for any other key, which parse_key decodes in full."""
    match = _PLAIN_KEY.fullmatch(key)
    if match is None:
        return None
    kind, ref, inspector, area = match.groups()
    if (kind in AREA_KINDS) is (area is None):  # an area where the kind takes none, or none where it must
        return None
    return kind, ref, inspector, area


def default_of(key: FieldKey) -> object:
    return DEFAULTS[parse_key(key)[0]]


def check_value(key: FieldKey, value: object, framework: Framework) -> None:
    """Raise ValueError unless value is a well-formed value for this field."""
    kind, _, _, area = parse_key(key)
    check_field(kind, area, value, framework)


def check_field(kind: str, area: str | None, value: object, framework: Framework) -> None:
    """check_value for a key already read: its kind and area."""
    if kind == "grade":
        if value is not None and value not in framework.grade_keys:
            raise ValueError(f"unknown grade {value!r}")
    elif kind == "concern":
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], bool)
                and isinstance(value[1], str)):
            raise ValueError("malformed serious concern")
    elif kind == "note":
        if area not in framework.area_keys or not isinstance(value, str):
            raise ValueError(f"unknown area {area!r} or malformed note")
    elif kind == "topic":
        if area not in framework.graded_area_keys or (value is not None and value not in framework.grade_keys):
            raise ValueError(f"unknown graded area {area!r} or grade {value!r}")
    elif value is not None:
        if not (isinstance(value, dict) and set(value) == {"reason", "summary", "raised_on"}
                and (value["reason"] in framework.referral_reason_keys or value["reason"] == "")
                and all(isinstance(v, str) for v in value.values())):
            raise ValueError("malformed referral")
        try:
            iso_day(value["raised_on"], "referral date")
        except FieldworkError as error:
            raise ValueError(str(error)) from None


def snapshot(session: Session, inspector: str, refs: Iterable[str] | None = None) -> Values:
    """Every non-default field of one inspector's work (on the given cases, or all)."""
    wanted = set(refs) if refs is not None else None
    values: Values = {}
    rows = session.execute(
        select(col(Case.ref), Assessment).join(Assessment, col(Assessment.case_id) == col(Case.id))
        .where(col(Assessment.inspector) == inspector)).all()
    by_id: dict[int, str] = {}
    for ref, a in rows:
        if wanted is not None and ref not in wanted:
            continue
        by_id[a.id] = ref
        if a.grade is not None:
            values[field_key("grade", ref, inspector)] = a.grade
        if a.serious_concern or a.concern_summary:
            values[field_key("concern", ref, inspector)] = [a.serious_concern, a.concern_summary]
    for note in session.scalars(select(EvidenceNote)):
        if note.assessment_id in by_id and note.text:
            values[field_key("note", by_id[note.assessment_id], inspector, note.area)] = note.text
    for topic in session.scalars(select(TopicGrade)):
        if topic.assessment_id in by_id:
            values[field_key("topic", by_id[topic.assessment_id], inspector, topic.area)] = topic.grade
    for ref, r in session.execute(
            select(col(Case.ref), Referral).join(Referral, col(Referral.case_id) == col(Case.id))
            .where(col(Referral.raised_by) == inspector, col(Referral.status) != "withdrawn")).all():
        if wanted is None or ref in wanted:
            values[field_key("referral", ref, inspector)] = {"reason": r.reason, "summary": r.summary,
                                                             "raised_on": r.raised_on}
    return values


def _meta(session: Session, name: str) -> str | None:
    row = session.get(Meta, META_PREFIX + name)
    return row.value if row else None


def _set_meta(session: Session, name: str, value: str) -> None:
    row = session.get(Meta, META_PREFIX + name)
    if row is None:
        session.add(Meta(key=META_PREFIX + name, value=value))
    else:
        row.value = value


# -- lead: fieldwork package ------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldworkExport:
    package_id: str
    inspector: str
    cases: int
    data: bytes


def require_lead(session: Session, lead: Identity) -> None:
    """Only the lead's registered, unrevoked identity hands out work, sends queries and merges."""
    lead_member = find_member(session, fingerprint=lead.card.fingerprint)
    if lead_member is None or lead_member.revoked or lead_member.role != "lead":
        raise ServiceError(f"{lead.name}'s identity is not registered as the lead of this inspection.")


def current_member(session: Session, name: str) -> TeamMember:
    member = find_member(session, name=name)
    if member is None or member.revoked:
        raise ServiceError(f"'{name}' is not a current team member.")
    return member


def export_fieldwork(service: InspectionService, lead: Identity, inspector: str,
                     deliver: Deliver | None = None) -> FieldworkExport:
    """The inspector's allocated cases only (need to know), with their base version; signed, then encrypted."""
    package_id = str(uuid.uuid4())
    with service.write() as session:
        require_lead(session, lead)
        member = current_member(session, inspector)
        rows = session.execute(
            select(Case, col(Allocation.role)).join(Allocation, col(Allocation.case_id) == col(Case.id))
            .where(col(Allocation.inspector) == inspector).order_by(col(Case.ref))).all()
        if not rows:
            raise ServiceError(f"No cases are allocated to '{inspector}'.")
        inspection = service.inspection_in(session)
        refs = [case.ref for case, _ in rows]
        base = snapshot(session, inspector, refs)
        payload = {
            "inspection": {"id": inspection.id, "force_name": inspection.force_name,
                           "force_term": inspection.force_term, "framework_key": inspection.framework_key,
                           "framework_toml": inspection.framework_toml, "chief_officer": inspection.chief_officer,
                           # the fieldwork dates give the inspector's copy the lead's year, not the day it was opened
                           "start_date": inspection.start_date, "end_date": inspection.end_date},
            "inspector": inspector,
            "cases": [{"ref": c.ref, "case_type": c.case_type, "sample": c.sample, "force_grade": c.force_grade,
                       "role": role} for c, role in rows],
            "base": base,
            "queries": [q for q in queries_for(session, inspector) if q["case_ref"] in set(refs)],
        }
        session.add(IssuedPackage(package_id=package_id, inspector=inspector, created_at=datetime.now(UTC),
                                  base=canonical(base).decode("utf-8")))
        audit.record(session, service.actor, "export-fieldwork", "package", package_id, None,
                     {"inspector": inspector, "cases": len(rows), "recipient": member.fingerprint})
        sign_history(session, lead)
        _, data = seal("fieldwork", payload, inspection_id=inspection.id, sender=lead,
                       recipient=member_card(member), package_id=package_id)
        if deliver is not None:
            deliver(data)  # inside the transaction: a failed write leaves no record of an export
    return FieldworkExport(package_id, inspector, len(rows), data)


# -- inspector: open the fieldwork package, export returns --------------------------------------------


def open_fieldwork(data: bytes, identity: Identity, lead_card: IdentityCard, path: Path | str,
                   passphrase: str, origin: str = "fieldwork package",
                   before_create: Callable[[], None] | None = None) -> InspectionService:
    """Check the lead's signature and create this inspector's own encrypted inspection file.

    before_create runs once every check has passed, just before the file is made (the desktop closes
    the inspection it has open there, so a refused package leaves it open)."""
    sealed = unseal(data, identity, origin)
    origin = sealed.origin
    opened = admit(sealed, kind="fieldwork", inspection_id=None, recipient=identity.card, sender=lead_card)
    if lead_card.role != "lead":
        raise PackageRefused(f"{origin} is signed by {printable(lead_card.name)}, whose card is not a lead's card.")
    p = opened.payload
    try:
        info = p["inspection"]
        if info["id"] != opened.manifest.inspection_id or p["inspector"] != identity.name:
            raise PackageRefused(f"{origin} is for '{printable(p['inspector'])}', not for "
                                 f"{printable(identity.name)}.")
        if not all(isinstance(info[k], str) for k in ("id", "force_name", "force_term", "framework_key",
                                                      "framework_toml", "chief_officer")):
            raise ValueError("inspection")
        framework = parse_framework(info["framework_toml"], origin=f"framework in {origin}", strict=False)
        # absent from packages made before they were carried
        start_date, end_date = info.get("start_date"), info.get("end_date")
        for day in (start_date, end_date):
            if day is not None:
                date.fromisoformat(day)
        types = {c.key for c in framework.case_types}
        cases = p["cases"]
        base: Values = p["base"]
        if not isinstance(cases, list) or not isinstance(base, dict):
            raise ValueError("cases")
        for case in cases:
            if not (isinstance(case["ref"], str) and case["ref"] and case["sample"] in framework.samples and (
                    case["force_grade"] is None or case["force_grade"] in framework.grade_keys)):
                raise ValueError("case")
            if case["case_type"] not in types:
                raise PackageRefused(f"{origin}: case {printable(case['ref'])} has unknown case type "
                                     f"'{printable(case['case_type'])}'.")
        refs = {c["ref"] for c in cases}
        for key, value in base.items():
            _, ref, who, _ = parse_key(key)
            if ref not in refs or who != identity.name:
                raise ValueError(key)
            check_value(key, value, framework)
        lead_queries = check_queries(p.get("queries", []), identity.name, refs)  # absent from older packages
    except FieldworkError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError):
        raise PackageRefused(f"{origin}: the payload is malformed.") from None
    if before_create is not None:
        before_create()
    db = InspectionDatabase.create(path, passphrase)
    service = InspectionService(db, identity.name)
    try:
        with service.write() as session:
            session.add(Inspection(id=info["id"], force_name=info["force_name"], force_term=info["force_term"],
                                   framework_key=info["framework_key"], framework_toml=info["framework_toml"],
                                   chief_officer=info["chief_officer"], start_date=start_date, end_date=end_date,
                                   created_at=datetime.now(UTC), created_by=identity.name))
            bulk_insert(session.connection(), core_table(Case), [
                {"ref": c["ref"], "case_type": c["case_type"], "sample": c["sample"],
                 "force_grade": c["force_grade"], "moderated": False, "disagreement": False,
                 "allocated_to": identity.name} for c in cases])
            settle_cases(session, apply_values(session, base))
            apply_lead_queries(session, lead_queries, identity.name)
            for name, value in (("package_id", opened.manifest.package_id), ("inspector", identity.name),
                                ("copy_id", str(uuid.uuid4())), ("revision", "0"),
                                ("lead_card", lead_card.to_bytes().decode("utf-8")),
                                ("inspector_card", identity.card.to_bytes().decode("utf-8")),
                                ("base", canonical(base).decode("utf-8"))):
                _set_meta(session, name, value)
            audit.record(session, identity.name, "open-fieldwork", "package", opened.manifest.package_id, None,
                         {"from": lead_card.name, "cases": len(cases)})
    except Exception:
        service.close()
        _remove_new_file(Path(path))
        raise
    return service


def _remove_new_file(path: Path) -> None:
    """A half-made inspection file (it holds only ciphertext) is removed so that a retry can start clean."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


@dataclass(frozen=True)
class ReturnExport:
    package_id: str
    revision: int
    changed_fields: int
    data: bytes


def export_return(service: InspectionService, identity: Identity, deliver: Deliver | None = None, *,
                  accept_warnings: bool = False, override_checks: str | None = None) -> ReturnExport:
    """Everything this inspector changed since the base, plus their audit events and their answers to the lead's
    queries; signed, encrypted to the lead.

    The framework's checks before hand-in run first: a blocking finding refuses the export unless overridden
    with a reason (audited), and warnings must be accepted (HandInRefused carries the findings)."""
    owner = service.fieldwork_owner()
    findings = run_checks(service, owner) if owner else []
    problem = hand_in_problem(findings, accept_warnings=accept_warnings, override=override_checks)
    if problem:
        raise HandInRefused(problem, findings)
    with service.write() as session:
        inspector = _meta(session, "inspector")
        if inspector is None:
            raise ServiceError(f"{service.path.name} was not opened from a fieldwork package.")
        if inspector != identity.name:
            raise IdentityError(f"This fieldwork file belongs to {inspector}, not to {identity.name}.")
        lead_card = IdentityCard.from_bytes((_meta(session, "lead_card") or "").encode("utf-8"))
        base: Values = json.loads(_meta(session, "base") or "{}")
        revision = int(_meta(session, "revision") or "0") + 1
        _set_meta(session, "revision", str(revision))
        if findings and override_checks:
            audit.record(session, identity.name, "override-checks", "package", revision, None,
                         {"reason": override_checks.strip(), "findings": [f.message for f in findings]})
        sign_history(session, identity)  # the history goes to the lead signed by its author
        current = snapshot(session, inspector)
        values = {k: current.get(k, default_of(k)) for k in sorted(set(base) | set(current))
                  if current.get(k, default_of(k)) != base.get(k, default_of(k))}
        events = [{"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "entity": e.entity,
                   "entity_id": e.entity_id, "before": e.before, "after": e.after, "hash": e.hash}
                  for e in session.scalars(select(AuditEvent).order_by(col(AuditEvent.seq)))]
        payload = {"fieldwork_package_id": _meta(session, "package_id"), "copy_id": _meta(session, "copy_id"),
                   "revision": revision, "inspector": inspector, "values": values, "audit": events,
                   "queries": answers_of(session, inspector)}
        inspection_id = service.inspection_in(session).id
        package_id, data = seal("return", payload, inspection_id=inspection_id, sender=identity, recipient=lead_card)
        audit.record(session, identity.name, "export-return", "package", package_id, None,
                     {"revision": revision, "changed_fields": len(values)})
        if deliver is not None:
            deliver(data)  # inside the transaction: a failed write keeps neither the revision nor the event
    return ReturnExport(package_id, revision, len(values), data)


# -- the lead's queries between packages -------------------------------------------------------------------


@dataclass(frozen=True)
class QueriesExport:
    package_id: str
    inspector: str
    queries: int
    data: bytes


def export_queries(service: InspectionService, lead: Identity, inspector: str,
                   deliver: Deliver | None = None) -> QueriesExport:
    """A small package of the lead's queries to one inspector (open, answered and closed), signed, then encrypted
    to them: the inspector takes it into the copy they are working in."""
    with service.write() as session:
        require_lead(session, lead)
        member = current_member(session, inspector)
        items = queries_for(session, inspector)
        if not items:
            raise ServiceError(f"There are no queries to {inspector}.")
        inspection_id = service.inspection_in(session).id
        package_id, data = seal("queries", {"inspector": inspector, "queries": items}, inspection_id=inspection_id,
                                sender=lead, recipient=member_card(member))
        audit.record(session, service.actor, "export-queries", "package", package_id, None,
                     {"inspector": inspector, "queries": len(items), "recipient": member.fingerprint})
        sign_history(session, lead)
        if deliver is not None:
            deliver(data)  # inside the transaction: a failed write leaves no record of an export
    return QueriesExport(package_id, inspector, len(items), data)


def open_queries(service: InspectionService, identity: Identity, data: bytes,
                 origin: str = "queries package") -> int:
    """Take the lead's queries into this inspector's copy; returns how many changed (0 when taken before)."""
    sealed = unseal(data, identity, origin)
    origin = sealed.origin
    with service.write() as session:
        inspector = _meta(session, "inspector")
        if inspector is None:
            raise ServiceError(f"{service.path.name} was not opened from a fieldwork package.")
        if inspector != identity.name:
            raise IdentityError(f"This fieldwork file belongs to {inspector}, not to {identity.name}.")
        lead_card = IdentityCard.from_bytes((_meta(session, "lead_card") or "").encode("utf-8"))
        opened = admit(sealed, kind="queries", inspection_id=service.inspection_in(session).id,
                       recipient=identity.card, sender=lead_card)
        try:
            if opened.payload["inspector"] != inspector:
                raise ValueError("inspector")
            items = check_queries(opened.payload["queries"], inspector, all_case_ids(session))
        except (KeyError, TypeError, ValueError):
            raise PackageRefused(f"{origin}: the payload is malformed.") from None
        return apply_lead_queries(session, items, identity.name)


# -- applying field values (shared by opening a package and merging) ----------------------------------


def apply_values(session: Session, values: Values, ref_ids: dict[str, int] | None = None) -> set[int]:
    """Write field values into the tables (models.team.field_rows); returns the ids of the cases they name, for
    the caller to settle. Each value has the shape check_value accepts.
    ref_ids: the case id of (nearly) every reference named, when the caller knows them already."""
    return write_rows(session, field_rows(session, values, FieldRows(datetime.now(UTC)), ref_ids))


def field_rows(session: Session, values: Values, rows: FieldRows, ref_ids: dict[str, int] | None = None) -> FieldRows:
    """Add field values to rows, each read and given its case id."""
    case_ids = case_ids_of(session, {parse_key(k)[1] for k in values}) if ref_ids is None else ref_ids
    looked_up: dict[str, int] = {}  # references missing from ref_ids, looked up one by one (rare)
    for key, value in values.items():
        kind, ref, inspector, area = parse_key(key)
        case_id = case_ids.get(ref)
        if case_id is None:
            if ref not in looked_up:
                looked_up.update(case_ids_of(session, {ref}))
            case_id = looked_up[ref]
        rows.add(kind, case_id, inspector, area, value)
    return rows


def case_ids_of(session: Session, refs: set[str]) -> dict[str, int]:
    """Case id by reference; a ServiceError names the first reference not in this inspection."""
    if len(refs) > SCAN_ABOVE:
        found = {ref: case_id for ref, case_id in all_case_ids(session).items() if ref in refs}
    else:
        found = {}
        for chunk in chunked(refs):
            found.update(session.execute(
                select(col(Case.ref), col(Case.id)).where(col(Case.ref).in_(chunk))).all())
    missing = refs - set(found)
    if missing:
        raise ServiceError(f"No case '{sorted(missing)[0]}' in this inspection.")
    return found


def settle_cases(session: Session, case_ids: set[int]) -> None:
    """The settling rule (models.inspection.settling) for these cases at once, in the session's transaction."""
    session.flush()
    if not case_ids:
        return
    settle_many(session.connection().connection.cursor(), case_ids, stored_time(datetime.now(UTC)))
    session.expire_all()
