"""Facts for --version and the About dialog: one version source, framework versions, bundled licences.

No Qt here, so the CLI, the About dialog and the PyInstaller spec all read the same answers.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
import tomllib
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import cast

from models.errors import FieldworkError
from models.inspection.framework import available_frameworks, load_framework

DISTRIBUTION = "fieldwork"
SOURCE_ROOT = Path(__file__).resolve().parents[2]
RESOURCES_DIR = SOURCE_ROOT / "resources"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class FrameworkVersion:
    key: str
    name: str
    version: str


@dataclass(frozen=True)
class LicenceNotice:
    """One bundled component: its licence as its own metadata states it, and the licence text it ships."""

    component: str
    version: str
    licence: str
    text: str


def app_version() -> str:
    """The installed package's version (frozen builds carry its metadata); pyproject.toml in a bare checkout."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    try:
        with (SOURCE_ROOT / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def framework_versions() -> list[FrameworkVersion]:
    """Every bundled framework; one that fails to load is listed as such rather than hiding the dialog."""
    found = []
    for key in available_frameworks():
        try:
            framework = load_framework(key)
        except FieldworkError:
            found.append(FrameworkVersion(key, key, "cannot be read"))
            continue
        found.append(FrameworkVersion(key, framework.name, framework.version))
    return found


def _requirement_name(requirement: str) -> str | None:
    """The distribution a requirement names, or None for extras (dev tools are not bundled)."""
    name, _, marker = requirement.partition(";")
    if "extra" in marker:
        return None
    match = _NAME.match(name.strip())
    return match.group(0) if match else None


def bundled_distributions(root: str = DISTRIBUTION) -> list[str]:
    """The installed runtime dependency closure of `root` (what PyInstaller bundles), sorted by name."""
    seen: dict[str, str] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-only requirement (e.g. pywin32-ctypes on Linux)
        canonical = dist.metadata["Name"]
        key = re.sub(r"[-_.]+", "-", canonical).lower()
        if key in seen:
            continue
        seen[key] = canonical
        pending.extend(n for n in map(_requirement_name, dist.requires or []) if n)
    seen.pop(DISTRIBUTION, None)
    return sorted(seen.values(), key=str.lower)


def _stated_licence(meta: Message) -> str:
    """The licence exactly as the package states it: SPDX expression, License field or classifiers."""
    expression = meta.get("License-Expression")
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    if field and field.upper() != "UNKNOWN":
        return field.splitlines()[0]
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    return "not stated in its metadata; see its licence text"


def _licence_text(dist: metadata.Distribution) -> str:
    texts = []
    for name in dist.metadata.get_all("License-File") or []:
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text:
            texts.append(text.strip())
    return "\n\n".join(texts)


def licence_notices() -> list[LicenceNotice]:
    """Licences of Python, every bundled library and bundled fonts, taken from what they ship."""
    notices = [LicenceNotice("Python", sys.version.split()[0], "PSF-2.0", "")]
    for name in bundled_distributions():
        dist = metadata.distribution(name)
        # the metadata is an email Message; PackageMetadata declares its .get only from Python 3.12
        meta = cast(Message, dist.metadata)
        notices.append(LicenceNotice(name, dist.version, _stated_licence(meta), _licence_text(dist)))
    for licence in sorted(RESOURCES_DIR.glob("*/LICENSE*")):
        text = licence.read_text(encoding="utf-8", errors="replace")
        component = licence.stem.removeprefix("LICENSE-") or licence.parent.name
        notices.append(LicenceNotice(f"{component} ({licence.parent.name})", "", "see licence text", text.strip()))
    return notices
