"""The 2024 programme at the desk: topics graded beside their notes, the force judgements page, the report's
topic tables, and the new-inspection and details dialogs (framework and fieldwork dates)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from desktop.controllers.session import SessionController
from desktop.laptop.secrets import KeyStore
from desktop.laptop.settings import Settings
from models.inspection.services import InspectionService
from tests.gui.conftest import USER, _window_on
from tests.gui.test_workflow import when_modal as _when_modal
from widgets.case_model import COL_FORCE_GRADE, COL_GRADE, COL_SAMPLE
from widgets.dialogs import InspectionDetailsDialog, NewInspectionDialog
from widgets.force_judgements import ForceEvidenceDialog, ForceEvidenceModel, TopicJudgementModel
from widgets.main_window import JUDGEMENTS_TAB, MainWindow

PASSPHRASE = "harbour copper willow gate 24"
ALT, CTRL, SHIFT = (Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier,
                    Qt.KeyboardModifier.ShiftModifier)


@pytest.fixture
def topical_path(tmp_path: Path) -> Path:
    """An NCPI 2024 inspection of six inspectorate-selected cases, nothing graded yet."""
    sample = tmp_path / "sample.csv"
    sample.write_text("case_ref,case_type,sample\n" + "".join(
        f"NY-{i:03},{('DA', 'Missing', 'S47')[i % 3]},inspectorate-selected\n" for i in range(1, 7)),
        encoding="utf-8")
    path = tmp_path / "north-yorkshire.fieldwork"
    with InspectionService.create(path, PASSPHRASE, force_name="North Yorkshire Police", actor="lead",
                                  framework="ncpi-2024") as service:
        service.import_sample(sample)
    return path


@pytest.fixture
def topical(qtbot, topical_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    yield from _window_on(qtbot, topical_path, PASSPHRASE)


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def when_modal(qtbot, handle) -> None:  # type: ignore[no-untyped-def]
    """As tests.gui.test_workflow's, but a failing check closes the dialog, so the test fails instead of hanging."""

    def checked(dialog: QDialog) -> None:
        try:
            handle(dialog)
        except BaseException:
            dialog.reject()
            raise

    _when_modal(qtbot, checked)


def test_a_topic_is_graded_with_the_keyboard_beside_its_notes_and_undone(qtbot, topical) -> None:  # type: ignore[no-untyped-def]
    cases, panel = topical.cases, topical.cases.panel
    service = topical.controller.service
    assert panel.ref == "NY-001"
    # no overall grade in this programme: neither the grade box nor the Case ▸ Grade shortcuts
    assert not panel.grade_box.isVisible() and not panel.force_box.isVisible()
    assert not topical.grade_menu.menuAction().isVisible() and not topical.grade_menu.actions()
    assert set(panel.topic_grades) == {"leadership", "partnership-working", "initial-response",
                                       "risk-assessment-and-referral", "investigation"}
    leadership = panel.topic_grades["leadership"]
    assert leadership.isVisible() and leadership.buttons[1].toolTip().startswith("The force meets the assessment")
    assert leadership.buttons[1].accessibleName() == "Leadership grade: Good"

    qtbot.keyClick(topical, Qt.Key.Key_1, ALT)  # Leadership's notes...
    assert focused() is panel.notes["leadership"]
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab)  # ...and just before them, its grade: on "not graded yet"
    assert focused() is leadership.no_grade
    qtbot.keyClick(focused(), Qt.Key.Key_Left)  # the arrow keys choose, as with the case grade
    assert focused() is leadership.buttons[4] and leadership.buttons[4].isChecked()
    assert service.case_detail("NY-001").assessments[0].topic_grades == {"leadership": "inadequate"}
    assert leadership.descriptor.text().startswith("Inadequate: There are serious failings")
    assert cases.proxy.index(0, COL_GRADE).data() == "1 of 5 topics graded"
    assert topical.controller.undo_stack.text(0) == "Grade Leadership on NY-001: Inadequate"

    qtbot.keyClick(focused(), Qt.Key.Key_Left)  # Requires improvement, first on that row
    assert service.case_detail("NY-001").assessments[0].topic_grades == {"leadership": "requires-improvement"}
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # on to the notes, and the next topic's grade after them
    assert focused() is panel.notes["leadership"]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    partnership = panel.topic_grades["partnership-working"]
    assert focused() is partnership.no_grade
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # above "not graded yet": Adequate
    assert service.case_detail("NY-001").assessments[0].topic_grades == {
        "leadership": "requires-improvement", "partnership-working": "adequate"}
    assert cases.proxy.index(0, COL_GRADE).data() == "2 of 5 topics graded"

    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # undo, one topic grade at a time
    assert service.case_detail("NY-001").assessments[0].topic_grades == {"leadership": "requires-improvement"}
    assert partnership.no_grade.isChecked()
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    assert service.case_detail("NY-001").assessments[0].topic_grades == {}
    assert leadership.no_grade.isChecked() and leadership.descriptor.text() == ""
    assert cases.proxy.index(0, COL_GRADE).data() == "0 of 5 topics graded"
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL | SHIFT)  # redo
    assert service.case_detail("NY-001").assessments[0].topic_grades == {"leadership": "inadequate"}
    assert leadership.buttons[4].isChecked()


