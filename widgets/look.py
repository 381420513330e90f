"""How Fieldwork looks, in one place: the grade colours and marks, the selection, error and focus colours, in a
light and a dark variant, each checked against WCAG 2.1 AA (tests/gui/test_accessibility.py).

Grades never rely on colour alone: each carries a letter (G, R, I...) beside its colour, and the colours differ
in lightness as well as hue, so people with deuteranopia or protanopia can tell them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from shiboken6 import isValid


@dataclass(frozen=True)
class Theme:
    """Colours as #rrggbb; grades run from the best (Outstanding) to the worst (Inadequate) of a five-grade scale."""

    name: str
    highlight: str  # the selected row
    highlighted_text: str
    error: str  # a problem's text, on the window and on the base colour
    focus_ring: str
    grades: tuple[str, str, str, str, str]
    grade_mark: str  # the letter drawn on a grade's colour


LIGHT = Theme("light", highlight="#1d5a96", highlighted_text="#ffffff", error="#a50f15", focus_ring="#1d5a96",
              grades=("#08306b", "#2166ac", "#5c5c5c", "#a6500a", "#7f0020"), grade_mark="#ffffff")
DARK = Theme("dark", highlight="#7ab8f5", highlighted_text="#000000", error="#ff8080", focus_ring="#7ab8f5",
             grades=("#c6dbef", "#6baed6", "#b0b0b0", "#f5a742", "#ff8a8a"), grade_mark="#000000")

# which of the five colours a shorter scale uses, best first: the ends stay far apart
SCALE_POSITIONS = {1: (1,), 2: (1, 4), 3: (1, 3, 4), 4: (1, 2, 3, 4), 5: (0, 1, 2, 3, 4)}


def theme_for(palette: QPalette) -> Theme:
    """Dark when the system's window colour is dark (a dark system theme), else light."""
    return DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


def current_theme() -> Theme:
    app = QApplication.instance()
    return theme_for(app.palette()) if isinstance(app, QApplication) else LIGHT


def grade_colour(theme: Theme, position: int, count: int) -> str:
    """The colour of the position-th grade (0 = best) of a count-grade scale."""
    positions = SCALE_POSITIONS.get(count, SCALE_POSITIONS[5])
    return theme.grades[positions[min(position, len(positions) - 1)]]


def grade_marks(labels: Sequence[str]) -> list[str]:
    """A letter per grade: its initial (G, R, I), or its number when two grades share one."""
    initials = [label[:1].upper() for label in labels]
    return initials if len(set(initials)) == len(initials) else [str(i + 1) for i in range(len(labels))]


def grade_icon(position: int, count: int, mark: str, size: int = 16) -> QIcon:
    """A square of the grade's colour with its letter on it, for the case list and the grade buttons."""
    theme = current_theme()
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(grade_colour(theme, position, count)))
    painter.drawRoundedRect(QRect(0, 0, size, size), 3, 3)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(int(size * 0.72))
    painter.setFont(font)
    painter.setPen(QColor(theme.grade_mark))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    return QIcon(pixmap)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = QColor(colour)
    return 0.2126 * linear(rgb.red()) + 0.7152 * linear(rgb.green()) + 0.0722 * linear(rgb.blue())


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def problem_style() -> str:
    """A problem's text: the theme's error colour, bold (so it is not told by colour alone)."""
    return f"color: {current_theme().error}; font-weight: bold;"


def apply(app: QApplication) -> Theme:
    """The selection colours that pass contrast on the system's own palette, and the focus ring; idempotent."""
    theme = theme_for(app.palette())
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(theme.highlight))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(theme.highlighted_text))
    app.setPalette(palette)
    if app.findChild(FocusRings) is None:
        FocusRings(app)
    return theme


class FocusRing(QWidget):
    """A 2 px ring drawn around the focused control, over it, never taking a click: every control gets the
    same visible focus, whatever the platform style draws (a notes area otherwise shows only its caret)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.hide()

    def follow(self, target: QWidget | None) -> None:
        # the filter stays on a control left behind (it may be mid-destruction): eventFilter ignores it
        self.target = target
        if target is None:
            self.hide()
            return
        target.installEventFilter(self)
        self.place()

    def place(self) -> None:
        target, window = self.target, self.parentWidget()
        if target is None or not isValid(target) or window is None or not target.isVisible():
            self.hide()
            return
        # the part of the control actually on screen (a notes area half scrolled away is ringed where it shows)
        shown = target.visibleRegion().boundingRect()
        if shown.isEmpty():
            self.hide()
            return
        rect = QRect(target.mapTo(window, shown.topLeft()), shown.size()).adjusted(-2, -2, 2, 2)
        self.setGeometry(rect.intersected(window.rect()))
        self.raise_()
        self.show()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.target is not None and watched is self.target and event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Hide,
                                                       QEvent.Type.Show):
            self.place()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(QColor(current_theme().focus_ring))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()


class FocusRings(QObject):
    """One ring per window, moved to whichever control has the focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusChanged.connect(self._focus_changed)
        self._scrolling: set[int] = set()
        self._rings: list[FocusRing] = []

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # the control losing the focus is never touched: it may be losing it because it is being deleted
        new = new if new is not None and isValid(new) else None
        window = new.window() if new is not None else None
        self._rings = [ring for ring in self._rings if isValid(ring)]
        for ring in self._rings:
            if ring.parentWidget() is not window:
                ring.follow(None)  # a window left behind shows no focus
        if new is None or window is None:
            return
        found = next((r for r in self._rings if r.parentWidget() is window), None)
        ring = found if found is not None else FocusRing(window)
        if found is None:
            self._rings.append(ring)
        ring.follow(new)
        self._watch_scrolling(new)

    def _watch_scrolling(self, widget: QWidget) -> None:
        """A control inside a scroll area moves when it scrolls: the ring follows."""
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QAbstractScrollArea) and id(parent) not in self._scrolling:
                self._scrolling.add(id(parent))
                for bar in (parent.verticalScrollBar(), parent.horizontalScrollBar()):
                    bar.valueChanged.connect(lambda _v, area=parent: self._replace(area))
                key = id(parent)
                parent.destroyed.connect(lambda _o=None, key=key: self._scrolling.discard(key))
            parent = parent.parentWidget()

    @staticmethod
    def _replace(area: QWidget) -> None:
        if not isValid(area):
            return
        ring = ring_of(area.window())
        if ring is not None:
            ring.place()


def ring_of(window: QWidget) -> FocusRing | None:
    """The window's focus ring, once a control in it has had the focus."""
    ring = window.findChild(FocusRing, "focusRing", Qt.FindChildOption.FindDirectChildrenOnly)
    return ring if isinstance(ring, FocusRing) else None
