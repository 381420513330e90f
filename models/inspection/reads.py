"""Reads in plain SQL on the open file's own DB-API connection (InspectionDatabase.reading): what a start shows
first (the inspection, its framework) and the report's tally read them here, without loading the ORM.

Each read has this one implementation; the service layer calls these too.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Protocol

from models.errors import ServiceError
from models.inspection.framework import Framework, parse_framework
from models.inspection.records import FollowUpBasis, InspectionInfo


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Reader(Protocol):
    """A DB-API connection (sqlcipher3's, or the driver connection under a SQLAlchemy one)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...


FINAL_KEY = "final"  # meta: the lead marked the report final (JSON {"at", "by"}); nothing it counts changes after
EXCHANGE_META_PREFIX = "exchange."  # meta keys of an inspector's copy (package id, inspector, base...)
INSPECTION_COLUMNS = ("id, force_name, force_term, framework_key, chief_officer, created_at, start_date, end_date, "
                      "addressee_name, follows, retain_until")


def framework_of(connection: Reader, file_name: str) -> Framework:
    """The framework stored in the inspection file (file_name names it in a message about it)."""
    row = connection.execute("SELECT framework_toml FROM inspection LIMIT 1").fetchone()
    if row is None:
        raise ServiceError("This file holds no inspection.")
    return parse_framework(row[0], origin=f"framework stored in {file_name}", strict=False)


def inspection_info(connection: Reader, framework: Framework) -> InspectionInfo:
    """The inspection the file holds, as the GUI, the CLI and the documents show it."""
    row = connection.execute(f"SELECT {INSPECTION_COLUMNS} FROM inspection LIMIT 1").fetchone()
    if row is None:
        raise ServiceError("This file holds no inspection.")
    (id_, force_name, force_term, framework_key, chief_officer, created_at, start_date, end_date, addressee_name,
     follows, retain_until) = row
    return InspectionInfo(id_, force_name, force_term, framework_key, framework.name, framework.inspectorate,
                          chief_officer, stored_datetime(created_at), start_date, end_date, addressee_name,
                          follow_up_basis(follows), retain_until)


def retain_until(connection: Reader) -> str | None:
    """The ISO day after which the inspection's data should be purged, None when none is set."""
    row = connection.execute("SELECT retain_until FROM inspection LIMIT 1").fetchone()
    return None if row is None else row[0]


def meta_value(connection: Reader, key: str) -> str | None:
    """One fact the file keeps about itself (the meta table), None when it is not there."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def final_mark(connection: Reader) -> dict[str, str] | None:
    """When and by whom the report was marked final ({"at", "by"}), None while it is not."""
    mark = meta_value(connection, FINAL_KEY)
    return None if mark is None else dict(json.loads(mark))


def holds_cards(connection: Reader) -> bool:
    """True when the file registers identity cards (a team, or an inspector's copy with its lead's card)."""
    row = connection.execute("SELECT EXISTS (SELECT 1 FROM team_member) OR EXISTS (SELECT 1 FROM meta WHERE key = ?)",
                             (EXCHANGE_META_PREFIX + "lead_card",)).fetchone()
    return bool(row[0])


def case_count(connection: Reader) -> int:
    """How many cases the inspection holds, without loading them."""
    return int(connection.execute("SELECT count(*) FROM case_file").fetchone()[0] or 0)


def stored_datetime(value: str | datetime) -> datetime:
    """A timestamp as the ORM stored it (database.stored_time: ISO, space-separated, naive UTC)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def follow_up_basis(stored: str | None) -> FollowUpBasis | None:
    """The stored follow-up basis; one that cannot be read counts as none rather than locking the file."""
    if not stored:
        return None
    try:
        return FollowUpBasis.from_json(json.loads(stored))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
