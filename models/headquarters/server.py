"""Headquarters: finished inspections consolidated in PostgreSQL, and the national tables over them.

Each published inspection lives in its own PostgreSQL schema (``insp_<inspection uuid>_<random>``), created
from the very same SQLModel tables as the SQLCipher file through ``schema_translate_map``; a registry in the
``fieldwork_hq`` schema says which schema holds the current version of each inspection. A newer version is
written into a fresh schema and swapped in the registry in one transaction, so readers see the old version or
the new one, never a mix. See docs/decisions.md ("Headquarters").
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Row,
    RowMapping,
    Select,
    String,
    Table,
    Text,
    column,
    create_engine,
    func,
    literal,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel, col

from models.errors import FieldworkError
from models.headquarters.transport import secure_transport
from models.inspection import tables
from models.inspection.audit import HEAD_KEY
from models.inspection.database import SCHEMA_VERSION
from models.inspection.framework import Area, Framework, parse_framework
from models.inspection.reads import follow_up_basis
from models.inspection.records import FollowUpBasis
from models.inspection.services import InspectionService
from models.inspection.tables import core_table
from models.inspection.tally import Tally
from models.progress import Progress, report
from models.team.agreement import confusion_matrix, quadratic_weighted_kappa

try:  # the PostgreSQL driver is the `hq` extra: inspectors' laptops and the installed app go without it
    import psycopg
    from psycopg import sql
    from psycopg.rows import TupleRow
except ImportError as missing:
    raise FieldworkError("The headquarters commands need the PostgreSQL driver (psycopg), which this installation "
                         "of Fieldwork leaves out. Install it with: pip install 'fieldwork[hq]'") from missing

HQ_SCHEMA = "fieldwork_hq"
HQ_SCHEMA_VERSION = 3
SCHEMA_NAME = re.compile(r"insp_[0-9a-f]{32}_[0-9a-f]{8}")
# One advisory lock id for "the set of published inspections": publishers take it exclusively for their
# transaction, national queries take it shared, so a reader never meets a schema dropped under it.
HQ_LOCK_ID = 0x4657_4851  # "FWHQ"

# What HQ receives. Evidence notes (and the inspectors' assessments they hang on) only with --with-notes.
CORE_TABLES = (core_table(tables.Meta), core_table(tables.Inspection), core_table(tables.Case),
               core_table(tables.Referral))
NOTE_TABLES = (core_table(tables.Assessment), core_table(tables.EvidenceNote))

hq_metadata = MetaData(schema=HQ_SCHEMA)

hq_meta = Table(
    "hq_meta", hq_metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

published_inspection = Table(
    "published_inspection", hq_metadata,
    Column("inspection_id", String(36), primary_key=True),
    Column("force_name", String, nullable=False),
    Column("force_term", String, nullable=False),
    Column("year", Integer, nullable=False, index=True),
    Column("framework_key", String, nullable=False),
    Column("framework_toml", Text, nullable=False),
    Column("version", Integer, nullable=False),  # sequence number of the source's newest audit event
    Column("audit_head", String(64), nullable=False),  # and its hash: the exact state published
    Column("with_notes", Boolean, nullable=False),
    Column("provisional", Boolean, nullable=False),
    Column("case_count", Integer, nullable=False),
    Column("schema_name", String(63), nullable=False, unique=True),
    Column("schema_version", Integer, nullable=False),
    Column("agreement", Text, nullable=True),  # JSON of models.team.agreement.agreement_report
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", String, nullable=False),
    # Schema 2. NULL on rows published before it: their topics never reached headquarters.
    Column("topic_grades", Text, nullable=True),  # JSON {area: {grade: settled cases}}
    Column("force_judgements", Text, nullable=True),  # JSON {area: grade or null}
    # Schema 3: the published inspection this one follows up (the earlier inspection's id, as the follow-up's
    # file records it) and the counts the follow-up kept of it (models.inspection.records.FollowUpBasis JSON),
    # used when the earlier inspection itself never reached headquarters. NULL: it follows none.
    Column("follows_id", String(36), nullable=True, index=True),
    Column("follows_basis", Text, nullable=True),
)
# Registry columns a release before schema 2 (3) did not have: read as NULL until the registry is migrated.
LATER_COLUMNS = ("topic_grades", "force_judgements", "follows_id", "follows_basis")


def _topics_and_judgements(connection: Connection) -> None:
    """Schema 2: each inspection's settled topic grades and force judgements, kept in the registry like the
    agreement statistics (the topic grades hang on the inspectors' assessments, which stay on the laptops
    without --with-notes). Rows already published keep everything they had; their new columns stay NULL."""
    for name in LATER_COLUMNS:
        connection.execute(text(f"ALTER TABLE {HQ_SCHEMA}.published_inspection ADD COLUMN IF NOT EXISTS {name} TEXT"))


def _follow_up_links(connection: Connection) -> None:
    """Schema 3: which published inspection a publication follows up. Rows already published get their link
    from their own schema's inspection row (a file of schema 4 or later records it), so a follow-up published
    by an earlier release is linked without publishing it again."""
    registry = f"{HQ_SCHEMA}.published_inspection"
    connection.execute(text(f"ALTER TABLE {registry} ADD COLUMN IF NOT EXISTS follows_id VARCHAR(36)"))
    connection.execute(text(f"ALTER TABLE {registry} ADD COLUMN IF NOT EXISTS follows_basis TEXT"))
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{HQ_SCHEMA}_published_inspection_follows_id "
                            f"ON {registry} (follows_id)"))  # the name create_all gives a new registry
    for inspection_id, schema in list(connection.execute(
            text(f"SELECT inspection_id, schema_name FROM {registry}"))):
        has_column = connection.execute(
            text("SELECT 1 FROM information_schema.columns WHERE table_schema = :s AND table_name = 'inspection' "
                 "AND column_name = 'follows'"), {"s": _checked(schema)}).first()
        if has_column is None:
            continue  # published from a file that predates follow-ups: it follows none
        stored = connection.execute(text(f'SELECT follows FROM "{_checked(schema)}".inspection')).scalar()
        link = _follow_up_link(stored)
        if link[0] is not None:
            connection.execute(text(f"UPDATE {registry} SET follows_id = :id, follows_basis = :basis "
                                    "WHERE inspection_id = :insp"),
                               {"id": link[0], "basis": link[1], "insp": inspection_id})


def _follow_up_link(stored: str | None) -> tuple[str | None, str | None]:
    """(earlier inspection id, basis JSON) from an inspection row's `follows`; (None, None) if it follows none
    or the record cannot be read (a link is never guessed)."""
    basis = _basis(stored)
    if basis is None:
        return None, None
    return basis.inspection_id, json.dumps(basis.to_json(), sort_keys=True)


def _basis(stored: str | None) -> FollowUpBasis | None:
    """The counts a follow-up kept of the inspection it follows, as stored; None if it follows none or the
    record cannot be read. Every basis is written by FollowUpBasis.to_json, so one that does not read back whole
    was altered: it links nothing rather than a follow-up compared on half a record."""
    basis = follow_up_basis(stored)
    try:
        return replace(basis, inspection_id=str(uuid.UUID(basis.inspection_id))) if basis else None
    except ValueError:  # not an inspection's id
        return None


# Server-side migrations: step N brings the fieldwork_hq schema from N-1 to N (same pattern as the files).
HQ_MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _topics_and_judgements, 3: _follow_up_links}


class HeadquartersError(FieldworkError):
    """The headquarters database cannot be reached or refuses a publication."""


PUBLISH_STEPS = 6  # publish's progress: connected, registry ready, audit verified, read, written, about to commit


def not_finished(name: str, tally: Tally) -> str:
    """Why an inspection with ungraded cases or open moderation is not published (without --provisional)."""
    return f"{name} is not finished: {tally.unfinished}. Finish it, or publish with --provisional."


# -- plain data handed out ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedInspection:
    inspection_id: str
    force_name: str
    year: int
    version: int
    with_notes: bool
    provisional: bool
    case_count: int
    schema_name: str
    published_at: datetime
    framework_key: str

    @property
    def label(self) -> str:
        return f"{self.force_name} ({self.year})"


@dataclass(frozen=True)
class PublishResult:
    outcome: str  # "published" (first time), "replaced" (newer version) or "unchanged" (same version)
    inspection: PublishedInspection
    previous_version: int | None = None


@dataclass(frozen=True)
class NationalRow:
    label: str
    values: tuple[int | float | None, ...]


@dataclass(frozen=True)
class GradeScale:
    """Grades in their framework's order. Inspections share a scale when their frameworks have the same grade
    keys in the same order: only then do their grades count in the same columns."""

    grades: tuple[str, ...]  # grade keys
    headings: tuple[str, ...]  # column headings, from the first framework on the scale
    frameworks: tuple[tuple[str, str], ...]  # (key, name) of every framework counted on it, by key

    @property
    def key(self) -> str:
        """Names the scale by its grades, so it stays the same whichever frameworks are published on it."""
        return ",".join(self.grades)

    @property
    def label(self) -> str:
        return "; ".join(f"{name} [{key}]" for key, name in self.frameworks)


@dataclass(frozen=True)
class NationalTable:
    key: str  # unique in a report: the kind, and the scale's key for a table on one grade scale
    title: str
    first_column: str
    columns: tuple[str, ...]
    rows: tuple[NationalRow, ...]
    kind: str  # what the table counts ("grades_per_force"...): the tables of one kind, one per scale, share it
    scale: GradeScale | None = None  # the grade scale of every inspection counted, if the table has one


@dataclass(frozen=True)
class NationalReport:
    year: int | None
    inspections: tuple[PublishedInspection, ...]
    tables: tuple[NationalTable, ...]
    topics_missing: tuple[str, ...] = ()  # inspections (labels) whose topic grades have not reached HQ yet
    follow_up_notes: tuple[str, ...] = ()  # how each follow-up's "then" was found, where not from HQ's own copy

    @property
    def total_cases(self) -> int:
        return sum(i.case_count for i in self.inspections)

    @property
    def provisional(self) -> int:
        return sum(i.provisional for i in self.inspections)


# -- the source inspection ------------------------------------------------------------------------------------


def agreement_statistics(service: InspectionService) -> dict[str, Any]:
    """The inspection's own agreement figures (models.team.agreement), kept in the registry as JSON."""
    from dataclasses import asdict

    from models.team.agreement import agreement_report

    statistics: dict[str, Any] = json.loads(json.dumps(asdict(agreement_report(service))))
    return statistics


