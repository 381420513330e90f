"""Agreement statistics: in the Report view, in the GUI's PDF export and in `fieldwork tables --format pdf`."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.main import main
from exports.agreement_figures import kappa_strength, kappa_text
from models.inspection.demo import DEMO_PASSPHRASE
from tests.exports.readback import pdf_text

# The demo's Table 1: the force graded 28 cases good and 5 requiring improvement; HMIC's grades of them
FORCE_GOOD = "Force: Good 6 13 9"
FORCE_RI = "Force: Requiring improvement 0 3 2"


def cells(table, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]


def rows_of(table) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {cells(table, r)[0]: cells(table, r)[1:] for r in range(table.rowCount())}


@pytest.mark.parametrize(("kappa", "word"), [
    (None, "not defined"), (-0.1, "poor"), (0.0, "poor"), (0.05, "slight"), (0.2, "slight"), (0.21, "fair"),
    (0.5, "moderate"), (0.61, "substantial"), (0.8, "substantial"), (0.81, "almost perfect"), (1.0, "almost perfect"),
])
def test_kappa_strength_words(kappa: float | None, word: str) -> None:
    assert kappa_strength(kappa) == word


def test_kappa_text() -> None:
    assert kappa_text(0.0512) == "0.05 (slight)"
    assert kappa_text(None) == "n/a (not defined)"


def test_report_view_shows_the_confusion_matrix_and_kappa(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F4)
    table = window.report.agreement
    headings = [table.horizontalHeaderItem(c).text() for c in range(1, table.columnCount())]
    assert headings == [g.heading for g in window.controller.framework.grades]
    rows = rows_of(table)
    assert rows["Force: Good"] == ["6", "13", "9"]
    assert rows["Force: Requiring improvement"] == ["0", "3", "2"]
    assert rows["Cases compared"][0] == "33"
    assert rows["Exact agreement"][0] == "27.3%"
    assert rows["Weighted kappa"][0] == "0.05 (slight)"
    assert table.accessibleName().startswith("Agreement statistics")
    assert "Double-graded cases: first grader (rows) against second grader (columns)" not in rows


def test_a_second_grader_adds_the_double_graded_matrix(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    service = window.controller.service
    ref, first = next((r.ref, r.grade) for r in service.cases() if r.grade and window.controller.user not in r.graders)
    other = next(g.key for g in window.controller.framework.grades if g.key != first)
    assert window.report is not None  # the report tab is built before the edit, so it must follow it
    window.controller.change_grade(ref, other)
    qtbot.waitUntil(lambda: "Double-graded cases: first grader (rows) against second grader (columns)"
                    in rows_of(window.report.agreement), timeout=3000)
    table = window.report.agreement
    ordered = [cells(table, r) for r in range(table.rowCount())]
    assert ordered[0][0].startswith("Double-graded cases")  # before the self-assessed section
    section = ordered[:ordered.index(next(r for r in ordered if r[0].startswith("Self-assessed cases")))]
    by_label = {r[0]: r[1:] for r in section}
    assert by_label["Cases compared"][0] == "1"
    assert by_label["Exact agreement"][0] == "0.0%"  # the two graders disagree
    assert sum(int(n) for r in section[1:-3] for n in r[1:]) == 1  # one pair in the matrix


def test_gui_pdf_export_contains_the_confusion_matrix(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.pdf"
    window.export_tables(target, "pdf")
    qtbot.waitUntil(lambda: not window.exports.running, timeout=30000)
    text = pdf_text(target.read_bytes())
    assert "Agreement between graders" in text
    assert FORCE_GOOD in text and FORCE_RI in text
    assert "Weighted kappa 0.05 (slight)" in text


def test_cli_tables_pdf_contains_the_same_figures(demo_path: Path, tmp_path: Path) -> None:
    passfile = tmp_path / "pass.txt"
    passfile.write_text(DEMO_PASSPHRASE, encoding="utf-8")
    target = tmp_path / "cli.pdf"
    assert main(["--passphrase-file", str(passfile), "tables", str(demo_path), "--format", "pdf",
                 "-o", str(target)]) == 0
    text = pdf_text(target.read_bytes())
    assert FORCE_GOOD in text and FORCE_RI in text and "Exact agreement 27.3%" in text


def test_the_chart_has_alternative_text_naming_every_bar(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F4)
    view = window.report.chart_view
    assert view.accessibleName() == "Inspectorate grades by case type (Tables 3–10)"
    description = view.accessibleDescription()
    # The first bar is Table 3 of the published report (section 47 enquiries), with its counts per grade.
    first = window.report.report.tables[2].rows[0]
    assert description.startswith(f"{first.label}: " + ", ".join(
        f"{n} {h.lower()}" for h, n in zip(window.report.report.tally.grade_headings, first.counts, strict=True)))
    assert description.count(";") == len(window.report.report.grade_breakdown()) - 1
