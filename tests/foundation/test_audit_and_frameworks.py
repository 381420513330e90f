"""Audit chain tamper detection, frameworks as data (four grades), and the service rules."""

from __future__ import annotations

import re

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text

from desktop.main import main
from exports.report import build_report
from models.errors import FrameworkError, ServiceError
from models.inspection.framework import load_framework, parse_framework
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE


def raw(service: InspectionService) -> sqlcipher.Connection:
    """A connection that bypasses the services, as an attacker holding the key would."""
    from models.inspection.cipher import raw_connect

    return raw_connect(service.path, service.key_hex)


def seeded(inspection: InspectionService) -> InspectionService:
    inspection.add_case("R1", "missing", "self-assessed", "Good")
    inspection.set_grade("R1", "Ann", "Inadequate")
    inspection.set_note("R1", "Ann", "overall", "first note")
    inspection.set_grade("R1", "Ann", "Good")
    return inspection


def test_audit_chain_verifies_for_normal_use(inspection) -> None:
    verdict = seeded(inspection).verify_audit()
    assert verdict.ok and verdict.events == 5


def test_triggers_refuse_update_and_delete_of_audit_events(inspection) -> None:
    seeded(inspection)
    with inspection.db.engine.begin() as connection, pytest.raises(Exception, match="append-only"):
        connection.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2"))
    with inspection.db.engine.begin() as connection, pytest.raises(Exception, match="append-only"):
        connection.execute(text("DELETE FROM audit_event WHERE seq = 2"))
    assert inspection.verify_audit().ok


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        ("UPDATE audit_event SET after = '\"Inadequate\"' WHERE seq = 4", "event 4 (set-note note R1/Ann/overall) was altered"),
        ("DELETE FROM audit_event WHERE seq = 3", "event 3 is missing"),
        ("DELETE FROM audit_event WHERE seq = 5", "newest events were removed"),
    ],
)
def test_verify_audit_detects_edits_and_deletions(inspection, tamper, expected, capsys) -> None:
    seeded(inspection)
    conn = raw(inspection)
    for trigger in ("audit_event_no_update", "audit_event_no_delete"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute(tamper)
    conn.close()
    verdict = inspection.verify_audit()
    assert not verdict.ok
    assert any(expected in p for p in verdict.problems), verdict.problems
    path = inspection.path
    inspection.close()
    assert main(["--passphrase-file", str(_passfile(path)), "verify-audit", str(path)]) == 1
    assert "FAILED verification" in capsys.readouterr().err


def _passfile(path):
    file = path.parent / "pass.txt"
    file.write_text(PASSPHRASE)
    return file


def test_four_grade_framework_works_without_code_change(tmp_path) -> None:
    framework = load_framework("ncpi-2014")
    with InspectionService.create(tmp_path / "f.fieldwork", PASSPHRASE, force_name="Oldshire Police",
                                  actor="lead", framework=framework) as service:
        sample = tmp_path / "s.csv"
        sample.write_text("case_ref,case_type,sample,force_grade\nA,missing,self-assessed,Adequate\n"
                          "B,missing,self-assessed,good\nC,custody,inspectorate-selected,\n")
        service.import_sample(sample)
        service.set_grade("A", "Ann", "adequate")
        service.set_grade("B", "Ann", "Requires improvement")
        service.set_grade("C", "Ann", "Adequate")
        report = build_report(service.tally())
    table1, table2 = report.tables[0], report.tables[1]
    assert table1.columns == ("Good", "Adequate", "Requiring improvement", "Inadequate")
    assert [r.counts for r in table1.rows] == [(1, 1, 0, 0), (0, 1, 1, 0)]
    assert table1.rows[0].label == "Force assessment"
    assert table2.rows[0].counts == (0, 1, 0, 0)
    table7 = next(t for t in report.tables if t.number == 7)
    assert table7.rows[0].counts == (0, 1, 1, 0)
    assert report.narrative[1] == ("The force's assessors graded practice in 1 of the cases as good and as adequate "
                                   "in 1. In none of the cases was practice considered to be requiring improvement "
                                   "or inadequate.")
    # adequate meets the standard: it is counted with good, never among the failing grades
    assert report.narrative[-1].endswith("of which 2 were 'good' or 'adequate', and 1 either 'required improvement' "
                                         "or 'inadequate'.")


FRAMEWORK_LINE = load_framework("ncpi-2017").source.splitlines().index("[framework]") + 1


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.replace("[framework]", "[frame]"),
         f", line {FRAMEWORK_LINE}: unknown key 'frame' in the top of the file"),
        (lambda s: re.sub(r"\[framework\].*?\n\n", "", s, flags=re.S), "missing [framework] section"),
        (lambda s: s.replace('key = "good"', 'key = "inadequate"'), "grade key 'inadequate' is defined twice"),
        (lambda s: s.replace("table = 9", "table = 42"), "'table' must name a case-type table"),
        (lambda s: s.replace('kind = "inspectorate-selected"', 'kind = "self-assessed"'),
         "a 'self-assessed' table has 2 row label(s), not 1"),
        (lambda s: s + "\n[[grades]]\nkey = 'x'\n", "'label' must be a non-empty string"),
        (lambda s: s.replace("number = 1\n", "number = 0\n"), "'number' must be a positive whole number"),
        (lambda s: s + "\nbroken = = toml\n", "not valid TOML"),
        (lambda s: s.replace("table = 8", "table = 7"), "table 8 is fed by no case type"),
        (lambda s: "x = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
def test_framework_errors_name_the_problem(mutate, message) -> None:
    source = load_framework("ncpi-2017").source
    with pytest.raises(FrameworkError) as caught:
        parse_framework(mutate(source), origin="bad.toml")
    assert str(caught.value).startswith("bad.toml")
    assert message in str(caught.value)


def test_unknown_framework_lists_the_shipped_ones() -> None:
    with pytest.raises(FrameworkError, match="Shipped frameworks: ncpi-2014, ncpi-2017, ncpi-2024, ncpi-review"):
        load_framework("ncpi-1999")


def test_disagreeing_graders_leave_the_case_unsettled(inspection) -> None:
    inspection.add_case("R1", "missing", "inspectorate-selected")
    inspection.set_grade("R1", "Ann", "good")
    assert inspection.case("R1").grade == "good"
    inspection.set_grade("R1", "Bob", "inadequate")
    row = inspection.case("R1")
    assert (row.grade, row.disagreement, row.graders) == (None, True, ("Ann", "Bob"))
    tally = inspection.tally()
    assert tally.open_moderation == 1 and tally.provisional
    inspection.set_grade("R1", "Bob", "Good")
    assert inspection.case("R1").grade == "good" and not inspection.case("R1").disagreement


def test_services_refuse_bad_requests_and_change_nothing(inspection) -> None:
    inspection.add_case("R1", "missing", "self-assessed", "good")
    events = inspection.verify_audit().events
    with pytest.raises(ServiceError, match="'Superb' is not a grade"):
        inspection.set_grade("R1", "Ann", "Superb")
    with pytest.raises(ServiceError, match="No case 'R9'"):
        inspection.set_grade("R9", "Ann", "good")
    with pytest.raises(ServiceError, match="Unknown referral reason"):
        inspection.raise_referral("R1", "bad luck", "summary")
    with pytest.raises(ServiceError, match="has not been referred back"):
        inspection.record_force_response("R1", "action-taken", "done")
    with pytest.raises(ServiceError, match="unknown case type"):
        inspection.add_case("R2", "burglary", "self-assessed", "good")
    assert inspection.verify_audit().events == events


def test_referral_lifecycle_is_tracked_and_audited(inspection) -> None:
    inspection.add_case("R1", "missing", "inspectorate-selected")
    inspection.raise_referral("R1", "Child at immediate risk of significant harm", "No safeguarding plan")
    with pytest.raises(ServiceError, match="already been referred"):
        inspection.raise_referral("R1", "other", "again")
    inspection.set_referral_status("R1", "letter-sent")
    view = inspection.record_force_response("R1", "updated-assessment", "Plan now in place")
    assert (view.status, view.response_kind, view.reason) == ("responded", "updated-assessment", "immediate-risk")
    assert inspection.tally().referred_back == 1
    actions = [e for e in _actions(inspection)]
    assert actions[-3:] == ["raise-referral", "set-referral-status", "record-force-response"]


def _actions(service: InspectionService) -> list[str]:
    with service.db.engine.connect() as connection:
        return list(connection.execute(text("SELECT action FROM audit_event ORDER BY seq")).scalars())


def test_no_op_edits_create_no_unaudited_assessment(inspection) -> None:
    inspection.add_case("R1", "missing", "self-assessed", "good")
    events = inspection.verify_audit().events
    inspection.set_note("R1", "Zed", "overall", "")
    inspection.set_grade("R1", "Zed", None)
    inspection.set_serious_concern("R1", "Zed", False)
    assert inspection.case("R1").graders == ()
    assert inspection.case_detail("R1").assessments == ()
    assert inspection.verify_audit().events == events
