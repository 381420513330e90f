"""A file written before graded topics (schema 1) opens, is backed up, migrates, and reports exactly as before."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import text

from exports.report import build_report, to_json
from models.inspection import database
from models.inspection.database import InspectionDatabase
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from tests.foundation.test_migration_v4 import drop_schema_4


def _rewind_to_schema_1(path: Path) -> None:
    """Make the file as the first release wrote it: no topic or force-judgement tables, no dates."""
    with InspectionDatabase.open(path, passphrase=DEMO_PASSPHRASE) as db, db.engine.begin() as connection:
        drop_schema_4(connection)
        for table in ("topic_grade", "force_judgement", "force_evidence"):
            connection.execute(text(f"DROP TABLE {table}"))
        for column in ("start_date", "end_date"):
            connection.execute(text(f"ALTER TABLE inspection DROP COLUMN {column}"))
        connection.execute(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))


def test_a_schema_1_inspection_migrates_and_its_tables_are_byte_identical(demo_template: Path,
                                                                          tmp_path: Path) -> None:
    path = tmp_path / "old.fieldwork"
    shutil.copyfile(demo_template, path)
    with InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        service.set_dates(None, None)  # the first release had no dates, so its JSON had none
        before = to_json(build_report(service.tally()))
    _rewind_to_schema_1(path)
    with InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        assert service.db.schema_version() == database.SCHEMA_VERSION
        after = to_json(build_report(service.tally()))
        assert service.info().start_date is None
        assert service.force_judgements() == []  # a 2017 framework judges no topics
    assert after == before
    backups = list((path.parent / "old-backups").glob("*before-migration-v1*"))
    assert len(backups) == 1
