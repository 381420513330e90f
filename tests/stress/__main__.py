"""`make stress`: the harness in a child process with faulthandler on; prints jobs run, crashes and the longest
stall of the window's event loop. A native crash of the child counts as a crash instead of ending the report."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.stress.harness import RESULT_PREFIX


def stress(jobs: int, folder: Path) -> dict[str, object]:
    """Run the harness once; its outcome, with a native crash (no result line, a signal) counted."""
    child = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "tests.stress.harness", "--jobs", str(jobs),
                            "--folder", str(folder)], capture_output=True, text=True, check=False)
    line = next((ln for ln in child.stdout.splitlines() if ln.startswith(RESULT_PREFIX)), None)
    if line is None:
        return {"jobs": 0, "crashes": [f"the window's process ended with code {child.returncode}:\n"
                                       f"{child.stderr[-4000:]}"], "wrong": [], "by_outcome": {},
                "longest_stall_ms": -1, "edits_saved": 0, "edits_refused": 0}
    return dict(json.loads(line[len(RESULT_PREFIX):]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fieldwork-stress-") as folder:
        out = stress(args.jobs, Path(folder))
    crashes, wrong = out["crashes"], out["wrong"]
    assert isinstance(crashes, list) and isinstance(wrong, list)
    print(f"jobs run: {out['jobs']} {out['by_outcome']}")
    print(f"grades typed during the run: {out['edits_saved']} saved, {out['edits_refused']} refused while a job "
          "wrote the file")
    print(f"crashes: {len(crashes)}")
    print(f"wrong outcomes: {len(wrong)}")
    print(f"longest stall of the window's event loop: {out['longest_stall_ms']} ms")
    print(f"  by the kind of job running: {out.get('stall_by_kind')}")
    failures = out.get("failures") or []
    assert isinstance(failures, list)
    for message in sorted(set(failures))[:5]:
        print(f"  refused as expected: {message}")
    for problem in [*crashes, *wrong][:20]:
        print(f"  - {problem}")
    return 0 if not crashes and not wrong and out["jobs"] == args.jobs else 1


if __name__ == "__main__":
    sys.exit(main())
