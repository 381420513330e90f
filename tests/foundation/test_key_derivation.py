"""Key derivation: Argon2id with its parameters carried in the file's salt; older (scrypt) files still open and
are moved to Argon2id, with their backups, at the next unlock with the passphrase; the keyring stays fast."""

from __future__ import annotations

import secrets

import pytest
from argon2.low_level import Type, hash_secret_raw

from desktop.laptop.secrets import KeyStore, Unlocker
from models.errors import WrongPassphrase
from models.inspection import keys
from models.inspection.backups import list_backups, take_backup
from models.inspection.keys import CURRENT, LEGACY, derive_key, kdf_of, read_salt
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE


def legacy_file(tmp_path, monkeypatch, backups: int = 2):
    """An inspection as the releases before Argon2id wrote it: 16 random salt bytes, scrypt N=2^15."""
    from models.inspection import database

    while kdf_of(salt := secrets.token_bytes(16)) != LEGACY:  # about 1 in 10^8 random salts reads as format 1
        pass
    with monkeypatch.context() as patch:
        patch.setattr(database, "new_salt", lambda: salt)
        service = InspectionService.create(tmp_path / "old.fieldwork", PASSPHRASE, force_name="Oldshire Police",
                                           actor="lead")
    service.add_case("R1", "missing", "self-assessed", "Good")
    for _ in range(backups):
        take_backup(service.db, "manual")
    key = service.key_hex
    service.close()
    return service.path, key


def test_new_files_use_argon2id_with_the_parameters_in_the_salt(inspection) -> None:
    salt = read_salt(inspection.path)
    assert kdf_of(salt) == CURRENT
    assert CURRENT.argon2 and 2**CURRENT.memory_log2_kib >= 64 * 1024 and CURRENT.passes >= 3
    expected = hash_secret_raw(PASSPHRASE.encode(), salt, time_cost=CURRENT.passes,
                               memory_cost=2**CURRENT.memory_log2_kib, parallelism=CURRENT.lanes, hash_len=32,
                               type=Type.ID).hex()
    assert inspection.key_hex == expected
    # the parameter bytes are masked: two files share no fixed header bytes
    other = keys.new_salt()
    assert salt[keys.RANDOM_BYTES:] != other[keys.RANDOM_BYTES:]


def test_parameters_round_trip_and_random_salts_read_as_legacy() -> None:
    cheap = keys.Kdf(argon2=True, memory_log2_kib=10, passes=2, lanes=1)
    assert kdf_of(keys.new_salt(cheap)) == cheap
    assert sum(kdf_of(secrets.token_bytes(16)) != LEGACY for _ in range(20000)) == 0


def test_an_older_file_opens_and_is_upgraded_with_its_backups(tmp_path, monkeypatch) -> None:
    path, old_key = legacy_file(tmp_path, monkeypatch)
    assert kdf_of(read_salt(path)) == LEGACY
    # the keyring's raw key still opens it at once, and leaves it as it is (no passphrase, no new key)
    with InspectionService.open(path, actor="x", key_hex=old_key) as service:
        assert not service.upgraded
    assert kdf_of(read_salt(path)) == LEGACY
    with InspectionService.open(path, actor="x", passphrase=PASSPHRASE) as service:
        assert service.upgraded and service.key_hex != old_key
        assert [c.ref for c in service.cases()] == ["R1"]
        new_key = service.key_hex
    assert kdf_of(read_salt(path)) == CURRENT
    assert new_key == derive_key(PASSPHRASE, read_salt(path))
    backups = list_backups(path)
    assert len(backups) == 2
    for backup in backups:
        assert read_salt(backup.path) == read_salt(path)
        with InspectionService.open(backup.path, actor="x", passphrase=PASSPHRASE) as copy:
            assert not copy.upgraded and [c.ref for c in copy.cases()] == ["R1"]
    with pytest.raises(WrongPassphrase):
        InspectionService.open(path, actor="x", key_hex=old_key)
    assert not list(tmp_path.rglob("*.rekey*")) and not list(tmp_path.rglob("*.part"))


def test_the_unlocker_keeps_the_new_key_after_an_upgrade(tmp_path, monkeypatch, memory_keyring) -> None:
    path, old_key = legacy_file(tmp_path, monkeypatch, backups=0)
    store = KeyStore()
    store.put(path, old_key)
    old_entry = store.name(path)
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    with Unlocker(store).open(path, "x") as service:
        new_key = service.key_hex
    assert kdf_of(read_salt(path)) == CURRENT
    assert memory_keyring.secrets == {("fieldwork", store.name(path)): new_key}
    assert old_entry != store.name(path)
    monkeypatch.delenv("FIELDWORK_PASSPHRASE")
    with Unlocker(store).open(path, "x") as service:  # from the keyring: no derivation at all
        assert service.key_hex == new_key


def test_an_upgrade_interrupted_before_its_commit_leaves_the_older_file(tmp_path, monkeypatch) -> None:
    from models.inspection import database

    path, old_key = legacy_file(tmp_path, monkeypatch)
    real_export = database.export_to
    calls = []

    def export_then_fail(*args: object) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_export(*args)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(database, "export_to", export_then_fail)
        with InspectionService.open(path, actor="x", passphrase=PASSPHRASE) as service:  # opens all the same
            assert not service.upgraded and service.key_hex == old_key
    assert kdf_of(read_salt(path)) == LEGACY
    assert not list(tmp_path.rglob("*.rekey*"))
    with InspectionService.open(path, actor="x", passphrase=PASSPHRASE) as service:
        assert service.upgraded
