"""A grade click costs one write transaction, one read and one redraw of the case panel."""

from __future__ import annotations

from sqlalchemy import event

from models.inspection.database import WRITE_OPTION


def test_a_grade_click_writes_once_reads_once_and_redraws_once(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    panel = window.cases.panel
    service = window.controller.service
    transactions: list[str] = []
    # a write transaction is one that takes the write lock at BEGIN (database.py's WRITE_OPTION)
    event.listen(service.db.engine, "begin", lambda connection: transactions.append(
        "write" if connection.get_execution_options().get(WRITE_OPTION) else "read"))
    # the case panel reads in plain SQL on the file's own connection, one read transaction a reading() block
    real_reading = service.db.reading
    monkeypatch.setattr(service.db, "reading", lambda: transactions.append("read") or real_reading())
    redraws: list[str] = []
    real_show = type(panel)._show
    monkeypatch.setattr(type(panel), "_show", lambda self, detail: redraws.append(detail.case.ref)
                        or real_show(self, detail))
    ref = panel.ref
    button = panel.grade_group.button(0)
    button.click()  # as a mouse click or Space on the focused radio button does
    assert window.controller.my_assessment(service.case_detail(ref)).grade == window.controller.framework.grade_keys[0]
    assert transactions == ["write", "read", "read"]  # the write, the panel's one read, and the check above
    assert redraws == [ref]
