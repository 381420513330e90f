"""Rotating encrypted backups of an inspection file, and restoring one (itself backed up first)."""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from models.errors import InspectionFileError
from models.inspection.cipher import companions, create_private, disk_problem, fsync_dir, remove_quietly
from models.inspection.database import InspectionDatabase, export_backup, lock_inspection, settle
from models.inspection.layout import RESTORING, backup_files

KEEP = 20  # automatic backups per inspection; the oldest go first
# Taken by Fieldwork on its own, so only these are rotated: a backup someone took by hand, the copy kept
# before a restore and the one before a schema upgrade stay until someone deletes them.
AUTOMATIC = ("daily", "before-merge")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str
    size: int


def list_backups(inspection: Path | str) -> list[Backup]:
    """Newest first."""
    found = []
    for path, taken, reason in backup_files(Path(inspection)):
        with contextlib.suppress(OSError):
            found.append(Backup(path, taken, reason, path.stat().st_size))
    return found


def take_backup(db: InspectionDatabase, reason: str, keep: int = KEEP) -> Path:
    """An encrypted copy (same passphrase), then drop the oldest automatic ones beyond keep."""
    target = db.backup(reason=reason)
    _rotate(db.path, keep)
    return target


class PendingBackup:
    """A backup written on a thread of its own while its caller goes on working in its write transaction.

    The thread reads through a connection of its own, which sees the last committed state: the caller's writes,
    uncommitted until it is done, never reach it. So the copy is of the file as it was before the work, however
    the two interleave, and the copy (SQLite's own loop, which releases Python's lock) runs alongside the work.
    The caller keeps it before committing (the oldest automatic backups then rotated away), or discards it, which
    stops the copy within a step and leaves no file."""

    def __init__(self, db: InspectionDatabase, reason: str) -> None:
        self._inspection = db.path
        self._written: Path | None = None
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._write, args=(db.path, db.key_hex, reason),
                                        name=f"backup {reason}", daemon=True)
        self._thread.start()

    def _write(self, inspection: Path, key_hex: str, reason: str) -> None:
        try:
            self._written = export_backup(inspection, key_hex, reason, stop=self._stop)
        except BaseException as error:  # a full disk, say: the caller raises it (keep), its work then undone
            self._error = error

    def keep(self) -> Path:
        """Wait for the copy; raises what stopped it."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._written is not None  # written unless an error was kept
        _rotate(self._inspection)
        return self._written

    def discard(self) -> None:
        self._stop.set()
        self._thread.join()
        if self._written is not None:
            remove_quietly(self._written)


class BackupAlongside:
    """The backup of a with-block that may change the file. None is copied until start(), called once the block
    may change it; the copy then runs on a thread alongside the block's checks and writes. It is kept as the block
    ends only if the block said want() (known to change the file); otherwise, or if the block ends by an error
    (its work undone), it is stopped and removed: a block that changes nothing rotates no older backup away."""

    def __init__(self, db: InspectionDatabase, reason: str) -> None:
        self._db, self._reason = db, reason
        self._pending: PendingBackup | None = None
        self._wanted = False

    def start(self) -> None:
        """Begin copying, before the block's first write."""
        if self._pending is None:
            self._pending = PendingBackup(self._db, self._reason)

    def want(self) -> None:
        """The block changes the file: keep the backup (begun now if it was not)."""
        self.start()
        self._wanted = True

    def __enter__(self) -> BackupAlongside:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if self._pending is None:
            return
        if kind is None and self._wanted:
            self._pending.keep()
        else:
            self._pending.discard()


def _rotate(inspection: Path, keep: int = KEEP) -> None:
    automatic = [b for b in list_backups(inspection) if b.reason in AUTOMATIC]
    for old in automatic[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()


def needs_daily_backup(inspection: Path | str, now: datetime | None = None) -> bool:
    """True when no backup was taken in the last 24 hours."""
    now = now or datetime.now(UTC)
    newest = next(iter(list_backups(inspection)), None)
    return newest is None or (now - newest.taken).total_seconds() >= 24 * 3600


def restore_backup(backup: Path | str, inspection: Path | str, key_hex: str) -> Path | None:
    """Replace the inspection with a backup that opens with the same key; the current file is kept as a
    'before-restore' backup first. The inspection must not be open elsewhere. Returns that safety copy."""
    backup, inspection = Path(backup), Path(inspection)
    if not inspection.parent.is_dir():
        raise InspectionFileError(f"Folder {inspection.parent} does not exist; nothing was restored.")
    with InspectionDatabase.open(backup, key_hex=key_hex) as check:  # proves it opens and is not too new
        check.schema_version()
    safety = None
    # One lock from the safety copy to the rename: nobody can write in between and be lost.
    lock = lock_inspection(inspection, "restoring a backup over it")
    try:
        settle(inspection)
        if inspection.exists():
            safety = export_backup(inspection, key_hex, "before-restore")
            _rotate(inspection)
        staged = inspection.with_name(inspection.name + RESTORING)
        try:
            create_private(staged)
            with open(backup, "rb") as source, open(staged, "wb") as handle:
                while chunk := source.read(1 << 20):
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            remove_quietly(*companions(inspection))
            os.replace(staged, inspection)
            fsync_dir(inspection.parent)
        except OSError as exc:
            remove_quietly(staged)
            raise disk_problem(exc, inspection, "restore") from None
    finally:
        lock.release()
    return safety
