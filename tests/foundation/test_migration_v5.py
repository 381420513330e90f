"""A schema 4 file (with an index beside each unique index that starts with the same column) opens, is backed up,
loses those indexes, and reports exactly as before."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Connection, text

from exports.report import build_report, to_json
from models.inspection.database import REDUNDANT_INDEXES, SCHEMA_VERSION, InspectionDatabase
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService

# The indexes schema 5 dropped, as schema 4 made them.
SCHEMA_4_INDEXES = {"ix_assessment_case_id": ("assessment", "case_id"),
                    "ix_evidence_note_assessment_id": ("evidence_note", "assessment_id"),
                    "ix_topic_grade_assessment_id": ("topic_grade", "assessment_id"),
                    "ix_allocation_case_id": ("allocation", "case_id")}


def restore_schema_4_indexes(connection: Connection) -> None:
    """What schema 5 took away, put back."""
    for index, (table, column) in SCHEMA_4_INDEXES.items():
        connection.execute(text(f"CREATE INDEX {index} ON {table} ({column})"))


def _indexes(connection: Connection) -> set[str]:
    return {name for (name,) in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}


def test_a_schema_4_inspection_loses_its_redundant_indexes_and_reports_the_same(demo_template: Path,
                                                                               tmp_path: Path) -> None:
    path = tmp_path / "old.fieldwork"
    shutil.copyfile(demo_template, path)
    with InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        before = to_json(build_report(service.tally()))
    with InspectionDatabase.open(path, passphrase=DEMO_PASSPHRASE) as db, db.engine.begin() as connection:
        assert not _indexes(connection) & set(REDUNDANT_INDEXES)  # a new file never has them
        restore_schema_4_indexes(connection)
        connection.execute(text("UPDATE meta SET value = '4' WHERE key = 'schema_version'"))
        assert set(REDUNDANT_INDEXES) <= _indexes(connection)
    with InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        assert service.db.schema_version() == SCHEMA_VERSION == 5
        assert service.verify_audit().ok
        after = to_json(build_report(service.tally()))
        with service.db.engine.connect() as connection:
            assert not _indexes(connection) & set(REDUNDANT_INDEXES)
    assert after.encode() == before.encode()
    assert len(list((path.parent / "old-backups").glob("*before-migration-v4*"))) == 1
