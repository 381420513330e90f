"""A command starts no other program: choosing the OS keyring must not compile anything (keyring's own detection
imports its macOS backend everywhere, which on Linux runs gcc and ld to look for Apple's libraries)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys
spawned = []
SPAWNING = ("subprocess.Popen", "os.system", "os.posix_spawn", "os.exec", "os.spawn", "os.fork", "os.forkpty")
sys.addaudithook(lambda event, args: spawned.append([event, repr(args)[:160]]) if event in SPAWNING else None)
from desktop.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "spawned": spawned}))
"""


def bare_environment(tmp_path: Path) -> dict[str, str]:
    """As a user's shell has it: no keyring chosen, no session bus to reach a real keyring through."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "FIELDWORK_TRUSTED_TEST_KEYRING")}
    env.update(FIELDWORK_PASSPHRASE=PASSPHRASE, FIELDWORK_HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent",
               PYTHONPATH=str(ROOT))
    return env


@pytest.fixture
def inspection_file(tmp_path: Path) -> Path:
    path = tmp_path / "i.fieldwork"
    InspectionService.create(path, PASSPHRASE, force_name="Testshire Police", actor="lead").close()
    return path


def test_a_command_starts_no_other_program(inspection_file: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", CHILD, "team", "list", str(inspection_file)], cwd=tmp_path,
                            env=bare_environment(tmp_path), capture_output=True, text=True, timeout=120)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 0, result.stderr
    assert outcome["spawned"] == []


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_no_exec_under_strace(inspection_file: Path, tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    fieldwork = [sys.executable, "-c", "import sys; from desktop.main import main; sys.exit(main(sys.argv[1:]))"]
    result = subprocess.run(["strace", "-f", "-e", "trace=execve", "-o", str(trace), *fieldwork, "team", "list",
                             str(inspection_file)], cwd=tmp_path, env=bare_environment(tmp_path),
                            capture_output=True, text=True, timeout=120)
    if not trace.exists() or "execve(" not in trace.read_text():
        pytest.skip(f"strace cannot trace here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    executed = [line for line in trace.read_text().splitlines() if "execve(" in line and "resumed" not in line]
    assert len(executed) == 1, executed  # Python itself, nothing after it
