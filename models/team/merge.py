"""Merging return packages on the lead's laptop: verified, three-way, deterministic, all-or-nothing.

Each field's merged value is a pure function of the base the lead handed out and the newest revision of
every copy of that inspector's work, so the same packages in any order give the same result, and
re-importing a package changes nothing:

- no copy changed the field           -> the base value;
- one value among the copies' changes -> that value (a one-sided edit applies silently);
- two copies changed it differently   -> a MergeConflict showing both values; the field keeps its base
  value until the lead keeps one (and that choice stands while the copies' values stay the same).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from models.collection import collector_held
from models.errors import ServiceError
from models.inspection import audit
from models.inspection.services import InspectionService
from models.inspection.tables import IssuedPackage, MergeConflict, ReceivedPackage
from models.team.allocation import find_member, member_card
from models.team.exchange import (
    Values,
    apply_values,
    check_field,
    default_of,
    field_rows,
    parse_key,
    require_lead,
    settle_cases,
)
from models.team.field_rows import FieldRows, write_rows
from models.team.identity import Identity, canonical
from models.team.moderation import refresh_moderation
from models.team.packages import PackageRefused, admit, unseal
from models.team.queries import apply_answers, check_answers
from models.team.signatures import sign_history
from models.untrusted import printable

# (done, total); it may raise WorkCancelled (models.progress) at a step, which rolls the whole merge back
Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class PackageOutcome:
    origin: str
    package_id: str
    sender: str
    revision: int
    status: str  # "merged" or "already merged"
    changed_fields: int = 0


@dataclass
class MergeReport:
    """What came in from whom; shown after a merge and printed by `fieldwork merge`."""

    packages: list[PackageOutcome] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # field keys with an open conflict
    moderation_opened: list[str] = field(default_factory=list)  # case refs
    answers: list[str] = field(default_factory=list)  # ids of the queries whose answer came in

    def lines(self) -> list[str]:
        out = []
        for p in self.packages:
            what = (f"{p.changed_fields} changed field(s)" if p.status == "merged"
                    else "already merged; nothing changed")
            out.append(f"{printable(p.origin)}: from {printable(p.sender)}, revision {p.revision}: {what}")
        if self.conflicts:
            out.append(f"{len(self.conflicts)} conflict(s) between copies of one inspector's work to resolve")
        if self.moderation_opened:
            out.append(f"{len(self.moderation_opened)} case(s) for moderation: {', '.join(self.moderation_opened)}")
        if self.answers:
            out.append(f"{len(self.answers)} answer(s) to your queries")
        return out


@dataclass
class _Copy:
    copy_id: str
    sender: str
    base: Values
    values: Values
    rows: FieldRows | None  # its values as rows, when they came in this merge


MAX_REVISION = 1_000_000_000  # an inspector exports a few times a day; beyond this a revision is forged


@dataclass(frozen=True)
class _Arrival:
    """One admitted return package: signed by a current team member, its payload well-formed; nothing written."""

    index: int  # its place in the merge, for the report
    origin: str
    data: bytes
    package_id: str
    created: str
    sender: str
    revision: int
    copy_id: str
    issued_id: str
    values: Values
    values_json: str  # the values as canonical JSON, as they are archived
    answers: list[dict[str, Any]]  # the inspector's answers to the lead's queries

    def outcome(self, status: str) -> PackageOutcome:
        changed = len(self.values) if status == "merged" else 0
        return PackageOutcome(self.origin, self.package_id, self.sender, self.revision, status, changed)


@collector_held()  # a merge builds a few objects per field, 100,000s of them, none in a cycle
def merge_packages(service: InspectionService, lead: Identity, packages: Sequence[tuple[str, bytes]],
                   progress: Progress | None = None) -> MergeReport:
    """Merge return packages (origin, bytes) in one transaction: any refusal leaves the file unchanged.

    Every package is verified and checked before anything is written; a backup is taken only once the merge
    is known to change something, so replays and refusals never rotate older backups away."""
    report = MergeReport()
    # steps: each package admitted, each fresh one recorded, each sender recomputed, the moderation refreshed
    steps = len(packages) * 3 + 1

    def step(done: int) -> None:
        if progress:
            progress(done, steps)

    with service.edit() as session, service.backing_up("before-merge") as backup:
        inspection_id = service.inspection_in(session).id
        require_lead(session, lead)
        arrivals = []
        for done, (origin, data) in enumerate(packages):
            arrivals.append(_admitted(session, lead, inspection_id, done, origin, data))
            step(done + 1)
        # Signed by the team and not all merged before: the merge may change the file. The state before it is
        # copied from now, on a thread through a connection of its own that never sees this transaction's writes,
        # while the packages are checked and written; it is kept only if the merge changes the file.
        merged_before = {a.package_id for a in arrivals if session.get(ReceivedPackage, a.package_id) is not None}
        if any(arrival.package_id not in merged_before for arrival in arrivals):
            backup.start()
        allocated = _allocations(session, {a.sender for a in arrivals})
        moment = datetime.now(UTC)  # every field this merge writes
        fresh, outcomes, read = _sorted_out(session, service, arrivals, merged_before, allocated, moment)
        report.packages = [outcomes[a.index] for a in arrivals]
        if not fresh:
            return report  # replays only: nothing to write, so no backup is kept
        backup.want()  # known to change the file, nothing written yet: keep the state before the merge
        touched_keys: dict[str, set[str]] = {}  # sender -> field keys to recompute
        for recorded, arrival in enumerate(fresh, start=1):
            touched_keys.setdefault(arrival.sender, set()).update(_record(session, arrival))
            step(len(packages) + recorded)
            try:
                report.answers += apply_answers(session, arrival.answers, arrival.sender, service.actor)
            except ValueError as exc:
                raise PackageRefused(f"{arrival.origin}: {exc}. Nothing was changed.") from None
        case_ids: set[int] = set()
        # Every field of a return names a case allocated to its sender: their ids are known already (a field
        # of an earlier revision, on a case since allocated to someone else, is looked up by field_rows).
        ref_ids: dict[str, int] = {}
        for mine in allocated.values():
            ref_ids.update(mine)
        for recomputed, sender_name in enumerate(sorted(touched_keys), start=1):
            step(len(packages) * 2 + recomputed)
            merged, conflicts = _recompute(session, sender_name, touched_keys[sender_name], read, moment, ref_ids)
            for rows in merged:
                case_ids |= write_rows(session, rows)
            report.conflicts.extend(conflicts)
        settle_cases(session, case_ids)
        step(steps - 1)
        report.moderation_opened = refresh_moderation(session, case_ids)
        for outcome in report.packages:
            if outcome.status == "merged":
                audit.record(session, service.actor, "merge-return", "package", outcome.package_id, None,
                             {"from": outcome.sender, "revision": outcome.revision,
                              "changed_fields": outcome.changed_fields})
        audit.record(session, service.actor, "merge", "inspection", inspection_id, None,
                     {"packages": [p.package_id for p in report.packages if p.status == "merged"],
                      "conflicts": sorted(report.conflicts), "moderation": report.moderation_opened})
        sign_history(session, lead)
    return report


def _admitted(session: Session, lead: Identity, inspection_id: str, index: int, origin: str,
              data: bytes) -> _Arrival:
    """Decrypt, check the signature against the sender's registered card, then the payload's shape."""
    sealed = unseal(data, lead, origin)
    origin = sealed.origin
    sender = find_member(session, fingerprint=sealed.manifest.sender)
    if sender is not None and sender.revoked:
        raise PackageRefused(f"{origin} was signed by {printable(sender.name)}, whose card has been revoked. "
                             "Nothing was changed.")
    opened = admit(sealed, kind="return", inspection_id=inspection_id, recipient=lead.card,
                   sender=member_card(sender) if sender else None)
    assert sender is not None  # admit refuses a package from anyone not on the team
    p = opened.payload
    try:
        revision, copy_id, issued_id, values = p["revision"], p["copy_id"], p["fieldwork_package_id"], p["values"]
        if not (isinstance(copy_id, str) and isinstance(issued_id, str) and isinstance(values, dict)
                and p["inspector"] == sender.name):
            raise ValueError
        answers = check_answers(p.get("queries", []))  # absent from returns made before queries existed
        values_json = canonical(values).decode("utf-8")  # refuses a lone surrogate, which no text file can hold
    except (KeyError, TypeError, ValueError):
        raise PackageRefused(f"{origin}: the return payload is malformed.") from None
    if type(revision) is not int or not 1 <= revision <= MAX_REVISION:  # not a bool, a float or a huge number
        raise PackageRefused(f"{origin}: revision {printable(repr(revision), 40)} is not a revision number "
                             f"(1 to {MAX_REVISION:,}). Nothing was changed.")
    m = opened.manifest
    return _Arrival(index, origin, data, m.package_id, m.created, sender.name, revision, copy_id, issued_id, values,
                    values_json, answers)


@dataclass(frozen=True)
class _Read:
    """A new return's values, and the rows that write them (read once, as they were checked)."""

    values: Values
    rows: FieldRows


