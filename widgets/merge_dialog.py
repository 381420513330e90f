"""Merge return packages: pick the files, watch the progress, read the merge report (what came in from whom).

The merge runs as a background job (desktop.controllers.jobs) on its own connection, in one transaction:
Cancel rolls it back, and the window stays live while ten packages of 10,000 assessments merge.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.exchange import ExchangeController
from desktop.controllers.jobs import JobFailure
from desktop.controllers.runner import JobRunner
from models.errors import FieldworkError
from models.team.merge import MergeReport
from widgets.dialogs import problem_label
from widgets.job_status import JobDialog


class MergeDialog(JobDialog):
    def __init__(self, controller: ExchangeController, parent: QWidget | None = None,
                 jobs: JobRunner | None = None) -> None:
        super().__init__(jobs, parent)
        self.jobs.warm_up()  # the merge runs in a worker process: started while the lead picks the packages
        self.setWindowTitle(self.tr("Merge return packages"))
        self.controller = controller
        self.report: MergeReport | None = None
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("Return packages"))
        self.add = QPushButton(self.tr("&Add packages…"))
        self.merge = QPushButton(self.tr("&Merge"))
        self.cancel = QPushButton(self.tr("Cancel merge"))
        self.cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Merge progress"))
        self.problem = problem_label(self.tr("Merge problem"))  # plain text: it may quote an unverified sender
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)  # Tab moves on: a keyboard user must not be trapped
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName(self.tr("Merge report"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.merge)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        self.add.clicked.connect(self._choose)
        self.merge.clicked.connect(self.run)
        self.cancel.clicked.connect(self._cancel)

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            self.files.addItem(str(path))

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Return packages")
        self.add_paths([Path(n) for n in names])

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def run(self) -> None:
        if self.ticket is not None:
            return
        self.problem.setText("")
        self.summary.setPlainText("")
        self.progress.setValue(0)
        self.report = None
        try:
            job = self.controller.merge_job(self.paths())
        except FieldworkError as error:
            self.problem.setText(self.tr("{error} Nothing was merged.").format(error=error))
            return
        self.summary.setPlainText(self.tr("Merging… the window stays usable; Cancel rolls the merge back."))
        self.submit(job, self._merged)

    def _busy(self, busy: bool) -> None:
        self.merge.setEnabled(not busy)
        self.add.setEnabled(not busy)
        self.cancel.setEnabled(busy)

    def _cancelling(self) -> None:
        self.cancel.setEnabled(False)
        self.summary.setPlainText(self.tr("Cancelling… nothing of this merge is kept."))

    def _merged(self, report: MergeReport) -> None:
        self.report = report
        self.progress.setValue(self.progress.maximum())
        self.summary.setPlainText("\n".join(report.lines()) or self.tr("Nothing to merge."))
        self.controller.merged()
        self._ended()

    def _failed(self, failure: JobFailure) -> None:
        self.summary.setPlainText("")
        self.problem.setText(self.tr("{message} Nothing was merged.").format(message=failure.message))

    def _cancelled(self) -> None:
        self.summary.setPlainText(self.tr("Merge cancelled; nothing was merged."))

    def _crash_shown(self, summary: str) -> None:
        self.summary.setPlainText("")
        self.problem.setText(self.tr("The merge stopped on an unexpected error ({summary}). Nothing was merged.").format(summary=summary))
