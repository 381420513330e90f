"""Per-user locations for data, settings and logs; FIELDWORK_HOME moves them all (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "Fieldwork"


def _root(kind: str) -> Path:
    override = os.environ.get("FIELDWORK_HOME")
    if override:
        return Path(override) / kind
    return Path({
        "data": platformdirs.user_data_dir(APP, appauthor=False),
        "config": platformdirs.user_config_dir(APP, appauthor=False),
        "logs": platformdirs.user_log_dir(APP, appauthor=False),
    }[kind])


def data_dir() -> Path:
    path = _root("data")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # settings and logs are this user's alone
    return path


def config_dir() -> Path:
    path = _root("config")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # settings and logs are this user's alone
    return path


def log_dir() -> Path:
    path = _root("logs")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # settings and logs are this user's alone
    return path


def demo_file() -> Path:
    return data_dir() / "demo.fieldwork"


def window_state_file() -> Path:
    """Window geometry, splitter positions and the last inspection: an INI file beside settings.json."""
    return config_dir() / "window.ini"


def default_identity_file() -> Path:
    """Where a passphrase-protected identity file goes unless the inspector chooses elsewhere."""
    return data_dir() / "my-identity.age"
