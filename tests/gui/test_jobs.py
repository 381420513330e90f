"""Background jobs in the window: Cancel leaves the file as it was, an edit during a job is never lost, and a
job's problem is a plain message. Driven as a person would: the status bar's Cancel, Ctrl+1, typing notes."""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.controllers.jobs import BackupJob, TablesJob
from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models import collection
from tests.gui.test_export import held_export
from tests.gui.worker_jobs import (
    BrokenTablesJob,
    HeldMergeJob,
    Hold,
    ModulesJob,
    NetworkJob,
    held_import,
)
from tests.stress.harness import INSPECTORS, USER, Setup, build
from widgets.main_window import MainWindow
from widgets.merge_dialog import MergeDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def lead(qtbot, tmp_path: Path) -> tuple[MainWindow, Setup]:  # type: ignore[no-untyped-def]
    """The lead's window on an allocated demo sample, with return packages of the team to merge."""
    setup = build(tmp_path, merges=3)
    window = MainWindow(SessionController(USER, prompt=lambda *_: setup.passphrase, store=KeyStore()), Settings())
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(setup.path)
    window.backup_timer.stop()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window, setup
    if window.controller is not None:
        window.close_inspection()


def content(window: MainWindow) -> list[tuple[str, str | None, tuple[tuple[str, str | None], ...]]]:
    """Every case with its settled grade and every assessment's grade, as the window reads them."""
    controller = window.controller
    assert controller is not None
    return [(row.ref, row.grade, tuple((a.inspector, a.grade) for a in controller.detail(row.ref).assessments))
            for row in controller.cases()]


