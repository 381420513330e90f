"""A 1366x768 laptop at 100%, 125% and 150% scaling: every tab and the busiest dialogs fit, nothing clipped.

QT_SCALE_FACTOR s divides the screen's logical size by s and leaves every widget's logical size as it is, so a
window of (1366/s) x (728/s - 31) logical pixels is what such a screen has room for (a 40 px taskbar, a
31 px title bar); the tests size windows that way in one process rather than restarting Qt three times.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.controllers.exchange import ExchangeController
from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.demo import DEMO_PASSPHRASE
from widgets.main_window import CASES_TAB, REFERRALS_TAB, REPORT_TAB, MainWindow

SCALES = (1.0, 1.25, 1.5)


def room(scale: float) -> tuple[int, int]:
    """The logical size a maximised window has on a 1366x768 screen at this scaling."""
    return int(1366 / scale), int(728 / scale) - 31


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def inside(widget: QWidget, window: QWidget) -> bool:
    """The whole widget lies within the window's visible area and within every scroll area that shows it."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    if not window.rect().contains(QRect(top_left, widget.size())):
        return False
    return widget.visibleRegion().boundingRect().size() == widget.size()


@pytest.mark.parametrize("scale", SCALES)
def test_every_tab_fits_and_the_grade_and_first_notes_show(qtbot, window, scale: float) -> None:  # type: ignore[no-untyped-def]
    width, height = room(scale)
    assert window.minimumSizeHint().width() <= width and window.minimumSizeHint().height() <= height
    window.resize(width, height)
    settle()
    cases = window.cases
    assert window.size().toTuple() == (width, height)
    panel = cases.panel
    first_notes = next(iter(panel.notes.values()))
    for widget in (cases.search, cases.case_type, cases.status, cases.table, cases.count, panel.heading,
                   panel.grade_box, *panel.grade_buttons, panel.no_grade, panel.concern, panel.refer, first_notes):
        assert inside(widget, window), f"{widget.accessibleName()} is cut off at {scale:.0%}"
    for tab in (REFERRALS_TAB, REPORT_TAB, CASES_TAB):
        window.tabs.setCurrentIndex(tab)
        settle()
        # no tab makes the window grow (the Report tab once made it 767 px tall)
        assert window.size().toTuple() == (width, height), f"tab {tab} resized the window at {scale:.0%}"
    report = window.report
    for widget in (report.toolbar, report.tables):
        window.tabs.setCurrentWidget(report)
        settle()
        assert inside(widget, window)


def test_the_filters_never_force_a_wide_window(window) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases
    longest = max((cases.case_type.itemText(i) for i in range(cases.case_type.count())), key=len)
    assert cases.case_type.fontMetrics().horizontalAdvance(longest) > 300  # the long case types are there
    for combo in (cases.case_type, cases.sample, cases.inspector, cases.status):
        assert combo.minimumSizeHint().width() < 160
        assert combo.view().minimumWidth() >= combo.view().sizeHintForColumn(0)  # the open list shows it all


def busiest_dialogs(window: MainWindow) -> list[QDialog]:
    from widgets.dialogs import NewInspectionDialog
    from widgets.import_wizard import SampleImportWizard
    from widgets.referrals import ReferralDialog

    assert window.controller is not None
    exchange = ExchangeController(window.controller.service)
    return [NewInspectionDialog(window), ReferralDialog(window.controller.framework, "DEMO-0001", window),
            SampleImportWizard(window.controller, window), window._team_dialog("moderation", exchange),
            window._team_dialog("members", exchange), window._team_dialog("allocate", exchange)]


@pytest.mark.parametrize("scale", SCALES)
def test_the_busiest_dialogs_fit(qtbot, window, scale: float) -> None:  # type: ignore[no-untyped-def]
    width, height = room(scale)
    for dialog in busiest_dialogs(window):
        dialog.show()
        settle()
        hint = dialog.minimumSizeHint()
        name = dialog.windowTitle()
        assert hint.width() <= width and hint.height() <= height, f"{name} needs {hint.toTuple()} at {scale:.0%}"
        dialog.resize(min(dialog.width(), width), min(dialog.height(), height))
        settle()
        assert dialog.width() <= width and dialog.height() <= height, f"{name} too big at {scale:.0%}"
        dialog.close()


def test_window_size_splitters_and_last_inspection_are_remembered(qtbot, window, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.laptop.paths import window_state_file

    window.resize(780, 520)  # within the offscreen test screen (800x600)
    window.cases.splitter.setSizes([250, 480])
    settle()
    sizes = window.cases.splitter.sizes()
    assert window.size().toTuple() == (780, 520)
    window.close()
    assert window_state_file().exists()  # in the test's own FIELDWORK_HOME, never the real profile

    session = SessionController("test inspector", prompt=lambda path, problem: DEMO_PASSPHRASE, store=KeyStore())
    again = MainWindow(session, Settings())
    qtbot.addWidget(again)
    assert again.size().toTuple() == (780, 520)
    assert again.window_state.last_inspection == demo_path.resolve()
    assert again.open_last_inspection()
    assert again.controller is not None and again.controller.path == demo_path
    again.show()
    settle()
    assert again.cases.splitter.sizes() == sizes
    again.close_inspection()


def test_a_saved_window_larger_than_the_screen_is_shrunk_to_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    free = window.screen().availableGeometry()
    window.resize(free.width() + 400, free.height() + 400)
    window.close()
    session = SessionController("test inspector", prompt=lambda path, problem: DEMO_PASSPHRASE, store=KeyStore())
    again = MainWindow(session, Settings())
    qtbot.addWidget(again)
    assert again.width() <= free.width() and again.height() <= free.height()
