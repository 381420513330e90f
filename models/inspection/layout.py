"""Where an inspection's files sit: its backups folder, the temporary names used while a copy is written,
and the journal of a re-key in progress. Names only; nothing here opens a database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

BACKUP_STAMP = "%Y%m%dT%H%M%S%fZ"
PARTIAL, REKEYED, RESTORING = ".part", ".rekey", ".restore"  # suffixes of copies not yet renamed into place


def now_stamp() -> str:
    return datetime.now(UTC).strftime(BACKUP_STAMP)


def backup_folder(inspection: Path) -> Path:
    """Backups sit beside the inspection, encrypted like it, in '<name>-backups'."""
    return inspection.parent / f"{inspection.stem}-backups"


def backup_files(inspection: Path) -> list[tuple[Path, datetime, str]]:
    """(path, taken, reason) of every backup of the inspection, newest first."""
    found = []
    for path in backup_folder(inspection).glob(f"{inspection.stem}-*{inspection.suffix}"):
        stamp, _, reason = path.stem[len(inspection.stem) + 1:].partition("-")
        try:
            taken = datetime.strptime(stamp, BACKUP_STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append((path, taken, reason))
    return sorted(found, key=lambda b: (b[1], b[0].name), reverse=True)


def rekeyed(path: Path) -> Path:
    """The complete copy under the new key, written beside path before it is renamed over it."""
    return path.with_name(path.name + REKEYED)


def journal(inspection: Path) -> Path:
    """Present only between 'every re-keyed copy is complete' and 'every copy is renamed into place'."""
    return inspection.with_name(inspection.name + ".rekey-journal")


def strays(inspection: Path) -> list[Path]:
    """Temporary copies an interrupted run may have left: beside the file and in its backups folder."""
    copies = (PARTIAL, REKEYED + PARTIAL)
    # SQLite's rollback journal of a copy being exported (killed mid-export) goes too
    suffixes = (*copies, *(suffix + "-journal" for suffix in copies), REKEYED, RESTORING)
    names = [inspection.with_name(inspection.name + suffix) for suffix in suffixes]
    folder = backup_folder(inspection)
    if folder.is_dir():
        for suffix in suffixes:
            names.extend(folder.glob(f"{inspection.stem}-*{inspection.suffix}{suffix}"))
    return [path for path in names if path.is_file()]
