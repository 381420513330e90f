"""Inspector identities: an Ed25519 signing key and an age X25519 identity, with a public identity card.

The private parts never touch disk in plaintext: they are kept in the OS keyring (desktop/) or in an
identity file encrypted with an age passphrase. Qt-free.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

# The cryptography libraries load where a key is used, not where this module is imported: most commands and
# the first window never sign or decrypt anything.

from models.errors import FieldworkError
from models.untrusted import printable

ROLES = ("lead", "inspector")
CARD_FORMAT = "fieldwork-identity-card/1"
SECRET_FORMAT = "fieldwork-identity/1"
MAX_CARD_BYTES = 16 * 1024
MAX_IDENTITY_FILE_BYTES = 64 * 1024


class IdentityError(FieldworkError):
    """An identity card or identity file is unusable."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise IdentityError(f"The {what} is not valid base64.") from None


def _read_capped(path: Path, limit: int, what: str) -> bytes:
    """At most limit + 1 bytes, so an oversized file is seen without reading all of it."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise IdentityError(f"Cannot read {what} {path}: {exc.strerror}.") from None


def canonical(value: object) -> bytes:
    """Stable JSON bytes: what is signed, fingerprinted and hashed is always byte-identical."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class IdentityCard:
    """The public half: handed to the lead in person, registered in the lead's inspection."""

    name: str
    role: str
    signing_key: str  # base64 of the raw 32-byte Ed25519 public key
    recipient: str  # age X25519 recipient

    @property
    def fingerprint(self) -> str:
        """Short enough to read aloud: 80 bits of SHA-256 over the card, in five groups of four."""
        digest = hashlib.sha256(canonical(self._fields())).hexdigest()[:20].upper()
        return "-".join(digest[i:i + 4] for i in range(0, 20, 4))

    def _fields(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "signing_key": self.signing_key, "recipient": self.recipient}

    def to_bytes(self) -> bytes:
        return canonical({"format": CARD_FORMAT, **self._fields()})

    def public_key(self) -> Ed25519PublicKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        return Ed25519PublicKey.from_public_bytes(_unb64(self.signing_key, "signing key"))

    def verify(self, signature: bytes, message: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature

        try:
            self.public_key().verify(signature, message)
        except InvalidSignature:
            return False
        return True

    @classmethod
    def from_bytes(cls, data: bytes, origin: str = "identity card") -> IdentityCard:
        if len(data) > MAX_CARD_BYTES:
            raise IdentityError(f"{origin} is too large to be an identity card.")
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise IdentityError(f"{origin} is not an identity card (not JSON).") from None
        if not isinstance(raw, dict) or raw.get("format") != CARD_FORMAT:
            raise IdentityError(f"{origin} is not a Fieldwork identity card.")
        fields: dict[str, str] = {}
        for name in ("name", "role", "signing_key", "recipient"):
            value = raw.get(name)
            if not isinstance(value, str) or not value:
                raise IdentityError(f"{origin} lacks a name, role, signing key or recipient.")
            fields[name] = value
        card = cls(**fields)
        card.check(origin)
        return card

    def check(self, origin: str = "identity card") -> None:
        if self.role not in ROLES:
            raise IdentityError(f"{origin}: role must be one of {', '.join(ROLES)}, not '{printable(self.role, 20)}'.")
        if len(_unb64(self.signing_key, "signing key")) != 32:
            raise IdentityError(f"{origin}: the signing key is not an Ed25519 public key.")
        import pyrage

        try:
            pyrage.x25519.Recipient.from_str(self.recipient)
        except Exception:  # pyrage raises its own RecipientError
            raise IdentityError(f"{origin}: '{printable(self.recipient, 20)}' is not an age recipient.") from None

    @classmethod
    def read(cls, path: Path | str) -> IdentityCard:
        path = Path(path)
        data = _read_capped(path, MAX_CARD_BYTES, "identity card")
        return cls.from_bytes(data, origin=f"identity card {printable(path.name)}")


def check_read_aloud(card: IdentityCard, read_aloud: str, what: str) -> None:
    """Trust a card only if the fingerprint its owner read aloud matches it.

    The refusal never shows the card's own fingerprint: anyone could then copy it from the screen, and
    the check would prove nothing.
    """
    if not same_fingerprint(read_aloud, card.fingerprint):
        name = printable(card.name)
        raise IdentityError(f"The fingerprint given does not match {name}'s card; {what}. Ask {name} "
                            "to read the fingerprint again from their own screen.")


def same_fingerprint(read_aloud: str, fingerprint: str) -> bool:
    """Compare as people read fingerprints aloud: case, spaces and dashes do not matter."""
    def norm(text: str) -> str:
        return "".join(ch for ch in text.upper() if ch.isalnum())
    return norm(read_aloud) == norm(fingerprint)


class Identity:
    """The private half, on one laptop: signs packages and decrypts the ones addressed to it."""

    def __init__(self, name: str, role: str, signing: Ed25519PrivateKey, age: pyrage.x25519.Identity) -> None:
        if not name.strip():
            raise IdentityError("An identity needs a name.")
        if role not in ROLES:
            raise IdentityError(f"Role must be one of {', '.join(ROLES)}, not '{role}'.")
        self.name = name.strip()
        self.role = role
        self._signing = signing
        self._age = age

    @classmethod
    def generate(cls, name: str, role: str = "inspector") -> Identity:
        import pyrage
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(name, role, Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate())

    @property
    def card(self) -> IdentityCard:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        public = self._signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return IdentityCard(self.name, self.role, _b64(public), str(self._age.to_public()))

    @property
    def age_identity(self) -> pyrage.x25519.Identity:
        return self._age

    def sign(self, message: bytes) -> bytes:
        return self._signing.sign(message)

    def decrypt(self, data: bytes) -> bytes:
        import pyrage

        plain: bytes = pyrage.decrypt(data, [self._age])  # pyrage ships no type hints
        return plain

    # -- the secret, for the keyring or an encrypted identity file -----------------------------------

    def secret(self) -> str:
        """The private keys as text: only ever handed to the keyring or encrypted at once."""
        from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

        raw = self._signing.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return canonical({"format": SECRET_FORMAT, "name": self.name, "role": self.role,
                           "signing": _b64(raw), "age": str(self._age)}).decode("utf-8")

    @classmethod
    def from_secret(cls, text: str, origin: str = "identity") -> Identity:
        import pyrage
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        try:
            raw = json.loads(text)
            if raw.get("format") != SECRET_FORMAT:
                raise ValueError
            signing = Ed25519PrivateKey.from_private_bytes(_unb64(raw["signing"], "signing key"))
            age = pyrage.x25519.Identity.from_str(raw["age"])
            return cls(raw["name"], raw["role"], signing, age)
        except IdentityError:
            raise
        except Exception:  # any malformed content: one plain message
            raise IdentityError(f"{origin} is damaged or not a Fieldwork identity.") from None

    def save(self, path: Path | str, passphrase: str) -> None:
        """Write the identity file, encrypted with an age passphrase (scrypt); never plaintext."""
        import pyrage

        from models.files import write_atomically

        if not passphrase:
            raise IdentityError("An identity file needs a passphrase.")
        write_atomically(Path(path), pyrage.passphrase.encrypt(self.secret().encode("utf-8"), passphrase))

    @classmethod
    def load(cls, path: Path | str, passphrase: str) -> Identity:
        path = Path(path)
        data = _read_capped(path, MAX_IDENTITY_FILE_BYTES, "identity file")
        if len(data) > MAX_IDENTITY_FILE_BYTES:
            raise IdentityError(f"{path.name} is too large to be an identity file.")
        import pyrage

        try:
            text = pyrage.passphrase.decrypt(data, passphrase).decode("utf-8")
        except Exception:  # pyrage.DecryptError or bad UTF-8
            raise IdentityError(f"Wrong passphrase or damaged identity file ({path.name}).") from None
        return cls.from_secret(text, origin=f"identity file {path.name}")
