"""A referral from start to finish: raised on import (a serious concern alone raises none), lettered for two of
three chosen cases after a preview, answered, closed, and one withdrawn; the report's referral tables and
sentences follow every step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.main import main
from exports.letters import COMBINED_NAME, letter_file_name
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE
from tests.exports.readback import pdf_text

SAMPLE = ("case_ref,case_type,sample\nR1,s47,inspectorate-selected\nR2,Domestic abuse,inspectorate-selected\n"
          "R3,missing,inspectorate-selected\nR4,custody,inspectorate-selected\n")
GRADINGS = ("case_ref,inspector,grade,serious_concern,concern_summary,referral_reason,referral_date\n"
            "R1,Ann,Inadequate,yes,Child left at home with the suspect,immediate risk,2023-02-01\n"
            "R2,Ann,Inadequate,yes,No strategy meeting was held,procedures-not-followed,2023-02-02\n"
            "R3,Ben,Requires improvement,yes,The assault was never recorded,crime not recorded,\n"
            "R4,Ben,Inadequate,yes,Risk assessment out of date,,\n")


def fieldwork(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys: pytest.CaptureFixture[str], file: Path) -> dict[str, object]:
    code, out, _ = fieldwork(capsys, "tables", file, "--format", "json")
    assert code == 0
    return json.loads(out)


def table(data: dict[str, object], kind: str) -> dict[str, int]:
    found = next(t for t in data["tables"] if t["kind"] == kind)  # type: ignore[attr-defined]
    return {row["label"]: row["counts"][0] for row in found["rows"]}


def test_referrals_raised_lettered_answered_closed_and_withdrawn(tmp_path: Path, capsys,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    file = tmp_path / "review.fieldwork"
    assert fieldwork(capsys, "new", file, "--force", "Northshire Police", "--framework", "ncpi-review",
                     "--chief-officer", "Assistant Chief Constable", "--addressee-name", "Jane Smith")[0] == 0
    (tmp_path / "sample.csv").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "grades.csv").write_text(GRADINGS, encoding="utf-8")
    assert fieldwork(capsys, "import-sample", file, tmp_path / "sample.csv")[0] == 0
    code, out, _ = fieldwork(capsys, "import-grades", file, tmp_path / "grades.csv")
    assert code == 0
    assert out == ("Imported gradings from grades.csv: 4 new, 0 updated, 3 referral(s) raised; 1 serious concern(s) "
                   "recorded without a referral.\n")
    data = report(capsys, file)
    assert data["referred_back"] == 3
    assert table(data, "referral-outcomes")["Awaiting a letter"] == 3

    # The preview writes nothing and marks nothing; it shows the letters as they would go.
    letters = tmp_path / "letters"
    letters.mkdir()
    code, out, _ = fieldwork(capsys, "letters", file, "--preview", "--case", "R1", "--case", "R2",
                             "--date", "2023-02-10", "--sender", "Ann Archer", "--sender-role", "Lead inspector")
    assert code == 0
    assert out.count("--- referral-") == 2 and "R3" not in out
    assert "Jane Smith\nAssistant Chief Constable\nNorthshire Police" in out
    assert "Dear Jane Smith," in out and "Ann Archer\nLead inspector\nHMICFRS" in out
    assert "nothing was written and no referral is marked as sent" in out
    assert list(letters.iterdir()) == []
    with InspectionService.open(file, actor="lead", passphrase=PASSPHRASE) as service:
        assert {r.status for r in service.referrals()} == {"raised"}

    code, out, _ = fieldwork(capsys, "letters", file, "-o", letters, "--case", "R1", "--case", "R2",
                             "--date", "2023-02-10", "--sender", "Ann Archer", "--sender-role", "Lead inspector")
    assert code == 0 and "Wrote 2 letter(s)" in out
    assert sorted(p.name for p in letters.iterdir()) == sorted(
        [letter_file_name("R1"), letter_file_name("R2"), COMBINED_NAME])
    text = pdf_text(letters / letter_file_name("R1"))
    assert "Dear Jane Smith," in text and "PROVISIONAL" not in text  # the tables' mark, not the letters'

    code, out, _ = fieldwork(capsys, "referrals", file, "respond", "R1", "--outcome", "action-taken",
                             "--note", "Strategy meeting held the next day.", "--on", "2023-02-20")
    assert code == 0 and "answered 2023-02-20 (action-taken)" in out
    assert fieldwork(capsys, "referrals", file, "close", "R1", "--on", "2023-03-01")[0] == 0
    code, out, _ = fieldwork(capsys, "referrals", file, "withdraw", "R3", "--reason",
                             "Raised in error: the crime was recorded under another reference.", "--on", "2023-02-12")
    assert code == 0 and "withdrawn 2023-02-12" in out
    code, out, err = fieldwork(capsys, "letters", file, "--preview", "--case", "R3", "--sender", "Ann Archer")
    assert code == 1 and "was withdrawn; no letter goes for it" in err

    code, out, _ = fieldwork(capsys, "referrals", file)
    assert code == 0
    assert out.splitlines() == [
        "R1             closed       Child at immediate risk of significant harm; raised 2023-02-01 by Ann; "
        "letter sent 2023-02-10, reply due 2023-03-10; answered 2023-02-20 (action-taken); closed 2023-03-01",
        "R2             letter-sent  Failure to follow child protection procedures; raised 2023-02-02 by Ann; "
        "letter sent 2023-02-10, reply due 2023-03-10",
        "R3             withdrawn    Crime not recorded or not investigated; raised "
        f"{_raised_today(file)} by Ben; withdrawn 2023-02-12: Raised in error: the crime was recorded under "
        "another reference.",
        "2 referral(s), 1 withdrawn.",
    ]

    data = report(capsys, file)
    assert data["referred_back"] == 2
    assert table(data, "referral-outcomes") == {
        "Awaiting a letter": 0, "Letter sent, awaiting a response": 1, "Updated assessment received": 0,
        "Action taken": 0, "Closed": 1}
    assert table(data, "referrals-by-reason") == {
        "Failure to follow child protection procedures": 1, "Child at immediate risk of significant harm": 1,
        "Crime not recorded or not investigated": 0, "Other serious problem": 0}
    by_type = table(data, "referrals-by-type")
    assert sum(by_type.values()) == 2 and by_type["Missing children"] == 0
    assert data["narrative"][1] == (
        "HMICFRS referred 2 cases back to the force because they were considered to contain evidence of a serious "
        "problem – for example, a failure to follow child protection procedures and/or a child at immediate risk "
        "of significant harm. One referral is still awaiting the force's response.")

    code, out, _ = fieldwork(capsys, "verify-audit", file)
    assert code == 0
    with InspectionService.open(file, actor="lead", passphrase=PASSPHRASE) as service:
        from models.inspection.letters import referral_history

        assert [e.action for e in referral_history(service, "R3")] == ["raise referral", "withdraw referral"]
        assert [e.action for e in referral_history(service, "R1")] == [
            "raise referral", "send letter", "record force response", "close referral"]
        assert not service.case("R3").referred and service.case("R2").referred
        # a concern alone is on the case, not a referral
        assert service.case_detail("R4").assessments[0].serious_concern and service.case_detail("R4").referral is None


def _raised_today(file: Path) -> str:
    with InspectionService.open(file, actor="lead", passphrase=PASSPHRASE) as service:
        return next(r.raised_on for r in service.referrals() if r.case_ref == "R3")
