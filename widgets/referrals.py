"""Referring a case back to the force, the list of referrals, and recording the force's response."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController
from models.inspection.framework import Framework
from models.inspection.records import ReferralView
from widgets.dialogs import buddy_label, ok_cancel
from widgets.record_model import Index, RecordTableModel
from widgets.translation import QT_TRANSLATE_NOOP, shown_label

STATUS_LABELS = {"raised": QT_TRANSLATE_NOOP("Labels", "Raised"),
                 "letter-sent": QT_TRANSLATE_NOOP("Labels", "Letter sent"),
                 "responded": QT_TRANSLATE_NOOP("Labels", "Force responded"),
                 "closed": QT_TRANSLATE_NOOP("Labels", "Closed"), "withdrawn": QT_TRANSLATE_NOOP("Labels", "Withdrawn")}
RESPONSE_LABELS = {"updated-assessment": QT_TRANSLATE_NOOP("Labels", "Updated assessment"),
                   "action-taken": QT_TRANSLATE_NOOP("Labels", "Action taken")}

ReferralRole = Qt.ItemDataRole.UserRole + 1


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ReferralDialog(QDialog):
    """The framework's referral reasons, a summary of the concern and the date."""

    def __init__(self, framework: Framework, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refer {ref} back to the force").format(ref=ref))
        self.setAccessibleName(self.tr("Refer back to force"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Case {ref} shows a serious concern. The force will be asked to respond.").format(ref=ref))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.setAccessibleName(self.tr("Referral reason"))
        for reason in framework.referral_reasons:
            self.reason.addItem(reason.label, reason.key)
        form.addRow(self.tr("&Reason"), self.reason)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)  # Tab moves on (a tab character only traps keyboard users)
        self.summary.setAccessibleName(self.tr("Summary of the concern"))
        self.summary.setPlaceholderText(self.tr("What was found, and why the child may be at risk"))
        form.addRow(self.tr("&Summary of the concern"), self.summary)
        self.raised_on = QDateEdit(QDate.currentDate())
        self.raised_on.setCalendarPopup(True)
        self.raised_on.setDisplayFormat("d MMMM yyyy")
        self.raised_on.setAccessibleName(self.tr("Date raised"))
        form.addRow(self.tr("&Date"), self.raised_on)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            name = label.widget() if label else None
            buddy = field.widget() if field else None
            if isinstance(name, QLabel) and buddy is not None:
                name.setBuddy(buddy)
        layout.addLayout(form)
        self.buttons = ok_cancel(self, self.tr("Refer back"))
        layout.addWidget(self.buttons)
        self.summary.textChanged.connect(self._check)
        self._check()
        self.resize(560, 360)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.summary.toPlainText().strip()))

    def values(self) -> tuple[str, str, date]:
        return self.reason.currentData(), self.summary.toPlainText().strip(), _to_date(self.raised_on.date())


