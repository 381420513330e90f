"""Finishing the report: the lead marks it final (grading edits refused after it), then its texts can be
redacted (notes, concern and query texts), a hash of each kept in the audit, the chain still verifying and
the report's tables and sentences unchanged."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlmodel import col

from desktop.main import main
from exports.report import build_report, to_json, to_text
from models.errors import ServiceError
from models.inspection.backups import list_backups
from models.inspection.cipher import raw_connect
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.redaction import MARKER
from models.inspection.services import InspectionService
from models.inspection.tables import Assessment, AuditEvent, EvidenceNote, Referral
from models.team.allocation import allocate
from models.team.exchange import export_fieldwork, open_fieldwork
from models.team.finish import mark_final
from models.team.merge import merge_packages
from models.team.queries import raise_query
from tests.exchange.builders import PASSPHRASE, demo_grades, lead_inspection, make_team

CASE = "DEMO-0001"


def report_text(service: InspectionService) -> tuple[str, str]:
    report = build_report(service.tally())
    return to_text(report), to_json(report)


def texts(service: InspectionService) -> dict[str, list[str]]:
    with service.read() as session:
        return {
            "notes": [t for t in session.scalars(select(col(EvidenceNote.text))) if t],
            "concerns": [t for t in session.scalars(select(col(Assessment.concern_summary))) if t],
            "referrals": [t for t in session.scalars(select(col(Referral.summary))) if t],
        }


def audit_payloads(service: InspectionService) -> str:
    with service.read() as session:
        return "\n".join(f"{e.before}\n{e.after}" for e in session.scalars(select(AuditEvent)))


def head(service: InspectionService) -> str:
    with service.connect() as connection:
        return str(connection.execute(text("SELECT value FROM meta WHERE key = 'audit_head'")).scalar())


def cli(path: Path, *args: str) -> int:
    passfile = path.with_suffix(".pass")
    passfile.write_text(DEMO_PASSPHRASE)
    return main(["--passphrase-file", str(passfile), *args])


# -- final ------------------------------------------------------------------------------------------------------


def test_a_final_report_refuses_every_grading_edit_with_one_clear_message(demo: InspectionService,
                                                                          tmp_path: Path) -> None:
    before_report = report_text(demo)
    mark = mark_final(demo, None)  # a solo inspection: its holder is its lead
    assert demo.final_mark() == mark and mark["by"] == "lead"
    with demo.read() as session:
        newest = session.scalars(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert newest is not None and (newest.action, json.loads(newest.after)) == ("mark-final", mark)
    audited = head(demo)
    gradings = tmp_path / "late.csv"
    gradings.write_text(f"case_ref,inspector,grade\n{CASE},Ann,Good\n", encoding="utf-8")
    edits = {
        "grade": lambda: demo.set_grade(CASE, "Ann", "good"),
        "note": lambda: demo.set_note(CASE, "Ann", "overall", "late thought"),
        "concern": lambda: demo.set_serious_concern(CASE, "Ann", True, "late concern"),
        "referral": lambda: demo.raise_referral(CASE, "immediate-risk", "late referral"),
        "gradings": lambda: demo.import_gradings(gradings),
        "case": lambda: demo.add_case("LATE-1", "missing", "inspectorate-selected"),
        "dates": lambda: demo.set_dates(date(2017, 2, 6), date(2017, 2, 18)),
        "query": lambda: raise_query(demo, CASE, "Was the child seen?"),
    }
    for name, edit in edits.items():
        with pytest.raises(ServiceError, match=r"was marked final on \d{4}-\d\d-\d\d by lead: grades, notes"):
            edit()
        assert head(demo) == audited, f"{name} changed the file"
    assert report_text(demo) == before_report
    with pytest.raises(ServiceError, match="already marked final"):
        mark_final(demo, None)


def test_a_report_with_cases_unsettled_cannot_be_final(inspection: InspectionService) -> None:
    inspection.add_case("R1", "missing", "inspectorate-selected")
    with pytest.raises(ServiceError, match=r"not finished: 1 case\(s\) without a settled grade"):
        mark_final(inspection, None)
    assert inspection.final_mark() is None


def test_only_the_registered_lead_marks_a_team_inspection_final(tmp_path: Path) -> None:
    team = make_team(("Ann Archer",))
    with lead_inspection(tmp_path / "lead.fieldwork", team) as lead:
        allocate(lead, {CASE: ["Ann Archer"]})
        package = export_fieldwork(lead, team.lead, "Ann Archer").data
        with open_fieldwork(package, team.inspectors["Ann Archer"], team.lead.card, tmp_path / "ann.fieldwork",
                            PASSPHRASE) as own, pytest.raises(ServiceError, match="only the lead marks"):
            mark_final(own, team.inspectors["Ann Archer"])
        for ref, grade in demo_grades(lead).items():
            lead.set_grade(ref, "Lena Lead", grade)
        with pytest.raises(ServiceError, match="only the lead, with the lead's identity"):
            mark_final(lead, None)
        with pytest.raises(ServiceError, match="not registered as the lead"):
            mark_final(lead, team.inspectors["Ann Archer"])
        assert lead.final_mark() is None
        assert mark_final(lead, team.lead)["by"] == "Lena Lead"
        with lead.read() as session:
            actions = [e.action for e in session.scalars(select(AuditEvent).order_by(col(AuditEvent.seq)))]
        assert actions[-2:] == ["mark-final", "sign-history"]  # the final state is signed by the lead
        with pytest.raises(ServiceError, match="marked final"):
            merge_packages(lead, team.lead, [])


# -- redaction ------------------------------------------------------------------------------------------------


def test_redaction_replaces_the_texts_keeps_their_hashes_and_leaves_the_report_unchanged(
        demo: InspectionService) -> None:
    demo.set_note(CASE, "lead", "overall", "A first thought about the child")  # history: two versions
    demo.set_note(CASE, "lead", "overall", "The child was not seen alone")
    mark_final(demo, None)
    report = report_text(demo)
    originals = texts(demo)
    assert originals["notes"] and originals["concerns"] and originals["referrals"]
    assert "A first thought about the child" in audit_payloads(demo)

    result = demo.redact_texts()

    redacted = texts(demo)
    assert all(set(found) == {MARKER} for found in redacted.values())
    assert {k: len(v) for k, v in redacted.items()} == {k: len(v) for k, v in originals.items()}
    assert report_text(demo) == report  # every table and sentence, text and JSON
    payloads = audit_payloads(demo)
    for gone in ("A first thought about the child", "The child was not seen alone", *originals["concerns"][:3],
                 *originals["referrals"][:3]):
        assert gone not in payloads
    # the redact event keeps a SHA-256 of every text it replaced
    with demo.read() as session:
        record = session.scalars(select(AuditEvent).where(col(AuditEvent.action) == "redact")).one()
    kept = json.loads(record.after)
    hashes = {t["sha256"] for t in kept["texts"]}
    for original in (*originals["notes"], *originals["concerns"], *originals["referrals"]):
        assert hashlib.sha256(original.encode()).hexdigest() in hashes
    assert result.texts == len(kept["texts"]) == sum(len(v) for v in originals.values())
    assert result.events == len(kept["events"]) > 0
    verdict = demo.verify_audit()
    assert verdict.ok, verdict.problems
    assert verdict.redacted == result.events
    assert demo.redact_texts().texts == 0  # a second run finds nothing left, and records nothing


def test_an_event_changed_after_redaction_still_fails_verification(demo: InspectionService) -> None:
    demo.set_note(CASE, "lead", "overall", "The child was not seen alone")
    mark_final(demo, None)
    demo.redact_texts()
    with demo.read() as session:
        seq = session.scalars(select(col(AuditEvent.seq)).where(
            col(AuditEvent.action) == "set-note", col(AuditEvent.entity_id) == f"{CASE}/lead/overall")).first()
    conn = raw_connect(demo.path, demo.key_hex)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET after = '\"rewritten after redaction\"' WHERE seq = ?", (seq,))
    conn.close()
    verdict = demo.verify_audit()
    assert not verdict.ok
    assert any(f"event {seq} (set-note" in p and "altered" in p for p in verdict.problems), verdict.problems


def test_only_a_final_report_is_redacted(demo: InspectionService) -> None:
    with pytest.raises(ServiceError, match="Only a report marked final can be redacted"):
        demo.redact_texts()
    assert texts(demo)["notes"][0] != MARKER


def test_cli_final_redact_and_verify_audit_and_the_backups_that_still_hold_the_texts(
        demo: InspectionService, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo.path
    demo.back_up("by-hand")
    demo.close()
    late = path.with_name("late.csv")
    late.write_text(f"case_ref,inspector,grade\n{CASE},Ann,Good\n", encoding="utf-8")
    assert cli(path, "redact", str(path), "--yes") == 1
    assert "is not final: the lead marks it with `fieldwork final" in capsys.readouterr().err
    assert cli(path, "final", str(path)) == 0
    assert "is final (marked" in capsys.readouterr().out
    assert cli(path, "import-grades", str(path), str(late)) == 1
    assert "was marked final on" in capsys.readouterr().err

    assert cli(path, "redact", str(path), "--yes") == 0
    out = capsys.readouterr().out
    assert "1 backup(s) taken before the redaction still hold the texts:" in out
    assert "They were kept. Remove them with" in out
    assert len(list_backups(path)) == 1

    assert cli(path, "verify-audit", str(path)) == 0
    out = capsys.readouterr().out
    assert "Audit log intact" in out and "had their texts redacted" in out

    assert cli(path, "redact", str(path), "--yes", "--remove-backups") == 0
    assert "Removed " in capsys.readouterr().out
    assert list_backups(path) == []


def test_a_team_inspection_is_redacted_in_its_merge_records_and_queries_with_its_signatures_intact(
        tmp_path: Path) -> None:
    from models.inspection.tables import CaseQuery, ReceivedPackage
    from models.team.exchange import export_return
    from models.team.signatures import inspection_signatures

    ann = "Ann Archer"
    note, concern = "Ann saw the strategy discussion minutes", "No safety plan for the younger sibling"
    team = make_team((ann,))
    with lead_inspection(tmp_path / "lead.fieldwork", team) as lead:
        grades = demo_grades(lead)
        allocate(lead, {CASE: [ann]})
        package = export_fieldwork(lead, team.lead, ann).data
        with open_fieldwork(package, team.inspectors[ann], team.lead.card, tmp_path / "ann.fieldwork",
                            PASSPHRASE) as own:
            own.set_grade(CASE, ann, grades[CASE])
            own.set_note(CASE, ann, "overall", note)
            own.set_serious_concern(CASE, ann, True, concern)
            returned = export_return(own, team.inspectors[ann]).data
        merge_packages(lead, team.lead, [("ann.ret", returned)])
        for ref, grade in grades.items():
            if ref != CASE:
                lead.set_grade(ref, "Lena Lead", grade)
        raise_query(lead, CASE, "Was the sibling's plan ever written?")
        mark_final(lead, team.lead)
        report = report_text(lead)
        with lead.read() as session:
            assert note in session.scalars(select(col(ReceivedPackage.values_json))).one()

        lead.redact_texts()

        assert report_text(lead) == report
        with lead.read() as session:
            received = session.scalars(select(ReceivedPackage)).one()
            assert received.archive == b"" and note not in received.values_json and concern not in \
                received.values_json and MARKER in received.values_json
            assert session.scalars(select(col(CaseQuery.text))).one() == MARKER
        payloads = audit_payloads(lead)
        assert note not in payloads and concern not in payloads and "sibling's plan" not in payloads
        assert lead.verify_audit().ok
        signatures = inspection_signatures(lead)
        assert signatures.ok and signatures.signed_through, signatures.problems
