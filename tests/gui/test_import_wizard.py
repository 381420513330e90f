"""The sample import wizard: how the file is read, the columns and the force's words matched, every problem and
every warning (to tick) before anything is written, then all or nothing."""

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


def forward(qtbot, wizard: SampleImportWizard, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Next, as a person presses it; the file is read in the background, and the page moves on once it is."""
    for _ in range(times):
        wizard.next()
        qtbot.waitUntil(lambda: not wizard.reading, timeout=20000)


def click_next(qtbot, wizard: SampleImportWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.reading, timeout=20000)


def test_bad_sample_shows_every_problem_and_imports_nothing(qtbot, inspection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, _ = wizard_for(qtbot, inspection, tmp_path, BAD)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.reading_page
    click_next(qtbot, wizard)
    mapping = wizard.mapping_page.mapping()
    assert mapping == {"case_ref": "Case reference", "case_type": "Type of case", "sample": "Selection",
                       "force_grade": "Force grade"}  # matched from recognisable headers
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.values_page
    click_next(qtbot, wizard)
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
    forward(qtbot, wizard)
    forward(qtbot, wizard)
    combo = wizard.mapping_page.combos["case_type"]
    combo.setCurrentIndex(combo.findText(NOT_IN_FILE))
    forward(qtbot, wizard)
    forward(qtbot, wizard)
    assert wizard.preview_page.problems.stringList() == [
        "sample.csv, row 1: no 'case_type' column; the header row has: Case reference, Type of case, Selection, "
        "Force grade."]
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert inspection.cases() == []


def test_good_sample_is_previewed_then_imported(qtbot, inspection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, controller = wizard_for(qtbot, inspection, tmp_path, GOOD)
    forward(qtbot, wizard, 4)
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
    forward(qtbot, wizard)
    assert wizard.currentPage() is wizard.file_page
    assert "sample.csv" in wizard.file_page.problem.text()


def test_reading_values_and_warnings_steps_on_a_messy_force_file(qtbot, inspection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A cp1252, semicolon-separated file with a title row, a Yes/No column, a force's own case-type word and a
    total row: confirmed, read, matched, warned, ticked, imported."""
    text = ("Testshire case sample for the inspectorate\n"
            "Force reference;Type;Self assessed?;Force grade\n"
            "GC/17/0001;CP strategy;Yes;Good\nGC/17/0002;Children\u2019s custody;No;\nTotal: 2;;;\n")
    sample = tmp_path / "sample.csv"
    sample.write_bytes(text.encode("cp1252"))
    controller = InspectionController(inspection, USER)
    wizard = SampleImportWizard(controller)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(sample))
    forward(qtbot, wizard)
    page = wizard.file_page
    assert wizard.currentPage() is page  # not UTF-8: the encoding is named and must be confirmed
    assert "it reads as cp1252" in page.problem.text()
    assert page.confirm_encoding.isVisible()
    page.confirm_encoding.setChecked(True)
    forward(qtbot, wizard)
    reading = wizard.reading_page
    assert wizard.currentPage() is reading
    assert (reading.header_row.value(), reading.encoding.text(), reading.delimiter.currentData()) == (2, "cp1252", ";")
    assert "header seems to be on row 2" in reading.notes.text()
    forward(qtbot, wizard)
    for name, header in (("case_ref", "Force reference"), ("sample", "Self assessed?")):
        combo = wizard.mapping_page.combos[name]
        combo.setCurrentIndex(combo.findText(header))
    forward(qtbot, wizard)
    values = wizard.values_page
    assert sorted(values.combos) == [("case_type", "CP strategy"), ("case_type", "Children\u2019s custody"),
                                     ("sample", "No"), ("sample", "Yes")]
    for key, target in ((("case_type", "CP strategy"), "s47"), (("case_type", "Children\u2019s custody"), "custody"),
                        (("sample", "Yes"), "self-assessed"), (("sample", "No"), "inspectorate-selected")):
        values.combos[key].setCurrentIndex(values.combos[key].findData(target))
    forward(qtbot, wizard)
    preview = wizard.preview_page
    assert preview.problems.stringList() == []
    assert preview.warnings.stringList() == [
        "sample.csv, row 5: this row looks like a total, not a case; it is not imported."]
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # a warning waits for the tick
    preview.accept_warnings.setChecked(True)
    assert finish.isEnabled()
    with qtbot.waitSignal(controller.casesReloaded):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert [(c.ref, c.case_type, c.sample, c.force_grade) for c in inspection.cases()] == [
        ("GC/17/0001", "s47", "self-assessed", "good"), ("GC/17/0002", "custody", "inspectorate-selected", None)]
    saved = tmp_path / "testshire.toml"
    controller.save_mapping(saved, wizard.current_mapping())
    assert controller.load_mapping(saved) == wizard.current_mapping()


