"""Allocate the sample round-robin to chosen team members, with a share double-graded blind; export packages."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QWidget,
)

from desktop.controllers.exchange import ExchangeController
from desktop.controllers.jobs import JobFailure
from desktop.controllers.runner import JobRunner
from models.errors import FieldworkError
from models.untrusted import printable
from widgets.job_status import JobDialog

_UNSAFE = re.compile(r"[^\w .-]")


def package_file_name(inspector: str, kind: str = "fieldwork") -> str:
    """A member's name (from an identity card, so anything) as a plain file name that stays in the chosen folder.

    Letters, digits, space, hyphen, underscore and dot are kept (spaces become hyphens); anything else,
    path separators included, becomes an underscore, and no name starts with a dot.
    """
    stem = _UNSAFE.sub("_", inspector.strip()).replace(" ", "-").lstrip(".") or "inspector"
    return f"{kind}-{stem}.pkg"


class AllocationDialog(JobDialog):
    """Allocation, then the fieldwork packages written by a background job (the window's runner): its progress
    here, and closing the dialog while they are written cancels them."""

    def __init__(self, controller: ExchangeController, parent: QWidget | None = None,
                 jobs: JobRunner | None = None) -> None:
        super().__init__(jobs, parent)
        self.setWindowTitle(self.tr("Allocate cases"))
        self.controller = controller
        self.inspectors = QListWidget()
        self.inspectors.setAccessibleName(self.tr("Inspectors"))
        for member in controller.team():
            item = QListWidgetItem(printable(member.name))  # the name came on a card: shown, never obeyed
            item.setData(Qt.ItemDataRole.UserRole, member.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member.role == "inspector" else Qt.CheckState.Unchecked)
            self.inspectors.addItem(item)
        self.share = QDoubleSpinBox()
        self.share.setAccessibleName(self.tr("Double-graded share"))
        self.share.setRange(0, 100)
        self.share.setSuffix(" %")
        self.share.setValue(20)
        self.allocate = QPushButton(self.tr("&Allocate"))
        self.export = QPushButton(self.tr("&Export fieldwork packages…"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Allocation status"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Packages written"))
        self.progress.hide()  # shown while the packages are written
        form = QFormLayout(self)
        form.addRow(self.tr("Inspectors (round robin):"), self.inspectors)
        form.addRow(self.tr("Double-graded (blind second grader):"), self.share)
        form.addRow(self.allocate)
        form.addRow(self.export)
        form.addRow(self.progress)
        form.addRow(self.status)
        self.allocate.clicked.connect(self.run)
        self.export.clicked.connect(self._choose_folder)

    def chosen(self) -> list[str]:
        return [self.inspectors.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.inspectors.count())
                if self.inspectors.item(i).checkState() == Qt.CheckState.Checked]

    def run(self) -> None:
        try:
            count = self.controller.allocate_round_robin(self.chosen(), self.share.value() / 100)
        except FieldworkError as error:
            self.status.setText(str(error))
            return
        doubles = sum(1 for a in self.controller.allocations() if a.second)
        self.status.setText(self.tr("Allocated {count} case(s) to {chosen} inspector(s); {doubles} double-graded.").format(count=count, chosen=len(self.chosen()), doubles=doubles))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the fieldwork packages (e.g. the USB stick)"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> list[Path]:
        """The packages are written by a background job; returns where they will be (the status says when)."""
        if self.ticket is not None:
            return []
        targets: list[tuple[str, Path]] = []
        for name in self.chosen():
            target = folder / package_file_name(name)
            if target in (t for _n, t in targets):  # two names that differ only in replaced characters
                target = target.with_name(f"{target.stem}-{len(targets) + 1}.pkg")
            targets.append((name, target))
        try:
            job = self.controller.fieldwork_job(targets)
        except FieldworkError as error:
            self.status.setText(str(error))
            return []
        self.status.setText(self.tr("Writing {targets} fieldwork package(s)…").format(targets=len(targets)))

        def written(paths: list[Path]) -> None:
            self.status.setText(QCoreApplication.translate("allocation_dialog", "Wrote {paths} fieldwork package(s) to {folder}.").format(paths=len(paths), folder=folder))
            self._ended()

        self.submit(job, written)
        return [t for _n, t in targets]

    # what the dialog shows of the job (JobDialog)
    def _busy(self, busy: bool) -> None:
        self.export.setEnabled(not busy)
        self.allocate.setEnabled(not busy)
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)

    def _cancelling(self) -> None:
        self.status.setText(self.tr("Cancelling… a package being written is not kept."))

    def _failed(self, failure: JobFailure) -> None:
        self.status.setText(failure.message)

    def _cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled; the packages not yet written were not written."))

    def _crash_shown(self, summary: str) -> None:
        self.status.setText(self.tr("Writing the packages stopped on an unexpected error ({summary}).").format(
            summary=summary))