@dataclass(frozen=True)
class _Snapshot:
    """Everything read from the source file, in one read transaction."""

    inspection: dict[str, Any]
    version: int
    audit_head: str
    rows: dict[str, list[dict[str, Any]]]  # table name -> rows (column name -> value)


def _audit_head(service: InspectionService) -> tuple[int, str]:
    """The file's version: sequence number and hash of its newest audit event (kept in meta)."""
    with service.connect() as connection:
        head = connection.execute(
            select(col(tables.Meta.value)).where(col(tables.Meta.key) == HEAD_KEY)).scalar()
    if head is None or ":" not in head:
        raise HeadquartersError(f"{service.path.name} has no audit history; nothing to publish.")
    seq, digest = head.split(":", 1)
    return int(seq), digest


def _snapshot(service: InspectionService, with_notes: bool) -> _Snapshot:
    wanted = CORE_TABLES + (NOTE_TABLES if with_notes else ())
    with service.connect() as connection:
        rows = {t.name: [dict(r._mapping) for r in connection.execute(select(t))] for t in wanted}
    head = next((r["value"] for r in rows["meta"] if r["key"] == HEAD_KEY), None)
    if head is None or ":" not in head:
        raise HeadquartersError(f"{service.path.name} has no audit history; nothing to publish.")
    seq, digest = head.split(":", 1)
    # Only the file facts headquarters needs: other meta entries (the exchange base) can hold note text.
    rows["meta"] = [r for r in rows["meta"] if r["key"] in (HEAD_KEY, "schema_version")]
    if not with_notes:
        # Concern summaries and force responses are case narrative: they travel only with --with-notes.
        for r in rows["referral"]:
            r["summary"] = ""
            r["response"] = ""
            r["withdrawn_reason"] = ""
    if len(rows["inspection"]) != 1:
        raise HeadquartersError(f"{service.path.name} holds no inspection.")
    return _Snapshot(rows["inspection"][0], int(seq), digest, rows)


