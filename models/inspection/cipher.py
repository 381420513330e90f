"""The SQLCipher file at its lowest level: private creation, unlocking a connection, encrypted exports, page
checks, and what the disk's and SQLite's errors mean for the person in front of the screen."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3.dbapi2 as sqlcipher

from models.errors import DamagedFile, DiskProblem, FieldworkError, InspectionFileError, WrongPassphrase
from models.inspection.keys import is_raw_key

if TYPE_CHECKING:
    import threading

PAGE_SIZE = 4096  # SQLCipher 4's default, never changed by Fieldwork
BUSY_SECONDS = 5  # how long a backup waits for a file another connection holds (the connections' busy timeout)
FILE_MODE, FOLDER_MODE = 0o600, 0o700
# SQLite result codes (the low byte of an extended code) that say something about the disk or the file
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 3, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26

# The driver binds an exact int at once but sends any other type (bool among them) through its adapter look-up,
# which fails twice by raising and clearing AttributeError: about 1.5 us a value, 0.3 s for the two flags of a
# 100,000-case import. With bool registered the look-up finds it at once; SQLite stores the same 0 or 1.
sqlcipher.register_adapter(bool, int)


# -- the disk -----------------------------------------------------------------------------------------

def disk_problem(exc: OSError, path: Path | str, doing: str = "write") -> FieldworkError:
    """A plain message naming the path for what the operating system refused."""
    where = Path(path)
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return DiskProblem(f"The disk holding {where.parent} is full: could not {doing} {where.name}. "
                           "Nothing was changed; free some space and try again.")
    if code == errno.EROFS:
        return DiskProblem(f"Could not {doing} {where}: the disk is read-only. Copy the inspection to a "
                           "writable folder.")
    if code in (errno.EACCES, errno.EPERM):
        return DiskProblem(f"Could not {doing} {where}: permission denied.")
    if code == errno.ENOENT:
        return InspectionFileError(f"Could not {doing} {where}: the folder or file does not exist.")
    return DiskProblem(f"Could not {doing} {where}: {exc.strerror or exc}.")


def _disk_is_full(path: Path) -> bool:
    with contextlib.suppress(OSError):
        stats = os.statvfs(path.parent)
        return stats.f_bavail * stats.f_frsize < 2 * PAGE_SIZE
    return False


def sqlite_problem(exc: BaseException, path: Path | str) -> FieldworkError | None:
    """What a SQLite error on a file with a proven key means, or None for an error that is a bug.
    Page checks failing (SQLITE_NOTADB after the key was proven, SQLITE_CORRUPT) mean damage."""
    if not isinstance(exc, sqlcipher.Error):
        return None
    path = Path(path)
    code = _result_code(exc)
    if code == SQLITE_FULL or (code == SQLITE_IOERR and _disk_is_full(path)):
        return disk_problem(OSError(errno.ENOSPC, "No space left on device"), path, "write to")
    if code == SQLITE_READONLY:
        return DiskProblem(f"Could not write to {path}: the file or its disk is read-only. Copy the inspection "
                           "to a writable folder.")
    if code in (SQLITE_PERM, SQLITE_CANTOPEN):
        return DiskProblem(f"Could not open {path} (or the files SQLite keeps beside it): permission denied or "
                           "the folder is not writable.")
    if code == SQLITE_IOERR:
        return DiskProblem(f"The disk failed while reading or writing {path} ({exc}). Check the disk and "
                           "try again.")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedFile(path, "a page fails its integrity check")
    return None


# sqlcipher_export reports what failed inside it as a generic SQLITE_ERROR with SQLite's own message
MESSAGE_CODES = (("disk is full", SQLITE_FULL), ("readonly database", SQLITE_READONLY),
                 ("disk i/o error", SQLITE_IOERR), ("unable to open", SQLITE_CANTOPEN),
                 ("malformed", SQLITE_CORRUPT), ("not a database", SQLITE_NOTADB))


def _result_code(exc: BaseException) -> int:
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (0, 1):
        message = str(exc).lower()
        code = next((known for text, known in MESSAGE_CODES if text in message), code)
    return code


def private_folder(folder: Path) -> Path:
    """A folder Fieldwork makes for itself (backups), readable by this user alone on POSIX."""
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_problem(exc, folder, "create the folder") from None
    return folder


def create_private(path: Path) -> None:
    """Make an empty file only this user can read, before SQLite opens it (the WAL and the shared-memory
    file SQLite adds beside it take the same mode). Refuses a path that exists."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        raise InspectionFileError(f"{path} already exists; choose another name.") from None
    except OSError as exc:
        raise disk_problem(exc, path, "create") from None
    os.close(fd)


