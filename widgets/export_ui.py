"""Export from the GUI: choose the format and file (or the letters' folder), then progress and Cancel in the
status bar.

The writing itself is exports.writers (the same functions the CLI uses), run as a job by the window's
JobRunner (desktop.controllers.jobs) off the GUI thread. This module holds only the asking and the showing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QToolButton, QWidget

from desktop.controllers.jobs import Job, JobFailure
from desktop.controllers.runner import JobRunner, JobsStillRunning, Ticket
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
    """At most one export at a time. Its progress and Cancel are the status bar's (JobStatus), like every other
    job's: no window of its own, whose first showing would hold up the event loop. Its outcome is said in the
    status bar; a problem in a message box."""

    STOP_WAIT = 5.0  # seconds a cancelled export gets to stop before closing is refused
    SHOWN_MS = 30_000  # how long the outcome stays in the status bar

    def __init__(self, parent: QMainWindow, errors: ErrorReporter, jobs: JobRunner) -> None:
        super().__init__(parent)
        self.window = parent
        self.errors = errors
        self.jobs = jobs
        self.job: Ticket | None = None
        self.last: QMessageBox | None = None  # the last problem shown; None when the export succeeded
        self.said = ""  # the last outcome said in the status bar
        self._describe: Callable[[object], str] = str
        self._after: Callable[[], None] | None = None
        self._folder: Path | None = None  # where the running export writes, when its result does not say
        self._shown_folder: Path | None = None  # the folder of what was last written
        # What was last written stays in view (the status bar's message goes at the next one), with its
        # folder a click away: the whole description in the tooltip, selectable, and for a screen reader.
        self.written = QLabel()
        self.written.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.written.setAccessibleName(self.tr("Last export"))
        self.open_folder = QToolButton()  # a tool button, as the job's Cancel: the status bar makes room for its
        self.open_folder.setText(self.tr("Open folder"))  # tallest widget, shown or not; a line of text at most
        self.open_folder.setAutoRaise(True)
        self.open_folder.setMaximumHeight(parent.fontMetrics().height() + 4)
        self.open_folder.setAccessibleName(self.tr("Open the folder of the last export"))
        self.open_folder.clicked.connect(self._open_folder)
        for widget in (self.written, self.open_folder):
            widget.hide()
            parent.statusBar().addPermanentWidget(widget)

    @property
    def running(self) -> bool:
        return self.job is not None

    def run(self, label: str, work: Job, describe: Callable[[Any], str],  # Any: whatever the job returned
            after: Callable[[], None] | None = None, folder: Path | None = None) -> Ticket:
        if self.job is not None:
            raise FieldworkError("An export is already running; wait for it to finish or cancel it.")
        self._describe, self._after, self._folder = describe, after, folder
        self.last, self.said = None, ""
        # callbacks run on the GUI thread, from the runner's timer; the worker only fills a mailbox
        self.job = self.jobs.submit(work, on_succeeded=self._succeeded, on_failed=self._failed,
                                    on_cancelled=self._cancelled, on_crashed=self._crashed,
                                    title=label.rstrip("…").rstrip("."))
        return self.job

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

    def _end(self) -> None:
        self.job = None
        if self._after is not None:
            self._after()

    def _say(self, text: str) -> None:
        self.said = " ".join(text.split())  # one line: the status bar shows no more
        self.window.statusBar().showMessage(self.said, self.SHOWN_MS)

    def _succeeded(self, result: object) -> None:
        if self.job is None:
            return
        self._end()
        described = self._describe(result)
        self._say(described)
        folder = self._folder or (result.parent if isinstance(result, Path) else None)
        name = result.name if isinstance(result, Path) else (folder.name if folder else "")
        self.written.setText(self.tr("Written: {name}").format(name=name))
        self.written.setToolTip(described)
        self.written.setAccessibleDescription(described)
        self.written.show()
        self.open_folder.setToolTip(str(folder) if folder else "")
        self.open_folder.setVisible(folder is not None)
        self._shown_folder = folder

    def _open_folder(self) -> None:
        folder = self._shown_folder
        if folder is not None:  # the system's file manager, on this laptop's own disk
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _cancelled(self) -> None:
        if self.job is None:
            return
        self._end()
        self._say(self.tr("Export cancelled: nothing was written."))

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
