"""One case: the force's grade beside the inspector's, evidence notes per area (autosaved), each graded area's
grade beside its notes, the flags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController
from models.inspection.records import CaseDetail
from models.progress import FileBusy
from widgets import look
from widgets.grade_selector import GradeSelector
from widgets.queries import CaseQueriesBox
from widgets.referrals import STATUS_LABELS
from widgets.translation import shown_label

AUTOSAVE_MS = 500
NO_GRADE = 100  # QButtonGroup treats -1 as 'assign an id', so 'no grade' needs a real one


class NotesEdit(QPlainTextEdit):
    """A notes area; Tab moves on (notes are prose, tab characters would only trap keyboard users)."""

    def __init__(self, area: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = area
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        """Six lines to start with (it grows into free room), so a framework's many topics scroll less."""
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * 6 + 2 * self.frameWidth() + 8)


class FittedText(QLabel):
    """Wrapped text that takes only the height its row already has, ending in '…' when the whole does not fit
    (the whole stays in its tooltip and accessible description): a long grade descriptor never pushes the
    notes off a small screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.contentsRect()
        metrics = self.fontMetrics()

        def fits(text: str) -> bool:
            return metrics.boundingRect(QRect(0, 0, max(room.width(), 1), 1_000_000),
                                        Qt.TextFlag.TextWordWrap, text).height() <= room.height()

        words = self.full_text.split()
        if fits(self.full_text) or not words:
            self.setText(self.full_text)
            return
        low, high = 0, len(words)  # the most words that fit, with the ellipsis
        while low < high:
            middle = (low + high + 1) // 2
            if fits(" ".join(words[:middle]) + "…"):
                low = middle
            else:
                high = middle - 1
        self.setText(" ".join(words[:low]) + "…")


class CasePanel(QWidget):
    """Edits go through the controller; notes are written ~500 ms after typing stops, or before leaving."""

    saved = Signal(str)  # case ref, after every durable note save
    editRefused = Signal(str)  # why an edit was not saved (a background job holds the file): for the status bar
    referRequested = Signal(str)  # case ref

    def __init__(self, controller: InspectionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.framework = controller.framework
        self._type_labels = {c.key: c.label for c in self.framework.case_types}
        self.ref: str | None = None
        self._loading = False
        self._dirty: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self._autosave)
        self._build()
        if controller.final is not None:
            self._read_only(controller.final)
        controller.caseUpdated.connect(self._case_updated)
        self.setEnabled(False)

    def _read_only(self, mark: dict[str, str]) -> None:
        """A final report: every case can be read, nothing edited (the service would refuse it anyway)."""
        banner = QLabel(self.tr("The report was marked final on {at} by {by}: cases can be read, not changed.").format(at=mark['at'][:10], by=mark['by']))
        banner.setObjectName("finalBanner")
        banner.setWordWrap(True)
        banner.setAccessibleName(self.tr("Final report"))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # _build's outer layout
        layout.insertWidget(1, banner)
        self.grade_box.setEnabled(False)
        self.concern.setEnabled(False)
        self.refer.setEnabled(False)
        self.queries_box.setEnabled(False)  # no query raised, answered or closed on a final report
        for selector in self.topic_grades.values():
            selector.setEnabled(False)
        for edit in self.notes.values():
            edit.setReadOnly(True)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.heading = QLabel(self.tr("No case selected"))
        self.heading.setObjectName("caseHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.heading)

        grades_row = QVBoxLayout()
        grades_row.setSpacing(2)
        # the force's grade on one line above the inspector's, so the grade box has the panel's whole width
        self.force_box = QWidget()
        self.force_box.setAccessibleName(self.tr("Force's self-assessed grade"))
        force_layout = QHBoxLayout(self.force_box)
        force_layout.setContentsMargins(0, 0, 0, 0)
        force_layout.addWidget(QLabel(self.tr("Force's self-assessed grade:")))
        self.force_grade = QLabel("")
        self.force_grade.setAccessibleName(self.tr("Force's grade"))
        bold = self.force_grade.font()
        bold.setBold(True)
        self.force_grade.setFont(bold)
        force_layout.addWidget(self.force_grade, 1)
        grades_row.addWidget(self.force_box)

        self.grade_box = QGroupBox(self.tr("Your grade"))
        self.grade_box.setAccessibleName(self.tr("Your grade"))
        grade_layout = QVBoxLayout(self.grade_box)
        grade_layout.setSpacing(2)
        choice_row = QHBoxLayout()
        buttons_column = QVBoxLayout()
        buttons_column.setSpacing(2)
        self.grade_group = QButtonGroup(self)
        self.grade_buttons: list[QRadioButton] = []
        marks = look.grade_marks([g.label for g in self.framework.grades])
        for i, grade in enumerate(self.framework.grades):
            button = QRadioButton(self.tr("{label}   (Ctrl+{i})").format(label=grade.label, i=i + 1))
            button.setIcon(look.grade_icon(i, len(self.framework.grades), marks[i]))  # colour and letter
            button.setAccessibleName(self.tr("Grade: {label}").format(label=grade.label))
            button.setAccessibleDescription(grade.descriptor)
            button.setToolTip(grade.descriptor)
            self.grade_group.addButton(button, i)
            self.grade_buttons.append(button)
            buttons_column.addWidget(button)
        self.no_grade = QRadioButton(self.tr("Not graded yet   (Ctrl+0)"))
        self.no_grade.setAccessibleName(self.tr("Grade: not graded"))
        self.grade_group.addButton(self.no_grade, NO_GRADE)
        buttons_column.addWidget(self.no_grade)
        buttons_column.addStretch(1)
        choice_row.addLayout(buttons_column)
        # only the chosen grade's descriptor, beside the buttons (each is also its button's tooltip): the box
        # stays short enough for the first notes area to show on a 1366x768 screen at 150%
        self.grade_descriptor = FittedText()
        self.grade_descriptor.setAccessibleName(self.tr("What the chosen grade means"))
        self.grade_descriptor.setContentsMargins(8, 0, 0, 0)
        choice_row.addWidget(self.grade_descriptor, 1)
        grade_layout.addLayout(choice_row)
        self.others = QLabel("")
        self.others.setWordWrap(True)
        self.others.setAccessibleName(self.tr("Other inspectors' grades"))
        grade_layout.addWidget(self.others)
        self.grade_group.idClicked.connect(self._grade_clicked)
        grades_row.addWidget(self.grade_box)
        outer.addLayout(grades_row)
        # a framework that grades only topics has no overall grade to give (the force's grade shows only
        # for a self-assessed case, which such a framework has none of)
        self.grade_box.setHidden(not self.framework.case_grade)

        flags = QHBoxLayout()
        self.concern = QCheckBox(self.tr("Serious &concern"))
        self.concern.setAccessibleName(self.tr("Serious concern"))
        self.concern.clicked.connect(self._concern_clicked)
        flags.addWidget(self.concern)
        self.refer = QPushButton(self.tr("Refer back to force…"))
        self.refer.setAccessibleName(self.tr("Refer back to force"))
        self.refer.clicked.connect(lambda: self.referRequested.emit(self.ref) if self.ref else None)
        flags.addWidget(self.refer)
        self.referral_state = QLabel("")
        self.referral_state.setAccessibleName(self.tr("Referral status"))
        flags.addWidget(self.referral_state, 1)
        self.save_state = QLabel("")
        self.save_state.setObjectName("saveState")
        self.save_state.setAccessibleName(self.tr("Save status"))
        self.save_state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        flags.addWidget(self.save_state)
        outer.addLayout(flags)
        self.queries_box = CaseQueriesBox(self.controller)
        outer.addWidget(self.queries_box)

        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        self.notes: dict[str, NotesEdit] = {}
        self.topic_grades: dict[str, GradeSelector] = {}
        self.topic_others: dict[str, QLabel] = {}
        self.area_labels: dict[str, QLabel] = {}
        for i, area in enumerate(self.framework.areas):
            label = QLabel(f"{area.label}   (Alt+{i + 1})" if i < 9 else area.label)
            edit = NotesEdit(area.key)
            edit.setAccessibleName(self.tr("Evidence notes: {label}").format(label=area.label))
            label.setBuddy(edit)
            self.area_labels[area.key] = label
            edit.textChanged.connect(lambda key=area.key: self._note_changed(key))
            if area.graded and i:
                notes_layout.addSpacing(self.fontMetrics().lineSpacing() // 2)  # topics read as sections
            notes_layout.addWidget(label)
            if area.graded:
                font = label.font()
                font.setBold(True)
                label.setFont(font)
                # created before the notes, so Tab (and Shift+Tab from the notes) reaches the grade next to them
                selector = GradeSelector(self.framework.grades, f"{area.label} grade", none_text="Not graded yet")
                selector.gradeChosen.connect(lambda grade, key=area.key: self._topic_clicked(key, grade))
                notes_layout.addWidget(selector)
                others = QLabel("")
                others.setWordWrap(True)
                others.setTextFormat(Qt.TextFormat.PlainText)
                others.setAccessibleName(self.tr("Other inspectors' grades: {label}").format(label=area.label))
                others.setVisible(False)
                notes_layout.addWidget(others)
                self.topic_grades[area.key] = selector
                self.topic_others[area.key] = others
            notes_layout.addWidget(edit)
            self.notes[area.key] = edit
        scroll = self.notes_scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(notes)
        scroll.setAccessibleName(self.tr("Evidence notes"))
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight from the flags to the first notes area
        outer.addWidget(scroll, 1)

    # -- loading a case -------------------------------------------------------------------------

    def load(self, ref: str | None) -> None:
        """Show a case; pending notes of the previous case are saved first."""
        self.flush()
        self.ref = ref
        self.setEnabled(ref is not None)
        if ref is None:
            self.heading.setText(self.tr("No case selected"))
            self.queries_box.show_case(None, 0)
            return
        detail = self.controller.detail(ref)
        self._loading = True
        try:
            self._show(detail)
            mine = self.controller.my_assessment(detail)
            for key, edit in self.notes.items():
                edit.setPlainText(mine.notes.get(key, "") if mine else "")
        finally:
            self._loading = False
        self.notes_scroll.verticalScrollBar().setValue(0)  # a new case opens at its first area
        self.save_state.setText("")

    def _show(self, detail: CaseDetail) -> None:
        case = detail.case
        sample = self.tr("self-assessed") if case.sample == "self-assessed" else self.tr("inspectorate-selected")
        self.heading.setText(self.tr("{ref} · {case_type_label} · {sample}").format(ref=case.ref, case_type_label=self._type_labels.get(case.case_type, case.case_type_label), sample=sample))
        self.heading.setAccessibleName(self.tr("Case {ref}").format(ref=case.ref))
        if case.force_grade:
            self.force_grade.setText(self.framework.grade(case.force_grade).label)
            self.force_box.setVisible(True)
        else:
            self.force_box.setVisible(False)
        mine = self.controller.my_assessment(detail)
        self._show_topics(detail)
        grade_id = self.framework.grade_keys.index(mine.grade) if mine and mine.grade else NO_GRADE
        self.grade_group.button(grade_id).setChecked(True)
        chosen = self.framework.grades[grade_id] if grade_id != NO_GRADE else None
        self.grade_descriptor.set_full_text(f"{chosen.label}: {chosen.descriptor}"
                                            if chosen and chosen.descriptor else "")
        not_graded = self.tr("not graded")
        others = [f"{a.inspector}: {self.framework.grade(a.grade).label if a.grade else not_graded}"
                  for a in detail.assessments if a.inspector != self.controller.user]
        state = " ({})".format(self.tr("graders disagree")) if case.disagreement else ""
        self.others.setText(self.tr("Other inspectors: {grades}").format(grades="; ".join(others) + state)
                            if others else "")
        self.concern.setChecked(bool(mine and mine.serious_concern))
        if detail.referral:
            self.referral_state.setText(self.tr("Referred back on {raised_on} ({status})").format(raised_on=detail.referral.raised_on, status=shown_label(STATUS_LABELS, detail.referral.status)))
            self.refer.setEnabled(False)
        else:
            self.referral_state.setText("")
            self.refer.setEnabled(self.controller.final is None)
        self.queries_box.show_case(case.ref, case.queries)

    def _show_topics(self, detail: CaseDetail) -> None:
        """Each graded area: this inspector's grade, and what the other inspectors gave it."""
        mine = self.controller.my_assessment(detail)
        others = [a for a in detail.assessments if a.inspector != self.controller.user]
        for area, selector in self.topic_grades.items():
            own = mine.topic_grades.get(area) if mine else None
            selector.set_grade(own)
            given = [(a.inspector, a.topic_grades[area]) for a in others if area in a.topic_grades]
            label = self.topic_others[area]
            if given:
                differ = len({grade for _, grade in given} | ({own} if own else set())) > 1
                grades = "; ".join(f"{name}: {self.framework.grade(grade).label}" for name, grade in given)
                label.setText(self.tr("Other inspectors: {grades} (graders disagree)").format(grades=grades) if differ
                              else self.tr("Other inspectors: {grades}").format(grades=grades))
            label.setVisible(bool(given))

    def _case_updated(self, detail: CaseDetail) -> None:
        """An edit (here, by undo, or by a referral) changed this case: redraw grades and flags, never the notes."""
        if detail.case.ref == self.ref:
            self._loading = True
            try:
                self._show(detail)
            finally:
                self._loading = False

    # -- grading --------------------------------------------------------------------------------

    def set_grade_by_position(self, position: int) -> None:
        """Grade with the framework's n-th grade (0-based); a negative position clears the grade."""
        if self.ref is None or position >= len(self.framework.grades) or not self.framework.case_grade:
            return
        button_id = NO_GRADE if position < 0 else position
        self.grade_group.button(button_id).setChecked(True)
        self._grade_clicked(button_id)

    def _grade_clicked(self, button_id: int) -> None:
        if self.ref is None or self._loading:
            return
        grade = None if button_id == NO_GRADE else self.framework.grade_keys[button_id]
        ref = self.ref
        self._edit(lambda: self.controller.change_grade(ref, grade))

    def _topic_clicked(self, area: str, grade: str | None) -> None:
        if self.ref is None or self._loading:
            return
        ref = self.ref
        self._edit(lambda: self.controller.change_topic_grade(ref, area, grade))

    def toggle_concern(self) -> None:
        if self.ref is not None:
            self.concern.setChecked(not self.concern.isChecked())
            self._concern_clicked(self.concern.isChecked())

    def _concern_clicked(self, checked: bool) -> None:
        if self.ref is None or self._loading:
            return
        ref = self.ref
        self._edit(lambda: self.controller.change_concern(ref, checked))

    def _edit(self, change: Callable[[], object]) -> None:
        """One click's edit; it redraws through caseUpdated. Refused while a job writes the file, or failed, the
        buttons are redrawn to show what is stored (and a refusal says why)."""
        try:
            change()
        except FileBusy as busy:
            self._case_updated_safely()
            self._refused(str(busy))
        except Exception:
            self._case_updated_safely()
            raise

    def _refused(self, message: str) -> None:
        self.save_state.setText(message)
        self.editRefused.emit(message)

    def _case_updated_safely(self) -> None:
        """After a refused edit the buttons must show what is stored, not what was clicked."""
        if self.ref is not None:
            self._loading = True
            try:
                self._show(self.controller.detail(self.ref))
            finally:
                self._loading = False

    # -- notes and autosave ---------------------------------------------------------------------

    def focus_area(self, position: int) -> None:
        """Alt+N: the n-th notes area focused and scrolled into view, its heading (and grade) too."""
        edits = list(self.notes.values())
        if self.ref is not None and 0 <= position < len(edits):
            edit = edits[position]
            edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            # a grade just chosen may have resized the panel: its layout settles first, or the scroll is short
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self._scroll_to(self.area_labels[edit.area], edit)

    def _scroll_to(self, heading: QWidget, edit: QWidget) -> None:
        """The whole notes area in view, and its heading (and a topic's grade) above it when there is room.

        QScrollArea.ensureWidgetVisible would only bring the caret into view: the area's first line."""
        content = self.notes_scroll.widget()
        assert content is not None  # set in _build
        top = heading.mapTo(content, QPoint(0, 0)).y()
        bottom = edit.mapTo(content, QPoint(0, edit.height())).y()
        bar, room = self.notes_scroll.verticalScrollBar(), self.notes_scroll.viewport().height()
        if bottom - bar.value() > room:
            bar.setValue(bottom - room)
        if top < bar.value():
            bar.setValue(min(top, edit.mapTo(content, QPoint(0, 0)).y()) if bottom - top > room else top)

    def _note_changed(self, area: str) -> None:
        if self._loading or self.ref is None:
            return
        self._dirty.add(area)
        self.save_state.setText(self.tr("Editing…"))
        self._timer.start()  # restart: save once typing has stopped for AUTOSAVE_MS

    def _autosave(self) -> None:
        """The timer's save: while a background job holds the file the notes stay on screen, marked unsaved, and
        are saved when it ends (the window flushes then)."""
        try:
            self.flush()
        except FileBusy as busy:
            self._refused(f"Notes kept here, not saved yet: {busy.doing} is writing the file; they are saved "
                          "when it finishes.")

    @property
    def has_unsaved(self) -> bool:
        return bool(self._dirty)

    def flush(self) -> None:
        """Write every changed note now; on failure the notes stay marked unsaved and are retried."""
        self._timer.stop()
        if not self._dirty or self.ref is None:
            return
        try:
            for area in sorted(self._dirty):
                self.controller.save_note(self.ref, area, self.notes[area].toPlainText())
                self._dirty.discard(area)
        except Exception:
            self.save_state.setText(self.tr("NOT SAVED"))
            raise
        self.save_state.setText(f"Saved {datetime.now():%H:%M:%S}")
        self.saved.emit(self.ref)
