"""Startup: `fieldwork --smoke-test DEMOFILE` against a bare PySide6 QMainWindow, both as fresh processes.

Prints both times and the ratio (target within 4x) for the everyday start (key from the keyring) and
for a start that derives the key from the passphrase (scrypt, deliberately slow, once per laptop).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from tests.benchmarks.common import best_of, report

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
BARE = ("from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "app = QApplication([])\nwindow = QMainWindow()\nwindow.show()\napp.processEvents()\nwindow.close()\n")


def run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr


def test_startup_against_a_bare_qmainwindow(demo_template: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_template, demo)
    with InspectionService.open(demo, actor="bench", passphrase=DEMO_PASSPHRASE) as service:
        key = service.key_hex
    from desktop.laptop.secrets import SERVICE, KeyStore

    keyfile = tmp_path / "keys.json"
    keyfile.write_text(json.dumps({f"{SERVICE}/{KeyStore().name(demo)}": key}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "tests.benchmarks.keyfile_keyring.KeyFileKeyring",
           "FIELDWORK_TRUSTED_TEST_KEYRING": "tests.benchmarks.keyfile_keyring",
           "FIELDWORK_BENCH_KEYFILE": str(keyfile)}
    env.pop("FIELDWORK_PASSPHRASE", None)
    # An installed app runs from compiled bytecode (pip and PyInstaller both compile it): let both sides
    # cache it, in a folder of this run, so no timed start pays for compiling the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    smoke = ["-m", "desktop", "--smoke-test", str(demo)]

    bare = best_of(RUNS, lambda: run(["-c", BARE], env))
    # where the gap comes from: the same bare window after importing the Qt-free read side the first window uses
    # (the command line alone no longer loads it: its modules load when a command opens a file; the ORM and the
    # rest of the service layer load on the first write, after the window is painted)
    with_models = best_of(RUNS, lambda: run(["-c", "import desktop.cli.commands, models.inspection.opened\n" + BARE],
                                            env))
    cli_only = best_of(RUNS, lambda: run(["-c", "import desktop.cli.commands\n" + BARE], env))
    keyring_start = best_of(RUNS, lambda: run(smoke, env))
    passphrase_start = best_of(RUNS, lambda: run(smoke, {**env, "FIELDWORK_PASSPHRASE": DEMO_PASSPHRASE}))
    report("startup, key from keyring (smoke test, 89 cases)", keyring_start, bare, "bare QMainWindow", target=4)
    report("startup, key derived from passphrase (scrypt)", passphrase_start, bare, "bare QMainWindow")
    report("  of which: bare QMainWindow after importing the CLI and the service's read side", with_models, bare,
           "bare QMainWindow")
    report("  of which: bare QMainWindow after importing the CLI alone", cli_only, bare, "bare QMainWindow")
    report("  the app's own part (smoke test, keyring)", keyring_start, with_models,
           "bare QMainWindow + read side imports")
