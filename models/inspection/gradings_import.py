"""Writing a checked gradings file in bulk: every row's assessment, notes and topic grades by executemany, the cases'
settled grades recomputed once, and one audit event per row appended together, all in the caller's transaction.

The rows are those validate_gradings accepted (one per case and inspector), so nothing here refuses anything: a
database error undoes the whole import with the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import Session

from models.inspection import audit
from models.inspection.database import bulk_insert, bulk_update, chunked, stored_time
from models.inspection.imports import GradingDraft
from models.inspection.settling import settle_many
from models.inspection.tables import Assessment, EvidenceNote, TopicGrade, core_table


@dataclass(frozen=True)
class Written:
    added: int  # assessments created
    updated: int  # assessments that existed and were updated


def write_gradings(session: Session, actor: str, case_ids: dict[str, int], drafts: Sequence[GradingDraft]) -> Written:
    """Each row as set_grade, set_note, set_topic_grade and set_serious_concern would leave it, with the audit event
    the one-row-at-a-time import recorded ("import-grading", before and after); settles every graded case."""
    session.flush()
    connection = session.connection()
    now = stored_time(datetime.now(UTC))
    assessments = core_table(Assessment)
    cursor = connection.connection.cursor()  # plain scans: the rows of a whole inspection, no per-row mapping
    existing: dict[tuple[int, str], tuple[int, str | None, bool]] = {}
    for a_id, case_id, inspector, grade, concern in cursor.execute(
            "SELECT id, case_id, inspector, grade, serious_concern FROM assessment"):
        existing[case_id, inspector] = (a_id, grade, bool(concern))
    inserts: list[tuple[object, ...]] = []
    updates: list[dict[str, Any]] = []
    for d in drafts:
        found = existing.get((case_ids[d.case_ref], d.inspector))
        if found is None:
            inserts.append((case_ids[d.case_ref], d.inspector, d.grade, d.serious_concern, d.concern_summary, now))
        else:
            # None: the framework gives a case no overall grade, and the grade the case had stays
            grade = d.grade if d.grade is not None else found[1]
            updates.append({"b_id": found[0], "grade": grade, "serious_concern": d.serious_concern,
                            "concern_summary": d.concern_summary, "updated_at": now})
    bulk_insert(connection, assessments, inserts,
                columns=("case_id", "inspector", "grade", "serious_concern", "concern_summary", "updated_at"))
    bulk_update(connection, assessments, updates)
    ids = {key: found[0] for key, found in existing.items()}
    if inserts:  # the new assessments' ids
        ids = {(case_id, inspector): a_id for a_id, case_id, inspector in cursor.execute(
            "SELECT id, case_id, inspector FROM assessment")}
    topics_before = _write_notes_and_topics(connection, ids, case_ids, drafts, {v[0] for v in existing.values()}, now)
    events = []
    for d in drafts:
        found = existing.get((case_ids[d.case_ref], d.inspector))
        before: dict[str, object] = {"grade": found[1] if found else None, "concern": found[2] if found else False}
        after: dict[str, object] = {"grade": d.grade, "concern": d.serious_concern, "notes": sorted(d.notes)}
        if d.topic_grades:
            before["topics"] = topics_before.get((case_ids[d.case_ref], d.inspector), {})
            after["topics"] = dict(d.topic_grades)
        events.append(("import-grading", "assessment", f"{d.case_ref}/{d.inspector}", before, after))
    audit.append_many(connection, actor, events)
    touched = {case_ids[d.case_ref] for d in drafts}
    _settle_many(connection, touched, {case_ids[d.case_ref] for d in drafts if d.grade is not None}, now)
    session.expire_all()  # ORM objects loaded earlier in this session must not hide these writes
    return Written(added=len(inserts), updated=len(updates))


def _write_notes_and_topics(connection: Connection, ids: dict[tuple[int, str], int], case_ids: dict[str, int],
                            drafts: Sequence[GradingDraft], earlier: set[int], now: str
                            ) -> dict[tuple[int, str], dict[str, str]]:
    """Notes and topic grades: replaced where the assessment had one for that area, added otherwise. Returns the
    topic grades the rows replace (for the audit's "before")."""
    wanted = [(ids[case_ids[d.case_ref], d.inspector], d) for d in drafts]
    touched = {a_id for a_id, d in wanted if (d.notes or d.topic_grades) and a_id in earlier}
    notes_table, topics_table = core_table(EvidenceNote), core_table(TopicGrade)
    old_notes: dict[tuple[int, str], int] = {}
    old_topics: dict[tuple[int, str], tuple[int, str]] = {}
    for chunk in chunked(touched):  # new assessments have no notes or topic grades yet
        for n_id, a_id, area in connection.execute(select(
                notes_table.c.id, notes_table.c.assessment_id, notes_table.c.area).where(
                notes_table.c.assessment_id.in_(chunk))):
            old_notes[a_id, area] = n_id
        for t_id, a_id, area, grade in connection.execute(select(
                topics_table.c.id, topics_table.c.assessment_id, topics_table.c.area, topics_table.c.grade).where(
                topics_table.c.assessment_id.in_(chunk))):
            old_topics[a_id, area] = (t_id, grade)
    note_inserts, note_updates, topic_inserts, topic_updates = [], [], [], []
    replaced: dict[tuple[int, str], dict[str, str]] = {}
    for a_id, d in wanted:
        for area, text in d.notes.items():
            if (a_id, area) in old_notes:
                note_updates.append({"b_id": old_notes[a_id, area], "text": text})
            else:
                note_inserts.append((a_id, area, text, now))
        for area, grade in d.topic_grades.items():
            if (a_id, area) in old_topics:
                t_id, previous = old_topics[a_id, area]
                replaced.setdefault((case_ids[d.case_ref], d.inspector), {})[area] = previous
                topic_updates.append({"b_id": t_id, "grade": grade, "updated_at": now})
            else:
                topic_inserts.append((a_id, area, grade, now))
    bulk_insert(connection, notes_table, note_inserts, columns=("assessment_id", "area", "text", "updated_at"))
    bulk_update(connection, notes_table, note_updates)
    bulk_insert(connection, topics_table, topic_inserts, columns=("assessment_id", "area", "grade", "updated_at"))
    bulk_update(connection, topics_table, topic_updates)
    return replaced


def _settle_many(connection: Connection, touched: set[int], graded: set[int], now: str) -> None:
    """The settling rule (models.inspection.settling) for each graded case; every touched case is marked
    updated, its notes or concern having changed if not its grade."""
    cursor = connection.connection.cursor()
    settle_many(cursor, graded, now)
    cursor.execute("UPDATE case_file SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                   (now, json.dumps(sorted(touched))))
