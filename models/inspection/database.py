"""One inspection = one SQLCipher file. Keys, pragmas, schema version, migrations and backups."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, overload

import sqlcipher3.dbapi2 as sqlcipher
from filelock import FileLock, Timeout
from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, SQLModel

from models.errors import InspectionFileError, WrongPassphrase
from models.inspection import tables  # also registers every table on the metadata

SCHEMA_VERSION = 3
SALT_BYTES = 16
KEY_HEX = re.compile(r"[0-9a-f]{64}")
# scrypt cost: about 0.1 s on a laptop, so guessing passphrases against a stolen file is slow.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def derive_key(passphrase: str, salt: bytes) -> str:
    """Turn a passphrase and the file's salt into the raw 256-bit SQLCipher key (64 hex digits)."""
    raw = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32
    )
    return raw.hex()


def is_raw_key(value: object) -> bool:
    """A cached key is trusted only if it is exactly 64 lowercase hex digits."""
    return isinstance(value, str) and KEY_HEX.fullmatch(value) is not None


def read_salt(path: Path) -> bytes:
    """SQLCipher keeps the KDF salt in the first 16 bytes of the file, unencrypted."""
    try:
        with open(path, "rb") as handle:
            salt = handle.read(SALT_BYTES)
    except FileNotFoundError:
        raise InspectionFileError(f"No inspection file at {path}.") from None
    except OSError as exc:
        raise InspectionFileError(f"Cannot read {path}: {exc.strerror}.") from None
    if len(salt) != SALT_BYTES:
        raise WrongPassphrase(path)
    return salt


def key_for(path: Path, passphrase: str) -> str:
    """The raw key that opens this file with this passphrase."""
    return derive_key(passphrase, read_salt(path))


def _key_pragma(key_hex: str, salt: bytes | None = None) -> str:
    if not is_raw_key(key_hex):
        raise ValueError("raw key must be 64 hex digits")
    return f"x'{key_hex}{salt.hex() if salt else ''}'"


def _raw_connect(path: Path, key_hex: str, salt: bytes | None = None) -> sqlcipher.Connection:
    """Open and unlock a DB-API connection, or raise WrongPassphrase; SQLCipher stays silent on stderr."""
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"{_key_pragma(key_hex, salt)}\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        conn.close()
        raise WrongPassphrase(path) from None
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 5000")
        # Decrypted pages stay in memory (never on disk): a 64 MiB cache spares re-decrypting on every tally.
        conn.execute("PRAGMA cache_size = -65536")
    except sqlcipher.OperationalError as exc:
        conn.close()
        raise InspectionFileError(f"{Path(path).name} cannot be opened for writing here ({exc}); "
                                  "copy it to a writable folder.") from None
    return conn


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


BACKUP_STAMP = "%Y%m%dT%H%M%S%fZ"


def _now() -> str:
    return datetime.now(UTC).strftime(BACKUP_STAMP)


def backup_folder(inspection: Path) -> Path:
    """Backups sit beside the inspection, encrypted like it, in '<name>-backups'."""
    return inspection.parent / f"{inspection.stem}-backups"


def lock_inspection(path: Path, doing: str) -> FileLock:
    """Hold the OS lock that keeps a second opener out; the OS releases it if the process dies."""
    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InspectionFileError(f"{path.name} is open elsewhere (another Fieldwork window or process); "
                                  f"close it there before {doing}.") from None
    return lock


