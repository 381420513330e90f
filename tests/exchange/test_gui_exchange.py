"""The team-work dialogs, driven standalone with pytest-qt: allocate and export, merge with progress, moderate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.controllers.exchange import ExchangeController
from models.team.exchange import export_return, open_fieldwork
from tests.exchange.builders import (
    HANDED_IN_AS_IS,
    INSPECTORS,
    PASSPHRASE,
    demo_grades,
    lead_inspection,
    make_team,
    other_grade,
)
from widgets.allocation_dialog import AllocationDialog
from widgets.merge_dialog import MergeDialog
from widgets.moderation_view import ModerationView


def test_allocate_export_merge_and_moderate(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    team = make_team()
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    controller = ExchangeController(lead, team.lead)

    dialog = AllocationDialog(controller)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == sorted(INSPECTORS)  # inspectors ticked, the lead not
    qtbot.mouseClick(dialog.allocate, Qt.MouseButton.LeftButton)
    assert "Allocated 89 case(s) to 3 inspector(s); 18 double-graded" in dialog.status.text()
    stick = tmp_path / "stick"
    stick.mkdir()
    packages = dialog.export_to(stick)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)  # written in the background
    assert len(packages) == 3 and "Wrote 3 fieldwork package(s)" in dialog.status.text()

    truth, keys = demo_grades(lead), lead.framework.grade_keys
    plan = {a.case_ref: a for a in controller.allocations()}
    returns = []
    for name, package in zip(sorted(INSPECTORS), packages, strict=True):
        identity = team.inspectors[name]
        with open_fieldwork(package.read_bytes(), identity, team.lead.card, tmp_path / f"{name}.fieldwork",
                            PASSPHRASE) as own:
            for case in own.cases():
                second = plan[case.ref].second == name
                own.set_grade(case.ref, name, other_grade(truth[case.ref], keys) if second else truth[case.ref])
            returns.append(stick / f"return-{name}.pkg")
            returns[-1].write_bytes(export_return(own, identity, override_checks=HANDED_IN_AS_IS).data)

    merge = MergeDialog(controller)
    qtbot.addWidget(merge)
    merge.add_paths([*returns, tmp_path / "missing.pkg"])
    qtbot.mouseClick(merge.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not merge.running, timeout=30000)  # the merge runs in the background
    assert "Nothing was merged" in merge.problem.text() and merge.report is None
    assert controller.open_moderation() == 0
    merge.files.takeItem(merge.files.count() - 1)
    qtbot.mouseClick(merge.merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not merge.running, timeout=30000)
    assert merge.problem.text() == "" and merge.progress.value() == merge.progress.maximum() > 0
    report = merge.summary.toPlainText()
    assert all(f"from {name}, revision 1" in report for name in INSPECTORS)
    assert "18 case(s) for moderation" in report

    view = ModerationView(controller)
    qtbot.addWidget(view)
    assert view.cases.count() == 18 and "provisional" in view.status.text()
    first = view.current()
    assert first is not None
    assert view.left.title().endswith("(first grader)") and view.right.title().endswith("(second grader)")
    assert view.grade.currentData() is None and not view.agree.isEnabled()  # nothing chosen for the lead
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)  # the lead confirms
    while view.open_count():
        ref = view.current().case_ref  # type: ignore[union-attr]
        view.grade.setCurrentIndex(view.grade.findData(truth[ref]))
        qtbot.keyClicks(view.rationale, "First grader's reading stands.")
        qtbot.mouseClick(view.agree, Qt.MouseButton.LeftButton)
    assert "tables use agreed grades" in view.status.text() and view.cases.count() == 18
    tally = lead.tally()
    assert not tally.provisional
    assert tally.force_grades == (28, 5, 0) and tally.self_assessed_grades == (6, 16, 11)
    lead.close()