def _sorted_out(session: Session, service: InspectionService, arrivals: list[_Arrival], merged_before: set[str],
                allocated: dict[str, dict[str, int]], moment: datetime
                ) -> tuple[list[_Arrival], dict[int, PackageOutcome], dict[str, _Read]]:
    """Which arrivals are new (in the order to record them), each one's outcome, and the new ones' values read,
    by package id; refuses the whole merge for a package that answers no fieldwork package, edits outside the
    allocation or comes too late.

    One inspector's revisions are taken oldest first, whatever order the files were given in. merged_before: the
    ids of the packages an earlier merge recorded."""
    fresh: list[_Arrival] = []
    outcomes: dict[int, PackageOutcome] = {}
    read: dict[str, _Read] = {}
    newest: dict[str, int] = {}  # copy id -> newest revision merged, before or earlier in this merge
    for arrival in sorted(arrivals, key=lambda a: a.revision):
        if arrival.package_id in merged_before or any(a.package_id == arrival.package_id for a in fresh):
            outcomes[arrival.index] = arrival.outcome("already merged")
            continue
        read[arrival.package_id] = _Read(arrival.values, _checked(session, service, arrival, allocated, moment))
        if arrival.copy_id not in newest:
            merged = session.scalars(select(col(ReceivedPackage.revision))
                                     .where(col(ReceivedPackage.copy_id) == arrival.copy_id)
                                     .order_by(col(ReceivedPackage.revision).desc()).limit(1)).first()
            if merged is not None:
                newest[arrival.copy_id] = merged
        previous = newest.get(arrival.copy_id)
        if previous is not None and arrival.revision <= previous:
            raise PackageRefused(f"{arrival.origin} is revision {arrival.revision} of {printable(arrival.sender)}'s "
                                 f"work, older than revision {previous} already merged. Nothing was changed.")
        newest[arrival.copy_id] = arrival.revision
        fresh.append(arrival)
        outcomes[arrival.index] = arrival.outcome("merged")
    return fresh, outcomes, read


