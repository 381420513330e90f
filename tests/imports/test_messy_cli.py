"""import-sample and import-grades from the command line: reading options, column and value mappings (flags or a
saved mapping file), and warnings listed and refused until --accept-warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.main import main
from models.inspection.mappings import load_mapping
from models.inspection.services import InspectionService
from tests.imports.messy import text_file, workbook

PASSPHRASE = "harbour copper willow gate 24"
YES_NO = "Force reference;Type;Self assessed?;Force grade\nGC/17/0001;CP strategy;Yes;Good\nGC/17/0002;DA;No;\n"


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def new(capsys: pytest.CaptureFixture[str], folder: Path, name: str = "i.fieldwork") -> Path:
    file = folder / name
    assert run(capsys, "new", file, "--force", "Testshire Constabulary")[0] == 0
    return file


def cases(file: Path) -> list[tuple[str, str, str, str | None]]:
    with InspectionService.open(file, actor="test", passphrase=PASSPHRASE) as service:
        return [(c.ref, c.case_type, c.sample, c.force_grade) for c in service.cases()]


def test_warnings_are_listed_and_nothing_imported_until_accepted(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    file = new(capsys, tmp_path)
    sample = text_file(tmp_path, "s.csv", "case_ref,case_type,sample,force_grade,Officer\n"
                       "GC/17/0001,DA,self-assessed,Good,DC Jones\nTotal,,,,1\n")
    code, out, err = run(capsys, "import-sample", file, sample)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "warning: s.csv, row 3: this row looks like a total, not a case; it is not imported.",
        "warning: s.csv, row 1: column 'Officer' is not a sample column and is not imported (match it to a field if "
        "it holds one).",
        "2 warning(s): nothing was imported. Check each one; to import anyway, run again with --accept-warnings "
        "(they are kept in the audit log)."]
    assert cases(file) == []
    code, out, err = run(capsys, "import-sample", file, sample, "--accept-warnings")
    assert code == 0 and out == "2 warning(s) accepted.\nImported 1 cases from s.csv.\n"
    assert len(err.splitlines()) == 2  # listed again as they are accepted
    assert cases(file) == [("GC/17/0001", "domestic-abuse", "self-assessed", "good")]


def test_columns_and_values_mapped_by_flags_then_reused_from_the_saved_mapping(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = new(capsys, tmp_path, "a.fieldwork"), new(capsys, tmp_path, "b.fieldwork")
    sample = text_file(tmp_path, "yes-no.csv", YES_NO)
    saved = tmp_path / "testshire.toml"
    code, out, err = run(capsys, "import-sample", first, sample, "--map", "case_ref=Force reference",
                         "--map", "sample=Self assessed?", "--map-value", "sample:Yes=self-assessed",
                         "--map-value", "sample:No=inspectorate-selected", "--map-value", "case_type:CP strategy=s47",
                         "--save-mapping", saved)
    assert code == 0, err
    assert out == ("Reading yes-no.csv: header row 1, encoding utf-8, columns separated by semicolons (';').\n"
                   "  columns separated by semicolons (';')\n"
                   f"Mapping saved to {saved}.\nImported 2 cases from yes-no.csv.\n")
    mapping = load_mapping(saved)
    assert mapping.columns == {"case_ref": "Force reference", "case_type": "Type", "sample": "Self assessed?",
                               "force_grade": "Force grade"}
    assert mapping.values == {"sample": {"Yes": "self-assessed", "No": "inspectorate-selected"},
                              "case_type": {"CP strategy": "s47"}}
    assert run(capsys, "import-sample", second, sample, "--mapping", saved)[0] == 0
    assert cases(first) == cases(second) == [("GC/17/0001", "s47", "self-assessed", "good"),
                                             ("GC/17/0002", "domestic-abuse", "inspectorate-selected", None)]


def test_reading_options_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = new(capsys, tmp_path)
    cp1252 = text_file(tmp_path, "w.csv", "case_ref,case_type,sample,force_grade\n"
                       "GC/17/0001,Child\u2019s custody,self-assessed,Good\n", "cp1252")
    code, _, err = run(capsys, "import-sample", file, cp1252)
    assert code == 1 and err.startswith("fieldwork: w.csv: not UTF-8 text (byte 54, line 2); it reads as cp1252")
    assert err.endswith("otherwise save the file as 'CSV UTF-8' (--encoding cp1252).\n")
    code, _, err = run(capsys, "import-sample", file, cp1252, "--encoding", "cp1252")
    assert code == 1 and "unknown case type 'Child\u2019s custody'" in err  # read right, then checked as usual
    book = workbook(tmp_path, "b.xlsx", {"Cover": [["See the next sheet"]],
                                         "Cases": [["Testshire sample"], ["Ref", "Type", "Sample", "Force grade"],
                                                   ["GC/17/0002", "DA", "inspectorate-selected", None]]})
    code, out, _ = run(capsys, "import-sample", file, book, "--sheet", "Cases", "--header-row", "2")
    assert code == 0
    assert out.splitlines()[:2] == ["Reading b.xlsx: sheet 'Cases', header row 2.", "  sheet 'Cases', as asked"]
    semi = text_file(tmp_path, "t.csv", "case_ref;case_type;sample;force_grade\nGC/17/0003;DA;inspectorate-selected;\n")
    code, _, err = run(capsys, "import-sample", file, semi, "--delimiter", "tab")
    assert code == 1 and "is one column when read as separated by tabs: 'case_ref;case_type" in err
    assert "its columns seem separated by semicolons (';'): choose that separator." in err
    assert run(capsys, "import-sample", file, semi, "--delimiter", ";")[0] == 0
    assert [c[0] for c in cases(file)] == ["GC/17/0002", "GC/17/0003"]


def test_bad_mapping_flags_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = new(capsys, tmp_path)
    sample = text_file(tmp_path, "s.csv", YES_NO)
    for flag, value, said in (("--map", "case_ref", "is not FIELD=HEADER"),
                              ("--map-value", "sample=Yes", "is not FIELD:FROM=TO"),
                              ("--header-row", "0", "is not a row number"),
                              ("--delimiter", ";;", "is not one character")):
        with pytest.raises(SystemExit) as caught:
            main(["import-sample", str(file), str(sample), flag, value])
        assert caught.value.code == 2
        assert said in capsys.readouterr().err
    broken = text_file(tmp_path, "m.toml", "[columns]\ncase_ref = 3\n")
    code, _, err = run(capsys, "import-sample", file, sample, "--mapping", broken)
    assert code == 1 and err == ("fieldwork: m.toml: [columns] must map names to text, e.g. case_ref = "
                                 "\"Force reference\".\n")


def test_import_grades_maps_grader_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = new(capsys, tmp_path)
    sample = text_file(tmp_path, "s.csv", "case_ref,case_type,sample\nGC/17/0001,DA,inspectorate-selected\n"
                       "GC/17/0002,DA,inspectorate-selected\n")
    assert run(capsys, "import-sample", file, sample)[0] == 0
    grades = text_file(tmp_path, "g.csv", "case_ref,inspector,grade\nGC/17/0001,Ann Archer,Good\n"
                       "GC/17/0002,A. Archer,Good\n")
    code, _, err = run(capsys, "import-grades", file, grades)
    assert code == 1 and "'A. Archer' and 'Ann Archer' (row 2) look like one person" in err
    code, out, _ = run(capsys, "import-grades", file, grades, "--map-value", "inspector:A. Archer=Ann Archer")
    assert code == 0 and out == "Imported gradings from g.csv: 2 new, 0 updated, 0 referral(s) raised.\n"
