"""SQLModel tables. Portable across SQLite/SQLCipher and PostgreSQL: no dialect-only types."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import Column, Index, LargeBinary, Table, Text, UniqueConstraint, inspect
from sqlmodel import Field, SQLModel

from models.inspection.reads import EXCHANGE_META_PREFIX as EXCHANGE_META_PREFIX
from models.inspection.reads import FINAL_KEY as FINAL_KEY


class Meta(SQLModel, table=True):
    """Key/value facts about the file itself, such as its schema version."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))




class Inspection(SQLModel, table=True):
    __tablename__ = "inspection"
    id: str = Field(primary_key=True, max_length=36)
    force_name: str
    force_term: str = "force"  # "constabulary" or "force", as the report names it
    framework_key: str
    framework_toml: str = Field(sa_column=Column(Text, nullable=False))
    chief_officer: str = ""  # the letters' addressee: their title ("Assistant Chief Constable")
    start_date: str | None = None  # ISO dates of the fieldwork on site, the year documents carry
    end_date: str | None = None
    created_at: datetime
    created_by: str
    # Schema 4.
    addressee_name: str = ""  # the letters' addressee by name, apart from their title (chief_officer)
    follows: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # JSON: the earlier inspection
    retain_until: str | None = None  # ISO date after which the inspection's data should be purged


class Inspector(SQLModel, table=True):
    __tablename__ = "inspector"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    role: str = "inspector"  # "lead" or "inspector"


class Case(SQLModel, table=True):
    """One case of the force's sample, with its settled inspectorate grade."""

    __tablename__ = "case_file"
    __table_args__ = (Index("ix_case_type_sample", "case_type", "sample"),)
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True)
    case_type: str
    sample: str  # "self-assessed" or "inspectorate-selected"
    force_grade: str | None = None
    grade: str | None = None  # the one inspectorate grade, once settled
    moderated: bool = False
    disagreement: bool = False
    allocated_to: str | None = None
    updated_at: datetime | None = None


