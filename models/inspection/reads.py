"""Reads in plain SQL on the open file's own DB-API connection (InspectionDatabase.reading): what a start shows
first (the inspection, its framework) and the report's tally read them here, without loading the ORM.

Each read has this one implementation; the service layer calls these too.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol, cast

from models.collection import collector_held
from models.errors import ServiceError
from models.inspection.framework import Framework, parse_framework
from models.inspection.records import (
    DISAGREEMENT,
    MODERATED,
    REFERRED,
    TOPICS_DISAGREEMENT,
    AssessmentView,
    CaseDetail,
    CaseListing,
    CaseRow,
    FollowUpBasis,
    InspectionInfo,
    ReferralView,
)


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int = ..., /) -> list[Any]: ...
    def close(self) -> None: ...


class Reader(Protocol):
    """A DB-API connection (sqlcipher3's, or the driver connection under a SQLAlchemy one)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...


FINAL_KEY = "final"  # meta: the lead marked the report final (JSON {"at", "by"}); nothing it counts changes after
LISTING_CHUNK = 20_000  # cases read at a time by case_listing
WITHDRAWN = "withdrawn"  # a referral on record and in the audit, but counted nowhere and sent no letter
EXCHANGE_META_PREFIX = "exchange."  # meta keys of an inspector's copy (package id, inspector, base...)
INSPECTION_COLUMNS = ("id, force_name, force_term, framework_key, chief_officer, created_at, start_date, end_date, "
                      "addressee_name, follows, retain_until")


def framework_of(connection: Reader, file_name: str) -> Framework:
    """The framework stored in the inspection file (file_name names it in a message about it)."""
    row = connection.execute("SELECT framework_toml FROM inspection LIMIT 1").fetchone()
    if row is None:
        raise ServiceError("This file holds no inspection.")
    return parse_framework(row[0], origin=f"framework stored in {file_name}", strict=False)


def inspection_info(connection: Reader, framework: Framework) -> InspectionInfo:
    """The inspection the file holds, as the GUI, the CLI and the documents show it."""
    row = connection.execute(f"SELECT {INSPECTION_COLUMNS} FROM inspection LIMIT 1").fetchone()
    if row is None:
        raise ServiceError("This file holds no inspection.")
    (id_, force_name, force_term, framework_key, chief_officer, created_at, start_date, end_date, addressee_name,
     follows, retain_until) = row
    return InspectionInfo(id_, force_name, force_term, framework_key, framework.name, framework.inspectorate,
                          chief_officer, stored_datetime(created_at), start_date, end_date, addressee_name,
                          follow_up_basis(follows), retain_until)


def retain_until(connection: Reader) -> str | None:
    """The ISO day after which the inspection's data should be purged, None when none is set."""
    row = connection.execute("SELECT retain_until FROM inspection LIMIT 1").fetchone()
    return None if row is None else row[0]


def meta_value(connection: Reader, key: str) -> str | None:
    """One fact the file keeps about itself (the meta table), None when it is not there."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def final_mark(connection: Reader) -> dict[str, str] | None:
    """When and by whom the report was marked final ({"at", "by"}), None while it is not."""
    mark = meta_value(connection, FINAL_KEY)
    return None if mark is None else dict(json.loads(mark))


def holds_cards(connection: Reader) -> bool:
    """True when the file registers identity cards (a team, or an inspector's copy with its lead's card)."""
    row = connection.execute("SELECT EXISTS (SELECT 1 FROM team_member) OR EXISTS (SELECT 1 FROM meta WHERE key = ?)",
                             (EXCHANGE_META_PREFIX + "lead_card",)).fetchone()
    return bool(row[0])


def case_count(connection: Reader) -> int:
    """How many cases the inspection holds, without loading them."""
    return int(connection.execute("SELECT count(*) FROM case_file").fetchone()[0] or 0)


def stored_datetime(value: str | datetime) -> datetime:
    """A timestamp as the ORM stored it (database.stored_time: ISO text, UTC without an offset), read back as the
    ORM reads it: in UTC, with its time zone."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)


def follow_up_basis(stored: str | None) -> FollowUpBasis | None:
    """The stored follow-up basis; one that cannot be read counts as none rather than locking the file."""
    if not stored:
        return None
    try:
        return FollowUpBasis.from_json(json.loads(stored))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class CaseColumns(Protocol):
    """What the case list shows of a case: an ORM Case, or a plain row of the case_file columns."""

    @property
    def ref(self) -> str: ...
    @property
    def case_type(self) -> str: ...
    @property
    def sample(self) -> str: ...
    @property
    def force_grade(self) -> str | None: ...
    @property
    def grade(self) -> str | None: ...
    @property
    def allocated_to(self) -> str | None: ...
    @property
    def disagreement(self) -> bool: ...
    @property
    def moderated(self) -> bool: ...
    @property
    def updated_at(self) -> datetime | None: ...


class CaseFile(NamedTuple):
    """A case_file row as plain SQL reads it (its booleans and time converted as the ORM converts them)."""

    id: int
    ref: str
    case_type: str
    sample: str
    force_grade: str | None
    grade: str | None
    allocated_to: str | None
    disagreement: bool
    moderated: bool
    updated_at: datetime | None


def case_row(framework: Framework, case: CaseColumns, graders: Iterable[str], referred: bool,
             topics: tuple[int, bool] = (0, False), queries: int = 0) -> CaseRow:
    """One case as the case list and the case panel show it."""
    try:
        label = framework.case_type(case.case_type).label
    except KeyError:
        label = case.case_type
    return CaseRow(case.ref, case.case_type, label, case.sample, case.force_grade, case.grade, case.allocated_to,
                   referred, case.disagreement, case.moderated, tuple(graders), case.updated_at, *topics, queries)


def case_file(connection: Reader, ref: str) -> CaseFile:
    """The case with this reference; an unknown reference is a ServiceError."""
    row = connection.execute("SELECT id, ref, case_type, sample, force_grade, grade, allocated_to, disagreement, "
                             "moderated, updated_at FROM case_file WHERE ref = ? LIMIT 1", (ref,)).fetchone()
    if row is None:
        raise ServiceError(f"No case '{ref}' in this inspection.")
    id_, ref, case_type, sample, force_grade, grade, allocated_to, disagreement, moderated, updated_at = row
    return CaseFile(id_, ref, case_type, sample, force_grade, grade, allocated_to, bool(disagreement),
                    bool(moderated), optional_datetime(updated_at))


REFERRAL_COLUMNS = ("reason, summary, raised_on, raised_by, status, response_kind, response, responded_on, "
                    "letter_sent_on, due_on, closed_on, withdrawn_on, withdrawn_reason")


def case_detail(connection: Reader, framework: Framework, ref: str) -> CaseDetail:
    """The case panel's whole view of one case: its row, every assessment with its notes and topic grades, its
    referral. Read inside the caller's read transaction, so the parts agree."""
    case = case_file(connection, ref)
    assessments = connection.execute(
        "SELECT id, inspector, grade, serious_concern, concern_summary, updated_at FROM assessment "
        "WHERE case_id = ? ORDER BY inspector", (case.id,)).fetchall()
    notes: dict[int, dict[str, str]] = {a[0]: {} for a in assessments}
    topics: dict[int, dict[str, str]] = {a[0]: {} for a in assessments}
    if assessments:
        for assessment_id, area, text in connection.execute(
                "SELECT evidence_note.assessment_id, evidence_note.area, evidence_note.text FROM evidence_note "
                "JOIN assessment ON assessment.id = evidence_note.assessment_id WHERE assessment.case_id = ?",
                (case.id,)).fetchall():
            notes[assessment_id][area] = text
        if framework.graded_areas:
            for assessment_id, area, grade in connection.execute(
                    "SELECT topic_grade.assessment_id, topic_grade.area, topic_grade.grade FROM topic_grade "
                    "JOIN assessment ON assessment.id = topic_grade.assessment_id WHERE assessment.case_id = ?",
                    (case.id,)).fetchall():
                topics[assessment_id][area] = grade
    views = tuple(AssessmentView(inspector, grade, bool(concern), summary, notes[id_], optional_datetime(updated),
                                 topics[id_])
                  for id_, inspector, grade, concern, summary, updated in assessments)
    found = connection.execute(f"SELECT {REFERRAL_COLUMNS} FROM referral WHERE case_id = ? LIMIT 1",
                               (case.id,)).fetchone()
    referral = None if found is None else ReferralView(case.ref, case.case_type, *found)
    given: dict[str, set[str]] = {}
    for grades in topics.values():
        for area, grade in grades.items():
            given.setdefault(area, set()).add(grade)
    queries = connection.execute("SELECT count(*) FROM case_query WHERE case_id = ? AND closed_at IS NULL",
                                 (case.id,)).fetchone()[0]
    row = case_row(framework, case, [a[1] for a in assessments], referral is not None and referral.active,
                   (sum(len(g) == 1 for g in given.values()), any(len(g) > 1 for g in given.values())), queries)
    return CaseDetail(row, views, referral)


def referrals(connection: Reader) -> list[ReferralView]:
    """Every referral, withdrawn ones too, in case order."""
    return [ReferralView(ref, case_type, *found) for ref, case_type, *found in connection.execute(
        f"SELECT case_file.ref, case_file.case_type, {REFERRAL_COLUMNS} FROM referral "
        "JOIN case_file ON case_file.id = referral.case_id ORDER BY case_file.ref").fetchall()]


def optional_datetime(value: str | datetime | None) -> datetime | None:
    return None if value is None else stored_datetime(value)


def topic_states(connection: Reader, framework: Framework,
                 case_id: int | None = None) -> dict[int, tuple[int, bool]]:
    """Per case (or for case_id alone): how many graded areas its graders agree on, and whether they differ on any
    (one GROUP BY, settled as the tally settles topic grades)."""
    if not framework.graded_areas:
        return {}
    where, params = ("", ()) if case_id is None else (" WHERE a.case_id = ?", (case_id,))
    states: dict[int, tuple[int, bool]] = {}
    for found, lowest, highest in connection.execute(
            "SELECT a.case_id, min(t.grade), max(t.grade) FROM topic_grade AS t "
            f"JOIN assessment AS a ON a.id = t.assessment_id{where} GROUP BY a.case_id, t.area", params).fetchall():
        settled, disagreement = states.get(found, (0, False))
        states[found] = (settled + (lowest == highest), disagreement or lowest != highest)
    return states


def case_listing(connection: Reader, framework: Framework) -> CaseListing:
    """Every case as the case list shows it, in reference order, held compactly (CaseListing): one pass, no object
    a case (a million cases in a few seconds). Read inside the caller's read transaction, so the parts agree."""
    labels = {c.key: c.label for c in framework.case_types}
    listing = CaseListing(labels)
    # the collector held off: it walked the growing heap again and again as the rows came in (1.3 s of 5 at a
    # million cases), and nothing read here forms a cycle
    with collector_held():
        graders: dict[int, list[str]] = {}
        for case_id, inspector in connection.execute(
                "SELECT case_id, inspector FROM assessment ORDER BY inspector").fetchall():
            graders.setdefault(case_id, []).append(inspector)
        topics = topic_states(connection, framework)
        # A chunk at a time. The framework's own keys come back as their codes (small ints: no string made a
        # case; anything else comes back as text and is coded here); the time as the file stores it, converted
        # only for the rows shown (converting a million in SQL took 0.7 s).
        code = listing.codes.__getitem__
        params: list[object] = []

        def coded(column: str, known: Iterable[str]) -> str:
            # each column compared with its own values only: every WHEN costs a comparison a case
            whens = [item for value in known for item in (value, code(value))]
            params.extend(whens)
            return f"CASE {column} {' '.join('WHEN ? THEN ?' for _ in whens[::2])} ELSE coalesce({column}, 0) END"

        ids = "c.id, " if graders or topics else ""
        grade_keys = framework.grade_keys
        sql = (f"SELECT {ids}c.ref, {coded('c.case_type', labels)}, {coded('c.sample', framework.samples)}, "
               f"{coded('c.force_grade', grade_keys)}, {coded('c.grade', grade_keys)}, c.allocated_to, "
               f"c.disagreement * {DISAGREEMENT} + c.moderated * {MODERATED}, c.updated_at FROM case_file AS c "
               "ORDER BY c.ref")
        cursor = connection.execute(sql, params)
        grader_code = listing.grader_codes
        listing.in_ref_order = True  # SQLite's binary order of text is Python's order of str

        def codes_of(column: tuple[int | str | None, ...]) -> array[int]:
            try:
                return array("I", cast("tuple[int, ...]", column))  # the framework's values: codes already
            except TypeError:
                return array("I", (value if isinstance(value, int) else code(value) for value in column))

        zeros = array("I", bytes(4 * LISTING_CHUNK))  # copied a chunk at a time, not counted out one by one
        while chunk := cursor.fetchmany(LISTING_CHUNK):
            columns = list(zip(*chunk, strict=True))
            case_ids = columns.pop(0) if ids else ()
            refs, case_types, samples, force_grades, grades, allocated, flags, updated = columns
            listing.refs.extend(refs)
            listing.case_type.extend(codes_of(case_types))
            listing.sample.extend(codes_of(samples))
            listing.force_grade.extend(codes_of(force_grades))
            listing.grade.extend(codes_of(grades))
            listing.allocated.extend(map(code, allocated))
            listing.queries.extend(zeros[:len(refs)])
            listing.extend_stored_times(updated)
            if graders:
                listing.graders.extend(grader_code[tuple(graders.get(i, ()))] for i in case_ids)
            else:
                listing.graders.extend(zeros[:len(refs)])
            if topics:
                states = [topics.get(i, (0, False)) for i in case_ids]
                listing.topics_graded.extend(settled for settled, _ in states)
                listing.flags.extend(flag | TOPICS_DISAGREEMENT * differ
                                     for flag, (_, differ) in zip(flags, states, strict=True))
            else:
                listing.topics_graded.extend(zeros[:len(refs)])
                listing.flags.extend(flags)
        cursor.close()
        # the few cases referred or queried, found by reference in the sorted list (no join over every case)
        for (ref,) in connection.execute(
                "SELECT DISTINCT c.ref FROM case_file AS c JOIN referral AS r ON r.case_id = c.id "
                "WHERE r.status != ?", (WITHDRAWN,)).fetchall():
            listing.flags[bisect_left(listing.refs, ref)] |= REFERRED
        for ref, count in connection.execute(
                "SELECT c.ref, count(*) FROM case_file AS c JOIN case_query AS q ON q.case_id = c.id "
                "WHERE q.closed_at IS NULL GROUP BY c.ref").fetchall():
            listing.queries[bisect_left(listing.refs, ref)] = count
    return listing
