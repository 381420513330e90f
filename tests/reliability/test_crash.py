"""SIGKILL a process that is editing or importing, at random instants; nothing acknowledged may be lost.

make test runs a quick version; `make crash-test` sets FIELDWORK_CRASH_KILLS=200.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE

KILLS = int(os.environ.get("FIELDWORK_CRASH_KILLS", "6"))
CHILD = [sys.executable, "-m", "tests.reliability.crash_child"]


def spawn(args: list[str], key: str) -> subprocess.Popen:
    env = dict(os.environ, FIELDWORK_TEST_KEY=key)
    return subprocess.Popen(CHILD + args, stdout=subprocess.PIPE, text=True, env=env,
                            cwd=Path(__file__).resolve().parents[2])


def run_and_kill(args: list[str], key: str, until: Callable[[str], bool], delay: float) -> list[str]:
    """Start the child, wait for the line that until() accepts, then delay seconds more, SIGKILL it."""
    child = spawn(args, key)
    lines: list[str] = []
    reached = threading.Event()

    def read() -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            lines.append(line.rstrip("\n"))
            if until(lines[-1]):
                reached.set()
        reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert reached.wait(120), "the child never reached the point to be killed at"
    threading.Event().wait(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(10)
    child.stdout.close()  # type: ignore[union-attr]
    return lines


def check_file(path: Path, key: str) -> InspectionService:
    service = InspectionService.open(path, actor="checker", key_hex=key)
    with service.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    verdict = service.verify_audit()
    assert verdict.ok, verdict.problems
    return service


def current_values(service: InspectionService) -> dict[str, str]:
    values = {}
    for case in service.cases():
        detail = service.case_detail(case.ref)
        for assessment in detail.assessments:
            if assessment.grade:
                values[f"grade|{case.ref}"] = assessment.grade
            for area, note in assessment.notes.items():
                values[f"note|{case.ref}|{area}"] = note
    return values


def test_killed_while_editing_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "crash.fieldwork"
    with InspectionService.create(path, PASSPHRASE, force_name="Crashshire Police", actor="lead") as service:
        for i in range(20):
            service.add_case(f"K{i:02d}", "missing", "inspectorate-selected")
        key = service.key_hex
    rng = random.Random(2017)
    history: dict[str, list[tuple[int, str, bool]]] = {}  # key -> [(n, value, acknowledged)]
    acknowledged_total = 0
    for kill in range(KILLS):
        # Killed after a random number of acknowledged edits, then a little later: mid-edit or between edits.
        target = rng.randint(3, 40)
        lines = run_and_kill(["edits", str(path), str(kill)], key,
                             lambda line, t=target: line == f"ack {t}", rng.uniform(0, 0.02))
        tried: dict[int, tuple[str, str]] = {}
        for line in lines:
            if line.startswith("try "):
                _, n, field, value = line.split(" ", 3)
                tried[int(n)] = (field, value)
                history.setdefault(field, []).append((kill * 10**6 + int(n), value, False))
            elif line.startswith("ack "):
                n = int(line.split()[1])
                field, value = tried[n]
                history[field][-1] = (kill * 10**6 + n, value, True)
                acknowledged_total += 1
        service = check_file(path, key)
        values = current_values(service)
        service.close()
        for field, events in history.items():
            last_ack = max((i for i, e in enumerate(events) if e[2]), default=None)
            if last_ack is None:
                continue
            allowed = {value for _, value, _ in events[last_ack:]}
            assert values.get(field) in allowed, f"kill {kill}: {field} lost its acknowledged value"
    assert acknowledged_total >= 3 * KILLS  # every kill came after at least three acknowledged edits
    print(f"crash harness: {KILLS} kills survived, {acknowledged_total} acknowledged edits all present")


def test_killed_while_importing_is_all_or_nothing(tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    rows = "".join(f"IMP-{i:06d},missing,inspectorate-selected,\n" for i in range(20_000))
    sample.write_text("case_ref,case_type,sample,force_grade\n" + rows)
    rng = random.Random(47)
    outcomes = set()
    at_commit = 0
    for kill in range(max(2, KILLS // 3)):
        path = tmp_path / f"import{kill}.fieldwork"
        with InspectionService.create(path, PASSPHRASE, force_name="Crashshire Police", actor="lead") as service:
            key = service.key_hex
        # Alternate: killed at a random moment of the import, or right as its COMMIT starts.
        if kill % 2:
            lines = run_and_kill(["import", str(path), str(sample)], key, lambda line: line == "committing", 0)
            at_commit += "committing" in lines
        else:
            lines = run_and_kill(["import", str(path), str(sample)], key, lambda line: line == "ready",
                                 rng.uniform(0.0, 0.4))
        service = check_file(path, key)
        count = len(service.cases())
        service.close()
        assert count in (0, 20_000), f"partial import: {count} cases"
        if "ack 1" in lines:
            assert count == 20_000
        outcomes.add(count)
    assert at_commit >= 1  # at least one kill landed with every row written and the commit under way
    print(f"import kills: outcomes {sorted(outcomes)}, {at_commit} killed as the commit started")
