"""One inspection = one SQLCipher file: opening and creating it, its lock, schema version, migrations, backups,
and re-keying it together with its backups."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

import sqlcipher3.dbapi2 as sqlcipher
from filelock import FileLock, Timeout

from models.errors import DamagedFile, DiskProblem, FieldworkError, InspectionFileError, WrongPassphrase
from models.inspection import layout
from models.inspection.cipher import (
    FILE_MODE,
    PAGE_SIZE,
    companions,
    copy_to,
    create_private,
    damage_from,
    disk_problem,
    export_to,
    fsync_dir,
    make_private,
    private_folder,
    raw_connect,
    remove_quietly,
    sqlite_problem,
    verify_file,
)
from models.inspection.keys import derive_key, is_raw_key, needs_upgrade, new_salt, read_salt
from models.inspection.layout import backup_folder

if TYPE_CHECKING:
    import threading

    # The ORM is loaded when a file is first written or read through it, not when it is opened: a start that
    # reads through plain SQL (the first window, `fieldwork tables`) never pays for importing it.
    from sqlalchemy import Connection, Engine, Table
    from sqlmodel import Session

SCHEMA_VERSION = 5


def lock_inspection(path: Path, doing: str) -> FileLock:
    """Hold the OS lock that keeps a second opener out; the OS releases it if the process dies."""
    lock = FileLock(str(path) + ".lock", timeout=0, mode=FILE_MODE)
    try:
        lock.acquire()
    except Timeout:
        raise InspectionFileError(f"{path.name} is open elsewhere (another Fieldwork window or process); "
                                  f"close it there before {doing}.") from None
    except OSError as exc:
        raise disk_problem(exc, Path(str(path) + ".lock"), "create the lock file") from None
    return lock


# -- interrupted work, finished at the next open -----------------------------------------------------------

def _finish_rekey(inspection: Path) -> bool:
    """Roll a committed re-key forward: every listed copy is complete under the new key, so renaming the rest
    into place needs no key. Returns True when there was one to finish."""
    record = layout.journal(inspection)
    try:
        names = json.loads(record.read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        names = None
    folders = (inspection.parent, backup_folder(inspection))  # a record never renames anything elsewhere
    targets = [inspection.parent / n for n in names if isinstance(n, str)] if isinstance(names, list) else []
    if not targets or len(targets) != len(names or ()) or any(t.parent not in folders for t in targets):
        raise InspectionFileError(f"A passphrase change of {inspection} was interrupted and its record "
                                  f"{record.name} cannot be read; keep every file as it is and ask for help.")
    for target in targets:
        fresh = layout.rekeyed(target)
        if fresh.is_file():
            if target == inspection:
                remove_quietly(*companions(inspection))
            os.replace(fresh, target)
            fsync_dir(target.parent)
    record.unlink()
    fsync_dir(inspection.parent)
    return True


def settle(inspection: Path) -> bool:
    """Under the inspection's lock: finish a re-key that was committed but not completed, and remove the
    temporary copies an interrupted backup, re-key or restore left. True when a re-key was finished."""
    finished = _finish_rekey(inspection)
    remove_quietly(*layout.strays(inspection))
    return finished


def finish_interrupted(path: Path | str) -> bool:
    """settle() for a file that is not open here (before its salt is read for the keyring); a file open
    elsewhere is left to its opener."""
    path = Path(path)
    if not path.exists() and not layout.journal(path).exists():
        return False
    try:
        lock = lock_inspection(path, "checking it")
    except FieldworkError:
        return False
    try:
        return settle(path)
    finally:
        lock.release()


# -- re-keying the file with its backups ------------------------------------------------------------------

@dataclass
class Rekeyed:
    """What a re-key did: the new raw key, the backups re-keyed with the file, and those left as they were
    (they did not open with the file's key: left by an older release under an earlier passphrase)."""

    key_hex: str
    backups: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)


