"""Trusting packages and cards: backups only for merges that change something, revisions in order, the
signature checked before the payload is read, untrusted text escaped, a lost laptop replaced, numbers bounded."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from models.errors import FieldworkError
from models.inspection.backups import list_backups
from models.inspection.services import InspectionService
from models.inspection.tables import AuditEvent
from models.team.allocation import allocate, register_member, revoke_member, round_robin, team
from models.team.exchange import export_fieldwork, export_return, open_fieldwork
from models.team.identity import Identity, canonical
from models.team.merge import MergeReport, PackageOutcome, merge_packages
from models.team.packages import admit, seal, unseal
from tests.exchange.builders import (
    HANDED_IN_AS_IS,
    INSPECTORS,
    PASSPHRASE,
    Team,
    dump_all,
    lead_inspection,
    make_team,
)

ANN = INSPECTORS[0]


@dataclass
class Scene:
    team: Team
    lead: InspectionService
    ann_file: InspectionService
    returns: list[bytes]  # revisions 1, 2, 3 of Ann's work


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    team = make_team()
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    round_robin(lead, list(INSPECTORS))
    package = export_fieldwork(lead, team.lead, ANN).data
    own = open_fieldwork(package, team.inspectors[ANN], team.lead.card, tmp_path / "ann.fieldwork", PASSPHRASE)
    refs = [c.ref for c in own.cases()][:3]
    returns = []
    for ref, grade in zip(refs, ("good", "inadequate", "requires-improvement"), strict=True):
        own.set_grade(ref, ANN, grade)
        returns.append(export_return(own, team.inspectors[ANN], override_checks=HANDED_IN_AS_IS).data)
    yield Scene(team, lead, own, returns)
    own.close()
    lead.close()


def payload_of(scene: Scene, data: bytes) -> dict[str, Any]:
    """A return's payload, read the way the lead reads it (signature first)."""
    sealed = unseal(data, scene.team.lead)
    return admit(sealed, kind="return", inspection_id=None, recipient=scene.team.lead.card,
                 sender=scene.team.inspectors[ANN].card).payload


def resealed(scene: Scene, payload: dict[str, Any], sender: Identity | None = None) -> bytes:
    _, data = seal("return", payload, inspection_id=scene.lead.info().id,
                   sender=sender or scene.team.inspectors[ANN], recipient=scene.team.lead.card)
    return data


# -- 1. backups: none for a merge that changes nothing or is refused ---------------------------------------


def test_replays_and_refusals_take_no_backup_and_never_rotate_a_manual_one(scene: Scene) -> None:
    manual = scene.lead.back_up("manual")
    merge_packages(scene.lead, scene.team.lead, [("r2.age", scene.returns[1])])
    assert [b.reason for b in list_backups(scene.lead.path)] == ["before-merge", "manual"]
    for attempt in range(25):
        report = merge_packages(scene.lead, scene.team.lead, [(f"again-{attempt}.age", scene.returns[1])])
        assert [p.status for p in report.packages] == ["already merged"]
        with pytest.raises(FieldworkError, match="older than revision 2"):  # signed, admitted, then refused
            merge_packages(scene.lead, scene.team.lead, [(f"old-{attempt}.age", scene.returns[0])])
    assert [b.reason for b in list_backups(scene.lead.path)] == ["before-merge", "manual"]
    assert manual.exists()


# -- 4. one inspector's revisions in one merge are applied in revision order --------------------------------


def test_revisions_given_out_of_order_in_one_merge_are_applied_in_order(scene: Scene, tmp_path: Path) -> None:
    report = merge_packages(scene.lead, scene.team.lead,
                            [("r3.age", scene.returns[2]), ("r1.age", scene.returns[0])])
    assert [(p.origin, p.revision, p.status) for p in report.packages] == [("r3.age", 3, "merged"),
                                                                          ("r1.age", 1, "merged")]
    graded = {c.ref: c.grade for c in scene.lead.cases() if c.grade}
    assert sorted(graded.values()) == ["good", "inadequate", "requires-improvement"]
    # and revision 2 now comes too late, as it would have after [r1, r3]
    with pytest.raises(FieldworkError, match="older than revision 3"):
        merge_packages(scene.lead, scene.team.lead, [("r2.age", scene.returns[1])])


def test_a_grade_dropped_later_on_a_case_since_given_to_another_inspector_is_cleared(scene: Scene) -> None:
    """Ann grades a case in revision 1; the lead then gives that case to Ben; Ann clears her grade and hands in
    again. Her assessment goes back to ungraded, though the case is no longer hers (its id is not among her
    allocation's, which the merge reads in one pass)."""
    merge_packages(scene.lead, scene.team.lead, [("r1.age", scene.returns[0])])
    [(ref, grade)] = [(c.ref, c.grade) for c in scene.lead.cases() if c.grade]
    assert grade == "good"
    allocate(scene.lead, {ref: [INSPECTORS[1]]})
    scene.ann_file.set_grade(ref, ANN, None)
    cleared = export_return(scene.ann_file, scene.team.inspectors[ANN], override_checks=HANDED_IN_AS_IS).data
    merge_packages(scene.lead, scene.team.lead, [("r4.age", cleared)])
    anns = [a for a in scene.lead.case_detail(ref).assessments if a.inspector == ANN]
    assert [a.grade for a in anns] == [None] and scene.lead.case_detail(ref).case.grade is None
    graded = sorted(c.grade for c in scene.lead.cases() if c.grade)
    assert graded == ["inadequate", "requires-improvement"]  # her other two cases, from the same revision


