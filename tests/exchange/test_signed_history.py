"""The audit history is signed by its authors: a rewritten chain, whose hashes all agree, is still caught."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.main import main
from models.inspection import audit
from models.inspection.services import InspectionService
from models.team.allocation import round_robin
from models.team.exchange import export_fieldwork, export_return, open_fieldwork
from models.team.identity import Identity
from models.team.merge import merge_packages
from models.team.signatures import ACTION, inspection_signatures, sign_inspection, signed_message
from tests.exchange.builders import HANDED_IN_AS_IS, INSPECTORS, PASSPHRASE, Team, lead_inspection, make_team

ANN = INSPECTORS[0]


def rewrite_chain(service: InspectionService, seq: int, after: object) -> None:
    """What someone holding the file's key could do: change one event and recompute every hash and the head."""
    with service.db.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_event_no_update"))  # the file's own guard, removed too
        connection.execute(text("UPDATE audit_event SET after = :after WHERE seq = :seq"),
                           {"after": audit.canonical(after), "seq": seq})
        rows = connection.execute(text("SELECT seq, at, actor, action, entity, entity_id, before, after "
                                       "FROM audit_event ORDER BY seq")).all()
        prev = audit.GENESIS
        for row in rows:
            digest = audit.event_hash(prev, *row)
            connection.execute(text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE seq = :s"),
                               {"p": prev, "h": digest, "s": row[0]})
            prev = digest
        connection.execute(text("UPDATE meta SET value = :v WHERE key = :k"),
                           {"v": f"{rows[-1][0]}:{prev}", "k": audit.HEAD_KEY})
        connection.execute(text("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
                                "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"))


@pytest.fixture
def team() -> Team:
    return make_team()


def handed_out(tmp_path: Path, team: Team) -> tuple[InspectionService, InspectionService]:
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    round_robin(lead, list(INSPECTORS))
    package = export_fieldwork(lead, team.lead, ANN).data
    own = open_fieldwork(package, team.inspectors[ANN], team.lead.card, tmp_path / "ann.fieldwork", PASSPHRASE)
    return lead, own


def test_every_package_and_merge_signs_the_history_of_whoever_sent_it(tmp_path: Path, team: Team) -> None:
    lead, own = handed_out(tmp_path, team)
    signed = inspection_signatures(lead)
    assert signed.ok and signed.signers == ["Lena Lead"] and signed.unsigned == 0
    ref = own.cases()[0].ref
    own.set_grade(ref, ANN, "good")
    returned = export_return(own, team.inspectors[ANN], override_checks=HANDED_IN_AS_IS).data
    ann = inspection_signatures(own)
    # signed as it left; only the export's own record comes after the signature
    assert ann.ok and ann.signers == [ANN] and ann.unsigned == 1
    merge_packages(lead, team.lead, [("ann-1", returned)])
    after_merge = inspection_signatures(lead)
    assert after_merge.ok and after_merge.unsigned == 0 and after_merge.signed_through == after_merge.events


