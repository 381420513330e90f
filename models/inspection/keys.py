"""From a passphrase to the raw SQLCipher key: the salt in the file header, and the key derivation it names.

SQLCipher keeps a 16-byte salt unencrypted at the start of the file. Fieldwork chooses that salt itself, so it
also carries the key-derivation parameters of the file (docs/decisions.md, "Key derivation"):

- format 1: 11 random bytes, then 5 bytes [marker, kdf, log2 memory KiB, passes, lanes], masked with the first
  5 bytes of SHA-256 over the random part, so the header still looks random and names no program;
- legacy (every file written before format 1): 16 random bytes, scrypt N=2^15, r=8, p=1.

The key is derived over all 16 bytes, so a changed parameter byte only gives a key that does not open the file.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from models.errors import DamagedFile, InspectionFileError

SALT_BYTES = 16
RANDOM_BYTES = 11
KEY_HEX = re.compile(r"[0-9a-f]{64}")
MARKER, ARGON2ID = 0xF1, 0x02
MASK_LABEL = b"fieldwork key derivation"


@dataclass(frozen=True)
class Kdf:
    """How a file's passphrase is stretched: Argon2id with these costs, or the legacy scrypt (argon2 False)."""

    argon2: bool
    memory_log2_kib: int = 0
    passes: int = 0
    lanes: int = 0

    def describe(self) -> str:
        if not self.argon2:
            return "scrypt N=2^15, r=8, p=1 (before Argon2id)"
        return f"Argon2id, {2 ** self.memory_log2_kib // 1024} MiB, {self.passes} passes, {self.lanes} lanes"

    @property
    def cost(self) -> int:
        """Memory times passes: what an attacker pays per guess, for deciding whether to upgrade."""
        return 0 if not self.argon2 else (2 ** self.memory_log2_kib) * self.passes


LEGACY = Kdf(argon2=False)
# RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes); about 0.3-1 s on a laptop, once per unlock.
CURRENT = Kdf(argon2=True, memory_log2_kib=16, passes=3, lanes=4)
# scrypt as before format 1: kept only so that older files still open (and are then upgraded).
LEGACY_SCRYPT_N, LEGACY_SCRYPT_R, LEGACY_SCRYPT_P = 2**15, 8, 1


def _mask(random_part: bytes) -> bytes:
    return hashlib.sha256(MASK_LABEL + random_part).digest()[: SALT_BYTES - RANDOM_BYTES]


def new_salt(kdf: Kdf | None = None) -> bytes:
    """A fresh salt for a new or re-keyed file, naming its key derivation (the current one by default)."""
    kdf = kdf or CURRENT
    random_part = secrets.token_bytes(RANDOM_BYTES)
    fields = bytes((MARKER, ARGON2ID, kdf.memory_log2_kib, kdf.passes, kdf.lanes))
    return random_part + bytes(a ^ b for a, b in zip(fields, _mask(random_part), strict=True))


def kdf_of(salt: bytes) -> Kdf:
    """The key derivation a salt names; a salt without the format-1 fields is a legacy (scrypt) file.
    A random legacy salt passes these checks by chance about once in 10^8 files."""
    fields = bytes(a ^ b for a, b in zip(salt[RANDOM_BYTES:], _mask(salt[:RANDOM_BYTES]), strict=True))
    marker, kind, memory, passes, lanes = fields
    if (marker == MARKER and kind == ARGON2ID and 3 <= memory <= 24 and 1 <= passes <= 32 and 1 <= lanes <= 16
            and 2**memory >= 8 * lanes):
        return Kdf(argon2=True, memory_log2_kib=memory, passes=passes, lanes=lanes)
    return LEGACY


def needs_upgrade(salt: bytes) -> bool:
    """True when the file's key derivation is cheaper to attack than the current one."""
    return kdf_of(salt).cost < CURRENT.cost


def derive_key(passphrase: str, salt: bytes) -> str:
    """Turn a passphrase and the file's salt into the raw 256-bit SQLCipher key (64 hex digits)."""
    kdf = kdf_of(salt)
    secret = passphrase.encode("utf-8")
    if kdf.argon2:
        raw = hash_secret_raw(secret, salt, time_cost=kdf.passes, memory_cost=2**kdf.memory_log2_kib,
                              parallelism=kdf.lanes, hash_len=32, type=Type.ID)
    else:
        raw = hashlib.scrypt(secret, salt=salt, n=LEGACY_SCRYPT_N, r=LEGACY_SCRYPT_R, p=LEGACY_SCRYPT_P,
                             maxmem=64 * 1024 * 1024, dklen=32)
    return raw.hex()


def is_raw_key(value: object) -> bool:
    """A cached key is trusted only if it is exactly 64 lowercase hex digits."""
    return isinstance(value, str) and KEY_HEX.fullmatch(value) is not None


def read_salt(path: Path) -> bytes:
    """SQLCipher keeps the KDF salt in the first 16 bytes of the file, unencrypted."""
    try:
        with open(path, "rb") as handle:
            salt = handle.read(SALT_BYTES)
    except FileNotFoundError:
        raise InspectionFileError(f"No inspection file at {path}.") from None
    except IsADirectoryError:
        raise InspectionFileError(f"{path} is a folder, not an inspection file.") from None
    except PermissionError:
        raise InspectionFileError(f"Cannot read {path}: permission denied.") from None
    except OSError as exc:
        raise InspectionFileError(f"Cannot read {path}: {exc.strerror}.") from None
    if len(salt) != SALT_BYTES:
        raise DamagedFile(path, f"only {len(salt)} bytes long" if salt else "it is empty")
    return salt


def key_for(path: Path, passphrase: str) -> str:
    """The raw key that opens this file with this passphrase."""
    return derive_key(passphrase, read_salt(path))
