"""A keyring backend for the startup benchmark only: a child process finds the demo key as the app would.

The real app uses the OS keyring; a benchmark subprocess cannot share the tests' in-memory one.
Selected with PYTHON_KEYRING_BACKEND=tests.benchmarks.keyfile_keyring.KeyFileKeyring and
FIELDWORK_BENCH_KEYFILE pointing at a JSON file in the benchmark's temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class KeyFileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _load(self) -> dict:
        path = Path(os.environ["FIELDWORK_BENCH_KEYFILE"])
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        Path(os.environ["FIELDWORK_BENCH_KEYFILE"]).write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        Path(os.environ["FIELDWORK_BENCH_KEYFILE"]).write_text(json.dumps(data), encoding="utf-8")