def _rekey_all(inspection: Path, old_key: str, new_key: str, salt: bytes) -> Rekeyed:
    """Re-key the file and every backup that opens with its key, as one all-or-nothing step (the caller
    holds the lock). Phase 1 writes a complete copy of each under the new key beside it; a failure removes
    them all and nothing has changed. The journal then commits the set; phase 2 renames each copy over its
    original, and settle() finishes phase 2 after a crash. At every instant each file is complete under
    the old or the new key."""
    outcome = Rekeyed(new_key)
    members = [inspection]
    for backup, _, _ in layout.backup_files(inspection):
        try:
            raw_connect(backup, old_key, wal=False).close()
        except (WrongPassphrase, DamagedFile):
            outcome.left.append(backup)
            continue
        members.append(backup)
    written: list[Path] = []
    try:
        for member in members:
            conn = raw_connect(member, old_key, wal=member == inspection)
            try:
                if member == inspection:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                export_to(conn, layout.rekeyed(member), new_key, salt, member)
                written.append(layout.rekeyed(member))
            finally:
                conn.close()
        for folder in {m.parent for m in members}:
            fsync_dir(folder)
        record = layout.journal(inspection)
        names = [os.path.relpath(m, inspection.parent) for m in members]
        create_private(record)
        with open(record, "w", encoding="utf-8") as handle:
            json.dump({"files": names}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        fsync_dir(inspection.parent)
    except BaseException as exc:
        remove_quietly(*written, layout.journal(inspection))
        if isinstance(exc, OSError):
            raise disk_problem(exc, inspection, "re-key") from None
        raise
    # committed: from here a crash is finished by the next open
    _finish_rekey(inspection)
    outcome.backups = members[1:]
    return outcome


def change_passphrase(path: Path | str, old_key_hex: str, new_passphrase: str) -> Rekeyed:
    """Re-encrypt the file and its backups under a new passphrase (and the current key derivation).

    Crash-safe and all-or-nothing across the set: until the journal is written everything opens with the old
    passphrase; after it, everything with the new one (the next open finishes an interrupted rename).
    The file must not be open elsewhere."""
    path = Path(path)
    lock = lock_inspection(path, "changing the passphrase")
    try:
        settle(path)
        raw_connect(path, old_key_hex).close()  # the old key opens it, before the slow derivation
        salt = new_salt()
        return _rekey_all(path, old_key_hex, derive_key(new_passphrase, salt), salt)
    finally:
        lock.release()


# -- damage ---------------------------------------------------------------------------------------------

def newest_sound_backup(inspection: Path, key_hex: str | None = None, passphrase: str | None = None) -> Path | None:
    """The newest backup whose every page verifies with this key (or this passphrase), or None."""
    keys: dict[bytes, str] = {}
    for backup, _, _ in layout.backup_files(inspection):
        try:
            key = key_hex
            if passphrase is not None:
                salt = read_salt(backup)
                key = keys.setdefault(salt, derive_key(passphrase, salt))
            if key is not None and not verify_file(backup, key, wal=False):
                return backup
        except FieldworkError:
            continue
    return None


def diagnose(path: Path, key_hex: str) -> DamagedFile | None:
    """After an unexpected error with this file open: is the file damaged? A page that fails its HMAC can
    be read back as zeros before SQLCipher reports anything, and the error then shows up as anything at all;
    so every page is checked before an error is called a bug."""
    try:
        problems = verify_file(path, key_hex)
    except DamagedFile as damage:
        return _with_backup(damage, path, key_hex)
    except FieldworkError:
        return None
    return _with_backup(damage_from(problems, path), path, key_hex) if problems else None


def _with_backup(damage: DamagedFile, inspection: Path, key_hex: str | None,
                 passphrase: str | None = None) -> DamagedFile:
    if damage.checked:
        return damage
    return damage.with_backup(newest_sound_backup(inspection, key_hex, passphrase))


class InspectionDatabase:
    """An unlocked inspection file: its lock against a second opener, its key, the DB-API connection that reads
    it in plain SQL, and the ORM's engine, made when first used (a write, or a read not written in plain SQL)."""

    def __init__(self, path: Path, key_hex: str, lock: FileLock | None,
                 raw: sqlcipher.Connection | None = None) -> None:
        self.path = path
        self.key_hex = key_hex
        self._lock = lock
        self._raw = raw  # the connection that proved the key, kept for plain-SQL reads
        self._raw_cache: int | None = None
        self._engine: Engine | None = None
        self.upgraded = False  # True when this open moved the file to the current key derivation

    @property
    def engine(self) -> Engine:
        """The ORM's engine on this file (its own pool of connections), made on first use."""
        if self._engine is None:
            from models.inspection.engine import make_engine

            path, key_hex = self.path, self.key_hex
            self._engine = make_engine(lambda: raw_connect(path, key_hex), self.explain,
                                       lambda connection, pages: size_cache(connection, path, pages), WRITE_OPTION)
        return self._engine

    @property
    def raw(self) -> sqlcipher.Connection:
        """The DB-API connection the plain-SQL reads use, in autocommit mode (opened on first use by an engine
        made beside the opener's, which reads on another thread)."""
        if self._raw is None:
            self._raw = raw_connect(self.path, self.key_hex)
        return self._raw

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlcipher.Connection]:
        """The plain-SQL connection inside one read transaction, so that several statements see one state of the
        file; a SQLite error met in the with-block is explained as explain() does. Nested blocks share one.

        SQLCipher can hand back a page that fails its check as zeros and say so only at a later statement; so any
        other error met in the block (a stored framework that no longer parses) first has every page checked,
        and is reported as the damage when that is what it is."""
        with explained(self.explain):
            connection = self.raw
            self._raw_cache = size_cache(connection, self.path, self._raw_cache)
            if connection.in_transaction:
                yield connection
                return
            connection.execute("BEGIN")
            try:
                yield connection
            except sqlcipher.Error:
                raise
            except Exception:
                damage = diagnose(self.path, self.key_hex)
                if damage is not None:
                    raise damage from None
                raise
            finally:
                if connection.in_transaction:
                    with contextlib.suppress(sqlcipher.Error):
                        connection.execute("ROLLBACK")  # it only read

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str) -> InspectionDatabase:
        """Create a new, empty, encrypted inspection file with the current schema, readable by this user
        alone; if it cannot be completed (a full disk), no half-made file is left to block a retry."""
        path = Path(path)
        if path.exists():
            raise InspectionFileError(f"{path} already exists; choose another name.")
        if not path.parent.is_dir():
            raise InspectionFileError(f"Folder {path.parent} does not exist.")
        salt = new_salt()
        key_hex = derive_key(passphrase, salt)
        lock = lock_inspection(path, "creating it")
        try:
            create_private(path)
        except BaseException:
            lock.release()
            raise
        db: InspectionDatabase | None = None
        try:
            db = cls(path, key_hex, lock, raw_connect(path, key_hex, salt, create=True))
            from sqlalchemy import text
            from sqlmodel import SQLModel

            from models.inspection import tables  # noqa: F401  (registers every table on the metadata)

            with db.engine.begin() as connection:
                SQLModel.metadata.create_all(connection)
                _install_audit_guards(connection)
                connection.execute(
                    text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(SCHEMA_VERSION)}
                )
        except BaseException:
            if db is not None:
                db.discard()
            else:
                lock.release()
                remove_new_file(path)
            raise
        return db

    @classmethod
    def open(
        cls, path: Path | str, *, key_hex: str | None = None, passphrase: str | None = None
    ) -> InspectionDatabase:
        """Open an existing file with a raw key or a passphrase; migrate it if it is older.

        Under the lock, an interrupted re-key is finished and stray temporary copies removed first. The file's
        shape and first pages are checked (damage is told apart from a wrong passphrase where the pages allow
        it). With the passphrase, a file still on an older key derivation is re-keyed to the current one."""
        path = Path(path)
        if not path.is_file():
            raise InspectionFileError(f"No inspection file at {path}.")
        lock = lock_inspection(path, "opening it here")
        raw: sqlcipher.Connection | None = None
        try:
            settle(path)
            make_private(path)
            for companion in companions(path):
                make_private(companion)
            salt = read_salt(path)
            if key_hex is None:
                if passphrase is None:
                    raise WrongPassphrase(path)
                key_hex = derive_key(passphrase, salt)
            if not is_raw_key(key_hex):
                raise WrongPassphrase(path)
            try:
                raw = raw_connect(path, key_hex)  # proves the key before anything else touches the file
            except DamagedFile as damage:
                raise _with_backup(damage, path, key_hex, passphrase) from None
            upgraded = False
            if passphrase is not None and needs_upgrade(salt):
                raw.close()
                raw = None  # the re-keyed file is opened again under its new key when first read
                fresh = new_salt()
                try:
                    key_hex = _rekey_all(path, key_hex, derive_key(passphrase, fresh), fresh).key_hex
                    upgraded = True
                except DiskProblem:
                    pass  # no room for the re-keyed copies: the file still opens; the upgrade waits for next time
        except BaseException:
            if raw is not None:
                raw.close()
            lock.release()
            raise
        db = cls(path, key_hex, lock, raw)
        db.upgraded = upgraded
        try:
            db._check_schema()
        except BaseException:
            db.close()
            raise
        return db

    @classmethod
    def beside(cls, path: Path | str, key_hex: str) -> InspectionDatabase:
        """A second engine on a file this process already holds open (the opener keeps the lock): for work on
        another thread, which must never share the window's connections. The opener settled and checked it."""
        path = Path(path)
        if not path.is_file():
            raise InspectionFileError(f"No inspection file at {path}.")
        return cls(path, key_hex, None)

    def close(self) -> None:
        """Checkpoint the WAL into the file, release connections and the lock. An engine opened beside the
        opener's leaves the checkpoint to it: a TRUNCATE checkpoint waits for every reader and holds off writers,
        which would stall the window's own edits."""
        try:
            if self._lock is not None:
                with contextlib.suppress(Exception):
                    self.raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._release()

    def _release(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        if self._engine is not None:
            self._engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def discard(self) -> None:
        """Close and remove a file this process has just created and could not complete."""
        lock, self._lock = self._lock, None
        self._release()
        remove_new_file(self.path)
        if lock is not None:
            lock.release()

    def __enter__(self) -> InspectionDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Session:
        from models.inspection.engine import ExplainingSession

        return ExplainingSession(self.explain, self.engine, expire_on_commit=False)

    def explain(self, error: BaseException) -> FieldworkError | None:
        """explanation() for this file. SQLAlchemy's error hook (_explain_errors) sees only what goes through
        it; the hot paths read and write through the driver's own cursors, so their errors come here."""
        return explanation(error, self.path, self.key_hex)

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection whose with-block explains a SQLite error as explain() does."""
        with explained(self.explain), self.engine.connect() as connection:
            yield connection

    # -- schema --------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.reading() as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row is not None else 0

    def _check_schema(self) -> None:
        try:
            version = self.schema_version()
        except FieldworkError:
            raise
        except Exception:
            raise InspectionFileError(f"{self.path.name} is not a Fieldwork inspection file.") from None
        if version > SCHEMA_VERSION:
            raise InspectionFileError(
                f"{self.path.name} was written by a newer release of Fieldwork (schema {version}; "
                f"this release reads up to {SCHEMA_VERSION}). Install the newer release to open it."
            )
        if version < SCHEMA_VERSION:
            self.backup(reason=f"before-migration-v{version}")
            from sqlalchemy import text

            with self.engine.begin() as connection:
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[step](connection)
                connection.execute(
                    text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(SCHEMA_VERSION)}
                )

    # -- integrity and backups -----------------------------------------------------------------------

    def verify(self) -> None:
        """Every page: SQLCipher's HMAC check, then SQLite's integrity check. Raises DamagedFile naming the
        newest backup that verifies."""
        with explained(self.explain):
            self.raw.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the HMAC check reads the file itself
        problems = verify_file(self.path, self.key_hex)
        if problems:
            raise _with_backup(damage_from(problems, self.path), self.path, self.key_hex)

    def backup(self, reason: str = "manual", folder: Path | None = None) -> Path:
        """Write an encrypted copy (same passphrase) beside the file, or into folder."""
        return export_backup(self.path, self.key_hex, reason, folder)


def remove_new_file(path: Path) -> None:
    """A half-made inspection file (it holds only ciphertext) is removed so that a retry can start clean."""
    remove_quietly(path, *companions(path))


@contextlib.contextmanager
def explained(explain: Callable[[BaseException], FieldworkError | None]) -> Iterator[None]:
    """A SQLite error raised in the with-block becomes the plain message explain() gives it (if any)."""
    try:
        yield
    except sqlcipher.Error as error:
        problem = explain(error)
        if problem is None:
            raise
        raise problem from None


def explanation(error: BaseException, path: Path, key_hex: str) -> FieldworkError | None:
    """What a SQLite error met on the file at path means (damage, named with the newest sound backup; a full or
    read-only disk), or None for an error that is a bug."""
    problem = sqlite_problem(error, path)
    if isinstance(problem, DamagedFile):
        problem = _with_backup(problem, path, key_hex)
    return problem


def export_backup(path: Path, key_hex: str, reason: str, folder: Path | None = None,
                  stop: threading.Event | None = None) -> Path:
    """An encrypted copy of the file at path (same key and salt, so the same passphrase opens it); one that may
    be given up when stop is set (cipher.copy_to)."""
    folder = private_folder(folder or backup_folder(path))
    target = folder / f"{path.stem}-{layout.now_stamp()}-{reason}{path.suffix}"
    conn = raw_connect(path, key_hex)
    try:
        copy_to(conn, target, key_hex, read_salt(path), path, stop)
    finally:
        conn.close()
    fsync_dir(folder)
    return target


@overload
def bulk_insert(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], *,
                constants: Mapping[str, int] | None = None) -> None: ...
@overload
def bulk_insert(connection: Connection, table: Table, rows: Iterable[tuple[Any, ...]],
                columns: tuple[str, ...], *, constants: Mapping[str, int] | None = None) -> None: ...
def bulk_insert(connection: Connection, table: Table, rows: Iterable[Any],
                columns: tuple[str, ...] | None = None, *, constants: Mapping[str, int] | None = None) -> None:
    """executemany straight to the driver: the statement is compiled for the connection's dialect,
    so it stays portable, but the per-row parameter processing of Core is skipped (imports of 100k rows).
    Rows are dicts, or tuples in the order of columns; tuples may come from an iterator, which may report
    progress (or raise to cancel) as the driver takes them. `constants` are columns every row sets to the same
    number (a flag), written into the statement once rather than bound on every row."""
    tuples: Iterable[tuple[Any, ...]]
    if columns is None:
        assert isinstance(rows, Sequence)  # dict rows name their columns in the first
        if not rows:
            return
        columns = tuple(rows[0])
        tuples = [tuple(row[c] for c in columns) for row in rows]
    else:
        tuples = rows
    from sqlalchemy import literal_column

    values: dict[str, Any] = dict.fromkeys(columns)
    values.update((name, literal_column(str(int(value)))) for name, value in (constants or {}).items())
    compiled = table.insert().values(values).compile(dialect=connection.dialect)
    params: Iterable[tuple[Any, ...]] | Iterable[dict[str, Any]]
    if compiled.positional:
        assert compiled.positiontup is not None  # a positional compilation lists its parameters
        order = [columns.index(name) for name in compiled.positiontup]
        params = tuples if order == list(range(len(columns))) else (tuple(row[i] for i in order) for row in tuples)
    else:
        params = (dict(zip(columns, row, strict=True)) for row in tuples)
    # the driver's executemany takes any iterable, and stops on whatever the iterator raises
    connection.connection.cursor().executemany(str(compiled), params)  # type: ignore[arg-type]


def bulk_update(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """UPDATE ... WHERE id = :b_id as one driver-level executemany (as bulk_insert does for INSERT)."""
    if not rows:
        return
    from sqlalchemy import bindparam

    columns = [c for c in rows[0] if c != "b_id"]
    compiled = table.update().where(table.c.id == bindparam("b_id")).values(
        {c: bindparam(c) for c in columns}).compile(dialect=connection.dialect)
    if compiled.positional:
        order = compiled.positiontup
        assert order is not None  # a positional compilation lists its parameters
        connection.exec_driver_sql(str(compiled), [tuple(row[c] for c in order) for row in rows])
    else:
        connection.exec_driver_sql(str(compiled), list(rows))


IN_BATCH = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit
_Key = TypeVar("_Key", int, str)  # what the IN (...) lists hold: row ids or case references


def chunked(items: Iterable[_Key], size: int = IN_BATCH) -> Iterable[list[_Key]]:
    """Sorted items in lists of at most size, for IN (...) queries."""
    ordered = sorted(items)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


WRITE_OPTION = "fieldwork_write"


def stored_time(moment: datetime) -> str:
    """A timestamp as SQLAlchemy's DateTime stores it in SQLite, for plain SQL and driver-level executemany."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


CACHE_FLOOR = 64 * 1024 * 1024  # what every connection gets (cipher.raw_connect), however small the file
CACHE_CEILING = 1024 * 1024 * 1024  # a bound on the memory one connection may hold in decrypted pages
CACHE_SLACK = 1.25  # room for the WAL and for the file to grow before the next resize
CACHE_STEP = 32 * 1024 * 1024  # resized in steps, so a growing file costs a PRAGMA now and then, not per write


def cache_pages_for(file_bytes: int) -> int:
    """The page cache (in pages) that holds the whole file and a margin, between the floor and the ceiling."""
    wanted = -(-int(file_bytes * CACHE_SLACK) // CACHE_STEP) * CACHE_STEP
    return min(max(wanted, CACHE_FLOOR), CACHE_CEILING) // PAGE_SIZE


def size_cache(connection: sqlcipher.Connection, path: Path, pages_now: int | None) -> int | None:
    """Give a connection a page cache that grows with the file, so a tally of a million cases reads decrypted
    pages from memory instead of decrypting the whole table again (a fixed 64 MiB cache is outgrown at about
    300,000 cases). One stat, checked whenever a connection is taken for use: an import may have grown the file.
    Returns the connection's cache size now (pages_now: the size set last time, None at first)."""
    try:
        size = path.stat().st_size
    except OSError:
        return pages_now  # the next statement reports what is wrong with the file
    pages = cache_pages_for(size)
    if pages != pages_now:
        connection.execute(f"PRAGMA cache_size = {pages:d}")
    return pages


def audit_guard(verb: str) -> str:
    """The SQLite trigger that refuses an UPDATE or a DELETE (verb) of past audit events."""
    return (f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END")


def _install_audit_guards(connection: Connection) -> None:
    """Triggers that refuse any UPDATE or DELETE of past audit events."""
    if connection.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            connection.exec_driver_sql(audit_guard(verb))
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
    from models.inspection import tables

    for table in (tables.TopicGrade, tables.ForceJudgement, tables.ForceEvidence):
        tables.core_table(table).create(connection)
    connection.exec_driver_sql("ALTER TABLE inspection ADD COLUMN start_date VARCHAR")
    connection.exec_driver_sql("ALTER TABLE inspection ADD COLUMN end_date VARCHAR")


def _member_names_reusable(connection: Connection) -> None:
    """Schema 3: a team member's name is no longer unique, so a lost laptop's owner registers a new card
    while the revoked one keeps its row. SQLite drops a UNIQUE constraint only by rebuilding the table."""
    from models.inspection import tables

    table = tables.core_table(tables.TeamMember)
    columns = ", ".join(c.name for c in table.columns)
    connection.exec_driver_sql("ALTER TABLE team_member RENAME TO team_member_v2")
    table.create(connection)
    connection.exec_driver_sql(f"INSERT INTO team_member ({columns}) SELECT {columns} FROM team_member_v2")
    connection.exec_driver_sql("DROP TABLE team_member_v2")


def _whole_inspection(connection: Connection) -> None:
    """Schema 4: a referral's own dates and withdrawal, the letters' addressee by name, the inspection an
    inspection follows up and its retention date, and the lead's queries to inspectors."""
    from sqlalchemy import text

    from models.inspection import tables

    for column in ("letter_sent_on", "due_on", "closed_on", "withdrawn_on"):
        connection.exec_driver_sql(f"ALTER TABLE referral ADD COLUMN {column} VARCHAR")
    connection.exec_driver_sql("ALTER TABLE referral ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT ''")
    connection.exec_driver_sql("ALTER TABLE inspection ADD COLUMN addressee_name VARCHAR NOT NULL DEFAULT ''")
    connection.exec_driver_sql("ALTER TABLE inspection ADD COLUMN follows TEXT")
    connection.exec_driver_sql("ALTER TABLE inspection ADD COLUMN retain_until VARCHAR")
    tables.core_table(tables.CaseQuery).create(connection)
    # Letters sent before schema 4 are known from the audit log only: their newest "send-letter" event gives
    # the referral its dates, so the letters' register reads the same after the migration.
    sent = connection.exec_driver_sql(
        "SELECT entity_id, after FROM audit_event WHERE entity = 'referral' AND action = 'send-letter' "
        "ORDER BY seq").fetchall()
    for ref, after in sent:
        try:
            data = json.loads(after)
        except ValueError:
            continue
        if isinstance(data, dict):
            connection.execute(
                text("UPDATE referral SET letter_sent_on = :sent, due_on = :due WHERE case_id = "
                     "(SELECT id FROM case_file WHERE ref = :ref)"),
                {"sent": data.get("sent_on"), "due": data.get("due_on"), "ref": ref})


# Indexes on a column that leads a unique index too: the unique index finds the same rows.
REDUNDANT_INDEXES = ("ix_assessment_case_id", "ix_evidence_note_assessment_id", "ix_topic_grade_assessment_id",
                     "ix_allocation_case_id")


def _redundant_indexes_dropped(connection: Connection) -> None:
    """Schema 5: each of these indexes was kept up on every write (100,000 of them in a merge) and never needed."""
    for index in REDUNDANT_INDEXES:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")


# Migration N brings a file from schema N-1 to N; each runs inside the one migration transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _graded_topics_and_dates,
    3: _member_names_reusable,
    4: _whole_inspection,
    5: _redundant_indexes_dropped,
}


@contextlib.contextmanager
def opened(path: Path | str, **unlock: str) -> Iterator[InspectionDatabase]:
    """Open an inspection for the length of a with-block."""
    db = InspectionDatabase.open(path, **unlock)
    try:
        yield db
    finally:
        db.close()