def test_a_saved_mapping_gives_the_wizard_and_the_command_line_the_same_inspection(  # type: ignore[no-untyped-def]
        qtbot, inspection, tmp_path, monkeypatch) -> None:
    import json

    from sqlalchemy import select

    from desktop.main import main
    from models.inspection.mappings import ImportMapping, mapping_text
    from models.inspection.services import InspectionService
    from models.inspection.tables import AuditEvent
    from models.inspection.tabular import ReadOptions

    sample = tmp_path / "sample.csv"
    sample.write_text("Note: sample for the inspectorate\nForce reference,Type,Self assessed?,Force grade\n"
                      "GC/17/0001,CP strategy,Yes,Good\nGC/17/0002,DA,No,\nTotal,,,2\n", encoding="utf-8")
    saved = tmp_path / "testshire.toml"
    saved.write_text(mapping_text(ImportMapping(
        {"case_ref": "Force reference", "sample": "Self assessed?"},
        {"sample": {"Yes": "self-assessed", "No": "inspectorate-selected"}, "case_type": {"CP strategy": "s47"}},
        ReadOptions(header_row=2))), encoding="utf-8")
    controller = InspectionController(inspection, USER)
    wizard = SampleImportWizard(controller)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(sample))
    forward(qtbot, wizard)
    forward(qtbot, wizard)
    wizard.apply_mapping(controller.load_mapping(saved))  # the file read again, as the mapping says, off the GUI thread
    qtbot.waitUntil(lambda: not wizard.reading, timeout=20000)
    assert wizard.mapping_page.problem.text() == ""
    forward(qtbot, wizard, 2)
    assert not wizard.preview_page.isComplete()  # the total row's warning waits for the tick
    wizard.preview_page.accept_warnings.setChecked(True)
    assert wizard.preview_page.isComplete()
    with qtbot.waitSignal(controller.casesReloaded):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", "harbour copper willow gate 24")
    other = tmp_path / "cli.fieldwork"
    assert main(["new", str(other), "--force", "Testshire Constabulary"]) == 0
    assert main(["import-sample", str(other), str(sample), "--mapping", str(saved), "--accept-warnings"]) == 0

    def imported(service: InspectionService) -> tuple[object, ...]:
        """The cases, and what the audit keeps of the import: the file, how it was read and mapped, the warnings
        accepted (only the actor and the moment may differ)."""
        with service.read() as session:
            event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import-sample")).one()
        return ([(c.ref, c.case_type, c.sample, c.force_grade, c.grade, c.graders) for c in service.cases()],
                json.loads(event.after))

    with InspectionService.open(other, actor="test", passphrase="harbour copper willow gate 24") as service:
        from_cli = imported(service)
    assert imported(inspection) == from_cli
    assert from_cli[0] == [("GC/17/0001", "s47", "self-assessed", "good", None, ()),
                           ("GC/17/0002", "domestic-abuse", "inspectorate-selected", None, None, ())]
    assert from_cli[1]["accepted_warnings"] == [
        "sample.csv, row 5: this row looks like a total, not a case; it is not imported."]


def test_closing_the_wizard_during_the_import_cancels_it_and_imports_nothing(qtbot, inspection, tmp_path,  # type: ignore[no-untyped-def]
                                                                             monkeypatch) -> None:
    """The wizard follows its job as every job dialog does (JobFollowing): progress on its last page, Finish
    and Back held, and closing it mid-way cancels the job and closes once it has rolled back."""
    from tests.gui.worker_jobs import Hold, held_import

    wizard, controller = wizard_for(qtbot, inspection, tmp_path, GOOD)
    forward(qtbot, wizard, 4)
    hold = Hold(tmp_path / "hold")
    original = controller.import_job
    monkeypatch.setattr(controller, "import_job", lambda *args, **kwargs: held_import(original(*args, **kwargs),
                                                                                       hold.folder))
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert hold.wait_inside() and wizard.running  # in its worker process, its transaction begun
    assert wizard.preview_page.progress.isVisible() and not finish.isEnabled()
    wizard.reject()  # Escape or the title bar's close
    assert wizard.isVisible() and wizard.preview_page.summary.text().startswith("Cancelling")
    hold.release()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=20000)
    assert not wizard.running and wizard.summary is None
    assert wizard.preview_page.summary.text() == "Import cancelled; nothing was imported."
    assert inspection.cases() == []


def test_the_wizard_reads_the_file_off_the_gui_thread_once_for_each_question(qtbot, inspection, tmp_path,  # type: ignore[no-untyped-def]
                                                                             monkeypatch) -> None:
    """Each reading is the whole file (1.4 s at 100,000 rows): it runs as a background job, never on the GUI
    thread; the file page's reading serves the reading page, the words page's serves the preview, Back then
    Next reads nothing; a file changed on disk (or cases imported meanwhile) is read again."""
    import threading

    from models.inspection.services import InspectionService

    wizard, controller = wizard_for(qtbot, inspection, tmp_path, GOOD)
    gui = threading.get_ident()
    readings: list[bool] = []  # one per reading: was it on the GUI thread
    original = InspectionService.preview_sample

    def counted(service, *args, **kwargs):  # type: ignore[no-untyped-def]
        readings.append(threading.get_ident() == gui)
        return original(service, *args, **kwargs)

    monkeypatch.setattr(InspectionService, "preview_sample", counted)
    wizard.next()  # the file page: its reading starts, the page waits for it
    assert wizard.reading and wizard.currentPage() is wizard.file_page
    assert wizard.file_page.problem.text() == "Reading the file…"
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.reading_page, timeout=20000)  # on once read
    forward(qtbot, wizard, 3)  # reading, columns, words: to the preview
    assert wizard.currentPage() is wizard.preview_page and wizard.preview_page.drafts.rowCount() == 2
    assert readings == [False, False]  # without a mapping (file page), then with it (words page); no more
    wizard.back()
    forward(qtbot, wizard)
    assert len(readings) == 2 and wizard.preview_page.drafts.rowCount() == 2
    sample = wizard.path()
    sample.write_text(GOOD + "NEW-0003,s47,inspectorate,\n", encoding="utf-8")  # changed on disk
    wizard.back()
    forward(qtbot, wizard)
    assert len(readings) == 3 and wizard.preview_page.drafts.rowCount() == 3
    controller.casesReloaded.emit()  # cases came in from elsewhere: a duplicate would now be one
    wizard.back()
    forward(qtbot, wizard)
    assert readings == [False] * 4
