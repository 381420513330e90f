"""The force judgements page: each topic the framework judges for the whole force, its grade and its evidence."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController
from models.inspection.framework import Framework
from models.inspection.records import EVIDENCE_SOURCES, ForceEvidenceView, ForceJudgementView
from widgets.case_model import edited_at
from widgets.dialogs import buddy_label, ok_cancel
from widgets.grade_selector import GradeSelector
from widgets.record_model import Index, RecordTableModel
from widgets.translation import QT_TRANSLATE_NOOP

SOURCE_LABELS = {"interview": "Interview", "document": "Document", "observation": "Observation", "data": "Data"}
COL_TOPIC, COL_JUDGEMENT, COL_EVIDENCE_COUNT = range(3)
COL_SOURCE, COL_TEXT, COL_RECORDED_BY, COL_EDITED = range(4)


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source.capitalize())


class TopicJudgementModel(RecordTableModel):
    """One row per judged topic: its grade for the force and how much evidence stands behind it."""

    headings = (QT_TRANSLATE_NOOP("Headers", "Topic"), QT_TRANSLATE_NOOP("Headers", "Force's grade"), QT_TRANSLATE_NOOP("Headers", "Evidence"))

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._labels = {g.key: g.label for g in framework.grades}

    def judgement_at(self, position: int) -> ForceJudgementView:
        return self._rows[position]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        judgement: ForceJudgementView | None = self.record(index)
        if judgement is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == COL_TOPIC:
            text = judgement.label
        elif column == COL_JUDGEMENT:
            text = self._labels.get(judgement.grade or "", "Not yet judged")
        else:
            text = str(len(judgement.evidence))
        return f"{self.headings[column]}: {text}" if role == Qt.ItemDataRole.AccessibleTextRole else text


class ForceEvidenceModel(RecordTableModel):
    """The evidence behind one topic's judgement, oldest first."""

    headings = (QT_TRANSLATE_NOOP("Headers", "Source"), QT_TRANSLATE_NOOP("Headers", "Evidence"), QT_TRANSLATE_NOOP("Headers", "Recorded by"), QT_TRANSLATE_NOOP("Headers", "Last edited"))

    def evidence_at(self, position: int) -> ForceEvidenceView:
        return self._rows[position]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        evidence: ForceEvidenceView | None = self.record(index)
        if evidence is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TEXT:
            return evidence.text  # the cell shows one line; the whole note on hover
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == COL_SOURCE:
            text = source_label(evidence.source)
        elif column == COL_TEXT:
            text = " ".join(evidence.text.split()) if role == Qt.ItemDataRole.DisplayRole else evidence.text
        elif column == COL_RECORDED_BY:
            text = evidence.recorded_by
        else:
            text = edited_at(evidence.updated_at)
        return f"{self.headings[column]}: {text}" if role == Qt.ItemDataRole.AccessibleTextRole else text


class ForceEvidenceDialog(QDialog):
    """A piece of evidence for a topic: where it came from (fixed once recorded) and what it shows."""

    def __init__(self, topic: str, evidence: ForceEvidenceView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{evidence} evidence: {topic}").format(evidence='Edit' if evidence else 'Add', topic=topic))
        self.setAccessibleName(self.tr("Evidence for {topic}").format(topic=topic))
        form = QFormLayout(self)
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Source of the evidence"))
        for source in EVIDENCE_SOURCES:
            self.source.addItem(source_label(source), source)
        if evidence is not None:
            self.source.setCurrentIndex(self.source.findData(evidence.source))
            self.source.setEnabled(False)  # the service changes an evidence note's text, not its source
        form.addRow(buddy_label(self.tr("&Source"), self.source), self.source)
        self.text = QPlainTextEdit(evidence.text if evidence else "")
        self.text.setTabChangesFocus(True)  # Tab moves on, as in the case notes
        self.text.setAccessibleName(self.tr("Evidence"))
        self.text.setPlaceholderText(self.tr("What was found: who said it, which document, what the data show"))
        form.addRow(buddy_label(self.tr("&Evidence"), self.text), self.text)
        self.buttons = ok_cancel(self, "Save" if evidence else "Add")
        form.addRow(self.buttons)
        self.text.textChanged.connect(self._check)
        self._check()
        self.resize(560, 300)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text.toPlainText().strip()))

    def values(self) -> tuple[str, str]:
        return self.source.currentData(), self.text.toPlainText().strip()


