"""Field values as apply_values writes them: one upsert (or delete) per kind of field, no row read first.

Over random sequences of edits to every kind of assessment field, what snapshot reads back is always the last value
given to each field (hypothesis); a row given its own value again keeps its updated_at."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from models.inspection.database import bulk_insert
from models.inspection.services import InspectionService
from models.inspection.tables import Case
from models.team.exchange import DEFAULTS, Values, apply_values, field_key, parse_key, settle_cases, snapshot

PASSPHRASE = "field rows passphrase"
REFS = ("T-001", "T-002", "T-003")
INSPECTORS = ("Ann Archer", "Siân Ellis")
NOTE_AREAS = ("leadership", "other")
TOPIC_AREAS = ("leadership", "investigation")
GRADES = (None, "good", "inadequate")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("fields") / "fields.fieldwork"
    service = InspectionService.create(path, PASSPHRASE, force_name="Test Police", actor="lead",
                                       framework="ncpi-2024")
    with service.write() as session:
        bulk_insert(session.connection(), Case.__table__, [
            {"ref": ref, "case_type": "s47", "sample": "inspectorate-selected", "force_grade": None,
             "moderated": False, "disagreement": False, "allocated_to": None} for ref in REFS])
    key = service.key_hex
    service.close()
    return path, key


@pytest.fixture
def inspection(template: tuple[Path, str], tmp_path: Path) -> Iterator[InspectionService]:
    path = tmp_path / "copy.fieldwork"
    shutil.copyfile(template[0], path)
    with InspectionService.open(path, actor="lead", key_hex=template[1]) as service:
        yield service


def apply(service: InspectionService, values: Values) -> None:
    with service.write() as session:
        settle_cases(session, apply_values(session, values))


def read_back(service: InspectionService) -> Values:
    with service.read() as session:
        return {key: value for who in INSPECTORS for key, value in snapshot(session, who).items()}


fields = st.one_of(
    st.tuples(st.just("grade"), st.sampled_from(REFS), st.sampled_from(INSPECTORS), st.none(),
              st.sampled_from(GRADES)),
    st.tuples(st.just("concern"), st.sampled_from(REFS), st.sampled_from(INSPECTORS), st.none(),
              st.tuples(st.booleans(), st.sampled_from(["", "risk seen"])).map(list)),
    st.tuples(st.just("note"), st.sampled_from(REFS), st.sampled_from(INSPECTORS), st.sampled_from(NOTE_AREAS),
              st.sampled_from(["", "seen", "Siân's note"])),
    st.tuples(st.just("topic"), st.sampled_from(REFS), st.sampled_from(INSPECTORS), st.sampled_from(TOPIC_AREAS),
              st.sampled_from(GRADES)),
)
edits = st.lists(st.lists(fields, max_size=8).map(
    lambda chosen: {field_key(kind, ref, who, area): value for kind, ref, who, area, value in chosen}),
    min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits)
def test_every_field_reads_back_as_the_last_value_written(template: tuple[Path, str], tmp_path_factory:
                                                          pytest.TempPathFactory, history: list[Values]) -> None:
    path = tmp_path_factory.mktemp("edits") / "edits.fieldwork"
    shutil.copyfile(template[0], path)
    expected: Values = {}
    with InspectionService.open(path, actor="lead", key_hex=template[1]) as service:
        for values in history:
            apply(service, values)
            expected.update(values)
            wanted = {key: value for key, value in expected.items() if value != DEFAULTS[parse_key(key)[0]]}
            assert read_back(service) == wanted
        for ref in REFS:  # each case settled on what its graders now say
            grades = {value for key, value in expected.items()
                      if parse_key(key)[:2] == ("grade", ref) and value is not None}
            assert service.case(ref).grade == (grades.pop() if len(grades) == 1 else None)


def _stamps(service: InspectionService) -> dict[str, str]:
    with service.db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT 'assessment', inspector, updated_at FROM assessment UNION ALL "
            "SELECT 'note', area, updated_at FROM evidence_note UNION ALL "
            "SELECT 'topic', area, updated_at FROM topic_grade")).all()
    return {f"{kind}:{name}": stamp for kind, name, stamp in rows}


def test_a_field_given_its_own_value_again_keeps_its_time_and_a_changed_one_moves(
        inspection: InspectionService) -> None:
    ann = INSPECTORS[0]
    first = {field_key("grade", REFS[0], ann): "good", field_key("note", REFS[0], ann, "leadership"): "seen",
             field_key("topic", REFS[0], ann, "leadership"): "good"}
    apply(inspection, first)
    before = _stamps(inspection)
    assert set(before) == {f"assessment:{ann}", "note:leadership", "topic:leadership"}
    time.sleep(0.01)  # a later write has a later time
    apply(inspection, first)
    assert _stamps(inspection) == before
    apply(inspection, {field_key("note", REFS[0], ann, "leadership"): "seen again"})
    after = _stamps(inspection)
    assert after["note:leadership"] > before["note:leadership"]
    assert after["topic:leadership"] == before["topic:leadership"]
    assert after[f"assessment:{ann}"] == before[f"assessment:{ann}"]