# -- the server -----------------------------------------------------------------------------------------------


def _first_line(error: BaseException) -> str:
    message = str(getattr(error, "orig", None) or error).strip().splitlines()
    return message[0] if message else type(error).__name__


def _is_missing_password(error: BaseException) -> bool:
    message = str(getattr(error, "orig", None) or error).lower()
    return "no password supplied" in message or "password authentication failed" in message


def _connector(dsn: str, password: str | None) -> Callable[[], psycopg.Connection[TupleRow]]:
    def connect() -> psycopg.Connection[TupleRow]:
        # libpq reads PGHOST, PGUSER, PGSSLMODE... itself; sslmode/sslrootcert in the DSN pass straight through.
        if password:
            return psycopg.connect(dsn, connect_timeout=10, application_name="fieldwork", password=password)
        return psycopg.connect(dsn, connect_timeout=10, application_name="fieldwork")

    return connect


def describe_dsn(dsn: str) -> str:
    """Where a DSN points, without its password, for messages."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(dsn)
    except Exception:
        return "the headquarters database (its connection string is malformed)"
    host = parts.get("host") or "the default libpq host"
    name = parts.get("dbname") or "the default database"
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"database '{name}' on {user}{host}"


def dsn_has_password(dsn: str) -> bool:
    from psycopg.conninfo import conninfo_to_dict

    try:
        return bool(conninfo_to_dict(dsn).get("password"))
    except Exception:
        return False


class Headquarters:
    """A connection to the headquarters PostgreSQL database."""

    def __init__(self, dsn: str = "", *, password: str | None = None, insecure: bool = False) -> None:
        self.where = describe_dsn(dsn)
        transport = secure_transport(dsn, insecure=insecure, where=self.where)  # refused before any connection
        self.dsn = transport.dsn
        self.warning = transport.warning  # shown by the caller each time an unverified connection is used
        self.engine: Engine = create_engine("postgresql+psycopg://", creator=_connector(self.dsn, password),
                                            poolclass=NullPool)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Headquarters:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_connection(self) -> None:
        """Connect once, so a bad address or a missing password is reported before any work."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except DBAPIError as error:
            raise HeadquartersError(f"Cannot connect to {self.where}: {_first_line(error)}") from None

    @contextmanager
    def _transaction(self, exclusive: bool) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
                connection.execute(text(f"SELECT {lock}(:id)"), {"id": HQ_LOCK_ID})
                yield connection
        except FieldworkError:
            raise
        except (SQLAlchemyError, psycopg.Error) as error:
            raise HeadquartersError(f"{self.where}: {_first_line(error)}. Nothing was changed.") from None

    def _ensure_registry(self, connection: Connection) -> None:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {HQ_SCHEMA}"))
        hq_metadata.create_all(connection)
        found = connection.execute(select(hq_meta.c.value).where(hq_meta.c.key == "schema_version")).scalar()
        if found is None:
            connection.execute(hq_meta.insert().values(key="schema_version", value=str(HQ_SCHEMA_VERSION)))
            return
        version = int(found)
        if version > HQ_SCHEMA_VERSION:
            raise HeadquartersError(f"{self.where} was set up by a newer release of Fieldwork (headquarters "
                                    f"schema {version}; this release knows up to {HQ_SCHEMA_VERSION}).")
        for step in range(version + 1, HQ_SCHEMA_VERSION + 1):
            HQ_MIGRATIONS[step](connection)
        if version < HQ_SCHEMA_VERSION:
            connection.execute(hq_meta.update().where(hq_meta.c.key == "schema_version")
                               .values(value=str(HQ_SCHEMA_VERSION)))

    # -- publish --------------------------------------------------------------------------------------------

    def publish(self, service: InspectionService, *, actor: str, with_notes: bool = False,
                year: int | None = None, allow_provisional: bool = False,
                progress: Progress | None = None) -> PublishResult:
        """Upsert one inspection (an open InspectionService): idempotent, newer replaces older atomically.

        progress hears each step up to the last one before the commit; cancelling there (WorkCancelled) rolls
        the transaction back, so headquarters keeps what it had."""
        name = service.path.name
        report(progress, 0, PUBLISH_STEPS)
        version, audit_head = _audit_head(service)
        info = service.info()
        inspection_id = str(uuid.UUID(info.id))
        year = year or info.year  # the inspection's own dates, not the day it is published
        with self._transaction(exclusive=True) as connection:
            self._ensure_registry(connection)
            report(progress, 1, PUBLISH_STEPS)
            current = connection.execute(
                select(published_inspection).where(published_inspection.c.inspection_id == inspection_id)
            ).mappings().first()
            if current is not None:
                # Decided before reading the cases: re-publishing an unchanged 100,000-case file costs nothing.
                # A row published before the registry kept topics is written again once, to fill them in.
                if (current["version"], current["audit_head"]) == (version, audit_head) and \
                        current["with_notes"] == with_notes and current["year"] == year and \
                        current["topic_grades"] is not None:
                    return PublishResult("unchanged", _published(current), current["version"])
                if current["version"] > version:
                    raise HeadquartersError(
                        f"Headquarters already holds a newer version of {info.force_name}'s inspection "
                        f"(version {current['version']}; {name} is version {version}). Nothing was changed.")
                if current["version"] == version and current["audit_head"] != audit_head:
                    raise HeadquartersError(
                        f"{name} and the published inspection have the same version ({version}) but "
                        "different histories: two diverging copies. Nothing was changed.")
            verdict = service.verify_audit()
            if not verdict.ok:
                raise HeadquartersError(f"{name} failed audit verification ({verdict.problems[0]}); "
                                        "a tampered inspection is not published.")
            report(progress, 2, PUBLISH_STEPS)
            tally = service.tally()
            if tally.provisional and not allow_provisional:
                raise HeadquartersError(not_finished(name, tally))
            snapshot = _snapshot(service, with_notes)
            report(progress, 3, PUBLISH_STEPS)
            if (snapshot.version, snapshot.audit_head) != (version, audit_head):
                raise HeadquartersError(f"{name} changed while it was being published. Nothing was changed.")
            agreement = agreement_statistics(service)
            inspection = snapshot.inspection
            schema = f"insp_{uuid.UUID(inspection_id).hex}_{secrets.token_hex(4)}"
            _write_schema(connection, schema, snapshot)
            report(progress, 4, PUBLISH_STEPS)
            record = {
                "inspection_id": inspection_id, "force_name": inspection["force_name"],
                "force_term": inspection["force_term"], "year": year,
                "framework_key": inspection["framework_key"], "framework_toml": inspection["framework_toml"],
                "version": snapshot.version, "audit_head": snapshot.audit_head, "with_notes": with_notes,
                "provisional": tally.provisional, "case_count": tally.total, "schema_name": schema,
                "schema_version": SCHEMA_VERSION,
                "agreement": json.dumps(agreement) if agreement is not None else None,
                "published_at": datetime.now(UTC), "published_by": actor,
                "topic_grades": json.dumps(_topic_grades(tally)),
                "force_judgements": json.dumps(dict(tally.judgements)),
            }
            record["follows_id"], record["follows_basis"] = _follow_up_link(inspection.get("follows"))
            if current is None:
                connection.execute(published_inspection.insert().values(**record))
            else:
                connection.execute(published_inspection.update()
                                   .where(published_inspection.c.inspection_id == inspection_id).values(**record))
                _drop_schema(connection, current["schema_name"])
            report(progress, 5, PUBLISH_STEPS)  # the last chance to cancel: the commit follows
        return PublishResult("published" if current is None else "replaced", _published(record),
                             None if current is None else current["version"])

    # -- national -------------------------------------------------------------------------------------------

    def published(self, year: int | None = None) -> list[PublishedInspection]:
        with self._transaction(exclusive=False) as connection:
            return [_published(r) for r in self._registered(connection, year)]

    def _registered(self, connection: Connection, year: int | None,
                    ids: Sequence[str] | None = None) -> list[RowMapping]:
        exists = connection.execute(text("SELECT to_regclass(:t)"),
                                    {"t": f"{HQ_SCHEMA}.published_inspection"}).scalar()
        if exists is None:
            return []
        query = select(*_registry_columns(connection)).order_by(published_inspection.c.force_name,
                                                                published_inspection.c.year)
        if year is not None:
            query = query.where(published_inspection.c.year == year)
        if ids is not None:
            query = query.where(published_inspection.c.inspection_id.in_(ids))
        return list(connection.execute(query).mappings())

    def national(self, year: int | None = None) -> NationalReport:
        """The national tables over every published inspection (of one year, if given)."""
        with self._transaction(exclusive=False) as connection:
            registered = self._registered(connection, year)
            # The inspections followed up, when another year's: counted only as the "then" of their follow-up.
            wanted = {r["follows_id"] for r in registered if r["follows_id"]} - {r["inspection_id"] for r in registered}
            earlier = self._registered(connection, None, sorted(wanted)) if wanted else []
            case_counts: list[CaseCount] = []
            referral_counts: list[ReferralCount] = []
            if registered:
                case_counts = list(connection.execute(union_all(*(_case_query(r) for r in registered + earlier))))
                referral_counts = list(connection.execute(union_all(*(_referral_query(r) for r in registered))))
        return _national_report(year, registered, case_counts, referral_counts, earlier)


