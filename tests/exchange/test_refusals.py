"""Tamper tests: every bad package is refused with a clear message and the lead's data stays byte-for-byte."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.errors import FieldworkError
from models.inspection.services import InspectionService
from models.team.allocation import revoke_member, round_robin
from models.team.exchange import export_fieldwork, export_return, field_key, open_fieldwork
from models.team.identity import Identity
from models.team.merge import merge_packages
from models.team.packages import admit, seal, unseal
from tests.exchange.builders import (
    HANDED_IN_AS_IS,
    INSPECTORS,
    PASSPHRASE,
    dump_all,
    lead_inspection,
    make_team,
)

ANN, BEN = INSPECTORS[0], INSPECTORS[1]


@dataclass
class Scene:
    team: object
    lead: InspectionService
    ann_file: InspectionService
    first_return: bytes
    second_return: bytes


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    team = make_team()
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    round_robin(lead, list(INSPECTORS))
    package = export_fieldwork(lead, team.lead, ANN).data
    own = open_fieldwork(package, team.inspectors[ANN], team.lead.card, tmp_path / "ann.fieldwork", PASSPHRASE)
    refs = [c.ref for c in own.cases()][:3]
    own.set_grade(refs[0], ANN, "good")
    own.set_note(refs[0], ANN, "investigation", "Strategy discussion held late.")
    first = export_return(own, team.inspectors[ANN], override_checks=HANDED_IN_AS_IS).data
    own.set_grade(refs[1], ANN, "inadequate")
    second = export_return(own, team.inspectors[ANN], override_checks=HANDED_IN_AS_IS).data
    yield Scene(team, lead, own, first, second)
    own.close()
    lead.close()


def payload_of(scene: Scene, data: bytes) -> dict:
    """Ann's return as the lead reads it: the signature first, then the payload."""
    return admit(unseal(data, scene.team.lead), kind="return", inspection_id=None, recipient=scene.team.lead.card,
                 sender=scene.team.inspectors[ANN].card).payload


def refused(scene: Scene, data: bytes, expected: str) -> None:
    before = dump_all(scene.lead)
    with pytest.raises(FieldworkError, match=expected):
        merge_packages(scene.lead, scene.team.lead, [("package.age", data)])
    assert dump_all(scene.lead) == before


def test_every_single_flipped_byte_is_refused(scene: Scene) -> None:
    before = dump_all(scene.lead)
    data = scene.first_return
    for position in range(len(data)):
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        with pytest.raises(FieldworkError):
            merge_packages(scene.lead, scene.team.lead, [("flipped.age", bytes(tampered))])
    assert dump_all(scene.lead) == before
    merge_packages(scene.lead, scene.team.lead, [("intact.age", data)])  # the untouched package still merges
    assert dump_all(scene.lead) != before


