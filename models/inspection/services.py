"""The one service layer used by the GUI, the CLI and the tests. Every change is audited in its transaction."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Collection, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select
from sqlmodel import Session, col

from models.collection import collector_held
from models.errors import ImportProblem, ImportRejected, ServiceError, WarningsNotAccepted
from models.inspection import audit, reads
from models.inspection.database import WRITE_OPTION, InspectionDatabase, bulk_insert, stored_time
from models.inspection.framework import DEFAULT_FRAMEWORK, Framework, load_framework
from models.inspection.gradings_import import write_gradings
from models.inspection.imports import (
    GradingDraft,
    GradingsPreview,
    ValueMap,
    gradings_headers,
    sample_headers,
    validate_gradings,
    validate_sample,
)
from models.inspection.opened import OpenedInspection
from models.inspection.reads import follow_up_basis, inspection_info
from models.inspection.records import EVIDENCE_SOURCES as EVIDENCE_SOURCES
from models.inspection.records import FORCE_TERMS as FORCE_TERMS
from models.inspection.records import RESPONSE_KINDS as RESPONSE_KINDS
from models.inspection.records import (
    CaseRow,
    FollowUpBasis,
    ForceEvidenceView,
    ForceJudgementView,
    ImportSummary,
    ReferralView,
    SamplePreview,
)
from models.inspection.redaction import RedactionResult
from models.inspection.settling import SETTLE_ONE_CASE
from models.inspection.tables import (
    FINAL_KEY,
    Allocation,
    Assessment,
    Case,
    CaseQuery,
    EvidenceNote,
    ForceEvidence,
    ForceJudgement,
    Inspection,
    Meta,
    Referral,
    TeamMember,
    TopicGrade,
    core_table,
    stored_id,
)
from models.inspection.tabular import Reading, ReadOptions, Sheet, read_sheet
from models.inspection.tally import Tally, compute_tally
from models.progress import FileBusy, Progress, report

if TYPE_CHECKING:
    from models.inspection.backups import BackupAlongside

REFERRAL_STATUSES = ("raised", "letter-sent", "responded", "closed")
IMPORT_BATCH = 2000  # rows between progress reports (and chances to cancel) in an import
WITHDRAWN = reads.WITHDRAWN


def refuse_if_final(mark_json: str | None) -> None:
    """Raise the one clear message for an edit to a final report (mark_json: the meta value; None: not final)."""
    if mark_json is None:
        return
    mark = json.loads(mark_json)
    raise ServiceError(f"The report was marked final on {str(mark['at'])[:10]} by {mark['by']}: grades, notes, "
                       "concerns, referrals and the sample can no longer be changed in this file. Nothing was "
                       "changed.")


def check_dates(start: date, end: date) -> None:
    """An inspection's fieldwork runs forwards and for a plausible time."""
    if end < start:
        raise ServiceError(f"The inspection cannot end ({end.isoformat()}) before it starts ({start.isoformat()}).")
    if (end - start).days > 366:
        raise ServiceError(f"An inspection of {(end - start).days + 1} days is not plausible; check the dates.")


