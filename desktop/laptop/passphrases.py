"""Passphrases people choose or are given, and the prompt that asks for one. No keyring, no Qt."""

from __future__ import annotations

import secrets as _random
from collections.abc import Callable
from pathlib import Path

RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U/V confusion
MIN_SCORE = 3

# (file, why the last try failed or None) -> the passphrase, or None when the person cancels
PassphrasePrompt = Callable[[Path, str | None], str | None]


class UnlockCancelled(Exception):
    """The person closed the passphrase prompt: not an error, nothing to report."""


def generate_recovery_code(groups: int = 6, size: int = 5) -> str:
    """A random passphrase to show once, e.g. 'K7QXM-3RTZP-...' (about 176 bits)."""
    return "-".join("".join(_random.choice(RECOVERY_ALPHABET) for _ in range(size)) for _ in range(groups))


def passphrase_problem(passphrase: str) -> str | None:
    """Why a chosen passphrase is too weak, or None when it will do."""
    if len(passphrase) < 12:
        return "Use at least 12 characters; a few unrelated words are easiest to remember."
    from zxcvbn import zxcvbn

    verdict = zxcvbn(passphrase[:128])
    if verdict["score"] < MIN_SCORE:
        hint = verdict["feedback"].get("warning") or "it would be easy to guess"
        return f"This passphrase is too weak ({hint.rstrip('.')}). Add more unrelated words."
    return None
