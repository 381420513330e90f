"""Merge: order-independent and idempotent over random edits (hypothesis); conflicts between two copies."""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.inspection.services import InspectionService
from models.team.allocation import allocate
from models.team.exchange import DEFAULTS, export_fieldwork, field_key
from models.team.merge import conflicts, merge_packages, resolve_conflict
from models.team.packages import seal
from tests.exchange.builders import INSPECTORS, dump_content, lead_inspection, make_team

ANN, BEN = INSPECTORS[0], INSPECTORS[1]
AREAS = ("investigation",)
COPIES = (("ann-laptop", ANN), ("ann-spare", ANN), ("ben-laptop", BEN))


@dataclass
class Template:
    path: Path
    key_hex: str
    team: object
    issued: dict[str, str]
    inspection_id: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    team = make_team()
    path = tmp_path_factory.mktemp("merge") / "lead.fieldwork"
    lead = lead_inspection(path, team)
    allocate(lead, {"DEMO-0001": [ANN], "DEMO-0002": [ANN], "DEMO-0003": [BEN], "DEMO-0040": [ANN, BEN]})
    lead.set_grade("DEMO-0002", ANN, "good")  # a base grade that the copies may change or keep
    issued = {name: export_fieldwork(lead, team.lead, name).package_id for name in (ANN, BEN)}
    key, inspection_id = lead.key_hex, lead.info().id
    lead.close()
    return Template(path, key, team, issued, inspection_id)


def field_keys(inspector: str) -> list[str]:
    # Few fields and few values, so that copies often touch the same field.
    refs = ["DEMO-0002", "DEMO-0040"] if inspector == ANN else ["DEMO-0003", "DEMO-0040"]
    return [field_key("grade", r, inspector) for r in refs] + \
        [field_key("concern", r, inspector) for r in refs] + \
        [field_key("note", r, inspector, a) for r in refs for a in AREAS]


def value_for(key: str) -> st.SearchStrategy:
    if key.startswith('["grade"'):
        return st.sampled_from([None, "good", "requires-improvement", "inadequate"])
    if key.startswith('["concern"'):
        return st.tuples(st.booleans(), st.sampled_from(["", "risk seen"])).map(list)
    return st.sampled_from(["", "seen"])


@st.composite
def edit_histories(draw: st.DrawFn) -> dict[str, list[dict]]:
    """For each copy: 0-2 revisions, each the copy's full set of changed fields at that time."""
    out: dict[str, list[dict]] = {}
    for copy_id, inspector in COPIES:
        keys = field_keys(inspector)
        revisions = []
        for _ in range(draw(st.integers(0, 2))):
            chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
            revisions.append({k: draw(value_for(k)) for k in chosen})
        out[copy_id] = revisions
    return out


def packages(t: Template, histories: dict[str, list[dict]]) -> list[tuple[str, str, int, bytes]]:
    out = []
    for copy_id, inspector in COPIES:
        for revision, values in enumerate(histories[copy_id], start=1):
            payload = {"fieldwork_package_id": t.issued[inspector], "copy_id": copy_id, "revision": revision,
                       "inspector": inspector, "values": values, "audit": []}
            _, data = seal("return", payload, inspection_id=t.inspection_id, sender=t.team.inspectors[inspector],
                           recipient=t.team.lead.card)
            out.append((copy_id, f"{copy_id}-r{revision}", revision, data))
    return out


def shuffled_keeping_revision_order(items: list, seed: int) -> list:
    """Any interleaving of the copies; within one copy, revisions arrive oldest first."""
    order = list(items)
    random.Random(seed).shuffle(order)
    per_copy = {copy: sorted((i for i in items if i[0] == copy), key=lambda i: i[2]) for copy, _ in COPIES}
    return [per_copy[item[0]].pop(0) for item in order]


def merged(t: Template, folder: Path, name: str, batches: list[list]) -> dict:
    path = folder / name
    shutil.copyfile(t.path, path)
    with InspectionService.open(path, actor="Lena Lead", key_hex=t.key_hex) as lead:
        for batch in batches:
            merge_packages(lead, t.team.lead, [(label, data) for _, label, _, data in batch])
        return dump_content(lead)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=edit_histories(), seed=st.integers(0, 10_000))