def _now() -> datetime:
    return datetime.now(UTC)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class InspectionService(OpenedInspection):
    """An open inspection, acting on behalf of one named person (the actor in the audit log)."""

    # -- lifecycle ------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str, *, force_name: str, actor: str,
               framework: Framework | str = DEFAULT_FRAMEWORK, force_term: str = "force",
               chief_officer: str = "", dates: tuple[date, date] | None = None, addressee_name: str = "",
               follows: FollowUpBasis | None = None) -> InspectionService:
        """Create the encrypted file and record the inspection in it."""
        if not force_name.strip():
            raise ServiceError("The force name is empty.")
        if dates:
            check_dates(*dates)
        if force_term not in FORCE_TERMS:
            raise ServiceError(f"Force term must be one of {', '.join(FORCE_TERMS)}, not '{force_term}'.")
        if isinstance(framework, str):
            framework = load_framework(framework)
        db = InspectionDatabase.create(path, passphrase)
        service = cls(db, actor)
        inspection = Inspection(
            id=str(uuid.uuid4()), force_name=force_name.strip(), force_term=force_term,
            framework_key=framework.key, framework_toml=framework.source, chief_officer=chief_officer,
            start_date=dates[0].isoformat() if dates else None, end_date=dates[1].isoformat() if dates else None,
            created_at=_now(), created_by=actor, addressee_name=" ".join(addressee_name.split()),
            follows=None if follows is None else json.dumps(follows.to_json(), sort_keys=True),
        )
        try:
            with service.write() as session:
                session.add(inspection)
                created: dict[str, object] = {"force": inspection.force_name, "framework": framework.key}
                if follows is not None:
                    created["follows"] = follows.inspection_id
                audit.record(session, actor, "create-inspection", "inspection", inspection.id, None, created)
        except BaseException:
            db.discard()  # a full disk: no half-made file is left to block the retry
            raise
        return service

    @classmethod
    def open(cls, path: Path | str, *, actor: str, key_hex: str | None = None,
             passphrase: str | None = None) -> InspectionService:
        db = InspectionDatabase.open(path, key_hex=key_hex, passphrase=passphrase)
        return cls(db, actor)

    @classmethod
    def beside(cls, path: Path | str, key: bytes, actor: str) -> InspectionService:
        """The same inspection through connections of its own, for work on another thread while the window
        keeps the file open (and locked); closed by its with-block."""
        return cls(InspectionDatabase.beside(path, key.hex()), actor)

    # -- the unit of work: the one door for the modules that build on this service ------------------

    def write(self) -> AbstractContextManager[Session]:
        """One write transaction: the with-block commits (durably: synchronous=FULL) or rolls back as a whole.

        Refused (FileBusy, nothing written) while background work holds the file for writing."""
        self._writes_open()
        return _Transaction(self.db.session())

    @contextmanager
    def edit(self) -> Iterator[Session]:
        """A write transaction that changes the inspection's record (grades, notes, concerns, referrals, the
        sample, the team's work): refused before anything is written once the report was marked final."""
        with self.write() as session:
            self.refuse_if_final(session)
            yield session

    def _writes_open(self) -> None:
        if self.writes_held is not None:
            raise FileBusy(self.writes_held)

    def read(self) -> Session:
        """A read session, closed by its with-block."""
        return self.db.session()

    def connect(self) -> AbstractContextManager[Connection]:
        """A plain SQLAlchemy Core connection for bulk reads (publishing, hot paths)."""
        return self.db.connect()

    def back_up(self, reason: str) -> Path:
        """An encrypted backup of this file beside it (models.inspection.backups), named for its reason."""
        from models.inspection.backups import take_backup

        return take_backup(self.db, reason)

    def backing_up(self, reason: str) -> BackupAlongside:
        """back_up for a with-block inside a write transaction: copied on a thread alongside the block from its
        start(), kept as it ends if it said want() (models.inspection.backups.BackupAlongside)."""
        from models.inspection.backups import BackupAlongside

        return BackupAlongside(self.db, reason)

    def refuse_if_final(self, session: Session) -> None:
        """Refuse, in the caller's unit of work, an edit to an inspection whose report was marked final."""
        row = session.get(Meta, FINAL_KEY)
        refuse_if_final(None if row is None else row.value)

    def redact_texts(self) -> RedactionResult:
        """Replace the evidence notes, concern and query texts of a final report by a marker, a hash of each kept
        in the audit (models.inspection.redaction); then rewrite the file so no freed page keeps the old text."""
        from models.inspection.redaction import redact

        with self.write() as session:
            result = redact(session, self.actor, self.inspection_in(session).id)
        with self.db.engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert driver is not None  # a connection in use has its driver connection
            driver.execute("VACUUM")  # outside any transaction: the driver connection autocommits
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return result

    # -- the inspection -------------------------------------------------------------------------

    def inspection_in(self, session: Session) -> Inspection:
        """The inspection row, in the caller's unit of work."""
        inspection = session.scalars(select(Inspection)).first()
        if inspection is None:
            raise ServiceError("This file holds no inspection.")
        return inspection

    def set_chief_officer(self, addressee: str) -> None:
        """The title of the letters' addressee ("Assistant Chief Constable")."""
        with self.write() as session:
            inspection = self.inspection_in(session)
            before = inspection.chief_officer
            inspection.chief_officer = addressee.strip()
            audit.record(session, self.actor, "set-chief-officer", "inspection", inspection.id, before,
                         inspection.chief_officer)

    def set_addressee(self, name: str | None = None, title: str | None = None) -> None:
        """The letters' addressee: their name and their title, kept apart (None leaves one as it is)."""
        with self.write() as session:
            inspection = self.inspection_in(session)
            before = {"name": inspection.addressee_name, "title": inspection.chief_officer}
            if name is not None:
                inspection.addressee_name = " ".join(name.split())
            if title is not None:
                inspection.chief_officer = " ".join(title.split())
            audit.record(session, self.actor, "set-addressee", "inspection", inspection.id, before,
                         {"name": inspection.addressee_name, "title": inspection.chief_officer})

    def set_follows(self, basis: FollowUpBasis | None) -> None:
        """Name the inspection this one follows up, with the counts kept of it (None: it follows none)."""
        with self.edit() as session:
            inspection = self.inspection_in(session)
            if basis is not None and basis.inspection_id == inspection.id:
                raise ServiceError("An inspection cannot follow up itself.")
            before = follow_up_basis(inspection.follows)
            inspection.follows = None if basis is None else json.dumps(basis.to_json(), sort_keys=True)
            audit.record(session, self.actor, "set-follows", "inspection", inspection.id,
                         before.inspection_id if before else None, basis.to_json() if basis else None)

    def set_retention(self, until: date | None) -> None:
        """The day after which the inspection's data should no longer be kept (None: no date)."""
        with self.write() as session:
            inspection = self.inspection_in(session)
            before = inspection.retain_until
            inspection.retain_until = until.isoformat() if until else None
            audit.record(session, self.actor, "set-retention", "inspection", inspection.id, before,
                         inspection.retain_until)

    def set_dates(self, start: date | None, end: date | None) -> None:
        """The fieldwork's first and last day on site (None clears both): the year documents carry."""
        if (start is None) != (end is None):
            raise ServiceError("Give both the first and the last day of the inspection, or neither.")
        if start and end:
            check_dates(start, end)
        with self.edit() as session:
            inspection = self.inspection_in(session)
            before = {"start": inspection.start_date, "end": inspection.end_date}
            inspection.start_date = start.isoformat() if start else None
            inspection.end_date = end.isoformat() if end else None
            audit.record(session, self.actor, "set-dates", "inspection", inspection.id, before,
                         {"start": inspection.start_date, "end": inspection.end_date})

    # -- sample ---------------------------------------------------------------------------------

    def _refs(self, session: Session) -> set[str]:
        return set(session.scalars(select(col(Case.ref))))

    def preview_sample(self, path: Path | str, mapping: dict[str, str | None] | None = None, *,
                       values: ValueMap | None = None, options: ReadOptions | None = None) -> SamplePreview:
        """Read and validate a sample without writing anything (the wizard's preview): the drafts, the errors,
        the warnings to accept and how the file was read."""
        with collector_held(), self.read() as session:
            sheet = read_sheet(path, options, sample_headers())
            return validate_sample(sheet, self.framework, self._refs(session), mapping, values)

    def import_sample(self, path: Path | str, mapping: dict[str, str | None] | None = None, *,
                      values: ValueMap | None = None, options: ReadOptions | None = None,
                      accepted: Collection[str] = (), progress: Progress | None = None) -> ImportSummary:
        """Add the force's case sample: all rows or none. `accepted` holds the warnings the user accepted (as
        described); a warning not among them refuses the import. `progress` may cancel it between batches."""
        path = Path(path)
        with collector_held():  # a row's objects are freed by their counts; the collector only slows the read
            sheet = read_sheet(path, options, sample_headers())
        checksum = _sha256(path)
        with self.edit() as session, collector_held():
            preview = validate_sample(sheet, self.framework, self._refs(session), mapping, values)
            del sheet  # the drafts hold what is inserted: the rows read go before the insert
            if preview.problems:
                raise ImportRejected(preview.problems)
            _check_accepted(preview.warnings, accepted)
            drafts = preview.drafts
            columns = itemgetter(1, 2, 3, 4)  # a draft's ref, case_type, sample and force_grade

            def reported() -> Iterator[tuple[str, str, str, str | None]]:
                """The rows for one executemany, with progress (and a chance to cancel) between batches."""
                for start in range(0, len(drafts), IMPORT_BATCH):
                    report(progress, start, len(drafts))
                    yield from map(columns, drafts[start:start + IMPORT_BATCH])

            bulk_insert(session.connection(), core_table(Case), reported(),
                        columns=("ref", "case_type", "sample", "force_grade"),
                        constants={"moderated": 0, "disagreement": 0})
            report(progress, len(drafts), len(drafts))
            audit.record(session, self.actor, "import-sample", "sample", path.name, None,
                         {"file": path.name, "sha256": checksum, "cases": len(preview.drafts),
                          **_how_read(preview.reading, preview.mapping, values, preview.warnings)})
        return ImportSummary(path.name, added=len(preview.drafts), sha256=checksum)

    def add_case(self, ref: str, case_type: str, sample: str, force_grade: str | None = None) -> CaseRow:
        """Add one case by hand, with the same checks as an import."""
        from models.inspection.tabular import SheetRow

        sheet = Sheet("new case", ("case_ref", "case_type", "sample", "force_grade"),
                      (SheetRow(1, {"case_ref": ref, "case_type": case_type, "sample": sample,
                                    "force_grade": force_grade or ""}),))
        with self.edit() as session:
            preview = validate_sample(sheet, self.framework, self._refs(session))
            if preview.problems:
                raise ServiceError(preview.problems[0].detail)
            d = preview.drafts[0]
            session.add(Case(ref=d.ref, case_type=d.case_type, sample=d.sample, force_grade=d.force_grade,
                             updated_at=_now()))
            audit.record(session, self.actor, "add-case", "case", d.ref, None,
                         {"case_type": d.case_type, "sample": d.sample, "force_grade": d.force_grade})
        return self.case(ref)

    # -- reading cases --------------------------------------------------------------------------

    def _row(self, case: reads.CaseColumns, graders: Iterable[str], referred: bool,
             topics: tuple[int, bool] = (0, False), queries: int = 0) -> CaseRow:
        return reads.case_row(self.framework, case, graders, referred, topics, queries)

    def _open_queries(self, session: Session, case: Case) -> int:
        return len(session.scalars(select(col(CaseQuery.id)).where(
            col(CaseQuery.case_id) == case.id, col(CaseQuery.closed_at).is_(None))).all())

    def case_in(self, session: Session, ref: str) -> Case:
        """The case row for ref, in the caller's unit of work; an unknown ref is a ServiceError."""
        case = session.scalars(select(Case).where(col(Case.ref) == ref)).first()
        if case is None:
            raise ServiceError(f"No case '{ref}' in this inspection.")
        return case

    def case(self, ref: str) -> CaseRow:
        with self.read() as session:
            case = self.case_in(session, ref)
            graders = session.scalars(
                select(col(Assessment.inspector)).where(col(Assessment.case_id) == case.id)
                .order_by(col(Assessment.inspector))
            ).all()
            referred = session.execute(
                select(col(Referral.id)).where(col(Referral.case_id) == case.id,
                                               col(Referral.status) != WITHDRAWN)).first() is not None
            driver = session.connection().connection.driver_connection
            assert driver is not None  # a connection in use has its driver connection
            topics = reads.topic_states(driver, self.framework, stored_id(case)).get(stored_id(case), (0, False))
            return self._row(case, graders, referred, topics, self._open_queries(session, case))

    # -- grading --------------------------------------------------------------------------------

    def _existing_assessment(self, session: Session, case: Case, inspector: str) -> Assessment | None:
        return session.scalars(select(Assessment).where(
            col(Assessment.case_id) == case.id, col(Assessment.inspector) == inspector)).first()

    def _assessment(self, session: Session, case: Case, inspector: str) -> tuple[Assessment, bool]:
        if not inspector.strip():
            raise ServiceError("The inspector's name is empty.")
        found = self._existing_assessment(session, case, inspector)
        if found:
            return found, False
        created = Assessment(case_id=stored_id(case), inspector=inspector, updated_at=_now())
        session.add(created)
        session.flush()
        return created, True

    def check_grade(self, grade: str | None) -> str | None:
        """The grade key for what was typed, or a ServiceError listing the framework's grades."""
        if grade is None:
            return None
        key = self.framework.match_grade(grade)
        if key is None:
            raise ServiceError(f"'{grade}' is not a grade of {self.framework.name}: "
                               f"{', '.join(g.label for g in self.framework.grades)}.")
        return key

    def set_grade(self, ref: str, inspector: str, grade: str | None) -> str | None:
        """Record (or clear, with None) one inspector's grade for a case; returns the grade it replaced.

        The hot path of grading: plain SQL in one durable transaction, five statements: one read (the case,
        this inspector's assessment, the newest audit event and the final mark), the assessment, its audit
        event and the chain head, and the settled grade. No ORM objects.
        """
        key = self.check_grade(grade)
        with self._write_connection() as connection:
            cursor = connection.connection.cursor()  # plain SQL on the driver: this runs on every click
            found = cursor.execute(
                f"SELECT c.id, c.moderated, a.id, a.grade, {audit.LAST_SEQ}, {audit.LAST_HASH}, "
                "(SELECT value FROM meta WHERE key = ?) FROM case_file c "
                "LEFT JOIN assessment a ON a.case_id = c.id AND a.inspector = ? WHERE c.ref = ?",
                (FINAL_KEY, inspector, ref)).fetchone()
            if found is None:  # a final report is refused first, whatever the case
                final = cursor.execute("SELECT value FROM meta WHERE key = ?", (FINAL_KEY,)).fetchone()
                refuse_if_final(final[0] if final else None)
                raise ServiceError(f"No case '{ref}' in this inspection.")
            refuse_if_final(found[6])
            case_id, moderated, mine, last_seq, last_hash = found[0], found[1], found[2], found[4], found[5]
            before: str | None = found[3]
            # Clearing a grade that was never given changes nothing, so creates no assessment either.
            if before == key:
                return before
            now = stored_time(_now())
            if mine is None:
                if not inspector.strip():
                    raise ServiceError("The inspector's name is empty.")
                cursor.execute("INSERT INTO assessment (case_id, inspector, grade, serious_concern, concern_summary, "
                               "updated_at) VALUES (?, ?, ?, 0, '', ?)", (case_id, inspector, key, now))
            else:
                cursor.execute("UPDATE assessment SET grade = ?, updated_at = ? WHERE id = ?", (key, now, mine))
            audit.append_after(cursor, None if last_seq is None else (last_seq, last_hash), self.actor,
                               "set-grade", "assessment", f"{ref}/{inspector}", before, key)
            if not moderated:  # the settling rule: the graders' common grade, none while they disagree
                cursor.execute(SETTLE_ONE_CASE, {"case": case_id, "now": now})
        return before

    @contextmanager
    def _write_connection(self) -> Iterator[Connection]:
        """A Core write transaction (BEGIN IMMEDIATE), committed durably on leaving the block."""
        self._writes_open()
        with self.db.engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection

    def set_note(self, ref: str, inspector: str, area: str, text: str) -> None:
        """Save the evidence note for one assessment area; an empty text removes it."""
        if area not in self.framework.area_keys:
            raise ServiceError(f"Unknown assessment area '{area}'.")
        with self.edit() as session:
            case = self.case_in(session, ref)
            if not text and self._existing_assessment(session, case, inspector) is None:
                return  # an empty note where there was none: no change, no new assessment
            assessment, _ = self._assessment(session, case, inspector)
            note = session.scalars(select(EvidenceNote).where(
                col(EvidenceNote.assessment_id) == assessment.id, col(EvidenceNote.area) == area)).first()
            before = note.text if note else ""
            if before == text:
                return
            if note is None:
                session.add(EvidenceNote(assessment_id=stored_id(assessment), area=area, text=text,
                                         updated_at=_now()))
            elif text:
                note.text = text
                note.updated_at = _now()
            else:
                session.delete(note)
            case.updated_at = assessment.updated_at = _now()
            audit.record(session, self.actor, "set-note", "note", f"{ref}/{inspector}/{area}", before, text)

    def _check_graded_area(self, area: str) -> None:
        if area not in self.framework.graded_area_keys:
            graded = ", ".join(a.label for a in self.framework.graded_areas) or "none"
            raise ServiceError(f"'{area}' is not a graded area of {self.framework.name} (graded areas: {graded}).")

    def set_topic_grade(self, ref: str, inspector: str, area: str, grade: str | None) -> str | None:
        """Record (or clear, with None) one inspector's grade for one graded area of a case; returns the grade
        it replaced."""
        self._check_graded_area(area)
        key = self.check_grade(grade)
        with self.edit() as session:
            case = self.case_in(session, ref)
            existing = self._existing_assessment(session, case, inspector)
            found = session.scalars(select(TopicGrade).where(
                col(TopicGrade.assessment_id) == existing.id, col(TopicGrade.area) == area)).first() if existing else None
            before = found.grade if found else None
            if before == key:
                return before
            assessment, _ = self._assessment(session, case, inspector)
            if found is None and key is not None:
                session.add(TopicGrade(assessment_id=stored_id(assessment), area=area, grade=key, updated_at=_now()))
            elif found is not None and key is None:
                session.delete(found)
            elif found is not None and key is not None:
                found.grade, found.updated_at = key, _now()
            case.updated_at = assessment.updated_at = _now()
            audit.record(session, self.actor, "set-topic-grade", "topic-grade", f"{ref}/{inspector}/{area}",
                         before, key)
        return before

    def set_serious_concern(self, ref: str, inspector: str, concern: bool, summary: str = "") -> tuple[bool, str]:
        """Flag or clear one inspector's serious concern; returns the flag and summary it replaced."""
        with self.edit() as session:
            case = self.case_in(session, ref)
            if not concern and not summary and self._existing_assessment(session, case, inspector) is None:
                return False, ""
            assessment, _ = self._assessment(session, case, inspector)
            previous = (assessment.serious_concern, assessment.concern_summary)
            before = {"concern": assessment.serious_concern, "summary": assessment.concern_summary}
            assessment.serious_concern = concern
            assessment.concern_summary = summary
            assessment.updated_at = case.updated_at = _now()
            audit.record(session, self.actor, "set-serious-concern", "assessment", f"{ref}/{inspector}", before,
                         {"concern": concern, "summary": summary})
        return previous

    def _team(self, session: Session) -> set[str]:
        """Who may grade: the registered team members (not revoked) and the inspectors allocated cases."""
        members = set(session.scalars(select(col(TeamMember.name)).where(col(TeamMember.revoked).is_(False))))
        return members | set(session.scalars(select(col(Allocation.inspector)).distinct()))

    def _validate_gradings(self, session: Session, sheet: Sheet, mapping: dict[str, str | None] | None,
                           values: ValueMap | None) -> GradingsPreview:
        graders = set(session.scalars(select(col(Assessment.inspector)).distinct()))
        return validate_gradings(sheet, self.framework, self._refs(session), mapping, values,
                                 team=self._team(session), graders=graders)

    def preview_gradings(self, path: Path | str, mapping: dict[str, str | None] | None = None, *,
                         values: ValueMap | None = None, options: ReadOptions | None = None) -> GradingsPreview:
        """Read and check a gradings file without writing anything."""
        with collector_held(), self.read() as session:
            sheet = read_sheet(path, options, gradings_headers(self.framework))
            return self._validate_gradings(session, sheet, mapping, values)

    def import_gradings(self, path: Path | str, mapping: dict[str, str | None] | None = None, *,
                        values: ValueMap | None = None, options: ReadOptions | None = None,
                        accepted: Collection[str] = (), progress: Progress | None = None) -> ImportSummary:
        """Import one or more inspectors' gradings: all rows or none (`progress` may cancel it between rows)."""
        path = Path(path)
        with collector_held():  # as for a sample: the rows' objects are freed by their counts
            sheet = read_sheet(path, options, gradings_headers(self.framework))
        checksum = _sha256(path)
        with self.edit() as session, collector_held():
            preview = self._validate_gradings(session, sheet, mapping, values)
            if preview.problems:
                raise ImportRejected(preview.problems)
            _check_accepted(preview.warnings, accepted)
            drafts = preview.drafts
            case_ids = {ref: case_id for ref, case_id in session.execute(select(col(Case.ref), col(Case.id)))}
            report(progress, 0, len(drafts))  # cancelled here or below, the transaction rolls back
            written = write_gradings(session, self.actor, case_ids, drafts)
            added, updated = written.added, written.updated
            raised = sum(self._refer(session, draft) for draft in drafts if draft.refer)
            report(progress, len(drafts), len(drafts))
            audit.record(session, self.actor, "import-gradings", "gradings", path.name, None,
                         {"file": path.name, "sha256": checksum, "rows": len(drafts),
                          **_how_read(preview.reading, preview.mapping, values, preview.warnings)})
        return ImportSummary(path.name, added=added, updated=updated, referrals_raised=raised, sha256=checksum,
                             unreferred_concerns=sum(d.serious_concern and not d.refer for d in drafts))

    def _refer(self, session: Session, draft: GradingDraft) -> bool:
        """Raise the referral a gradings row asks for, unless the case is already referred; True if raised."""
        case = self.case_in(session, draft.case_ref)
        # A serious concern is not by itself a referral: only a row that says "refer" (a referral reason, or a
        # refer column saying yes) raises one, so a report can count 17 concerns and 14 referrals.
        referral = session.scalars(select(Referral).where(col(Referral.case_id) == case.id)).first()
        if referral is not None and referral.status != WITHDRAWN:
            return False
        raised_on = draft.referred_on or date.today().isoformat()
        self._add_referral(session, case, draft.referral_reason or "", draft.concern_summary, raised_on,
                           draft.inspector, referral)
        return True

    # -- force judgements -----------------------------------------------------------------------

    def _check_judged_area(self, area: str) -> None:
        if area not in {a.key for a in self.framework.judged_areas}:
            judged = ", ".join(a.label for a in self.framework.judged_areas) or "none"
            raise ServiceError(f"'{area}' is not a topic {self.framework.name} judges for the whole force "
                               f"(topics judged: {judged}).")

    def set_force_judgement(self, area: str, grade: str | None) -> str | None:
        """The inspectorate's grade for one topic across the whole force; returns the grade it replaced."""
        self._check_judged_area(area)
        key = self.check_grade(grade)
        with self.edit() as session:
            judgement = session.get(ForceJudgement, area)
            before = judgement.grade if judgement else None
            if before == key:
                return before
            if judgement is None:
                session.add(ForceJudgement(area=area, grade=key, updated_by=self.actor, updated_at=_now()))
            else:
                judgement.grade, judgement.updated_by, judgement.updated_at = key, self.actor, _now()
            audit.record(session, self.actor, "set-force-judgement", "force-judgement", area, before, key)
        return before

    def add_force_evidence(self, area: str, source: str, text: str) -> int:
        """Add a piece of evidence for a force judgement (an interview, a document...); returns its id."""
        self._check_judged_area(area)
        if source not in EVIDENCE_SOURCES:
            raise ServiceError(f"Evidence source must be one of {', '.join(EVIDENCE_SOURCES)}, not '{source}'.")
        if not text.strip():
            raise ServiceError("The evidence note is empty.")
        with self.edit() as session:
            evidence = ForceEvidence(area=area, source=source, text=text.strip(), recorded_by=self.actor,
                                     updated_at=_now())
            session.add(evidence)
            session.flush()
            audit.record(session, self.actor, "add-force-evidence", "force-evidence", str(evidence.id), None,
                         {"area": area, "source": source, "text": evidence.text})
            return stored_id(evidence)

    def edit_force_evidence(self, evidence_id: int, text: str) -> None:
        """Change a piece of force evidence's text; an empty text removes it."""
        with self.edit() as session:
            evidence = session.get(ForceEvidence, evidence_id)
            if evidence is None:
                raise ServiceError(f"No force evidence number {evidence_id}.")
            before = evidence.text
            if text.strip():
                evidence.text, evidence.updated_at = text.strip(), _now()
            else:
                session.delete(evidence)
            audit.record(session, self.actor, "edit-force-evidence", "force-evidence", str(evidence_id), before,
                         text.strip())

    def force_judgements(self) -> list[ForceJudgementView]:
        """Every judged topic of the framework, in its order, with its grade and evidence."""
        with self.read() as session:
            grades = dict(session.execute(select(col(ForceJudgement.area), col(ForceJudgement.grade))).all())
            evidence: dict[str, list[ForceEvidenceView]] = {}
            for e in session.scalars(select(ForceEvidence).order_by(col(ForceEvidence.id))):
                evidence.setdefault(e.area, []).append(
                    ForceEvidenceView(stored_id(e), e.source, e.text, e.recorded_by, e.updated_at))
        return [ForceJudgementView(a.key, a.label, grades.get(a.key), tuple(evidence.get(a.key, ())))
                for a in self.framework.judged_areas]

    # -- referrals ------------------------------------------------------------------------------

    def _referral_view(self, case: Case, r: Referral) -> ReferralView:
        return ReferralView(case.ref, case.case_type, r.reason, r.summary, r.raised_on, r.raised_by, r.status,
                            r.response_kind, r.response, r.responded_on, r.letter_sent_on, r.due_on, r.closed_on,
                            r.withdrawn_on, r.withdrawn_reason)

    def _add_referral(self, session: Session, case: Case, reason: str, summary: str, raised_on: str,
                      raised_by: str, withdrawn: Referral | None = None) -> Referral:
        """A new referral; a case whose referral was withdrawn is referred again on the same record, which
        starts afresh (the audit keeps the first one's history)."""
        referral = withdrawn or Referral(case_id=stored_id(case), reason=reason, summary=summary,
                                         raised_on=raised_on, raised_by=raised_by, updated_at=_now())
        if withdrawn is not None:
            for name, value in (("reason", reason), ("summary", summary), ("raised_on", raised_on),
                                ("raised_by", raised_by), ("status", "raised"), ("response_kind", None),
                                ("response", ""), ("responded_on", None), ("letter_sent_on", None),
                                ("due_on", None), ("closed_on", None), ("withdrawn_on", None),
                                ("withdrawn_reason", ""), ("updated_at", _now())):
                setattr(referral, name, value)
        session.add(referral)
        audit.record(session, self.actor, "raise-referral", "referral", case.ref, None,
                     {"reason": reason, "summary": summary, "raised_on": raised_on})
        return referral

    def _reason_key(self, reason: str) -> str:
        key = self.framework.match_referral_reason(reason)
        if key is None:
            raise ServiceError(f"Unknown referral reason '{reason}'; expected one of: "
                               f"{', '.join(r.label for r in self.framework.referral_reasons)}.")
        return key

    def raise_referral(self, ref: str, reason: str, summary: str, raised_on: date | None = None) -> ReferralView:
        """Refer a serious-concern case back to the force."""
        key = self._reason_key(reason)
        if not summary.strip():
            raise ServiceError("A referral needs a summary of the concern.")
        with self.edit() as session:
            case = self.case_in(session, ref)
            existing = session.scalars(select(Referral).where(col(Referral.case_id) == case.id)).first()
            if existing is not None and existing.status != WITHDRAWN:
                raise ServiceError(f"Case '{ref}' has already been referred back.")
            referral = self._add_referral(session, case, key, summary.strip(),
                                          (raised_on or date.today()).isoformat(), self.actor, existing)
            case.updated_at = _now()
            return self._referral_view(case, referral)

    def _referral(self, session: Session, ref: str) -> tuple[Case, Referral]:
        case = self.case_in(session, ref)
        referral = session.scalars(select(Referral).where(col(Referral.case_id) == case.id)).first()
        if referral is None:
            raise ServiceError(f"Case '{ref}' has not been referred back.")
        return case, referral

    def _active_referral(self, session: Session, ref: str) -> tuple[Case, Referral]:
        case, referral = self._referral(session, ref)
        if referral.status == WITHDRAWN:
            raise ServiceError(f"The referral of case '{ref}' was withdrawn on {referral.withdrawn_on}; refer the "
                               "case again to act on it.")
        return case, referral

    def edit_referral(self, ref: str, *, reason: str | None = None, summary: str | None = None,
                      raised_on: date | None = None) -> ReferralView:
        """Correct a referral's reason, summary or date of raising; audited."""
        key = self._reason_key(reason) if reason is not None else None
        if summary is not None and not summary.strip():
            raise ServiceError("A referral needs a summary of the concern.")
        with self.edit() as session:
            case, referral = self._active_referral(session, ref)
            before = {"reason": referral.reason, "summary": referral.summary, "raised_on": referral.raised_on}
            if key is not None:
                referral.reason = key
            if summary is not None:
                referral.summary = summary.strip()
            if raised_on is not None:
                referral.raised_on = raised_on.isoformat()
            referral.updated_at = _now()
            audit.record(session, self.actor, "edit-referral", "referral", ref, before,
                         {"reason": referral.reason, "summary": referral.summary, "raised_on": referral.raised_on})
            return self._referral_view(case, referral)

    def set_referral_status(self, ref: str, status: str, on: date | None = None) -> ReferralView:
        """Move a referral to a status (the desktop's buttons); the day is kept as the status's own date."""
        if status not in REFERRAL_STATUSES:
            raise ServiceError(f"Referral status must be one of {', '.join(REFERRAL_STATUSES)}.")
        day = (on or date.today()).isoformat()
        with self.write() as session:
            case, referral = self._active_referral(session, ref)
            before = referral.status
            referral.status = status
            if status == "letter-sent" and referral.letter_sent_on is None:
                referral.letter_sent_on = day
            if status == "closed":
                referral.closed_on = day
            referral.updated_at = _now()
            audit.record(session, self.actor, "set-referral-status", "referral", ref, before, status)
            return self._referral_view(case, referral)

    def close_referral(self, ref: str, on: date | None = None) -> ReferralView:
        """The lead is satisfied with the force's answer: the referral is closed (it still counts)."""
        day = (on or date.today()).isoformat()
        with self.write() as session:
            case, referral = self._active_referral(session, ref)
            if referral.status == "closed":
                raise ServiceError(f"The referral of case '{ref}' was already closed on {referral.closed_on}.")
            before = {"status": referral.status, "closed_on": referral.closed_on}
            referral.status, referral.closed_on, referral.updated_at = "closed", day, _now()
            audit.record(session, self.actor, "close-referral", "referral", ref, before,
                         {"status": "closed", "closed_on": day})
            return self._referral_view(case, referral)

    def withdraw_referral(self, ref: str, reason: str, on: date | None = None) -> ReferralView:
        """Take a referral back (raised in error, or the concern resolved before any letter): it stays on record
        and in the audit with its reason, and leaves every count, table and sentence."""
        if not reason.strip():
            raise ServiceError("Say why the referral is withdrawn.")
        day = (on or date.today()).isoformat()
        with self.edit() as session:
            case, referral = self._active_referral(session, ref)
            before = {"status": referral.status}
            referral.status, referral.withdrawn_on, referral.withdrawn_reason = WITHDRAWN, day, reason.strip()
            referral.updated_at = case.updated_at = _now()
            audit.record(session, self.actor, "withdraw-referral", "referral", ref, before,
                         {"status": WITHDRAWN, "withdrawn_on": day, "reason": referral.withdrawn_reason})
            return self._referral_view(case, referral)

    def record_force_response(self, ref: str, kind: str, response: str, on: date | None = None) -> ReferralView:
        """Track the force's answer: an updated assessment or action taken."""
        if kind not in RESPONSE_KINDS:
            raise ServiceError(f"The force's response must be one of {', '.join(RESPONSE_KINDS)}.")
        with self.write() as session:
            case, referral = self._active_referral(session, ref)
            before = {"status": referral.status, "kind": referral.response_kind, "response": referral.response}
            # A closed referral stays closed when its answer is corrected.
            referral.status = "closed" if referral.status == "closed" else "responded"
            referral.response_kind = kind
            referral.response = response
            referral.responded_on = (on or date.today()).isoformat()
            referral.updated_at = _now()
            audit.record(session, self.actor, "record-force-response", "referral", ref, before,
                         {"status": referral.status, "kind": kind, "response": response,
                          "responded_on": referral.responded_on})
            return self._referral_view(case, referral)

    def referrals(self, *, withdrawn: bool = True) -> list[ReferralView]:
        """Every referral in case order; withdrawn=False leaves out the withdrawn ones."""
        with self.db.reading() as connection:
            views = reads.referrals(connection)
        return views if withdrawn else [v for v in views if v.active]

    # -- report and audit -----------------------------------------------------------------------

    def tally(self) -> Tally:
        framework = self.framework
        with self.db.reading() as connection:
            return compute_tally(connection, framework, inspection_info(connection, framework))

    @property
    def upgraded(self) -> bool:
        """True when opening with the passphrase moved the file (and its backups) to the current key
        derivation; the key to keep in the keyring is then the new key_hex."""
        return self.db.upgraded

    def verify_file(self) -> None:
        """Every page of the file checked (SQLCipher's HMACs, then SQLite's integrity check); raises DamagedFile
        naming the newest backup that verifies."""
        self.db.verify()

    def verify_audit(self) -> audit.AuditVerdict:
        with self.read() as session:
            return audit.verify(session)