class ForceJudgementsView(QWidget):
    """Topics on the left; the chosen topic's grade (with every descriptor) and its evidence on the right."""

    def __init__(self, controller: InspectionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        framework = controller.framework
        self._loading = False
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("{inspectorate}'s judgement of the whole force on each topic, with the evidence from interviews, documents, observation and data that stands behind it. Case audits are graded in the case panel.").format(inspectorate=framework.inspectorate))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = TopicJudgementModel(framework, self)
        self.topics = QTableView()
        self.topics.setModel(self.model)
        self.topics.setAccessibleName(self.tr("Topics judged for the force"))
        self.topics.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.topics.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.topics.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.topics.verticalHeader().setVisible(False)
        self.topics.setTabKeyNavigation(False)  # Tab leaves the list for the grade, as a person expects
        self.topics.setWordWrap(False)
        splitter.addWidget(self.topics)

        self.detail = QWidget()
        detail_outer = QVBoxLayout(self.detail)
        detail_outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        detail_outer.addWidget(self.heading)
        detail_layout = QHBoxLayout()
        detail_outer.addLayout(detail_layout, 1)
        grade_box = QGroupBox(self.tr("Grade for the force"))
        grade_box.setAccessibleName(self.tr("Grade for the force"))
        grade_layout = QVBoxLayout(grade_box)
        self.grade = GradeSelector(framework.grades, "Force's grade", none_text="Not yet judged", descriptors="all")
        self.grade.gradeChosen.connect(self._grade_chosen)
        grade_layout.addWidget(self.grade)
        grade_layout.addStretch(1)
        detail_layout.addWidget(grade_box, 2)

        evidence_box = QGroupBox(self.tr("Evidence"))
        evidence_box.setAccessibleName(self.tr("Evidence"))
        evidence_layout = QVBoxLayout(evidence_box)
        self.evidence_model = ForceEvidenceModel(parent=self)
        self.evidence = QTableView()
        self.evidence.setModel(self.evidence_model)
        self.evidence.setAccessibleName(self.tr("Evidence for the topic"))
        self.evidence.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.evidence.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.evidence.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evidence.verticalHeader().setVisible(False)
        self.evidence.setTabKeyNavigation(False)
        # evidence is prose: each note wraps in full, its row as tall as it needs
        self.evidence.setWordWrap(True)
        self.evidence.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.evidence.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns = self.evidence.horizontalHeader()
        columns.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(COL_RECORDED_BY, QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(COL_EDITED, QHeaderView.ResizeMode.ResizeToContents)
        self.evidence.activated.connect(lambda _index: self.edit_evidence())  # Enter, or a double click
        evidence_layout.addWidget(self.evidence, 1)
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(self.tr("About the evidence"))
        evidence_layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.add = QPushButton(self.tr("&Add evidence…"))
        self.edit = QPushButton(self.tr("E&dit…"))
        self.remove = QPushButton(self.tr("Re&move"))
        for button, name in ((self.add, "Add evidence"), (self.edit, "Edit evidence"),
                             (self.remove, "Remove evidence")):
            button.setAccessibleName(name)
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        evidence_layout.addLayout(buttons)
        self.add.clicked.connect(lambda: self.add_evidence())
        self.edit.clicked.connect(lambda: self.edit_evidence())
        self.remove.clicked.connect(lambda: self.remove_evidence())
        # on the evidence list: Delete removes, Insert adds (as the buttons do)
        for key, slot in (("Del", self.remove_evidence), ("Ins", self.add_evidence)):
            action = QAction(self.evidence)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.evidence.addAction(action)
        detail_layout.addWidget(evidence_box, 4)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.topics.selectionModel().currentRowChanged.connect(lambda _current, _previous: self._show_topic())
        self.evidence.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        controller.forceJudgementsChanged.connect(self.refresh)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_topics()  # measured once styled: the fonts are final only now

    def _fit_topics(self) -> None:
        """The topics list never narrower than its topics and grades; the rest of the width is the detail's."""
        self.topics.resizeColumnsToContents()
        self.topics.setMinimumWidth(self.topics.horizontalHeader().length() + 2 * self.topics.frameWidth() + 2)

    # -- showing ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read every topic (after any change here, or an undo), keeping the topic and evidence in view."""
        topic = self.current_topic()
        evidence = self.selected_evidence()
        self.model.load(self.controller.force_judgements())
        if self.isVisible():
            self._fit_topics()  # a grade's label may now be longer
        row = next((i for i in range(self.model.rowCount())
                    if topic and self.model.judgement_at(i).area == topic.area), 0)
        if self.model.rowCount():
            self.select_topic(row)
        self._show_topic(keep=evidence.id if evidence else None)

    def select_topic(self, row: int) -> None:
        self.topics.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def current_topic(self) -> ForceJudgementView | None:
        index = self.topics.currentIndex()
        return self.model.judgement_at(index.row()) if index.isValid() else None

    def selected_evidence(self) -> ForceEvidenceView | None:
        rows = self.evidence.selectionModel().selectedRows()
        return self.evidence_model.evidence_at(rows[0].row()) if rows else None

    def _show_topic(self, keep: int | None = None) -> None:
        topic = self.current_topic()
        self.detail.setEnabled(topic is not None)
        if topic is None:
            return
        self.heading.setText(topic.label)
        self.detail.setAccessibleName(self.tr("Topic: {label}").format(label=topic.label))
        self._loading = True
        try:
            self.grade.set_subject(f"{topic.label}, force's grade")
            self.grade.set_grade(topic.grade)
        finally:
            self._loading = False
        self.evidence_model.load(topic.evidence)
        position = next((i for i, e in enumerate(topic.evidence) if e.id == keep), None)
        if position is not None:
            self.evidence.selectRow(position)
        self.empty.setText("" if topic.evidence else f"No evidence recorded for {topic.label} yet.")
        self.empty.setVisible(not topic.evidence)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_evidence() is not None
        self.edit.setEnabled(chosen)
        self.remove.setEnabled(chosen)

    # -- writing ------------------------------------------------------------------------------------

    def _grade_chosen(self, grade: str | None) -> None:
        topic = self.current_topic()
        if topic is None or self._loading:
            return
        try:
            self.controller.change_force_judgement(topic.area, grade)  # redraws through forceJudgementsChanged
        except Exception:
            self.refresh()  # the buttons show what is stored, not what was clicked
            raise

    def add_evidence(self, dialog: ForceEvidenceDialog | None = None) -> None:
        topic = self.current_topic()
        if topic is None:
            return
        dialog = dialog or ForceEvidenceDialog(topic.label, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            source, text = dialog.values()
            added = self.controller.add_force_evidence(topic.area, source, text)
            self._select_evidence(added)

    def edit_evidence(self, dialog: ForceEvidenceDialog | None = None) -> None:
        topic, evidence = self.current_topic(), self.selected_evidence()
        if topic is None or evidence is None:
            return
        dialog = dialog or ForceEvidenceDialog(topic.label, evidence, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            _source, text = dialog.values()
            if text != evidence.text:
                self.controller.edit_force_evidence(evidence.id, text)

    def remove_evidence(self, confirm: QMessageBox | None = None) -> None:
        """Removing cannot be undone, so it is asked first."""
        topic, evidence = self.current_topic(), self.selected_evidence()
        if topic is None or evidence is None:
            return
        box = confirm or QMessageBox(
            QMessageBox.Icon.Question, self.tr("Remove evidence"),
            self.tr("Remove this {lower} evidence from {label}?\n\n{text}").format(lower=source_label(evidence.source).lower(), label=topic.label, text=evidence.text),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.controller.remove_force_evidence(evidence.id)

    def _select_evidence(self, evidence_id: int) -> None:
        for row in range(self.evidence_model.rowCount()):
            if self.evidence_model.evidence_at(row).id == evidence_id:
                self.evidence.selectRow(row)
                return
