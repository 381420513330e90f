"""Where inspection keys live: the OS keyring when one works, otherwise nowhere (the passphrase is asked).

There is never a plaintext fallback. Tests install an in-memory keyring backend.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.laptop.passphrases import PassphrasePrompt, UnlockCancelled
from models.errors import FieldworkError, WrongPassphrase
from models.inspection.keys import is_raw_key, key_for, read_salt

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from models.inspection.database import InspectionDatabase
    from models.inspection.services import InspectionService

SERVICE = "fieldwork"
PASSPHRASE_ENV = "FIELDWORK_PASSPHRASE"


# Only the operating system's own stores are trusted. A backend that keeps secrets in a readable file
# (keyrings.alt and the like, or anything picked through PYTHON_KEYRING_BACKEND) counts as no keyring.
TRUSTED_BACKEND_MODULES = (
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
)
TEST_BACKEND_ENV = "FIELDWORK_TRUSTED_TEST_KEYRING"  # the benchmarks' child processes only


def _trusted(backend: object) -> bool:
    module = type(backend).__module__
    extra = os.environ.get(TEST_BACKEND_ENV)
    return module in TRUSTED_BACKEND_MODULES or (extra is not None and module == extra)


# This platform's OS stores, most wanted first. keyring's own detection imports every backend it knows, and
# importing the macOS one on Linux runs a compiler to look for Apple's libraries, at every start.
PLATFORM_BACKENDS = {
    "win32": ("keyring.backends.Windows:WinVaultKeyring",),
    "darwin": ("keyring.backends.macOS:Keyring",),
}
FREEDESKTOP_BACKENDS = ("keyring.backends.SecretService:Keyring", "keyring.backends.libsecret:Keyring",
                        "keyring.backends.kwallet:DBusKeyring")
KEYRING_CHOICE_ENV = "PYTHON_KEYRING_BACKEND"  # keyring's own setting: a user's (or a test's) explicit choice
_platform_chosen = False


def platform_keyring() -> KeyringBackend:
    """The OS store of this platform that works here (the highest priority, as keyring ranks them), found by
    importing only this platform's backends; keyring's 'fail' backend (no keyring) when none works."""
    viable = []
    for spec in PLATFORM_BACKENDS.get(sys.platform, FREEDESKTOP_BACKENDS):
        module, _, name = spec.partition(":")
        try:
            backend_class = getattr(importlib.import_module(module), name)
            if backend_class.viable:
                viable.append(backend_class)
        except Exception:  # a backend whose libraries are missing is simply not this laptop's store
            continue
    for backend_class in sorted(viable, key=lambda c: c.priority, reverse=True):
        with contextlib.suppress(Exception):
            backend: KeyringBackend = backend_class()
            return backend
    from keyring.backends.fail import Keyring as NoKeyring

    return NoKeyring()


def _choose_platform_keyring() -> None:
    """Give keyring this platform's store once per process, unless keyring was configured (its environment
    variable or its keyringrc.cfg), in which case keyring loads only the backend named there."""
    global _platform_chosen
    if _platform_chosen:
        return
    _platform_chosen = True
    if os.environ.get(KEYRING_CHOICE_ENV):
        return
    from keyring.util import platform_

    if (Path(platform_.config_root()) / "keyringrc.cfg").is_file():
        return
    import keyring

    keyring.set_keyring(platform_keyring())


def secure_keyring() -> KeyringBackend | None:
    """The keyring backend if it is an OS store (every store behind a chainer too), else None."""
    try:
        import keyring  # loaded on first use: a start that never asks the keyring does not pay for it

        _choose_platform_keyring()
        backend = keyring.get_keyring()
    except Exception:  # a backend that cannot even be loaded (a bad configuration) is no keyring
        return None
    inner = getattr(backend, "backends", None)
    if type(backend).__module__ == "keyring.backends.chainer" and inner is not None:
        return backend if inner and all(_trusted(b) for b in inner) else None
    return backend if _trusted(backend) else None


def _keyring_error() -> type[Exception]:
    from keyring.errors import KeyringError

    return KeyringError


def stored_secret(name: str) -> str | None:
    """A secret from a trusted OS keyring; every failure means 'not stored'."""
    store = secure_keyring()
    if store is None:
        return None
    try:
        return store.get_password(SERVICE, name)
    except (_keyring_error(), RuntimeError, OSError):
        return None


def read_secret(name: str) -> str | None:
    """Like stored_secret, but a keyring that is there and fails to answer (locked, dismissed prompt) raises:
    for secrets that must never be mistaken for absent, such as this laptop's identity."""
    store = secure_keyring()
    if store is None:
        return None  # no OS keyring: nothing can be stored in one
    try:
        return store.get_password(SERVICE, name)
    except (_keyring_error(), RuntimeError, OSError):
        raise FieldworkError("The OS keyring could not be read (is it locked?). Unlock it and try again.") from None


def store_secret(name: str, value: str) -> bool:
    """Keep a secret in a trusted OS keyring; False where there is none (the caller asks again later)."""
    store = secure_keyring()
    if store is None:
        return False
    try:
        store.set_password(SERVICE, name, value)
    except (_keyring_error(), RuntimeError, OSError):
        return False
    return True


def forget_secret(name: str) -> None:
    store = secure_keyring()
    if store is not None:
        with contextlib.suppress(_keyring_error(), RuntimeError, OSError):
            store.delete_password(SERVICE, name)


