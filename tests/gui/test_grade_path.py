"""A grade click costs one write transaction, one read and one redraw of the case panel."""

from __future__ import annotations

from sqlalchemy import event


def test_a_grade_click_writes_once_reads_once_and_redraws_once(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    panel = window.cases.panel
    service = window.controller.service
    transactions: list[str] = []
    event.listen(service.db.engine, "begin", lambda connection: transactions.append("begin"))
    writes: list[str] = []
    real_write = type(service).write
    monkeypatch.setattr(type(service), "write", lambda self: writes.append("write") or real_write(self))
    redraws: list[str] = []
    real_show = type(panel)._show
    monkeypatch.setattr(type(panel), "_show", lambda self, detail: redraws.append(detail.case.ref)
                        or real_show(self, detail))
    ref = panel.ref
    button = panel.grade_group.button(0)
    button.click()  # as a mouse click or Space on the focused radio button does
    assert window.controller.my_assessment(service.case_detail(ref)).grade == window.controller.framework.grade_keys[0]
    assert writes == ["write"]
    assert len(transactions) == 3  # the write, the panel's one read, and the check just above
    assert redraws == [ref]
