"""The lead's queries on an inspector's work: raised on a case, answered in the inspector's copy, closed by the lead.

The case panel shows a case's queries (CaseQueriesBox); the lead's list of every query is QueriesView."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController
from models.errors import FieldworkError
from models.inspection.records import CaseDetail, QueryView
from widgets.dialogs import buddy_label, ok_cancel, problem_label
from widgets.record_model import Index, RecordTableModel
from widgets.translation import QT_TRANSLATE_NOOP, shown_label

STATUS_LABELS = {"open": QT_TRANSLATE_NOOP("Labels", "Awaiting answer"), "answered": QT_TRANSLATE_NOOP("Labels", "Answered"),
                 "closed": QT_TRANSLATE_NOOP("Labels", "Closed")}


def _day(stamp: str | None) -> str:
    return (stamp or "")[:10]


def inspectors_of(detail: CaseDetail) -> list[str]:
    """Whose work on a case a query can address: its allocated inspector and everyone who assessed it."""
    names = ([detail.case.allocated_to] if detail.case.allocated_to else []) + list(detail.case.graders)
    return sorted(dict.fromkeys(n for n in names if n))


class RaiseQueryDialog(QDialog):
    """The lead's question on one inspector's work on a case, optionally asking for a re-grade."""

    def __init__(self, ref: str, inspectors: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Query on {ref}").format(ref=ref))
        self.setAccessibleName(self.tr("Raise a query"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Ask about the work on case {ref}. The query goes to the inspector in the next fieldwork or queries package, and their answer comes back in their return package.").format(ref=ref))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.inspector = QComboBox()
        self.inspector.setAccessibleName(self.tr("Inspector queried"))
        for name in inspectors:
            self.inspector.addItem(name, name)
        inspector_label = buddy_label(self.tr("&Inspector"), self.inspector)
        form.addRow(inspector_label, self.inspector)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("The query"))
        self.text.setPlaceholderText(self.tr("For example: the strategy discussion came a week late; is this really "
                                     "requiring improvement?"))
        form.addRow(buddy_label(self.tr("&Query"), self.text), self.text)
        self.regrade = QCheckBox(self.tr("Please &re-grade"))
        self.regrade.setAccessibleName(self.tr("Please re-grade"))
        form.addRow("", self.regrade)
        layout.addLayout(form)
        self.buttons = ok_cancel(self, self.tr("Raise query"))
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._check)
        self._check()
        self.resize(520, 300)

    def _check(self) -> None:
        ready = bool(self.text.toPlainText().strip()) and self.inspector.count() > 0
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def values(self) -> tuple[str | None, str, bool]:
        return self.inspector.currentData(), self.text.toPlainText().strip(), self.regrade.isChecked()


class CaseQueriesBox(QGroupBox):
    """A case's queries in the case panel: the lead raises and closes them, the inspector answers."""

    raiseRequested = Signal(str)  # case ref

    def __init__(self, controller: InspectionController, parent: QWidget | None = None) -> None:
        super().__init__("Lead's queries", parent)
        self.controller = controller
        self.ref: str | None = None
        self.lead = controller.is_lead_copy
        # a solo inspection has nobody to send a query to: the box shows there only once a query exists
        self.team = controller.has_team()
        self.setAccessibleName(self.tr("Lead's queries"))
        layout = QVBoxLayout(self)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)  # every quoted text is escaped (_describe)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(self.tr("Queries on this case"))
        layout.addWidget(self.summary)
        self.answer = QPlainTextEdit()
        self.answer.setTabChangesFocus(True)
        self.answer.setAccessibleName(self.tr("Your answer to the lead"))
        self.answer.setPlaceholderText(self.tr("Your answer to the lead (change the grade or notes above as well, if asked)"))
        self.answer.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        layout.addWidget(self.answer)
        buttons = QHBoxLayout()
        self.raise_button = QPushButton(self.tr("Raise &query…"))
        self.answer_button = QPushButton(self.tr("Send &answer"))
        self.close_button = QPushButton(self.tr("Close q&uery"))
        for button in (self.raise_button, self.answer_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problem = problem_label(self.tr("Problem with the query"))
        self.problem.setVisible(False)  # takes room only when there is something to say
        layout.addWidget(self.problem)
        self.raise_button.clicked.connect(lambda: self.raiseRequested.emit(self.ref) if self.ref else None)
        self.answer_button.clicked.connect(self.send_answer)
        self.close_button.clicked.connect(self.close_query)
        self.answer.textChanged.connect(self._enable)
        self.queries: list[QueryView] = []
        self._pending: int | None = None
        controller.queriesChanged.connect(lambda: self.show_case(self.ref))
        self.show_case(None)

    def show_case(self, ref: str | None, pending: int | None = None) -> None:
        """Shown for the lead on every case (to raise a query), for an inspector only where the lead asked.

        pending is the case's count of queries not yet closed, from the case list: with none, nothing is read;
        with some, they are read once per case (a grade click redraws the panel without reading them again).
        None reads them afresh (a query was raised, answered, closed or came in a package)."""
        if ref != self.ref:
            self.answer.clear()
            self._say("")
        if ref is None or pending == 0:
            self.queries = []
        elif pending is None or ref != self.ref or pending != self._pending:
            self.queries = self.controller.case_queries(ref)
        self.ref, self._pending = ref, pending
        waiting = [q for q in self.queries if q.status != "closed"]
        self.setVisible(ref is not None and ((self.lead and self.team) or bool(self.queries)))
        self.summary.setText("<br>".join(self._describe(q) for q in self.queries) if self.queries
                             else "No open queries on this case.")
        self.raise_button.setVisible(self.lead)
        self.close_button.setVisible(self.lead and bool(waiting))
        mine = self._open_to_me()
        self.answer.setVisible(not self.lead and mine is not None)
        self.answer_button.setVisible(not self.lead and mine is not None)
        if mine is not None and mine.answer and not self.answer.toPlainText():
            self.answer.setPlainText(mine.answer)
        self.setTitle(f"Lead's queries ({len(waiting)} not closed)" if waiting else "Lead's queries")
        self._enable()

    def _open_to_me(self) -> QueryView | None:
        return next((q for q in self.queries if q.status != "closed"), None)

    def _describe(self, q: QueryView) -> str:
        regrade = " <b>[{}]</b>".format(self.tr("please re-grade")) if q.regrade else ""
        text = self.tr("<b>{status}</b> · {lead} asked {inspector} on {day}:{regrade}<br>&ldquo;{query}&rdquo;").format(
            status=escape(shown_label(STATUS_LABELS, q.status)), lead=escape(q.raised_by), inspector=escape(q.inspector),
            day=_day(q.raised_at), regrade=regrade, query=escape(q.text))
        if q.answered_at:
            text += self.tr("<br><i>Answer from {inspector} on {day}:</i> &ldquo;{answer}&rdquo;").format(
                inspector=escape(q.answered_by or q.inspector), day=_day(q.answered_at), answer=escape(q.answer))
        if q.closed_at:
            text += self.tr("<br>Closed by {lead} on {day}.").format(lead=escape(q.closed_by or ""), day=_day(q.closed_at))
        return text

    def _enable(self) -> None:
        self.answer_button.setEnabled(bool(self.answer.toPlainText().strip()))

    def send_answer(self) -> None:
        if self.ref is None:
            return
        try:
            self.controller.answer_query(self.ref, self.answer.toPlainText())  # redraws through caseUpdated
        except FieldworkError as error:
            self._say(str(error))
            return
        self._say("")

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def close_query(self) -> None:
        pending = [q for q in self.queries if q.status != "closed"]
        if self.ref is None or not pending:
            return
        try:
            self.controller.close_query(self.ref, pending[0].inspector)
        except FieldworkError as error:
            self._say(str(error))


COL_CASE, COL_INSPECTOR, COL_QUERY, COL_REGRADE, COL_STATUS, COL_ANSWER = range(6)


class QueryTableModel(RecordTableModel):
    headings = (QT_TRANSLATE_NOOP("Headers", "Case"), QT_TRANSLATE_NOOP("Headers", "Inspector"), QT_TRANSLATE_NOOP("Headers", "Query"), QT_TRANSLATE_NOOP("Headers", "Re-grade"), QT_TRANSLATE_NOOP("Headers", "Status"), QT_TRANSLATE_NOOP("Headers", "Answer"))

    def query_at(self, row: int) -> QueryView:
        found: QueryView = self._rows[row]
        return found

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        q: QueryView | None = self.record(index)
        if q is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (COL_QUERY, COL_ANSWER):
            return q.text if index.column() == COL_QUERY else q.answer
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return (q.case_ref, q.inspector, q.text, self.tr("Yes") if q.regrade else "", shown_label(STATUS_LABELS, q.status),
                q.answer)[index.column()]


class QueriesView(QWidget):
    """The lead's list of queries: which await an answer, which are answered and wait to be closed."""

    caseRequested = Signal(str)

    def __init__(self, controller: InspectionController, export_queries: Callable[[str, Path], int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.export_queries = export_queries
        self.model = QueryTableModel(parent=self)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.show_closed = QCheckBox(self.tr("Show &closed queries"))
        self.show_closed.setAccessibleName(self.tr("Show closed queries"))
        self.show_closed.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.show_closed)
        top.addStretch(1)
        self.counts = QLabel("")
        self.counts.setAccessibleName(self.tr("Queries in all"))
        top.addWidget(self.counts)
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Queries"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_QUERY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ANSWER, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_case = QPushButton(self.tr("&Open case"))
        self.close_query = QPushButton(self.tr("Close &query"))
        self.export_button = QPushButton(self.tr("&Export queries for an inspector…"))
        for button in (self.open_case, self.close_query, self.export_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel("")
        self.status.setAccessibleName(self.tr("Queries status"))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        self.problem = problem_label(self.tr("Problem with the queries"))
        layout.addWidget(self.problem)
        self.export_button.setVisible(export_queries is not None)
        self.close_query.setVisible(controller.is_lead_copy)  # only the lead closes a query
        self.open_case.clicked.connect(self._open_selected)
        self.table.doubleClicked.connect(lambda _index: self._open_selected())
        self.close_query.clicked.connect(self.close_selected)
        self.export_button.clicked.connect(lambda: self.export())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        controller.queriesChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        current = self.selected()
        everything = self.controller.queries()
        shown = everything if self.show_closed.isChecked() else [q for q in everything if q.status != "closed"]
        self.model.load(shown)
        waiting = sum(q.status == "open" for q in everything)
        answered = sum(q.status == "answered" for q in everything)
        self.counts.setText(self.tr("{waiting} awaiting an answer, {answered} answered and not yet closed").format(waiting=waiting, answered=answered))
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        if current is not None:
            self.select(current.id)
        self._enable()

    def select(self, query_id: str) -> None:
        self.model.select_where(self.table, lambda query: query.id == query_id)

    def select_case(self, ref: str) -> None:
        self.model.select_where(self.table, lambda query: query.case_ref == ref)

    def selected(self) -> QueryView | None:
        found: QueryView | None = self.model.selected_in(self.table)
        return found

    def _enable(self) -> None:
        query = self.selected()
        self.open_case.setEnabled(query is not None)
        self.close_query.setEnabled(query is not None and query.status != "closed")
        self.export_button.setEnabled(bool(self.controller.queries()))

    def _open_selected(self) -> None:
        query = self.selected()
        if query is not None:
            self.caseRequested.emit(query.case_ref)

    def close_selected(self) -> None:
        query = self.selected()
        if query is None:
            return
        try:
            self.controller.close_query(query.case_ref, query.inspector)
        except FieldworkError as error:
            self.problem.setText(str(error))
            return
        self.problem.setText("")
        self.status.setText(self.tr("Closed the query on {case_ref}.").format(case_ref=query.case_ref))

    def export(self, inspector: str | None = None, target: Path | None = None) -> Path | None:
        """The queries to one inspector in a small signed package, for when no fieldwork package is due."""
        if self.export_queries is None:
            return None
        names = sorted({q.inspector for q in self.controller.queries()})
        if inspector is None:
            chosen, ok = QInputDialog.getItem(self, self.tr("Export queries"), self.tr("Queries for"), names, 0, False)
            if not ok:
                return None
            inspector = chosen
        if target is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Save queries package"),
                                                  f"queries-{inspector.replace(' ', '-').lower()}.pkg",
                                                  "Fieldwork packages (*.pkg)")
            if not name:
                return None
            target = Path(name)
        try:
            count = self.export_queries(inspector, target)
        except FieldworkError as error:
            self.problem.setText(str(error))
            return None
        self.problem.setText("")
        self.status.setText(self.tr("{count} query(ies) for {inspector} written to {target}.").format(count=count, inspector=inspector, target=target))
        return target
