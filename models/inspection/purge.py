"""Finishing an inspection on one laptop: every file Fieldwork keeps of it, found and then removed.

What is removed: the inspection file, its write-ahead log and shared-memory files, its lock file, leftovers of an
interrupted passphrase change, restore or backup, and its backups folder. Received packages are archived inside
the file and go with it. Package files named by the user (on a stick, in Downloads) are removed only when named.
The OS keyring entry is the laptop side's to forget (it is keyed by the file's salt, read here first).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from models.errors import InspectionFileError
from models.inspection.cipher import fsync_dir
from models.inspection.database import lock_inspection
from models.inspection.keys import read_salt
from models.inspection.layout import backup_folder, journal, strays

LEFTOVER_SUFFIXES = ("-wal", "-shm", ".rekey", ".restore", ".part")
AGE_MAGIC = b"age-encryption.org/"  # every Fieldwork package is an age file


@dataclass(frozen=True)
class PurgePlan:
    """What purging an inspection would remove; nothing has been touched yet."""

    inspection: Path
    salt: bytes  # names the file's keyring entry
    files: tuple[Path, ...]  # the inspection file and the files beside it
    backups: Path | None  # the backups folder, if there is one
    backup_files: tuple[Path, ...]
    packages: tuple[Path, ...]  # package files the user named

    @property
    def everything(self) -> tuple[Path, ...]:
        return (*self.files, *self.backup_files, *((self.backups,) if self.backups else ()), *self.packages)


def purge_plan(inspection: Path | str, packages: tuple[Path, ...] = ()) -> PurgePlan:
    """Find every file of the inspection at path; a named package must be a package (an age file)."""
    inspection = Path(inspection)
    salt = read_salt(inspection)  # also: a clear message when there is no inspection there
    beside = [inspection.with_name(inspection.name + suffix) for suffix in LEFTOVER_SUFFIXES]
    beside += [inspection.with_name(inspection.name + ".lock"), journal(inspection), *strays(inspection)]
    files = (inspection, *dict.fromkeys(p for p in beside if p.exists()))
    folder = backup_folder(inspection)
    backups = folder if folder.is_dir() else None
    backup_files = tuple(sorted(p for p in folder.rglob("*") if p.is_file())) if backups else ()
    for package in packages:
        try:
            with open(package, "rb") as handle:
                magic = handle.read(len(AGE_MAGIC))
        except OSError as exc:
            raise InspectionFileError(f"Cannot read {package}: {exc.strerror}.") from None
        if magic != AGE_MAGIC:
            raise InspectionFileError(f"{package} is not a Fieldwork package; nothing was removed.")
    return PurgePlan(inspection, salt, files, backups, backup_files, tuple(packages))


def purge(plan: PurgePlan) -> list[Path]:
    """Remove everything the plan found, holding the inspection's lock so nobody has it open meanwhile; returns
    what was removed. A file that cannot be removed stops the purge with its name (what is gone stays gone)."""
    lock = lock_inspection(plan.inspection, "purging it")
    removed: list[Path] = []
    try:
        for path in (*plan.files, *plan.backup_files, *plan.packages):
            if path.name.endswith(".lock") and path.parent == plan.inspection.parent:
                continue  # held now: removed after the lock is let go
            _remove(path, removed)
        if plan.backups is not None:
            for folder in sorted((p for p in plan.backups.rglob("*") if p.is_dir()), reverse=True):
                _remove_folder(folder, removed)
            _remove_folder(plan.backups, removed)
    finally:
        lock.release()
    lock_file = plan.inspection.with_name(plan.inspection.name + ".lock")
    if lock_file.exists():
        _remove(lock_file, removed)
    return removed


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InspectionFileError(f"Cannot remove {path}: {exc.strerror}. Removed so far: {len(removed)} file(s).") \
            from None
    removed.append(path)
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)  # the removal itself made durable, as every write is


def _remove_folder(path: Path, removed: list[Path]) -> None:
    try:
        path.rmdir()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InspectionFileError(f"Cannot remove the folder {path}: {exc.strerror} (something else is in it?).") \
            from None
    removed.append(path)


def remove_backups(inspection: Path | str) -> list[Path]:
    """Remove every backup of the inspection (with any WAL or shared memory beside one), keeping the inspection:
    after a redaction, the backups taken before it are the copies that still hold the texts."""
    from models.inspection.backups import list_backups
    from models.inspection.cipher import companions

    removed: list[Path] = []
    for backup in list_backups(inspection):
        for path in (backup.path, *companions(backup.path)):
            _remove(path, removed)
    return removed
