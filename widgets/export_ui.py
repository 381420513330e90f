"""Export from the GUI: choose the format and file (or the letters' folder), then a progress dialog with Cancel.

The writing itself is exports.writers (the same functions the CLI uses), run as a job by the window's
JobRunner (desktop.controllers.jobs) off the GUI thread. This module holds only the asking and the showing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QProgressDialog, QWidget

from desktop.controllers.jobs import Job, JobFailure, JobRunner, JobsStillRunning, Ticket
from models.errors import FieldworkError
from widgets.dialogs import ErrorReporter

# (file dialog filter, format key), in the order offered
TABLE_FILTERS = (("PDF document (*.pdf)", "pdf"), ("Word document (*.docx)", "docx"),
                 ("Excel workbook (*.xlsx)", "xlsx"), ("CSV file (*.csv)", "csv"))

AskTarget = Callable[[QWidget], "tuple[Path, str] | None"]
AskFolder = Callable[[QWidget], "Path | None"]


def target_and_format(name: str, chosen_filter: str) -> tuple[Path, str]:
    """The format follows the file's extension when it names one, else the chosen filter (which adds it)."""
    path = Path(name)
    known = {fmt for _f, fmt in TABLE_FILTERS}
    suffix = path.suffix.lower().lstrip(".")
    if suffix in known:
        return path, suffix
    fmt = dict(TABLE_FILTERS).get(chosen_filter, "pdf")
    return path.with_name(f"{path.name}.{fmt}"), fmt


def ask_export_target(parent: QWidget) -> tuple[Path, str] | None:
    name, chosen = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("export_ui", "Export report tables"), "",
                                               ";;".join(f for f, _fmt in TABLE_FILTERS))
    return target_and_format(name, chosen) if name else None


def ask_letters_folder(parent: QWidget) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, QCoreApplication.translate("export_ui", "Folder for the referral letters"))
    return Path(name) if name else None


class ExportStillRunning(JobsStillRunning):
    """A cancelled export has not stopped yet: the inspection it reads must stay open until it has."""


class ExportRunner(QObject):
    """At most one export at a time; progress dialog with Cancel; the outcome shown in plain words."""

    STOP_WAIT = 5.0  # seconds a cancelled export gets to stop before closing is refused

    def __init__(self, parent: QWidget, errors: ErrorReporter, jobs: JobRunner) -> None:
        super().__init__(parent)
        self.window = parent
        self.errors = errors
        self.jobs = jobs
        self.job: Ticket | None = None
        self.dialog: QProgressDialog | None = None
        self.bar: QProgressBar | None = None
        self.last: QMessageBox | None = None  # the last outcome message, for tests and screenshots
        self._describe: Callable[[object], str] = str
        self._after: Callable[[], None] | None = None

    @property
    def running(self) -> bool:
        return self.job is not None

    def run(self, label: str, work: Job, describe: Callable[[Any], str],  # Any: whatever the job returned
            after: Callable[[], None] | None = None) -> Ticket:
        if self.job is not None:
            raise FieldworkError("An export is already running; wait for it to finish or cancel it.")
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, self.window)
        dialog.setWindowTitle(self.tr("Exporting"))
        dialog.setAccessibleName(self.tr("Export progress"))
        dialog.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable: grading goes on
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        # progress goes to the bar directly: QProgressDialog.setValue on a modal dialog runs a nested
        # event loop, in which the job's outcome could close the dialog under it
        self.bar = QProgressBar(dialog)
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(self.tr("Export progress bar"))
        dialog.setBar(self.bar)
        self.dialog, self._describe, self._after = dialog, describe, after
        dialog.show()
        # callbacks run on the GUI thread, from the runner's timer; the worker only fills a mailbox
        self.job = self.jobs.submit(work, on_succeeded=self._succeeded, on_failed=self._failed,
                                    on_cancelled=self._cancelled, on_progress=self._progressed,
                                    on_crashed=self._crashed)
        dialog.canceled.connect(self._cancel)
        return self.job

    def _cancel(self) -> None:
        if self.job is not None:
            self.jobs.cancel(self.job)

    def stop(self) -> None:
        """Cancel a running export and wait for its thread, so the inspection never closes under it.

        Raises ExportStillRunning (and leaves the export to finish and report as usual) when the
        thread has not stopped within STOP_WAIT seconds.
        """
        job = self.job
        if job is None:
            return
        self.jobs.cancel(job)  # one still queued behind another job is dropped at once
        if self.job is None:
            return
        if not job.done.wait(self.STOP_WAIT):
            raise ExportStillRunning("An export is still finishing; try again in a moment.")
        self._after = None
        self._end()  # its outcome, collected next, then finds no job and is ignored

    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None and self.bar is not None and not self.dialog.wasCanceled():
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(min(done, max(total, 1)))

    def _end(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.job = self.dialog = None
        if self._after is not None:
            self._after()

    def _succeeded(self, result: object) -> None:
        if self.job is None:
            return
        self._end()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export finished"), self._describe(result),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setAccessibleName(self.tr("Export finished"))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last = box
        box.open()

    def _cancelled(self) -> None:
        if self.job is None:
            return
        self._end()

    def _failed(self, failure: JobFailure) -> None:
        if self.job is None:
            return
        self._end()
        self.last = self.errors.known(failure.message)

    def _crashed(self, summary: str, details: str) -> None:
        if self.job is None:
            return
        self._end()
        self.last = self.errors.bug(summary, details)
