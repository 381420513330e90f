"""Identities (cards, fingerprints, encrypted identity files) and the agreement statistics."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import FieldworkError
from models.team.agreement import agreement, percent_agreement, quadratic_weighted_kappa
from models.team.allocation import register_member, team
from models.team.identity import Identity, IdentityCard


def test_card_round_trip_and_fingerprint(tmp_path: Path) -> None:
    me = Identity.generate("Ann Archer")
    card = me.card
    path = tmp_path / "ann.card"
    path.write_bytes(card.to_bytes())
    again = IdentityCard.read(path)
    assert again == card and again.fingerprint == card.fingerprint
    assert len(card.fingerprint) == 24 and card.fingerprint.count("-") == 4
    assert Identity.generate("Ann Archer").card.fingerprint != card.fingerprint
    assert card.verify(me.sign(b"manifest"), b"manifest")
    assert not card.verify(me.sign(b"manifest"), b"manifest!")


@pytest.mark.parametrize("content, message", [
    (b"not json", "not JSON"),
    (b'{"format": "other"}', "not a Fieldwork identity card"),
    (b'{"format": "fieldwork-identity-card/1", "name": "x", "role": "chief", "signing_key": "AA==", '
     b'"recipient": "age1"}', "role must be one of"),
])
def test_bad_cards_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.card"
    path.write_bytes(content)
    with pytest.raises(FieldworkError, match=message):
        IdentityCard.read(path)


def test_identity_file_is_encrypted_and_needs_its_passphrase(tmp_path: Path) -> None:
    me = Identity.generate("Lena Lead", "lead")
    path = tmp_path / "lena.identity"
    me.save(path, "correct horse battery staple")
    raw = path.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    assert b"AGE-SECRET-KEY" not in raw and b"Lena" not in raw
    loaded = Identity.load(path, "correct horse battery staple")
    assert loaded.card == me.card
    with pytest.raises(FieldworkError, match="Wrong passphrase or damaged identity file"):
        Identity.load(path, "wrong")


def test_registration_compares_fingerprints(inspection) -> None:  # type: ignore[no-untyped-def]
    card = Identity.generate("Ann Archer").card
    with pytest.raises(FieldworkError, match="does not match"):
        register_member(inspection, card, "0000-0000-0000-0000-0000")
    assert team(inspection) == []
    register_member(inspection, card, card.fingerprint.lower())
    with pytest.raises(FieldworkError, match="already on the team"):
        register_member(inspection, card, card.fingerprint)
    assert [m.name for m in team(inspection)] == ["Ann Archer"]


def test_weighted_kappa_matches_hand_computation() -> None:
    # The demo's Table 1, case by case (force rows, inspectorate columns; good / RI / inadequate):
    # p_o = (9 + 0.75 * 15) / 33 = 0.613636..., p_e = (28 * 18 + 5 * 28.75) / 33^2 = 0.594811...
    # kappa = (p_o - p_e) / (1 - p_e) = 0.04646...
    matrix = [[6, 13, 9], [0, 3, 2], [0, 0, 0]]
    assert quadratic_weighted_kappa(matrix) == pytest.approx(0.046460, abs=1e-5)
    assert percent_agreement(matrix) == pytest.approx(100 * 9 / 33)


def test_weighted_kappa_edge_cases() -> None:
    assert quadratic_weighted_kappa([[5, 0], [0, 5]]) == pytest.approx(1.0)
    # Two categories: quadratic weights equal unweighted kappa. p_o = 0.7, p_e = 0.5 -> 0.4
    assert quadratic_weighted_kappa([[35, 15], [15, 35]]) == pytest.approx(0.4)
    # Complete disagreement at the extremes is worse than chance.
    assert quadratic_weighted_kappa([[0, 0, 5], [0, 0, 0], [5, 0, 0]]) == pytest.approx(-1.0)
    assert quadratic_weighted_kappa([[0, 0], [0, 0]]) is None
    assert quadratic_weighted_kappa([[4, 0], [0, 0]]) is None  # chance agreement already total
    stats = agreement("t", "a", "b", [("good", "good"), ("good", "inadequate")], ("good", "ri", "inadequate"))
    assert stats.matrix == ((1, 0, 1), (0, 0, 0), (0, 0, 0)) and stats.percent_agreement == 50.0


def test_disagreement_graded_on_the_lead_laptop_is_a_moderation_item(inspection) -> None:  # type: ignore[no-untyped-def]
    from models.team.moderation import moderate, moderation_items

    inspection.add_case("T-1", "s47", "inspectorate-selected")
    inspection.set_grade("T-1", "Ann", "good")
    inspection.set_grade("T-1", "Ben", "inadequate")
    [item] = moderation_items(inspection)
    assert item.case_ref == "T-1" and [g.grade for g in item.graders] == ["good", "inadequate"]
    assert inspection.tally().open_moderation == 1 and inspection.tally().provisional
    with pytest.raises(FieldworkError, match="rationale"):
        moderate(inspection, "T-1", "good", "  ")
    assert inspection.case("T-1").grade is None
    moderate(inspection, "T-1", "requires improvement", "Plan was late but adequate.")
    assert moderation_items(inspection) == []
    [settled] = moderation_items(inspection, include_settled=True)
    assert settled.status == "agreed" and settled.agreed_grade == "requires-improvement"
    assert inspection.case("T-1").grade == "requires-improvement" and not inspection.tally().provisional
    inspection.set_grade("T-1", "Ben", "good")  # later grading does not undo the agreed grade
    assert inspection.case("T-1").grade == "requires-improvement"
