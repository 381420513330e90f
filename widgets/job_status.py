"""The running background job in the status bar: what it is, how far it has got, and a Cancel button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QToolButton, QWidget

from desktop.controllers.jobs import JobRunner


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
