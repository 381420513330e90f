"""Exchange packages for the USB stick: a zip of (manifest, signature, payload), signed, then age-encrypted.

The signature covers the manifest, and the manifest pins the payload by SHA-256 and length, so the
signature is what admits a package: anyone holding the lead's public recipient can encrypt to it. Only the
manifest is read before the signature is checked (unseal, then admit).
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyrage

from models.errors import FieldworkError
from models.team.identity import Identity, IdentityCard, canonical
from models.untrusted import printable

FORMAT = "fieldwork-package/1"
KINDS = ("fieldwork", "return", "queries")  # queries: the lead's queries to an inspector between packages
# Caps checked before the work they bound: the stick's file size before decryption (age adds a little, so
# the decrypted container is smaller), the container's entries and sizes before anything is decompressed.
# A return of 10,000 cases with five long notes each stays well below them.
MAX_PACKAGE_BYTES = 128 * 1024 * 1024  # encrypted size read from a stick
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024  # uncompressed payload (zip bombs)
MAX_MANIFEST_BYTES = 64 * 1024
SIGNATURE_BYTES = 64  # Ed25519
MEMBERS = ("manifest.json", "manifest.sig", "payload.json")


class PackageRefused(FieldworkError):
    """A package that cannot be admitted; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    format: str
    kind: str
    package_id: str
    inspection_id: str
    sender: str  # the sender's card fingerprint
    sender_name: str
    recipient: str  # the recipient's card fingerprint
    created: str
    payload_sha256: str
    payload_length: int

    def to_bytes(self) -> bytes:
        return canonical(self.__dict__)


@dataclass(frozen=True)
class SealedPackage:
    """A decrypted package of which only the manifest has been read: nothing else is looked at before
    admit() has checked the signature, since anyone holding the recipient's public card can make one."""

    origin: str  # escaped for display
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    container: bytes  # the decrypted zip, payload still compressed

    def signed_by(self, card: IdentityCard) -> bool:
        return card.verify(self.signature, self.manifest_bytes)


@dataclass(frozen=True)
class OpenedPackage:
    """An admitted package: signed by a known card, its payload matching the signed manifest."""

    manifest: Manifest
    payload: dict[str, Any]  # decoded JSON: open_fieldwork and merge check its fields


def seal(kind: str, payload: dict[str, Any], *, inspection_id: str, sender: Identity, recipient: IdentityCard,
         package_id: str | None = None) -> tuple[str, bytes]:
    """Sign and encrypt a package; returns (package id, the bytes to write to the stick)."""
    if kind not in KINDS:
        raise ValueError(kind)
    body = canonical(payload)
    if len(body) > MAX_PAYLOAD_BYTES:  # the recipient would refuse it: say so now, at the sender's end
        raise PackageRefused(f"This {kind} package would be larger than a Fieldwork package may be "
                             f"({MAX_PAYLOAD_BYTES // (1024 * 1024)} MiB of data); nothing was written.")
    manifest = Manifest(FORMAT, kind, package_id or str(uuid.uuid4()), inspection_id, sender.card.fingerprint,
                        sender.name, recipient.fingerprint, datetime.now(UTC).isoformat(timespec="seconds"),
                        hashlib.sha256(body).hexdigest(), len(body))
    manifest_bytes = manifest.to_bytes()
    buffer = io.BytesIO()
    # Fixed timestamps and order: the container itself carries nothing but the three members.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in zip(MEMBERS, (manifest_bytes, sender.sign(manifest_bytes), body), strict=True):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    recipient_key = pyrage.x25519.Recipient.from_str(recipient.recipient)
    return manifest.package_id, pyrage.encrypt(buffer.getvalue(), [recipient_key])


def read_package_file(path: object) -> bytes:
    """A package from the stick, never more than the cap read (a file may grow while it is read)."""
    from pathlib import Path

    path = Path(str(path))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PACKAGE_BYTES + 1)
    except OSError as exc:
        raise PackageRefused(f"Cannot read package {printable(path, None)}: {exc.strerror}.") from None
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageRefused(f"{printable(path.name)} is larger than any Fieldwork package "
                             f"({MAX_PACKAGE_BYTES // (1024 * 1024)} MiB); refused.")
    return data


