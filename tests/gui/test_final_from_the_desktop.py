"""The lead marks the report final and redacts its texts from the File menu, with a confirmation each time."""

from __future__ import annotations

from exports.report import build_report


def test_the_lead_marks_the_report_final_then_redacts_and_removes_old_backups(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def no(parent, question: str) -> bool:  # type: ignore[no-untyped-def]
        asked.append(question)
        return False

    def yes(parent, question: str) -> bool:  # type: ignore[no-untyped-def]
        asked.append(question)
        return True

    controller = window.controller
    before = build_report(controller.service.tally())
    window.back_up_now()
    assert window.redact(confirm=yes) is False  # not final yet: said so, nothing asked
    assert "mark the report final first" in window.errors.last.text() and asked == []

    assert window.mark_final(confirm=no) is False and controller.service.final_mark() is None
    assert window.mark_final(confirm=yes) is True
    assert "Gloucestershire Constabulary final?" in asked[-1]
    assert window.controller.final is not None  # reopened: the panel reads a final report
    assert "marked final" in window.statusBar().currentMessage()
    from PySide6.QtWidgets import QLabel

    banner = window.cases.panel.findChild(QLabel, "finalBanner")
    assert banner is not None and "marked final" in banner.text()

    noted = [(r.ref, a.inspector) for r in window.controller.cases()
             for a in window.controller.detail(r.ref).assessments if any(a.notes.values())]
    concerned = [r.ref for r in window.controller.cases()
                 if any(a.concern_summary for a in window.controller.detail(r.ref).assessments)]
    assert noted and concerned  # the demo has evidence notes and concern texts to redact
    assert window.redact(confirm=yes) is True
    assert asked[-1].startswith("1 backup(s) taken before the redaction still hold the texts")
    message = window.statusBar().currentMessage()
    assert message.startswith("Redacted ") and "Removed 1 backup(s)." in message
    assert window.controller.backups() == []
    for ref, _ in noted:
        for assessment in window.controller.detail(ref).assessments:
            assert set(assessment.notes.values()) <= {"", "[redacted]"}, ref
    for ref in concerned:
        assert {a.concern_summary for a in window.controller.detail(ref).assessments} <= {"", "[redacted]"}
    after = build_report(window.controller.service.tally())
    assert after.tables == before.tables and after.narrative == before.narrative
