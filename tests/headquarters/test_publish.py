"""Publishing inspections to a real PostgreSQL server: what arrives, idempotence, atomic replacement."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from models.errors import FieldworkError
from models.headquarters import server as headquarters
from models.headquarters.server import Headquarters, HeadquartersError
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from tests.headquarters.builders import build_inspection


def schemas(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as connection:
        return {r[0] for r in connection.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'insp%%'")}


def registry(dsn: str) -> list[tuple]:
    with psycopg.connect(dsn) as connection:
        return connection.execute(
            "SELECT inspection_id, force_name, version, schema_name, case_count, with_notes "
            "FROM fieldwork_hq.published_inspection ORDER BY force_name").fetchall()


def scalar(dsn: str, sql: str) -> object:
    with psycopg.connect(dsn) as connection:
        return connection.execute(sql).fetchone()[0]


def test_first_publish_creates_one_schema_with_the_inspection_tables(demo: InspectionService, hq_dsn: str) -> None:
    with Headquarters(hq_dsn) as hq:
        result = hq.publish(demo, actor="hq")
    assert result.outcome == "published"
    schema = result.inspection.schema_name
    assert schemas(hq_dsn) == {schema}
    [(inspection_id, force, version, registered, cases, with_notes)] = registry(hq_dsn)
    assert (inspection_id, force, registered, cases, with_notes) == (
        demo.info().id, "Gloucestershire Constabulary", schema, 89, False)
    assert version == result.inspection.version > 0
    # The case rows arrive whole: refs, types, sample, force grade and the settled grade.
    source = {(c.ref, c.case_type, c.sample, c.force_grade, c.grade) for c in demo.cases()}
    with psycopg.connect(hq_dsn) as connection:
        published = set(connection.execute(
            f'SELECT ref, case_type, sample, force_grade, grade FROM "{schema}".case_file').fetchall())
        referrals = connection.execute(
            f'SELECT count(*), count(*) FILTER (WHERE summary = \'\') FROM "{schema}".referral').fetchone()
        tables = {r[0] for r in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,))}
    assert published == source
    assert referrals == (14, 14)  # every referral, its summary withheld without --with-notes
    assert tables == {"meta", "inspection", "case_file", "referral"}  # no notes, no audit log, no inspectors


def test_publishing_the_same_version_again_changes_nothing(demo: InspectionService, hq_dsn: str) -> None:
    with Headquarters(hq_dsn) as hq:
        first = hq.publish(demo, actor="hq")
        before = registry(hq_dsn)
        again = hq.publish(demo, actor="hq")
    assert again.outcome == "unchanged"
    assert registry(hq_dsn) == before
    assert schemas(hq_dsn) == {first.inspection.schema_name}
    assert scalar(hq_dsn, f'SELECT count(*) FROM "{first.inspection.schema_name}".case_file') == 89


def test_a_newer_version_replaces_the_old_one_and_its_schema(demo: InspectionService, hq_dsn: str) -> None:
    with Headquarters(hq_dsn) as hq:
        first = hq.publish(demo, actor="hq")
        ref = next(c.ref for c in demo.cases() if c.grade == "good")
        demo.set_grade(ref, "Z. Moderator", "inadequate")
        demo.set_grade(ref, "A. Inspector", "inadequate")
        demo.set_grade(ref, "B. Inspector", "inadequate")
        assert demo.case(ref).grade == "inadequate"
        second = hq.publish(demo, actor="hq")
    assert second.outcome == "replaced"
    assert second.previous_version == first.inspection.version < second.inspection.version
    assert schemas(hq_dsn) == {second.inspection.schema_name} != {first.inspection.schema_name}
    assert scalar(hq_dsn, f"SELECT grade FROM \"{second.inspection.schema_name}\".case_file "
                          f"WHERE ref = '{ref}'") == "inadequate"
    assert len(registry(hq_dsn)) == 1


def test_an_older_copy_is_refused_and_nothing_changes(demo: InspectionService, hq_dsn: str,
                                                      tmp_path: Path) -> None:
    old_copy = tmp_path / "old-copy.fieldwork"
    shutil.copyfile(demo.path, old_copy)
    demo.set_chief_officer("Chief Constable")  # the live file moves on by one audited change
    with Headquarters(hq_dsn) as hq:
        hq.publish(demo, actor="hq")
        before = registry(hq_dsn), schemas(hq_dsn)
        with InspectionService.open(old_copy, actor="hq", passphrase=DEMO_PASSPHRASE) as old, \
                pytest.raises(HeadquartersError, match="newer version"):
            hq.publish(old, actor="hq")
    assert (registry(hq_dsn), schemas(hq_dsn)) == before


def test_a_failure_midway_leaves_the_published_version_untouched(demo: InspectionService, hq_dsn: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with Headquarters(hq_dsn) as hq:
        first = hq.publish(demo, actor="hq")
        demo.set_chief_officer("Chief Constable")
        real = headquarters._write_schema

        def write_then_fail(connection, schema, snapshot):  # type: ignore[no-untyped-def]
            real(connection, schema, snapshot)  # the new schema is complete ...
            raise psycopg.OperationalError("server closed the connection unexpectedly")  # ... then the link dies

        monkeypatch.setattr(headquarters, "_write_schema", write_then_fail)
        with pytest.raises(FieldworkError, match="Nothing was changed"):
            hq.publish(demo, actor="hq")
    assert schemas(hq_dsn) == {first.inspection.schema_name}
    [(_, _, version, schema, cases, _)] = registry(hq_dsn)
    assert (version, schema, cases) == (first.inspection.version, first.inspection.schema_name, 89)


def test_evidence_notes_travel_only_with_notes(demo: InspectionService, hq_dsn: str) -> None:
    with Headquarters(hq_dsn) as hq:
        plain = hq.publish(demo, actor="hq")
        with_notes = hq.publish(demo, actor="hq", with_notes=True)
    assert plain.inspection.with_notes is False
    assert with_notes.outcome == "replaced" and with_notes.inspection.with_notes is True
    schema = with_notes.inspection.schema_name
    detail = demo.case_detail("DEMO-0001")
    note = detail.assessments[0].notes["overall"] if "overall" in detail.assessments[0].notes else \
        next(iter(detail.assessments[0].notes.values()))
    assert scalar(hq_dsn, f'SELECT count(*) FROM "{schema}".evidence_note WHERE text = \'{note}\'') == 1
    assert scalar(hq_dsn, f'SELECT count(*) FROM "{schema}".referral WHERE summary <> \'\'') == 14


def test_an_unfinished_inspection_needs_provisional(tmp_path: Path, hq_dsn: str) -> None:
    service = build_inspection(tmp_path, "Testshire Police", 12, graded=False)
    try:
        with Headquarters(hq_dsn) as hq:
            with pytest.raises(HeadquartersError, match="not finished: 12 case"):
                hq.publish(service, actor="hq")
            assert schemas(hq_dsn) == set()
            result = hq.publish(service, actor="hq", allow_provisional=True)
            assert result.inspection.provisional is True
            assert hq.national().provisional == 1
    finally:
        service.close()


def test_a_tampered_audit_log_is_not_published(demo: InspectionService, hq_dsn: str) -> None:
    with demo.db.engine.begin() as connection:  # someone edits a grade behind the service's back
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_update")
        connection.exec_driver_sql("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2")
    with Headquarters(hq_dsn) as hq, pytest.raises(HeadquartersError, match="failed audit verification"):
        hq.publish(demo, actor="hq")
    assert schemas(hq_dsn) == set()


def test_an_unreachable_server_is_a_plain_error(tmp_path: Path) -> None:
    hq = Headquarters(f"host={tmp_path} port=1 dbname=nowhere connect_timeout=2")
    with pytest.raises(HeadquartersError, match="Cannot connect to database 'nowhere'"):
        hq.check_connection()


def test_a_registry_from_a_newer_release_is_refused(demo: InspectionService, hq_dsn: str) -> None:
    with Headquarters(hq_dsn) as hq:
        hq.publish(demo, actor="hq")
        with psycopg.connect(hq_dsn) as connection:
            connection.execute("UPDATE fieldwork_hq.hq_meta SET value = '99' WHERE key = 'schema_version'")
        demo.set_chief_officer("Chief Constable")
        with pytest.raises(HeadquartersError, match="newer release"):
            hq.publish(demo, actor="hq")


def test_concurrent_publishers_and_readers_never_see_a_half_swapped_state(tmp_path: Path, hq_dsn: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    services = []
    for n in range(3):
        folder = tmp_path / f"f{n}"
        folder.mkdir()
        services.append(build_inspection(folder, f"Force {n}", 30, prefix=f"C{n}"))
    try:
        with Headquarters(hq_dsn) as setup:
            setup.publish(services[0], actor="hq")

        def republish(service: InspectionService) -> str:
            with Headquarters(hq_dsn) as hq:
                outcomes = []
                for round_ in range(3):
                    service.set_chief_officer(f"Chief officer, round {round_}")  # a newer version each time
                    outcomes.append(hq.publish(service, actor="hq").outcome)
                return ",".join(outcomes)

        def read_national() -> list[int]:
            with Headquarters(hq_dsn) as hq:
                return [hq.national().total_cases for _ in range(10)]

        with ThreadPoolExecutor(max_workers=4) as pool:
            writers = [pool.submit(republish, s) for s in services]
            readers = [pool.submit(read_national) for _ in range(2)]
            outcomes = [w.result() for w in writers]
            totals = [t for r in readers for t in r.result()]
    finally:
        for s in services:
            s.close()
    assert outcomes[0] == "replaced,replaced,replaced"
    assert all(o.startswith("published,") for o in outcomes[1:])
    assert set(totals) <= {30, 60, 90}  # whole inspections only, never a dropped schema or a partial one
    assert len(registry(hq_dsn)) == 3 and len(schemas(hq_dsn)) == 3


def test_only_the_file_facts_of_meta_are_published(demo: InspectionService, hq_dsn: str) -> None:
    """Other meta entries (a fieldwork file's exchange base) can hold note text: they stay on the laptop."""
    from sqlmodel import Session

    from models.inspection.tables import Meta

    with Session(demo.db.engine) as session:
        session.add(Meta(key="exchange.base", value="Plainmarker note text from the base"))
        session.commit()
    with Headquarters(hq_dsn) as hq:
        published = hq.publish(demo, actor="hq")
    schema = published.inspection.schema_name
    assert scalar(hq_dsn, f'SELECT string_agg(key, \',\' ORDER BY key) FROM "{schema}".meta') == \
        "audit_head,schema_version"
