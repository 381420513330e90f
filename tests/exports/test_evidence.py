"""The moderation evidence pack: the case, every grader's grade and notes per area, the referral and its history."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.writers import write_evidence_pack
from models.errors import FieldworkError
from tests.exports.readback import pdf_pages, pdf_text


def test_evidence_pack_of_a_disputed_referred_case(inspection, tmp_path: Path) -> None:
    inspection.add_case("EV-1", "domestic-abuse", "self-assessed", "good")
    inspection.set_grade("EV-1", "A. Inspector", "inadequate")
    inspection.set_grade("EV-1", "B. Inspector", "requires-improvement")
    inspection.set_note("EV-1", "A. Inspector", "initial-contact", "No DASH risk assessment was completed.")
    inspection.set_note("EV-1", "A. Inspector", "overall", "Child left with the perpetrator for three days.")
    inspection.set_note("EV-1", "B. Inspector", "investigation", "Statement taken late but complete.")
    inspection.set_serious_concern("EV-1", "A. Inspector", True, "Child at immediate risk.")
    inspection.raise_referral("EV-1", "immediate-risk", "Child left with the perpetrator.")
    inspection.record_force_response("EV-1", "action-taken", "Safeguarding visit made the same day.")
    target = inspection.path.parent / "EV-1.pdf"
    write_evidence_pack(inspection, "EV-1", target)
    text = pdf_text(target.read_bytes())
    for expected in (
        "Evidence pack: case EV-1", "Case type Domestic abuse", "Sample self-assessed", "Force's grade Good",
        "Inspectorate grade graders disagree – awaiting moderation", "Graders A. Inspector, B. Inspector",
        "Assessment by A. Inspector: Inadequate", "Serious concern: Child at immediate risk.",
        "Initial contact No DASH risk assessment was completed.",
        "Overall assessment Child left with the perpetrator for three days.",
        "Assessment by B. Inspector: Requiring improvement", "Investigation Statement taken late but complete.",
        "Reason Child at immediate risk of significant harm", "Concern Child left with the perpetrator.",
        "Status responded", "Force's response action taken", "Safeguarding visit made the same day.",
        "raise referral", "record force response",
    ):
        assert expected in text, expected
    # Notes follow the framework's order of areas, each grader's in turn.
    assert text.index("Initial contact No DASH") < text.index("Overall assessment Child left")
    assert text.index("Assessment by A. Inspector") < text.index("Assessment by B. Inspector")
    for page in pdf_pages(target.read_bytes()):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert "PROVISIONAL" in page  # the case is still awaiting moderation


def test_evidence_pack_of_an_unreferred_case(demo, tmp_path: Path) -> None:
    ref = next(c.ref for c in demo.cases() if not c.referred)
    text = pdf_text(write_evidence_pack(demo, ref, tmp_path / "pack.pdf").read_bytes())
    assert "This case has not been referred back." in text
    assert "PROVISIONAL" not in text


def test_unknown_case_writes_nothing(demo, tmp_path: Path) -> None:
    with pytest.raises(FieldworkError, match="No case 'NOPE'"):
        write_evidence_pack(demo, "NOPE", tmp_path / "pack.pdf")
    assert not (tmp_path / "pack.pdf").exists()
