"""A follow-up inspection: it keeps the earlier one's settled counts, and its report compares then and now
(counts and percentages, over all and per case type) in every output; across grade scales it says so plainly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.main import main
from exports.report import build_report, to_csv, to_text
from exports.writers import write_tables
from models.inspection.followup import basis_of, percent
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE
from tests.exports.readback import docx_document, four_grade_inspection, pdf_text, xlsx_workbook

EARLIER = [("E1", "s47", "good"), ("E2", "s47", "requires-improvement"), ("E3", "s47", "inadequate"),
           ("E4", "domestic-abuse", "requires-improvement"), ("E5", "domestic-abuse", "requires-improvement"),
           ("E6", "missing", "inadequate"), ("E7", "missing", "good")]
NOW = [("N1", "s47", "good"), ("N2", "s47", "good"), ("N3", "domestic-abuse", "requires-improvement"),
       ("N4", "custody", "good"), ("N5", "missing", None)]  # N5 not yet graded
# Worked by hand: each grade's count and its share of the cases graded, halves rounded up.
EXPECTED_ROWS = [
    ("All cases: then (2017)", [7, 2, 29, 3, 43, 2, 29]),  # 2/7 = 28.6%, 3/7 = 42.9%
    ("All cases: now (2019)", [4, 3, 75, 1, 25, 0, 0]),
    ("Child in custody: then (2017)", [0, 0, 0, 0, 0, 0, 0]),
    ("Child in custody: now (2019)", [1, 1, 100, 0, 0, 0, 0]),
    ("Child protection enquiry (s. 47): then (2017)", [3, 1, 33, 1, 33, 1, 33]),
    ("Child protection enquiry (s. 47): now (2019)", [2, 2, 100, 0, 0, 0, 0]),
    ("Domestic abuse: then (2017)", [2, 0, 0, 2, 100, 0, 0]),
    ("Domestic abuse: now (2019)", [1, 0, 0, 1, 100, 0, 0]),
    ("Missing children: then (2017)", [2, 1, 50, 0, 0, 1, 50]),
    ("Missing children: now (2019)", [0, 0, 0, 0, 0, 0, 0]),
]
COLUMNS = ["Cases graded", "Good", "Good (%)", "Requiring improvement", "Requiring improvement (%)", "Inadequate",
           "Inadequate (%)"]


def inspection(path: Path, framework: str, year: int, cases: list[tuple[str, str, str | None]],
               **options: object) -> InspectionService:
    service = InspectionService.create(path, PASSPHRASE, force_name="Northshire Police", actor="lead",
                                       framework=framework, dates=(date(year, 3, 6), date(year, 3, 17)),
                                       **options)  # type: ignore[arg-type]
    for ref, case_type, grade in cases:
        service.add_case(ref, case_type, "inspectorate-selected")
        if grade:
            service.set_grade(ref, "A. Grader", grade)
    return service


def test_percentages_round_halves_up() -> None:
    assert [percent(n, 7) for n in (2, 3)] == [29, 43]
    assert (percent(1, 8), percent(0, 0), percent(3, 3)) == (13, 0, 100)  # 12.5% is 13%


def test_a_follow_up_compares_then_and_now_in_every_output(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with inspection(tmp_path / "2017.fieldwork", "ncpi-2017", 2017, EARLIER) as earlier:
        earlier.raise_referral("E3", "immediate risk", "Child left with the suspect.")
        earlier_id = earlier.info().id
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    code = main(["new", str(tmp_path / "2019.fieldwork"), "--force", "Northshire Police", "--framework",
                 "ncpi-review", "--dates", "2019-03-04:2019-03-15", "--follows", str(tmp_path / "2017.fieldwork")])
    out = capsys.readouterr().out
    assert code == 0
    assert "It follows up the 2017 inspection of Northshire Police (National Child Protection Inspections (2017)): " \
           "7 cases, 7 with a settled grade, 1 referred back." in out
    with InspectionService.open(tmp_path / "2019.fieldwork", actor="lead", passphrase=PASSPHRASE) as now:
        basis = now.info().follows
        assert basis is not None and basis.inspection_id == earlier_id and basis.grades == (2, 3, 2)
        for ref, case_type, grade in NOW:
            now.add_case(ref, case_type, "inspectorate-selected")
            if grade:
                now.set_grade(ref, "A. Grader", grade)
        report = build_report(now.tally())
        comparison = next(t for t in report.tables if t.kind == "comparison")
        assert comparison.title == ("Table 5: HMICFRS's grades of the cases examined in Northshire Police, at the "
                                    "inspection followed up and now")
        assert list(comparison.columns) == COLUMNS
        assert [(r.label, list(r.counts)) for r in comparison.rows] == EXPECTED_ROWS
        assert report.narrative[-1] == (
            "When HMICFRS inspected Northshire Police in 2017, practice was good in 29%, requiring improvement in 43% "
            "and inadequate in 29% of the 7 cases graded; in this inspection it is good in 75%, requiring improvement "
            "in 25% and inadequate in 0% of 4. 29% of the cases met the standard then, 75% now.")
        # every output carries it
        assert "All cases: then (2017) 7 2 29 3 43 2 29" in " ".join(to_text(report).split())
        assert "All cases: now (2019),4,3,75,1,25,0,0" in to_csv(report)
        for fmt in ("pdf", "docx", "xlsx"):
            write_tables(now, fmt, tmp_path / f"t.{fmt}")
    data = json.loads(_json(tmp_path / "2019.fieldwork", capsys))
    assert data["inspection"]["follows"] == {"id": earlier_id, "force": "Northshire Police", "year": 2017,
                                             "framework": "ncpi-2017"}
    table = next(t for t in data["tables"] if t["kind"] == "comparison")
    assert [(r["label"], r["counts"]) for r in table["rows"]] == [(label, counts) for label, counts in EXPECTED_ROWS]
    assert "Missing children: then (2017) 2 1 50 0 0 1 50" in pdf_text(tmp_path / "t.pdf")
    docx_rows = [[c.text for c in row.cells] for t in docx_document((tmp_path / "t.docx").read_bytes()).tables
                 for row in t.rows]
    assert ["All cases: now (2019)", "4", "3", "75", "1", "25", "0", "0"] in docx_rows
    sheet = xlsx_workbook((tmp_path / "t.xlsx").read_bytes())["Table 5"]
    assert ["Domestic abuse: then (2017)", 2, 0, 0, 2, 100, 0, 0] in [list(r) for r in sheet.iter_rows(values_only=True)]


def _json(file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["tables", str(file), "--format", "json"]) == 0
    return capsys.readouterr().out


def test_another_grade_scale_is_said_plainly_not_compared(tmp_path: Path) -> None:
    with four_grade_inspection(tmp_path / "2014.fieldwork") as earlier:
        basis = basis_of(earlier)
    with inspection(tmp_path / "review.fieldwork", "ncpi-review", 2019, NOW, follows=basis) as now:
        report = build_report(now.tally())
    table = next(t for t in report.tables if t.kind == "comparison")
    assert table.columns == ("Compared",)
    assert [(r.label, r.counts) for r in table.rows] == [(
        f"The {basis.year} inspection ({basis.framework_name}) graded cases as Good, "
        "Adequate, Requiring improvement, Inadequate: another grade scale, so its grades are not compared with "
        "these.", ("No",))]
    assert report.narrative[-1] == (f"The inspection of {basis.year} graded cases on another scale, so its grades "
                                    "are not compared with these.")


def test_an_inspection_that_follows_none_has_no_comparison(demo) -> None:
    report = build_report(demo.tally())
    assert "comparison" not in {t.kind for t in report.tables}
    assert not any("then" in s for s in report.narrative[-2:])