def _allocations(session: Session, senders: set[str]) -> dict[str, dict[str, int]]:
    """The case id by case reference of every case allocated to each of these inspectors, in one pass over the
    allocations (a return names thousands of cases)."""
    allocated: dict[str, dict[str, int]] = {sender: {} for sender in senders}
    cursor = session.connection().connection.cursor()
    for inspector, ref, case_id in cursor.execute(
            "SELECT allocation.inspector, case_file.ref, case_file.id FROM allocation JOIN case_file "
            f"ON allocation.case_id = case_file.id WHERE allocation.inspector IN ({', '.join('?' * len(senders))})",
            tuple(senders)):
        allocated[inspector][ref] = case_id
    return allocated


def _checked(session: Session, service: InspectionService, arrival: _Arrival, allocated: dict[str, dict[str, int]],
             moment: datetime) -> FieldRows:
    """The return answers a fieldwork package issued to its sender, and edits only that sender's cases with
    values its fields take; returns its fields as the rows that write them, read in the same pass."""
    sender, origin = arrival.sender, arrival.origin
    issued = session.get(IssuedPackage, arrival.issued_id)
    if issued is None or issued.inspector != sender:
        raise PackageRefused(f"{origin} answers a fieldwork package this inspection never issued to "
                             f"{printable(sender)}.")
    framework = service.framework
    mine = allocated[sender]
    rows = FieldRows(moment)
    for key, value in arrival.values.items():
        try:
            kind, ref, who, area = parse_key(key)
            case_id = mine.get(ref)
            if who != sender or case_id is None:
                raise ValueError(f"case {ref} is not allocated to {sender}")
            check_field(kind, area, value, framework)
        except (ValueError, TypeError, json.JSONDecodeError) as exc:
            raise PackageRefused(f"{origin}: field {printable(key, 80)} is not acceptable ({printable(exc, 200)}). "
                                 "Nothing was changed.") from None
        rows.add(kind, case_id, who, area, value)
    return rows