def _registry_columns(connection: Connection) -> list[ColumnElement[Any]]:
    """The registry's columns, a column a registry of an older schema lacks read as NULL. Readers never migrate:
    they hold the shared lock, and may have no right to ALTER."""
    have = set(connection.execute(
        text("SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND table_name = :t"),
        {"s": HQ_SCHEMA, "t": published_inspection.name}).scalars())
    return [c if c.name in have or c.name not in LATER_COLUMNS else literal(None, c.type).label(c.name)
            for c in published_inspection.c]


def _published(row: RowMapping | Mapping[str, Any]) -> PublishedInspection:
    return PublishedInspection(row["inspection_id"], row["force_name"], row["year"], row["version"],
                               row["with_notes"], row["provisional"], row["case_count"], row["schema_name"],
                               row["published_at"], row["framework_key"])


def _topic_grades(tally: Tally) -> dict[str, dict[str, int]]:
    """The settled topic grades of the cases, per graded area: {area: {grade: cases}} (empty if none graded)."""
    return {t.area: dict(zip(tally.framework.grade_keys, t.counts, strict=True)) for t in tally.topics}


def _checked(schema: str) -> str:
    if not SCHEMA_NAME.fullmatch(schema):
        raise HeadquartersError(f"Registry names an unexpected schema '{schema}'; refusing to touch it.")
    return schema


