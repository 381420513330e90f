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
from pathlib import Path

from sqlalchemy import text

from models.services import InspectionService
from tests.conftest import PASSPHRASE

KILLS = int(os.environ.get("FIELDWORK_CRASH_KILLS", "6"))
CHILD = [sys.executable, "-m", "tests.reliability.crash_child"]


def spawn(args: list[str], key: str) -> subprocess.Popen:
    env = dict(os.environ, FIELDWORK_TEST_KEY=key)
    return subprocess.Popen(CHILD + args, stdout=subprocess.PIPE, text=True, env=env,
                            cwd=Path(__file__).resolve().parents[2])


def run_and_kill(args: list[str], key: str, delay: float) -> list[str]:
    """Start the child, let it work for delay seconds after it is ready, SIGKILL it, return its lines."""
    child = spawn(args, key)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            lines.append(line.rstrip("\n"))
            if line.startswith("ready"):
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(60)
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
        key = service.db.key_hex
    rng = random.Random(2017)
    history: dict[str, list[tuple[int, str, bool]]] = {}  # key -> [(n, value, acknowledged)]
    acknowledged_total = 0
    for kill in range(KILLS):
        lines = run_and_kill(["edits", str(path), str(kill)], key, rng.uniform(0.05, 0.6))
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
    assert acknowledged_total > KILLS  # the harness really exercised edits
    print(f"crash harness: {KILLS} kills survived, {acknowledged_total} acknowledged edits all present")


def test_killed_while_importing_is_all_or_nothing(tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    rows = "".join(f"IMP-{i:06d},missing,inspectorate-selected,\n" for i in range(20_000))
    sample.write_text("case_ref,case_type,sample,force_grade\n" + rows)
    rng = random.Random(47)
    outcomes = set()
    for kill in range(max(2, KILLS // 3)):
        path = tmp_path / f"import{kill}.fieldwork"
        with InspectionService.create(path, PASSPHRASE, force_name="Crashshire Police", actor="lead") as service:
            key = service.db.key_hex
        lines = run_and_kill(["import", str(path), str(sample)], key, rng.uniform(0.0, 0.4))
        service = check_file(path, key)
        count = len(service.cases())
        service.close()
        assert count in (0, 20_000), f"partial import: {count} cases"
        if "ack 1" in lines:
            assert count == 20_000
        outcomes.add(count)
    print(f"import kills: outcomes {sorted(outcomes)}")
