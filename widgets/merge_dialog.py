"""Merge return packages: pick the files, watch the progress, read the merge report (what came in from whom).

The merge runs off the GUI thread (ten packages of 10,000 assessments take seconds); it is one transaction,
so it cannot be cancelled half-way, and the dialog stays open until it has finished.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange_controller import ExchangeController
from desktop.export_job import ExportJob
from models.merge import MergeReport
from widgets.dialogs import ErrorReporter


class MergeDialog(QDialog):
    finished_merge = Signal()  # after every run, merged or refused

    def __init__(self, controller: ExchangeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge return packages")
        self.controller = controller
        self.report: MergeReport | None = None
        self.job: ExportJob | None = None
        self.files = QListWidget()
        self.files.setAccessibleName("Return packages")
        self.add = QPushButton("&Add packages…")
        self.merge = QPushButton("&Merge")
        self.progress = QProgressBar()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Merge problem")
        self.problem.setStyleSheet("color: #a50f15; font-weight: bold;")
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName("Merge report")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.merge)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        self.add.clicked.connect(self._choose)
        self.merge.clicked.connect(self.run)

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            self.files.addItem(str(path))

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Return packages")
        self.add_paths([Path(n) for n in names])

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def _step(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def run(self) -> None:
        if self.job is not None:
            return
        self.problem.setText("")
        self.summary.setPlainText("Merging…")
        self.progress.setValue(0)
        paths = self.paths()

        def work(progress):  # type: ignore[no-untyped-def]
            return self.controller.merge(paths, lambda done, total: progress(done, total))

        self.job = ExportJob(work, self)
        self.job.progressed.connect(self._step)
        self.job.succeeded.connect(self._merged)
        self.job.failed.connect(self._refused)
        self.job.crashed.connect(self._crashed)
        self._busy(True)
        self.job.start()

    def _busy(self, busy: bool) -> None:
        for button in (self.add, self.merge):
            button.setEnabled(not busy)

    def _done(self) -> None:
        self.job = None
        self._busy(False)
        self.finished_merge.emit()

    def _merged(self, report: MergeReport) -> None:
        self.report = report
        self.controller.merge_finished()
        self.summary.setPlainText("\n".join(report.lines()) or "Nothing to merge.")
        self._done()

    def _refused(self, message: str) -> None:
        self.summary.setPlainText("")
        self.problem.setText(f"{message} Nothing was merged.")
        self._done()

    def _crashed(self, summary: str, details: str) -> None:
        self.summary.setPlainText("")
        self.problem.setText("The merge failed unexpectedly. Nothing was merged.")
        ErrorReporter(self).bug(summary, details)
        self._done()

    def reject(self) -> None:
        if self.job is not None:  # one transaction: it completes or rolls back, and this dialog waits for it
            self.problem.setText("The merge is still running; it completes in one go or not at all.")
            return
        super().reject()
