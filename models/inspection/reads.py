"""Reads in plain SQL on the open file's own DB-API connection (InspectionDatabase.reading): what a start shows
first (the inspection, its framework) and the report's tally read them here, without loading the ORM.

Each read has this one implementation; the service layer calls these too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol

from models.errors import ServiceError
from models.inspection.framework import Framework, parse_framework
from models.inspection.records import (
    AssessmentView,
    CaseDetail,
    CaseRow,
    FollowUpBasis,
    InspectionInfo,
    ReferralView,
)


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Reader(Protocol):
    """A DB-API connection (sqlcipher3's, or the driver connection under a SQLAlchemy one)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...


FINAL_KEY = "final"  # meta: the lead marked the report final (JSON {"at", "by"}); nothing it counts changes after
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


def optional_datetime(value: str | datetime | None) -> datetime | None:
    return None if value is None else stored_datetime(value)
