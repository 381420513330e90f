"""Choosing the referral-back letters to write: which referrals, to whom, signed by whom; a preview that writes
nothing, then the letters written to a chosen folder (by the window, off the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPixmap, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.controllers.inspection import InspectionController, LetterChoice
from exports.documents import CASE_MARKING
from exports.letters import SIGNATURE_SPACE
from models.errors import FieldworkError
from models.inspection.records import ReferralView
from widgets.dialogs import buddy_label, problem_label
from widgets.record_model import Index, RecordTableModel
from widgets.referrals import STATUS_LABELS
from widgets.translation import QT_TRANSLATE_NOOP, shown_label

COL_CHOSEN, COL_TYPE, COL_STATUS, COL_SENT = range(4)
PAGE_WIDTH = 560  # pixels of the previewed page: A4 legible beside the list at 1366 wide
A4_RATIO = 297 / 210


class LetterChoiceModel(RecordTableModel):
    """The referrals a letter can go for, each with a tick; those whose letter has not gone are ticked first."""

    headings = (QT_TRANSLATE_NOOP("Headers", "Case"), QT_TRANSLATE_NOOP("Headers", "Case type"), QT_TRANSLATE_NOOP("Headers", "Status"), QT_TRANSLATE_NOOP("Headers", "Letter sent"))

    def __init__(self, referrals: list[ReferralView], case_types: dict[str, str],
                 parent: QObject | None = None) -> None:
        super().__init__(referrals, parent)
        self._types = case_types
        self.chosen: set[str] = {r.case_ref for r in referrals if r.letter_sent_on is None and r.status != "closed"}

    def referral_at(self, row: int) -> ReferralView:
        return self._rows[row]

    def chosen_refs(self) -> tuple[str, ...]:
        """The ticked referrals, in the list's (case) order."""
        return tuple(r.case_ref for r in self._rows if r.case_ref in self.chosen)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_CHOSEN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        r: ReferralView | None = self.record(index)
        if r is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_CHOSEN:
            return Qt.CheckState.Checked if r.case_ref in self.chosen else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (r.case_ref, self._types.get(r.case_type, r.case_type), shown_label(STATUS_LABELS, r.status),
                    r.letter_sent_on or "")[column]
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        r: ReferralView | None = self.record(index)
        if r is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_CHOSEN:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if isinstance(value, int | Qt.CheckState) else False
        (self.chosen.add if checked else self.chosen.discard)(r.case_ref)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_chosen(self, ref: str, chosen: bool) -> None:
        for row, r in enumerate(self._rows):
            if r.case_ref == ref:
                state = Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
                self.setData(self.index(row, COL_CHOSEN), state, Qt.ItemDataRole.CheckStateRole)


