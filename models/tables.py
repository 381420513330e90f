"""SQLModel tables. Portable across SQLite/SQLCipher and PostgreSQL: no dialect-only types."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


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
    chief_officer: str = ""  # default addressee of referral-back letters
    created_at: datetime
    created_by: str


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
    __table_args__ = (UniqueConstraint("case_id", "inspector"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    inspector: str
    grade: str | None = None
    serious_concern: bool = False
    concern_summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime


class EvidenceNote(SQLModel, table=True):
    __tablename__ = "evidence_note"
    __table_args__ = (UniqueConstraint("assessment_id", "area"),)
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    area: str
    text: str = Field(sa_column=Column(Text, nullable=False))
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
    status: str = "raised"  # raised / letter-sent / responded / closed
    response_kind: str | None = None  # updated-assessment / action-taken
    response: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    responded_on: str | None = None
    updated_at: datetime


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