def _write_schema(connection: Connection, schema: str, snapshot: _Snapshot) -> None:
    """Create the inspection's tables in a fresh schema, from the same SQLModel metadata, and fill them."""
    connection.execute(text(f'CREATE SCHEMA "{_checked(schema)}"'))
    mapped = connection.execution_options(schema_translate_map={None: schema})
    wanted = [t for t in SQLModel.metadata.sorted_tables if t.name in snapshot.rows]
    SQLModel.metadata.create_all(mapped, tables=wanted)
    # The rows go in by COPY on the same connection and transaction: several times faster than INSERTs for
    # 100,000 cases. Columns are taken from the SQLModel table, so nothing is hand-listed.
    driver = connection.connection.driver_connection
    assert driver is not None  # the psycopg connection of a connection in use
    with driver.cursor() as cursor:
        for t in wanted:
            rows = snapshot.rows[t.name]
            if not rows:
                continue
            names = [c.name for c in t.columns]
            target = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
                sql.Identifier(schema), sql.Identifier(t.name), sql.SQL(", ").join(map(sql.Identifier, names)))
            with cursor.copy(target) as copy:
                for row in rows:
                    copy.write_row(tuple(row[n] for n in names))


def _drop_schema(connection: Connection, schema: str) -> None:
    connection.execute(text(f'DROP SCHEMA "{_checked(schema)}" CASCADE'))


# One row per group of an inspection's cases or referrals: (inspection id, group columns..., count).
CaseCount = Row[str, str, str, str | None, str | None, int]
ReferralCount = Row[str, str, str | None, int]


def _case_query(row: RowMapping) -> Select[str, str, str, str | None, str | None, int]:
    c = table("case_file", column("case_type"), column("sample"), column("force_grade"), column("grade"),
              schema=_checked(row["schema_name"]))
    return (select(literal(row["inspection_id"]).label("inspection_id"), c.c.case_type, c.c.sample,
                   c.c.force_grade, c.c.grade, func.count().label("n"))
            .group_by(c.c.case_type, c.c.sample, c.c.force_grade, c.c.grade))


def _referral_query(row: RowMapping) -> Select[str, str, str | None, int]:
    r = table("referral", column("status"), column("response_kind"), schema=_checked(row["schema_name"]))
    # A withdrawn referral is on record but counted nowhere, as in the inspection's own tables.
    return (select(literal(row["inspection_id"]).label("inspection_id"), r.c.status, r.c.response_kind,
                   func.count().label("n"))
            .where(r.c.status != "withdrawn")
            .group_by(r.c.status, r.c.response_kind))


