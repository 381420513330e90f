"""The report taking shape: its tables as printed, the narrative, a chart of grades and the progress."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController, Progress, progress_of
from exports.documents import AgreementFigures
from exports.report import Report
from models.inspection.framework import Framework
from models.inspection.records import CaseRow
from widgets import look


def grade_colours(count: int) -> tuple[str, ...]:
    """The case list's grade colours (widgets/look.py), best first; the chart's own background is light."""
    return tuple(look.grade_colour(look.LIGHT, i, count) for i in range(count))


def report_html(report: Report) -> str:
    """The tables exactly as build_report gives them; the GUI never recounts."""
    parts = []
    if report.provisional:
        parts.append("<p><b>Provisional:</b> some cases are ungraded or awaiting moderation.</p>")
    for table in report.tables:
        # counts line up on the right; a cell of words (a force judgement's grade) reads from the left
        texts = [any(isinstance(r.counts[i], str) for r in table.rows) for i in range(len(table.columns))]
        head = "".join(f"<th align='{'left' if text else 'right'}'>{escape(c)}</th>"
                       for c, text in zip(table.columns, texts, strict=True))
        rows = "".join(
            f"<tr><td>{escape(r.label)}</td>" + "".join(
                f"<td align='{'left' if text else 'right'}'>{escape(str(n))}</td>"
                for n, text in zip(r.counts, texts, strict=True)) + "</tr>"
            for r in table.rows)
        parts.append(f"<h3>{escape(table.title)}</h3><table border='1' cellspacing='0' cellpadding='4'>"
                     f"<tr><th align='left'>{escape(table.first_column)}</th>{head}</tr>{rows}</table>")
    if report.annex:  # only a framework with a self-assessed sample has Annex A
        annex = "".join(f"<tr><td>{escape(label)}</td><td align='right'>{n}</td></tr>" for label, n in report.annex)
        parts.append("<h3>Annex A: self-assessed cases by type</h3>"
                     "<table border='1' cellspacing='0' cellpadding='4'>"
                     f"<tr><th align='left'>Type of case</th><th>Number of cases</th></tr>{annex}</table>")
    parts.append(f"<h3>Cases referred back</h3><p id='referred'>{report.tally.referred_back} case(s) referred back "
                 "to the force.</p>")
    parts.append("<h3>Chapter 4</h3>" + "".join(f"<p>{escape(s)}</p>" for s in report.narrative))
    return "".join(parts)


def chart_title(framework: Framework) -> str:
    """What the chart counts (Report.grade_breakdown): grades by case-type table, else by graded topic."""
    numbers = [t.number for t in framework.tables if t.kind == "case-type"]
    if numbers:
        if len(numbers) == 1:
            return QCoreApplication.translate("report_view", "Inspectorate grades by case type (Table {n})").format(n=numbers[0])
        return QCoreApplication.translate("report_view", "Inspectorate grades by case type (Tables {first}–{last})").format(first=numbers[0],
                                                                                   last=numbers[-1])
    topics = [t.number for t in framework.tables if t.kind == "topics"]
    return QCoreApplication.translate("report_view", "Case grades by topic (Table {n})").format(n=topics[0]) if topics else ""


def chart_description(report: Report) -> str:
    """The chart in words: each bar's label and its counts per grade, in the order the chart shows them."""
    headings = report.tally.grade_headings
    return "; ".join(
        f"{label}: " + ", ".join(f"{n} {heading.lower()}" for heading, n in zip(headings, counts, strict=True))
        for label, counts in report.grade_breakdown()) + "."


