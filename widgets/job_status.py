"""The running background job in the status bar: what it is, how far it has got, and a Cancel button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QToolButton, QWidget

from desktop.controllers.jobs import Job, JobFailure
from desktop.controllers.runner import JobRunner, Ticket


class JobStatus(QWidget):
    """Hidden while nothing runs; shows the job's label, its progress and Cancel while one does."""

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.setAccessibleName(self.tr("Background job"))
        self.label = QLabel("")
        self.label.setAccessibleName(self.tr("Running job"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Job progress"))
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(16)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton()  # a tool button: no taller than the status bar's text
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setAutoRaise(True)
        self.cancel.setAccessibleName(self.tr("Cancel the running job"))
        self.cancel.setToolTip(self.tr("Stop it: nothing it was writing is kept"))
        self.cancel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        # the status bar makes room for its tallest widget, shown or not: never more than a line of text
        self.setMaximumHeight(self.fontMetrics().height() + 4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self._label = ""
        self._waiting = 0
        self.cancel.clicked.connect(self._cancel)
        jobs.started.connect(self._started)
        jobs.progressed.connect(self._progressed)
        jobs.waiting.connect(self._waiting_changed)
        jobs.ended.connect(self._ended)
        self.hide()

    def _show_label(self) -> None:
        more = f" (+{self._waiting} waiting)" if self._waiting else ""
        self.label.setText(self.tr("{label}…{more}").format(label=self._label, more=more))

    def _started(self, _number: int, label: str) -> None:
        self._label = label
        self.bar.setRange(0, 0)  # busy until the first progress arrives
        self.cancel.setEnabled(True)
        self._show_label()
        self.show()

    def _progressed(self, _number: int, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def _waiting_changed(self, count: int) -> None:
        self._waiting = count
        if self._label:
            self._show_label()

    def _ended(self, _number: int, _outcome: str) -> None:
        if not self.jobs.running:
            self._label = ""
            self.hide()

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)  # the job stops at its next boundary
        self.label.setText(self.tr("Cancelling: {lower}…").format(lower=self._label.lower()))
        self.jobs.cancel()


class JobFollowing:
    """What a dialog (or wizard) that runs one background job at a time does: it follows the job's progress,
    cancels it on request, and closing it while the job runs cancels the job and closes once it has rolled
    back. Mixed in before the Qt class (class X(JobFollowing, QDialog)); call _follow_jobs in __init__.

    Each says what it shows: a `progress` bar, and _busy, _cancelling, _failed, _cancelled, _crash_shown; the
    outcome of a job that succeeded goes to the callback given to submit(), which calls _ended()."""

    progress: QProgressBar
    jobs: JobRunner
    ticket: Ticket | None
    _close_when_done: bool

    def _follow_jobs(self, jobs: JobRunner | None) -> None:
        assert isinstance(self, QObject)
        self.jobs = jobs or JobRunner(self)  # the window's runner; a runner of its own when shown alone
        self.ticket = None
        self._close_when_done = False

    @property
    def running(self) -> bool:
        return self.ticket is not None

    def submit(self, job: Job, succeeded: Any) -> None:
        self._busy(True)
        self.ticket = self.jobs.submit(job, on_succeeded=succeeded, on_failed=self._job_failed,
                                       on_cancelled=self._job_cancelled, on_progress=self._step,
                                       on_crashed=self._crashed)

    def _step(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _cancel(self) -> None:
        if self.ticket is not None:
            self._cancelling()
            self.jobs.cancel(self.ticket)

    def _ended(self) -> None:
        self.ticket = None
        self._busy(False)
        if self._close_when_done:
            self._close_when_done = False
            super().reject()  # type: ignore[misc]  # the Qt dialog's, next in line

    def _job_failed(self, failure: JobFailure) -> None:
        self._failed(failure)
        self._ended()

    def _job_cancelled(self) -> None:
        self._cancelled()
        self._ended()

    def _crashed(self, summary: str, details: str) -> None:
        self._crash_shown(summary)
        self.jobs.bug.emit(summary, details)  # the crash dialog, with the details to report
        self._ended()

    def reject(self) -> None:
        """Closing while the job runs cancels it; the dialog closes once it has rolled back."""
        if self.ticket is not None:
            self._close_when_done = True
            self._cancel()
            return
        super().reject()  # type: ignore[misc]

    # what each dialog shows
    def _busy(self, busy: bool) -> None:
        raise NotImplementedError

    def _cancelling(self) -> None:
        raise NotImplementedError

    def _failed(self, failure: JobFailure) -> None:
        raise NotImplementedError

    def _cancelled(self) -> None:
        raise NotImplementedError

    def _crash_shown(self, summary: str) -> None:
        raise NotImplementedError


class JobDialog(JobFollowing, QDialog):
    """A dialog that runs one background job at a time (a merge, a publication, fieldwork packages)."""

    def __init__(self, jobs: JobRunner | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_jobs(jobs)
