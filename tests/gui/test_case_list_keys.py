"""The case list works out sort keys and filters over its columns, once per distinct value; they must agree
with asking about each case one at a time."""

from __future__ import annotations

from dataclasses import replace

from models.inspection.framework import load_framework
from tests.gui.test_item_models import FRAMEWORK, synthetic_rows
from widgets.case_model import HEADERS, STATUSES, CaseFilterProxy, CaseTableModel, case_status


def varied_rows() -> list:  # type: ignore[type-arg]
    rows = synthetic_rows(300)
    for i in range(0, 300, 7):
        rows[i] = replace(rows[i], disagreement=True, graders=("Inspector 1", "Inspector 3"), allocated_to=None)
    for i in range(0, 300, 11):
        rows[i] = replace(rows[i], queries=2, updated_at=None, topics_disagreement=i % 2 == 0, topics_graded=i % 4)
    return rows


def test_column_keys_agree_with_each_case_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    for framework in (FRAMEWORK, load_framework("ncpi-2024")):
        model = CaseTableModel(framework)
        model.load(varied_rows())
        for column in range(len(HEADERS)):
            assert model.sort_keys(column) == [model._sort_key(model.case_at(i), column)
                                               for i in range(model.rowCount())], HEADERS[column]


def test_filters_agree_with_each_case_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(FRAMEWORK)
    rows = varied_rows()
    model.load(rows)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    for status in STATUSES:
        proxy.set_filters(status=status, inspector="Inspector 3")
        expected = [r.ref for r in rows if status in case_status(r, FRAMEWORK)
                    and "Inspector 3" in (r.allocated_to, *r.graders)]
        assert [proxy.index(i, 0).data() for i in range(proxy.rowCount())] == expected, status
        assert expected


def test_a_cell_asked_for_while_the_listing_shrinks_is_empty_not_an_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    model = CaseTableModel(FRAMEWORK)
    model.load(varied_rows())
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    last = proxy.index(proxy.rowCount() - 1, 0)
    assert proxy.data(last) == model.case_at(model.rowCount() - 1).ref
    # the rows a view still holds, asked for after the listing was replaced by a shorter one and before
    # the reset reached the filter (a paint between the two)
    model._listing = type(model._listing)()
    assert model.data_at(5, 0, Qt.ItemDataRole.DisplayRole) is None
    assert proxy.data(last) is None
