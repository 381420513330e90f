"""A report marked final opens read-only: every case can be read, no grade, flag or note can be changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.services import InspectionService
from models.team.finish import mark_final
from tests.gui.conftest import _window_on


def test_a_final_report_opens_read_only(qtbot, demo_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with InspectionService.open(demo_path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        mark_final(service, None)
        audited = service.verify_audit().events
    opened = _window_on(qtbot, demo_path)
    window = next(opened)
    try:
        panel = window.cases.panel
        window.cases.select_row(1)  # DEMO-0002: not referred, so "Refer back" would be enabled on a live file
        qtbot.waitUntil(lambda: panel.ref == "DEMO-0002")
        banner = panel.findChild(type(panel.heading), "finalBanner")
        assert banner is not None and banner.isVisible()
        assert "was marked final on" in banner.text() and "by lead" in banner.text()
        assert not panel.grade_box.isEnabled() and not panel.concern.isEnabled() and not panel.refer.isEnabled()
        notes = panel.notes["overall"]
        before = notes.toPlainText()
        notes.setFocus()
        qtbot.keyClicks(notes, "typed after the report was final")
        qtbot.keyClick(notes, Qt.Key.Key_Return)
        assert notes.toPlainText() == before and not panel.has_unsaved
        panel.flush()
        window.grab().save(str(tmp_path / "final-report.png"))
    finally:
        next(opened, None)
    with InspectionService.open(demo_path, actor="lead", passphrase=DEMO_PASSPHRASE) as service:
        assert service.verify_audit().events == audited  # nothing was written
