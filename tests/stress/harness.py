"""The stress harness: the real main window, offscreen, through many background jobs of every kind, back to back
and overlapping with grades typed into the case panel. Every job's outcome is checked; crashes are counted.

Run in a child process (tests.stress.__main__, tests/stress/test_stress.py) with faulthandler on, so that a
native crash is counted by the parent instead of taking it down:

    python -X faulthandler -m tests.stress.harness --jobs 20 --folder /tmp/stress
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULT_PREFIX = "STRESS-RESULT "
KINDS = ("merge", "sample", "tables", "gradings", "backup", "letters", "merge", "tables")
CANCEL_EVERY = 7  # every seventh job is cancelled from the status bar as soon as it starts
USER = "test inspector"
INSPECTORS = ("Ann Archer", "Ben Bishop", "Cat Carter")
TABLE_FORMATS = ("pdf", "docx", "xlsx", "csv")
# the demo gradings' graders, mapped to the team's members (a gradings import takes members only)
GRADERS = {"inspector": {f"{letter}. Inspector": INSPECTORS[n % 3] for n, letter in enumerate("ABCDE")}}


def _isolate(folder: Path) -> None:
    """A data folder and an in-memory keyring of the run's own: nothing reaches the real profile."""
    import keyring

    from tests.conftest import MemoryKeyring

    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["FIELDWORK_HOME"] = str(home)
    os.environ["FIELDWORK_USER"] = USER
    os.environ.pop("FIELDWORK_PASSPHRASE", None)
    os.environ["FIELDWORK_TRUSTED_TEST_KEYRING"] = MemoryKeyring.__module__
    os.environ["PYTHON_KEYRING_BACKEND"] = f"{MemoryKeyring.__module__}.{MemoryKeyring.__name__}"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    keyring.set_keyring(MemoryKeyring())


@dataclass
class Setup:
    """The lead's inspection, its team, return packages by inspector (oldest revision first) and the grades in
    each, the files to import."""

    path: Path
    passphrase: str
    packages: dict[str, list[tuple[Path, dict[str, str]]]]
    folder: Path
    samples_made: int = 0


def build(folder: Path, merges: int) -> Setup:
    """The demo sample with a team of three, allocated; enough return revisions for `merges` merges."""
    from desktop.laptop.identity_store import keyring_put
    from models.team.allocation import allocations, round_robin
    from models.team.exchange import export_fieldwork, field_key
    from models.team.identity import Identity
    from models.team.packages import seal
    from tests.exchange.builders import PASSPHRASE, lead_inspection

    team_lead = Identity.generate("Lena Lead", "lead")
    inspectors = {n: Identity.generate(n) for n in INSPECTORS}
    from tests.exchange.builders import Team

    service = lead_inspection(folder / "lead.fieldwork", Team(team_lead, inspectors))
    round_robin(service, list(INSPECTORS), 0.0)
    service.set_addressee("Jo Smith", "Assistant Chief Constable")
    mine = {n: [a.case_ref for a in allocations(service) if a.first == n] for n in INSPECTORS}
    grades = service.framework.grade_keys
    packages: dict[str, list[tuple[Path, dict[str, str]]]] = {n: [] for n in INSPECTORS}
    inspection_id = service.info().id
    revisions = merges // len(INSPECTORS) + 2
    for n, (name, identity) in enumerate(inspectors.items()):
        issued = export_fieldwork(service, team_lead, name).package_id
        for revision in range(1, revisions + 1):
            values = {ref: grades[(i + revision + n) % len(grades)] for i, ref in enumerate(mine[name])}
            payload = {"fieldwork_package_id": issued, "copy_id": f"copy-{name}", "revision": revision,
                       "inspector": name, "values": {field_key("grade", ref, name): g for ref, g in values.items()},
                       "audit": []}
            target = folder / f"return-{n}-{revision:04d}.pkg"
            target.write_bytes(seal("return", payload, inspection_id=inspection_id, sender=identity,
                                    recipient=team_lead.card)[1])
            packages[name].append((target, values))
    service.close()
    keyring_put(team_lead.secret())  # this laptop is the lead's: the window merges with it
    return Setup(folder / "lead.fieldwork", PASSPHRASE, packages, folder)


@dataclass
class Outcomes:
    jobs: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # known problems reported as messages (expected ones)
    edits_saved: int = 0
    edits_refused: int = 0
    longest_stall_ms: int = 0
    stall_by_kind: dict[str, int] = field(default_factory=dict)  # the longest stall while each kind ran