def test_other_graders_topic_grades_show_and_a_disagreement_is_named(qtbot, topical) -> None:  # type: ignore[no-untyped-def]
    panel, service = topical.cases.panel, topical.controller.service
    service.set_topic_grade("NY-002", "B. Inspector", "leadership", "good")
    topical.controller.change_topic_grade("NY-002", "leadership", "inadequate")  # NY-002 is not on screen yet
    topical.cases.reload()
    topical.cases.select_row(1)
    assert panel.ref == "NY-002"
    others = panel.topic_others["leadership"]
    assert others.isVisible() and others.text() == "Other inspectors: B. Inspector: Good (graders disagree)"
    assert not panel.topic_others["investigation"].isVisible()
    assert topical.cases.proxy.index(1, COL_GRADE).data() == "Disagreement"
    topical.cases.status.setCurrentIndex(topical.cases.status.findData("disagreement"))
    assert topical.cases.proxy.rowCount() == 1


def test_the_case_list_offers_only_the_inspectorate_selected_sample(topical) -> None:  # type: ignore[no-untyped-def]
    cases = topical.cases
    assert [cases.sample.itemData(i) for i in range(cases.sample.count())] == [None, "inspectorate-selected"]
    assert not cases.sample.isVisible()  # one sample: nothing to filter by
    assert cases.table.isColumnHidden(COL_SAMPLE) and cases.table.isColumnHidden(COL_FORCE_GRADE)


