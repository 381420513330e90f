"""Rotating encrypted backups of an inspection file, and restoring one (itself backed up first)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from models.errors import InspectionFileError
from models.inspection.database import (
    BACKUP_STAMP,
    InspectionDatabase,
    _fsync_dir,
    backup_folder,
    export_backup,
    lock_inspection,
)

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
    inspection = Path(inspection)
    found = []
    for path in backup_folder(inspection).glob(f"{inspection.stem}-*{inspection.suffix}"):
        stamp, _, reason = path.stem[len(inspection.stem) + 1:].partition("-")
        try:
            taken = datetime.strptime(stamp, BACKUP_STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(Backup(path, taken, reason, path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def take_backup(db: InspectionDatabase, reason: str, keep: int = KEEP) -> Path:
    """An encrypted copy (same passphrase), then drop the oldest automatic ones beyond keep."""
    target = db.backup(reason=reason)
    _rotate(db.path, keep)
    return target


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
        if inspection.exists():
            safety = export_backup(inspection, key_hex, "before-restore")
            _rotate(inspection)
        staged = inspection.with_name(inspection.name + ".restore")
        staged.write_bytes(backup.read_bytes())
        with open(staged, "rb+") as handle:
            os.fsync(handle.fileno())
        for leftover in (Path(str(inspection) + "-wal"), Path(str(inspection) + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        os.replace(staged, inspection)
        _fsync_dir(inspection.parent)
    finally:
        lock.release()
    return safety