class KeyStore:
    """Inspection keys in the OS keyring, keyed by each file's own salt."""

    def name(self, path: Path) -> str:
        """The keyring entry of a file: named by its salt, which its backups share."""
        return self.entry(read_salt(path))

    @staticmethod
    def entry(salt: bytes) -> str:
        """The keyring entry of the file with this salt (its backups share it: same key, same salt)."""
        return f"inspection-key:{salt.hex()}"

    def get(self, path: Path) -> str | None:
        value = stored_secret(self.name(path))
        return value if is_raw_key(value) else None

    def put(self, path: Path, key_hex: str) -> bool:
        return store_secret(self.name(path), key_hex)

    def forget(self, path: Path) -> None:
        forget_secret(self.name(path))

    def forget_salt(self, salt: bytes) -> bool:
        """Forget the key of a file that may be gone already; True if the keyring held one."""
        held = stored_secret(self.entry(salt)) is not None
        forget_secret(self.entry(salt))
        return held


def read_passphrase_file(path: str | Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FieldworkError(f"Cannot read passphrase file {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise FieldworkError(f"Passphrase file {path} is not UTF-8 text.") from None
    passphrase = text.rstrip("\r\n")
    if not passphrase:
        raise FieldworkError(f"Passphrase file {path} is empty.")
    return passphrase


@dataclass
class Unlocker:
    """The one unlock policy of the CLI and the desktop: an explicit passphrase (file or environment), then the
    key cached in the OS keyring, then the prompt, asked again after a wrong passphrase when `retry` is set."""

    store: KeyStore
    passphrase_file: str | None = None
    prompt: PassphrasePrompt | None = None
    retry: bool = False

    def explicit_passphrase(self) -> str | None:
        if self.passphrase_file:
            return read_passphrase_file(self.passphrase_file)
        return os.environ.get(PASSPHRASE_ENV) or None

    def open(self, path: Path | str, actor: str) -> InspectionService:
        """The inspection at path, unlocked (open_database), with its service acting for actor."""
        from models.inspection.opening import opened

        return opened(self.open_database(path), actor)

    def open_database(self, path: Path | str) -> InspectionDatabase:
        """The inspection file at path, unlocked; its key is cached in the keyring once it has opened the file.
        An unlock with the passphrase also moves an older file to the current key derivation."""
        from models.inspection.database import finish_interrupted  # loaded when a file is opened, not before

        path = Path(path)

        finish_interrupted(path)  # a re-key interrupted earlier changes the salt the keyring is keyed by
        read_salt(path)  # a clear message for a missing or empty file before anything else
        explicit = self.explicit_passphrase()
        if explicit is not None:
            return self._open(path, explicit)
        cached = self.store.get(path)
        if cached is not None:
            try:
                return self._open_with_key(path, cached)
            except WrongPassphrase:
                self.store.forget(path)  # a stale cached key (the passphrase was changed elsewhere)
        problem: str | None = None
        while True:
            passphrase = self._ask(path, problem)
            try:
                return self._open(path, passphrase)
            except WrongPassphrase as error:
                if not self.retry:
                    raise
                problem = str(error)

    def key(self, path: Path | str) -> str:
        """The raw key for a file that is not opened as an inspection (a backup to restore, a passphrase change)."""
        path = Path(path)
        read_salt(path)
        explicit = self.explicit_passphrase()
        if explicit is not None:
            return passphrase_key(path, explicit)
        cached = self.store.get(path)
        return cached if cached is not None else passphrase_key(path, self._ask(path, None))

    def remember(self, path: Path | str, key_hex: str) -> None:
        self.store.put(Path(path), key_hex)

    def _ask(self, path: Path, problem: str | None) -> str:
        if self.prompt is None:
            raise FieldworkError(
                f"{path.name} is locked: give its passphrase with --passphrase-file or {PASSPHRASE_ENV} "
                "(no OS keyring holds its key)."
            )
        passphrase = self.prompt(path, problem)
        if passphrase is None:
            raise UnlockCancelled(str(path))
        return passphrase

    def _open(self, path: Path, passphrase: str) -> InspectionDatabase:
        from models.inspection.database import InspectionDatabase

        if not passphrase:
            raise WrongPassphrase(path)  # an empty passphrase is simply a wrong one
        before = self.store.name(path)
        db = InspectionDatabase.open(path, passphrase=passphrase)
        if db.upgraded:
            forget_secret(before)  # the file has a new salt (and key) now
        self.remember(path, db.key_hex)
        return db

    def _open_with_key(self, path: Path, key_hex: str) -> InspectionDatabase:
        from models.inspection.database import InspectionDatabase

        db = InspectionDatabase.open(path, key_hex=key_hex)
        self.remember(path, key_hex)
        return db


def passphrase_key(path: Path, passphrase: str) -> str:
    """The raw key a passphrase gives for path; an empty passphrase is simply a wrong one."""
    if not passphrase:
        raise WrongPassphrase(path)
    return key_for(path, passphrase)


def terminal_prompt() -> Callable[[str], str] | None:
    """getpass when a person is at a terminal; None in scripts and CI."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass


def terminal_passphrase_prompt() -> PassphrasePrompt | None:
    """The unlock prompt at a terminal: asked once (a wrong passphrase ends the command); None in scripts."""
    ask = terminal_prompt()
    if ask is None:
        return None
    return lambda path, problem: ask(f"Passphrase for {path.name}: ")
