"""The case list: a table model over CaseRow (loaded once, updated row by row) and its filter proxy."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import compress, islice
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon

from desktop.controllers.inspection import case_graded
from models.inspection.framework import Framework
from models.inspection.records import (
    DISAGREEMENT,
    REFERRED,
    TOPICS_DISAGREEMENT,
    CaseListing,
    CaseRow,
    time_code,
)
from widgets import look
from widgets.record_model import Index, RecordTableModel
from widgets.translation import QT_TRANSLATE_NOOP

# The lead's query sits beside the reference: a case sent back with a question must be seen at once.
COL_REF, COL_QUERY, COL_TYPE, COL_SAMPLE, COL_FORCE_GRADE, COL_INSPECTOR, COL_GRADE, COL_REFERRAL, COL_EDITED = range(9)
HEADERS = (QT_TRANSLATE_NOOP("Headers", "Reference"), QT_TRANSLATE_NOOP("Headers", "Query"), QT_TRANSLATE_NOOP("Headers", "Case type"), QT_TRANSLATE_NOOP("Headers", "Sample"), QT_TRANSLATE_NOOP("Headers", "Force grade"), QT_TRANSLATE_NOOP("Headers", "Inspector"), QT_TRANSLATE_NOOP("Headers", "Grade"), QT_TRANSLATE_NOOP("Headers", "Referral"),
           QT_TRANSLATE_NOOP("Headers", "Last edited"))

CaseRole = Qt.ItemDataRole.UserRole + 1  # the CaseRow itself
SortRole = Qt.ItemDataRole.UserRole + 2  # a value that sorts as people expect (grade order, time)
RefRole = Qt.ItemDataRole.UserRole + 3

STATUSES = ("ungraded", "graded", "disagreement", "referred", "query")
CELL_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, SortRole, CaseRole, RefRole, Qt.ItemDataRole.DecorationRole,
                            Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole})



def case_status(row: CaseRow, framework: Framework) -> set[str]:
    """The statuses a case matches in the status filter (a referred case is also graded or not)."""
    disagreement = row.disagreement or row.topics_disagreement
    found = {"graded" if case_graded(row, framework) else ("disagreement" if disagreement else "ungraded")}
    if disagreement:
        found.add("disagreement")
    if row.referred:
        found.add("referred")
    if row.queries:
        found.add("query")  # the lead's query not yet closed
    return found


class CaseTableModel(RecordTableModel):
    """Read-only rows from InspectionService.case_listing() (or any CaseRows), held as columns (CaseListing):
    about a hundred bytes a case. An edit replaces one row, never the whole list."""

    headings = HEADERS

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.framework = framework
        self._listing = CaseListing()
        self._ordered = 0  # the first rows, in reference order: found by bisection, with no index of their own
        self._position: dict[str, int] = {}  # the other rows (added after loading, or loaded out of order)
        self._grade_label = {g.key: g.label for g in framework.grades}
        self._type_label = {c.key: c.label for c in framework.case_types}  # in the interface's language
        self._grade_order = {g.key: i for i, g in enumerate(framework.grades)}
        # (inspectorate-selected, self-assessed), translated once rather than per cell
        self._sample_labels = (self.tr("Inspectorate-selected"), self.tr("Self-assessed"))
        self._topics = len(framework.graded_areas)
        self._keys: dict[int, list[Any]] = {}  # column -> sort key of every row, in row order
        self._refs: list[str] | None = None  # every reference, casefolded, in row order
        self._grade_icons: dict[str, QIcon] = {}  # drawn on first use: the colour and letter of each grade

    # -- loading --------------------------------------------------------------------------------

    def load(self, rows: Iterable[CaseRow] | CaseListing) -> None:
        self.beginResetModel()
        self._listing = rows if isinstance(rows, CaseListing) else CaseListing.of(rows)
        refs = self._listing.refs
        ordered = self._listing.in_ref_order or all(map(str.__lt__, refs, islice(refs, 1, None)))
        self._ordered = len(refs) if ordered else 0
        self._position = {} if self._ordered else {ref: i for i, ref in enumerate(refs)}
        self._keys, self._refs = {}, None
        self.endResetModel()

    def update_case(self, row: CaseRow) -> None:
        """Replace one case after an edit (or append it when new) and repaint only its row."""
        position = self.row_of(row.ref)
        if position is None:
            count = len(self._listing)
            self.beginInsertRows(QModelIndex(), count, count)
            self._position[row.ref] = count
            self._listing.append(row)
            self._keys, self._refs = {}, None
            self.endInsertRows()
            return
        self._listing.replace(position, row)
        for column, keys in self._keys.items():
            keys[position] = self._sort_key(row, column)
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(HEADERS) - 1))

    def case_at(self, position: int) -> CaseRow:
        return self._listing.row(position)

    def row_of(self, ref: str) -> int | None:
        refs = self._listing.refs
        found = bisect_left(refs, ref, 0, self._ordered)
        if found < self._ordered and refs[found] == ref:
            return found
        return self._position.get(ref)

    def rows(self) -> list[CaseRow]:
        return self._listing.rows()

    def listing(self) -> CaseListing:
        """The rows themselves, not a copy: for the filter's passes over every case."""
        return self._listing

    def people(self) -> set[str]:
        """Everyone a case is allocated to or graded by."""
        return self._listing.people()

    def record(self, index: Index) -> CaseRow | None:
        if not index.isValid() or not 0 <= index.row() < len(self._listing):
            return None
        return self._listing.row(index.row())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._listing)

    # -- keys computed once per column (until the rows change), for sorting and searching ----------

    def sort_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = self._column_keys(column)
        return keys

    def _column_keys(self, column: int) -> list[Any]:
        """Every row's sort key, worked out once per distinct value rather than once per case."""
        listing = self._listing
        values = listing.codes.found
        grades = self._grade_order
        if column == COL_REF:
            return list(self.folded_refs())
        if column == COL_EDITED:
            return list(listing.updated)
        if column == COL_GRADE and not self.framework.case_grade:
            return [-1 if flags & TOPICS_DISAGREEMENT else settled
                    for flags, settled in zip(listing.flags, listing.topics_graded, strict=True)]
        if column == COL_GRADE:
            by_code = [grades.get(value or "", len(grades) + 2) for value in values]
            return [len(grades) + 1 if flags & DISAGREEMENT else by_code[code]
                    for flags, code in zip(listing.flags, listing.grade, strict=True)]
        if column == COL_FORCE_GRADE:
            by_code = [grades.get(value or "", len(grades) + 2) for value in values]
            return list(map(by_code.__getitem__, listing.force_grade))
        if column in (COL_TYPE, COL_SAMPLE):
            codes = listing.case_type if column == COL_TYPE else listing.sample
            shown = [(self._type_label.get(value) or listing.labels.get(value, value) if column == COL_TYPE
                      else self._sample_labels[value == "self-assessed"]).casefold()
                     if value is not None else "" for value in values]
            return list(map(shown.__getitem__, codes))
        if column == COL_INSPECTOR:
            pairs = zip(listing.allocated, listing.graders, strict=True)
            names = listing.grader_codes.found
            memo: dict[tuple[int, int], str] = {}
            keys = []
            for pair in pairs:
                key = memo.get(pair)
                if key is None:
                    key = memo[pair] = (values[pair[0]] or ", ".join(names[pair[1]])).casefold()
                keys.append(key)
            return keys
        if column == COL_REFERRAL:
            marked = (self._referral_text(False).casefold(), self._referral_text(True).casefold())
            return [marked[bool(flags & REFERRED)] for flags in listing.flags]
        if column == COL_QUERY:
            marked = (self._query_text(0).casefold(), self._query_text(1).casefold())
            return [marked[count > 0] for count in listing.queries]
        return [self._sort_key(listing.row(i), column) for i in range(len(listing))]

    def folded_refs(self) -> list[str]:
        if self._refs is None:
            self._refs = [ref.casefold() for ref in self._listing.refs]
        return self._refs

    # -- Qt model interface ---------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._listing):
            return None
        return self.data_at(index.row(), index.column(), role)

    def data_at(self, position: int, column: int, role: int, row: CaseRow | None = None) -> object:
        """A cell's data by row and column (the filter proxy asks directly, one call per cell); row: the case
        at position, when the caller has already built it for the cell's other roles."""
        # a painted cell is asked for seven roles, most with nothing to say; a paint may come while the
        # listing is being replaced, when a position can be past its end
        if role not in ANSWERED_ROLES or not 0 <= position < len(self._listing):
            return None
        row = row or self._listing.row(position)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_key(row, column)
        if role == CaseRole:
            return row
        if role == RefRole:
            return row.ref
        if role == Qt.ItemDataRole.DecorationRole and column in (COL_FORCE_GRADE, COL_GRADE):
            return self._grade_icon(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TYPE:
            return self._type_label.get(row.case_type, row.case_type_label)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("{heading}: {value}").format(heading=QCoreApplication.translate("Headers", HEADERS[column]),
                                                        value=self._display(row, column) or self.tr("none"))
        return None

    def _grade_icon(self, row: CaseRow, column: int) -> QIcon | None:
        """The grade's colour with its letter beside the grade's name: never colour alone."""
        if column == COL_GRADE and (row.disagreement or row.topics_disagreement or not self.framework.case_grade):
            return None
        grade = row.force_grade if column == COL_FORCE_GRADE else row.grade
        if grade not in self._grade_order:
            return None
        assert grade is not None
        if grade not in self._grade_icons:
            labels = [g.label for g in self.framework.grades]
            position = self._grade_order[grade]
            self._grade_icons[grade] = look.grade_icon(position, len(labels), look.grade_marks(labels)[position])
        return self._grade_icons[grade]

    def _display(self, row: CaseRow, column: int) -> str:
        if column == COL_REF:
            return row.ref
        if column == COL_TYPE:
            return self._type_label.get(row.case_type, row.case_type_label)
        if column == COL_SAMPLE:
            return self._sample_labels[row.sample == "self-assessed"]
        if column == COL_FORCE_GRADE:
            return self._grade_label.get(row.force_grade or "", "")
        if column == COL_INSPECTOR:
            return row.allocated_to or ", ".join(row.graders)
        if column == COL_GRADE:
            if row.disagreement or row.topics_disagreement:
                return self.tr("Disagreement")
            if not self.framework.case_grade:  # no overall grade: say how far the topics have got
                return self.tr("{graded} of {topics} topics graded").format(graded=row.topics_graded, topics=self._topics)
            return self._grade_label.get(row.grade or "") or self.tr("Ungraded")
        if column == COL_REFERRAL:
            return self._referral_text(row.referred)
        if column == COL_QUERY:
            return self._query_text(row.queries)
        if column == COL_EDITED:
            return edited_at(row.updated_at)
        return ""

    def _referral_text(self, referred: bool) -> str:
        return self.tr("Referred") if referred else ""

    def _query_text(self, open_queries: int) -> str:
        return self.tr("Query") if open_queries else ""

    def _sort_key(self, row: CaseRow, column: int) -> object:
        if column == COL_GRADE and not self.framework.case_grade:
            return -1 if row.topics_disagreement else row.topics_graded
        if column in (COL_FORCE_GRADE, COL_GRADE):
            grade = row.force_grade if column == COL_FORCE_GRADE else row.grade
            if column == COL_GRADE and row.disagreement:
                return len(self._grade_order) + 1
            return self._grade_order.get(grade or "", len(self._grade_order) + 2)
        if column == COL_EDITED:
            return time_code(row.updated_at)
        return self._display(row, column).casefold()


def edited_at(moment: datetime | None) -> str:
    """A last-edited time as Fieldwork's lists show it: day, month and local time."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%d %b %H:%M") if moment.tzinfo else moment.strftime("%d %b %H:%M")


DEBOUNCE_ABOVE = 20_000  # cases: a longer list waits for a pause in typing before it searches
DEBOUNCE_MS = 150


class CaseFilterProxy(QAbstractProxyModel):
    """Filters by case type, sample, inspector, status and reference text; sorts by SortRole's keys.

    Built for a million cases: sorting and filtering run in Python over per-column key lists computed once
    (not one call per comparison or per row from Qt), the visible rows are one list of source rows, and a
    search keystroke over a long list waits for a pause in typing (search()).
    """

    searched = Signal()  # a search (immediate or after the pause) has been applied

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case_type: str | None = None
        self.sample: str | None = None
        self.inspector: str | None = None
        self.status: str | None = None
        self.text = ""
        self._column = -1
        self._order = Qt.SortOrder.AscendingOrder
        self._visible: list[int] | range = range(0)  # proxy row -> source row
        self._model: CaseTableModel | None = None
        self._row_of: dict[int, int] | None = None  # source row -> proxy row, built when first asked
        self._sorted: list[int] | None = None  # every source row in sort order (None: source order)
        self._allowed: tuple[tuple[object, ...], bytearray] | None = None  # non-text filters -> rows passing
        self._pending = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)

    # -- the source ------------------------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        self._model = model if isinstance(model, CaseTableModel) else None  # not asked of Qt at every cell
        for signal, slot in self._connections(model):
            signal.connect(slot)
        self._forget()
        self._visible = self._compute()
        self.endResetModel()

    def _connections(self, model: QAbstractItemModel) -> list[tuple[Any, Any]]:
        return [(model.modelAboutToBeReset, self.beginResetModel), (model.modelReset, self._source_reset),
                (model.dataChanged, self._source_changed), (model.rowsInserted, self._source_inserted),
                (model.layoutChanged, self._source_inserted)]

    def _cases(self) -> CaseTableModel | None:
        return self._model

    def _forget(self) -> None:
        self._sorted = None
        self._allowed = None
        self._row_of = None

    def _source_reset(self) -> None:
        self._forget()
        self._visible = self._compute()
        self.endResetModel()

    def _source_inserted(self, *_args: object) -> None:
        self._forget()
        self._relayout()

    def _source_changed(self, top: QModelIndex, bottom: QModelIndex, roles: list[int] | None = None) -> None:
        """An edited case: its row moves or leaves the list only if its key or a filter's verdict changed."""
        model = self._cases()
        if model is None:
            return
        changed = range(top.row(), bottom.row() + 1)
        before = [self._proxy_row(row) for row in changed]
        if self._sorted is not None:  # nearly sorted already: the sort takes one pass
            keys = model.sort_keys(self._column)
            self._sorted.sort(key=keys.__getitem__, reverse=self._order == Qt.SortOrder.DescendingOrder)
        if self._allowed is not None:
            for row in changed:
                self._allowed[1][row] = self._passes(model.case_at(row), model.framework)
        visible = self._compute()
        if visible != self._visible:
            self._relayout(visible)
            return
        for was in before:
            if was is not None:
                self.dataChanged.emit(self.index(was, 0), self.index(was, self.columnCount() - 1))

    # -- filtering and sorting -------------------------------------------------------------------

    def set_filters(self, **filters: str | None) -> None:
        """Change any of case_type, sample, inspector, status, text; re-filter once, now."""
        for name in filters:
            if name not in ("case_type", "sample", "inspector", "status", "text"):
                raise ValueError(f"unknown filter {name}")
        narrowed = set(filters) == {"text"} and self.text in (filters["text"] or "").casefold()
        for name, value in filters.items():
            setattr(self, name, (value or "").casefold() if name == "text" else (value or None))
        self._timer.stop()
        self._relayout(self._narrowed() if narrowed else None)

    def search(self, text: str) -> None:
        """The search box's text: applied at once on a short list, after a pause in typing on a long one."""
        self._pending = text
        model = self.sourceModel()
        if model is None or model.rowCount() <= DEBOUNCE_ABOVE:
            self._search_now()
        else:
            self._timer.start()

    def _search_now(self) -> None:
        self.set_filters(text=self._pending)
        self.searched.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._column, self._order = column, order
        self._sorted = None
        self._relayout()

    def sortColumn(self) -> int:
        return self._column

    def sortOrder(self) -> Qt.SortOrder:
        return self._order

    def _sort_order(self, model: CaseTableModel) -> list[int] | None:
        if self._column < 0 or self._column >= len(HEADERS):
            return None
        if self._sorted is None:
            keys = model.sort_keys(self._column)
            self._sorted = sorted(range(len(keys)), key=keys.__getitem__,
                                  reverse=self._order == Qt.SortOrder.DescendingOrder)
        return self._sorted

    def _allowed_rows(self, model: CaseTableModel) -> bytearray | None:
        """One byte a source row: 1 where the case passes the type, sample, inspector and status filters."""
        wanted = (self.case_type, self.sample, self.inspector, self.status)
        if not any(wanted):
            return None
        if self._allowed is None or self._allowed[0] != wanted:
            self._allowed = (wanted, self._passing(model.listing(), model.framework))
        return self._allowed[1]

    def _passing(self, listing: CaseListing, framework: Framework) -> bytearray:
        """The filters over the listing's columns: each test worked out once per distinct code, not per case."""
        values, graders = listing.codes.found, listing.grader_codes.found
        passes = bytearray(b"\x01") * len(listing)

        def keep(column: Iterable[int], allowed: Callable[[int], bool]) -> None:
            verdicts: dict[int, bool] = {}
            for i, code in enumerate(column):
                verdict = verdicts.get(code)
                if verdict is None:
                    verdict = verdicts[code] = allowed(code)
                if not verdict:
                    passes[i] = 0

        if self.case_type:
            keep(listing.case_type, lambda code: values[code] == self.case_type)
        if self.sample:
            keep(listing.sample, lambda code: values[code] == self.sample)
        if self.inspector:
            name = self.inspector
            keep((allocated << 32 | grading for allocated, grading in zip(listing.allocated, listing.graders,
                                                                            strict=True)),
                 lambda code: values[code >> 32] == name or name in graders[code & 0xFFFFFFFF])
        if self.status:
            wanted, case_grade = self.status, framework.case_grade

            def status(code: int) -> bool:
                flags, graded, queries = code & 0xFF, code >> 8 & 1, code >> 9
                disagreement = bool(flags & (DISAGREEMENT | TOPICS_DISAGREEMENT))
                if wanted == "graded":
                    return bool(graded)
                if wanted == "ungraded":
                    return not graded and not disagreement
                if wanted == "disagreement":
                    return disagreement
                if wanted == "referred":
                    return bool(flags & REFERRED)
                return wanted == "query" and bool(queries)

            graded_by = listing.grade if case_grade else listing.topics_graded
            keep((flags | (grade > 0) << 8 | (queries > 0) << 9
                  for flags, grade, queries in zip(listing.flags, graded_by, listing.queries, strict=True)), status)
        return passes

    def _passes(self, row: CaseRow, framework: Framework) -> bool:
        return ((not self.case_type or row.case_type == self.case_type)
                and (not self.sample or row.sample == self.sample)
                and (not self.inspector or self.inspector == row.allocated_to or self.inspector in row.graders)
                and (not self.status or self.status in case_status(row, framework)))

    def _compute(self) -> list[int] | range:
        model = self._cases()
        if model is None:
            source = self.sourceModel()
            return list(range(source.rowCount())) if source is not None else []
        order = self._sort_order(model)
        rows: Iterable[int] = order if order is not None else range(model.rowCount())
        allowed = self._allowed_rows(model)
        text = self.text
        if allowed is not None:
            rows = compress(rows, (allowed[i] for i in rows)) if order is not None else compress(rows, allowed)
        if text:
            refs = model.folded_refs()
            rows = [i for i in rows if text in refs[i]]
        # every case in source order: a range, not a million ints
        return rows if isinstance(rows, range | list) else list(rows)

    def _narrowed(self) -> list[int] | range:
        """The visible rows after the search text grew: only those already shown can still match."""
        model = self._cases()
        if model is None or not self.text:
            return self._compute()
        refs, text = model.folded_refs(), self.text
        return [i for i in self._visible if text in refs[i]]

    def _relayout(self, visible: list[int] | range | None = None) -> None:
        """Show a new list of rows, keeping the selection and current row where they are still shown."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [(self._visible[i.row()] if 0 <= i.row() < len(self._visible) else None, i.column())
                   for i in persistent]
        self._visible = self._compute() if visible is None else visible
        self._row_of = None
        moved = [QModelIndex() if source is None or self._proxy_row(source) is None
                 else self.createIndex(self._proxy_row(source) or 0, column) for source, column in sources]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _proxy_row(self, source_row: int) -> int | None:
        if isinstance(self._visible, range):
            return source_row if 0 <= source_row < len(self._visible) else None
        if self._row_of is None:
            self._row_of = {source: row for row, source in enumerate(self._visible)}
        return self._row_of.get(source_row)

    # -- the proxy model interface ---------------------------------------------------------------

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        source = self.sourceModel()
        if source is None or not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._visible):
            return QModelIndex()
        return source.index(self._visible[proxy_index.row()], proxy_index.column())

    # A view paints each cell by asking for seven roles at once (multiData). Through QAbstractProxyModel that is
    # seven asks of four calls into Python each (mapToSource, the source's index with its rowCount and
    # columnCount checks, then its data), and each call from Qt takes the interpreter lock: while a job's worker
    # holds it, every one waits its turn. Here a painted cell is one call, and flags none through the source.

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N803
        model = self._model
        if model is None:
            super().multiData(index, roleDataSpan)
            return
        wanted: list[QModelRoleData]
        if isinstance(roleDataSpan, QModelRoleDataSpan):
            span: Any = roleDataSpan  # indexable (each item the caller's own), though the stubs do not say so
            wanted = [span[i] for i in range(roleDataSpan.size())]
        else:
            wanted = [roleDataSpan]
        row = index.row()
        source = self._visible[row] if index.isValid() and 0 <= row < len(self._visible) else -1
        # the case is built once for all the roles asked of the cell, and only if one of them is answered
        case = (model.case_at(source) if 0 <= source < len(model._listing)
                and any(r.role() in ANSWERED_ROLES for r in wanted) else None)
        for role_data in wanted:
            role_data.setData(None if case is None else model.data_at(source, index.column(), role_data.role(), case))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        model = self._model
        if model is None:
            return super().data(index, role)
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._visible):
            return None
        return model.data_at(self._visible[row], index.column(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return CELL_FLAGS

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._proxy_row(source_index.row())
        return QModelIndex() if row is None else self.createIndex(row, source_index.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._visible) or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and bool(self._visible)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        source = self.sourceModel()
        if source is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        return source.headerData(section, orientation, role)