def letter_page_image(text: str, width: int = PAGE_WIDTH) -> QImage:
    """The letter's text laid out as an A4 page (marking, bold headings, room to sign), drawn by Qt's own text
    layout: the preview needs no PDF renderer, which the installed app does not ship."""
    height = round(width * A4_RATIO)
    margin = round(width * 0.12)
    blocks = []
    for paragraph in text.strip().split("\n\n"):
        if paragraph.strip() == SIGNATURE_SPACE:
            blocks.append("<p style='margin-top: 12mm'>&nbsp;</p>")
            continue
        bold = paragraph.startswith("**") and paragraph.endswith("**") and len(paragraph) > 4
        body = escape(paragraph[2:-2] if bold else paragraph).replace("\n", "<br>")
        blocks.append(f"<p style='font-size: 12pt; font-weight: bold'>{body}</p>" if bold else f"<p>{body}</p>")
    page = QImage(width, height, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    dots_per_metre = round(width / 0.210)  # the image is an A4 sheet: type sizes come out as on paper
    page.setDotsPerMeterX(dots_per_metre)
    page.setDotsPerMeterY(dots_per_metre)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(page)
    font = QFont()
    font.setPointSizeF(10)
    document.setDefaultFont(font)
    document.setHtml(f"<p align='center'><b>{escape(CASE_MARKING)}</b></p>{''.join(blocks)}")  # not translated: the letter itself
    document.setTextWidth(width - 2 * margin)
    painter = QPainter(page)
    painter.translate(margin, margin * 0.6)
    document.drawContents(painter, QRectF(0, 0, width - 2 * margin, height - margin))
    painter.end()
    return page


class LettersDialog(QDialog):
    """Tick the referrals, check the addressee, preview the first letter, then write them to a folder."""

    def __init__(self, controller: InspectionController, ask_folder: Callable[[QWidget], Path | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ask_folder = ask_folder
        self.folder: Path | None = None
        self.setWindowTitle(self.tr("Referral letters"))
        self.setAccessibleName(self.tr("Referral letters"))
        info = controller.info()
        types = {c.key: c.label for c in controller.framework.case_types}
        self.model = LetterChoiceModel([r for r in controller.referrals() if r.active], types, self)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(self.tr("Tick the referrals to write to the force about. Those whose letter has not gone yet are "
                       "ticked; only the ticked referrals are recorded as letter sent."))
        intro.setWordWrap(True)
        left_layout.addWidget(intro)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Referrals to write to"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        left_layout.addWidget(self.table, 1)
        ticks = QHBoxLayout()
        self.tick_all = QPushButton(self.tr("Tick &all"))
        self.tick_none = QPushButton(self.tr("Tick &none"))
        self.tick_all.clicked.connect(lambda: self._tick(True))
        self.tick_none.clicked.connect(lambda: self._tick(False))
        ticks.addWidget(self.tick_all)
        ticks.addWidget(self.tick_none)
        ticks.addStretch(1)
        left_layout.addLayout(ticks)

        form = QFormLayout()
        self.addressee_name = QLineEdit(info.addressee_name)
        self.addressee_name.setAccessibleName(self.tr("Addressee's name"))
        self.addressee_name.setPlaceholderText(self.tr("For example: Jane Smith"))
        form.addRow(buddy_label(self.tr("Addressee's na&me"), self.addressee_name), self.addressee_name)
        self.addressee_title = QLineEdit(info.chief_officer)
        self.addressee_title.setAccessibleName(self.tr("Addressee's title"))
        form.addRow(buddy_label(self.tr("Addressee's &title"), self.addressee_title), self.addressee_title)
        force = QLabel(info.force_name)
        force.setAccessibleName(self.tr("Force"))
        form.addRow(self.tr("Force"), force)
        self.signatory = controller.signatory()
        signed = QLabel(", ".join(part for part in self.signatory if part)
                        or "nobody: create your identity (Team ▸ My identity card…)")
        signed.setAccessibleName(self.tr("Signed by"))
        signed.setWordWrap(True)
        form.addRow(self.tr("Signed by"), signed)
        left_layout.addLayout(form)
        self.problem = problem_label(self.tr("Problem with the letters"))
        left_layout.addWidget(self.problem)

        self.preview_tabs = QTabWidget()
        self.preview_tabs.setAccessibleName(self.tr("Letter preview"))
        self.page = QLabel(self.tr("Preview shows the first ticked letter here. Nothing is written."))
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setWordWrap(True)
        self.page.setAccessibleName(self.tr("Preview of the letter's first page"))
        scroll = QScrollArea()
        scroll.setWidget(self.page)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview_tabs.addTab(scroll, self.tr("Page"))
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_text.setAccessibleName(self.tr("Text of the letter"))
        self.preview_tabs.addTab(self.preview_text, self.tr("Text"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview_tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self.buttons = QDialogButtonBox()
        self.preview_button = self.buttons.addButton("&Preview", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button = self.buttons.addButton("&Write letters…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview)
        self.write_button.clicked.connect(self.write)
        layout.addWidget(self.buttons)
        self.model.dataChanged.connect(lambda *_: self._enable())
        self._enable()
        self.resize(1240, 720)

    def _tick(self, chosen: bool) -> None:
        for row in range(self.model.rowCount()):
            self.model.set_chosen(self.model.referral_at(row).case_ref, chosen)

    def _enable(self) -> None:
        count = len(self.model.chosen_refs())
        self.preview_button.setEnabled(count > 0)
        self.write_button.setEnabled(count > 0)
        self.write_button.setText(self.tr("&Write 1 letter…") if count == 1 else
                                  self.tr("&Write {count} letters…").format(count=count))

    def choice(self) -> LetterChoice:
        """What is chosen now; empty name or title fields stay empty (a letter by title alone, or by name)."""
        return LetterChoice(self.model.chosen_refs(), " ".join(self.addressee_name.text().split()),
                            " ".join(self.addressee_title.text().split()), self.signatory)

    def preview(self) -> bool:
        """The first ticked letter, as a page and as text; nothing is written and no referral changes."""
        self.problem.setText("")
        choice = self.choice()
        try:
            previews = self.controller.preview_letters(choice)
        except FieldworkError as error:
            self.problem.setText(str(error))
            return False
        first = previews[0]
        self.preview_text.setPlainText(self.tr("{file_name}: case {case_ref}, to {addressee}, reply due {due}\n\n{text}").format(
            file_name=first.file_name, case_ref=first.case_ref, addressee=first.addressee, due=first.due_date.isoformat(),
            text=first.text))
        self.page.setPixmap(QPixmap.fromImage(letter_page_image(first.text)))
        self.preview_tabs.setCurrentIndex(0)
        return True

    def write(self) -> None:
        """Checked as a preview first (so a missing addressee is said here), then the folder is asked for."""
        if not self.preview():
            return
        folder = self.ask_folder(self)
        if folder is None:
            return
        self.folder = folder
        self.accept()
