"""The case list with 10,000 cases: one search keystroke and one edited row, against Qt's own C++ filter."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel

from models.inspection.framework import load_framework
from tests.benchmarks.common import best_of, report
from tests.gui.test_item_models import synthetic_rows
from widgets.case_model import COL_REF, CaseFilterProxy, CaseTableModel

CASES = 10_000


def test_filter_and_update_with_ten_thousand_cases(qtbot) -> None:  # type: ignore[no-untyped-def]
    rows = synthetic_rows(CASES)
    model = CaseTableModel(load_framework("ncpi-2017"))
    model.load(rows)
    ours = CaseFilterProxy()
    ours.setSourceModel(model)  # unsorted, as the app opens it (rows arrive in reference order)
    builtin = QSortFilterProxyModel()  # baseline: Qt's fixed-string filter on the reference column, in C++
    builtin.setSourceModel(model)
    builtin.setFilterKeyColumn(COL_REF)
    builtin.sort(COL_REF)
    texts = iter(["c-0", "c-01", "c-012", "c-0123"] * 100)

    keystroke = best_of(5, lambda: ours.set_filters(text=next(texts)))
    baseline = best_of(5, lambda: builtin.setFilterFixedString(next(texts)))
    report(f"search keystroke over {CASES:,} cases (filter)", keystroke, baseline, "QSortFilterProxyModel fixed string")
    edited = rows[4321].__class__(**{**rows[4321].__dict__, "grade": "good"})
    update = best_of(5, lambda: model.update_case(edited))
    reload = best_of(3, lambda: model.load(rows))
    report("update one edited case", update, reload, "reloading every case")
    ours.sort(COL_REF)  # after a header click, every reload re-sorts through the Python sort role
    sorted_reload = best_of(3, lambda: model.load(rows))
    report("reload with a sorted column", sorted_reload, reload, "reload unsorted")
    assert ours.rowCount() > 0
