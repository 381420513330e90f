"""The PostgreSQL driver is the `hq` extra: without it, the headquarters commands say how to get it, and
nothing else needs it (the installed app ships without it)."""

from __future__ import annotations

import importlib
import sys
import tomllib
from pathlib import Path

import pytest

from desktop.main import main
from models.errors import FieldworkError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if psycopg were not installed: importing it fails, and the modules that use it load afresh."""
    for name in [n for n in sys.modules if n == "psycopg" or n.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # None in sys.modules: `import psycopg` raises ImportError
    for name in ("models.headquarters.server", "exports.national"):
        monkeypatch.delitem(sys.modules, name, raising=False)


def test_the_server_module_names_the_extra_when_the_driver_is_missing(no_driver: None) -> None:
    with pytest.raises(FieldworkError, match=r"pip install 'fieldwork\[hq\]'"):
        importlib.import_module("models.headquarters.server")


def test_the_national_command_explains_rather_than_crashes(no_driver: None,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["national", "--database", "postgresql://hq@hq.invalid/national"]) == 1
    err = capsys.readouterr().err
    assert "PostgreSQL driver" in err and "fieldwork[hq]" in err
    assert "Traceback" not in err


def test_the_driver_is_an_extra_not_a_dependency() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert not any(dep.lower().startswith("psycopg") for dep in project["dependencies"])
    assert any(dep.startswith("psycopg") for dep in project["optional-dependencies"]["hq"])
    # `make test` installs the dev extra, which brings hq along for tests/headquarters
    assert any(dep.startswith("fieldwork[") and "hq" in dep for dep in project["optional-dependencies"]["dev"])
