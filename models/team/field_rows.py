"""Writing field values: each field sorted by kind into the row of the statement that writes it, then one
statement per kind through the driver's executemany.

A merge writes 100,000 fields, so a field becomes one tuple, not an ORM object, and no row is read first: an
upsert inserts the row a field names or updates it in place. A row whose value is unchanged keeps its updated_at.
Each kind's rows are written in the order of their (case id, inspector, area), whatever the order the fields came
in, so the same values always give the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import select
from sqlmodel import Session, col

from models.inspection.database import stored_time
from models.inspection.tables import Referral

_ASSESSMENT = "INSERT INTO assessment (case_id, inspector, grade, serious_concern, concern_summary, updated_at) "
GRADE_UPSERT = (_ASSESSMENT + "VALUES (?, ?, ?, 0, '', ?) ON CONFLICT (case_id, inspector) DO UPDATE SET "
                "grade = excluded.grade, updated_at = excluded.updated_at WHERE grade IS NOT excluded.grade")
CONCERN_UPSERT = (_ASSESSMENT + "VALUES (?, ?, NULL, ?, ?, ?) ON CONFLICT (case_id, inspector) DO UPDATE SET "
                  "serious_concern = excluded.serious_concern, concern_summary = excluded.concern_summary, "
                  "updated_at = excluded.updated_at WHERE serious_concern IS NOT excluded.serious_concern "
                  "OR concern_summary IS NOT excluded.concern_summary")
# A note or topic grade on a case not yet graded starts its assessment.
ASSESSMENT_START = _ASSESSMENT + "VALUES (?, ?, NULL, 0, '', ?) ON CONFLICT (case_id, inspector) DO NOTHING"
NOTE_UPSERT = ("INSERT INTO evidence_note (assessment_id, area, text, updated_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (assessment_id, area) DO UPDATE SET text = excluded.text, "
               "updated_at = excluded.updated_at WHERE text IS NOT excluded.text")
NOTE_DELETE = "DELETE FROM evidence_note WHERE assessment_id = ? AND area = ?"
TOPIC_UPSERT = ("INSERT INTO topic_grade (assessment_id, area, grade, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (assessment_id, area) DO UPDATE SET grade = excluded.grade, "
                "updated_at = excluded.updated_at WHERE grade IS NOT excluded.grade")
TOPIC_DELETE = "DELETE FROM topic_grade WHERE assessment_id = ? AND area = ?"

_BY_PAIR = itemgetter(0, 1)


@dataclass
class FieldRows:
    """Field values, each already read (kind, case id, inspector, area) and shaped as check_value accepts,
    sorted by kind into the rows that write them at one moment."""

    moment: datetime
    grades: list[tuple[int, str, object, str]] = field(default_factory=list)
    concerns: list[tuple[int, str, object, object, str]] = field(default_factory=list)
    areas: list[tuple[int, str, str, str, object]] = field(default_factory=list)  # notes and topic grades
    referrals: list[tuple[int, str, dict[str, str] | None]] = field(default_factory=list)
    case_ids: set[int] = field(default_factory=set)  # every case a field names, for the caller to settle
    now: str = field(init=False)  # the moment as SQLite stores it, bound on every row

    def __post_init__(self) -> None:
        self.now = stored_time(self.moment)

    def add(self, kind: str, case_id: int, inspector: str, area: str | None, value: object) -> None:
        self.case_ids.add(case_id)
        if kind == "grade":
            self.grades.append((case_id, inspector, value, self.now))
        elif kind == "concern":
            serious, summary = cast("list[object]", value)
            self.concerns.append((case_id, inspector, serious, summary, self.now))
        elif kind == "referral":
            self.referrals.append((case_id, inspector, cast("dict[str, str] | None", value)))
        else:
            self.areas.append((case_id, inspector, kind, area or "", value))


def write_rows(session: Session, rows: FieldRows) -> set[int]:
    """Write the rows in the session's transaction; returns the ids of the cases they name."""
    session.flush()
    cursor = session.connection().connection.cursor()
    cursor.executemany(GRADE_UPSERT, sorted(rows.grades, key=_BY_PAIR))
    cursor.executemany(CONCERN_UPSERT, sorted(rows.concerns, key=_BY_PAIR))
    if rows.areas:
        _write_areas(cursor, sorted(rows.areas, key=itemgetter(0, 1, 3, 2)), rows.now)
    for case_id, inspector, value in sorted(rows.referrals, key=_BY_PAIR):
        _write_referral(session, case_id, inspector, value, rows.moment)
    session.expire_all()  # ORM objects loaded earlier in this session must not hide these writes
    return rows.case_ids


def _write_areas(cursor: Any, areas: list[tuple[int, str, str, str, object]], now: str) -> None:
    """Evidence notes ("" removes one) and topic grades (null removes one)."""
    pairs = sorted({(case_id, inspector) for case_id, inspector, _, _, _ in areas})
    cursor.executemany(ASSESSMENT_START, [(*pair, now) for pair in pairs])
    ids: dict[tuple[int, str], int] = {}
    for inspector in sorted({who for _, who in pairs}):
        wanted = json.dumps([case_id for case_id, who in pairs if who == inspector])
        ids.update(((case_id, inspector), assessment_id) for case_id, assessment_id in cursor.execute(
            "SELECT case_id, id FROM assessment WHERE inspector = ? AND case_id IN (SELECT value FROM json_each(?))",
            (inspector, wanted)))
    notes: list[tuple[int, str, object, str]] = []
    topics: list[tuple[int, str, object, str]] = []
    removed_notes: list[tuple[int, str]] = []
    removed_topics: list[tuple[int, str]] = []
    for case_id, inspector, kind, area, value in areas:
        assessment_id = ids[case_id, inspector]
        if kind == "note":
            if value:
                notes.append((assessment_id, area, value, now))
            else:
                removed_notes.append((assessment_id, area))
        elif value is not None:
            topics.append((assessment_id, area, value, now))
        else:
            removed_topics.append((assessment_id, area))
    cursor.executemany(NOTE_UPSERT, notes)
    cursor.executemany(NOTE_DELETE, removed_notes)
    cursor.executemany(TOPIC_UPSERT, topics)
    cursor.executemany(TOPIC_DELETE, removed_topics)


def _write_referral(session: Session, case_id: int, inspector: str, value: dict[str, str] | None,
                    now: datetime) -> None:
    """A referral raised by an inspector: created if the case has none; one raised by that same
    inspector and not yet acted on is updated. The lead's own referrals are never overwritten."""
    existing = session.scalars(select(Referral).where(col(Referral.case_id) == case_id)).first()
    if value is None:
        if existing is not None and existing.raised_by == inspector and existing.status == "raised":
            session.delete(existing)
        session.flush()
        return
    fields = dict(value)
    if existing is None:
        session.add(Referral(case_id=case_id, reason=fields["reason"], summary=fields["summary"],
                             raised_on=fields["raised_on"], raised_by=inspector, updated_at=now))
    elif existing.raised_by == inspector and existing.status == "raised":
        existing.reason, existing.summary, existing.raised_on = fields["reason"], fields["summary"], fields["raised_on"]
        existing.updated_at = now
    session.flush()
