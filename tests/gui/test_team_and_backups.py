"""Team work and backups from the main window's menus, driven as the lead would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from models.inspection.backups import list_backups
from tests.gui.test_workflow import when_modal

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_moderation_from_the_team_menu_settles_a_disagreement(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ref = "DEMO-0006"
    window.controller.service.set_grade(ref, "Second Grader", "inadequate")  # the demo grade there is good
    window.controller.team_work_done()
    assert window.controller.service.case(ref).disagreement
    seen = {}

    def moderate(dialog: QDialog) -> None:
        view = dialog.view
        seen["items"] = [view.cases.item(i).text() for i in range(view.cases.count())]
        view.grade.setCurrentIndex(view.grade.findData("requires-improvement"))
        view.rationale.setPlainText("Both readings have merit; practice fell short of good.")
        monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)  # confirmed
        qtbot.mouseClick(view.agree, Qt.MouseButton.LeftButton)
        seen["status"] = view.status.text()
        dialog.reject()

    when_modal(qtbot, moderate)
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    assert seen["items"] == [ref]
    assert seen["status"].startswith("DEMO-0006 settled as Requiring improvement. 0 open moderation item(s)")
    row = window.controller.service.case(ref)
    assert (row.grade, row.moderated) == ("requires-improvement", True)
    assert not window.controller.service.tally().open_moderation


def test_allocation_dialog_opens_from_the_team_menu(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    seen = {}

    def look(dialog: QDialog) -> None:
        seen["title"] = dialog.windowTitle()
        dialog.reject()

    when_modal(qtbot, look)
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)
    assert seen["title"] == "Allocate cases"


def test_restore_from_backup_brings_back_the_earlier_grade(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    service = window.controller.service
    before = service.case("DEMO-0001").grade
    window.back_up_now()  # in the background: the status bar says when it is written
    qtbot.waitUntil(lambda: not window.jobs.running)
    assert [b.reason for b in list_backups(window.controller.path)] == ["manual"]
    assert before == "inadequate"
    window.controller.change_grade("DEMO-0001", "good")  # a second grader who disagrees
    assert window.controller.service.case("DEMO-0001").disagreement

    def choose(dialog: QDialog) -> None:
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, choose)
    window.restore_from_backup()
    assert window.controller is not None
    window.backup_timer.stop()
    restored = window.controller.service.case("DEMO-0001")
    assert (restored.grade, restored.disagreement) == (before, False)
    reasons = sorted(b.reason for b in list_backups(window.controller.path))
    assert reasons == ["before-restore", "manual"]


def test_daily_backup_is_taken_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.backup_timer.start(1)  # the timer the window starts on opening, here without the delay
    qtbot.waitUntil(lambda: list_backups(window.controller.path) != [])
    assert window.backup_timer.interval() == 3_600_000  # then it checks hourly
    qtbot.waitUntil(lambda: not window.jobs.running)
    window.daily_backup()
    qtbot.waitUntil(lambda: not window.jobs.running)
    assert [b.reason for b in list_backups(window.controller.path)] == ["daily"]


def test_the_main_window_reaches_inspections_only_through_its_controller() -> None:
    """Backups, restores, documents and team work are InspectionController methods, not the window's business."""
    import ast
    import inspect

    import widgets.main_window

    tree = ast.parse(inspect.getsource(widgets.main_window))
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not attributes & {"service", "db", "key_hex"}
    assert not modules & {"models.inspection.backups", "exports.writers", "desktop.laptop.identity_store"}