class InspectionDatabase:
    """An unlocked inspection file: its engine, its lock against a second opener, its key."""

    def __init__(self, path: Path, key_hex: str, engine: Engine, lock: FileLock | None) -> None:
        self.path = path
        self.key_hex = key_hex
        self.engine = engine
        self._lock = lock

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str) -> InspectionDatabase:
        """Create a new, empty, encrypted inspection file with the current schema."""
        path = Path(path)
        if path.exists():
            raise InspectionFileError(f"{path} already exists; choose another name.")
        if not path.parent.is_dir():
            raise InspectionFileError(f"Folder {path.parent} does not exist.")
        salt = secrets.token_bytes(SALT_BYTES)
        key_hex = derive_key(passphrase, salt)
        conn = _raw_connect(path, key_hex, salt)
        conn.close()
        db = cls._attach(path, key_hex)
        try:
            with db.engine.begin() as connection:
                SQLModel.metadata.create_all(connection)
                _install_audit_guards(connection)
                connection.execute(
                    text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(SCHEMA_VERSION)}
                )
        except Exception:
            db.close()
            raise
        return db

    @classmethod
    def open(
        cls, path: Path | str, *, key_hex: str | None = None, passphrase: str | None = None
    ) -> InspectionDatabase:
        """Open an existing file with a raw key or a passphrase; migrate it if it is older."""
        path = Path(path)
        if not path.is_file():
            raise InspectionFileError(f"No inspection file at {path}.")
        if key_hex is None:
            if passphrase is None:
                raise WrongPassphrase(path)
            key_hex = key_for(path, passphrase)
        if not is_raw_key(key_hex):
            raise WrongPassphrase(path)
        _raw_connect(path, key_hex).close()  # proves the key before anything else touches the file
        db = cls._attach(path, key_hex)
        try:
            db._check_schema()
        except Exception:
            db.close()
            raise
        return db

    @classmethod
    def _attach(cls, path: Path, key_hex: str) -> InspectionDatabase:
        lock = lock_inspection(path, "opening it here")
        engine = create_engine(
            "sqlite://",
            hide_parameters=True,  # error messages and crash details never carry case references or notes
            module=sqlcipher,
            creator=lambda: _raw_connect(path, key_hex),
            poolclass=QueuePool,
            pool_size=2,
            max_overflow=2,
        )
        _use_explicit_transactions(engine)
        return cls(path, key_hex, engine, lock)

    def close(self) -> None:
        """Checkpoint the WAL into the file, release connections and the lock."""
        with contextlib.suppress(Exception), self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> InspectionDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # -- schema --------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as connection:
            value = connection.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
        return int(value) if value is not None else 0

    def _check_schema(self) -> None:
        try:
            version = self.schema_version()
        except Exception:
            raise InspectionFileError(f"{self.path.name} is not a Fieldwork inspection file.") from None
        if version > SCHEMA_VERSION:
            raise InspectionFileError(
                f"{self.path.name} was written by a newer release of Fieldwork (schema {version}; "
                f"this release reads up to {SCHEMA_VERSION}). Install the newer release to open it."
            )
        if version < SCHEMA_VERSION:
            self.backup(reason=f"before-migration-v{version}")
            with self.engine.begin() as connection:
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[step](connection)
                connection.execute(
                    text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(SCHEMA_VERSION)}
                )

    # -- backups -------------------------------------------------------------------------------

    def backup(self, reason: str = "manual", folder: Path | None = None) -> Path:
        """Write an encrypted copy (same passphrase) beside the file, or into folder."""
        return export_backup(self.path, self.key_hex, reason, folder)


def export_backup(path: Path, key_hex: str, reason: str, folder: Path | None = None) -> Path:
    """An encrypted copy of the file at path (same key and salt, so the same passphrase opens it)."""
    folder = folder or backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}-{_now()}-{reason}{path.suffix}"
    conn = _raw_connect(path, key_hex)
    try:
        _export(conn, target, key_hex, read_salt(path))
    finally:
        conn.close()
    _fsync_dir(folder)
    return target