def test_the_force_judgements_page_grades_topics_and_keeps_their_evidence(qtbot, topical) -> None:  # type: ignore[no-untyped-def]
    service = topical.controller.service
    assert topical.report is not None  # built now, so it must follow the edits live
    qtbot.keyClick(topical, Qt.Key.Key_F5)
    page = topical.judgements
    assert topical.tabs.currentWidget() is page and page.topics.hasFocus()
    assert topical.tabs.indexOf(page) == JUDGEMENTS_TAB and topical.tabs.tabText(JUDGEMENTS_TAB) == "Force judgements"
    assert page.heading.text() == "Leadership"
    assert page.grade.buttons[1].toolTip().startswith("The force meets the assessment criteria")

    qtbot.keyClick(page.topics, Qt.Key.Key_Down)  # Partnership working
    assert page.heading.text() == "Partnership working"
    qtbot.keyClick(page.topics, Qt.Key.Key_Tab)  # into its grade, on "not yet judged"
    assert focused() is page.grade.no_grade
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # Inadequate
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # Requires improvement
    judged = {j.area: j for j in service.force_judgements()}
    assert judged["partnership-working"].grade == "requires-improvement"
    assert page.model.index(1, 1).data() == "Requires improvement"
    qtbot.waitUntil(lambda: topical.report.report.tables[0].rows[1].counts == ("Requires improvement",))
    table = topical.report.report.tables[0]
    assert table.kind == "force-judgements" and table.columns == ("Grade",)
    assert "Requires improvement" in topical.report.tables.toPlainText()

    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # undo: back to Inadequate, the first choice
    assert {j.area: j.grade for j in service.force_judgements()}["partnership-working"] == "inadequate"
    assert page.grade.buttons[4].isChecked()

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, ForceEvidenceDialog)
        add_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not add_button.isEnabled()  # nothing written yet
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.source.setFocus()
        qtbot.keyClick(focused(), Qt.Key.Key_Down)  # Interview -> Document
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.text
        qtbot.keyClicks(focused(), "Multi-agency safeguarding hub protocol, signed 2022")
        qtbot.mouseClick(add_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, add)
    page.add.click()
    evidence = {j.area: j for j in service.force_judgements()}["partnership-working"].evidence
    assert [(e.source, e.text, e.recorded_by) for e in evidence] == [
        ("document", "Multi-agency safeguarding hub protocol, signed 2022", USER)]
    assert page.evidence_model.rowCount() == 1 and page.selected_evidence() == evidence[0]
    assert page.model.index(1, 2).data() == "1"

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, ForceEvidenceDialog) and not dialog.source.isEnabled()
        dialog.text.selectAll()
        qtbot.keyClicks(dialog.text, "MASH protocol signed 2022; not reviewed since")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(qtbot, edit)
    page.evidence.setFocus()
    qtbot.keyClick(page.evidence, Qt.Key.Key_Return)  # Enter edits the chosen evidence
    evidence = {j.area: j for j in service.force_judgements()}["partnership-working"].evidence
    assert [(e.source, e.text) for e in evidence] == [("document", "MASH protocol signed 2022; not reviewed since")]
    assert page.evidence_model.index(0, 1).data() == "MASH protocol signed 2022; not reviewed since"

    def confirm(box: QDialog) -> None:
        assert isinstance(box, QMessageBox) and "MASH protocol" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    topical.activateWindow()
    qtbot.waitUntil(topical.isActiveWindow)  # focus comes back from the closed dialog
    page.evidence.setFocus()
    when_modal(qtbot, confirm)
    qtbot.keyClick(page.evidence, Qt.Key.Key_Delete)  # Delete removes it, once confirmed
    assert {j.area: j for j in service.force_judgements()}["partnership-working"].evidence == ()
    assert page.evidence_model.rowCount() == 0 and page.empty.isVisible()
    assert not page.edit.isEnabled() and not page.remove.isEnabled()

    topical.activateWindow()
    qtbot.waitUntil(topical.isActiveWindow)
    qtbot.keyClick(topical, Qt.Key.Key_F4)  # the report's Table 1 holds the grade, in words
    assert topical.tabs.currentWidget() is topical.report
    # the report follows every edit, a moment after the last one (edits in a burst refresh it once)
    qtbot.waitUntil(lambda: topical.report.report.tables[0].rows[1].counts == ("Inadequate",))
    text = topical.report.tables.toPlainText()
    assert "Table 1: Graded judgments: how good North Yorkshire Police is at safeguarding children" in text
    assert "Topic\nGrade\nLeadership\nNot yet judged\nPartnership working\nInadequate\n" in text
    assert "Annex A" not in text  # no self-assessed sample in this programme
    assert topical.report.chart.title() == "Case grades by topic (Table 2)"


def test_a_framework_without_force_judgements_has_no_page(window) -> None:  # type: ignore[no-untyped-def]
    assert window.tabs.count() == 3 and window.judgements is None
    assert not window.judgements_action.isEnabled()
    assert window.cases.panel.grade_box.isVisible() and not window.cases.panel.topic_grades
    assert window.cases.sample.isVisible() and window.cases.sample.findData("self-assessed") > 0


def test_judgement_and_evidence_models_pass_the_model_tester(qtmodeltester, topical) -> None:  # type: ignore[no-untyped-def]
    service = topical.controller.service
    service.set_force_judgement("leadership", "good")
    service.add_force_evidence("leadership", "interview", "Chief officer interviewed on day 1.")
    judgements = TopicJudgementModel(service.framework)
    judgements.load(service.force_judgements())
    qtmodeltester.check(judgements)
    assert judgements.index(0, 1).data() == "Good" and judgements.index(1, 1).data() == "Not yet judged"
    evidence = ForceEvidenceModel()
    evidence.load(service.force_judgements()[0].evidence)
    qtmodeltester.check(evidence)
    assert evidence.index(0, 0).data() == "Interview"


