"""Between the team-work dialogs and the models: the team's cards, allocation, fieldwork and return packages,
merge, moderation.

Every write goes through the models' exchange services; known problems come back as a plain message
(FieldworkError) for the dialog to show, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from models.errors import FieldworkError
from models.files import written_unless_failed
from models.inspection.framework import Framework
from models.inspection.services import InspectionService
from models.team.agreement import AgreementReport, agreement_report
from models.team.allocation import (
    AllocationView,
    MemberView,
    allocations,
    register_member,
    revoke_member,
    round_robin,
    team,
)
from models.team.identity import Identity, IdentityCard
from models.team.merge import ConflictView, MergeReport, conflicts, merge_packages, resolve_conflict
from models.team.moderation import ModerationView, moderate, moderation_items, reopen
from models.team.packages import read_package_file

if TYPE_CHECKING:
    from desktop.controllers.jobs import FieldworkPackagesJob, MergeJob, ReturnJob


class ExchangeController(QObject):
    """One open inspection, with this laptop's identity (the lead's or an inspector's) once unlocked."""

    changed = Signal()  # grades, allocations or moderation changed: views refresh

    def __init__(self, service: InspectionService, identity: Identity | None = None,
                 load_identity: Callable[[], Identity | None] | None = None) -> None:
        super().__init__()
        self.service = service
        self.identity = identity
        # asked only when an action needs the identity: unlocking an identity file asks its passphrase, which
        # allocation or moderation never should; a cancelled prompt raises and the action stops
        self._load_identity = load_identity

    @property
    def identity_locked(self) -> bool:
        """This laptop's identity is in a file not unlocked yet: the action that needs it asks its passphrase."""
        return self.identity is None and self._load_identity is not None

    def _loaded(self) -> Identity | None:
        if self.identity is None and self._load_identity is not None:
            self.identity = self._load_identity()
        return self.identity

    @property
    def framework(self) -> Framework:
        return self.service.framework

    def _identity(self) -> Identity:
        if self._loaded() is None:
            raise FieldworkError(
                "This needs this laptop's inspector identity, which could not be found or read. Team ▸ My "
                "identity card… creates it, or says what is wrong with it.")
        assert self.identity is not None
        return self.identity

    # -- the team's identity cards --------------------------------------------------------------------

    def team(self) -> list[MemberView]:
        return [m for m in team(self.service) if not m.revoked]

    def members(self) -> list[MemberView]:
        """Everyone ever registered, revoked cards included (the lead must see who was revoked)."""
        return team(self.service)

    def register_card(self, card: IdentityCard, fingerprint_read_aloud: str) -> MemberView:
        member = register_member(self.service, card, fingerprint_read_aloud)
        self.changed.emit()
        return member

    def register_own_card(self) -> MemberView:
        """The lead's own card needs no reading aloud: it comes from this laptop's identity."""
        card = self._identity().card
        return self.register_card(card, card.fingerprint)

    def revoke(self, name: str) -> None:
        revoke_member(self.service, name)
        self.changed.emit()

    # -- allocation and packages ----------------------------------------------------------------------

    def allocations(self) -> list[AllocationView]:
        return allocations(self.service)

    def allocate_round_robin(self, inspectors: Sequence[str], double_share: float) -> int:
        count = round_robin(self.service, list(inspectors), double_share)
        self.changed.emit()
        return count

    def export_queries(self, inspector: str, target: Path) -> int:
        """The lead's queries to one inspector as a small package, for when no new fieldwork package is due."""
        from models.team.exchange import export_queries

        with written_unless_failed(target) as deliver:
            export = export_queries(self.service, self._identity(), inspector, deliver)
        return export.queries

    def open_queries(self, path: Path) -> int:
        """The lead's queries taken into this inspector's copy; how many changed (0 when taken before)."""
        from models.team.exchange import open_queries

        changed = open_queries(self.service, self._identity(), read_package_file(path), origin=Path(path).name)
        self.changed.emit()
        return changed

    def fieldwork_job(self, targets: Sequence[tuple[str, Path]]) -> FieldworkPackagesJob:
        """export_fieldwork for each (inspector, target) as one background job."""
        from desktop.controllers.jobs import FieldworkPackagesJob, job_base

        return FieldworkPackagesJob(**job_base(self.service), targets=tuple((n, Path(t)) for n, t in targets),
                                    lead_secret=self._identity().secret().encode("utf-8"))

    def return_job(self, target: Path) -> ReturnJob:
        """export_return as a background job (warnings accepted, as export_return is called from the window)."""
        from desktop.controllers.jobs import ReturnJob, job_base

        return ReturnJob(**job_base(self.service), target=Path(target),
                         identity_secret=self._identity().secret().encode("utf-8"))

    def mark_final(self) -> dict[str, str]:
        """The lead marks the report final (models.team.finish): where a team is registered, with this laptop's
        identity, which signs the history as it stands."""
        from models.team.finish import mark_final

        mark = mark_final(self.service, self._loaded())
        self.changed.emit()
        return mark

    # -- merge ----------------------------------------------------------------------------------------

    def merge(self, paths: Sequence[Path], progress: Callable[[int, int], None] | None = None) -> MergeReport:
        packages = [(Path(p).name, read_package_file(p)) for p in paths]
        report = merge_packages(self.service, self._identity(), packages, progress)
        self.changed.emit()
        return report

    def merge_job(self, paths: Sequence[Path]) -> MergeJob:
        """The merge as a background job (desktop.controllers.jobs): plain data, its own connection."""
        from desktop.controllers.jobs import MergeJob, job_base

        return MergeJob(**job_base(self.service), packages=tuple(Path(p) for p in paths),
                        lead_secret=self._identity().secret().encode("utf-8"))

    def merged(self) -> None:
        """A merge job changed the file: views refresh."""
        self.changed.emit()

    def conflicts(self) -> list[ConflictView]:
        return conflicts(self.service)

    def resolve_conflict(self, field_key: str, keep_copy: str) -> None:
        resolve_conflict(self.service, field_key, keep_copy)
        self.changed.emit()

    # -- moderation and agreement ---------------------------------------------------------------------

    def moderation_items(self, include_settled: bool = False) -> list[ModerationView]:
        """Open disagreements; with include_settled also the agreed ones (withdrawn items are left out)."""
        items = moderation_items(self.service, include_settled)
        return [item for item in items if item.status != "withdrawn"]

    def moderate(self, ref: str, grade: str, rationale: str) -> ModerationView:
        view = moderate(self.service, ref, grade, rationale)
        self.changed.emit()
        return view

    def reopen_moderation(self, ref: str, reason: str = "") -> ModerationView:
        """A settled moderation opened again: the case is back in disagreement until settled afresh."""
        view = reopen(self.service, ref, reason)
        self.changed.emit()
        return view

    def open_moderation(self) -> int:
        return self.service.tally().open_moderation

    def agreement(self) -> AgreementReport:
        return agreement_report(self.service)
