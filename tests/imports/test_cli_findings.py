"""The commands that record findings, in process: fieldwork dates, topic grades, force judgements and their
evidence, the force's responses to referrals, and the year the documents carry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.main import main
from models.inspection.services import InspectionService

PASSPHRASE = "harbour copper willow gate 24"
GRADES = "Outstanding, Good, Adequate, Requires improvement, Inadequate"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    """A usage error: exit 2 and argparse's one line naming the argument."""
    with pytest.raises(SystemExit) as caught:
        main([str(a) for a in argv])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def topical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """An ncpi-2024 inspection of two cases made from the command line, fieldwork dated February 2017."""
    file = tmp_path / "ny.fieldwork"
    code, out, err = run(capsys, "new", file, "--force", "North Yorkshire Police", "--framework", "ncpi-2024",
                         "--dates", "2017-02-06:2017-02-17")
    assert code == 0, err
    assert out == (f"Created {file} for North Yorkshire Police (National child protection inspections (2024), "
                   "fieldwork 2017-02-06 to 2017-02-17).\n")
    sample = tmp_path / "sample.csv"
    sample.write_text("case_ref,case_type\nNY-1,DA\nNY-2,Missing\n", encoding="utf-8")
    assert run(capsys, "import-sample", file, sample)[0] == 0
    return file


def reopen(file: Path) -> InspectionService:
    return InspectionService.open(file, actor="test", passphrase=PASSPHRASE)