def test_a_new_inspection_defaults_to_the_2017_framework_and_keeps_its_dates(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from widgets.import_wizard import SampleImportWizard

    window = MainWindow(SessionController(USER, prompt=lambda *_: None, store=KeyStore()), Settings())
    qtbot.addWidget(window)
    target = tmp_path / "wiltshire.fieldwork"
    problems: list[str] = []

    def fill(dialog: QDialog) -> None:
        if isinstance(dialog, SampleImportWizard):
            dialog.reject()  # the sample can come later
            return
        assert isinstance(dialog, NewInspectionDialog)
        assert dialog.framework.currentData() == "ncpi-2017"  # as the command line's default
        assert "an overall grade per case" in dialog.framework_summary.text()
        for i in range(dialog.framework.count()):  # each framework says what it is before it is chosen
            tip = dialog.framework.itemData(i, Qt.ItemDataRole.ToolTipRole)
            assert tip.startswith(dialog.framework.itemText(i)) and " grades" in tip
        qtbot.keyClicks(dialog.force_name, "Wiltshire Police")
        dialog.path.setText(str(target))
        for edit in (dialog.passphrase, dialog.repeat):
            edit.setText("walnut harbour cinder plateau 88")
        assert dialog.dates.values() is None  # optional, and not given until ticked
        dialog.dates.box.setChecked(True)
        dialog.dates.start.setDate(QDate(2026, 3, 9))
        dialog.dates.end.setDate(QDate(2026, 3, 2))
        dialog._accept()
        problems.append(dialog.problem.text())  # refused: the dialog stays open
        dialog.dates.end.setDate(QDate(2026, 3, 13))
        dialog._accept()
        when_modal(qtbot, fill)  # then the import wizard

    when_modal(qtbot, fill)
    window.new_inspection()
    assert problems == ["The last day of the inspection comes before its first day."]
    info = window.controller.info()
    assert (info.framework_key, info.start_date, info.end_date, info.year) == (
        "ncpi-2017", "2026-03-09", "2026-03-13", 2026)
    window.close_inspection()


def test_inspection_details_change_the_dates(qtbot, topical) -> None:  # type: ignore[no-untyped-def]
    assert topical.controller.info().start_date is None

    def set_dates(dialog: QDialog) -> None:
        assert isinstance(dialog, InspectionDetailsDialog) and not dialog.dates.box.isChecked()
        dialog.dates.box.setChecked(True)
        dialog.dates.start.setDate(QDate(2025, 11, 3))
        dialog.dates.end.setDate(QDate(2025, 11, 7))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(qtbot, set_dates)
    topical.inspection_details()
    info = topical.controller.info()
    assert (info.start_date, info.end_date, info.year) == ("2025-11-03", "2025-11-07", 2025)

    def clear_dates(dialog: QDialog) -> None:
        assert isinstance(dialog, InspectionDetailsDialog) and dialog.dates.box.isChecked()
        assert dialog.dates.values() == (date(2025, 11, 3), date(2025, 11, 7))
        dialog.dates.box.setChecked(False)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(qtbot, clear_dates)
    topical.inspection_details()
    assert topical.controller.info().start_date is None


def test_every_new_control_has_an_accessible_name(topical) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTableView, QWidget

    interactive = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTableView)
    assert topical.judgements is not None and topical.report is not None  # built on first use
    controls = [w for w in topical.tabs.findChildren(QWidget) if isinstance(w, interactive)
                and w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.parent().metaObject().className() != "QTabBar"]
    assert len(controls) > 40
    nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in controls
                if not (w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()))]
    assert nameless == []


def test_undo_of_a_force_judgement_shows_its_topic(qtbot, topical) -> None:  # type: ignore[no-untyped-def]
    controller = topical.controller
    first, second = (area.key for area in controller.framework.judged_areas[:2])
    grade = controller.framework.grade_keys[0]
    controller.change_force_judgement(first, grade)
    controller.change_force_judgement(second, grade)
    topical.tabs.setCurrentWidget(topical.cases)
    topical.undo_action.trigger()  # the second topic's judgement, shown on its tab first
    assert topical.tabs.currentWidget() is topical.judgements
    assert topical.judgements.current_topic().area == second
    assert topical.judgements.current_topic().grade is None
    topical.undo_action.trigger()
    assert topical.judgements.current_topic().area == first
    assert {j.area: j.grade for j in controller.force_judgements()}[first] is None
    assert topical.statusBar().currentMessage().startswith("Undone: Judge ")
