"""Opening a file for the window: its service, with the ORM side loaded only when first used.

The window paints from the read side (models.inspection.opened, no ORM); the first use of anything else (a
write) loads models.inspection.services, and with it SQLAlchemy and SQLModel, after the window is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from models.inspection.database import InspectionDatabase
from models.inspection.opened import OpenedInspection

if TYPE_CHECKING:
    from models.inspection.services import InspectionService


class _WriteSideUnloaded(OpenedInspection):
    """An opened inspection whose service layer is not loaded yet."""

    if not TYPE_CHECKING:  # hidden from the type checker, which sees every caller hold an InspectionService
        def __getattr__(self, name: str) -> Any:
            # Only reached for what the read side lacks: load the service layer and make this object the full
            # service, keeping its connection, its lock and its state (the service adds no state of its own).
            if name.startswith("__"):
                raise AttributeError(name)
            from models.inspection.services import InspectionService

            self.__class__ = InspectionService
            return getattr(self, name)


def opened(db: InspectionDatabase, actor: str) -> InspectionService:
    """The service for an unlocked file, acting for actor; its ORM side is loaded when first used."""
    return cast("InspectionService", _WriteSideUnloaded(db, actor))