# -- 2. nothing is parsed before the signature verifies; sizes are capped --------------------------------


def unsigned_bomb(scene: Scene, payload_bytes: bytes, manifest: bytes | None = None,
                  members: tuple[str, ...] = ("manifest.json", "manifest.sig", "payload.json")) -> bytes:
    """A container anyone with the lead's public card can make: a forged signature over a valid manifest."""
    real = json.loads(unseal(scene.returns[0], scene.team.lead).manifest_bytes)
    real.update(payload_sha256=hashlib.sha256(payload_bytes).hexdigest(), payload_length=len(payload_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in members:
            data = {"manifest.json": manifest or canonical(real), "manifest.sig": b"\0" * 64}.get(
                name, payload_bytes)
            archive.writestr(name, data)
    import pyrage

    return pyrage.encrypt(buffer.getvalue(), [pyrage.x25519.Recipient.from_str(scene.team.lead.card.recipient)])


def test_a_forged_package_is_refused_before_its_payload_is_read(scene: Scene,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[int] = []
    real_loads = json.loads

    def counting_loads(text: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(len(text))
        return real_loads(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", counting_loads)
    bomb = unsigned_bomb(scene, b'{"x": "' + b"a" * 5_000_000 + b'"}')  # deflates to a few KB
    assert len(bomb) < 100_000
    before = dump_all(scene.lead)
    with pytest.raises(FieldworkError, match="signature does not verify"):
        merge_packages(scene.lead, scene.team.lead, [("bomb.age", bomb)])
    assert dump_all(scene.lead) == before
    assert max(parsed, default=0) < 64 * 1024  # only the manifest was ever parsed


def test_container_with_extra_entries_or_oversized_members_is_refused(scene: Scene) -> None:
    extra = unsigned_bomb(scene, b"{}", members=("manifest.json", "manifest.sig", "payload.json", "x", "y"))
    with pytest.raises(FieldworkError, match="manifest, signature and payload"):
        merge_packages(scene.lead, scene.team.lead, [("extra.age", extra)])
    big_manifest = unsigned_bomb(scene, b"{}", manifest=b" " * (1024 * 1024))
    with pytest.raises(FieldworkError, match="oversized"):
        merge_packages(scene.lead, scene.team.lead, [("manifest.age", big_manifest)])
    from models.team import packages

    assert packages.MAX_PACKAGE_BYTES <= 256 * 1024 * 1024
    assert packages.MAX_PAYLOAD_BYTES <= 512 * 1024 * 1024


# -- 2. texts from a package or a card are shown with control characters escaped -------------------------


def test_sender_name_in_a_refusal_cannot_inject_lines_or_escapes(scene: Scene) -> None:
    payload = payload_of(scene, scene.returns[0])
    stranger = Identity.generate("Eve\n/tmp/lead.fieldwork: from Ann Archer, revision 9: merged\x1b[2J\u202e")
    data = resealed(scene, payload, sender=stranger)
    with pytest.raises(FieldworkError) as refused:
        merge_packages(scene.lead, scene.team.lead, [("evil\n.age", data)])
    message = str(refused.value)
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message
    assert "\\n" in message and "\\x1b" in message and "\\u202e" in message
    report = MergeReport([PackageOutcome("evil\n.age", "id", "Mal\rlory\x1b[1A", 1, "merged", 2)])
    assert report.lines() == ["evil\\n.age: from Mal\\rlory\\x1b[1A, revision 1: 2 changed field(s)"]


def test_cli_team_list_escapes_untrusted_names(scene: Scene, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.main import main

    name = "Mal\x1b]0;pwned\x07lory\nmerged"
    card = Identity.generate(name).card
    register_member(scene.lead, card, card.fingerprint)
    path = scene.lead.path
    scene.lead.close()
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    assert main(["team", "list", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Mal\\x1b]0;pwned\\x07lory\\nmerged" in out
    scene.lead = InspectionService.open(path, actor="Lena Lead", passphrase=PASSPHRASE)


def test_the_desktop_card_reader_escapes_control_characters(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from widgets.team_members_dialog import read_untrusted_card

    card_path = tmp_path / "card.card"
    card_path.write_bytes(Identity.generate("Eve\u202e\nVERIFIED", "lead").card.to_bytes())
    card, described = read_untrusted_card(str(card_path))
    assert card is not None
    assert "\n" not in described and "\u202e" not in described
    assert "Eve\\u202e\\nVERIFIED" in described


# -- 3. a lost laptop is replaced under the same name ---------------------------------------------------


def test_a_revoked_inspector_registers_again_with_a_new_card(scene: Scene, tmp_path: Path) -> None:
    old_card = scene.team.inspectors[ANN].card
    replacement = Identity.generate(ANN)
    with pytest.raises(FieldworkError, match="revoke") as refused:
        register_member(scene.lead, replacement.card, replacement.card.fingerprint)
    assert "fieldwork team revoke" in str(refused.value) or "Revoke" in str(refused.value)
    revoke_member(scene.lead, ANN)
    register_member(scene.lead, replacement.card, replacement.card.fingerprint)
    members = [(m.name, m.fingerprint, m.revoked) for m in team(scene.lead) if m.name == ANN]
    assert sorted(members) == sorted([(ANN, old_card.fingerprint, True),
                                      (ANN, replacement.card.fingerprint, False)])
    # the old card stays refused, and a revoked card is never registered again
    with pytest.raises(FieldworkError, match="revoked"):
        merge_packages(scene.lead, scene.team.lead, [("stolen.age", scene.returns[0])])
    with pytest.raises(FieldworkError, match="revoked"):
        register_member(scene.lead, old_card, old_card.fingerprint)
    # the new laptop gets a fieldwork package and its return merges
    package = export_fieldwork(scene.lead, scene.team.lead, ANN).data
    with open_fieldwork(package, replacement, scene.team.lead.card, tmp_path / "ann2.fieldwork",
                        PASSPHRASE) as own:
        ref = own.cases()[5].ref
        own.set_grade(ref, ANN, "good")
        returned = export_return(own, replacement, override_checks=HANDED_IN_AS_IS).data
    report = merge_packages(scene.lead, scene.team.lead, [("new-laptop.age", returned)])
    assert [p.status for p in report.packages] == ["merged"]
    assert scene.lead.case(ref).grade == "good"
    with scene.lead.read() as session:
        registered = [e.after for e in session.scalars(select(AuditEvent).where(
            col(AuditEvent.action) == "register-member", col(AuditEvent.entity_id) == ANN))]
    assert len(registered) == 2  # the old card's registration and revocation stay in the audit log


# -- 5. numbers in a package are bounded --------------------------------------------------------------


@pytest.mark.parametrize("revision", [10**30, True, 0, -1, 2.0, "3"])
def test_out_of_range_revisions_are_refused(scene: Scene, revision: object) -> None:
    payload = payload_of(scene, scene.returns[0])
    payload["revision"] = revision
    before = dump_all(scene.lead)
    with pytest.raises(FieldworkError, match="revision|malformed"):
        merge_packages(scene.lead, scene.team.lead, [("odd.age", resealed(scene, payload))])
    assert dump_all(scene.lead) == before


def test_a_referral_date_out_of_range_is_refused(scene: Scene) -> None:
    from models.team.exchange import field_key

    payload = payload_of(scene, scene.returns[0])
    ref = scene.ann_file.cases()[0].ref
    for raised_on in ("9999-12-31", "not a date", "0001-01-01"):
        payload["values"] = {field_key("referral", ref, ANN): {"reason": "other", "summary": "x",
                                                                "raised_on": raised_on}}
        with pytest.raises(FieldworkError, match="not acceptable"):
            merge_packages(scene.lead, scene.team.lead, [("date.age", resealed(scene, payload))])


# -- 6. the second graders are drawn at random, reproducibly, with a seed the audit log records -----------


def test_second_graders_are_a_random_draw_repeatable_from_the_recorded_seed(tmp_path: Path) -> None:
    from models.team.allocation import allocations, double_graded_refs

    service = lead_inspection(tmp_path / "lead.fieldwork", make_team())
    refs = [c.ref for c in service.cases()]
    round_robin(service, list(INSPECTORS), double_share=0.2)
    drawn = {v.case_ref for v in allocations(service) if v.second}
    assert len(drawn) == round(len(refs) * 0.2)
    with service.read() as session:
        event = session.scalars(select(AuditEvent).where(col(AuditEvent.action) == "draw-second-graders")).one()
    recorded = json.loads(event.after)
    assert recorded["cases"] == sorted(drawn) and recorded["share"] == 0.2
    # the seed reproduces the draw, in any list order; the draw is not every k-th case in list order
    assert double_graded_refs(list(reversed(refs)), 0.2, recorded["seed"]) == drawn
    positions = sorted(refs.index(ref) for ref in drawn)
    assert len({b - a for a, b in zip(positions, positions[1:], strict=False)}) > 2
    # the seed belongs to the inspection: allocating again draws the same cases
    round_robin(service, list(INSPECTORS), double_share=0.2)
    assert {v.case_ref for v in allocations(service) if v.second} == drawn
    # and another inspection (another seed) draws others
    other = lead_inspection(tmp_path / "other.fieldwork", make_team())
    round_robin(other, list(INSPECTORS), double_share=0.2)
    assert {v.case_ref for v in allocations(other) if v.second} != drawn
    service.close()
    other.close()
