"""Out-of-range numbers and dates, on the command line or in a framework, are refused with a message (exit 1 or a
usage error), never an internal error (exit 70)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.main import main
from models.errors import FrameworkError
from models.inspection.demo import DEMO_DIR, DEMO_PASSPHRASE
from models.inspection.framework import FRAMEWORKS_DIR, MAX_COUNTS, parse_framework
from models.inspection.services import InspectionService

EXIT_BAD_INPUT, EXIT_USAGE = 1, 2


@pytest.fixture
def demo_file(demo: InspectionService, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = demo.path
    demo.close()
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", DEMO_PASSPHRASE)
    return path


@pytest.mark.parametrize(("options", "message"), [
    (["--due-days", "99999999"], "between 1 and 365 days"),
    (["--due-days", str(10**30)], "between 1 and 365 days"),
    (["--due-days", "0"], "between 1 and 365 days"),
    (["--date", "9999-12-31"], "letter date 9999-12-31 is out of range"),
    (["--date", "0001-01-01"], "letter date 0001-01-01 is out of range"),
])
def test_letters_out_of_range_are_refused(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          options: list[str], message: str) -> None:
    out = tmp_path / "letters"
    out.mkdir()
    assert main(["letters", str(demo_file), "-o", str(out), *options]) == EXIT_BAD_INPUT
    assert message in capsys.readouterr().err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("argv", [
    ["national", "--year", str(10**30)],
    ["national", "--year", "-5"],
    ["publish", "x.fieldwork", "--year", "99999"],
    ["allocate", "x.fieldwork", "--round-robin", "A,B", "--double-share", "nan"],
    ["allocate", "x.fieldwork", "--round-robin", "A,B", "--double-share", "1e308"],
])
def test_out_of_range_arguments_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == EXIT_USAGE
    assert "out of range" in capsys.readouterr().err


def test_conflict_numbers_that_are_not_ascii_digits_are_refused(demo_file: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conflicts", str(demo_file), "--keep", "\u00b2:copy"]) == EXIT_BAD_INPUT
    assert "No conflict number" in capsys.readouterr().err


def framework_with(grades: int = 0, case_types: int = 0, areas: int = 0, reasons: int = 0, heading: str = "") -> str:
    """The 2017 framework with extra grades, case types (feeding table 3), graded areas and reasons."""
    text = (FRAMEWORKS_DIR / "ncpi-2017.toml").read_text(encoding="utf-8").replace(
        'key = "ncpi-2017"', 'key = "bounds"', 1)
    extra = "".join(f'\n[[grades]]\nkey = "g{i}"\nlabel = "Grade {i}"\nheading = "{heading}{i}"\n'
                    for i in range(grades))
    extra += "".join(f'\n[[case_types]]\nkey = "t{i}"\nlabel = "Type {i}"\ntable = 3\n' for i in range(case_types))
    extra += "".join(f'\n[[areas]]\nkey = "a{i}"\nlabel = "Area {i}"\ngraded = true\n' for i in range(areas))
    extra += "".join(f'\n[[referral_reasons]]\nkey = "r{i}"\nlabel = "Reason {i}"\n' for i in range(reasons))
    at = text.index("[[grades]]")
    return text[:at] + extra + "\n" + text[at:]


@pytest.mark.parametrize(("section", "counts"), [("grades", {"grades": 3000}), ("grades", {"grades": 10}),
                                                 ("case_types", {"case_types": 32}), ("areas", {"areas": 23}),
                                                 ("referral_reasons", {"reasons": 17})])
def test_a_framework_with_too_many_entries_is_refused(section: str, counts: dict[str, int]) -> None:
    with pytest.raises(FrameworkError, match=f"at most {MAX_COUNTS[section]}"):
        parse_framework(framework_with(**counts), "big.toml")


def test_the_largest_framework_allowed_makes_every_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    # The 2017 framework has 3 grades, 9 case types, 8 areas and 4 reasons: fill each up to its cap.
    source = tmp_path / "largest.toml"
    source.write_text(framework_with(grades=MAX_COUNTS["grades"] - 3, case_types=MAX_COUNTS["case_types"] - 9,
                                     areas=MAX_COUNTS["areas"] - 8, reasons=MAX_COUNTS["referral_reasons"] - 4),
                      encoding="utf-8")
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", DEMO_PASSPHRASE)
    file = tmp_path / "largest.fieldwork"
    assert main(["new", str(file), "--force", "Testshire Police", "--framework", str(source)]) == 0
    assert main(["import-sample", str(file), str(DEMO_DIR / "sample.csv")]) == 0
    for kind in ("pdf", "docx", "xlsx"):
        assert main(["tables", str(file), "--format", kind, "-o", str(tmp_path / f"tables.{kind}")]) == 0, \
            capsys.readouterr().err


def test_a_document_that_cannot_be_laid_out_is_refused_with_a_message(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "wide.toml"
    source.write_text(framework_with(grades=9, heading="W" * 300), encoding="utf-8")  # one unbreakable word
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", DEMO_PASSPHRASE)
    file = tmp_path / "wide.fieldwork"
    assert main(["new", str(file), "--force", "Testshire Police", "--framework", str(source)]) == 0
    assert main(["tables", str(file), "--format", "pdf", "-o", str(tmp_path / "tables.pdf")]) == EXIT_BAD_INPUT
    assert "does not fit on an A4 page" in capsys.readouterr().err
    assert not (tmp_path / "tables.pdf").exists()
