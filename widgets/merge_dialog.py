"""Merge return packages: pick the files, watch the progress, read the merge report (what came in from whom).

The merge runs on the GUI thread, in one transaction: a team's packages merge in well under a second (ten
packages of 10,000 assessments take about 4 s). A worker thread was tried and crashed intermittently
(segmentation faults during garbage collection while SQLAlchemy ran on the worker), so it was taken out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
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
from models.errors import FieldworkError
from models.team.merge import MergeReport
from widgets.dialogs import problem_label


class MergeDialog(QDialog):
    def __init__(self, controller: ExchangeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge return packages")
        self.controller = controller
        self.report: MergeReport | None = None
        self.files = QListWidget()
        self.files.setAccessibleName("Return packages")
        self.add = QPushButton("&Add packages…")
        self.merge = QPushButton("&Merge")
        self.progress = QProgressBar()
        self.problem = problem_label("Merge problem")  # plain text: it may quote an unverified sender
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)  # Tab moves on: a keyboard user must not be trapped
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
        self.problem.setText("")
        self.summary.setPlainText("")
        self.progress.setValue(0)
        try:
            self.report = self.controller.merge(self.paths(), self._step)
        except FieldworkError as error:
            self.problem.setText(f"{error} Nothing was merged.")
            return
        self.summary.setPlainText("\n".join(self.report.lines()) or "Nothing to merge.")
