"""The identity lives in the OS keyring when one works, else only in an encrypted identity file."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from desktop.laptop.identity_store import IdentityStore
from models.errors import FieldworkError
from models.team.identity import Identity


def test_keyring_when_it_works() -> None:
    me = Identity.generate("Ann Archer")
    assert IdentityStore().keep(me) == "the OS keyring"
    assert IdentityStore().load().card == me.card


def test_without_a_keyring_only_an_encrypted_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(FailKeyring())  # the conftest fixture restores the previous backend
    me = Identity.generate("Ann Archer")
    with pytest.raises(FieldworkError, match="No OS keyring"):
        IdentityStore().keep(me)
    with pytest.raises(FieldworkError, match="No inspector identity"):
        IdentityStore().load()
    path = tmp_path / "ann.identity"
    with pytest.raises(FieldworkError, match="identity passphrase"):
        IdentityStore(str(path)).keep(me)
    assert not path.exists()
    monkeypatch.setenv("FIELDWORK_IDENTITY_PASSPHRASE", "a long identity passphrase")
    IdentityStore(str(path)).keep(me)
    assert b"AGE-SECRET-KEY" not in path.read_bytes()
    assert IdentityStore(str(path)).load().card == me.card
    with pytest.raises(FieldworkError, match="never overwritten"):
        IdentityStore(str(path)).keep(Identity.generate("Ann Archer"))