def test_truncated_package_is_refused(scene: Scene) -> None:
    data = scene.first_return
    before = dump_all(scene.lead)
    for length in [0, 1, 20, len(data) // 2, len(data) - 17, len(data) - 1, *range(0, len(data), 101)]:
        with pytest.raises(FieldworkError, match="truncated or tampered|cannot be decrypted"):
            merge_packages(scene.lead, scene.team.lead, [("short.age", data[:length])])
    assert dump_all(scene.lead) == before


def test_replay_is_a_no_op_and_an_older_revision_is_refused(scene: Scene) -> None:
    merge_packages(scene.lead, scene.team.lead, [("r2.age", scene.second_return)])
    after_first = dump_all(scene.lead)
    report = merge_packages(scene.lead, scene.team.lead, [("r2-again.age", scene.second_return)])
    assert [p.status for p in report.packages] == ["already merged"]
    assert dump_all(scene.lead) == after_first
    refused(scene, scene.first_return, "revision 1 .* older than revision 2")


def test_one_bad_package_in_a_batch_changes_nothing(scene: Scene) -> None:
    before = dump_all(scene.lead)
    with pytest.raises(FieldworkError):
        merge_packages(scene.lead, scene.team.lead, [("good.age", scene.first_return), ("bad.age", b"junk")])
    assert dump_all(scene.lead) == before


def test_foreign_key_is_refused(scene: Scene) -> None:
    payload = payload_of(scene, scene.first_return)
    stranger = Identity.generate(ANN)  # same name, different keys: not the card registered in person
    _, data = seal("return", payload, inspection_id=scene.lead.info().id, sender=stranger,
                   recipient=scene.team.lead.card)
    refused(scene, data, "not on this team")


class Impostor:
    """Claims Ann's card but signs with another key."""

    def __init__(self, card: object, key: Identity) -> None:
        self.card, self.name, self._key = card, ANN, key

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


def test_resigned_with_a_foreign_key_is_refused(scene: Scene) -> None:
    payload = dict(payload_of(scene, scene.first_return))
    payload["values"] = {key: ("inadequate" if '"grade"' in key else value)
                         for key, value in payload["values"].items()}
    impostor = Impostor(scene.team.inspectors[ANN].card, Identity.generate("mallory"))
    _, data = seal("return", payload, inspection_id=scene.lead.info().id, sender=impostor,  # type: ignore[arg-type]
                   recipient=scene.team.lead.card)
    refused(scene, data, "signature does not verify")


def test_revoked_card_is_refused(scene: Scene) -> None:
    revoke_member(scene.lead, ANN)
    refused(scene, scene.first_return, "revoked")


def test_package_for_someone_else_is_refused(scene: Scene) -> None:
    payload = payload_of(scene, scene.first_return)
    _, data = seal("return", payload, inspection_id=scene.lead.info().id, sender=scene.team.inspectors[ANN],
                   recipient=scene.team.inspectors[BEN].card)
    refused(scene, data, "addressed to someone else")


def test_package_for_another_inspection_is_refused(scene: Scene) -> None:
    payload = payload_of(scene, scene.first_return)
    _, data = seal("return", payload, inspection_id="another-inspection", sender=scene.team.inspectors[ANN],
                   recipient=scene.team.lead.card)
    refused(scene, data, "another inspection")


def test_edits_outside_the_allocation_are_refused(scene: Scene) -> None:
    payload = dict(payload_of(scene, scene.first_return))
    bens = next(c.ref for c in scene.lead.cases() if c.allocated_to == BEN)
    payload["values"] = {field_key("grade", bens, ANN): "good"}
    _, data = seal("return", payload, inspection_id=scene.lead.info().id, sender=scene.team.inspectors[ANN],
                   recipient=scene.team.lead.card)
    refused(scene, data, f"case {bens} is not allocated")
    payload["values"] = {field_key("grade", scene.ann_file.cases()[0].ref, ANN): "excellent"}
    _, data = seal("return", payload, inspection_id=scene.lead.info().id, sender=scene.team.inspectors[ANN],
                   recipient=scene.team.lead.card)
    refused(scene, data, "unknown grade")


@pytest.mark.parametrize("shape", [
    ' ["grade", "{ref}", "{who}"]',  # a key is written compactly: whitespace around it is not one
    '["grade","{ref}","{who}"] x',  # anything after the key
    '["grade","{ref}","{who}","area"]',  # an area on a field that has none
    '["note","{ref}","{who}"]',  # a note without its area
    '["grade","{ref}",1]',  # an inspector that is not a name
    '["grade","{ref}", "{who}"]',  # whitespace inside: two spellings of one field
    '["gr\\u0061de","{ref}","{who}"]',  # an escape field_key never writes: another spelling of one field
    '{{"kind": "grade"}}',
    "[" * 100_000,  # nested beyond the decoder's depth
])
def test_malformed_field_keys_are_refused(scene: Scene, shape: str) -> None:
    payload = dict(payload_of(scene, scene.first_return))
    ref = scene.ann_file.cases()[0].ref
    payload["values"] = {shape.format(ref=ref, who=ANN): "good"}
    _, data = seal("return", payload, inspection_id=scene.lead.info().id, sender=scene.team.inspectors[ANN],
                   recipient=scene.team.lead.card)
    refused(scene, data, "is not acceptable")


def test_a_lone_surrogate_in_a_value_is_refused_as_malformed(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON can escape half of a surrogate pair ("\\ud800"), which no UTF-8 text can hold: a return sealed by an
    encoder that writes it (ours cannot) is refused as malformed, not a traceback when its values are archived."""
    import json

    import models.team.packages as packages

    payload = dict(payload_of(scene, scene.first_return))
    ref = scene.ann_file.cases()[0].ref
    payload["values"] = {field_key("note", ref, ANN, "investigation"): "Seen \ud800 at home."}
    with monkeypatch.context() as forged:
        forged.setattr(packages, "canonical", lambda value: json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii"))
        _, data = seal("return", payload, inspection_id=scene.lead.info().id, sender=scene.team.inspectors[ANN],
                       recipient=scene.team.lead.card)
    refused(scene, data, "the return payload is malformed")


def test_fieldwork_package_from_a_stranger_creates_no_file(scene: Scene, tmp_path: Path) -> None:
    package = export_fieldwork(scene.lead, scene.team.lead, BEN).data
    target = tmp_path / "ben.fieldwork"
    with pytest.raises(FieldworkError, match="not on this team"):
        open_fieldwork(package, scene.team.inspectors[BEN], Identity.generate("Lena Lead", "lead").card, target,
                       PASSPHRASE)
    assert not target.exists()
    with pytest.raises(FieldworkError, match="addressed to someone else"):
        open_fieldwork(package, scene.team.inspectors[ANN], scene.team.lead.card, target, PASSPHRASE)
    assert not target.exists()


def test_tampered_fieldwork_package_creates_no_file(scene: Scene, tmp_path: Path) -> None:
    package = export_fieldwork(scene.lead, scene.team.lead, BEN).data
    target = tmp_path / "ben.fieldwork"
    for position in range(0, len(package), max(1, len(package) // 300)):
        tampered = bytearray(package)
        tampered[position] ^= 0x80
        with pytest.raises(FieldworkError):
            open_fieldwork(bytes(tampered), scene.team.inspectors[BEN], scene.team.lead.card, target, PASSPHRASE)
        assert not target.exists()
    with open_fieldwork(package, scene.team.inspectors[BEN], scene.team.lead.card, target, PASSPHRASE) as own:
        assert {c.allocated_to for c in own.cases()} == {BEN}