@lru_cache(maxsize=64)
def _framework(source: str) -> Framework:
    return parse_framework(source, origin="framework stored at headquarters", strict=False)


REFERRAL_STATUS_HEADINGS = (("raised", "Raised"), ("letter-sent", "Letter sent"), ("responded", "Responded"),
                            ("closed", "Closed"))
RESPONSE_HEADINGS = (("updated-assessment", "Updated assessment"), ("action-taken", "Action taken"))


@dataclass
class _Cases:
    """One inspection's cases folded from its GROUP BY rows; grades under their key, ungraded cases under None."""

    by_type: defaultdict[str, Counter[str | None]] = field(default_factory=lambda: defaultdict(Counter))
    totals: Counter[str | None] = field(default_factory=Counter)  # "cases", each sample and each grade
    agreement: Counter[str] = field(default_factory=Counter)  # self-assessed cases, force against inspectorate
    gap: int = 0  # summed distance, in steps of the inspection's scale, between the two grades
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (force grade, inspectorate grade)


def _fold_cases(case_counts: Sequence[CaseCount], frameworks: Mapping[str, Framework]) -> dict[str, _Cases]:
    figures: dict[str, _Cases] = defaultdict(_Cases)
    for inspection_id, case_type, sample, force_grade, grade, n in case_counts:
        cases = figures[inspection_id]
        cases.by_type[case_type][grade] += n
        cases.totals["cases"] += n
        cases.totals[sample] += n
        cases.totals[grade] += n
        if sample == "self-assessed":
            a = cases.agreement
            a["self-assessed"] += n
            scale = frameworks[inspection_id].grade_keys
            if force_grade and grade:
                cases.pairs.extend([(force_grade, grade)] * n)
            if force_grade in scale and grade in scale:
                gap = scale.index(force_grade) - scale.index(grade)  # < 0: the force graded more favourably
                a["compared"] += n
                a["same" if gap == 0 else "favourable" if gap < 0 else "harsher"] += n
                cases.gap += abs(gap) * n
    return figures


OnScale = tuple[GradeScale, list[RowMapping]]


def _on_scales(registered: Sequence[RowMapping], frameworks: Mapping[str, Framework],
               counted: Callable[[Framework], bool]) -> list[OnScale]:
    """The inspections whose framework `counted` keeps, grouped by grade scale (registry order within one).

    A scale is its tuple of grade keys rather than a framework key: a framework never shares columns with
    another scale, even a later edition under the same key, and frameworks on one scale (a 2017 inspection
    and its post-inspection review) add up. Scales come in the order of their frameworks' keys."""
    groups: dict[tuple[str, ...], list[RowMapping]] = {}
    for r in registered:
        framework = frameworks[r["inspection_id"]]
        if counted(framework):
            groups.setdefault(framework.grade_keys, []).append(r)
    scales: list[OnScale] = []
    for keys, rows in groups.items():
        named: dict[str, Framework] = {}
        for r in rows:
            named.setdefault(frameworks[r["inspection_id"]].key, frameworks[r["inspection_id"]])
        on_scale = sorted(named.items())
        headings = tuple(g.heading for g in on_scale[0][1].grades)
        scales.append((GradeScale(keys, headings, tuple((k, f.name) for k, f in on_scale)), rows))
    return sorted(scales, key=lambda s: s[0].frameworks)


def _scaled_table(kind: str, number: int, what: str, first_column: str, scale: GradeScale,
                  columns: tuple[str, ...], rows: Sequence[NationalRow]) -> NationalTable:
    return NationalTable(f"{kind}/{scale.key}", f"National table {number}: {what} – {scale.label}", first_column,
                         columns, tuple(rows), kind, scale)


def _grades_by_case_type(scale: GradeScale, rows: Sequence[RowMapping], frameworks: Mapping[str, Framework],
                         figures: Mapping[str, _Cases]) -> NationalTable:
    type_label: dict[str, str] = {}
    for r in rows:
        for ct in frameworks[r["inspection_id"]].case_types:
            type_label.setdefault(ct.key, ct.label)
    by_type: defaultdict[str, Counter[str | None]] = defaultdict(Counter)
    for r in rows:
        for case_type, grades in figures[r["inspection_id"]].by_type.items():
            type_label.setdefault(case_type, case_type)
            by_type[case_type].update(grades)
    columns = _grade_columns(scale, sum(c[None] for c in by_type.values()))
    return _scaled_table(
        "grades_by_case_type", 1, "inspectorate grades by case type, all forces", "Case type", scale,
        (*_headings(scale, columns), "Total"),
        [NationalRow(type_label[k], (*(by_type[k][g] for g in columns), sum(by_type[k].values())))
         for k in type_label if by_type.get(k)])


def _grade_columns(scale: GradeScale, ungraded: int) -> tuple[str | None, ...]:
    """The scale's grade keys, and None (ungraded cases) when there are any."""
    return scale.grades + ((None,) if ungraded else ())


