"""A settled moderation can be reopened: the case goes back to its graders' disagreement, and both steps are audited."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from models.errors import ServiceError
from models.inspection import audit
from models.inspection.services import InspectionService
from models.inspection.tables import AuditEvent
from models.team.moderation import moderate, moderation_items, reopen

REF = "DEMO-0006"


def test_reopen_puts_the_disagreement_back_and_is_audited(demo: InspectionService) -> None:
    demo.set_grade(REF, "Second Grader", "inadequate")  # the demo's grade here is good: now they disagree
    assert demo.case(REF).disagreement and demo.tally().open_moderation == 1
    with pytest.raises(ServiceError, match="no settled moderation"):
        reopen(demo, REF)
    moderate(demo, REF, "requires-improvement", "Practice fell short of good.")
    assert (demo.case(REF).grade, demo.case(REF).moderated) == ("requires-improvement", True)

    view = reopen(demo, REF, "Moderated on the wrong notes.")
    case = demo.case(REF)
    assert (case.grade, case.moderated, case.disagreement) == (None, False, True)
    assert view.status == "open" and view.agreed_grade is None and view.rationale == ""
    assert [v.case_ref for v in moderation_items(demo)] == [REF] and demo.tally().open_moderation == 1
    with demo.read() as session:
        events = {e.action: e for e in session.scalars(select(AuditEvent).where(col(AuditEvent.entity_id) == REF))}
        assert audit.verify(session).ok
    before, after = json.loads(events["reopen-moderation"].before), json.loads(events["reopen-moderation"].after)
    assert before["agreed_grade"] == "requires-improvement" and before["rationale"] == "Practice fell short of good."
    assert after == {"grade": None, "disagreement": True, "status": "open", "reason": "Moderated on the wrong notes."}

    moderate(demo, REF, "inadequate", "Second reading stands.")  # settled afresh
    assert demo.case(REF).grade == "inadequate" and demo.tally().open_moderation == 0
