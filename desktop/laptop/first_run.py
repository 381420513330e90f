"""First run: whether to show the welcome, and the hook that turns its answers into an inspector identity.

Qt-free, so the composition root wires it to widgets/welcome_dialog.py and tests drive it directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from desktop.laptop.identity_store import (
    FILE_ENV,
    IdentityStore,
    keyring_get,
    remember_unlocked,
    unlock_identity_file,
)
from desktop.laptop.settings import Settings
from models.errors import FieldworkError
from models.team.identity import Identity


def needs_welcome(settings: Settings | None = None) -> bool:
    """True until this laptop has an inspector identity (in the keyring, the identity file chosen in the settings,
    or a named identity file)."""
    if (settings or Settings()).identity_file:
        return False  # even while its USB stick is out: a second identity must never be offered over it
    return keyring_get() is None and not os.environ.get(FILE_ENV)


def laptop_store(settings: Settings | None = None, ask: bool = True) -> IdentityStore:
    """This laptop's identity store: the identity file chosen in the settings, else FIELDWORK_IDENTITY_FILE or the
    OS keyring. The file's passphrase is asked through the prompt the desktop installed, once per session."""
    chosen = (settings or Settings()).identity_file
    return IdentityStore(identity_file=chosen or None, ask=ask)


def file_identity_creator(settings: Settings, path: Path, passphrase: str) -> Callable[[str, str], Identity]:
    """Like identity_creator, but the identity goes in a new file encrypted under passphrase; the settings
    remember the file (never the passphrase) and the identity stays unlocked for this session."""

    def create(name: str, role: str) -> Identity:
        target = Path(path).expanduser()
        if target.exists():
            raise FieldworkError(f"{target} already exists; an identity is never overwritten. Choose another file, "
                                 "or use the existing one from Team ▸ My identity card….")
        identity = Identity.generate(name, role)
        target.parent.mkdir(parents=True, exist_ok=True)
        identity.save(target, passphrase)
        remember_unlocked(target, identity)
        settings.identity_file = str(target.resolve())
        settings.user_name = name
        return identity

    return create


def choose_identity_file(settings: Settings, path: Path, passphrase: str) -> Identity:
    """An existing identity file (a rebuilt laptop, an identity moved on a USB stick) made this laptop's identity,
    once its passphrase has unlocked it; a wrong passphrase raises and the settings stay as they were."""
    target = Path(path).expanduser()
    if not target.is_file():
        raise FieldworkError(f"{target} is not a file; choose your identity file.")
    identity = unlock_identity_file(target, passphrase)
    settings.identity_file = str(target.resolve())
    settings.user_name = identity.name
    return identity


def identity_creator(store: IdentityStore, settings: Settings) -> Callable[[str, str], Identity]:
    """The welcome's and identity dialog's `create_identity`: a new identity kept by the store, the name in settings.

    A store failure (no keyring and no identity file) raises FieldworkError, which the dialog shows.
    """

    def create(name: str, role: str) -> Identity:
        identity = Identity.generate(name, role)
        store.keep(identity)
        settings.user_name = name  # the audit log's name for this user from now on
        return identity

    return create


def laptop_identity_creator(settings: Settings) -> Callable[[str, str], Identity]:
    """identity_creator for this laptop's usual store (the OS keyring, or FIELDWORK_IDENTITY_FILE)."""
    return identity_creator(laptop_store(settings), settings)


def laptop_identity(ask: bool = True) -> Identity | None:
    """This laptop's inspector identity, or None when it has none.

    One that exists but cannot be read (a damaged keyring entry, an identity file needing its passphrase)
    raises FieldworkError: it must never look like "none", or a new identity would be offered over it.
    ask=False: an identity file not unlocked in this session raises IdentityLocked rather than ask its passphrase.
    """
    settings = Settings()
    if settings.identity_file and not Path(settings.identity_file).is_file():
        raise FieldworkError(f"Your identity file {settings.identity_file} is not there (is its USB stick in?). "
                             "Put it back where it was and try again.")
    store = laptop_store(settings, ask=ask)
    return store.load() if store.exists() else None
