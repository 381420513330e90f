"""Publishing a finished inspection to the headquarters PostgreSQL database, as `fieldwork publish` does.

The dialog opens no connection: it shows what will be published and checks what it can on this laptop (the
inspection is finished; the connection string's TLS). Only Publish connects, in a background job
(desktop.controllers.jobs.PublishJob) with its own connection to the file; Cancel before the server commits
rolls everything back. The password is typed here for this publication and never kept; the connection string
is remembered without any password.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController
from desktop.controllers.jobs import JobFailure, PublishJob
from desktop.controllers.runner import JobRunner
from desktop.laptop.settings import Settings
from models.errors import FieldworkError
from models.headquarters.transport import DATABASE_ENV
from widgets.dialogs import buddy_label, problem_label, show_status
from widgets.job_status import JobDialog

if TYPE_CHECKING:  # the PostgreSQL driver loads only when this dialog opens
    from models.headquarters.server import PublishResult

SQLALCHEMY_PREFIXES = ("postgresql+psycopg://", "postgresql+psycopg2://")


def connection_string(text: str) -> str:
    """The DSN as libpq reads it: SQLAlchemy-style URLs are accepted too, as on the command line."""
    dsn = text.strip()
    for prefix in SQLALCHEMY_PREFIXES:
        if dsn.startswith(prefix):
            return "postgresql://" + dsn[len(prefix):]
    return dsn


class PublishDialog(JobDialog):
    """Where to publish, what will be published, then Publish (with progress and Cancel)."""

    def __init__(self, controller: InspectionController, settings: Settings, parent: QWidget | None = None,
                 jobs: JobRunner | None = None) -> None:
        super().__init__(jobs, parent)
        self.controller = controller
        self.settings = settings
        self.outcome: PublishResult | None = None
        self.setWindowTitle(self.tr("Publish to headquarters"))
        self.setAccessibleName(self.tr("Publish to headquarters"))
        self.setMinimumWidth(700)

        intro = QLabel(self.tr("The inspection's cases, referrals and agreement figures go to the headquarters "
                               "PostgreSQL database, without evidence notes. Nothing is sent until you press "
                               "Publish."))
        intro.setWordWrap(True)

        # the last one used, else the command line's variable; never a guessed default
        self.dsn = QLineEdit(settings.hq_database or os.environ.get(DATABASE_ENV, ""))
        self.dsn.setPlaceholderText(self.tr("postgresql://user@hq.example.org/fieldwork?sslmode=verify-full"))
        self.dsn.setAccessibleName(self.tr("Connection string"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("asked for this publication only; never kept"))
        self.insecure = QCheckBox(self.tr("Allow an &unencrypted connection (not recommended)"))
        self.insecure.setToolTip(self.tr("Send to a server on the network without verified TLS "
                                         "(sslmode=verify-full); the command line's --insecure."))
        self.warning = problem_label(self.tr("Connection warning"))
        where = QFormLayout()
        where.addRow(buddy_label(self.tr("&Connection string:"), self.dsn), self.dsn)
        where.addRow(buddy_label(self.tr("Pass&word:"), self.password), self.password)
        where.addRow("", self.insecure)
        where.addRow("", self.warning)

        self.what = QGroupBox(self.tr("What will be published"))
        figures = QFormLayout(self.what)
        self.force = QLabel()
        self.framework = QLabel()
        self.year = QLabel()
        self.cases = QLabel()
        self.final = QLabel()
        self.grading = QLabel()
        self.grading.setWordWrap(True)
        for name, label in ((self.tr("Force:"), self.force), (self.tr("Framework:"), self.framework),
                            (self.tr("Year:"), self.year), (self.tr("Cases:"), self.cases),
                            (self.tr("Report:"), self.final), (self.tr("Grading:"), self.grading)):
            label.setAccessibleName(name.rstrip(":"))
            figures.addRow(name, label)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Publishing progress"))
        self.progress.setValue(0)
        self.progress.setVisible(False)  # shown once Publish is pressed
        self.status = problem_label(self.tr("Publishing status"))
        self.publish = QPushButton(self.tr("&Publish"))
        self.publish.setDefault(True)
        self.cancel = QPushButton(self.tr("Cancel publishing"))
        self.cancel.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.publish)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(where)
        layout.addWidget(self.what)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.dsn.textChanged.connect(self._show_warning)
        self.insecure.toggled.connect(self._show_warning)
        self.publish.clicked.connect(self.run)
        self.cancel.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.reject)
        self.publishable = self._show_inspection()
        self._busy(False)
        self._show_warning()

    # -- what will be published: read from the open file, as the command line checks it before connecting ----

    def _show_inspection(self) -> bool:
        """Fill in the figures; False (with the command line's message) when the inspection is not finished."""
        from models.headquarters.server import not_finished

        info = self.controller.info()
        tally = self.controller.service.tally()
        self.force.setText(info.force_name)
        self.framework.setText(info.framework_name)
        self.year.setText(str(info.year))
        self.cases.setText(str(tally.total))
        mark = self.controller.final
        if mark:
            self.final.setText(self.tr("Final (marked by {by} on {at})").format(by=mark.get("by", ""),
                                                                                at=mark.get("at", "")[:10]))
        else:
            self.final.setText(self.tr("Not marked final"))
        if tally.provisional:
            self.grading.setText(not_finished(self.controller.path.name, tally))
            self.grading.setStyleSheet(self.status.styleSheet())
            return False
        self.grading.setText(self.tr("Every case has a settled grade; none awaits moderation."))
        return True

    def _show_warning(self) -> None:
        """The command line's warning when the connection would not be verified TLS and that is allowed."""
        from models.headquarters.server import describe_dsn
        from models.headquarters.transport import secure_transport

        dsn = connection_string(self.dsn.text())
        warning = None
        if dsn and self.insecure.isChecked():
            try:
                warning = secure_transport(dsn, insecure=True, where=describe_dsn(dsn)).warning
            except FieldworkError:
                warning = None
        self.warning.setText(warning[:1].upper() + warning[1:] if warning else "")
        self.warning.setVisible(bool(warning))

    # -- publishing ----------------------------------------------------------------------------------------

    def run(self) -> None:
        """Publish in the background: the one place the desktop app connects to a network."""
        if self.ticket is not None or not self.publishable:
            return
        self.outcome = None
        dsn = connection_string(self.dsn.text())
        if not dsn:
            show_status(self.status, self.tr("Give the headquarters database's connection string, for example "
                                             "postgresql://user@hq.example.org/fieldwork?sslmode=verify-full."),
                        problem=True)
            self.dsn.setFocus()
            return
        self.settings.hq_database = dsn  # remembered without its password
        job = PublishJob(**self.controller.job_fields(), dsn=dsn, password=self.password.text(),
                         insecure=self.insecure.isChecked())
        self.progress.setValue(0)
        self.progress.setVisible(True)
        show_status(self.status, self.tr("Publishing… Cancel before it finishes leaves headquarters unchanged."),
                    problem=False)
        self.submit(job, self._published)

    def _busy(self, busy: bool) -> None:
        self.publish.setEnabled(not busy and self.publishable)
        self.dsn.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.insecure.setEnabled(not busy)
        self.cancel.setEnabled(busy)

    def _cancelling(self) -> None:
        self.cancel.setEnabled(False)
        show_status(self.status, self.tr("Cancelling… headquarters keeps what it had."), problem=False)

    def _ended(self) -> None:
        self.password.clear()  # typed for one publication only
        super()._ended()

    def _published(self, result: PublishResult) -> None:
        self.outcome = result
        self.progress.setValue(self.progress.maximum())
        show_status(self.status, self._outcome(result), problem=False)
        self._ended()

    def _outcome(self, result: PublishResult) -> str:
        """What happened, in the command line's words."""
        published = result.inspection
        if result.outcome == "unchanged":
            return self.tr("{label}: version {version} is already published; nothing changed.").format(
                label=published.label, version=published.version)
        if result.outcome == "replaced" and result.previous_version == published.version:
            return self.tr("{label}: version {version} published again ({cases} cases).").format(
                label=published.label, version=published.version, cases=published.case_count)
        if result.outcome == "replaced":
            return self.tr("{label}: version {version} replaces version {previous} ({cases} cases).").format(
                label=published.label, version=published.version, previous=result.previous_version,
                cases=published.case_count)
        return self.tr("{label}: published version {version} ({cases} cases).").format(
            label=published.label, version=published.version, cases=published.case_count)

    def _failed(self, failure: JobFailure) -> None:
        message = failure.message
        if "--insecure" in message:  # the command line's advice, said for this window too
            message += " " + self.tr("Here: tick “Allow an unencrypted connection”.")
        show_status(self.status, message, problem=True)

    def _cancelled(self) -> None:
        show_status(self.status, self.tr("Publishing cancelled; headquarters is unchanged."), problem=False)

    def _crash_shown(self, summary: str) -> None:
        show_status(self.status, self.tr("Publishing stopped on an unexpected error ({summary}); headquarters is "
                                         "unchanged.").format(summary=summary), problem=True)
