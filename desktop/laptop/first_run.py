"""First run: whether to show the welcome, and the hook that turns its answers into an inspector identity.

Qt-free, so the composition root wires it to widgets/welcome_dialog.py and tests drive it directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from desktop.laptop.identity_store import FILE_ENV, IdentityStore, keyring_get
from desktop.laptop.settings import Settings
from models.team.identity import Identity


def needs_welcome() -> bool:
    """True until this laptop has an inspector identity (in the keyring, or a named identity file)."""
    return keyring_get() is None and not os.environ.get(FILE_ENV)


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
    return identity_creator(IdentityStore(), settings)


def laptop_identity() -> Identity | None:
    """This laptop's inspector identity, or None when it has none.

    One that exists but cannot be read (a damaged keyring entry, an identity file needing its passphrase)
    raises FieldworkError: it must never look like "none", or a new identity would be offered over it.
    """
    store = IdentityStore()
    return store.load() if store.exists() else None
