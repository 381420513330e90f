"""Where this laptop's inspector identity lives: the OS keyring when one works, else an encrypted identity file.

Like inspection keys (desktop/laptop/secrets.py), every keyring failure means "not available", and there is
never a plaintext fallback: without a keyring the identity file is age-encrypted under a passphrase.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.laptop.secrets import (
    forget_secret,
    read_passphrase_file,
    read_secret,
    store_secret,
    stored_secret,
)
from models.errors import FieldworkError
from models.team.identity import Identity, IdentityError

KEYRING_NAME = "inspector-identity"
PASSPHRASE_ENV = "FIELDWORK_IDENTITY_PASSPHRASE"
FILE_ENV = "FIELDWORK_IDENTITY_FILE"


def keyring_get() -> str | None:
    return stored_secret(KEYRING_NAME)


def keyring_put(secret: str) -> bool:
    return store_secret(KEYRING_NAME, secret)


def keyring_forget() -> None:
    forget_secret(KEYRING_NAME)


@dataclass
class IdentityStore:
    """Find or keep this laptop's identity: an explicit identity file first, then the keyring."""

    identity_file: str | None = None
    passphrase_file: str | None = None
    prompt: Callable[[str], str] | None = None

    def _file(self) -> Path | None:
        name = self.identity_file or os.environ.get(FILE_ENV)
        return Path(name) if name else None

    def _passphrase(self, purpose: str) -> str:
        if self.passphrase_file:
            return read_passphrase_file(self.passphrase_file)
        if os.environ.get(PASSPHRASE_ENV):
            return os.environ[PASSPHRASE_ENV]
        if self.prompt is None:
            raise FieldworkError(f"{purpose}: give the identity passphrase with --identity-passphrase-file or "
                                 f"{PASSPHRASE_ENV}.")
        return self.prompt("Identity passphrase: ")

    def exists(self) -> bool:
        """Whether this laptop has an identity (readable or not): never create a second one over it.
        A keyring that fails to answer raises rather than count as "none"."""
        path = self._file()
        return path.exists() if path is not None else read_secret(KEYRING_NAME) is not None

    def load(self) -> Identity:
        path = self._file()
        if path is not None:
            return Identity.load(path, self._passphrase(f"Unlocking {path.name}"))
        secret = keyring_get()
        if secret is None:
            raise IdentityError("No inspector identity on this laptop: create one with `fieldwork identity new`, "
                                "or name an identity file with --identity-file.")
        return Identity.from_secret(secret, origin="the identity in the OS keyring")

    def keep(self, identity: Identity) -> str:
        """Store a new identity; returns where it went. An existing identity is never replaced: packages sent
        to its card could no longer be opened."""
        path = self._file()
        if path is None and read_secret(KEYRING_NAME) is not None:
            raise FieldworkError("This laptop already has an inspector identity in the OS keyring; it is never "
                                 "replaced, or packages sent to its card could no longer be opened.")
        if path is None and keyring_put(identity.secret()):
            return "the OS keyring"
        if path is None:
            raise FieldworkError("No OS keyring is available: name an identity file with --identity-file "
                                 "(it is encrypted under a passphrase).")
        if path.exists():
            raise FieldworkError(f"{path} already exists; an identity is never overwritten.")
        identity.save(path, self._passphrase(f"Protecting {path.name}"))
        return str(path)


# How a letter names the signatory's role when none is given: the team role of their identity or settings.
ROLE_TITLES = {"lead": "Lead inspector", "inspector": "Inspector"}


def signatory() -> tuple[str, str]:
    """Who signs the letters written on this laptop: the identity kept in the OS keyring, else the name and role
    in the settings (else the login name). Never prompts: a letter is not worth unlocking an identity file."""
    from desktop.laptop.settings import Settings

    secret = keyring_get()
    if secret is not None:
        try:
            identity = Identity.from_secret(secret, origin="the identity in the OS keyring")
        except (IdentityError, FieldworkError, ValueError):
            identity = None
        if identity is not None:
            return identity.name, ROLE_TITLES.get(identity.role, "")
    settings = Settings()
    return settings.user_name, ROLE_TITLES.get(settings.role or "", "")
