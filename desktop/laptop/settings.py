"""Per-user settings: the inspector's name and the recent files. No case content is ever stored here."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from pathlib import Path

from desktop.laptop import paths
from models.errors import FieldworkError
from models.files import write_atomically

MAX_RECENT = 8


def default_actor() -> str:
    """The name the audit log records when none is given: FIELDWORK_USER, else the login name."""
    name = os.environ.get("FIELDWORK_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name on some locked-down machines
        return "unknown"


class Settings:
    """A small JSON file in the config folder; a damaged file is treated as empty, never fatal."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "settings.json"
        self._data: dict = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._data = loaded
        except (OSError, ValueError):
            self._data = {}

    def _save(self) -> None:
        # settings are a convenience: failing to keep them must not stop grading; mode 0600 like every file
        with contextlib.suppress(FieldworkError):
            write_atomically(self.path, json.dumps(self._data, indent=2))

    @property
    def user_name(self) -> str:
        """Settings first, then FIELDWORK_USER, then the login name (as the CLI does)."""
        name = self._data.get("user_name")
        return name if isinstance(name, str) and name.strip() else default_actor()

    @user_name.setter
    def user_name(self, name: str) -> None:
        self._data["user_name"] = name.strip()
        self._save()

    @property
    def role(self) -> str | None:
        """The role given at the first-run welcome ("inspector", "lead"), if any."""
        role = self._data.get("role")
        return role if isinstance(role, str) and role else None

    @role.setter
    def role(self, role: str) -> None:
        self._data["role"] = role
        self._save()

    @property
    def language(self) -> str:
        """The interface language chosen ("en", "cy"), or "system" to follow the laptop (the default)."""
        from desktop.laptop.language import LANGUAGES, SYSTEM

        value = self._data.get("language")
        return value if isinstance(value, str) and value in LANGUAGES else SYSTEM

    @language.setter
    def language(self, code: str) -> None:
        self._data["language"] = code
        self._save()

    @property
    def identity_file(self) -> str:
        """The passphrase-protected identity file chosen on this laptop (its path only, never the passphrase), or ""."""
        value = self._data.get("identity_file")
        return value if isinstance(value, str) else ""

    @identity_file.setter
    def identity_file(self, path: str) -> None:
        self._data["identity_file"] = path
        self._save()

    @property
    def hq_database(self) -> str:
        """The headquarters connection string last published to (never with a password), or ""."""
        value = self._data.get("hq_database")
        return value if isinstance(value, str) else ""

    @hq_database.setter
    def hq_database(self, dsn: str) -> None:
        from models.headquarters.transport import without_password

        self._data["hq_database"] = without_password(dsn.strip())  # a password never reaches the settings file
        self._save()

    def recent_files(self) -> list[Path]:
        value = self._data.get("recent_files", [])
        return [Path(p) for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def forget_recent(self, path: Path) -> bool:
        """Drop a file from the recent list (a purged inspection); True if it was there."""
        resolved = str(Path(path).resolve())
        recent = [str(p) for p in self.recent_files()]
        if resolved not in recent:
            return False
        self._data["recent_files"] = [p for p in recent if p != resolved]
        self._save()
        return True

    def add_recent(self, path: Path) -> None:
        resolved = str(Path(path).resolve())
        recent = [str(p) for p in self.recent_files() if str(p) != resolved]
        self._data["recent_files"] = [resolved, *recent][:MAX_RECENT]
        self._save()
