"""Export from the Report view and the File menu: off the GUI thread, with progress, cancel and plain errors."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from exports.report import build_report
from models.inspection.letters import LETTER_SENT
from tests.exports.readback import pdf_text
from tests.exports.test_tables_documents import check_pdf
from tests.gui.worker_jobs import HeldTablesJob, Hold
from widgets.export_ui import target_and_format

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def held_export(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Hold:
    """The window's next tables export waits in its worker process, at its first page, until released."""
    monkeypatch.setattr("widgets.main_window.TablesJob", functools.partial(HeldTablesJob, hold=folder))
    return Hold(folder)


def finished(qtbot, window) -> QMessageBox | None:  # type: ignore[no-untyped-def]
    """The export's problem box, or None when it succeeded (said in the status bar) or was cancelled."""
    qtbot.waitUntil(lambda: not window.exports.running, timeout=30000)
    return window.exports.last


def said(window) -> str:  # type: ignore[no-untyped-def]
    return window.statusBar().currentMessage()


def test_export_pdf_from_the_report_view_reads_back(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "tables.pdf"
    window.ask_export_target = lambda parent: (target, "pdf")
    qtbot.keyClick(window, Qt.Key.Key_F4)  # View > Report
    report_view = window.report
    assert window.tabs.currentWidget() is report_view
    assert window.export_action in report_view.toolbar.actions()
    assert window.letters_action in report_view.toolbar.actions()
    shown: list[tuple[bool, str]] = []  # the status bar as each job starts (a PDF may be done before a poll)
    window.jobs.started.connect(lambda _n, _label: shown.append(
        (window.job_status.isVisible(), window.job_status.label.text())))
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)  # the checks first (nothing found), then the export
    qtbot.waitUntil(lambda: target.exists() and not window.jobs.running, timeout=30000)
    assert finished(qtbot, window) is None
    # its progress and Cancel are in the status bar, not a window
    assert any(visible and text.startswith("Writing the report tables (PDF)") for visible, text in shown), shown
    assert said(window) == f"The report tables were written to {target}"
    assert not window.job_status.isVisible()
    # what was written stays in view after the message has gone, its folder a click away
    window.statusBar().clearMessage()
    written = window.exports.written
    assert written.isVisible() and written.text() == "Written: tables.pdf" and str(target) in written.toolTip()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    qtbot.mouseClick(window.exports.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path)]
    check_pdf(target.read_bytes(), build_report(window.controller.service.tally()))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tables")] == []  # no temp file left


def test_file_menu_shows_the_export_shortcuts(window) -> None:  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    texts = {a.text(): a.shortcut().toString() for a in file_menu.actions()}
    assert texts["&Export report tables…"] == "Ctrl+E"
    assert texts["Referral &letters…"] == "Ctrl+Shift+E"


def test_the_chosen_filter_gives_the_format_and_the_extension() -> None:
    assert target_and_format("/x/tables", "Word document (*.docx)") == (Path("/x/tables.docx"), "docx")
    assert target_and_format("/x/t.XLSX", "PDF document (*.pdf)") == (Path("/x/t.XLSX"), "xlsx")
    assert target_and_format("/x/t.csv", "") == (Path("/x/t.csv"), "csv")


def test_cancel_leaves_no_file(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hold = held_export(monkeypatch, tmp_path / "hold")  # the worker waits there until the user has pressed Cancel
    out = tmp_path / "out"
    out.mkdir()
    target = out / "tables.pdf"
    window.export_tables(target, "pdf")
    status = window.job_status
    assert status.isVisible() and status.label.text().startswith("Writing the report tables (PDF)")
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window] == []  # no window
    assert status.cancel.text() == "Cancel" and status.cancel.isEnabled()
    assert hold.wait_inside()  # writing its temporary file
    qtbot.mouseClick(status.cancel, Qt.MouseButton.LeftButton)
    assert not status.cancel.isEnabled() and status.label.text().startswith("Cancelling")
    hold.release()
    assert finished(qtbot, window) is None  # no error
    assert list(out.iterdir()) == []
    assert said(window) == "Export cancelled: nothing was written."
    assert not status.isVisible()


def test_export_to_a_missing_folder_shows_the_message_and_writes_nothing(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "no-such-folder"
    window.ask_export_target = lambda parent: (missing / "tables.docx", "docx")
    window.export_action.trigger()  # the checks first (nothing found), then the export
    qtbot.waitUntil(lambda: window.exports.last is not None, timeout=20000)
    box = finished(qtbot, window)
    assert box.accessibleName() == "Problem"
    assert box.text() == f"Cannot write in {missing}: the folder does not exist."
    assert not missing.exists()


def test_referral_letters_to_a_chosen_folder(qtbot, window_awaiting_letters, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = window_awaiting_letters
    folder = tmp_path / "letters"
    folder.mkdir()
    window.ask_letters_folder = lambda parent: folder
    referred = window.controller.service.referrals()
    from tests.gui.test_team_round_trip import when_modal
    from widgets.letters_dialog import LettersDialog

    when_modal(LettersDialog, lambda dialog: dialog.write())  # every unsent referral, as ticked by default
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    assert finished(qtbot, window) is None
    assert f"Wrote {len(referred)} letter(s)" in said(window)
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == len(referred) + 1  # one each plus the combined PDF
    assert referred[0].case_ref in pdf_text(next(p for p in pdfs if referred[0].case_ref in p.name))
    raised = [r.case_ref for r in referred if r.status == "raised"]
    assert raised  # the demo has referrals still waiting for their letter
    after = {r.case_ref: r.status for r in window.controller.service.referrals()}
    assert all(after[ref] == LETTER_SENT for ref in raised)


def test_closing_the_inspection_during_an_export_cancels_it_first(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hold = held_export(monkeypatch, tmp_path / "hold")
    out = tmp_path / "out"
    out.mkdir()
    window.export_tables(out / "tables.pdf", "pdf")
    job = window.exports.job
    assert hold.wait_inside()
    cancel = job.cancel
    job.cancel = lambda: (cancel(), hold.release())  # release the worker only once the cancel is in
    window.close_inspection()
    assert job.done.is_set() and not window.exports.running
    assert window.controller is None and list(out.iterdir()) == []
    # The job's "cancelled" was queued before done was set: deliver it now; it must change nothing.
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()
    assert window.exports.last is None


def test_closing_the_window_while_an_export_will_not_stop_keeps_the_inspection_open(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hold = held_export(monkeypatch, tmp_path / "hold")  # a slow write: cancelling does not free it
    monkeypatch.setattr(window.exports, "STOP_WAIT", 0.1)  # seconds the cancelled export gets to stop
    out = tmp_path / "out"
    out.mkdir()
    window.export_tables(out / "tables.pdf", "pdf")
    job = window.exports.job
    path = window.controller.path
    assert hold.wait_inside()  # the export's worker is busy writing
    try:
        assert not window.close()  # Ctrl+Q / the title bar's close: refused while the export runs
        assert window.isVisible() and window.controller is not None and window.controller.path == path
        assert window.exports.running and not job.done.is_set()
        box = window.errors.last
        assert box is not None and box.accessibleName() == "Problem"
        assert "An export is still finishing; try again in a moment." in box.text()
        box.close()
        assert len(window.controller.cases()) == 89  # the inspection still reads: it was never closed
    finally:
        hold.release()
    assert finished(qtbot, window) is None  # the cancel took effect: no "finished" message, no error
    assert job.done.is_set() and list(out.iterdir()) == []
    window.close_inspection()  # with the export over, closing goes through
    assert window.controller is None
