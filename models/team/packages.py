"""Exchange packages for the USB stick: a zip of (manifest, signature, payload), signed, then age-encrypted.

The signature covers the manifest, and the manifest pins the payload by SHA-256 and length, so the
signature is what admits a package: anyone holding the lead's public recipient can encrypt to it.
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

FORMAT = "fieldwork-package/1"
KINDS = ("fieldwork", "return", "queries")  # queries: the lead's queries to an inspector between packages
MAX_PACKAGE_BYTES = 512 * 1024 * 1024  # encrypted size read from a stick
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024  # uncompressed payload (zip bombs)
MAX_MANIFEST_BYTES = 64 * 1024
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
class OpenedPackage:
    """A decrypted package whose signature still has to be checked against a known card."""

    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    payload: dict[str, Any]  # decoded JSON: open_fieldwork and merge check its fields

    def signed_by(self, card: IdentityCard) -> bool:
        return card.verify(self.signature, self.manifest_bytes)


def seal(kind: str, payload: dict[str, Any], *, inspection_id: str, sender: Identity, recipient: IdentityCard,
         package_id: str | None = None) -> tuple[str, bytes]:
    """Sign and encrypt a package; returns (package id, the bytes to write to the stick)."""
    if kind not in KINDS:
        raise ValueError(kind)
    body = canonical(payload)
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
    from pathlib import Path

    path = Path(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise PackageRefused(f"{path.name} is {size} bytes, larger than any Fieldwork package; refused.")
        return path.read_bytes()
    except OSError as exc:
        raise PackageRefused(f"Cannot read package {path}: {exc.strerror}.") from None


def unseal(data: bytes, identity: Identity, origin: str = "package") -> OpenedPackage:
    """Decrypt and unpack; checks the container and the payload hash, not yet who signed it."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageRefused(f"{origin} is larger than any Fieldwork package; refused.")
    try:
        plain = identity.decrypt(data)
    except Exception:  # pyrage.DecryptError: wrong recipient, tampered or truncated
        raise PackageRefused(
            f"{origin} cannot be decrypted with {identity.name}'s key: it is addressed to someone else, "
            "truncated or tampered with. Nothing was changed.") from None
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            infos = {i.filename: i for i in archive.infolist()}
            if sorted(infos) != sorted(MEMBERS):
                raise PackageRefused(f"{origin} does not hold a manifest, signature and payload.")
            if infos["manifest.json"].file_size > MAX_MANIFEST_BYTES or \
                    infos["payload.json"].file_size > MAX_PAYLOAD_BYTES:
                raise PackageRefused(f"{origin} is oversized; refused.")
            manifest_bytes = archive.read("manifest.json")
            signature = archive.read("manifest.sig")
            body = archive.read("payload.json")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise PackageRefused(f"{origin} is damaged (its container cannot be read).") from None
    manifest = _manifest(manifest_bytes, origin)
    if len(body) != manifest.payload_length or hashlib.sha256(body).hexdigest() != manifest.payload_sha256:
        raise PackageRefused(f"{origin}: the payload does not match its signed manifest (tampered).")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageRefused(f"{origin}: the payload is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise PackageRefused(f"{origin}: the payload is malformed.")
    return OpenedPackage(manifest, manifest_bytes, signature, payload)


def _manifest(data: bytes, origin: str) -> Manifest:
    try:
        raw = json.loads(data.decode("utf-8"))
        manifest = Manifest(**raw)
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError):
        raise PackageRefused(f"{origin}: the manifest is malformed.") from None
    if manifest.format != FORMAT:
        raise PackageRefused(f"{origin}: unknown package format '{manifest.format}'.")
    if manifest.kind not in KINDS:
        raise PackageRefused(f"{origin}: unknown package kind '{manifest.kind}'.")
    if not isinstance(manifest.payload_length, int) or not isinstance(manifest.payload_sha256, str):
        raise PackageRefused(f"{origin}: the manifest is malformed.")
    return manifest


def admit(opened: OpenedPackage, *, kind: str, inspection_id: str | None, recipient: IdentityCard,
          sender: IdentityCard | None, origin: str = "package") -> None:
    """The checks that admit a package: kind, addressee, inspection, sender on record, signature."""
    m = opened.manifest
    if m.kind != kind:
        raise PackageRefused(f"{origin} is a {m.kind} package, not a {kind} package.")
    if m.recipient != recipient.fingerprint:
        raise PackageRefused(f"{origin} is addressed to another identity ({m.recipient}).")
    if inspection_id is not None and m.inspection_id != inspection_id:
        raise PackageRefused(f"{origin} belongs to another inspection ({m.inspection_id}).")
    if sender is None or sender.fingerprint != m.sender:
        raise PackageRefused(f"{origin} was signed by '{m.sender_name}' ({m.sender}), who is not on this team.")
    if not opened.signed_by(sender):
        raise PackageRefused(f"{origin}: the signature does not verify against {sender.name}'s registered key "
                             "(tampered or re-signed).")
