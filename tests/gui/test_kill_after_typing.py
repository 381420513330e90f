"""Kill the app (SIGKILL, no clean shutdown) right after the autosave: the notes are in the file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService

CHILD = Path(__file__).with_name("autosave_child.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_notes_survive_sigkill_right_after_typing_stops(demo_path: Path) -> None:
    with InspectionService.open(demo_path, actor="setup", passphrase=DEMO_PASSPHRASE) as service:
        key = service.key_hex
    text = "Child seen alone; disclosure recorded verbatim."
    env = {**os.environ, "FIELDWORK_TEST_KEY": key, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(CHILD), str(demo_path), "DEMO-0007", "investigation", text],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        lines = []
        for line in child.stdout:  # type: ignore[union-attr]
            lines.append(line.strip())
            if line.strip() == "saved":
                break
        assert lines == ["typed", "saved"], child.stderr.read() if child.poll() is not None else lines  # type: ignore[union-attr]
        assert child.poll() is None  # still running: nothing was closed or checkpointed
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    with InspectionService.open(demo_path, actor="check", passphrase=DEMO_PASSPHRASE) as service:
        mine = next(a for a in service.case_detail("DEMO-0007").assessments if a.inspector == "Inspector Kill")
        assert mine.notes == {"investigation": text}
        assert service.verify_audit().ok
