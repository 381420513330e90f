"""The encrypted inspection file: passphrases, keyring, schema version, no plaintext, crash-safe rekey."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.laptop.passphrases import generate_recovery_code, passphrase_problem
from desktop.laptop.secrets import KeyStore, Unlocker
from desktop.main import main
from models.errors import FieldworkError, InspectionFileError, WrongPassphrase
from models.inspection.database import InspectionDatabase, change_passphrase
from models.inspection.keys import key_for
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE

SECRET_REF = "ZZSECRETREF0042"
SECRET_NOTE = "Plaintextmarker note about the child"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_wrong_passphrase_is_a_clear_error_and_changes_nothing(inspection, tmp_path) -> None:
    path = inspection.path
    inspection.close()
    before = digest(path)
    with pytest.raises(WrongPassphrase, match="Wrong passphrase or damaged file"):
        InspectionService.open(path, actor="x", passphrase="not the passphrase at all")
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


def test_wrong_passphrase_prints_nothing_on_stderr(inspection) -> None:
    path = inspection.path
    inspection.close()
    script = ("from models.inspection.services import InspectionService as S\n"
              f"try:\n S.open({str(path)!r}, actor='x', passphrase='wrong wrong wrong')\n"
              "except Exception as e: print(type(e).__name__)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "WrongPassphrase"
    assert done.stderr == ""


def test_file_opens_with_its_passphrase_alone(inspection, tmp_path) -> None:
    path = inspection.path
    inspection.close()
    moved = tmp_path / "elsewhere" / "copy.fieldwork"
    moved.parent.mkdir()
    moved.write_bytes(path.read_bytes())
    with InspectionService.open(moved, actor="x", passphrase=PASSPHRASE) as service:
        assert service.info().force_name == "Testshire Constabulary"


def test_second_opener_is_told_the_file_is_open_elsewhere(inspection) -> None:
    with pytest.raises(InspectionFileError, match="open elsewhere"):
        InspectionService.open(inspection.path, actor="x", passphrase=PASSPHRASE)


def test_newer_schema_is_refused(inspection) -> None:
    path = inspection.path
    with inspection.db.engine.begin() as connection:
        connection.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    inspection.close()
    with pytest.raises(InspectionFileError, match="written by a newer release"):
        InspectionDatabase.open(path, passphrase=PASSPHRASE)


def test_older_schema_is_backed_up_then_migrated(inspection, monkeypatch) -> None:
    from models.inspection import database

    path = inspection.path
    inspection.close()
    ran = []
    current = database.SCHEMA_VERSION
    monkeypatch.setattr(database, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(database.MIGRATIONS, current + 1, lambda connection: ran.append(connection.dialect.name))
    with InspectionDatabase.open(path, passphrase=PASSPHRASE) as db:
        assert db.schema_version() == current + 1
    assert ran == ["sqlite"]
    backups = list((path.parent / f"{path.stem}-backups").glob(f"*before-migration-v{current}*"))
    assert len(backups) == 1
    # the backup opens with the same passphrase and still says the schema it had
    monkeypatch.setattr(database, "SCHEMA_VERSION", current)
    with InspectionDatabase.open(backups[0], passphrase=PASSPHRASE) as old:
        assert old.schema_version() == current


def test_no_plaintext_case_data_in_file_or_wal(inspection, tmp_path) -> None:
    sample = tmp_path / "s.csv"
    sample.write_text(f"case_ref,case_type,sample,force_grade\n{SECRET_REF},missing,self-assessed,Good\n")
    inspection.import_sample(sample)
    inspection.set_note(SECRET_REF, "Ann", "overall", SECRET_NOTE)
    inspection.db.backup()
    sample.unlink()
    folder = inspection.path.parent
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files), "expected a live WAL to scan"
    for path in files:
        data = path.read_bytes()
        for marker in (SECRET_REF, SECRET_NOTE, "Testshire"):
            assert marker.encode() not in data, f"{marker} in plaintext in {path.name}"
            assert marker.encode("utf-16-le") not in data


def test_change_passphrase_reencrypts_and_old_one_fails(inspection, tmp_path) -> None:
    path = inspection.path
    inspection.add_case("R1", "missing", "self-assessed", "Good")
    old_key = inspection.key_hex
    inspection.close()
    new_key = change_passphrase(path, old_key, "a brand new long passphrase").key_hex
    assert new_key == key_for(path, "a brand new long passphrase")
    with pytest.raises(WrongPassphrase):
        InspectionService.open(path, actor="x", passphrase=PASSPHRASE)
    with InspectionService.open(path, actor="x", passphrase="a brand new long passphrase") as service:
        assert [c.ref for c in service.cases()] == ["R1"]


def test_killed_passphrase_change_leaves_the_old_file_usable(inspection, tmp_path, monkeypatch) -> None:
    path = inspection.path
    old_key = inspection.key_hex
    inspection.add_case("R1", "missing", "self-assessed", "Good")
    inspection.close()

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(FieldworkError, match="full"):
        change_passphrase(path, old_key, "another long passphrase here")
    monkeypatch.undo()
    with InspectionService.open(path, actor="x", passphrase=PASSPHRASE) as service:
        assert [c.ref for c in service.cases()] == ["R1"]


def test_keyring_gives_silent_unlock_after_one_passphrase(inspection, memory_keyring, monkeypatch) -> None:
    path = inspection.path
    inspection.close()
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    unlocker = Unlocker(KeyStore())
    key = unlocker.key(path)
    unlocker.remember(path, key)
    monkeypatch.delenv("FIELDWORK_PASSPHRASE")
    assert Unlocker(KeyStore()).key(path) == key  # no passphrase needed now
    assert list(memory_keyring.secrets.values()) == [key]


def test_keyring_value_that_is_not_a_key_is_ignored(inspection, memory_keyring) -> None:
    path = inspection.path
    inspection.close()
    name = next(iter(memory_keyring.secrets), None)
    assert name is None
    KeyStore().put(path, "0" * 64)
    assert len(memory_keyring.secrets) == 1
    for (service, user) in list(memory_keyring.secrets):
        memory_keyring.secrets[service, user] = "not-hex; DROP TABLE"
    with pytest.raises(FieldworkError, match="locked: give its passphrase"):
        Unlocker(KeyStore()).key(path)


def test_without_keyring_the_passphrase_is_asked_for(inspection, monkeypatch) -> None:
    import keyring
    from keyring.backends import fail

    path = inspection.path
    inspection.close()
    keyring.set_keyring(fail.Keyring())
    asked = []
    unlocker = Unlocker(KeyStore(), prompt=lambda file, problem: asked.append((file, problem)) or PASSPHRASE)
    key = unlocker.key(path)
    unlocker.remember(path, key)  # must not raise with no keyring
    assert asked == [(path, None)]
    assert key == key_for(path, PASSPHRASE)


def test_cli_passphrase_file_and_wrong_passphrase_exit_codes(tmp_path, capsys) -> None:
    path = tmp_path / "i.fieldwork"
    good = tmp_path / "good.txt"
    good.write_text("violet harbour engine sixteen\n")
    assert main(["--passphrase-file", str(good), "new", str(path), "--force", "Testshire Police"]) == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("wrong horse battery\n")
    capsys.readouterr()
    assert main(["--passphrase-file", str(bad), "tables", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"fieldwork: Wrong passphrase or damaged file ({path})."]


def test_cli_refuses_weak_passphrase_and_usage_errors(tmp_path, capsys) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("password1234\n")
    assert main(["--passphrase-file", str(weak), "new", str(tmp_path / "x.fieldwork"), "--force", "F"]) == 1
    assert "too weak" in capsys.readouterr().err
    short = tmp_path / "short.txt"
    short.write_text("abc\n")
    assert main(["--passphrase-file", str(short), "new", str(tmp_path / "x.fieldwork"), "--force", "F"]) == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert not (tmp_path / "x.fieldwork").exists()
    with pytest.raises(SystemExit) as usage:
        main(["tables"])
    assert usage.value.code == 2


def test_generated_recovery_code_is_strong() -> None:
    code = generate_recovery_code()
    assert len(code) == 35 and code.count("-") == 5
    assert passphrase_problem(code) is None
    assert passphrase_problem("short") is not None
    assert passphrase_problem("aaaaaaaaaaaaaaaa") is not None


def test_a_plaintext_keyring_backend_is_never_used(inspection, monkeypatch) -> None:
    """A file-based keyring (keyrings.alt style) counts as no keyring: the key is asked for instead."""
    import keyring
    from keyring.backend import KeyringBackend

    class PlaintextFileKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        stored: dict = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.stored.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.stored[service, username] = password

        def delete_password(self, service: str, username: str) -> None:
            self.stored.pop((service, username), None)

    path = inspection.path
    inspection.close()
    keyring.set_keyring(PlaintextFileKeyring())  # the conftest fixture restores the previous backend
    store = KeyStore()
    assert store.put(path, key_for(path, PASSPHRASE)) is False
    assert PlaintextFileKeyring.stored == {}
    PlaintextFileKeyring.stored[("fieldwork", store.name(path))] = key_for(path, PASSPHRASE)
    with pytest.raises(FieldworkError, match="locked"):
        Unlocker(store).key(path)  # not read back from an untrusted store either


def test_os_keyring_backends_are_trusted_and_chainers_checked(monkeypatch) -> None:
    import keyring
    from keyring.backends import chainer, fail

    from desktop.laptop.secrets import secure_keyring

    monkeypatch.delenv("FIELDWORK_TRUSTED_TEST_KEYRING")
    keyring.set_keyring(fail.Keyring())
    assert secure_keyring() is None
    mixed = chainer.ChainerBackend()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [fail.Keyring()])
    keyring.set_keyring(mixed)
    assert secure_keyring() is None
    from keyring.backends import SecretService

    os_store = SecretService.Keyring()
    keyring.set_keyring(os_store)
    assert secure_keyring() is os_store
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [os_store])
    keyring.set_keyring(mixed)
    assert secure_keyring() is mixed


def test_a_write_takes_the_write_lock_at_once(inspection) -> None:
    """So a second writer (autosave beside an export thread) waits on busy_timeout instead of failing."""
    import sqlcipher3.dbapi2 as sqlcipher

    from models.inspection.cipher import raw_connect as _raw_connect

    other = _raw_connect(inspection.path, inspection.key_hex)
    other.execute("PRAGMA busy_timeout = 0")
    with inspection.write(), pytest.raises(sqlcipher.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free again once the write committed
    other.execute("ROLLBACK")
    other.close()
    with inspection.read() as session:  # reads take no write lock
        session.connection()
        other = _raw_connect(inspection.path, inspection.key_hex)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