class ReportView(QWidget):
    """Refreshes shortly after any edit (coalesced), so grading stays smooth while the report follows."""

    def __init__(self, controller: InspectionController, parent: QWidget | None = None,
                 rows_source: Callable[[], list[CaseRow]] | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.report: Report | None = None
        # the case list already in memory when the main window passes it: no extra query per refresh
        self.rows_source = rows_source or controller.cases
        layout = QVBoxLayout(self)
        # Other features (exports) add their actions here: report_view.toolbar.addAction(...)
        self.toolbar = QToolBar(self.tr("Report"))
        self.toolbar.setAccessibleName(self.tr("Report actions"))
        self.toolbar.addAction("Refresh", self.refresh)
        layout.addWidget(self.toolbar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter = splitter  # its position is kept between runs (widgets/window_state.py)
        self.tables = QTextBrowser()
        self.tables.setAccessibleName(self.tr("Report tables and narrative"))
        self.tables.setOpenLinks(False)
        splitter.addWidget(self.tables)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.chart = QChart()
        self.chart.setTitle(chart_title(controller.framework))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setAccessibleName(self.tr("Chart of grades by case type"))
        self.chart_view.viewport().setAccessibleName(self.tr("Chart of grades by case type"))  # what takes the focus
        self.chart_view.setMinimumSize(320, 240)
        right_layout.addWidget(self.chart_view, 3)
        # hidden (never shown: a parentless widget shown would open a window of its own) for a framework whose
        # tables count no grades by case type or topic
        self.chart_view.setHidden(not self.chart.title())
        self.progress_box = QGroupBox(self.tr("Progress"))
        self.progress_box.setAccessibleName(self.tr("Grading progress"))
        self.progress_layout = QGridLayout(self.progress_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.progress_box)
        scroll.setAccessibleName(self.tr("Grading progress"))
        right_layout.addWidget(scroll, 2)
        self.agreement_box = QGroupBox(self.tr("Agreement between graders"))
        self.agreement_box.setAccessibleName(self.tr("Agreement between graders"))
        agreement_layout = QVBoxLayout(self.agreement_box)
        self.agreement = QTableWidget()
        self.agreement.setAccessibleName(self.tr("Agreement statistics: confusion matrix and weighted kappa"))
        self.agreement.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.agreement.verticalHeader().setVisible(False)
        # compact rows, and tall enough for both matrices' summary lines without scrolling
        rows = self.agreement.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 6)
        self.agreement.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.agreement.setWordWrap(False)
        agreement_layout.addWidget(self.agreement)
        self.agreement_note = QLabel("")
        self.agreement_note.setWordWrap(True)
        self.agreement_note.setAccessibleName(self.tr("About the agreement statistics"))
        agreement_layout.addWidget(self.agreement_note)
        right_layout.addWidget(self.agreement_box, 2)
        # agreement is measured on overall case grades; a framework grading only topics has none to compare
        self.agreement_box.setHidden(not controller.framework.case_grade)
        # the chart, progress and agreement scroll together rather than make the window taller than the screen
        right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        right_scroll.setAccessibleName(self.tr("Chart, progress and agreement"))
        right_scroll.setWidget(right)
        splitter.addWidget(right_scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 700])
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        controller.caseUpdated.connect(lambda _detail: self._timer.start())
        controller.casesReloaded.connect(self._timer.start)
        controller.referralsChanged.connect(self._timer.start)
        controller.forceJudgementsChanged.connect(self._timer.start)
        controller.detailsChanged.connect(self._timer.start)  # the narrative names the inspection's year
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        self.report = self.controller.report()
        scroll = self.tables.verticalScrollBar().value()
        self.tables.setHtml(report_html(self.report))
        self.tables.verticalScrollBar().setValue(scroll)
        self._chart(self.report)
        self._progress(progress_of(self.rows_source(), self.controller.framework))
        if self.controller.framework.case_grade:
            self._agreement(self.controller.agreement_figures())

    def _agreement(self, figures: AgreementFigures | None) -> None:
        """The same table the exported documents print; section rows (a title, no numbers) span the width."""
        self.agreement.clearSpans()
        if figures is None:
            self.agreement.setRowCount(0)
            self.agreement.setColumnCount(0)
            self.agreement_note.setText(self.tr("No case has been graded twice, or self-assessed and graded, yet."))
            return
        self.agreement.setColumnCount(len(figures.columns))
        self.agreement.setHorizontalHeaderLabels(list(figures.columns))
        self.agreement.setRowCount(len(figures.rows))
        for r, row in enumerate(figures.rows):
            section = not any(row[1:])
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if section:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.agreement.setItem(r, c, item)
            if section:
                self.agreement.setSpan(r, 0, 1, len(row))
        self.agreement_note.setText(figures.note)
        shown = min(len(figures.rows), 9)
        self.agreement.setMinimumHeight(self.agreement.horizontalHeader().sizeHint().height()
                                        + shown * self.agreement.verticalHeader().defaultSectionSize() + 4)

    def _chart(self, report: Report) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        breakdown = list(reversed(report.grade_breakdown()))  # horizontal bars draw bottom-up: first on top
        series = QHorizontalStackedBarSeries()
        colours = grade_colours(len(report.tally.grade_headings))
        for i, heading in enumerate(report.tally.grade_headings):
            bar = QBarSet(heading)
            bar.setColor(QColor(colours[i % len(colours)]))
            bar.append([float(counts[i]) for _, counts in breakdown])
            series.append(bar)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([_short(label) for label, _ in breakdown])
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setLabelFormat("%d")
        top = max([sum(counts) for _, counts in breakdown] or [1])
        values.setRange(0, max(top, 1))
        values.applyNiceNumbers()
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        # The chart's alternative text: what it shows, in words, for a screen reader.
        self.chart_view.setAccessibleName(self.chart.title())
        self.chart_view.setAccessibleDescription(chart_description(report))

    def _progress(self, progress: Progress) -> None:
        while self.progress_layout.count():
            item = self.progress_layout.takeAt(0)
            if item is not None and (widget := item.widget()):
                widget.deleteLater()
        row = 0

        def line(label: str, graded: int, total: int, bold: bool = False) -> None:
            nonlocal row
            name = QLabel(label)
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setWordWrap(True)
            if bold:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            bar = QProgressBar()
            bar.setRange(0, max(total, 1))
            bar.setValue(graded)
            bar.setFormat(f"{graded} / {total}")
            bar.setAccessibleName(QCoreApplication.translate("report_view", "{label}: {graded} of {total} graded").format(label=label, graded=graded, total=total))
            self.progress_layout.addWidget(name, row, 0)
            self.progress_layout.addWidget(bar, row, 1)
            row += 1

        def heading(text: str) -> None:
            nonlocal row
            label = QLabel(text)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self.progress_layout.addWidget(label, row, 0, 1, 2)
            row += 1

        # a framework grading only topics counts a case once a topic has a settled grade, as the tally does
        everything = "All cases graded" if self.controller.framework.case_grade else "Cases with a topic graded"
        line(everything, progress.graded, progress.total, bold=True)
        heading("By case type")
        for p in progress.by_case_type:
            line(p.label, p.graded, p.total)
        heading("By inspector")
        for p in progress.by_inspector:
            line(p.label, p.graded, p.total)
        self.progress_layout.setColumnStretch(0, 2)
        self.progress_layout.setColumnStretch(1, 1)


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
