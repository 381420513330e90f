"""The main window: case list with filters beside the case panel; referrals, report and (where the framework
judges topics for the whole force) force judgements in tabs."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController
from desktop.controllers.jobs import BackupJob, CaseListJob, JobFailure, LettersJob, TablesJob
from desktop.controllers.runner import JobRunner, JobsStillRunning, Ticket
from desktop.controllers.session import SessionController
from desktop.laptop.language import LANGUAGES, SYSTEM
from desktop.laptop.passphrases import UnlockCancelled
from desktop.laptop.settings import Settings
from models.errors import FieldworkError
from models.inspection.records import CaseListing
from widgets.case_model import (
    COL_FORCE_GRADE,
    COL_GRADE,
    COL_QUERY,
    COL_REF,
    COL_SAMPLE,
    COL_TYPE,
    STATUSES,
    CaseFilterProxy,
    CaseRole,
    CaseTableModel,
)
from widgets.case_panel import CasePanel
from widgets.dialogs import ErrorReporter, InspectionDetailsDialog, NewInspectionDialog, buddy_label
from widgets.export_ui import ExportRunner, ask_export_target, ask_letters_folder
from widgets.import_wizard import SampleImportWizard
from widgets.job_status import JobStatus
from widgets.referrals import ReferralDialog, ReferralsView
from widgets.translation import QT_TRANSLATE_NOOP
from widgets.window_state import WindowState, fit_to_screen

if TYPE_CHECKING:
    from desktop.controllers.exchange import ExchangeController
    from models.inspection.checks import Finding
    from widgets.backups_dialog import BackupsDialog
    from widgets.force_judgements import ForceJudgementsView
    from widgets.letters_dialog import LettersDialog
    from widgets.publish_dialog import PublishDialog
    from widgets.report_view import ReportView

ANY = QT_TRANSLATE_NOOP("CasesPage", "All")  # the filters' first item, translated where shown
SAMPLE_LABELS = {"self-assessed": QT_TRANSLATE_NOOP("CasesPage", "Self-assessed"),
                 "inspectorate-selected": QT_TRANSLATE_NOOP("CasesPage", "Inspectorate-selected")}
CASES_TAB, REFERRALS_TAB, REPORT_TAB, JUDGEMENTS_TAB = range(4)
FIRST_BACKUP_CHECK_MS = 3_000  # once the window is up, not during start-up
BACKUP_CHECK_EVERY_MS = 3_600_000


class CasesPage(QWidget):
    """Filters above the case table, case panel to the right."""

    def __init__(self, controller: InspectionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = CaseTableModel(controller.framework, self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find reference (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Find case by reference"))
        self.search.setClearButtonEnabled(True)
        self.case_type = self._combo(self.tr("Case type filter"), [(self.tr(ANY), None)] + [
            (c.label, c.key) for c in controller.framework.case_types])
        framework = controller.framework
        self.sample = self._combo(self.tr("Sample filter"), [(self.tr(ANY), None)] + [
            (self.tr(SAMPLE_LABELS.get(s, s)), s) for s in framework.samples])
        self.inspector = self._combo(self.tr("Inspector filter"), [(self.tr(ANY), None)])
        self.status = self._combo(self.tr("Status filter"), [(self.tr(ANY), None)] + [(s.capitalize(), s) for s in STATUSES])
        for label, widget in ((self.tr("&Search"), self.search), (self.tr("T&ype"), self.case_type),
                              (self.tr("Sa&mple"), self.sample), (self.tr("I&nspector"), self.inspector),
                              (self.tr("S&tatus"), self.status)):
            buddy = buddy_label(label, widget)
            filters.addWidget(buddy)
            filters.addWidget(widget, 2 if widget is self.search else 1)
            if widget is self.sample and len(framework.samples) < 2:  # no self-assessment: nothing to filter
                buddy.hide()
                widget.hide()
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter = splitter  # its position is kept between runs (widgets/window_state.py)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move within it
        # Rows arrive in reference order; the proxy sorts only once someone clicks a header, so opening
        # 10,000 cases costs no sort (a Python sort role is ~1 s there).
        sort_header = self.table.horizontalHeader()
        sort_header.setSectionsClickable(True)
        sort_header.setSortIndicatorShown(True)
        sort_header.setSortIndicator(COL_REF, Qt.SortOrder.AscendingOrder)
        sort_header.sortIndicatorChanged.connect(self.proxy.sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # fixed row heights: no per-row measuring, so 10,000 cases scroll smoothly
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # without a self-assessed sample every case is inspectorate-selected and none has a force grade
        self.table.setColumnHidden(COL_SAMPLE, len(framework.samples) < 2)
        self.table.setColumnHidden(COL_FORCE_GRADE, not framework.self_assessment)
        splitter.addWidget(self.table)
        self.panel = CasePanel(controller)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 640])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.count = QLabel("")
        self.count.setAccessibleName(self.tr("Cases shown"))
        layout.addWidget(self.count)

        # a long list searches after a pause in typing (CaseFilterProxy.search), then the count follows
        self.search.textChanged.connect(self.proxy.search)
        self.proxy.searched.connect(self._filter)
        for name in ("case_type", "sample", "inspector", "status"):
            combo: QComboBox = getattr(self, name)
            combo.currentIndexChanged.connect(lambda _i, n=name, c=combo: self._filter(**{n: c.currentData()}))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        controller.caseUpdated.connect(lambda detail: self.model.update_case(detail.case))
        controller.casesReloaded.connect(self.reload)
        self.reload()
        width = self.fontMetrics().horizontalAdvance("M")
        for column, chars in ((COL_REF, 10), (COL_TYPE, 18), (COL_QUERY, 6)):
            self.table.setColumnWidth(column, width * chars)
        if not framework.case_grade:  # "3 of 5 topics graded" in full
            topics = len(framework.graded_areas)
            self.table.setColumnWidth(COL_GRADE, self.fontMetrics().horizontalAdvance(
                self.model.tr("{graded} of {topics} topics graded").format(graded=topics, topics=topics)) + width * 2)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):  # every heading whole, in whichever language it is in
            header.resizeSection(column, max(header.sectionSize(column), header.sectionSizeFromContents(column).width()))

    def _combo(self, name: str, items: list[tuple[str, str | None]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for text, data in items:
            combo.addItem(text, data)
        # sized for a few characters, not the longest case type (571 px), so the window fits a small screen;
        # the open list is as wide as its longest entry and the chosen text elides
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.view().setMinimumWidth(min(combo.view().sizeHintForColumn(0) + 24, 600))
        if items:
            combo.setToolTip(name)
        return combo

    def reload(self) -> None:
        """Load every case once (after opening or importing); edits then update single rows."""
        self.model.load(self.controller.case_listing())
        names = sorted(self.model.people() | {self.controller.user})
        current = self.inspector.currentData()
        self.inspector.blockSignals(True)
        self.inspector.clear()
        self.inspector.addItem(self.tr(ANY), None)
        for name in names:
            self.inspector.addItem(name, name)
        self.inspector.setCurrentIndex(max(self.inspector.findData(current), 0) if current else 0)
        self.inspector.blockSignals(False)
        self._update_count()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)

    def _filter(self, **filters: str | None) -> None:
        if filters:
            self.proxy.set_filters(**filters)
        self._update_count()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.select_row(0)

    def _update_count(self) -> None:
        self.count.setText(self.tr("{rowcount} of {rowcount2} cases shown").format(rowcount=self.proxy.rowCount(), rowcount2=self.model.rowCount()))

    def select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def move_by(self, step: int) -> None:
        """Next / previous case in the filtered, sorted list."""
        if not self.proxy.rowCount():
            return
        current = self.table.currentIndex()
        row = current.row() + step if current.isValid() else 0
        self.select_row(min(max(row, 0), self.proxy.rowCount() - 1))

    def show_case(self, ref: str) -> None:
        """Select ref in the list (and so show it in the panel); filters that hide it are cleared first."""
        source = self.model.row_of(ref)
        if source is None:
            return
        if not self.proxy.mapFromSource(self.model.index(source, 0)).isValid():
            self.search.clear()
            for combo in (self.case_type, self.sample, self.inspector, self.status):
                combo.setCurrentIndex(0)
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if index.isValid() and index.row() != self.table.currentIndex().row():
            self.select_row(index.row())

    def current_ref(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(CaseRole).ref if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ref = current.data(CaseRole).ref if current.isValid() else None
        if ref != self.panel.ref:
            self.panel.load(ref)


WRITE_SIDE_AFTER_MS = 1500  # after the first paint of an opened inspection


def load_write_side() -> None:
    """Import the service layer in a thread of its own (imports only: no file, no Qt object). Not a daemon
    thread: a process ending mid-import waits the moment it takes rather than leave the import lock held."""
    import importlib
    import threading

    if "models.inspection.services" not in sys.modules:
        threading.Thread(target=importlib.import_module, args=("models.inspection.services",),
                         name="load-write-side").start()


class MainWindow(QMainWindow):
    """Built by desktop.app with its collaborators; holds at most one open inspection."""

    def __init__(self, session: SessionController, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.errors = ErrorReporter(self)
        self._build_jobs()
        self.exports = ExportRunner(self, self.errors, self.jobs)
        self._merge_dialog: QDialog | None = None
        # the file choosers; tests replace them to inject a path
        self.ask_export_target = ask_export_target
        self.ask_letters_folder = ask_letters_folder
        self.controller: InspectionController | None = None
        self.cases: CasesPage | None = None
        self._referrals: ReferralsView | None = None
        self._report: ReportView | None = None
        self._judgements: ForceJudgementsView | None = None
        self.setWindowTitle(self.tr("Fieldwork"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Views"))
        self.empty = QLabel(self.tr("Open an inspection (File ▸ Open, Ctrl+O), or the demo inspection (File ▸ Open demo)."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.setCentralWidget(self.empty)
        self._build_menus()
        self._set_enabled(False)
        self.backup_timer = QTimer(self)  # first check soon after opening, then hourly (see daily_backup)
        self.backup_timer.timeout.connect(self.daily_backup)
        self.window_state = WindowState()
        self.resize(1360, 860)
        if not self.window_state.restore_geometry(self):
            fit_to_screen(self)  # 1360x860 is taller than a 1366x768 laptop screen

    # -- background jobs --------------------------------------------------------------------------

    def _build_jobs(self) -> None:
        """One runner for every background job; its status (label, progress, Cancel) in the status bar."""
        self.jobs = JobRunner(self)
        self._checking: Ticket | None = None  # the checks before hand-in, from submitted until their checklist ends
        self.job_status = JobStatus(self.jobs)
        self.statusBar().addPermanentWidget(self.job_status)
        self.jobs.writesHeld.connect(self._writes_held)
        self.jobs.wrote.connect(self._job_wrote)
        self.jobs.problem.connect(lambda message: self.errors.known(message))
        self.jobs.bug.connect(lambda summary, details: self.errors.bug(summary, details))

    def _writes_held(self, label: str) -> None:
        """While a job writes the file, edits are refused with a message (they would wait on its lock)."""
        if self.controller is None:
            return
        self.controller.hold_writes(label.lower() or None)
        if not label and self.cases is not None:
            with self.reporting():
                self.cases.panel.flush()  # notes typed while the job ran are saved now

    def _job_wrote(self, _label: str) -> None:
        """A job changed the file behind the window's back: every view reloads, from the case list read by a
        job of its own (reading 100,000 cases takes seconds)."""
        controller = self.controller
        if controller is None:
            return

        def loaded(rows: CaseListing) -> None:
            if self.controller is controller:
                controller.team_work_done(rows)
                self._draw_cases_now()

        self.jobs.submit(CaseListJob(**controller.job_fields()), on_succeeded=loaded, first=True)

    def _draw_cases_now(self) -> None:
        """Lay out and draw the reloaded case list at once, while the runner hands over the outcome and no job
        runs: drawn later, alongside the next job's worker, each of its thousand calls into Python (the model's
        cells) waits for the interpreter lock, and the window stalled for up to half a second."""
        table = self.cases.table if self.cases is not None else None
        if table is not None and table.isVisible():
            table.doItemsLayout()
            table.viewport().repaint()

    # -- menus ----------------------------------------------------------------------------------

    # slot is called with no arguments; "..." because some bind a loop value as a default (lambda i=i: ...)
    def _action(self, menu: QMenu, text: str, slot: Callable[..., object],
                shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
                needs_case: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: self._guarded(slot))
        menu.addAction(action)
        if needs_case:
            self._case_actions.append(action)
        return action

    def _build_menus(self) -> None:
        self._case_actions: list[QAction] = []
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(file, self.tr("&New inspection…"), self.new_inspection, "Ctrl+Shift+N")
        self._action(file, self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file, self.tr("Open &demo inspection"), self.open_demo)
        self._action(file, self.tr("Open fieldwork &package…"), lambda: self.open_fieldwork_package(), "Ctrl+Shift+P")
        file.addSeparator()
        self._action(file, self.tr("Inspection de&tails…"), lambda: self.inspection_details(), needs_case=True)
        self.lead_actions: list[QAction] = []  # disabled, with the reason, on an inspector's copy (_apply_role)
        self.lead_actions.append(self._action(file, self.tr("&Import sample…"), self.import_sample, "Ctrl+I", needs_case=True))
        self.lead_actions.append(self._action(file, self.tr("Import &gradings…"), lambda: self.import_gradings(),
                                              needs_case=True))
        file.addSeparator()
        self.export_action = self._action(file, self.tr("&Export report tables…"), self.export_tables, "Ctrl+E",
                                          needs_case=True)
        self.letters_action = self._action(file, self.tr("Referral &letters…"), self.write_letters, "Ctrl+Shift+E",
                                           needs_case=True)
        self.lead_actions.append(self._action(file, self.tr("&Mark report final…"), lambda: self.mark_final(),
                                              needs_case=True))
        self.lead_actions.append(self._action(file, self.tr("Red&act texts of the final report…"), lambda: self.redact(),
                                              needs_case=True))
        self.lead_actions.append(self._action(file, self.tr("Publish to &headquarters…"),
                                              lambda: self.publish_to_headquarters(), needs_case=True))
        file.addSeparator()
        self._action(file, self.tr("&Back up now"), self.back_up_now, needs_case=True)
        self._action(file, self.tr("Restore from bac&kup…"), self.restore_from_backup, needs_case=True)
        file.addSeparator()
        self._action(file, self.tr("&Quit"), self.close, "Ctrl+Q")

        edit = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(edit, self.tr("&Undo"), self.undo, QKeySequence.StandardKey.Undo, needs_case=True)
        self.redo_action = self._action(edit, self.tr("&Redo"), self.redo, "Ctrl+Shift+Z", needs_case=True)
        edit.addSeparator()
        self._action(edit, self.tr("&Find case"), self.focus_search, QKeySequence.StandardKey.Find, needs_case=True)
        self._action(edit, self.tr("Case &list"), self.focus_list, "Ctrl+L", needs_case=True)

        case = bar.addMenu(self.tr("&Case"))
        self._action(case, self.tr("&Next case"), lambda: self.cases.move_by(1) if self.cases else None, "Alt+Down",
                     needs_case=True)
        self._action(case, self.tr("&Previous case"), lambda: self.cases.move_by(-1) if self.cases else None, "Alt+Up",
                     needs_case=True)
        case.addSeparator()
        self.grade_menu = case.addMenu(self.tr("&Grade"))
        self.notes_menu = case.addMenu(self.tr("Go to &notes"))
        case.addSeparator()
        self._action(case, self.tr("Serious &concern on/off"),
                     lambda: self.cases.panel.toggle_concern() if self.cases else None, "Ctrl+Shift+C",
                     needs_case=True)
        self._action(case, self.tr("&Refer back to force…"), lambda: self.refer_case(), "Ctrl+R", needs_case=True)

        team = bar.addMenu(self.tr("&Team"))
        team.setToolTipsVisible(True)  # a disabled command says why
        file.setToolTipsVisible(True)
        self._action(team, self.tr("My &identity card…"), lambda: self.identity_dialog())
        self.lead_actions.append(self._action(team, self.tr("&Team members…"), lambda: self.team_dialog("members"),
                                              needs_case=True))
        team.addSeparator()
        self.lead_actions += [
            self._action(team, self.tr("&Allocate and export fieldwork…"), lambda: self.team_dialog("allocate"),
                         "Ctrl+Shift+A", needs_case=True),
            self._action(team, self.tr("&Merge return packages…"), lambda: self.team_dialog("merge"), "Ctrl+Shift+M",
                         needs_case=True),
            self._action(team, self.tr("M&oderation…"), lambda: self.team_dialog("moderation"), "Ctrl+Shift+O",
                         needs_case=True),
            self._action(team, self.tr("&Conflicts between copies…"), lambda: self.team_dialog("conflicts"),
                         needs_case=True)]
        self._action(team, self.tr("A&greement between graders…"), lambda: self.team_dialog("agreement"), needs_case=True)
        team.addSeparator()
        self.return_action = self._action(team, self.tr("Export &return package…"), lambda: self.export_return_package(),
                                          "Ctrl+Shift+R", needs_case=True)

        self._review_menus(case, team)

        view = bar.addMenu(self.tr("&View"))
        for i, name in enumerate((self.tr("&Cases"), self.tr("&Referrals"), self.tr("Re&port"))):
            self._action(view, name, lambda i=i: self.tabs.setCurrentIndex(i), f"F{i + 2}", needs_case=True)
        # enabled only for a framework that judges topics for the whole force (set_inspection)
        self.judgements_action = self._action(view, self.tr("Force &judgements"), self.show_judgements, "F5")
        self._language_menu(view.addMenu(self.tr("&Language")))
        view.addSeparator()
        self.sort_menu = view.addMenu(self.tr("&Sort cases by"))  # the header's sorting, for the keyboard

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1")
        self._action(help_menu, self.tr("&About Fieldwork"), self.about)

    def _language_menu(self, menu: QMenu) -> None:
        """English, Cymraeg, or the system's language: kept in the settings, used from the next start."""
        group = QActionGroup(menu)
        choices = [(SYSTEM, self.tr("Follow the system")), *LANGUAGES.items()]  # each language in its own words
        for code, name in choices:
            action = menu.addAction(name)
            action.triggered.connect(partial(self.choose_language, code))
            action.setCheckable(True)
            action.setChecked(code == self.settings.language)
            action.setData(code)
            group.addAction(action)
        self.language_actions = group

    def choose_language(self, code: str) -> None:
        if code == self.settings.language:
            return
        self.settings.language = code
        self.statusBar().showMessage(self.tr("The language changes when Fieldwork next starts."), 10_000)

    def _framework_menus(self) -> None:
        """Grade and notes shortcuts follow the inspection's framework (three or four grades...)."""
        assert self.controller is not None and self.cases is not None
        self.grade_menu.clear()
        self.notes_menu.clear()
        panel = self.cases.panel
        # a framework grading only topics has no overall grade: its topics are graded beside their notes
        self.grade_menu.menuAction().setVisible(self.controller.framework.case_grade)
        if self.controller.framework.case_grade:
            for i, grade in enumerate(self.controller.framework.grades[:9]):
                self._action(self.grade_menu, grade.label, lambda i=i: panel.set_grade_by_position(i),
                             f"Ctrl+{i + 1}")
            self._action(self.grade_menu, self.tr("Not graded"), lambda: panel.set_grade_by_position(-1), "Ctrl+0")
        for i, area in enumerate(self.controller.framework.areas[:9]):
            self._action(self.notes_menu, area.label, lambda i=i: panel.focus_area(i), f"Alt+{i + 1}")
        self._sort_actions()

    def _sort_actions(self) -> None:
        """View ▸ Sort cases by: one choice per shown column, and the order; kept in step with the header."""
        assert self.cases is not None
        self.sort_menu.clear()
        table, header = self.cases.table, self.cases.table.horizontalHeader()
        columns = QActionGroup(self.sort_menu)
        by_column: dict[int, QAction] = {}
        for column in range(self.cases.model.columnCount()):
            if table.isColumnHidden(column):
                continue
            title = str(self.cases.model.headerData(column, Qt.Orientation.Horizontal))
            action = self._action(self.sort_menu, title.replace("&", "&&"),
                                  lambda c=column: header.setSortIndicator(c, header.sortIndicatorOrder()))
            action.setCheckable(True)
            columns.addAction(action)
            by_column[column] = action
        self.sort_menu.addSeparator()
        descending = self._action(self.sort_menu, self.tr("&Descending order"), lambda: header.setSortIndicator(
            header.sortIndicatorSection(), Qt.SortOrder.AscendingOrder
            if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder else Qt.SortOrder.DescendingOrder))
        descending.setCheckable(True)

        def follow(section: int, order: Qt.SortOrder) -> None:
            if section in by_column:
                by_column[section].setChecked(True)
            descending.setChecked(order == Qt.SortOrder.DescendingOrder)

        header.sortIndicatorChanged.connect(follow)
        follow(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard shortcuts: read from the menus as they are now."""
        from widgets.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    def _set_enabled(self, open_: bool) -> None:
        for action in self._case_actions:
            action.setEnabled(open_)
        self.grade_menu.setEnabled(open_)
        self.notes_menu.setEnabled(open_)
        self.sort_menu.setEnabled(open_)
        self.judgements_action.setEnabled(open_ and self.controller is not None
                                          and bool(self.controller.framework.judged_areas))

    def _apply_role(self, controller: InspectionController) -> None:
        """On an inspector's copy the lead's commands are greyed out, each saying why; on the lead's file, the
        return package (an inspector's command) is."""
        owner = controller.fieldwork_owner()
        lead_only = (f"Only the lead can do this: this is {owner}'s copy of the inspection, opened from a "
                     "fieldwork package." if owner else "")
        for action in self.lead_actions:
            action.setEnabled(owner is None)
            action.setToolTip(lead_only or action.text().replace("&", ""))
            action.setStatusTip(lead_only)
        inspector_only = ("" if owner else "Only an inspector's copy, opened from a fieldwork package, has a return "
                          "package to export. The lead merges them with Team ▸ Merge return packages….")
        self.return_action.setEnabled(owner is not None)
        self.return_action.setToolTip(inspector_only or self.return_action.text().replace("&", ""))
        self.return_action.setStatusTip(inspector_only)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files():
            self._action(self.recent_menu, str(path), lambda p=path: self.open_path(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # -- errors ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def reporting(self) -> Iterator[None]:
        """A known problem becomes a plain message; anything else goes on to the crash dialog."""
        try:
            yield
        except UnlockCancelled:
            pass
        except FieldworkError as error:
            self.errors.known(str(error))

    def _guarded(self, slot: Callable[[], object]) -> None:
        with self.reporting():
            slot()

    # -- opening --------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open inspection"), "", "Inspections (*.fieldwork);;All files (*)")
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        with self.reporting():
            self.set_inspection(self.session.open(Path(path)))
            self.settings.add_recent(Path(path))
            return True
        return False

    def open_last_inspection(self) -> bool:
        """The inspection open when Fieldwork last closed, if its file is still there."""
        last = self.window_state.last_inspection
        return last is not None and last.exists() and self.open_path(last)

    def open_demo(self) -> bool:
        with self.reporting():
            self.set_inspection(self.session.open_demo())
            return True
        return False

    def open_fieldwork_package(self, package: Path | None = None) -> bool:
        """The inspector's side: the lead's package becomes this inspector's own inspection file."""
        from widgets.open_package_dialog import OpenPackageDialog

        def open_from(chosen: OpenPackageDialog) -> None:
            assert chosen.lead_card is not None  # checked by the dialog before it calls this
            path = Path(chosen.new_file.path.text().strip())
            # the open inspection closes only once the package is accepted, and before the new file exists:
            # if it cannot close (unsaved notes), nothing new is created
            controller = self.session.open_fieldwork(Path(chosen.package.text().strip()), chosen.lead_card,
                                                     chosen.fingerprint.text(), path, chosen.new_file.passphrase.text(),
                                                     before_create=self.close_inspection)
            self.set_inspection(controller)
            self.settings.add_recent(path)
            self.statusBar().showMessage(QCoreApplication.translate("main_window", "Created {name} with your {cases} allocated case(s).").format(name=path.name, cases=len(controller.cases())), 15_000)

        return OpenPackageDialog(open_from, package, self).exec() == QDialog.DialogCode.Accepted

    def new_inspection(self) -> None:
        dialog = NewInspectionDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = Path(dialog.path.text().strip())
        self.set_inspection(self.session.create(
            path, dialog.passphrase.text(), force_name=dialog.force_name.text(),
            force_term=dialog.force_term.currentText(), framework=dialog.framework.currentData(),
            dates=dialog.dates.values()))
        self.settings.add_recent(path)
        self.import_sample()

    def set_inspection(self, controller: InspectionController) -> None:
        """Swap the open inspection: the previous one is saved and closed first."""
        self.close_inspection()
        self.controller = controller
        self.cases = CasesPage(controller)
        self.cases.panel.referRequested.connect(lambda ref: self._guarded(lambda: self.refer_case(ref)))
        self.cases.panel.queries_box.raiseRequested.connect(lambda ref: self._guarded(lambda: self.raise_query(ref)))
        self.cases.panel.editRefused.connect(lambda message: self.statusBar().showMessage(message, 15_000))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Views"))
        self.tabs.addTab(self.cases, self.tr("Cases"))
        # Referrals, Report and Force judgements are built when first shown: startup only pays for the case list
        self.tabs.addTab(QWidget(), self.tr("Referrals"))
        self.tabs.addTab(QWidget(), self.tr("Report"))
        if controller.framework.judged_areas:
            self.tabs.addTab(QWidget(), self.tr("Force judgements"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)
        self._framework_menus()
        self._set_enabled(True)
        # The window paints from the read side; the service layer (SQLAlchemy, SQLModel, half a second to import)
        # is loaded once the window is up, off the GUI thread, so the first grade does not wait for it.
        QTimer.singleShot(WRITE_SIDE_AFTER_MS, load_write_side)
        stack = controller.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        # the menu names what Ctrl+Z and Ctrl+Shift+Z would change
        stack.undoTextChanged.connect(lambda text: self.undo_action.setText(_named("&Undo", text)))
        stack.redoTextChanged.connect(lambda text: self.redo_action.setText(_named("&Redo", text)))
        controller.undoShowsCase.connect(self._show_case_for_undo)
        controller.undoShowsForceJudgement.connect(self._show_force_judgement_for_undo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.undo_action.setText(_named("&Undo", ""))
        self.redo_action.setText(_named("&Redo", ""))
        self.setWindowTitle(self.tr("{title} — {name} — Fieldwork").format(title=controller.title(), name=controller.path.name))
        self._apply_role(controller)
        self.window_state.restore_splitter("cases", self.cases.splitter)
        self.window_state.last_inspection = controller.path
        self.cases.table.setFocus()
        # The daily backup waits until the window is up, then is checked every hour while the file is open.
        self.backup_timer.start(FIRST_BACKUP_CHECK_MS)

    @property
    def referrals(self) -> ReferralsView | None:
        if self._referrals is None and self.controller is not None:
            self._referrals = ReferralsView(self.controller)
            self._replace_tab(1, self._referrals, "Referrals")
        return self._referrals

    @property
    def report(self) -> ReportView | None:
        if self._report is None and self.controller is not None and self.cases is not None:
            from widgets.report_view import ReportView  # QtCharts loads only when the report is wanted

            self._report = ReportView(self.controller, rows_source=self.cases.model.rows)
            self._report.toolbar.addAction(self.export_action)  # the File menu's actions, same shortcuts
            self._report.toolbar.addAction(self.letters_action)
            self._replace_tab(2, self._report, "Report")
            self.window_state.restore_splitter("report", self._report.splitter)
        return self._report

    @property
    def judgements(self) -> ForceJudgementsView | None:
        """The force judgements page, for a framework that judges topics for the whole force."""
        if (self._judgements is None and self.controller is not None
                and self.controller.framework.judged_areas):
            from widgets.force_judgements import ForceJudgementsView

            self._judgements = ForceJudgementsView(self.controller)
            self._replace_tab(JUDGEMENTS_TAB, self._judgements, "Force judgements")
        return self._judgements

    def show_judgements(self) -> None:
        if self.judgements is not None:
            self.tabs.setCurrentWidget(self.judgements)
            self.judgements.topics.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _replace_tab(self, position: int, widget: QWidget, title: str) -> None:
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        placeholder = self.tabs.widget(position)
        assert placeholder is not None  # the lazily built pages always hold a placeholder tab
        self.tabs.removeTab(position)
        self.tabs.insertTab(position, widget, title)
        placeholder.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)

    def _tab_shown(self, position: int) -> None:
        if position == REFERRALS_TAB and self.referrals is not None:
            self.tabs.setCurrentWidget(self.referrals)
        elif position == REPORT_TAB and self.report is not None:
            self.tabs.setCurrentWidget(self.report)
        elif position == JUDGEMENTS_TAB and self.judgements is not None:
            self.tabs.setCurrentWidget(self.judgements)

    def close_inspection(self) -> None:
        if self.controller is None:
            return
        assert self.cases is not None
        self.exports.stop()  # an export's thread reads this inspection: it ends first, or nothing closes
        self.jobs.stop()  # so does every other job's
        if self._merge_dialog is not None:  # it merges into this inspection: it goes with it
            self._merge_dialog.close()
            self._merge_dialog = None
        self.cases.panel.flush()  # raises (and keeps the inspection open) if the notes cannot be saved
        self.backup_timer.stop()
        self.window_state.save_splitter("cases", self.cases.splitter)
        if self._report is not None:
            self.window_state.save_splitter("report", self._report.splitter)
        self.controller.close()
        self.controller = None
        self.empty = QLabel(self.tr("No inspection open."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.empty)
        self.cases = self._referrals = self._report = None
        self._judgements = None
        self._set_enabled(False)

    # -- case actions ---------------------------------------------------------------------------

    def refer_case(self, ref: str | None = None, dialog: ReferralDialog | None = None) -> None:
        if self.controller is None or self.cases is None:
            return
        ref = ref or self.cases.current_ref()
        if ref is None:
            return
        self.cases.panel.flush()
        dialog = dialog or ReferralDialog(self.controller.framework, ref, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            reason, summary, raised_on = dialog.values()
            self.controller.raise_referral(ref, reason, summary, raised_on)

    def inspection_details(self, dialog: InspectionDetailsDialog | None = None) -> None:
        """The force and framework, and the fieldwork dates, which can be set or changed at any time."""
        if self.controller is None:
            return
        info = self.controller.info()
        dialog = dialog or InspectionDetailsDialog(info, self.controller.framework, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.dates.values()
        before = (info.start_date, info.end_date)
        after = (chosen[0].isoformat(), chosen[1].isoformat()) if chosen else (None, None)
        if after != before:
            self.controller.set_dates(*(chosen or (None, None)))
            self.statusBar().showMessage("Fieldwork dates saved." if chosen else "Fieldwork dates cleared.", 10_000)

    def import_sample(self) -> None:
        if self.controller is not None:
            SampleImportWizard(self.controller, self, jobs=self.jobs).exec()

    def import_gradings(self, source: Path | None = None) -> None:
        """Inspectors' gradings from a spreadsheet, in the background: all rows or none; problems and warnings
        are listed in a message (the command line's import-gradings takes a mapping and accepts warnings)."""
        if self.controller is None or self.cases is None:
            return
        if source is None:
            name, _ = QFileDialog.getOpenFileName(self, self.tr("Import gradings"), "", "Spreadsheets (*.csv *.xlsx);;"
                                                  "All files (*)")
            if not name:
                return
            source = Path(name)
        self.cases.panel.flush()

        def failed(failure: JobFailure) -> None:
            self.errors.known("\n".join((failure.message, *failure.lines[:20])))

        self.jobs.submit(self.controller.import_job(source, gradings=True), on_failed=failed,
                         on_succeeded=lambda summary: self.statusBar().showMessage(
                             self.tr("Imported gradings from {file}: {added} new and {updated} updated assessment(s).").format(file=summary.file, added=summary.added, updated=summary.updated), 15_000))

    def export_tables(self, target: Path | None = None, fmt: str | None = None) -> None:
        """Report tables as PDF, Word, Excel or CSV, written off the GUI thread (exports.writers)."""
        if self.controller is None or self.cases is None:
            return
        if target is None:  # the checks over the whole inspection, seen first; then where to write
            self.hand_in_checklist("documents", then=self._ask_and_export_tables)
            return
        fmt = fmt or Path(target).suffix.lstrip(".").lower()
        self.cases.panel.flush()
        job = TablesJob(**self.controller.job_fields(), fmt=fmt, target=Path(target))
        self.exports.run(self.tr("Writing the report tables ({format})…").format(format=fmt.upper()), job,
                         lambda path: self.tr("The report tables were written to\n{path}").format(path=path))

    def _ask_and_export_tables(self) -> None:
        chosen = self.ask_export_target(self)
        if chosen is not None:
            self.export_tables(*chosen)

    def write_letters(self, dialog: LettersDialog | None = None) -> None:
        """The letters dialog: the referrals chosen (all unsent by default), previewed, then written off the GUI
        thread; only the chosen referrals are marked "letter sent"."""
        from widgets.letters_dialog import LettersDialog

        if self.controller is None or self.cases is None:
            return
        self.cases.panel.flush()
        controller = self.controller
        dialog = dialog or LettersDialog(controller, self.ask_letters_folder, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.folder is None:
            return
        folder, choice = dialog.folder, dialog.choice()
        sender, role = choice.signatory or controller.signatory()
        job = LettersJob(**controller.job_fields(), folder=Path(folder), sender=sender, sender_role=role,
                         cases=choice.cases, addressee=choice.addressee, addressee_title=choice.addressee_title)
        self.exports.run(self.tr("Writing the referral letters…"), job,
                         lambda written: self.tr("Wrote {letters} letter(s) and {combined} in\n{folder}\nEach of "
                                                 "those referrals is recorded as letter sent.").format(
                             letters=len(written) - 1, combined=written[-1].name, folder=folder),
                         after=controller.referralsChanged.emit, folder=Path(folder))

    def publish_to_headquarters(self, dialog: PublishDialog | None = None) -> None:
        """The lead publishes the finished inspection to headquarters; the dialog connects only on Publish."""
        from widgets.publish_dialog import PublishDialog

        if self.controller is None or self.cases is None:
            return
        self.cases.panel.flush()  # the edit being typed is part of what is published
        dialog = dialog or PublishDialog(self.controller, self.settings, self, jobs=self.jobs)
        dialog.exec()

    # -- the whole inspection: queries and the checks before hand-in ------------------------------------

    def _review_menus(self, case: QMenu, team: QMenu) -> None:
        """The lead's queries (raise, list, send) and the inspector's side of them."""
        case.addSeparator()
        self._action(case, self.tr("Raise &query to the inspector…"), lambda: self.raise_query(), "Ctrl+Shift+Q",
                     needs_case=True)
        team.addSeparator()
        self._action(team, self.tr("&Queries…"), lambda: self.queries_dialog(), needs_case=True)
        self._action(team, self.tr("Open &queries package…"), lambda: self.open_queries_package(), needs_case=True)
        self._action(team, self.tr("C&hecks before hand-in…"), lambda: self.hand_in_checklist(), needs_case=True)

    def raise_query(self, ref: str | None = None, dialog: QDialog | None = None) -> None:
        """The lead asks the inspector about their work on the case (optionally: please re-grade)."""
        from widgets.queries import RaiseQueryDialog, inspectors_of

        if self.controller is None or self.cases is None:
            return
        ref = ref or self.cases.current_ref()
        if ref is None:
            return
        if not self.controller.is_lead_copy:
            self.errors.known(self.tr("Only the lead raises queries; answer the lead's queries in the case panel."))
            return
        self.cases.panel.flush()
        chosen = dialog or RaiseQueryDialog(ref, inspectors_of(self.controller.detail(ref)), self)
        if chosen.exec() != QDialog.DialogCode.Accepted or not isinstance(chosen, RaiseQueryDialog):
            return
        inspector, text, regrade = chosen.values()
        view = self.controller.raise_query(ref, text, inspector=inspector, regrade=regrade)
        self.statusBar().showMessage(self.tr("Query on {ref} raised for {inspector}; it goes in their next fieldwork or queries package.").format(ref=ref, inspector=view.inspector), 10_000)

    def queries_dialog(self, dialog: QDialog | None = None) -> QDialog | None:
        """Every query with its answer; the lead opens a case from here, closes answered queries, sends them."""
        from widgets.queries import QueriesView

        if self.controller is None or self.cases is None:
            return None
        controller = self.controller
        export = None
        if controller.is_lead_copy:
            def export(inspector: str, target: Path) -> int:
                return controller.exchange().export_queries(inspector, target)
        dialog = dialog or _wrapped(QueriesView(controller, export), "Queries", self)
        view = getattr(dialog, "view", None)
        if isinstance(view, QueriesView):
            shown = dialog

            def open_case(ref: str) -> None:
                shown.accept()
                self._open_case(ref)

            view.caseRequested.connect(open_case)
        dialog.exec()
        return dialog

    def open_queries_package(self, package: Path | None = None) -> int | None:
        """The inspector's side: the lead's queries taken into this copy; the cases queried show "Query"."""
        if self.controller is None or self.cases is None:
            return None
        if package is None:
            name, _ = QFileDialog.getOpenFileName(self, self.tr("Open queries package"), "", "Fieldwork packages (*.pkg)")
            if not name:
                return None
            package = Path(name)
        with self.reporting():
            changed = self.controller.exchange().open_queries(package)
            self.controller.team_work_done()
            self.statusBar().showMessage(f"{changed} query(ies) from the lead taken in." if changed else
                                         "Nothing new: this package's queries were already taken in.", 15_000)
            return changed
        return None

    def hand_in_checklist(self, purpose: str | None = None, then: Callable[[], object] | None = None) -> None:
        """The framework's checks, run in the background, as a checklist: before a return package (this copy
        owner's work; what blocks stops it), before the final documents (the whole inspection), or on request.
        `then` runs once the way is clear (nothing found, or the checklist accepted); an item opened from the
        list shows its case and nothing goes. One check at a time: asking again while one runs is said, not
        queued (two would mean two checklists, and two packages)."""
        from widgets.hand_in import DOCUMENTS

        if self.controller is None or self.cases is None:
            return
        # pending until its checklist is done with; a failed or cancelled check (said as any job's) is not
        if self._checking is not None and self._checking.outcome in (None, "succeeded"):
            self.statusBar().showMessage(self.tr("The checks before hand-in are already running."), 10_000)
            return
        self.cases.panel.flush()  # the notes just typed are part of what is checked
        controller = self.controller
        job = controller.checks_job(whole_inspection=purpose == DOCUMENTS or (
            purpose is None and controller.is_lead_copy))

        def checked(findings: list[Finding]) -> None:
            # what follows may open dialogs with event loops of their own: after the runner has handed over
            QTimer.singleShot(0, lambda: self._checked(controller, findings, purpose, then))

        self._checking = self.jobs.submit(job, on_succeeded=checked)

    def _checked(self, controller: InspectionController, findings: list[Finding], purpose: str | None,
                 then: Callable[[], object] | None) -> None:
        from widgets.hand_in import REVIEW, HandInDialog

        try:
            if self.controller is not controller:  # closed meanwhile
                return
            if findings:
                dialog = HandInDialog(findings, purpose or REVIEW, self)
                accepted = dialog.exec() == QDialog.DialogCode.Accepted
                if dialog.case_ref:
                    self._open_case(dialog.case_ref)
                    return
                if not accepted:
                    return
            elif purpose is None:
                self.statusBar().showMessage(self.tr("Every check before hand-in is met."), 10_000)
            if then is not None and self.controller is controller:
                self._guarded(then)
        finally:
            self._checking = None

    # -- the end of the inspection: final report, redaction ---------------------------------------------

    def mark_final(self, confirm: Callable[[QWidget, str], bool] | None = None) -> bool:
        """The lead marks the report final: from then on nothing the report counts can change."""
        from widgets.team_members_dialog import ask_yes_no

        if self.controller is None or self.cases is None:
            return False
        self.cases.panel.flush()
        question = self.tr("Mark the report of {force} final?\n\nAfter this no grade, note, concern or referral "
                           "can change; the force's answers to referrals can still be recorded. This cannot be "
                           "undone.").format(force=self.controller.info().force_name)
        if not (confirm or ask_yes_no)(self, question):
            return False
        with self.reporting():
            mark = self.controller.exchange().mark_final()
            self._reopen()  # the case panel opens read-only, with the banner saying so
            self.statusBar().showMessage(self.tr("The report was marked final by {by}.").format(by=mark["by"]),
                                         15_000)
            return True
        return False

    def redact(self, confirm: Callable[[QWidget, str], bool] | None = None) -> bool:
        """A final report keeps only what it and the audit need; the backups holding the texts may go too."""
        from widgets.team_members_dialog import ask_yes_no

        if self.controller is None:
            return False
        if self.controller.final is None:
            self.errors.known(self.tr("Only a final report's texts are redacted: mark the report final first "
                                      "(File ▸ Mark report final…)."))
            return False
        ask = confirm or ask_yes_no
        question = self.tr("Redact the texts of {name}?\n\nEvery evidence note, concern, referral summary and "
                           "query becomes \"[redacted]\"; the report's tables and sentences do not change, and "
                           "the audit keeps a hash of each text. This cannot be undone.").format(
                               name=self.controller.path.name)
        if not ask(self, question):
            return False
        with self.reporting():
            result = self.controller.redact()
            backups = self.controller.backups()
            message = self.tr("Redacted {texts} text(s) and {events} audit event(s).").format(
                texts=result.texts, events=result.events)
            if backups and ask(self, self.tr("{count} backup(s) taken before the redaction still hold the texts. "
                                             "Remove them now?").format(count=len(backups))):
                removed = self.controller.remove_backups()
                message += " " + self.tr("Removed {count} backup(s).").format(count=len(removed))
            elif backups:
                message += " " + self.tr("{count} older backup(s) still hold the texts.").format(count=len(backups))
            self._reopen()
            self.statusBar().showMessage(message, 15_000)
            return True
        return False

    def _reopen(self) -> None:
        """Close and open the inspection again, so every view reads what changed underneath it."""
        if self.controller is None:
            return
        path = self.controller.path
        self.close_inspection()
        self.open_path(path)

    def _open_case(self, ref: str) -> None:
        if self.cases is not None:
            self.tabs.setCurrentWidget(self.cases)
            self.cases.show_case(ref)
            self.cases.panel.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- team work and backups -------------------------------------------------------------------

    def team_dialog(self, kind: str, dialog: QDialog | None = None) -> QDialog | None:
        """Allocation, merge, moderation, conflicts or agreement, on the open inspection."""
        if self.controller is None or self.cases is None:
            return None
        self.cases.panel.flush()
        dialog = dialog or self._team_dialog(kind, self.controller.exchange())
        if kind == "merge":  # a background job: the window stays usable (edits wait while it writes)
            self._merge_dialog = dialog
            dialog.setModal(False)
            dialog.show()
            return dialog  # the window reloads once the merge has written
        dialog.exec()
        self.controller.team_work_done()
        return dialog

    def _team_dialog(self, kind: str, exchange: ExchangeController) -> QDialog:
        from widgets import (
            agreement_view,
            allocation_dialog,
            conflict_dialog,
            merge_dialog,
            moderation_view,
            team_members_dialog,
        )

        if kind == "members":
            return team_members_dialog.TeamMembersDialog(exchange, self)
        if kind == "allocate":
            return allocation_dialog.AllocationDialog(exchange, self, jobs=self.jobs)
        if kind == "merge":
            return merge_dialog.MergeDialog(exchange, self, jobs=self.jobs)
        if kind == "conflicts":
            return conflict_dialog.ConflictDialog(exchange, self)
        view, title = {"moderation": (moderation_view.ModerationView, "Moderation"),
                       "agreement": (agreement_view.AgreementView, "Agreement between graders")}[kind]
        return _wrapped(view(exchange), title, self)

    def identity_dialog(self) -> QDialog:
        """This laptop's identity: created if missing, its card saved and fingerprint shown for the lead."""
        from widgets.team_members_dialog import IdentityDialog

        dialog = IdentityDialog(self.session.laptop_identity(), self.session.identity_creator(self.settings),
                                self.session.save_card, self.settings.user_name or "", self,
                                **self.session.identity_file_options(self.settings))  # type: ignore[arg-type]
        dialog.exec()
        return dialog

    def export_return_package(self, target: Path | None = None) -> None:
        """The inspector's work since the fieldwork package, for the lead's USB stick: the checks first, then
        (asked where, unless target is given) written in the background; the status bar says when."""
        from widgets.hand_in import RETURN_PACKAGE

        if self.controller is None or self.cases is None:
            return
        controller = self.controller
        owner = controller.fieldwork_owner()
        if owner is None:  # said before a file dialog asks where to put a package that cannot exist
            self.errors.known(self.tr("{name} is not an inspector's copy opened from a fieldwork package, so there is no return package to write. The lead merges return packages with Team ▸ Merge return packages….").format(name=self.controller.path.name))
            return
        # what blocks stops it; warnings are seen first (the notes typed in the last half second are checked too)
        self.hand_in_checklist(RETURN_PACKAGE, then=lambda: self._write_return_package(controller, owner, target))

    def _write_return_package(self, controller: InspectionController, owner: str, target: Path | None) -> None:
        from widgets.allocation_dialog import package_file_name

        if target is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Save return package"), package_file_name(owner, "return"),
                                                  "Fieldwork packages (*.pkg)")
            if not name:
                return
            target = Path(name)
        if self.controller is not controller or self.cases is None:  # closed while the checks ran
            return
        self.cases.panel.flush()  # grading went on during the checks: what was typed meanwhile goes too
        with self.reporting():
            job = controller.exchange().return_job(target)
            written = target
            self.jobs.submit(job, on_succeeded=lambda export: self.statusBar().showMessage(
                self.tr("Return package (revision {revision}, {changed_fields} changed field(s)) written to {written}.").format(revision=export.revision, changed_fields=export.changed_fields, written=written), 15_000))

    def back_up_now(self) -> None:
        """An encrypted backup, taken in the background (File ▸ Back up now)."""
        if self.controller is None:
            return
        self.jobs.submit(BackupJob(**self.controller.job_fields(), reason="manual"),
                         on_succeeded=lambda target: self.statusBar().showMessage(
                             self.tr("Encrypted backup written: {target}").format(target=target), 10_000))

    def daily_backup(self) -> None:
        """Runs soon after opening and every hour, in the background: at most one daily backup per inspection."""
        self.backup_timer.setInterval(BACKUP_CHECK_EVERY_MS)
        if self.controller is not None:
            def written(target: Path | None) -> None:
                if target is not None:
                    self.statusBar().showMessage(QCoreApplication.translate("main_window", "Daily encrypted backup written: {name}").format(name=target.name), 10_000)

            self.jobs.submit(BackupJob(**self.controller.job_fields(), reason="daily"), on_succeeded=written)

    def restore_from_backup(self, dialog: BackupsDialog | None = None) -> None:
        """Replace the inspection with a chosen backup; its present state is kept as another backup."""
        if self.controller is None:
            return
        from widgets.backups_dialog import BackupsDialog

        controller = self.controller
        path = controller.path
        dialog = dialog or BackupsDialog(path.name, controller.backups(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or (chosen := dialog.chosen()) is None:
            return
        self.close_inspection()
        try:
            controller.restore(chosen)
        finally:
            self.open_path(path)  # reopened whether or not the restore went through
        self.statusBar().showMessage(f"Restored from the backup of {chosen.taken:%Y-%m-%d %H:%M} UTC.", 10_000)

    def undo(self) -> None:
        """Undo the last edit, wherever it was: its case (or topic) is shown first, then the status bar says what."""
        if self.controller and self.controller.undo_stack.canUndo():
            text = self.controller.undo_stack.undoText()
            self.controller.undo_stack.undo()
            self.statusBar().showMessage(self.tr("Undone: {text}").format(text=text), 10_000)

    def redo(self) -> None:
        if self.controller and self.controller.undo_stack.canRedo():
            text = self.controller.undo_stack.redoText()
            self.controller.undo_stack.redo()
            self.statusBar().showMessage(self.tr("Redone: {text}").format(text=text), 10_000)

    def _show_case_for_undo(self, ref: str) -> None:
        """Called just before an undo or redo changes ref: the Cases tab with that case selected."""
        if self.cases is not None:
            self.tabs.setCurrentWidget(self.cases)
            self.cases.show_case(ref)

    def _show_force_judgement_for_undo(self, area: str) -> None:
        """Called just before an undo or redo changes the force's judgement of area: that topic in view."""
        view = self.judgements
        if view is None:
            return
        self.tabs.setCurrentWidget(view)
        row = next((i for i in range(view.model.rowCount()) if view.model.judgement_at(i).area == area), None)
        if row is not None:
            view.select_topic(row)

    def focus_search(self) -> None:
        if self.cases:
            self.tabs.setCurrentIndex(0)
            self.cases.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.cases.search.selectAll()

    def focus_list(self) -> None:
        if self.cases:
            self.tabs.setCurrentIndex(0)
            self.cases.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def about(self) -> None:
        from widgets.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Notes typed in the last half second are saved before the window goes."""
        try:
            self.close_inspection()
        except JobsStillRunning as error:  # an export's too (ExportStillRunning)
            self.errors.known(self.tr("Fieldwork stays open: {error}").format(error=error))
            event.ignore()
            return
        except FieldworkError as error:
            self.errors.known(self.tr("Your latest notes could not be saved, so Fieldwork stays open: {error}").format(error=error))
            event.ignore()
            return
        self.window_state.save_geometry(self)
        self.window_state.sync()
        event.accept()


def _named(verb: str, what: str) -> str:
    """'&Undo Grade DEMO-0043: Good' for the Edit menu; an ampersand in the command's text stays literal."""
    return f"{verb} {what.replace('&', '&&')}" if what else verb


def _wrapped(view: QWidget, title: str, parent: QWidget) -> QDialog:
    """A view widget shown as a dialog with a Close button."""
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.view = view  # type: ignore[attr-defined]
    dialog.resize(900, 600)
    return dialog
