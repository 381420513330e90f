"""A file written when a member's name was unique (schema 2) migrates: its team stays, and a revoked
inspector can then be registered again under the same name."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from models.inspection import database
from models.inspection.database import InspectionDatabase
from models.inspection.services import InspectionService
from models.team.allocation import register_member, revoke_member, team
from models.team.identity import Identity
from tests.conftest import PASSPHRASE
from tests.foundation.test_migration_v4 import drop_schema_4


def _rewind_to_schema_2(path: Path) -> None:
    """team_member as schema 2 made it: UNIQUE names."""
    with InspectionDatabase.open(path, passphrase=PASSPHRASE) as db, db.engine.begin() as connection:
        drop_schema_4(connection)
        connection.execute(text("ALTER TABLE team_member RENAME TO newer"))
        connection.execute(text(
            "CREATE TABLE team_member (id INTEGER NOT NULL, name VARCHAR NOT NULL, role VARCHAR NOT NULL, "
            "fingerprint VARCHAR NOT NULL, signing_key VARCHAR NOT NULL, recipient VARCHAR NOT NULL, "
            "revoked BOOLEAN NOT NULL, registered_at DATETIME NOT NULL, revoked_at DATETIME, PRIMARY KEY (id), "
            "UNIQUE (name), UNIQUE (fingerprint))"))
        connection.execute(text("INSERT INTO team_member SELECT * FROM newer"))
        connection.execute(text("DROP TABLE newer"))
        connection.execute(text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))


def test_a_schema_2_team_migrates_and_a_revoked_name_registers_again(tmp_path: Path) -> None:
    path = tmp_path / "old.fieldwork"
    ann = Identity.generate("Ann Archer")
    with InspectionService.create(path, PASSPHRASE, force_name="Testshire Police", actor="lead") as service:
        register_member(service, ann.card, ann.card.fingerprint)
        revoke_member(service, "Ann Archer")
        before = team(service)
    _rewind_to_schema_2(path)
    with InspectionService.open(path, actor="lead", passphrase=PASSPHRASE) as service:
        assert service.db.schema_version() == database.SCHEMA_VERSION
        assert team(service) == before
        new_card = Identity.generate("Ann Archer").card
        register_member(service, new_card, new_card.fingerprint)
        assert [(m.fingerprint, m.revoked) for m in team(service)] == [(ann.card.fingerprint, True),
                                                                      (new_card.fingerprint, False)]
    assert len(list((path.parent / "old-backups").glob("*before-migration-v2*"))) == 1