def test_a_chain_rewritten_with_every_hash_recomputed_is_caught_by_its_signature(tmp_path: Path, team: Team,
                                                                                 capsys: pytest.CaptureFixture[str]
                                                                                 ) -> None:
    lead, own = handed_out(tmp_path, team)
    own.close()
    # the lead's registration of Ann, rewritten to name someone else
    with lead.read() as session:
        event = next(e for e in session.scalars(text("SELECT seq FROM audit_event WHERE action = 'register-member' "
                                                     "ORDER BY seq LIMIT 1")))
    rewrite_chain(lead, event, {"name": "Mallory", "fingerprint": "0000"})
    assert lead.verify_audit().ok  # the hash chain alone cannot tell
    found = inspection_signatures(lead)
    assert not found.ok
    assert any("covers a history that has since been rewritten" in p for p in found.problems)
    path = lead.path
    lead.close()
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert main(["--passphrase-file", str(tmp_path / "pass.txt"), "verify-audit", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Lena Lead's signature covers a history that has since been rewritten" in err and "FAILED" in err


def test_a_signature_by_a_card_nobody_registered_is_named(tmp_path: Path, team: Team) -> None:
    lead, own = handed_out(tmp_path, team)
    own.close()
    stranger = Identity.generate("Mallory", "lead")
    inspection_id = lead.info().id
    with lead.write() as session:
        newest = session.execute(text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).one()
        signature = stranger.sign(signed_message(inspection_id, newest[0], newest[1]))
        audit.record(session, "Mallory", ACTION, "audit", newest[0], None,
                     {"seq": newest[0], "hash": newest[1], "signer": stranger.card.fingerprint,
                      "signature": base64.b64encode(signature).decode("ascii")})
    found = inspection_signatures(lead)
    assert lead.verify_audit().ok and not found.ok
    assert found.problems == [f"event {newest[0] + 1}: signed by a card no member of this inspection holds "
                              f"({stranger.card.fingerprint})."]


def test_a_signature_moved_onto_another_inspection_does_not_verify(tmp_path: Path, team: Team) -> None:
    lead, own = handed_out(tmp_path, team)
    own.close()
    with lead.write() as session:
        row = session.execute(text(f"SELECT seq, after FROM audit_event WHERE action = '{ACTION}' "
                                   "ORDER BY seq DESC LIMIT 1")).one()
        signed = json.loads(row[1])
        other = team.lead.sign(signed_message("another-inspection", signed["seq"], signed["hash"]))
        signed["signature"] = base64.b64encode(other).decode("ascii")
    rewrite_chain(lead, row[0], signed)
    found = inspection_signatures(lead)
    assert any("does not verify" in p for p in found.problems)


def test_new_events_are_reported_unsigned_until_signed_on_request(tmp_path: Path, team: Team,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    lead, own = handed_out(tmp_path, team)
    own.close()
    lead.set_grade(lead.cases()[0].ref, "Lena Lead", "good")
    assert inspection_signatures(lead).unsigned == 1
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    path = lead.path
    lead.close()
    pf = ["--passphrase-file", str(tmp_path / "pass.txt")]
    assert main([*pf, "verify-audit", str(path)]) == 0
    assert "1 event(s) after that are signed by no registered member yet" in capsys.readouterr().out
    with InspectionService.open(path, actor="Lena Lead", passphrase=PASSPHRASE) as service:
        assert sign_inspection(service, team.lead) is not None
        assert sign_inspection(service, team.lead) is None  # nothing new to sign
        assert inspection_signatures(service).unsigned == 0


def test_an_identity_not_registered_in_the_file_does_not_sign(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with InspectionService.create(tmp_path / "solo.fieldwork", PASSPHRASE, force_name="Testshire Police",
                                  actor="Sol") as service:
        assert sign_inspection(service, Identity.generate("Sol", "lead")) is None
        found = inspection_signatures(service)
        assert found.signed_through == 0 and found.cards == 0
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert main(["--passphrase-file", str(tmp_path / "pass.txt"), "verify-audit",
                 str(tmp_path / "solo.fieldwork")]) == 0
    out = capsys.readouterr().out
    assert "No team is registered in this file, so its history is not signed" in out
    assert "signed by no registered member yet" not in out


def test_closing_the_window_signs_with_this_laptops_identity(tmp_path: Path, team: Team, qtbot: object,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.controllers.inspection import InspectionController
    from desktop.laptop import first_run

    lead, own = handed_out(tmp_path, team)
    own.close()
    monkeypatch.setattr(first_run, "laptop_identity", lambda ask=True: team.lead)
    controller = InspectionController(lead, "Lena Lead")
    controller.service.set_grade(lead.cases()[0].ref, "Lena Lead", "good")
    path = lead.path
    controller.close()
    with InspectionService.open(path, actor="Lena Lead", passphrase=PASSPHRASE) as service:
        found = inspection_signatures(service)
    assert found.ok and found.unsigned == 0 and found.signers == ["Lena Lead"]