def _check_accepted(warnings: list[ImportProblem], accepted: Collection[str]) -> None:
    """Every warning must have been shown and accepted; one the user has not seen refuses the import."""
    unaccepted = [w for w in warnings if w.describe() not in accepted]
    if unaccepted:
        raise WarningsNotAccepted(unaccepted)


def _how_read(reading: Reading, mapping: dict[str, str | None], values: ValueMap | None,
              warnings: list[ImportProblem]) -> dict[str, object]:
    """What the audit keeps of an import's reading: the choices made and the warnings the user accepted."""
    return {"reading": {"sheet": reading.sheet, "header_row": reading.header_row, "encoding": reading.encoding,
                        "delimiter": reading.delimiter},
            "columns": {k: v for k, v in mapping.items() if v}, "values": values or {},
            "accepted_warnings": [w.describe() for w in warnings]}




class _Transaction:
    """with-block that commits on success and rolls back on any error, then closes the session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> Session:
        self.session.connection(execution_options={WRITE_OPTION: True})  # BEGIN IMMEDIATE: see database.py
        return self.session

    def __exit__(self, exc_type: object, exc: BaseException | None, *rest: object) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
        explain = getattr(self.session, "explain", None)
        if exc is not None and explain is not None and (problem := explain(exc)) is not None:
            raise problem from None