def test_merge_is_order_independent_and_idempotent(template: Template, histories: dict, seed: int) -> None:
    items = packages(template, histories)
    with tempfile.TemporaryDirectory() as folder:
        one_go = merged(template, Path(folder), "a", [items])
        one_by_one = merged(template, Path(folder), "b",
                            [[i] for i in shuffled_keeping_revision_order(items, seed)])
        copies_reversed = merged(template, Path(folder), "c",
                                 [sorted(items, key=lambda i: (-COPIES.index(next(c for c in COPIES if c[0] == i[0])),
                                                               i[2]))])
        twice = merged(template, Path(folder), "d", [items, items, list(reversed(items))[:1]])
    assert one_go == one_by_one
    assert one_go == copies_reversed
    assert one_go == twice
    # Ben works on one laptop: his newest revision is what the lead now holds, and a field an earlier revision
    # changed and the newest dropped is back to its default (Ben's base is empty).
    if histories["ben-laptop"]:
        newest = histories["ben-laptop"][-1]
        grades = {(ref, who): grade for ref, who, grade, _, _ in one_go["assessments"]}
        concerns = {(ref, who): [bool(serious), summary] for ref, who, _, serious, summary in one_go["assessments"]}
        notes = {(ref, who, area): text for ref, who, area, text in one_go["notes"]}
        held = {field_key("grade", ref, who): grade for (ref, who), grade in grades.items() if who == BEN}
        held |= {field_key("concern", ref, who): concern for (ref, who), concern in concerns.items() if who == BEN}
        held |= {field_key("note", ref, who, area): text for (ref, who, area), text in notes.items() if who == BEN}
        for key in {key for revision in histories["ben-laptop"] for key in revision}:
            wanted = newest.get(key, DEFAULTS[json.loads(key)[0]])
            assert held.get(key, DEFAULTS[json.loads(key)[0]]) == wanted, key


def test_two_copies_disagreeing_is_a_conflict_with_keep_this_or_that(template: Template, tmp_path: Path) -> None:
    grade = field_key("grade", "DEMO-0001", ANN)
    note = field_key("note", "DEMO-0001", ANN, "investigation")
    histories = {"ann-laptop": [{grade: "good", note: "seen"}], "ann-spare": [{grade: "inadequate", note: "seen"}],
                 "ben-laptop": []}
    items = packages(template, histories)
    path = tmp_path / "lead.fieldwork"
    shutil.copyfile(template.path, path)
    with InspectionService.open(path, actor="Lena Lead", key_hex=template.key_hex) as lead:
        report = merge_packages(lead, template.team.lead, [(label, data) for _, label, _, data in items])
        assert report.conflicts == [grade]  # the note was changed the same way on both copies: no conflict
        [conflict] = conflicts(lead)
        assert conflict.candidates == {"ann-laptop": "good", "ann-spare": "inadequate"}
        assert conflict.base is None
        detail = lead.case_detail("DEMO-0001")
        assert detail.assessments[0].grade is None and detail.assessments[0].notes == {"investigation": "seen"}
        resolve_conflict(lead, grade, "ann-spare")
        assert lead.case("DEMO-0001").grade == "inadequate"
        assert conflicts(lead) == []
        # Re-merging the same packages keeps the lead's choice.
        merge_packages(lead, template.team.lead, [(label, data) for _, label, _, data in items])
        assert lead.case("DEMO-0001").grade == "inadequate"
        assert lead.verify_audit().ok


KINDS = st.sampled_from(["grade", "concern", "note", "topic", "referral", "Grade", ""])
PART = st.text(max_size=12)  # any text: quotes, backslashes, control characters, separators inside a part


@st.composite
def keys(draw: st.DrawFn) -> str:
    """A key as field_key writes it, or one bent the ways a forged package might bend it."""
    kind, ref, who = draw(KINDS), draw(PART), draw(PART)
    area = draw(st.one_of(st.none(), PART))
    key = json.dumps([kind, ref, who] + ([area] if area is not None else []), separators=(",", ":"),
                     ensure_ascii=draw(st.booleans()))
    bend = draw(st.sampled_from(["none", "space", "cut", "splice", "unescape"]))
    if bend == "space":
        at = draw(st.integers(0, len(key)))
        key = key[:at] + " " + key[at:]
    elif bend == "cut":
        key = key[:draw(st.integers(0, len(key)))]
    elif bend == "splice":
        key = key + draw(st.text(max_size=6))
    elif bend == "unescape":  # a quote or a control character left bare inside a part
        key = key.replace("\\", "")
    return key


@settings(max_examples=3000, deadline=None)
@given(keys())
def test_a_key_read_by_its_pattern_reads_as_the_full_decode_would(key: str) -> None:
    """A merge reads nearly every key by one pattern match (_plain_parts): whatever it accepts, the full decode accepts
    with the same parts; whatever it leaves, the full decode reads (or refuses) on its own."""
    from models.team.exchange import _decoded_parts, _plain_parts

    matched = _plain_parts(key)
    try:
        decoded = _decoded_parts(key)
    except ValueError:
        decoded = None
    if matched is not None:
        assert matched == decoded


def test_the_keys_a_return_names_are_read_by_their_pattern() -> None:
    """The merge's speed rests on this: every key field_key writes for ordinary parts (names with accents,
    references with slashes and spaces) is read by the pattern, not decoded."""
    from models.team.exchange import _plain_parts

    for kind, area in (("grade", None), ("concern", None), ("referral", None), ("note", "investigation"),
                       ("topic", "assessment-of-risk")):
        for ref, who in (("NCPI-0001", "Ann Archer"), ("GLO/2017 001", "Siân Ellis-Ó Briain")):
            assert _plain_parts(field_key(kind, ref, who, area)) == (kind, ref, who, area)