def make_private(path: Path) -> None:
    """Take group and others' access off a file written by an older release (mode 0644)."""
    with contextlib.suppress(OSError):
        if os.name == "posix" and path.stat().st_mode & 0o077:
            os.chmod(path, FILE_MODE)


def fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def companions(path: Path) -> tuple[Path, Path]:
    """The WAL and shared-memory files SQLite keeps beside a database."""
    return Path(str(path) + "-wal"), Path(str(path) + "-shm")


# -- the file's shape and pages -------------------------------------------------------------------------

def check_shape(path: Path) -> None:
    """Cheap, before any key: a SQLCipher file is a whole number of pages. A file cut short (a copy that
    stopped, a full disk) or added to fails here, whatever its passphrase."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise disk_problem(exc, path, "read") from None
    if size == 0:
        raise DamagedFile(path, "it is empty")
    if size % PAGE_SIZE:
        raise DamagedFile(path, f"its size, {size:,} bytes, is not a whole number of {PAGE_SIZE:,}-byte pages: "
                                "it was cut short or added to")


def page_problems(conn: sqlcipher.Connection) -> list[str]:
    """Every page's HMAC (SQLCipher), then SQLite's own structure check; empty when the file is sound."""
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    if problems:
        return problems
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except sqlcipher.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _page_summary(problems: list[str]) -> str:
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


# -- connections ------------------------------------------------------------------------------------------

def key_pragma(key_hex: str, salt: bytes | None = None) -> str:
    if not is_raw_key(key_hex):
        raise ValueError("raw key must be 64 hex digits")
    return f"x'{key_hex}{salt.hex() if salt else ''}'"


def _refused_key_or_damage(conn: sqlcipher.Connection, path: Path) -> FieldworkError:
    """Page 1 failed its check with this key. If other pages pass with it, the key is right and the file is
    damaged; if none does, it is the wrong key (SQLCipher cannot tell more apart)."""
    try:
        failing = len([row for row in conn.execute("PRAGMA cipher_integrity_check")])
    except sqlcipher.Error:
        return WrongPassphrase(path)
    pages = max(1, path.stat().st_size // PAGE_SIZE)
    if failing < pages:
        return DamagedFile(path, f"{failing} of its {pages} pages fail their integrity check, the first page "
                                 "among them")
    return WrongPassphrase(path)


def raw_connect(path: Path, key_hex: str, salt: bytes | None = None, *, create: bool = False,
                wal: bool = True) -> sqlcipher.Connection:
    """Open and unlock a DB-API connection, or raise WrongPassphrase, DamagedFile or DiskProblem; SQLCipher
    stays silent on stderr. Without create, the file must exist and have the shape of a SQLCipher file.
    wal=False leaves the file's journal mode alone: a backup is read without a byte of it changing."""
    path = Path(path)
    if not create:
        check_shape(path)
    try:
        conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    except sqlcipher.Error as exc:
        raise sqlite_problem(exc, path) or DiskProblem(f"Could not open {path}: {exc}.") from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"{key_pragma(key_hex, salt)}\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        code = _result_code(exc)
        problem = (_refused_key_or_damage(conn, path) if code == SQLITE_NOTADB
                   else sqlite_problem(exc, path) or WrongPassphrase(path))
        conn.close()
        raise problem from None
    if not wal:
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 5000")
        # Decrypted pages stay in memory (never on disk): a 64 MiB cache spares re-decrypting on every tally.
        conn.execute("PRAGMA cache_size = -65536")
    except sqlcipher.DatabaseError as exc:
        conn.close()
        found = sqlite_problem(exc, path)
        if found is not None and not isinstance(found, DamagedFile):
            raise found from None
        raise InspectionFileError(f"{path.name} cannot be opened for writing here ({exc}); "
                                  "copy it to a writable folder.") from None
    return conn


