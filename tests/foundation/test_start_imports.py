"""Which modules a start loads: a command or the first window loads only what it uses.

Each check runs a fresh interpreter and lists the heavy libraries found in sys.modules afterwards; it guards
what is loaded, never how long it takes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.inspection.demo import DEMO_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
# Document writers, the headquarters driver, the package cryptography, the keyring, the database layer, Qt
DOCUMENTS = ("reportlab", "openpyxl", "docx")
CRYPTO = ("cryptography", "pyrage")
DATABASE = ("sqlalchemy", "sqlmodel", "pydantic")  # the ORM, and the validation library under SQLModel
EVERY_HEAVY = (*DOCUMENTS, *CRYPTO, *DATABASE, "psycopg", "keyring", "PySide6", "sqlcipher3")

# Runs the entry point as `fieldwork ARGS` would, then prints the heavy libraries it loaded.
PROBE = """
import sys
heavy = {heavy!r}
code = 0
try:
    from desktop.main import main
    code = main(sys.argv[1:]) if len(sys.argv) > 1 else 0
except SystemExit as exit:
    code = exit.code or 0
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set(heavy))
print("LOADED:" + ",".join(loaded))
sys.exit(code)
"""


def loaded_by(*args: str, passphrase: str | None = None,
              keys: Path | None = None) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """What `fieldwork ARGS` loads; keys: a file standing in for the OS keyring (the tests' in-memory keyring
    lives in this process, and importing it would load what the tests import)."""
    env = dict(os.environ)
    env.pop("FIELDWORK_PASSPHRASE", None)
    if passphrase:
        env["FIELDWORK_PASSPHRASE"] = passphrase
    if keys is not None:
        env.update({"PYTHON_KEYRING_BACKEND": "tests.benchmarks.keyfile_keyring.KeyFileKeyring",
                    "FIELDWORK_TRUSTED_TEST_KEYRING": "tests.benchmarks.keyfile_keyring",
                    "FIELDWORK_BENCH_KEYFILE": str(keys)})
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=EVERY_HEAVY), *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, timeout=120)
    line = next(line for line in done.stdout.splitlines() if line.startswith("LOADED:"))
    return {name for name in line.removeprefix("LOADED:").split(",") if name}, done


def test_importing_the_entry_point_loads_nothing_heavy() -> None:
    loaded, done = loaded_by()
    assert done.returncode == 0, done.stderr
    assert loaded == set()


def test_the_command_line_help_loads_neither_the_database_nor_the_keyring() -> None:
    for args in (("--help",), ("new", "--help"), ("tables", "--help"), ("force-evidence", "--help")):
        loaded, done = loaded_by(*args)
        assert done.returncode == 0, done.stderr
        assert "usage: fieldwork" in done.stdout
        assert loaded == set(), args


def test_the_tables_as_text_and_json_load_no_orm_document_writer_driver_or_cryptography(demo_template: Path,
                                                                                          tmp_path: Path) -> None:
    demo = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_template, demo)
    keys = tmp_path / "keys.json"
    # the passphrase first (its key is then kept in the keyring), then the key from the keyring
    for fmt, shown, passphrase in (("text", "Table 1", DEMO_PASSPHRASE), ("json", '"inspection"', DEMO_PASSPHRASE),
                                   ("text", "Table 1", None), ("json", '"inspection"', None)):
        loaded, done = loaded_by("tables", str(demo), "--format", fmt, passphrase=passphrase, keys=keys)
        assert done.returncode == 0, done.stderr
        assert shown in done.stdout
        assert "sqlcipher3" in loaded  # the command reads the file: the probe does see what is loaded
        # the tally is read in plain SQL: neither the service layer's ORM nor anything else heavy
        assert loaded.isdisjoint((*DATABASE, *DOCUMENTS, *CRYPTO, "psycopg", "PySide6")), (fmt, passphrase)
    assert keys.is_file()  # the key was kept, so the last two runs read it from the keyring


@pytest.mark.parametrize(("command", "shown"), [
    ("referrals", "referral(s)"),  # the demo's referrals, listed
    ("dates", "Fieldwork on site 2017-"),
    ("addressee", "Letters go to:"),
    ("follows", "follows up no earlier one"),
    ("retention", "retention date"),
])
def test_listing_and_showing_settings_load_no_orm(demo_template: Path, tmp_path: Path, command: str,
                                                  shown: str) -> None:
    demo = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_template, demo)
    loaded, done = loaded_by(command, str(demo), passphrase=DEMO_PASSPHRASE, keys=tmp_path / "keys.json")
    assert done.returncode == 0, done.stderr
    assert shown in done.stdout, done.stdout
    assert "sqlcipher3" in loaded
    assert loaded.isdisjoint((*DATABASE, *DOCUMENTS, *CRYPTO, "psycopg", "PySide6"))


def test_the_first_window_loads_no_orm_document_writer_driver_or_cryptography(demo_template: Path,
                                                                              tmp_path: Path) -> None:
    demo = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_template, demo)
    keys = tmp_path / "keys.json"
    # the passphrase first (its key is then kept in the keyring), then the key from the keyring
    for passphrase in (DEMO_PASSPHRASE, None):
        loaded, done = loaded_by("--smoke-test", str(demo), passphrase=passphrase, keys=keys)
        assert done.returncode == 0, done.stderr
        assert "smoke test passed" in done.stdout + done.stderr
        assert {"PySide6", "sqlcipher3"} <= loaded  # the window was painted from the file
        # the case list and the case panel are read in plain SQL: the ORM comes with the first write
        assert loaded.isdisjoint((*DATABASE, *DOCUMENTS, *CRYPTO, "psycopg")), passphrase
    assert keys.is_file()


def test_the_desktop_modules_load_no_database_before_a_file_is_opened() -> None:
    # the window and its controllers too: the service layer (and the ORM under it) comes with the opened file
    done = subprocess.run([sys.executable, "-c", "import sys, desktop.app, desktop.laptop.secrets, "
                           "models.team.identity, widgets.main_window, desktop.controllers.session\n"
                           "print(sorted({m.split('.')[0] for m in sys.modules}))"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    modules = set(done.stdout.strip().strip("[]").replace("'", "").split(", "))
    assert modules.isdisjoint((*DATABASE, *CRYPTO, "keyring"))