def _record(session: Session, arrival: _Arrival) -> set[str]:
    """Archive one checked return; returns the field keys it may have changed (its own, and those of the
    revision of the same copy it supersedes)."""
    previous = session.scalars(select(ReceivedPackage).where(col(ReceivedPackage.copy_id) == arrival.copy_id)
                               .order_by(col(ReceivedPackage.revision).desc()).limit(1)).first()
    keys = set(arrival.values) | (set(json.loads(previous.values_json)) if previous else set())
    session.add(ReceivedPackage(package_id=arrival.package_id, sender=arrival.sender, copy_id=arrival.copy_id,
                                fieldwork_package_id=arrival.issued_id, revision=arrival.revision,
                                created_at=arrival.created, imported_at=datetime.now(UTC),
                                sha256=hashlib.sha256(arrival.data).hexdigest(),
                                values_json=arrival.values_json, archive=arrival.data))
    session.flush()
    return keys


def _latest_copies(session: Session, sender: str, read: dict[str, _Read]) -> list[_Copy]:
    """The newest revision of each copy of this inspector's work; read holds the values of packages this
    merge has already read, by package id (only the others' stored values are decoded again)."""
    newest: dict[str, tuple[int, str, str]] = {}  # copy id -> (revision, package id, fieldwork package id)
    for package_id, copy_id, revision, issued_id in session.execute(
            select(col(ReceivedPackage.package_id), col(ReceivedPackage.copy_id), col(ReceivedPackage.revision),
                   col(ReceivedPackage.fieldwork_package_id)).where(col(ReceivedPackage.sender) == sender)):
        if copy_id not in newest or revision > newest[copy_id][0]:
            newest[copy_id] = (revision, package_id, issued_id)
    bases: dict[str, Values] = {}
    copies = []
    for copy_id in sorted(newest):
        _, package_id, issued_id = newest[copy_id]
        if issued_id not in bases:
            issued = session.get(IssuedPackage, issued_id)
            bases[issued_id] = json.loads(issued.base) if issued else {}
        if package_id in read:
            copies.append(_Copy(copy_id, sender, bases[issued_id], read[package_id].values, read[package_id].rows))
            continue
        stored = session.scalar(select(col(ReceivedPackage.values_json))
                                .where(col(ReceivedPackage.package_id) == package_id))
        copies.append(_Copy(copy_id, sender, bases[issued_id], json.loads(stored or "{}"), None))
    return copies


