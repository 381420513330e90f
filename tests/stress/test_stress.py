"""The stress harness at 20 jobs, in a child process with faulthandler on: every kind of background job, back to
back and overlapping with grades typed into the case panel. No crash, and every job's outcome is right.
(`make stress` runs it with 200 jobs and prints the longest stall.)"""

from __future__ import annotations

from pathlib import Path

from tests.stress.__main__ import stress
from tests.stress.harness import KINDS


def test_twenty_background_jobs_with_editing_never_crash(tmp_path: Path) -> None:
    out = stress(20, tmp_path)
    assert out["crashes"] == []
    assert out["wrong"] == []
    assert out["jobs"] == 20
    outcomes = out["by_outcome"]
    assert isinstance(outcomes, dict) and outcomes.get("cancelled", 0) >= 1 and outcomes.get("succeeded", 0) >= 12
    assert set(KINDS) == {"merge", "sample", "gradings", "tables", "backup", "letters"}
    # grades were typed both while a job held the file (refused, said) and while none did (saved)
    assert out["edits_saved"] and out["edits_refused"]
