"""Every item model passes qtmodeltester; the case list filters right and updates one row per edit."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest

from desktop.controllers.inspection import progress_of
from models.inspection.framework import load_framework
from models.inspection.records import CaseDraft, CaseRow, ReferralView
from widgets.case_model import (
    COL_GRADE,
    COL_REF,
    CaseFilterProxy,
    CaseRole,
    CaseTableModel,
    RefRole,
    SortRole,
)
from widgets.import_wizard import CaseDraftModel
from widgets.referrals import ReferralTableModel

FRAMEWORK = load_framework("ncpi-2017")


def synthetic_rows(n: int) -> list[CaseRow]:
    types = [c.key for c in FRAMEWORK.case_types]
    grades = [None, *FRAMEWORK.grade_keys]
    rows = []
    for i in range(n):
        sample = "self-assessed" if i % 3 == 0 else "inspectorate-selected"
        rows.append(CaseRow(
            ref=f"C-{i:05d}", case_type=types[i % len(types)], case_type_label=FRAMEWORK.case_types[i % len(types)].label,
            sample=sample, force_grade="good" if sample == "self-assessed" else None, grade=grades[i % len(grades)],
            allocated_to=f"Inspector {i % 5}", referred=i % 97 == 0, disagreement=False, moderated=False,
            graders=(f"Inspector {i % 5}",), updated_at=datetime(2026, 1, 1, tzinfo=UTC)))
    return rows


def test_case_model_and_proxy_pass_the_model_tester(qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(demo.framework)
    model.load(demo.cases())
    qtmodeltester.check(model)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filters(sample="self-assessed", status="graded")
    proxy.sort(COL_GRADE)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 33


def test_referral_and_draft_models_pass_the_model_tester(qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    referrals = ReferralTableModel(demo.framework)
    referrals.load(demo.referrals())
    assert referrals.rowCount() == len(demo.referrals()) > 0
    qtmodeltester.check(referrals)
    drafts = CaseDraftModel()
    drafts.load([CaseDraft(2, "X-1", "s47", "self-assessed", "good"), CaseDraft(3, "X-2", "cse", "inspectorate-selected", None)])
    qtmodeltester.check(drafts)
    assert drafts.index(1, 1).data() == "X-2"
    labelled = CaseDraftModel(framework=demo.framework)
    labelled.load([CaseDraft(2, "X-1", "s47", "self-assessed", "good")])
    qtmodeltester.check(labelled)
    assert [labelled.index(0, c).data() for c in (2, 4)] == ["Child protection enquiry (s. 47)", "Good"]


def test_filters_by_type_sample_inspector_status_and_reference(demo) -> None:  # type: ignore[no-untyped-def]
    rows = demo.cases()
    model = CaseTableModel(demo.framework)
    model.load(rows)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 89
    proxy.set_filters(case_type="s47")
    assert proxy.rowCount() == sum(r.case_type == "s47" for r in rows) > 0
    proxy.set_filters(case_type=None, sample="inspectorate-selected")
    assert proxy.rowCount() == 56
    proxy.set_filters(sample=None, status="referred")
    assert proxy.rowCount() == len(demo.referrals())
    assert all(proxy.index(i, 0).data(CaseRole).referred for i in range(proxy.rowCount()))
    proxy.set_filters(status=None, text="demo-000")
    assert [proxy.index(i, COL_REF).data() for i in range(proxy.rowCount())] == [f"DEMO-000{i}" for i in range(1, 10)]
    inspector = rows[0].graders[0]
    proxy.set_filters(text="", inspector=inspector)
    assert proxy.rowCount() == sum(inspector in r.graders for r in rows)
    with pytest.raises(ValueError):
        proxy.set_filters(colour="red")


def test_ten_thousand_cases_update_one_row_without_a_reset(qtbot) -> None:  # type: ignore[no-untyped-def]
    rows = synthetic_rows(10_000)
    model = CaseTableModel(FRAMEWORK)
    model.load(rows)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_REF)
    proxy.set_filters(text="c-0999")
    assert proxy.rowCount() == 10  # C-09990 .. C-09999
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    edited = rows[5000].__class__(**{**rows[5000].__dict__, "grade": "inadequate"})
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.update_case(edited)
    top, bottom = changed.args[0], changed.args[1]
    assert (top.row(), bottom.row()) == (5000, 5000)
    assert model.index(5000, COL_GRADE).data() == "Inadequate"
    assert not resets
    assert model.index(5000, COL_REF).data(RefRole) == "C-05000"


def test_grades_sort_in_the_framework_order(demo) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(demo.framework)
    model.load(demo.cases())
    keys = [model.index(i, COL_GRADE).data(SortRole) for i in range(model.rowCount())]
    good = next(i for i in range(model.rowCount()) if model.case_at(i).grade == "good")
    inadequate = next(i for i in range(model.rowCount()) if model.case_at(i).grade == "inadequate")
    assert keys[good] < keys[inadequate]


def test_progress_counts_by_type_and_inspector() -> None:
    rows = synthetic_rows(40)
    progress = progress_of(rows, FRAMEWORK)
    assert progress.total == 40
    assert progress.graded == sum(r.grade is not None for r in rows)
    assert sum(p.total for p in progress.by_case_type) == 40
    assert sum(p.graded for p in progress.by_inspector) == progress.graded
    assert [p.label for p in progress.by_inspector] == [f"Inspector {i}" for i in range(5)]


def test_referral_model_shows_the_status_and_response(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ReferralTableModel(FRAMEWORK)
    model.load([ReferralView("R-1", "s47", FRAMEWORK.referral_reasons[0].key, "summary", "2026-01-02", "lead",
                             "responded", "action-taken", "Visited the child", "2026-01-09")])
    qtmodeltester.check(model)
    assert model.index(0, 5).data() == "Force responded"
    assert model.index(0, 6).data() == "Action taken (2026-01-09): Visited the child"


def test_the_filtered_list_answers_each_cell_as_its_case_does_without_mapping_through_qt(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Each cell a view paints is one call into Python (not seven of mapToSource, the source's index, rowCount,
    columnCount and data, each waiting for the interpreter lock while a job's worker runs), with the same
    answer as the source's cell for every role, sorted and filtered."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView

    model = CaseTableModel(FRAMEWORK)
    model.load(synthetic_rows(300))
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_GRADE, Qt.SortOrder.DescendingOrder)
    proxy.set_filters(sample="self-assessed")
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole,
             SortRole, RefRole]
    for row in range(0, proxy.rowCount(), 7):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            source = proxy.mapToSource(index)
            for role in roles:
                mine, theirs = index.data(role), source.data(role)
                assert (mine.cacheKey() == theirs.cacheKey()) if hasattr(mine, "cacheKey") else mine == theirs
            assert proxy.flags(index) == model.flags(source)
            assert index.data(CaseRole) == source.data(CaseRole)
    delegate = QStyledItemDelegate()
    for row in range(0, proxy.rowCount(), 11):  # as a view asks when it paints: every role of a cell at once
        for column in range(proxy.columnCount()):
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, proxy.index(row, column))
            assert option.text == (proxy.mapToSource(proxy.index(row, column)).data() or "")
    assert [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(4)] != [0, 1, 2, 3]  # sorted, filtered
    assert proxy.data(proxy.index(proxy.rowCount(), 0)) is None  # past the end: nothing
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # laid out
    called: list[str] = []

    def calls(frame, event, _arg) -> None:  # type: ignore[no-untyped-def]
        if event == "call":
            called.append(frame.f_code.co_name)

    sys.setprofile(calls)
    try:
        view.viewport().repaint()
    finally:
        sys.setprofile(None)
    assert called.count("multiData") >= 20  # the cells were painted, each in one call
    assert "mapToSource" not in called and "rowCount" not in called  # without a single mapping through Qt
    assert called.count("data") == 0  # nor one call per role