def _recompute(session: Session, sender: str, keys: set[str], read: dict[str, _Read], moment: datetime,
               ref_ids: dict[str, int]) -> tuple[list[FieldRows], list[str]]:
    """The merged value of each field, from the base and the newest revision of every copy, as the rows that
    write it; and the fields left in conflict."""
    copies = _latest_copies(session, sender, read)
    targets: Values = {}
    conflicts: list[str] = []
    known = {c.field_key: c for c in session.scalars(select(MergeConflict))}
    if len(copies) == 1:  # one copy of the work, the usual case: its value wherever it differs from the base
        copy = copies[0]
        assert copy.rows is not None  # its newest revision came in this merge, as the sender was touched by it
        for key in keys & known.keys():
            session.delete(known[key])
        # A field the copy holds takes its value (the base's, or its own change: either way the copy's), already
        # read into rows as it was checked; a field an earlier revision held and this one dropped goes back to
        # the base.
        dropped = {key: copy.base[key] if key in copy.base else default_of(key) for key in keys - copy.values.keys()}
        return [copy.rows, field_rows(session, dropped, FieldRows(moment), ref_ids)], conflicts
    for key in sorted(keys):
        default = default_of(key)
        base = copies[0].base.get(key, default) if copies else default
        changed: dict[str, object] = {}
        for copy in copies:
            value = copy.values.get(key, copy.base.get(key, default))
            if value != copy.base.get(key, default):
                changed[copy.copy_id] = value
        # one changed copy (the usual case) needs no comparison of encoded values
        agreed = len(changed) <= 1 or len({canonical(v) for v in changed.values()}) == 1
        existing = known.get(key)
        if agreed:
            targets[key] = next(iter(changed.values())) if changed else base
            if existing is not None:
                session.delete(existing)
            continue
        candidates = canonical(changed).decode("utf-8")
        if existing is not None and existing.candidates == candidates and existing.status == "resolved":
            targets[key] = json.loads(existing.chosen or "null")
            continue
        if existing is None:
            session.add(MergeConflict(field_key=key, base=canonical(base).decode("utf-8"), candidates=candidates))
        else:
            existing.base, existing.candidates, existing.status, existing.chosen = (
                canonical(base).decode("utf-8"), candidates, "open", None)
        targets[key] = base
        conflicts.append(key)
    return [field_rows(session, targets, FieldRows(moment), ref_ids)], conflicts


# -- conflicts between copies of one inspector's work ------------------------------------------------


@dataclass(frozen=True)
class ConflictView:
    field_key: str
    kind: str
    case_ref: str
    inspector: str
    area: str | None
    base: object
    candidates: dict[str, object]  # copy id -> value
    status: str
    chosen: object


def conflicts(service: InspectionService, include_resolved: bool = False) -> list[ConflictView]:
    with service.read() as session:
        rows = session.scalars(select(MergeConflict).order_by(col(MergeConflict.field_key))).all()
    views = []
    for row in rows:
        if row.status != "open" and not include_resolved:
            continue
        kind, ref, inspector, area = parse_key(row.field_key)
        views.append(ConflictView(row.field_key, kind, ref, inspector, area, json.loads(row.base),
                                  json.loads(row.candidates), row.status,
                                  json.loads(row.chosen) if row.chosen else None))
    return views


def resolve_conflict(service: InspectionService, key: str, keep_copy: str) -> None:
    """Keep this (or that) copy's value for a conflicting field; audited."""
    with service.edit() as session:
        row = session.get(MergeConflict, key)
        if row is None:
            raise ServiceError("No such merge conflict.")
        candidates = json.loads(row.candidates)
        if keep_copy not in candidates:
            raise ServiceError(f"Copy '{keep_copy}' is not one of the conflicting copies.")
        value = candidates[keep_copy]
        row.status, row.chosen = "resolved", canonical(value).decode("utf-8")
        case_ids = apply_values(session, {key: value})
        settle_cases(session, case_ids)
        refresh_moderation(session, case_ids)
        audit.record(session, service.actor, "resolve-conflict", "field", key, json.loads(row.base),
                     {"kept": keep_copy, "value": value})

