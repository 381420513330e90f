"""WCAG 2.1 AA, measured: contrast computed from the palette and colours Fieldwork actually uses, in a light
and a dark system theme; grades told apart without colour and with colour-vision deficiencies; every control a
keyboard can reach has a name a screen reader can say; the focus is always visible."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop.controllers.exchange import ExchangeController
from widgets import look
from widgets.case_model import COL_GRADE
from widgets.main_window import REFERRALS_TAB, REPORT_TAB

TEXT, UI = 4.5, 3.0  # WCAG 2.1 AA: 1.4.3 text, 1.4.11 user-interface components

# Machado et al. (2009), severity 1, applied to linear RGB
DEFICIENCIES = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
}


def dark_palette() -> QPalette:
    """A dark system theme, as Windows' or GNOME's dark mode hands Qt."""
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#353535"), (QPalette.ColorRole.WindowText, "#ffffff"),
                         (QPalette.ColorRole.Base, "#2a2a2a"), (QPalette.ColorRole.AlternateBase, "#323232"),
                         (QPalette.ColorRole.Text, "#ffffff"), (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#ffffff"), (QPalette.ColorRole.Highlight, "#2a82da"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def system_palette(request, qapp) -> Iterator[tuple[str, look.Theme]]:  # type: ignore[no-untyped-def]
    """The app under a light or a dark system palette, with Fieldwork's colours applied as at start-up."""
    before = qapp.palette()
    qapp.setPalette(qapp.style().standardPalette() if request.param == "light" else dark_palette())
    theme = look.apply(qapp)
    yield request.param, theme
    qapp.setPalette(before)


def colour(role: QPalette.ColorRole) -> str:
    return QApplication.palette().color(QPalette.ColorGroup.Active, role).name()


def test_text_and_controls_have_enough_contrast_in_light_and_dark_themes(system_palette) -> None:  # type: ignore[no-untyped-def]
    name, theme = system_palette
    assert theme.name == name  # the dark system theme gets the dark colours
    base, window = colour(QPalette.ColorRole.Base), colour(QPalette.ColorRole.Window)
    alternate = colour(QPalette.ColorRole.AlternateBase)
    pairs = {
        "text on a list": (colour(QPalette.ColorRole.Text), base, TEXT),
        "text on every other row": (colour(QPalette.ColorRole.Text), alternate, TEXT),
        "text on the window": (colour(QPalette.ColorRole.WindowText), window, TEXT),
        "the selected row": (colour(QPalette.ColorRole.HighlightedText), colour(QPalette.ColorRole.Highlight), TEXT),
        "a problem on the window": (theme.error, window, TEXT),
        "a problem on a field": (theme.error, base, TEXT),
        "the focus ring on the window": (theme.focus_ring, window, UI),
        "the focus ring on a field": (theme.focus_ring, base, UI),
    }
    for count in range(1, 6):
        for position in range(count):
            swatch = look.grade_colour(theme, position, count)
            pairs[f"grade {position + 1}/{count} letter"] = (theme.grade_mark, swatch, TEXT)
            pairs[f"grade {position + 1}/{count} on a list"] = (swatch, base, UI)
            pairs[f"grade {position + 1}/{count} on a selected row"] = (
                swatch, colour(QPalette.ColorRole.Highlight), 1.0)  # the letter and name carry it there
    failing = {what: round(look.contrast(a, b), 2) for what, (a, b, least) in pairs.items()
               if look.contrast(a, b) < least}
    assert not failing, f"{name} theme: too little contrast: {failing}"
    assert "color: " + theme.error in look.problem_style()


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of linear sRGB."""
    r, g, b = rgb
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, (0.95047, 1.0, 1.08883), strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def seen_with(deficiency: str, hex_colour: str) -> tuple[float, float, float]:
    qcolour = QColor(hex_colour)

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(qcolour.red()), linear(qcolour.green()), linear(qcolour.blue())]
    rows = DEFICIENCIES[deficiency]
    simulated = tuple(min(max(sum(m * v for m, v in zip(row, rgb, strict=True)), 0.0), 1.0) for row in rows)
    return lab((simulated[0], simulated[1], simulated[2]))


@pytest.mark.parametrize("theme", [look.LIGHT, look.DARK], ids=lambda t: t.name)
@pytest.mark.parametrize("deficiency", list(DEFICIENCIES))
def test_grade_colours_stay_apart_for_deuteranopes_and_protanopes(theme: look.Theme, deficiency: str) -> None:
    for count in (3, 4, 5):
        colours = [look.grade_colour(theme, i, count) for i in range(count)]
        for a, b in itertools.combinations(colours, 2):
            difference = math.dist(seen_with(deficiency, a), seen_with(deficiency, b))
            assert difference > 10, f"{a} and {b} look alike with {deficiency} ({difference:.1f})"


def test_grades_carry_a_letter_beside_their_colour(window) -> None:  # type: ignore[no-untyped-def]
    labels = [g.label for g in window.controller.framework.grades]
    assert look.grade_marks(labels) == ["G", "R", "I"]
    assert look.grade_marks(["Good", "Good enough"]) == ["1", "2"]  # shared initials fall back to numbers
    cases = window.cases
    graded = next(i for i in range(cases.model.rowCount())
                  if cases.model.case_at(i).grade and not cases.model.case_at(i).disagreement)
    icon = cases.model.index(graded, COL_GRADE).data(Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    panel = cases.panel
    assert all(not button.icon().isNull() for button in panel.grade_buttons)


def unnamed_controls(top: QWidget) -> list[str]:
    """Every control Tab can reach that a screen reader would announce without a name."""
    missing = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.objectName().startswith("qt_") or widget.parentWidget() is None:
            continue  # Qt's own parts (a scroll area's viewport, a spin box's inner line edit)
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return missing


def test_every_focusable_control_has_an_accessible_name(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    for tab in (REFERRALS_TAB, REPORT_TAB):
        window.tabs.setCurrentIndex(tab)
        assert window.referrals is not None and window.report is not None
    window.tabs.setCurrentIndex(0)
    missing = unnamed_controls(window)
    for page in (window.referrals, window.report):
        missing += unnamed_controls(page)
    exchange = ExchangeController(window.controller.service)
    for kind in ("moderation", "members", "allocate", "agreement"):
        dialog = window._team_dialog(kind, exchange)
        missing += [f"{m} ({kind})" for m in unnamed_controls(dialog)]
        dialog.deleteLater()
    assert not missing, f"controls without an accessible name: {missing}"


def test_the_focused_control_is_ringed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    look.apply(QApplication.instance())
    notes = next(iter(window.cases.panel.notes.values()))
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert notes.hasFocus()
    ring = look.ring_of(window)
    assert ring is not None and ring.isVisible()
    shown = notes.visibleRegion().boundingRect()
    around = ring.geometry()
    top_left = notes.mapTo(window, shown.topLeft())
    assert around.contains(top_left) and around.width() >= shown.width() + 2
    assert ring.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # never takes a click
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    table = window.cases.table
    assert table.hasFocus() and ring.geometry().contains(table.mapTo(window, table.rect().topLeft()))
