"""An open inspection as the first window reads it, without the ORM: the service layer's read side.

Opening a file and painting the case list and the case panel read in plain SQL (models.inspection.reads) on the
file's own connection. The rest of the service (every write, and the reads still done through the ORM) lives in
models.inspection.services, with SQLAlchemy and SQLModel under it; a file opened through
models.inspection.opening becomes that service the first time any of it is asked for, so the ORM is imported on
the first write, not at the start.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Self

from models.inspection import reads
from models.inspection.database import InspectionDatabase
from models.inspection.framework import Framework
from models.inspection.reads import EXCHANGE_META_PREFIX, framework_of, inspection_info
from models.inspection.records import CaseDetail, CaseListing, CaseRow, InspectionInfo


class OpenedInspection:
    """An open inspection, acting on behalf of one named person (the actor in the audit log): what reading it
    for the first window needs. InspectionService adds everything else."""

    def __init__(self, db: InspectionDatabase, actor: str) -> None:
        self.db = db
        self.actor = actor
        # While background work writes the file, this service refuses writes (they would wait on its lock)
        # with this reason; None when writes are open.
        self.writes_held: str | None = None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def key_hex(self) -> str:
        """The file's raw key, for the keyring cache and for restoring a backup of this file."""
        return self.db.key_hex

    def final_mark(self) -> dict[str, str] | None:
        """When and by whom the report was marked final ({"at", "by"}), None while it is not."""
        with self.db.reading() as connection:
            return reads.final_mark(connection)

    @cached_property
    def framework(self) -> Framework:
        with self.db.reading() as connection:
            return framework_of(connection, self.db.path.name)

    def info(self) -> InspectionInfo:
        framework = self.framework
        with self.db.reading() as connection:
            return inspection_info(connection, framework)

    def fieldwork_owner(self) -> str | None:
        """The inspector whose copy this is, for a file opened from a fieldwork package; None for a lead's file."""
        with self.db.reading() as connection:
            return reads.meta_value(connection, EXCHANGE_META_PREFIX + "inspector")

    def holds_cards(self) -> bool:
        """True when the file registers identity cards (a team, or an inspector's copy with its lead's card), so
        its history can be signed; a solo inspection has none, and closing it loads no cryptography."""
        with self.db.reading() as connection:
            return reads.holds_cards(connection)

    def case_count(self) -> int:
        """How many cases the inspection holds, without loading them."""
        with self.db.reading() as connection:
            return reads.case_count(connection)

    def cases(self) -> list[CaseRow]:
        """Every case with what the case list shows, in reference order."""
        return self.case_listing().rows()

    def case_listing(self) -> CaseListing:
        """Every case as the case list shows it, in reference order, held compactly (CaseListing): plain SQL
        straight from the driver, one pass, no object a case (a million cases in a few seconds)."""
        framework = self.framework
        with self.db.reading() as connection:
            return reads.case_listing(connection, framework)

    def case_detail(self, ref: str) -> CaseDetail:
        """The case panel's whole view of one case, read in one read transaction, in plain SQL."""
        framework = self.framework
        with self.db.reading() as connection:
            return reads.case_detail(connection, framework, ref)
