"""The restore-from-backup dialog, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.inspection.backups import list_backups, take_backup
from widgets.backups_dialog import BackupModel, BackupsDialog


def test_backup_model_passes_the_model_tester(qtmodeltester, inspection) -> None:
    take_backup(inspection.db, "daily")
    take_backup(inspection.db, "manual")
    qtmodeltester.check(BackupModel(list_backups(inspection.path)))


def test_choosing_a_backup_enables_restore(qtbot, inspection) -> None:
    take_backup(inspection.db, "daily")
    take_backup(inspection.db, "before-migration-v0")
    backups = list_backups(inspection.path)
    dialog = BackupsDialog("test.fieldwork", backups)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.restore_button.isEnabled()
    assert dialog.model.index(0, 1).data() == "Before an upgrade"
    assert dialog.model.index(1, 1).data() == "Daily"
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.restore_button.isEnabled()
    assert dialog.chosen() in backups
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == BackupsDialog.DialogCode.Accepted
