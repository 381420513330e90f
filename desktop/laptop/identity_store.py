"""Where this laptop's inspector identity lives: the OS keyring when one works, else an encrypted identity file.

Like inspection keys (desktop/laptop/secrets.py), every keyring failure means "not available", and there is
never a plaintext fallback: without a keyring the identity file is age-encrypted under a passphrase.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.laptop.passphrases import PassphrasePrompt
from desktop.laptop.secrets import (
    forget_secret,
    read_passphrase_file,
    read_secret,
    secure_keyring,
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


def keyring_available() -> bool:
    """Whether an OS keyring is here and answers; as for inspection keys, a failure to read means "not available"."""
    try:
        if secure_keyring() is None:
            return False
        read_secret(KEYRING_NAME)
    except FieldworkError:
        return False
    return True


class IdentityLocked(FieldworkError):
    """The identity file's passphrase was not given: the action that needed it stops, nothing changed."""


# Identity files unlocked in this session, by resolved path: kept in memory only, so the passphrase is asked once.
_unlocked: dict[str, Identity] = {}
# The desktop's passphrase prompt (a dialog, installed by the composition root); None: the CLI's ways only.
_session_prompt: list[PassphrasePrompt] = []


def install_identity_prompt(prompt: PassphrasePrompt | None) -> None:
    """The prompt asked for an identity file's passphrase once per session (None removes it)."""
    _session_prompt.clear()
    if prompt is not None:
        _session_prompt.append(prompt)


def unlocked_identity(path: Path) -> Identity | None:
    """The identity of this file if it was unlocked in this session, else None (never asks)."""
    return _unlocked.get(str(Path(path).resolve()))


def remember_unlocked(path: Path, identity: Identity) -> None:
    _unlocked[str(Path(path).resolve())] = identity


def forget_unlocked() -> None:
    """Drop every unlocked identity (the end of a session; tests start afresh)."""
    _unlocked.clear()


def unlock_identity_file(path: Path, passphrase: str) -> Identity:
    """The identity in the file, checked with the passphrase (a wrong one raises) and kept for the session."""
    identity = Identity.load(path, passphrase)
    remember_unlocked(path, identity)
    return identity


@dataclass
class IdentityStore:
    """Find or keep this laptop's identity: an explicit identity file first, then the keyring."""

    identity_file: str | None = None
    passphrase_file: str | None = None
    prompt: Callable[[str], str] | None = None
    ask: bool = True  # False: an identity file not yet unlocked raises IdentityLocked instead of asking

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

    def _ask_session(self, path: Path, prompt: PassphrasePrompt) -> Identity:
        # asked again after a wrong passphrase, until it is right or the person cancels
        problem: str | None = None
        while True:
            passphrase = prompt(path, problem)
            if passphrase is None:
                raise IdentityLocked(f"Your identity file {path.name} was not unlocked, so nothing was done. "
                                     "Try again and enter its passphrase.")
            try:
                return unlock_identity_file(path, passphrase)
            except IdentityError as error:
                problem = str(error)

    def load(self) -> Identity:
        path = self._file()
        if path is not None:
            known = unlocked_identity(path)
            if known is not None:
                return known
            if self.passphrase_file is None and not os.environ.get(PASSPHRASE_ENV) and self.prompt is None:
                if _session_prompt and self.ask:
                    return self._ask_session(path, _session_prompt[0])
                if not self.ask:
                    raise IdentityLocked(f"Your identity file {path.name} is not unlocked yet.")
            return unlock_identity_file(path, self._passphrase(f"Unlocking {path.name}"))
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
    """Who signs the letters written on this laptop: the identity kept in the OS keyring (or the identity file
    already unlocked in this session), else the name and role in the settings (else the login name). Never
    prompts: a letter is not worth unlocking an identity file."""
    from desktop.laptop.settings import Settings

    settings = Settings()
    if settings.identity_file:
        known = unlocked_identity(Path(settings.identity_file))
        if known is not None:
            return known.name, ROLE_TITLES.get(known.role, "")
    secret = keyring_get()
    if secret is not None:
        try:
            identity = Identity.from_secret(secret, origin="the identity in the OS keyring")
        except (IdentityError, FieldworkError, ValueError):
            identity = None
        if identity is not None:
            return identity.name, ROLE_TITLES.get(identity.role, "")
    return settings.user_name, ROLE_TITLES.get(settings.role or "", "")