def _headings(scale: GradeScale, columns: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple("Not graded" if g is None else scale.headings[scale.grades.index(g)] for g in columns)


def _grades_per_force(scale: GradeScale, rows: Sequence[RowMapping], figures: Mapping[str, _Cases],
                      referred: Mapping[str, Counter[str]]) -> NationalTable:
    columns = _grade_columns(scale, sum(figures[r["inspection_id"]].totals[None] for r in rows))

    def row(r: RowMapping) -> NationalRow:
        totals = figures[r["inspection_id"]].totals
        return NationalRow(_label(r), (totals["cases"], totals["self-assessed"], totals["inspectorate-selected"],
                                       *(totals[g] for g in columns), referred[r["inspection_id"]]["all"]))

    return _scaled_table(
        "grades_per_force", 2, "inspectorate grades per force", "Force (year)", scale,
        ("Cases", "Self-assessed", "Inspectorate-selected", *_headings(scale, columns), "Referred back"),
        [row(r) for r in rows])


def _agreement_per_force(scale: GradeScale, rows: Sequence[RowMapping], frameworks: Mapping[str, Framework],
                         figures: Mapping[str, _Cases]) -> NationalTable:
    """Per scale too: a grade gap is counted in steps of the scale, and a step of three grades is not one of four."""

    def row(r: RowMapping) -> NationalRow:
        cases = figures[r["inspection_id"]]
        a = cases.agreement
        compared = a["compared"]
        share = round(100 * a["same"] / compared, 1) if compared else None
        mean_gap = round(cases.gap / compared, 2) if compared else None
        kappa = quadratic_weighted_kappa(confusion_matrix(cases.pairs, frameworks[r["inspection_id"]].grade_keys))
        return NationalRow(_label(r), (a["self-assessed"], compared, a["same"], a["favourable"], a["harsher"],
                                       share, mean_gap, None if kappa is None else round(kappa, 3)))

    # Furthest from the inspectorate first: that is the question HQ asks of this table.
    ordered = sorted((row(r) for r in rows),
                     key=lambda n: (n.values[5] is None, n.values[5] if n.values[5] is not None else 0, n.label))
    return _scaled_table(
        "agreement_per_force", 3,
        "force self-assessment against the inspectorate's grade (self-assessed cases), least agreement first",
        "Force (year)",
        scale, ("Self-assessed", "Graded by both", "Same grade", "Force more favourable", "Force less favourable",
                "Agreement %", "Mean grade gap", "Weighted kappa"), ordered)


def _areas(rows: Sequence[RowMapping], frameworks: Mapping[str, Framework],
           which: Callable[[Framework], tuple[Area, ...]]) -> dict[str, str]:
    """Area key -> label over the frameworks of rows, in framework order."""
    labels: dict[str, str] = {}
    for r in rows:
        for area in which(frameworks[r["inspection_id"]]):
            labels.setdefault(area.key, area.label)
    return labels


def _topic_grades_table(scale: GradeScale, rows: Sequence[RowMapping],
                        frameworks: Mapping[str, Framework]) -> NationalTable:
    areas = _areas(rows, frameworks, lambda f: f.graded_areas)
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        for area, grades in json.loads(r["topic_grades"] or "{}").items():
            counts[area].update(grades)
    return _scaled_table(
        "topic_grades", 6, "settled topic grades of the cases, all forces", "Topic", scale,
        (*scale.headings, "Total"),
        [NationalRow(label, (*(counts[k][g] for g in scale.grades), sum(counts[k][g] for g in scale.grades)))
         for k, label in areas.items()])


def _force_judgements_table(scale: GradeScale, rows: Sequence[RowMapping],
                            frameworks: Mapping[str, Framework]) -> NationalTable:
    areas = _areas(rows, frameworks, lambda f: f.judged_areas)
    judged: defaultdict[str, Counter[str | None]] = defaultdict(Counter)
    for r in rows:
        if r["force_judgements"] is None:
            continue  # published before headquarters kept judgements: unknown, not "not yet judged"
        given = json.loads(r["force_judgements"])
        for area in frameworks[r["inspection_id"]].judged_areas:
            judged[area.key][given.get(area.key)] += 1
    columns = (*scale.grades, None)
    return _scaled_table(
        "force_judgements", 7, "force judgements per topic (forces judged at each grade)", "Topic", scale,
        (*scale.headings, "Not yet judged", "Forces"),
        [NationalRow(label, (*(judged[k][g] for g in columns), sum(judged[k].values())))
         for k, label in areas.items()])


def _label(row: RowMapping) -> str:
    return f"{row['force_name']} ({row['year']})"


FOLLOW_UP_COLUMNS = ("Then", "Then %", "Now", "Now %", "Change (points)")


def _follow_ups(scale: GradeScale, rows: Sequence[RowMapping], known: Mapping[str, RowMapping],
                frameworks: Mapping[str, Framework], figures: Mapping[str, _Cases],
                notes: list[str]) -> NationalTable | None:
    """Each follow-up on this scale against the inspection it follows: per grade, the settled cases then and
    now, each as a whole percentage of the cases graded (as the follow-up's own comparison table prints them),
    and the change in percentage points. "Then" is headquarters' copy of the earlier inspection when it is
    published, else the counts the follow-up kept of it when it was made. None when no follow-up is on it."""
    from models.inspection.followup import percent

    body: list[NationalRow] = []
    for r in rows:
        if not r["follows_id"]:
            continue
        earlier = known.get(r["follows_id"])
        basis = _basis(r["follows_basis"])
        if earlier is not None and frameworks[earlier["inspection_id"]].grade_keys == scale.grades:
            then_totals = figures[earlier["inspection_id"]].totals
            then, then_year = tuple(then_totals[g] for g in scale.grades), earlier["year"]
        elif basis is not None and basis.grade_keys == scale.grades:
            then, then_year = basis.grades, basis.year
            if earlier is None:
                notes.append(f"The {then_year} inspection that {_label(r)} follows up is not published at "
                             "headquarters: its figures are those the follow-up kept when it was made.")
        else:
            notes.append(f"{_label(r)} follows up an inspection graded on another scale: not compared.")
            continue
        now = tuple(figures[r["inspection_id"]].totals[g] for g in scale.grades)
        then_graded, now_graded = sum(then), sum(now)
        name = f"{r['force_name']} ({then_year} → {r['year']})"
        body.append(NationalRow(f"{name}: cases graded", (then_graded, None, now_graded, None, None)))
        for heading, was, is_ in zip(scale.headings, then, now, strict=True):
            was_pc, is_pc = percent(was, then_graded), percent(is_, now_graded)
            body.append(NationalRow(f"{name}: {heading}", (was, was_pc, is_, is_pc, is_pc - was_pc)))
    if not body:
        return None
    return _scaled_table("follow_ups", 8, "follow-up inspections against the inspection each follows up, then "
                         "and now (settled grades; % of the cases graded)", "Force (then → now): grade", scale,
                         FOLLOW_UP_COLUMNS, body)


def _national_report(year: int | None, registered: Sequence[RowMapping], case_counts: Sequence[CaseCount],
                     referral_counts: Sequence[ReferralCount],
                     earlier: Sequence[RowMapping] = ()) -> NationalReport:
    """Fold the per-inspection counts into the national tables (plain Python over small data).

    Tables with grade columns come once per grade scale, each counting only the inspections on it; an
    inspection whose framework gives no overall case grade is left out of the case-grade tables (1-3).
    `earlier` are the inspections followed up by one of `registered` but not among them (another year):
    they appear only as the "then" of the follow-up table."""
    known = {r["inspection_id"]: r for r in (*registered, *earlier)}
    frameworks = {i: _framework(r["framework_toml"]) for i, r in known.items()}
    figures = _fold_cases(case_counts, frameworks)
    referrals: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for inspection_id, status, response_kind, n in referral_counts:
        referrals[inspection_id]["all"] += n
        referrals[inspection_id][status] += n
        if response_kind:
            referrals[inspection_id][response_kind] += n

    case_graded = _on_scales(registered, frameworks, lambda f: f.case_grade)
    topics = _on_scales(registered, frameworks, lambda f: bool(f.graded_areas))
    judged = _on_scales(registered, frameworks, lambda f: bool(f.judged_areas))

    t4 = NationalTable(
        "referrals_per_force", "National table 4: cases referred back per force, and their outcomes",
        "Force (year)",
        ("Referred back", *(h for _, h in REFERRAL_STATUS_HEADINGS), *(h for _, h in RESPONSE_HEADINGS)),
        tuple(NationalRow(_label(r), (referrals[r["inspection_id"]]["all"],
                                      *(referrals[r["inspection_id"]][k] for k, _ in REFERRAL_STATUS_HEADINGS),
                                      *(referrals[r["inspection_id"]][k] for k, _ in RESPONSE_HEADINGS)))
              for r in registered),
        "referrals_per_force",
    )

    def graders_row(row: RowMapping) -> NationalRow:
        stats = json.loads(row["agreement"]) if row["agreement"] else {}
        double = stats.get("double_graded") or {}
        kappa = double.get("weighted_kappa")
        share = double.get("percent_agreement")
        return NationalRow(_label(row), (double.get("cases"), None if share is None else round(share, 1),
                                         None if kappa is None else round(kappa, 3)))

    t5 = NationalTable(
        "grader_agreement_per_force",
        "National table 5: agreement between the inspectorate's own graders (double-graded cases)", "Force (year)",
        ("Double-graded cases", "Agreement %", "Weighted kappa"),
        tuple(graders_row(r) for r in registered),
        "grader_agreement_per_force",
    )
    national = (
        *(_grades_by_case_type(scale, rows, frameworks, figures) for scale, rows in case_graded),
        *(_grades_per_force(scale, rows, figures, referrals) for scale, rows in case_graded),
        *(_agreement_per_force(scale, rows, frameworks, figures) for scale, rows in case_graded),
        t4,
        t5,
        *(_topic_grades_table(scale, rows, frameworks) for scale, rows in topics),
        *(_force_judgements_table(scale, rows, frameworks) for scale, rows in judged),
    )
    notes: list[str] = []
    follow_ups = [t for scale, rows in case_graded
                  if (t := _follow_ups(scale, rows, known, frameworks, figures, notes)) is not None]
    missing = tuple(_label(r) for r in registered if r["topic_grades"] is None and
                    (frameworks[r["inspection_id"]].graded_areas or frameworks[r["inspection_id"]].judged_areas))
    return NationalReport(year, tuple(_published(r) for r in registered), (*national, *follow_ups), missing,
                          tuple(notes))