def StallMeterFor(window: Any) -> Any:  # noqa: N802  (a factory: the meter class loads with Qt)
    from desktop.controllers.runner import StallMeter

    meter = StallMeter(window)
    meter.start()
    return meter


class Driver:
    """Submits the jobs from a timer on the GUI thread, types grades between them, checks every outcome."""

    def __init__(self, window: Any, setup: Setup, total: int) -> None:
        self.window = window
        self.setup = setup
        self.total = total
        self.submitted = 0
        self.out = Outcomes()
        self.pending: dict[int, str] = {}
        self.next_revision = {n: 0 for n in INSPECTORS}
        self.letters_written = False
        self.typed = 0
        self.kinds: dict[int, str] = {}
        self.expect_shown: set[str] = set()
        self.meter = StallMeterFor(window)
        self.sampler: Any = None  # with FIELDWORK_STALL_SAMPLES=1: where the long gaps went (stall_sampler)
        if os.environ.get("FIELDWORK_STALL_SAMPLES") == "1":
            from tests.benchmarks.stall_sampler import StallSampler

            self.sampler = StallSampler(60.0, window)
            self.sampler.start()

    def job_started(self, number: int, _label: str) -> None:
        self.meter.reset()
        if self.sampler is not None:
            self.sampler.tag = self.kinds.get(number, "?")

    def job_ended(self, number: int, _outcome: str) -> None:
        kind = self.kinds.get(number, "?")
        self.out.stall_by_kind[kind] = max(self.out.stall_by_kind.get(kind, 0), self.meter.longest_ms)

    # -- jobs ---------------------------------------------------------------------------------------------

    def submit_next(self) -> None:
        from desktop.controllers.jobs import BackupJob, LettersJob, TablesJob

        number = self.submitted
        kind = KINDS[number % len(KINDS)]
        window, controller = self.window, self.window.controller
        base = controller.job_fields()
        check: Callable[[str, Any], None]
        if kind == "merge":
            name = INSPECTORS[number % len(INSPECTORS)]
            revision = self.next_revision[name]
            self.next_revision[name] += 1
            path, values = self.setup.packages[name][revision]
            job = controller.exchange().merge_job([path])
            check = self._merge_check(name, values)
        elif kind == "sample":
            source, refs = self._sample_file()
            job = controller.import_job(source)
            check = self._sample_check(refs)
        elif kind == "gradings":
            from models.inspection.demo import DEMO_DIR

            job = controller.import_job(DEMO_DIR / "gradings.csv", values=GRADERS, gradings=True,
                                        accepted=self._gradings_warnings())
            check = self._gradings_check()
        elif kind == "tables":
            fmt = TABLE_FORMATS[number % len(TABLE_FORMATS)]
            target = self.setup.folder / "out" / f"tables-{number}.{fmt}"
            target.parent.mkdir(exist_ok=True)
            job = TablesJob(**base, fmt=fmt, target=target)
            check = self._file_check(target)
        elif kind == "backup":
            job = BackupJob(**base, reason="manual")
            check = self._backup_check()
        else:
            folder = self.setup.folder / "letters" / str(number)
            folder.mkdir(parents=True)
            sender, role = controller.signatory()
            job = LettersJob(**base, folder=folder, sender=sender, sender_role=role)
            check = self._letters_check(folder)
        self.submitted += 1
        cancel = number % CANCEL_EVERY == CANCEL_EVERY - 1
        ticket = window.jobs.submit(
            job, on_succeeded=lambda result: self._ended(ticket.number, "succeeded", result, check),
            on_failed=lambda failure: self._ended(ticket.number, "failed", failure, check),
            on_cancelled=lambda: self._ended(ticket.number, "cancelled", None, check),
            on_crashed=lambda summary, details: self._crashed(ticket.number, summary, details))
        self.pending[ticket.number] = f"{kind} #{number}"
        self.kinds[ticket.number] = kind
        if cancel:
            self._cancel_when_started(ticket)

    def _cancel_when_started(self, ticket: Any) -> None:
        """Cancel from the status bar's Cancel button once this job is the one running."""
        window = self.window

        def started(number: int, _label: str) -> None:
            if number == ticket.number:
                window.jobs.started.disconnect(started)
                window.job_status.cancel.click()

        window.jobs.started.connect(started)

    def _ended(self, number: int, outcome: str, result: Any, check: Callable[[str, Any], None]) -> None:
        what = self.pending.pop(number)
        self.out.jobs += 1
        self.out.by_outcome[outcome] = self.out.by_outcome.get(outcome, 0) + 1
        if outcome == "failed":
            self.out.failures.append(f"{what}: {result.message}")
        try:
            check(outcome, result)
        except AssertionError as error:
            self.out.wrong.append(f"{what}: {error}")

    def _crashed(self, number: int, summary: str, details: str) -> None:
        what = self.pending.pop(number)
        self.out.jobs += 1
        self.out.by_outcome["crashed"] = self.out.by_outcome.get("crashed", 0) + 1
        self.out.crashes.append(f"{what}: {summary}\n{details}")

    # -- what each kind must have done ------------------------------------------------------------------

    def _my(self, ref: str, inspector: str) -> str | None:
        detail = self.window.controller.detail(ref)
        return next((a.grade for a in detail.assessments if a.inspector == inspector), None)

    def _merge_check(self, name: str, values: dict[str, str]) -> Callable[[str, Any], None]:
        ref = sorted(values)[0]
        before = self._my(ref, name)

        def check(outcome: str, report: Any) -> None:
            if outcome == "cancelled":
                assert self._my(ref, name) == before, "a cancelled merge changed a grade"
                return
            assert outcome == "succeeded", f"merge {outcome}: {getattr(report, 'message', report)}"
            assert [p.status for p in report.packages] == ["merged"], report.lines()
            assert self._my(ref, name) == values[ref], "the merged grade is not in the file"

        return check

    def _sample_file(self) -> tuple[Path, list[str]]:
        self.setup.samples_made += 1
        made = self.setup.samples_made
        refs = [f"ST-{made:04d}-{i:03d}" for i in range(50)]
        source = self.setup.folder / f"sample-{made}.csv"
        source.write_text("case_ref,case_type,sample,force_grade\n" + "".join(
            f"{ref},Custody,inspectorate-selected,\n" for ref in refs), encoding="utf-8")
        return source, refs

    def _refs(self) -> set[str]:
        return {c.ref for c in self.window.controller.cases()}

    def _sample_check(self, refs: list[str]) -> Callable[[str, Any], None]:
        def check(outcome: str, summary: Any) -> None:
            present = self._refs()
            if outcome == "cancelled":
                assert not present & set(refs), "a cancelled import added cases"
                return
            assert outcome == "succeeded", f"import {outcome}: {getattr(summary, 'message', summary)}"
            assert summary.added == len(refs) and set(refs) <= present, "the imported cases are not all there"
            self.expect_shown.update(refs)  # the list reloads from a job of its own: checked at the end

        return check

    def _gradings_warnings(self) -> tuple[str, ...]:
        from models.inspection.demo import DEMO_DIR

        preview = self.window.controller.service.preview_gradings(DEMO_DIR / "gradings.csv", values=GRADERS)
        return tuple(w.describe() for w in preview.warnings)

    def _gradings_check(self) -> Callable[[str, Any], None]:
        def check(outcome: str, summary: Any) -> None:
            if outcome == "cancelled":
                return
            assert outcome == "succeeded", f"gradings {outcome}: {getattr(summary, 'message', summary)}"
            assert summary.added + summary.updated == 89, f"{summary.added} + {summary.updated} rows"
            assert self._my("DEMO-0001", "Ann Archer") == "inadequate"

        return check

    def _file_check(self, target: Path) -> Callable[[str, Any], None]:
        def check(outcome: str, result: Any) -> None:
            if outcome == "cancelled":
                assert not target.exists(), "a cancelled export left a file"
                return
            assert outcome == "succeeded", f"export {outcome}: {getattr(result, 'message', result)}"
            assert target.is_file() and target.stat().st_size > 0

        return check

    def _backup_check(self) -> Callable[[str, Any], None]:
        def check(outcome: str, result: Any) -> None:
            if outcome == "cancelled":
                return
            assert outcome == "succeeded", f"backup {outcome}: {getattr(result, 'message', result)}"
            assert result is not None and result.is_file()

        return check

    def _letters_check(self, folder: Path) -> Callable[[str, Any], None]:
        def check(outcome: str, result: Any) -> None:
            if outcome == "cancelled":
                assert list(folder.iterdir()) == [], "cancelled letters left files"
                return
            if outcome == "failed":  # no referral awaits its letter: a plain message, nothing written
                assert list(folder.iterdir()) == [], result.message
                assert "letter" in result.message or "referral" in result.message, result.message
                return
            assert outcome == "succeeded" and result, "no letters"
            self.letters_written = True

        return check

    # -- editing while the jobs run ------------------------------------------------------------------

    def type_grade(self) -> None:
        """Ctrl+1..3 on the window, as a person grades the selected case; saved, or refused with a message."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        window = self.window
        cases = window.cases
        self.typed += 1
        cases.select_row(self.typed % 40)
        ref = cases.current_ref()
        grades = window.controller.framework.grade_keys
        position = self.typed % 3
        before = self._my(ref, USER)
        held = window.controller.service.writes_held
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_1 + position), Qt.KeyboardModifier.ControlModifier)
        after = self._my(ref, USER)
        if held:
            self.out.edits_refused += 1
            if after != before:
                self.out.wrong.append(f"a grade typed on {ref} while {held} wrote the file was saved")
            if "Not saved" not in window.statusBar().currentMessage():
                self.out.wrong.append(f"a refused grade on {ref} was not said in the status bar")
        else:
            self.out.edits_saved += 1
            if after != grades[position]:
                self.out.wrong.append(f"a grade typed on {ref} was lost ({after} stored, {grades[position]} typed)")


def run(folder: Path, total: int) -> Outcomes:
    """Build, open the window, drive `total` jobs; returns what happened."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    _isolate(folder)
    app = QApplication.instance() or QApplication([])
    crashes_in_slots: list[str] = []
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, error, tb: crashes_in_slots.append(
        "".join(traceback.format_exception(kind, error, tb)))
    try:
        merges = sum(1 for n in range(total) if KINDS[n % len(KINDS)] == "merge")
        setup = build(folder, merges)
        from desktop.controllers.session import SessionController
        from desktop.laptop.secrets import KeyStore
        from desktop.laptop.settings import Settings
        from widgets.main_window import MainWindow

        window = MainWindow(SessionController(USER, prompt=lambda *_: setup.passphrase, store=KeyStore()),
                            Settings())
        window.resize(1366, 768)
        window.show()
        if not window.open_path(setup.path):
            raise SystemExit("the lead's inspection did not open")
        window.backup_timer.stop()
        window.jobs.problem.connect(lambda message: crashes_in_slots.append(f"unhandled failure: {message}"))
        window.jobs.bug.connect(lambda summary, details: crashes_in_slots.append(f"{summary}\n{details}"))
        window.jobs.stall.reset()
        driver = Driver(window, setup, total)
        window.jobs.started.connect(driver.job_started)
        window.jobs.ended.connect(driver.job_ended)
        loop = QEventLoop()
        ticks = [0]

        def step() -> None:
            try:
                ticks[0] += 1
                if driver.submitted < total and len(driver.pending) < 3:
                    driver.submit_next()
                if ticks[0] % 2 == 0 and window.controller is not None:
                    driver.type_grade()
                if driver.submitted >= total and not driver.pending and not window.jobs.running:
                    loop.quit()
            except Exception:  # noqa: BLE001  (counted, and the run ends)
                crashes_in_slots.append(traceback.format_exc())
                loop.quit()

        timer = QTimer()
        timer.setInterval(25)
        timer.timeout.connect(step)
        timer.start()
        loop.exec()
        timer.stop()
        out = driver.out
        out.longest_stall_ms = window.jobs.stall.longest_ms
        if driver.sampler is not None:
            driver.sampler.stop()
            print(driver.sampler.report(top=12), flush=True)
        for what in driver.pending.values():
            out.wrong.append(f"{what} never ended")
        missing = driver.expect_shown - {row.ref for row in window.cases.model.rows()}
        if missing:
            out.wrong.append(f"{len(missing)} imported case(s) never appeared in the case list")
        window.close_inspection()
        window.close()
        app.processEvents()
    finally:
        sys.excepthook = previous_hook
    out.crashes.extend(crashes_in_slots)
    return out


def main(argv: list[str] | None = None) -> int:
    faulthandler.enable()
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args(argv)
    out = run(args.folder, args.jobs)
    print(RESULT_PREFIX + json.dumps(out.__dict__), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