def unseal(data: bytes, identity: Identity, origin: str = "package") -> SealedPackage:
    """Decrypt and read the manifest; the payload stays unread until admit() has checked who signed it."""
    origin = printable(origin)
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageRefused(f"{origin} is larger than any Fieldwork package; refused.")
    try:
        plain = identity.decrypt(data)
    except Exception:  # pyrage.DecryptError: wrong recipient, tampered or truncated
        raise PackageRefused(
            f"{origin} cannot be decrypted with {printable(identity.name)}'s key: it is addressed to someone "
            "else, truncated or tampered with. Nothing was changed.") from None
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            infos = archive.infolist()
            if len(infos) != len(MEMBERS) or sorted(i.filename for i in infos) != sorted(MEMBERS):
                raise PackageRefused(f"{origin} does not hold a manifest, signature and payload.")
            sizes = {i.filename: i.file_size for i in infos}
            if sizes["manifest.json"] > MAX_MANIFEST_BYTES or sizes["manifest.sig"] != SIGNATURE_BYTES or \
                    sizes["payload.json"] > MAX_PAYLOAD_BYTES:
                raise PackageRefused(f"{origin} is oversized; refused.")
            manifest_bytes = archive.read("manifest.json")
            signature = archive.read("manifest.sig")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise PackageRefused(f"{origin} is damaged (its container cannot be read).") from None
    return SealedPackage(origin, _manifest(manifest_bytes, origin), manifest_bytes, signature, plain)


def _manifest(data: bytes, origin: str) -> Manifest:
    try:
        raw = json.loads(data.decode("utf-8"))
        manifest = Manifest(**raw)
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError, RecursionError):
        raise PackageRefused(f"{origin}: the manifest is malformed.") from None
    texts = [v for k, v in manifest.__dict__.items() if k != "payload_length"]
    length = manifest.payload_length
    if not all(isinstance(v, str) for v in texts) or type(length) is not int:
        raise PackageRefused(f"{origin}: the manifest is malformed.")
    if manifest.format != FORMAT:
        raise PackageRefused(f"{origin}: unknown package format '{printable(manifest.format)}'.")
    if manifest.kind not in KINDS:
        raise PackageRefused(f"{origin}: unknown package kind '{printable(manifest.kind)}'.")
    if not 0 <= length <= MAX_PAYLOAD_BYTES:
        raise PackageRefused(f"{origin}: the manifest gives a payload length out of range ({length}).")
    return manifest


def admit(sealed: SealedPackage, *, kind: str, inspection_id: str | None, recipient: IdentityCard,
          sender: IdentityCard | None) -> OpenedPackage:
    """The checks that admit a package (kind, addressee, inspection, sender on record, signature), and only
    then its payload, read and checked against the signed manifest."""
    m, origin = sealed.manifest, sealed.origin
    if m.kind != kind:
        raise PackageRefused(f"{origin} is a {m.kind} package, not a {kind} package.")
    if m.recipient != recipient.fingerprint:
        raise PackageRefused(f"{origin} is addressed to another identity ({printable(m.recipient)}).")
    if inspection_id is not None and m.inspection_id != inspection_id:
        raise PackageRefused(f"{origin} belongs to another inspection ({printable(m.inspection_id)}).")
    if sender is None or sender.fingerprint != m.sender:
        raise PackageRefused(f"{origin} was signed by '{printable(m.sender_name)}' ({printable(m.sender)}), "
                             "who is not on this team.")
    if not sealed.signed_by(sender):
        raise PackageRefused(f"{origin}: the signature does not verify against {printable(sender.name)}'s "
                             "registered key (tampered or re-signed).")
    return OpenedPackage(m, _payload(sealed))


def _payload(sealed: SealedPackage) -> dict[str, Any]:
    m, origin = sealed.manifest, sealed.origin
    try:
        with zipfile.ZipFile(io.BytesIO(sealed.container)) as archive:
            if archive.getinfo("payload.json").file_size != m.payload_length:
                raise PackageRefused(f"{origin}: the payload does not match its signed manifest (tampered).")
            body = archive.read("payload.json")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise PackageRefused(f"{origin} is damaged (its container cannot be read).") from None
    if len(body) != m.payload_length or hashlib.sha256(body).hexdigest() != m.payload_sha256:
        raise PackageRefused(f"{origin}: the payload does not match its signed manifest (tampered).")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PackageRefused(f"{origin}: the payload is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise PackageRefused(f"{origin}: the payload is malformed.")
    return payload