def held_merge(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Hold:
    """The merge's worker process waits (inside its transaction, the file held) until released."""
    hold = Hold(folder)
    monkeypatch.setattr("desktop.controllers.jobs.MergeJob", functools.partial(HeldMergeJob, hold=folder))
    return hold


def start_merge(qtbot, window: MainWindow, setup: Setup) -> MergeDialog:  # type: ignore[no-untyped-def]
    assert window.controller is not None
    dialog = MergeDialog(window.controller.exchange(), window, jobs=window.jobs)
    qtbot.addWidget(dialog)
    dialog.add_paths([setup.packages[INSPECTORS[0]][0][0]])
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    return dialog


def test_cancel_from_the_status_bar_leaves_the_file_unchanged(qtbot, lead, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, setup = lead
    before = content(window)
    hold = held_merge(monkeypatch, tmp_path / "hold")
    dialog = start_merge(qtbot, window, setup)
    assert hold.wait_inside()  # the merge is writing, mid-transaction
    status = window.job_status
    assert status.isVisible() and status.label.text().startswith("Merging return packages")
    qtbot.mouseClick(status.cancel, Qt.MouseButton.LeftButton)
    assert not status.cancel.isEnabled() and status.label.text().startswith("Cancelling")
    hold.release()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    assert dialog.report is None and "cancelled; nothing was merged" in dialog.summary.toPlainText()
    assert content(window) == before
    assert not status.isVisible()
    # the same package merges afterwards: the cancel left no trace that would make it a replay
    monkeypatch.undo()
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.report is not None and [p.status for p in dialog.report.packages] == ["merged"]
    assert content(window) != before


def test_cancelled_sample_import_adds_no_case(qtbot, lead, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _setup = lead
    before = content(window)
    source = tmp_path / "more.csv"
    source.write_text("case_ref,case_type,sample,force_grade\n" + "".join(
        f"MORE-{i:04d},Custody,inspectorate-selected,\n" for i in range(5000)), encoding="utf-8")
    hold = Hold(tmp_path / "hold")
    ticket = window.jobs.submit(held_import(window.controller.import_job(source), hold.folder))
    assert hold.wait_inside()  # in the worker process, its transaction begun
    qtbot.mouseClick(window.job_status.cancel, Qt.MouseButton.LeftButton)
    hold.release()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    assert ticket.outcome == "cancelled"
    assert content(window) == before


def test_edits_during_a_merge_are_refused_with_a_message_and_notes_are_saved_after(qtbot, lead, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, setup = lead
    panel = window.cases.panel
    ref = panel.ref
    hold = held_merge(monkeypatch, tmp_path / "hold")
    start_merge(qtbot, window, setup)
    assert hold.wait_inside()
    # a grade typed while the merge holds the file: refused, said in the status bar, the buttons show the truth
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert "Not saved: merging return packages is writing the inspection file" in window.statusBar().currentMessage()
    mine = [a for a in window.controller.detail(ref).assessments if a.inspector == USER]
    assert mine == [] and panel.grade_group.checkedId() != 0
    # notes typed meanwhile stay on screen, marked not saved yet, and are saved once the merge ends
    area = next(iter(panel.notes))
    panel.notes[area].setFocus()
    qtbot.keyClicks(panel.notes[area], "Typed during the merge")
    qtbot.waitUntil(lambda: "not saved yet" in panel.save_state.text(), timeout=5000)
    assert panel.has_unsaved
    hold.release()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    qtbot.waitUntil(lambda: not panel.has_unsaved, timeout=5000)
    detail = window.controller.detail(ref)
    notes = next(a.notes for a in detail.assessments if a.inspector == USER)
    assert notes[area] == "Typed during the merge"
    # and grading works again
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    mine = [a for a in window.controller.detail(ref).assessments if a.inspector == USER]
    assert [a.grade for a in mine] == [window.controller.framework.grade_keys[0]]


def test_a_grade_typed_during_an_export_is_saved(qtbot, lead, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, _setup = lead
    hold = held_export(monkeypatch, tmp_path / "hold")
    window.export_tables(tmp_path / "tables.pdf", "pdf")
    assert window.jobs.running and hold.wait_inside()
    ref = window.cases.panel.ref
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # an export only reads: the grade is saved at once
    mine = [a.grade for a in window.controller.detail(ref).assessments if a.inspector == USER]
    assert mine == [window.controller.framework.grade_keys[1]]
    hold.release()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=20000)
    assert (tmp_path / "tables.pdf").is_file() and window.exports.last is None  # said in the status bar


def test_a_refused_package_is_a_plain_message_and_changes_nothing(qtbot, lead, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, setup = lead
    before = content(window)
    forged = tmp_path / "forged.pkg"
    forged.write_bytes(b"not a package at all")
    dialog = MergeDialog(window.controller.exchange(), window, jobs=window.jobs)
    qtbot.addWidget(dialog)
    dialog.add_paths([forged])
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert "forged.pkg" in dialog.problem.text() and dialog.problem.text().endswith("Nothing was merged.")
    assert window.errors.last is None  # no crash dialog
    assert content(window) == before


def test_a_failed_gradings_import_is_a_message(qtbot, lead, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _setup = lead
    source = tmp_path / "gradings.csv"
    source.write_text("case_ref,inspector,grade\nNO-SUCH-CASE,Ann Archer,Good\n", encoding="utf-8")
    before = content(window)
    window.import_gradings(source)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    box = window.errors.last
    assert box is not None and box.accessibleName() == "Problem" and "NO-SUCH-CASE" in box.text()
    assert content(window) == before


def test_a_job_that_breaks_shows_the_crash_dialog_not_a_traceback_in_the_window(qtbot, lead, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, _setup = lead
    monkeypatch.setattr("widgets.main_window.TablesJob", BrokenTablesJob)  # raises in its worker process
    window.export_tables(tmp_path / "tables.pdf", "pdf")
    qtbot.waitUntil(lambda: not window.exports.running, timeout=20000)
    box = window.errors.last
    assert box is not None and "RuntimeError: a bug in the export" in box.text()
    assert not (tmp_path / "tables.pdf").exists()


def test_the_collector_never_runs_on_the_worker(qtbot, lead, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A cycle holding a Qt wrapper, freed by the collector in the worker, had the binding delete its widget
    in the middle of a paint (a segmentation fault in the team round trip): the worker thread never collects."""
    import gc

    window, _setup = lead
    seen: list[tuple[bool, bool]] = []
    original = BackupJob.run

    def observing(job, progress):  # type: ignore[no-untyped-def]
        # on the worker thread: no automatic collection, and the event loop's collection held off too
        seen.append((gc.isenabled(), collection.held()))
        return original(job, progress)

    monkeypatch.setattr(BackupJob, "run", observing)
    assert not BackupJob.isolated and not collection.held()
    ticket = window.jobs.submit(BackupJob(**window.controller.job_fields(), reason="manual"))
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    assert ticket.outcome == "succeeded"
    assert seen == [(False, True)] and not collection.held()  # given back once no job runs


def test_two_runners_keep_the_collector_off_until_the_last_job_ends(qtbot, lead, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A dialog's own runner and the window's: the first to finish must not turn the collector back on under
    the other's worker thread."""

    from desktop.controllers.runner import JobRunner

    window, _setup = lead
    gates = {"first": threading.Event(), "second": threading.Event()}
    seen: list[tuple[str, bool]] = []
    original = BackupJob.run

    def gated(job, progress):  # type: ignore[no-untyped-def]
        gates[job.reason].wait(20)
        seen.append((job.reason, collection.held()))
        return original(job, progress)

    monkeypatch.setattr(BackupJob, "run", gated)
    other = JobRunner(window)
    fields = window.controller.job_fields()
    window.jobs.submit(BackupJob(**fields, reason="first"))
    other.submit(BackupJob(**fields, reason="second"))
    gates["first"].set()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    assert collection.held()  # the second job still runs: still held off
    gates["second"].set()
    qtbot.waitUntil(lambda: not other.running, timeout=20000)
    assert seen == [("first", True), ("second", True)] and not collection.held()


def test_the_gui_thread_never_traverses_what_a_running_job_holds(qtbot, lead, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Collecting the young generation on the GUI thread walked every object the worker thread had made and still
    held (up to 80 ms a time): while a job runs they are set aside instead, and given back once it has ended."""
    import gc

    window, _setup = lead
    made, release = threading.Event(), threading.Event()
    held: list[object] = []
    original = BackupJob.run

    def holding(job, progress):  # type: ignore[no-untyped-def]
        held.extend([i] for i in range(50_000))  # 50,000 young containers, alive while the job runs
        made.set()
        release.wait(20)
        return original(job, progress)

    monkeypatch.setattr(BackupJob, "run", holding)
    collected: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        ticket = window.jobs.submit(BackupJob(**window.controller.job_fields(), reason="manual"))
        assert made.wait(20)
        qtbot.waitUntil(lambda: gc.get_freeze_count() >= 50_000, timeout=5000)  # set aside by the window
        assert gc.get_count()[0] < 50_000 and not gc.isenabled()
        qtbot.wait(300)  # several of the runner's polls while the job still runs
        assert collected == []  # nothing collected meanwhile, on any thread
        release.set()
        qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    finally:
        gc.callbacks.remove(seen)
    assert gc.get_freeze_count() == 0 and not collection.held()  # given back to the event loop's collector
    assert ticket.outcome == "succeeded"


def test_the_merge_dialog_leaves_the_window_usable(qtbot, lead) -> None:  # type: ignore[no-untyped-def]
    window, setup = lead
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Team ▸ Merge return packages
    dialog = window._merge_dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible() and not dialog.isModal()
    dialog.add_paths([setup.packages[INSPECTORS[1]][0][0]])
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    assert dialog.report is not None and [p.status for p in dialog.report.packages] == ["merged"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the dialog stays open beside it
    assert dialog.isVisible()
    ref = window.cases.panel.ref
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # grading goes on with the dialog open
    mine = [a.grade for a in window.controller.detail(ref).assessments if a.inspector == USER]
    assert mine == [window.controller.framework.grade_keys[2]]
    window.close_inspection()  # the dialog merges into this inspection: it closes with it
    assert not dialog.isVisible() and window._merge_dialog is None


def test_the_checks_before_hand_in_run_as_a_job_while_the_window_stays_usable(qtbot, lead, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Over 10,000 cases the checks took a third of a second on the GUI thread: they run in the background,
    with the status bar saying so, and their checklist shows once they are done."""
    import models.inspection.checks
    from tests.gui.test_team_round_trip import when_modal
    from widgets.hand_in import HandInDialog

    window, _setup = lead
    started, release = threading.Event(), threading.Event()
    original = models.inspection.checks.run_checks

    def held(service, inspector=None):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(20)
        return original(service, inspector)

    monkeypatch.setattr(models.inspection.checks, "run_checks", held)
    team_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Team")
    checks = next(a for a in team_menu.actions() if a.text() == "C&hecks before hand-in…")
    checks.trigger()
    assert started.wait(20)
    assert window.job_status.isVisible()
    assert window.job_status.label.text().startswith("Running the checks before hand-in")
    ref = window.cases.panel.ref
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # the checks only read: grading goes on meanwhile
    mine = [a.grade for a in window.controller.detail(ref).assessments if a.inspector == USER]
    assert mine == [window.controller.framework.grade_keys[1]]
    listed = when_modal(HandInDialog, lambda dialog: dialog.model.rowCount())
    release.set()
    qtbot.waitUntil(lambda: bool(listed), timeout=20000)
    assert listed[0] > 0  # the team's cases not yet graded, listed for the lead to see
    assert not window.jobs.running


def test_after_a_job_that_wrote_the_case_list_is_drawn_before_the_next_job_starts(qtbot, lead, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Drawn alongside the next job's worker, each of the reloaded list's thousand calls into Python waited for
    the interpreter lock (up to half a second's stall at the start of an import): it is drawn while the runner
    hands the reload over, before anything else runs."""
    from PySide6.QtCore import QEvent, QObject

    window, _setup = lead
    happened: list[str] = []

    class Painted(QObject):
        def eventFilter(self, _watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                happened.append("painted")
            return False

    painted = Painted()
    window.cases.table.viewport().installEventFilter(painted)
    window.jobs.started.connect(lambda _n, label: happened.append(f"started {label}"))
    source = tmp_path / "more.csv"
    source.write_text("case_ref,case_type,sample,force_grade\n" + "".join(
        f"MORE-{i:03d},Custody,inspectorate-selected,\n" for i in range(50)), encoding="utf-8")
    window.jobs.submit(window.controller.import_job(source))
    window.jobs.submit(BackupJob(**window.controller.job_fields(), reason="manual"))
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    window.cases.table.viewport().removeEventFilter(painted)
    started = [h for h in happened if h.startswith("started")]
    assert started == ["started Importing", "started Reloading the case list", "started Backing up"]
    between = happened[happened.index("started Reloading the case list") + 1:happened.index("started Backing up")]
    assert "painted" in between  # the reloaded list drawn before the backup's worker started
    assert window.cases.model.row_of("MORE-049") is not None


def test_a_merge_an_import_or_an_export_runs_in_a_worker_process_without_qt(qtbot, lead) -> None:  # type: ignore[no-untyped-def]
    """Run on a thread, their Python work shared the window's interpreter lock and stalled its event loop: they
    run in a worker process, which starts without Qt."""
    from desktop.controllers.jobs import ImportJob, MergeJob

    window, _setup = lead
    assert MergeJob.isolated and ImportJob.isolated and TablesJob.isolated and not BackupJob.isolated
    seen: list[tuple[int, list[str]]] = []
    window.jobs.submit(ModulesJob(**window.controller.job_fields()), on_succeeded=seen.append)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    worker, modules = seen[0]
    assert worker != os.getpid()
    assert "models" in modules and "sqlalchemy" in modules and "PySide6" not in modules and "widgets" not in modules


@pytest.mark.skipif(sys.platform == "win32", reason="kills the worker with SIGKILL")
def test_a_worker_killed_mid_merge_changes_nothing_and_the_next_merge_works(qtbot, lead, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A worker that dies inside the merge's transaction (killed, out of memory, a native crash): the merge is
    said to have stopped, the file is as it was, and a new worker takes the next merge."""
    window, setup = lead
    before = content(window)
    hold = held_merge(monkeypatch, tmp_path / "hold")
    dialog = start_merge(qtbot, window, setup)
    assert hold.wait_inside()
    os.kill(hold.worker, signal.SIGKILL)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    assert dialog.report is None and "Nothing was merged." in dialog.problem.text()
    assert "stopped unexpectedly" in dialog.problem.text()
    box = window.errors.last
    assert box is not None and "stopped unexpectedly" in box.text()
    assert content(window) == before
    monkeypatch.undo()
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.report is not None and [p.status for p in dialog.report.packages] == ["merged"]
    assert content(window) != before


def test_the_merge_dialog_starts_a_worker_while_the_lead_picks_the_packages(qtbot, lead) -> None:  # type: ignore[no-untyped-def]
    from desktop.controllers.processes import WORKERS

    window, setup = lead
    WORKERS.close()  # none idle
    assert WORKERS.ready == []
    dialog = MergeDialog(window.controller.exchange(), window, jobs=window.jobs)
    qtbot.addWidget(dialog)
    started = WORKERS.ready
    assert len(started) == 1
    dialog.add_paths([setup.packages[INSPECTORS[0]][0][0]])
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.report is not None and WORKERS.ready == started  # that worker ran it, and waits for the next


def test_a_worker_process_refuses_the_network(qtbot, lead) -> None:  # type: ignore[no-untyped-def]
    """The window's test guard does not reach a worker process: the worker refuses every internet connection
    itself, so a job that reached for the network would end as a crash, not a connection."""
    window, _setup = lead
    crashed: list[tuple[str, str]] = []
    window.jobs.submit(NetworkJob(**window.controller.job_fields()),
                       on_crashed=lambda summary, details: crashed.append((summary, details)))
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    assert crashed and "NetworkRefused" in crashed[0][0] and "never uses the network" in crashed[0][0]