class Assessment(SQLModel, table=True):
    """One inspector's grading of one case."""

    __tablename__ = "assessment"
    # The unique index, led by case_id, also finds a case's assessments: a second index on case_id would only
    # slow every write (schema 5 dropped it, and the like on evidence_note, topic_grade and allocation).
    __table_args__ = (UniqueConstraint("case_id", "inspector"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id")
    inspector: str
    grade: str | None = None
    serious_concern: bool = False
    concern_summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime


class EvidenceNote(SQLModel, table=True):
    __tablename__ = "evidence_note"
    __table_args__ = (UniqueConstraint("assessment_id", "area"),)
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id")
    area: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime


class TopicGrade(SQLModel, table=True):
    """One inspector's grade for one graded area (topic) of a case."""

    __tablename__ = "topic_grade"
    __table_args__ = (UniqueConstraint("assessment_id", "area"),)
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id")
    area: str
    grade: str
    updated_at: datetime


class ForceJudgement(SQLModel, table=True):
    """The inspectorate's grade for one topic across the whole force."""

    __tablename__ = "force_judgement"
    area: str = Field(primary_key=True)
    grade: str | None = None
    updated_by: str
    updated_at: datetime


class ForceEvidence(SQLModel, table=True):
    """Evidence for a force judgement that belongs to no case: an interview, a document, an observation."""

    __tablename__ = "force_evidence"
    id: int | None = Field(default=None, primary_key=True)
    area: str = Field(index=True)
    source: str  # interview / document / observation / data
    text: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by: str
    updated_at: datetime


class Referral(SQLModel, table=True):
    """A serious-concern case referred back to the force, and the force's answer."""

    __tablename__ = "referral"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", unique=True)
    reason: str
    summary: str = Field(sa_column=Column(Text, nullable=False))
    raised_on: str  # ISO date
    raised_by: str
    status: str = "raised"  # raised / letter-sent / responded / closed / withdrawn
    response_kind: str | None = None  # updated-assessment / action-taken
    response: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    responded_on: str | None = None
    updated_at: datetime
    # Schema 4: the referral's own dates (ISO), and why it was withdrawn.
    letter_sent_on: str | None = None
    due_on: str | None = None
    closed_on: str | None = None
    withdrawn_on: str | None = None
    withdrawn_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class CaseQuery(SQLModel, table=True):
    """The lead's question on one inspector's work on a case, and the inspector's answer (schema 4).

    Its id is shared by the lead's file and the inspector's copy, so packages can carry it both ways: the lead
    owns the question and its closing, the inspector the answer."""

    __tablename__ = "case_query"
    id: str = Field(primary_key=True, max_length=36)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    inspector: str  # whose work is queried; the inspector who answers
    text: str = Field(sa_column=Column(Text, nullable=False))
    regrade: bool = False  # the lead asks for the grade to be looked at again
    raised_by: str
    raised_at: str  # ISO timestamp
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    answered_by: str | None = None
    answered_at: str | None = None
    closed_by: str | None = None
    closed_at: str | None = None


class AuditEvent(SQLModel, table=True):
    """Append-only, hash-chained record of every change."""

    __tablename__ = "audit_event"
    seq: int = Field(primary_key=True)
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str = Field(sa_column=Column(Text, nullable=False))
    after: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str
    hash: str


# -- team work offline (issue 4): the team, allocations, packages, moderation --------------------------


class TeamMember(SQLModel, table=True):
    """An inspector's public identity card, registered with the lead in person (fingerprints compared)."""

    __tablename__ = "team_member"
    id: int | None = Field(default=None, primary_key=True)
    name: str  # unique among current members; a revoked card keeps its row when its owner registers anew
    role: str = "inspector"  # "lead" or "inspector"
    fingerprint: str = Field(unique=True)
    signing_key: str  # Ed25519 public key, base64
    recipient: str  # age X25519 recipient, "age1..."
    revoked: bool = False
    registered_at: datetime
    revoked_at: datetime | None = None


class Allocation(SQLModel, table=True):
    """Who grades which case: the first grader, and optionally a blind second grader."""

    __tablename__ = "allocation"
    __table_args__ = (UniqueConstraint("case_id", "inspector"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id")
    inspector: str
    role: str = "first"  # "first" or "second"


class IssuedPackage(SQLModel, table=True):
    """A fieldwork package the lead handed out, with the base version a return is merged against."""

    __tablename__ = "issued_package"
    package_id: str = Field(primary_key=True, max_length=36)
    inspector: str
    created_at: datetime
    base: str = Field(sa_column=Column(Text, nullable=False))  # canonical JSON {field key: value}


class ReceivedPackage(SQLModel, table=True):
    """A merged return package, archived as received (still age-encrypted) inside the inspection."""

    __tablename__ = "received_package"
    package_id: str = Field(primary_key=True, max_length=36)
    sender: str
    copy_id: str = Field(index=True, max_length=36)
    fieldwork_package_id: str = Field(max_length=36)
    revision: int
    created_at: str
    imported_at: datetime
    sha256: str
    values_json: str = Field(sa_column=Column(Text, nullable=False))
    archive: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class MergeConflict(SQLModel, table=True):
    """One field changed differently on two copies of one inspector's work: keep this or keep that."""

    __tablename__ = "merge_conflict"
    field_key: str = Field(primary_key=True)
    base: str = Field(sa_column=Column(Text, nullable=False))
    candidates: str = Field(sa_column=Column(Text, nullable=False))  # JSON {copy id: value}
    status: str = "open"  # open / resolved
    chosen: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ModerationItem(SQLModel, table=True):
    """Two graders disagree on a case's grade; the lead settles the agreed grade with a rationale."""

    __tablename__ = "moderation_item"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", unique=True)
    status: str = "open"  # open / agreed / withdrawn (graders came to agree)
    grades: str = Field(sa_column=Column(Text, nullable=False))  # JSON {inspector: grade} when opened
    agreed_grade: str | None = None
    rationale: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    settled_by: str | None = None
    settled_at: datetime | None = None


# -- typed access for the modules that build on these tables ---------------------------------------------


def core_table(model: type[SQLModel]) -> Table:
    """The Core table of a table model (its __table__, which SQLModel does not declare to type checkers)."""
    table = inspect(model).local_table
    assert isinstance(table, Table)  # typed as any FromClause; a table model maps a Table
    return table


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Stored) -> int:
    """The primary key of a row read from the file or flushed to it; only a row never flushed has None."""
    assert row.id is not None
    return row.id