def _export(conn: sqlcipher.Connection, target: Path, key_hex: str, salt: bytes) -> None:
    """Write a consistent, encrypted, fsynced copy of the open database to target."""
    partial = target.with_name(target.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        conn.execute(f"ATTACH DATABASE ? AS export KEY \"{_key_pragma(key_hex, salt)}\"", (str(partial),))
        conn.execute("SELECT sqlcipher_export('export')")
        conn.execute("DETACH DATABASE export")
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


@overload
def bulk_insert(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None: ...
@overload
def bulk_insert(connection: Connection, table: Table, rows: Sequence[tuple[Any, ...]],
                columns: tuple[str, ...]) -> None: ...
def bulk_insert(connection: Connection, table: Table, rows: Sequence[Any],
                columns: tuple[str, ...] | None = None) -> None:
    """executemany straight to the driver: the statement is compiled for the connection's dialect,
    so it stays portable, but the per-row parameter processing of Core is skipped (imports of 100k rows).
    Rows are dicts, or tuples in the order of columns."""
    if not rows:
        return
    tuples: Sequence[tuple[Any, ...]]
    if columns is None:
        columns = tuple(rows[0])
        tuples = [tuple(row[c] for c in columns) for row in rows]
    else:
        tuples = rows
    compiled = table.insert().values({c: None for c in columns}).compile(dialect=connection.dialect)
    params: Sequence[tuple[Any, ...]] | list[dict[str, Any]]
    if compiled.positional:
        assert compiled.positiontup is not None  # a positional compilation lists its parameters
        order = [columns.index(name) for name in compiled.positiontup]
        params = tuples if order == list(range(len(columns))) else [
            tuple(row[i] for i in order) for row in tuples]
    else:
        params = [dict(zip(columns, row, strict=True)) for row in tuples]
    connection.exec_driver_sql(str(compiled), params)


WRITE_OPTION = "fieldwork_write"


def stored_time(moment: datetime) -> str:
    """A timestamp as SQLAlchemy's DateTime stores it in SQLite, for plain SQL and driver-level executemany."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _use_explicit_transactions(engine: Engine) -> None:
    """pysqlite's implicit transactions are unreliable; SQLAlchemy's recipe makes BEGIN explicit."""

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A write takes the write lock at once, so two writers queue on busy_timeout instead of one failing.
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _install_audit_guards(connection: Connection) -> None:
    """Triggers that refuse any UPDATE or DELETE of past audit events."""
    if connection.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            connection.exec_driver_sql(
                f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
            )
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql"
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )


def _graded_topics_and_dates(connection: Connection) -> None:
    """Schema 2: topic grades per case, force judgements with their evidence, the inspection's dates."""
    for table in (tables.TopicGrade, tables.ForceJudgement, tables.ForceEvidence):
        tables.core_table(table).create(connection)
    connection.exec_driver_sql("ALTER TABLE inspection ADD COLUMN start_date VARCHAR")
    connection.exec_driver_sql("ALTER TABLE inspection ADD COLUMN end_date VARCHAR")


def _member_names_reusable(connection: Connection) -> None:
    """Schema 3: a team member's name is no longer unique, so a lost laptop's owner registers a new card
    while the revoked one keeps its row. SQLite drops a UNIQUE constraint only by rebuilding the table."""
    table = tables.core_table(tables.TeamMember)
    columns = ", ".join(c.name for c in table.columns)
    connection.exec_driver_sql("ALTER TABLE team_member RENAME TO team_member_v2")
    table.create(connection)
    connection.exec_driver_sql(f"INSERT INTO team_member ({columns}) SELECT {columns} FROM team_member_v2")
    connection.exec_driver_sql("DROP TABLE team_member_v2")


# Migration N brings a file from schema N-1 to N; each runs inside the one migration transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _graded_topics_and_dates, 3: _member_names_reusable}


def change_passphrase(path: Path | str, old_key_hex: str, new_passphrase: str) -> str:
    """Re-encrypt the whole file under a new passphrase; crash-safe by export-then-rename.

    At every instant either the old file (old passphrase) or the new one (new passphrase) is at path.
    The file must not be open elsewhere. Returns the new raw key.
    """
    path = Path(path)
    lock = lock_inspection(path, "changing the passphrase")
    try:
        conn = _raw_connect(path, old_key_hex)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            salt = secrets.token_bytes(SALT_BYTES)
            new_key = derive_key(new_passphrase, salt)
            fresh = path.with_name(path.name + ".rekey")
            _export(conn, fresh, new_key, salt)
        finally:
            conn.close()
        for leftover in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        os.replace(fresh, path)
        _fsync_dir(path.parent)
        _raw_connect(path, new_key).close()
        return new_key
    finally:
        lock.release()


@contextlib.contextmanager
def opened(path: Path | str, **unlock: str) -> Iterator[InspectionDatabase]:
    """Open an inspection for the length of a with-block."""
    db = InspectionDatabase.open(path, **unlock)
    try:
        yield db
    finally:
        db.close()