class ForceResponseDialog(QDialog):
    """The force's answer to a referral: an updated assessment or action taken."""

    def __init__(self, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Force's response on {ref}").format(ref=ref))
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of response"))
        for key in RESPONSE_LABELS:
            self.kind.addItem(shown_label(RESPONSE_LABELS, key), key)
        form.addRow(self.tr("&Kind of response"), self.kind)
        self.response = QPlainTextEdit()
        self.response.setTabChangesFocus(True)  # Tab moves on (a tab character only traps keyboard users)
        self.response.setAccessibleName(self.tr("The force's response"))
        form.addRow(self.tr("&Response"), self.response)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setDisplayFormat("d MMMM yyyy")
        self.on.setAccessibleName(self.tr("Date of response"))
        form.addRow(self.tr("&Date"), self.on)
        form.addRow(ok_cancel(self))
        self.resize(520, 300)

    def values(self) -> tuple[str, str, date]:
        return self.kind.currentData(), self.response.toPlainText().strip(), _to_date(self.on.date())


class DatedDecisionDialog(QDialog):
    """Closing or withdrawing a referral: the day it happens and, for a withdrawal, why (kept in the audit)."""

    def __init__(self, ref: str, *, withdraw: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.withdraw = withdraw
        what = "Withdraw" if withdraw else "Close"
        self.setWindowTitle(self.tr("{what} the referral of {ref}").format(what=what, ref=ref))
        self.setAccessibleName(self.tr("{what} referral").format(what=what))
        layout = QVBoxLayout(self)
        intro = QLabel(f"The referral of {ref} stays on record and in the audit but leaves every count, table and "
                       "sentence of the report, and no letter goes for it." if withdraw else
                       f"The lead is satisfied with the force's answer on {ref}. A closed referral still counts.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(self.tr("Why the referral is withdrawn"))
        self.reason.setPlaceholderText(self.tr("For example: raised on the wrong case"))
        if withdraw:
            form.addRow(buddy_label(self.tr("&Why"), self.reason), self.reason)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("d MMMM yyyy")
        self.on.setAccessibleName(self.tr("Date"))
        form.addRow(buddy_label(self.tr("&Date"), self.on), self.on)
        layout.addLayout(form)
        self.buttons = ok_cancel(self, what)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self._check()
        self.resize(480, 260 if withdraw else 160)

    def _check(self) -> None:
        ready = not self.withdraw or bool(self.reason.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def values(self) -> tuple[str, date]:
        return self.reason.toPlainText().strip(), _to_date(self.on.date())


COL_CASE, COL_TYPE, COL_REASON, COL_RAISED, COL_BY, COL_STATUS, COL_RESPONSE = range(7)
HEADERS = (QT_TRANSLATE_NOOP("Headers", "Case"), QT_TRANSLATE_NOOP("Headers", "Case type"), QT_TRANSLATE_NOOP("Headers", "Reason"), QT_TRANSLATE_NOOP("Headers", "Raised on"), QT_TRANSLATE_NOOP("Headers", "Raised by"), QT_TRANSLATE_NOOP("Headers", "Status"), QT_TRANSLATE_NOOP("Headers", "Force's response"))


class ReferralTableModel(RecordTableModel):
    headings = HEADERS

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._reasons = {r.key: r.label for r in framework.referral_reasons}
        self._types = {c.key: c.label for c in framework.case_types}

    def referral_at(self, position: int) -> ReferralView:
        return self._rows[position]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        r: ReferralView | None = self.record(index)
        if r is None:
            return None
        if role == ReferralRole:
            return r
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == COL_RESPONSE:
            if not r.active:
                return self.tr("Withdrawn ({on}): {reason}").format(on=r.withdrawn_on, reason=r.withdrawn_reason)
            if not r.response_kind:
                return ""
            return f"{shown_label(RESPONSE_LABELS, r.response_kind)} ({r.responded_on}): {r.response}"
        return (r.case_ref, self._types.get(r.case_type, r.case_type), self._reasons.get(r.reason, r.reason),
                r.raised_on, r.raised_by, shown_label(STATUS_LABELS, r.status))[column]


class ReferralsView(QWidget):
    """Every referral with its status; the force's response is recorded here."""

    def __init__(self, controller: InspectionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = ReferralTableModel(controller.framework, self)
        layout = QVBoxLayout(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Referrals"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(COL_RESPONSE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.letter_sent = QPushButton(self.tr("Mark &letter sent"))
        self.respond = QPushButton(self.tr("Record force's &response…"))
        self.close_referral = QPushButton(self.tr("Close re&ferral…"))
        self.withdraw = QPushButton(self.tr("&Withdraw…"))
        for button in (self.letter_sent, self.respond, self.close_referral, self.withdraw):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.letter_sent.clicked.connect(lambda: self._set_status("letter-sent"))
        self.close_referral.clicked.connect(lambda: self.decide(withdraw=False))
        self.withdraw.clicked.connect(lambda: self.decide(withdraw=True))
        self.respond.clicked.connect(lambda: self.record_response())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        controller.referralsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        current = self.selected()
        self.model.load(self.controller.referrals())
        self.table.resizeColumnsToContents()
        widest = self.fontMetrics().horizontalAdvance("M") * 24  # a long case type elides, not the status
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        if current:
            self.select(current.case_ref)
        self._enable()

    def _enable(self) -> None:
        """Only what can be done to the selected referral: nothing more once it is withdrawn."""
        referral = self.selected()
        active = referral is not None and referral.active
        self.letter_sent.setEnabled(active and referral is not None and referral.status == "raised")
        self.respond.setEnabled(active)
        self.close_referral.setEnabled(active and referral is not None and referral.status != "closed")
        self.withdraw.setEnabled(active)

    def select(self, ref: str) -> None:
        self.model.select_where(self.table, lambda referral: referral.case_ref == ref)

    def selected(self) -> ReferralView | None:
        found: ReferralView | None = self.model.selected_in(self.table)
        return found

    def _set_status(self, status: str) -> None:
        referral = self.selected()
        if referral:
            self.controller.set_referral_status(referral.case_ref, status)

    def record_response(self, dialog: ForceResponseDialog | None = None) -> None:
        referral = self.selected()
        if referral is None:
            return
        dialog = dialog or ForceResponseDialog(referral.case_ref, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            kind, response, on = dialog.values()
            self.controller.record_force_response(referral.case_ref, kind, response, on)

    def decide(self, *, withdraw: bool, dialog: DatedDecisionDialog | None = None) -> None:
        """Close the selected referral, or withdraw it with a reason; each audited by the service."""
        referral = self.selected()
        if referral is None:
            return
        dialog = dialog or DatedDecisionDialog(referral.case_ref, withdraw=withdraw, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason, on = dialog.values()
        if withdraw:
            self.controller.withdraw_referral(referral.case_ref, reason, on)
        else:
            self.controller.close_referral(referral.case_ref, on)
