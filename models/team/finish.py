"""The lead marks the report final: its grades, notes, concerns and referrals stop changing (refused with one
message by every edit, see InspectionService.refuse_if_final); after it the texts may be redacted."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from models.errors import ServiceError
from models.inspection import audit
from models.inspection.services import InspectionService
from models.inspection.tables import FINAL_KEY, Meta, TeamMember
from models.team.exchange import require_lead
from models.team.identity import Identity
from models.team.signatures import sign_history


def mark_final(service: InspectionService, lead: Identity | None) -> dict[str, str]:
    """Mark the report final (audited): only in the lead's file, by the registered lead where a team is
    registered, and only once every case has its settled grade. Returns the mark ({"at", "by"})."""
    owner = service.fieldwork_owner()
    if owner is not None:
        raise ServiceError(f"This is {owner}'s copy of the inspection: only the lead marks the report final.")
    found = service.final_mark()
    if found is not None:
        raise ServiceError(f"The report was already marked final on {found['at'][:10]} by {found['by']}.")
    tally = service.tally()
    if tally.provisional:
        raise ServiceError(f"The report is not finished: {tally.unfinished}. Nothing was changed.")
    with service.edit() as session:  # refused if another window marked it final in the meantime
        team = session.scalars(select(col(TeamMember.name))).first() is not None
        if team:
            if lead is None:
                raise ServiceError("This inspection has a registered team: only the lead, with the lead's "
                                   "identity, marks its report final. Nothing was changed.")
            require_lead(session, lead)
        mark = {"at": audit.now_iso(), "by": lead.name if team and lead is not None else service.actor}
        session.add(Meta(key=FINAL_KEY, value=audit.canonical(mark)))
        inspection = service.inspection_in(session)
        audit.record(session, service.actor, "mark-final", "inspection", inspection.id, None, mark)
        if team and lead is not None:
            sign_history(session, lead)  # the final state is signed by the lead, as after a merge
    return mark