def test_new_with_dates_gives_the_documents_their_year(topical: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tables", topical, "--format", "json")
    assert code == 0
    inspection = json.loads(out)["inspection"]
    assert (inspection["start"], inspection["end"], inspection["year"]) == ("2017-02-06", "2017-02-17", 2017)
    with reopen(topical) as service:
        assert service.info().year == 2017


def test_new_refuses_bad_dates_naming_the_bad_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "x.fieldwork"
    assert usage_error(capsys, "new", file, "--force", "Testshire Police", "--dates", "2017-02-06:2017-02-30") == (
        "fieldwork new: error: argument --dates: the last day '2017-02-30' in '2017-02-06:2017-02-30' is not a "
        "date (YYYY-MM-DD)")
    assert "give the first and last day as START:END" in usage_error(
        capsys, "new", file, "--force", "Testshire Police", "--dates", "2017-02-06")
    code, out, err = run(capsys, "new", file, "--force", "Testshire Police", "--generate-passphrase",
                         "--dates", "2017-02-17:2017-02-06")
    assert code == 1 and out == ""  # refused before a passphrase was made or shown
    assert err == "fieldwork: The inspection cannot end (2017-02-06) before it starts (2017-02-17).\n"
    assert not file.exists()


def test_dates_shows_sets_and_clears(topical: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "dates", topical)[1] == (
        "Fieldwork on site 2017-02-06 to 2017-02-17; the inspection's year is 2017.\n")
    assert run(capsys, "dates", topical, "2018-12-31:2019-01-11")[1] == (
        "Fieldwork on site 2018-12-31 to 2019-01-11; the inspection's year is 2019.\n")
    code, out, _ = run(capsys, "dates", topical, "--clear")
    assert code == 0 and out.startswith("No fieldwork dates recorded; the inspection's year is ")
    assert "the first day 'soon'" in usage_error(capsys, "dates", topical, "soon:2019-01-11")
    code, _, err = run(capsys, "dates", topical, "2017-02-06:2017-02-17", "--clear")
    assert code == 1 and err == "fieldwork: Give the dates or --clear, not both.\n"


def test_topic_grade_records_clears_and_refuses(topical: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "topic-grade", topical, "NY-1", "Leadership", "Good", "--inspector", "Ann")[1] == (
        "NY-1: Ann's Leadership grade is Good (was not graded).\n")
    assert run(capsys, "topic-grade", topical, "NY-1", "risk assessment and referral", "RI",
               "--inspector", "Ann")[1] == (
        "NY-1: Ann's Risk assessment and referral grade is Requires improvement (was not graded).\n")
    with reopen(topical) as service:
        assert service.case_detail("NY-1").assessments[0].topic_grades == {
            "leadership": "good", "risk-assessment-and-referral": "requires-improvement"}
    code, _, err = run(capsys, "topic-grade", topical, "NY-1", "Leadership", "Superb", "--inspector", "Ann")
    assert code == 1
    assert err == f"fieldwork: 'Superb' is not a grade of National child protection inspections (2024): {GRADES}.\n"
    code, _, err = run(capsys, "topic-grade", topical, "NY-1", "Other evidence", "Good", "--inspector", "Ann")
    assert code == 1 and err.startswith("fieldwork: 'Other evidence' is not a graded topic of National child "
                                        "protection inspections (2024); expected one of: Leadership, ")
    code, _, err = run(capsys, "topic-grade", topical, "NY-9", "Leadership", "Good", "--inspector", "Ann")
    assert code == 1 and err == "fieldwork: No case 'NY-9' in this inspection.\n"
    code, _, err = run(capsys, "topic-grade", topical, "NY-1", "Leadership", "--inspector", "Ann")
    assert code == 1 and err == f"fieldwork: Give a grade ({GRADES}) or --clear.\n"
    assert run(capsys, "topic-grade", topical, "NY-1", "Leadership", "--clear", "--inspector", "Ann")[1] == (
        "NY-1: Ann's Leadership grade is cleared (was Good).\n")


def test_judge_evidence_and_judgements(topical: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "judge", topical, "Leadership", "Adequate")[1] == (
        "Leadership: the force's judgement is Adequate (was not yet judged).\n")
    assert run(capsys, "--as", "Lena Lead", "force-evidence", topical, "leadership",
               "Chief officer lead interviewed on day 2.", "--source", "interview")[1] == (
        "Evidence #1 (interview) recorded for Leadership.\n")
    code, out, _ = run(capsys, "judgements", topical)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Leadership: Adequate"
    assert lines[1].startswith("  #1 interview, Lena Lead, ") and lines[1].endswith(
        ": Chief officer lead interviewed on day 2.")
    assert lines[2:] == ["Partnership working: not yet judged", "Initial response: not yet judged",
                         "Risk assessment and referral: not yet judged", "Investigation: not yet judged"]
    code, _, err = run(capsys, "judge", topical, "Leadership", "Fine")
    assert code == 1 and err.startswith("fieldwork: 'Fine' is not a grade")
    code, _, err = run(capsys, "judge", topical, "Vetting", "Good")
    assert code == 1 and err.startswith("fieldwork: 'Vetting' is not a topic judged for the whole force of ")
    assert "invalid choice: 'gossip'" in usage_error(capsys, "force-evidence", topical, "Leadership", "x",
                                                     "--source", "gossip")
    code, _, err = run(capsys, "force-evidence", topical, "Leadership", " ", "--source", "document")
    assert code == 1 and err == "fieldwork: The evidence note is empty.\n"


def test_judgements_where_the_framework_judges_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "glos.fieldwork"
    assert run(capsys, "new", file, "--force", "Gloucestershire Constabulary")[0] == 0
    code, _, err = run(capsys, "judgements", file)
    assert code == 1
    assert err == "fieldwork: National Child Protection Inspections (2017) judges no topic for the whole force.\n"
    code, _, err = run(capsys, "topic-grade", file, "C1", "Investigation", "Good")
    assert code == 1
    assert err == "fieldwork: National Child Protection Inspections (2017) grades no topic of a case.\n"


def test_respond_records_the_forces_response(topical: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    grades = tmp_path / "grades.csv"
    grades.write_text("case_ref,inspector,Investigation,serious_concern,concern_summary,refer\n"
                      "NY-1,Ann,Inadequate,yes,Child left at risk,yes\n", encoding="utf-8")
    assert run(capsys, "import-grades", topical, grades)[0] == 0
    code, out, _ = run(capsys, "respond", topical, "NY-1", "--kind", "action-taken", "--on", "2017-03-01",
                       "Strategy meeting held the next day.")
    assert code == 0 and out == ("NY-1: the force's response (action-taken, 2017-03-01) is recorded; the "
                                 "referral's status is now responded.\n")
    with reopen(topical) as service:
        referral = service.referrals()[0]
    assert (referral.status, referral.response_kind, referral.response, referral.responded_on) == (
        "responded", "action-taken", "Strategy meeting held the next day.", "2017-03-01")
    code, _, err = run(capsys, "respond", topical, "NY-2", "--kind", "updated-assessment", "Reviewed.")
    assert code == 1 and err == "fieldwork: Case 'NY-2' has not been referred back.\n"
    code, _, err = run(capsys, "respond", topical, "NY-1", "--kind", "action-taken", "")
    assert code == 1 and err == "fieldwork: The force's response is empty; say what the force answered.\n"
    assert "'2017-13-01' is not a date" in usage_error(capsys, "respond", topical, "NY-1", "--kind", "action-taken",
                                                       "--on", "2017-13-01", "Done.")
    assert "invalid choice: 'maybe'" in usage_error(capsys, "respond", topical, "NY-1", "--kind", "maybe", "Done.")
