"""Merge return packages: pick the files, watch the progress, read the merge report (what came in from whom)."""

from __future__ import annotations

from pathlib import Path

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
from models.errors import FieldworkError
from models.merge import MergeReport


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
        self.problem.setText("")
        self.summary.setPlainText("")
        self.progress.setValue(0)
        try:
            self.report = self.controller.merge(self.paths(), self._step)
        except FieldworkError as error:
            self.problem.setText(f"{error} Nothing was merged.")
            return
        self.summary.setPlainText("\n".join(self.report.lines()) or "Nothing to merge.")
