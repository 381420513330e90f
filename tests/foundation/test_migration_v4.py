"""A schema 3 file (before referral dates, withdrawals, follow-ups and queries) opens, is backed up, migrates,
and reports exactly as before; letters already sent keep their dates."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, text

from exports.report import build_report, to_json
from exports.writers import write_referral_letters
from models.inspection.database import SCHEMA_VERSION, InspectionDatabase
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from tests.foundation.test_migration_v5 import restore_schema_4_indexes

SCHEMA_4_COLUMNS = {"referral": ("letter_sent_on", "due_on", "closed_on", "withdrawn_on", "withdrawn_reason"),
                    "inspection": ("addressee_name", "follows", "retain_until")}


def drop_schema_4(connection: Connection) -> None:
    """What schema 4 added, taken away: the query table and its columns (on a file as schema 4 left it)."""
    restore_schema_4_indexes(connection)
    connection.execute(text("DROP TABLE case_query"))
    for table, columns in SCHEMA_4_COLUMNS.items():
        for column in columns:
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))


def rewind_to_schema_3(path: Path) -> None:
    """Make the file as schema 3 wrote it."""
    with InspectionDatabase.open(path, passphrase=DEMO_PASSPHRASE) as db, db.engine.begin() as connection:
        drop_schema_4(connection)
        connection.execute(text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))


def test_a_schema_3_inspection_migrates_and_its_tables_are_byte_identical(demo_awaiting_letters_template: Path,
                                                                          tmp_path: Path) -> None:
    path = tmp_path / "old.fieldwork"
    shutil.copyfile(demo_awaiting_letters_template, path)
    letters = tmp_path / "letters"
    letters.mkdir()
    with InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        sent = service.referrals()[:2]
        write_referral_letters(service, letters, cases=[r.case_ref for r in sent], letter_date=date(2017, 3, 1),
                               sender="A. Lead")
        before = to_json(build_report(service.tally()))
    rewind_to_schema_3(path)
    with InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        assert service.db.schema_version() == SCHEMA_VERSION
        after = to_json(build_report(service.tally()))
        referrals = service.referrals()
        info = service.info()
        assert service.verify_audit().ok
    assert after.encode() == before.encode()
    # the letter dates come back from the audit log; the other referrals have none
    assert [(r.letter_sent_on, r.due_on) for r in referrals[:3]] == [
        ("2017-03-01", "2017-03-29"), ("2017-03-01", "2017-03-29"), (None, None)]
    assert {r.withdrawn_reason for r in referrals} == {""} and info.follows is None and info.retain_until is None
    assert len(list((path.parent / "old-backups").glob("*before-migration-v3*"))) == 1
