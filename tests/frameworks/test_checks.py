"""Checks before hand-in: declared in the framework (or the defaults), they list exactly the problems planted,
each naming its case; a blocking one stops the return package; final documents warn."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.main import main
from models.errors import FrameworkError
from models.inspection.checks import run_checks
from models.inspection.framework import FRAMEWORKS_DIR, load_framework, parse_framework
from models.inspection.services import InspectionService
from models.team.allocation import allocate
from models.team.queries import raise_query
from tests.conftest import PASSPHRASE
from tests.exchange.builders import lead_inspection, make_team, reopen

ANN, BEN = "Ann Archer", "Ben Bishop"


def planted(tmp_path: Path) -> Path:
    """A lead's file with one problem of each default kind, and work that meets every check."""
    team = make_team((ANN, BEN))
    with lead_inspection(tmp_path / "lead.fieldwork", team) as lead:
        allocate(lead, {f"DEMO-{n:04d}": [ANN] for n in (1, 2, 5)} | {"DEMO-0003": [BEN], "DEMO-0004": [BEN]})
        lead.set_grade("DEMO-0001", ANN, "Inadequate")  # no notes
        lead.set_grade("DEMO-0002", ANN, "Good")
        lead.set_note("DEMO-0002", ANN, "overall", "Seen.")
        lead.set_serious_concern("DEMO-0002", ANN, True, "")  # no summary
        lead.set_grade("DEMO-0003", BEN, "Requires improvement")
        lead.set_note("DEMO-0003", BEN, "overall", "Seen.")
        grades = tmp_path / "refer.csv"  # referred with no reason given
        grades.write_text("case_ref,inspector,grade,serious_concern,concern_summary,notes,refer\n"
                          "DEMO-0003,Ben Bishop,Requires improvement,yes,Child left with the suspect,Seen.,yes\n",
                          encoding="utf-8")
        lead.import_gradings(grades)
        lead.set_grade("DEMO-0005", ANN, "Good")  # DEMO-0004: allocated to Ben, ungraded
        lead.set_note("DEMO-0005", ANN, "overall", "Seen.")
        raise_query(lead, "DEMO-0005", "Was the child seen alone?")
        lead.set_grade("DEMO-0006", "Cat Carter", "Inadequate")  # not allocated, graded, with notes: fine
        lead.set_note("DEMO-0006", "Cat Carter", "overall", "Seen.")
    return tmp_path / "lead.fieldwork"


def test_the_checks_list_exactly_the_planted_problems(tmp_path: Path) -> None:
    with reopen(planted(tmp_path)) as lead:
        found = [(f.case_ref, f.inspector, f.kind, f.severity, f.message) for f in run_checks(lead)]
        assert found == [
            ("DEMO-0001", ANN, "grade-without-notes", "block",
             "DEMO-0001: Ann Archer graded the case Inadequate but wrote no evidence notes."),
            ("DEMO-0002", ANN, "concern-without-summary", "block",
             "DEMO-0002: Ann Archer flagged a serious concern without saying what it is."),
            ("DEMO-0003", BEN, "referral-without-reason", "block",
             "DEMO-0003: the referral back to the force gives no reason or no summary of the concern."),
            ("DEMO-0004", BEN, "ungraded-allocated", "warn", "DEMO-0004: allocated to Ben Bishop and not yet graded."),
            ("DEMO-0005", ANN, "query-unanswered", "block",
             "DEMO-0005: the lead's query to Ann Archer has not been answered."),
        ]
        assert [f.case_ref for f in run_checks(lead, BEN)] == ["DEMO-0003", "DEMO-0004"]


def test_checks_command_and_final_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    lead = planted(tmp_path)
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    assert main(["checks", str(lead), "--inspector", BEN]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "BLOCKS  DEMO-0003: the referral back to the force gives no reason or no summary of the concern.",
        "warns   DEMO-0004: allocated to Ben Bishop and not yet graded.",
        "1 check(s) block the hand-in of Ben Bishop's work, 1 warn."]
    assert main(["tables", str(lead), "--format", "pdf", "-o", str(tmp_path / "t.pdf")]) == 0
    out, err = capsys.readouterr()
    assert err == "fieldwork: warning: 5 check(s) before hand-in are not met in this inspection.\n"
    assert "DEMO" not in err  # case references on stdout only
    assert "  warns   DEMO-0004: allocated to Ben Bishop and not yet graded.\n" in out
    assert main(["referrals", str(lead), "edit", "DEMO-0003", "--reason", "immediate risk"]) == 0
    assert main(["checks", str(lead), "--inspector", BEN]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 check(s) block the hand-in of Ben Bishop's work, 1 warn."


def test_topic_checks_and_a_framework_without_checks(tmp_path: Path) -> None:
    with InspectionService.create(tmp_path / "t.fieldwork", PASSPHRASE, force_name="Northshire Police",
                                  actor="lead", framework="ncpi-2024") as service:
        service.add_case("T1", "s47", "inspectorate-selected")
        service.set_topic_grade("T1", "Ann", "leadership", "Inadequate")
        found = [(f.kind, f.message) for f in run_checks(service)]
    assert found[0] == ("grade-without-notes", "T1: Ann graded Leadership Inadequate but wrote no evidence notes.")
    assert [kind for kind, _ in found[1:]] == ["topic-ungraded"] * 4
    assert found[1][1] == "T1: Ann has not graded Initial response."
    # A framework declaring no checks keeps the defaults, for its own worst grade; `checks = []` has none.
    fourteen = load_framework("ncpi-2014")
    assert [c.kind for c in fourteen.checks] == [c.kind for c in load_framework("ncpi-2017").checks]
    assert fourteen.checks[0].grades == (fourteen.grades[-1].key,)


@pytest.mark.parametrize(("entry", "message"), [
    ('kind = "grade-with-no-notes"\nmessage = "x"', "'kind' must be one of grade-without-notes"),
    ('kind = "topic-ungraded"\nseverity = "stop"\nmessage = "x"', "'severity' must be one of block, warn"),
    ('kind = "topic-ungraded"\nmessage = "{case} by {who}"', "unknown placeholder '{who}'"),
    ('kind = "grade-without-notes"\ngrades = ["Dreadful"]\nmessage = "x"', "'Dreadful' in 'grades' is not a grade"),
    ('kind = "topic-ungraded"\ngrades = ["Good"]\nmessage = "x"', "'grades' belongs to a grade-without-notes check"),
    ('kind = "topic-ungraded"\nmesage = "x"', "unknown key 'mesage' in [[checks]] #1"),
])
def test_bad_checks_are_refused(entry: str, message: str) -> None:
    source = (FRAMEWORKS_DIR / "ncpi-review.toml").read_text(encoding="utf-8") + "\n[[checks]]\n" + entry + "\n"
    with pytest.raises(FrameworkError, match=message.replace("[", r"\[").replace("]", r"\]")
                       .replace("{", r"\{").replace("}", r"\}")):
        parse_framework(source, origin="review.toml")
