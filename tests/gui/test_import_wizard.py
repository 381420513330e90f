"""The sample import wizard: every problem with row and column before anything is written, then all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.controllers.inspection import InspectionController
from tests.gui.conftest import USER
from widgets.import_wizard import NOT_IN_FILE, SampleImportWizard

BAD = ("Case reference,Type of case,Selection,Force grade\n"
       "NEW-0001,Domestic abuse,self assessed,Good\n"
       "NEW-0002,Burglary,inspectorate,\n"
       "NEW-0003,Missing children,self assessed,\n")
GOOD = ("URN,Category,Source,Self assessment\n"
        "NEW-0001,Domestic abuse,self assessed,Good\n"
        "NEW-0002,s47,inspectorate,\n")


def wizard_for(qtbot, inspection, tmp_path: Path, content: str) -> tuple[SampleImportWizard, InspectionController]:  # type: ignore[no-untyped-def]
    sample = tmp_path / "sample.csv"
    sample.write_text(content, encoding="utf-8")
    controller = InspectionController(inspection, USER)
    wizard = SampleImportWizard(controller)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(sample))
    return wizard, controller


def test_bad_sample_shows_every_problem_and_imports_nothing(qtbot, inspection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, _ = wizard_for(qtbot, inspection, tmp_path, BAD)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    mapping = wizard.mapping_page.mapping()
    assert mapping == {"case_ref": "Case reference", "case_type": "Type of case", "sample": "Selection",
                       "force_grade": "Force grade"}  # matched from recognisable headers
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.preview_page
    problems = page.problems.stringList()
    assert len(problems) == 2
    assert problems[0].startswith("sample.csv, row 3, column 'Type of case': unknown case type 'Burglary'")
    assert problems[1].startswith("sample.csv, row 4, column 'Force grade': a self-assessed case needs")
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "nothing was imported" in page.summary.text()
    wizard.reject()
    assert inspection.cases() == []


def test_a_missing_required_column_is_named(qtbot, inspection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, _ = wizard_for(qtbot, inspection, tmp_path, BAD)
    wizard.next()
    combo = wizard.mapping_page.combos["case_type"]
    combo.setCurrentIndex(combo.findText(NOT_IN_FILE))
    wizard.next()
    assert wizard.preview_page.problems.stringList() == [
        "sample.csv, row 1: no 'case_type' column; the header row has: Case reference, Type of case, Selection, "
        "Force grade."]
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert inspection.cases() == []


def test_good_sample_is_previewed_then_imported(qtbot, inspection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, controller = wizard_for(qtbot, inspection, tmp_path, GOOD)
    wizard.next()
    wizard.next()
    assert wizard.preview_page.drafts.rowCount() == 2
    assert wizard.preview_page.problems.stringList() == []
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    with qtbot.waitSignal(controller.casesReloaded):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.summary.added == 2
    assert [(c.ref, c.case_type, c.force_grade) for c in inspection.cases()] == [
        ("NEW-0001", "domestic-abuse", "good"), ("NEW-0002", "s47", None)]


def test_an_unreadable_file_is_refused_on_the_first_page(qtbot, inspection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, _ = wizard_for(qtbot, inspection, tmp_path, "")
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "sample.csv" in wizard.file_page.subTitle()
