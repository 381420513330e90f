"""The case list at scale: a long list searches after a pause in typing, sorts on precomputed keys, keeps the
current row through a sort and re-filters an edited case."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from tests.gui.test_item_models import FRAMEWORK, synthetic_rows
from widgets.case_model import COL_GRADE, COL_REF, DEBOUNCE_ABOVE, CaseFilterProxy, CaseRole, CaseTableModel


def proxied(size: int) -> tuple[CaseTableModel, CaseFilterProxy]:
    model = CaseTableModel(FRAMEWORK)
    model.load(synthetic_rows(size))
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def test_a_long_list_searches_once_typing_pauses(qtbot) -> None:  # type: ignore[no-untyped-def]
    _, proxy = proxied(DEBOUNCE_ABOVE + 5_000)
    with qtbot.waitSignal(proxy.searched, timeout=2000):
        for text in ("c", "c-", "c-0", "c-00", "c-000", "c-0001"):
            proxy.search(text)
            assert proxy.rowCount() == DEBOUNCE_ABOVE + 5_000  # nothing applied while the keys keep coming
    assert [proxy.index(i, COL_REF).data() for i in range(proxy.rowCount())] == [f"C-0001{i}" for i in range(10)]


def test_a_short_list_searches_at_each_keystroke(qtbot) -> None:  # type: ignore[no-untyped-def]
    _, proxy = proxied(1_000)
    searched: list[bool] = []
    proxy.searched.connect(lambda: searched.append(True))
    proxy.search("c-0099")
    assert proxy.rowCount() == 10 and searched == [True]


def test_sorting_orders_by_the_keys_and_keeps_the_current_case(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, proxy = proxied(2_000)
    current = QPersistentModelIndex(proxy.index(1234, COL_REF))
    ref = current.data()
    proxy.sort(COL_REF, Qt.SortOrder.DescendingOrder)
    shown = [proxy.index(i, COL_REF).data() for i in range(proxy.rowCount())]
    assert shown == sorted(shown, reverse=True) and proxy.sortColumn() == COL_REF
    assert current.isValid() and current.data() == ref and current.row() == shown.index(ref)
    proxy.sort(COL_GRADE)
    order = {g.label: i for i, g in enumerate(FRAMEWORK.grades)}
    ranks = [order.get(proxy.index(i, COL_GRADE).data(), len(order)) for i in range(proxy.rowCount())]
    assert ranks == sorted(ranks)
    assert current.data() == ref


def test_an_edited_case_leaves_a_filter_it_no_longer_matches(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, proxy = proxied(300)
    proxy.set_filters(status="graded")
    graded = proxy.rowCount()
    case = proxy.index(0, COL_REF).data(CaseRole)
    model.update_case(case.__class__(**{**case.__dict__, "grade": None}))
    assert proxy.rowCount() == graded - 1
    assert case.ref not in {proxy.index(i, COL_REF).data() for i in range(proxy.rowCount())}
    model.update_case(case)
    assert proxy.rowCount() == graded