def verify_file(path: Path, key_hex: str, *, wal: bool = True) -> list[str]:
    """Every page of the file at path checked with this key: empty when sound, else what failed.
    Raises WrongPassphrase when the key opens no page at all."""
    try:
        conn = raw_connect(path, key_hex, wal=wal)
    except DamagedFile as damage:
        return [damage.detail]
    try:
        return page_problems(conn)
    except sqlcipher.Error as exc:
        return [str(exc)]
    finally:
        conn.close()


def damage_from(problems: list[str], path: Path) -> DamagedFile:
    return DamagedFile(path, _page_summary(problems))


def export_to(conn: sqlcipher.Connection, target: Path, key_hex: str, salt: bytes, source: Path) -> None:
    """Write a consistent, encrypted, fsynced copy of the open database to target under another key (or
    salt), through a private '.part' file renamed at the end: a failure (a full disk) leaves nothing behind."""
    with _written_through_partial(target, source) as partial:
        conn.execute(f"ATTACH DATABASE ? AS export KEY \"{key_pragma(key_hex, salt)}\"", (str(partial),))
        try:
            conn.execute("SELECT sqlcipher_export('export')")
        finally:
            conn.execute("DETACH DATABASE export")


class CopyStopped(Exception):
    """A copy given up by whoever started it (copy_to's stop): nothing was written."""


COPY_STEP = 2048  # pages a step when a copy may be stopped: a stop waits for one step at most


def copy_to(conn: sqlcipher.Connection, target: Path, key_hex: str, salt: bytes, source: Path,
            stop: threading.Event | None = None) -> None:
    """The same as export_to for a copy under the open database's own key and salt (a backup), page by
    page with SQLite's online backup: a third faster than sqlcipher_export, which rebuilds every table and
    index. The copy keeps a rollback journal, so that reading it later leaves no companion files beside it.
    conn must not be in a write transaction: SQLite refuses to back up through a writing connection.
    With stop, the copy goes in steps and gives up (CopyStopped) at the first step after stop is set."""
    deadline = time.monotonic() + BUSY_SECONDS

    def retrying(_status: int, remaining: int, _total: int) -> None:
        # The driver retries a step the source refused as busy (or locked) for as long as it is refused;
        # sqlcipher_export gave up after the connection's busy timeout, and so does this.
        if remaining and time.monotonic() > deadline:
            raise InspectionFileError(f"{source.name} stayed busy for {BUSY_SECONDS} seconds (another program "
                                      "holding it?); no backup was written. Try again.")
        if remaining and stop is not None and stop.is_set():
            raise CopyStopped(target.name)

    with _written_through_partial(target, source) as partial:
        copy = sqlcipher.connect(str(partial), isolation_level=None)
        try:
            copy.execute("PRAGMA cipher_log_level = NONE")
            copy.execute(f"PRAGMA key = \"{key_pragma(key_hex, salt)}\"")
            conn.backup(copy, pages=-1 if stop is None else COPY_STEP, progress=retrying)
            copy.execute("PRAGMA journal_mode = DELETE")  # the pages came with the source's WAL mark
        finally:
            copy.close()


@contextlib.contextmanager
def _written_through_partial(target: Path, source: Path) -> Iterator[Path]:
    """A private '.part' file beside target for the with-block to fill; fsynced and renamed to target after
    it, removed on any failure (with any WAL files SQLite made beside it), with SQLite's and the disk's errors
    said plainly."""
    partial = target.with_name(target.name + ".part")
    leftovers = (partial, *companions(partial))
    remove_quietly(*leftovers)
    try:
        create_private(partial)
        yield partial
        fsync_file(partial)
        os.replace(partial, target)
    except sqlcipher.Error as exc:
        remove_quietly(*leftovers)
        problem = sqlite_problem(exc, partial)
        if isinstance(problem, DamagedFile):  # a page of the source failed while it was read
            raise DamagedFile(source, "a page fails its integrity check") from None
        if problem is None:
            raise
        raise problem from None
    except OSError as exc:
        remove_quietly(*leftovers)
        raise disk_problem(exc, target) from None
    except BaseException:
        remove_quietly(*leftovers)
        raise
