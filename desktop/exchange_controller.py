"""Between the team-work dialogs and the models: allocation, fieldwork export, merge, moderation.

Every write goes through the models' exchange services; known problems come back as a plain message
(FieldworkError) for the dialog to show, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from exports.atomic import write_atomically
from models.agreement import AgreementReport, agreement_report
from models.allocation import AllocationView, MemberView, allocations, round_robin, team
from models.exchange import export_fieldwork
from models.framework import Framework
from models.identity import Identity
from models.merge import ConflictView, MergeReport, conflicts, merge_packages, resolve_conflict
from models.moderation import ModerationView, moderate, moderation_items
from models.packages import read_package_file
from models.services import InspectionService


class ExchangeController(QObject):
    """One open inspection on the lead's laptop, with the lead's identity once unlocked."""

    changed = Signal()  # grades, allocations or moderation changed: views refresh

    def __init__(self, service: InspectionService, lead: Identity | None = None) -> None:
        super().__init__()
        self.service = service
        self.lead = lead

    @property
    def framework(self) -> Framework:
        return self.service.framework

    def _lead(self) -> Identity:
        if self.lead is None:
            from models.errors import FieldworkError

            raise FieldworkError(
                "This needs the lead's identity, and none was found in this computer's keyring. The lead "
                "creates it once with\n\nfieldwork identity new --role lead --name \"YOUR NAME\"\n\n"
                "which keeps it in the OS keyring; Fieldwork reads it from there when the Team dialog opens.")
        return self.lead

    # -- allocation and export ------------------------------------------------------------------------

    def team(self) -> list[MemberView]:
        return [m for m in team(self.service) if not m.revoked]

    def allocations(self) -> list[AllocationView]:
        return allocations(self.service)

    def allocate_round_robin(self, inspectors: Sequence[str], double_share: float) -> int:
        count = round_robin(self.service, list(inspectors), double_share)
        self.changed.emit()
        return count

    def export_fieldwork(self, inspector: str, target: Path) -> int:
        export = export_fieldwork(self.service, self._lead(), inspector)
        write_atomically(target, export.data)
        return export.cases

    # -- merge ----------------------------------------------------------------------------------------

    def merge(self, paths: Sequence[Path], progress: Callable[[int, int], None] | None = None) -> MergeReport:
        packages = [(Path(p).name, read_package_file(p)) for p in paths]
        report = merge_packages(self.service, self._lead(), packages, progress)
        self.changed.emit()
        return report

    def conflicts(self) -> list[ConflictView]:
        return conflicts(self.service)

    def resolve_conflict(self, field_key: str, keep_copy: str) -> None:
        resolve_conflict(self.service, field_key, keep_copy)
        self.changed.emit()

    # -- moderation and agreement ---------------------------------------------------------------------

    def moderation_items(self) -> list[ModerationView]:
        return moderation_items(self.service)

    def moderate(self, ref: str, grade: str, rationale: str) -> ModerationView:
        view = moderate(self.service, ref, grade, rationale)
        self.changed.emit()
        return view

    def open_moderation(self) -> int:
        return self.service.tally().open_moderation

    def agreement(self) -> AgreementReport:
        return agreement_report(self.service)
