"""The whole inspection in the desktop app: referrals to closure, letters chosen and previewed, the lead's queries
to an inspector and back, and the checklist before hand-in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from models.inspection.letters import LETTER_SENT
from tests.exports.readback import pdf_text
from tests.gui.test_export import finished
from tests.gui.test_team_round_trip import when_modal
from widgets.letters_dialog import COL_CHOSEN, LettersDialog
from widgets.main_window import MainWindow
from widgets.referrals import COL_RESPONSE, COL_STATUS, DatedDecisionDialog, ForceResponseDialog

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREEN = (1366, 768)


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot at the laptop size the team uses, for docs/screenshots."""
    widget.resize(*SCREEN)
    QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / name))


def row_of(view, ref: str) -> int:  # type: ignore[no-untyped-def]
    return next(row for row in range(view.model.rowCount()) if view.model.referral_at(row).case_ref == ref)


def cell(view, ref: str, column: int) -> str:  # type: ignore[no-untyped-def]
    return view.model.index(row_of(view, ref), column).data()


# -- referrals to closure -----------------------------------------------------------------------------------


def test_a_referral_is_answered_closed_and_another_withdrawn_in_the_referrals_tab(
        qtbot, window_awaiting_letters: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = window_awaiting_letters
    qtbot.keyClick(window, Qt.Key.Key_F3)  # View > Referrals
    view = window.referrals
    assert window.tabs.currentWidget() is view
    first, second = (r.case_ref for r in window.controller.referrals()[:2])
    before = window.controller.service.tally().referred_back

    view.select(first)
    assert view.respond.isEnabled() and view.withdraw.isEnabled()
    response = ForceResponseDialog(first, view)
    response.kind.setCurrentIndex(response.kind.findData("action-taken"))
    qtbot.keyClicks(response.response, "Strategy meeting held; the child is safe at a relative's.")
    response.on.setDate(QDate(2026, 11, 20))
    when_modal(ForceResponseDialog, lambda d: d.accept())
    view.record_response(response)
    assert cell(view, first, COL_STATUS) == "Force responded"
    assert cell(view, first, COL_RESPONSE) == ("Action taken (2026-11-20): Strategy meeting held; the child is safe "
                                               "at a relative's.")

    closing = DatedDecisionDialog(first, withdraw=False, parent=view)
    closing.on.setDate(QDate(2026, 11, 27))
    when_modal(DatedDecisionDialog, lambda d: d.accept())
    view.decide(withdraw=False, dialog=closing)
    assert cell(view, first, COL_STATUS) == "Closed" and not view.close_referral.isEnabled()

    view.select(second)
    withdrawal = DatedDecisionDialog(second, withdraw=True, parent=view)
    ok = withdrawal.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason yet: it cannot be withdrawn
    qtbot.keyClicks(withdrawal.reason, "Raised on the wrong case.")
    assert ok.isEnabled()
    when_modal(DatedDecisionDialog, lambda d: d.accept())
    view.decide(withdraw=True, dialog=withdrawal)
    assert cell(view, second, COL_STATUS) == "Withdrawn"
    assert cell(view, second, COL_RESPONSE).endswith("Raised on the wrong case.")
    assert not any(b.isEnabled() for b in (view.respond, view.close_referral, view.withdraw, view.letter_sent))

    stored = {r.case_ref: r for r in window.controller.service.referrals()}
    assert (stored[first].status, stored[first].closed_on, stored[first].responded_on) == (
        "closed", "2026-11-27", "2026-11-20")
    assert (stored[second].status, stored[second].withdrawn_reason) == ("withdrawn", "Raised on the wrong case.")
    assert window.controller.service.tally().referred_back == before - 1  # the withdrawn one counts nowhere
    assert not window.cases.model.case_at(window.cases.model.row_of(second)).referred
    from models.inspection.letters import referral_history

    actions = [e.action for e in referral_history(window.controller.service, first)]
    assert actions[-2:] == ["record force response", "close referral"]


# -- letters ------------------------------------------------------------------------------------------------


def test_letters_for_two_of_three_referrals_previewed_then_written(
        qtbot, window_awaiting_letters: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = window_awaiting_letters
    folder = tmp_path / "letters"
    folder.mkdir()
    window.ask_letters_folder = lambda parent: folder
    referrals = window.controller.service.referrals()
    assert len(referrals) >= 3 and all(r.letter_sent_on is None for r in referrals)
    seen: dict[str, object] = {}

    def choose(dialog: LettersDialog) -> None:
        model = dialog.model
        assert model.chosen_refs() == tuple(r.case_ref for r in referrals)  # every unsent one ticked
        qtbot.mouseClick(dialog.tick_none, Qt.MouseButton.LeftButton)
        assert not dialog.write_button.isEnabled()
        for row in (0, 2):  # two of the first three, ticked by clicking on their boxes
            index = model.index(row, COL_CHOSEN)
            model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        seen["chosen"] = model.chosen_refs()
        dialog.addressee_name.setText("Jane  Smith")
        dialog.addressee_title.setText("Assistant Chief Constable")
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        seen["problem"] = dialog.problem.text()
        seen["text"] = dialog.preview_text.toPlainText()
        seen["page"] = dialog.page.pixmap()
        seen["written during preview"] = list(folder.iterdir())
        seen["sent during preview"] = [r.case_ref for r in window.controller.service.referrals() if r.letter_sent_on]
        shot(dialog, "letters-preview.png")
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)

    when_modal(LettersDialog, choose)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert finished(qtbot, window) is None  # no problem: the outcome is said in the status bar
    chosen = seen["chosen"]
    assert chosen == (referrals[0].case_ref, referrals[2].case_ref)
    assert seen["problem"] == ""
    text = str(seen["text"])
    assert f"case {chosen[0]}" in text and "Dear Jane Smith" in text and "Assistant Chief Constable" in text
    assert "PROVISIONAL" not in text
    assert not seen["page"].isNull() and seen["page"].width() > 400  # the page drawn, not just text
    assert seen["written during preview"] == [] and seen["sent during preview"] == []

    assert "Wrote 2 letter(s)" in window.statusBar().currentMessage()
    names = sorted(p.name for p in folder.glob("*.pdf"))
    assert names == sorted([f"referral-{chosen[0]}.pdf", f"referral-{chosen[1]}.pdf",
                            "referral-letters-combined.pdf"])
    assert "Jane Smith" in pdf_text(folder / f"referral-{chosen[1]}.pdf")
    after = {r.case_ref: r.status for r in window.controller.service.referrals()}
    assert {ref for ref, status in after.items() if status == LETTER_SENT} == set(chosen)


# -- the lead's queries, through packages -------------------------------------------------------------------

SAMPLE = ("case_ref,case_type,sample,force_grade\nQ1,s47,inspectorate-selected,\nQ2,Domestic abuse,"
          "inspectorate-selected,\nQ3,missing,inspectorate-selected,\n")
LEAD, ANN = "Lena Lead", "Ann Archer"


def team_with_work(tmp_path: Path, graded: dict[str, tuple[str, str]]):  # type: ignore[no-untyped-def]
    """A lead's file of three cases all allocated to Ann; Ann's copy made from her fieldwork package, her grades
    and notes (grade, note per case) returned and merged. Returns (lead, ann, lead file, Ann's file)."""
    from models.inspection.services import InspectionService
    from models.team.allocation import register_member, round_robin
    from models.team.exchange import export_fieldwork, export_return, open_fieldwork
    from models.team.identity import Identity
    from models.team.merge import merge_packages
    from tests.conftest import PASSPHRASE

    lead, ann = Identity.generate(LEAD, "lead"), Identity.generate(ANN)
    (tmp_path / "sample.csv").write_text(SAMPLE, encoding="utf-8")
    lead_file, ann_file = tmp_path / "lead.fieldwork", tmp_path / "ann.fieldwork"
    with InspectionService.create(lead_file, PASSPHRASE, force_name="Testshire Police", actor=LEAD) as service:
        service.import_sample(tmp_path / "sample.csv")
        for identity in (lead, ann):
            register_member(service, identity.card, identity.card.fingerprint)
        round_robin(service, [ANN])
        package = export_fieldwork(service, lead, ANN).data
        with open_fieldwork(package, ann, lead.card, ann_file, PASSPHRASE) as own:
            for ref, (grade, note) in graded.items():
                own.set_grade(ref, ANN, grade)
                if note:
                    own.set_note(ref, ANN, "overall", note)
            returned = export_return(own, ann, accept_warnings=True, override_checks="test: first hand-in").data
        merge_packages(service, lead, [("ann-1.pkg", returned)])
    return lead, ann, lead_file, ann_file


def test_a_query_raised_by_the_lead_is_answered_by_the_inspector_and_closed(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_team_round_trip import main_window, on_laptop
    from widgets.case_model import COL_QUERY
    from widgets.case_panel import CasePanel
    from widgets.hand_in import HandInDialog
    from widgets.queries import QueriesView, RaiseQueryDialog

    lead, ann, lead_file, ann_file = team_with_work(tmp_path, {
        "Q1": ("good", "Plan in place."), "Q2": ("requires-improvement", "Strategy meeting a week late."),
        "Q3": ("inadequate", "No strategy meeting.")})
    stick = tmp_path / "stick"
    stick.mkdir()

    def shown(widget) -> bool:  # type: ignore[no-untyped-def]
        """Shown within the case panel (the page itself is shown by Qt a moment after it is set up)."""
        panel = widget
        while not isinstance(panel, CasePanel):
            panel = panel.parentWidget()
        return widget.isVisibleTo(panel)

    def marker(window: MainWindow, ref: str) -> str:
        model = window.cases.model
        return model.index(model.row_of(ref), COL_QUERY).data()

    # -- the lead raises a query on Q2, asking for a re-grade, and sends it --------------------------------
    on_laptop(lead)
    window = main_window(qtbot, LEAD)
    assert window.open_path(lead_file)
    window.cases.show_case("Q2")
    box = window.cases.panel.queries_box
    assert shown(box) and shown(box.raise_button) and not shown(box.answer)

    def ask(dialog: RaiseQueryDialog) -> None:
        assert [dialog.inspector.itemText(i) for i in range(dialog.inspector.count())] == [ANN]
        qtbot.keyClicks(dialog.text, "The strategy meeting came a week late; is this really requiring improvement?")
        qtbot.keyClick(dialog.regrade, Qt.Key.Key_Space)
        assert dialog.regrade.isChecked()
        dialog.accept()

    when_modal(RaiseQueryDialog, ask)
    qtbot.mouseClick(box.raise_button, Qt.MouseButton.LeftButton)
    assert marker(window, "Q2") == "Query" and marker(window, "Q1") == ""
    assert "Awaiting answer" in box.summary.text() and "[please re-grade]" in box.summary.text()
    window.cases.status.setCurrentIndex(window.cases.status.findData("query"))
    assert window.cases.proxy.rowCount() == 1  # the status filter finds the queried case
    window.cases.status.setCurrentIndex(0)

    def send(dialog) -> None:  # type: ignore[no-untyped-def]
        view = dialog.view
        assert isinstance(view, QueriesView) and view.model.rowCount() == 1
        assert view.export(ANN, stick / "queries-ann.pkg") == stick / "queries-ann.pkg"

    from PySide6.QtWidgets import QDialog

    when_modal(QDialog, send)
    window.queries_dialog()
    assert (stick / "queries-ann.pkg").exists()
    window.close_inspection()

    # -- Ann takes the query in, sees it, is stopped from handing in until she answers and re-grades -------
    on_laptop(ann)
    inspector = main_window(qtbot, ANN)
    assert inspector.open_path(ann_file)
    assert marker(inspector, "Q2") == ""
    assert inspector.open_queries_package(stick / "queries-ann.pkg") == 1
    assert marker(inspector, "Q2") == "Query"
    inspector.cases.show_case("Q2")
    own_box = inspector.cases.panel.queries_box
    assert shown(own_box) and not shown(own_box.raise_button) and not shown(own_box.close_button)
    assert "is this really requiring improvement?" in own_box.summary.text()

    listed: list[list[str]] = []

    def blocked(dialog: HandInDialog) -> None:
        listed.append([dialog.model.finding_at(r).message for r in range(dialog.model.rowCount())])
        assert not dialog.go_button.isEnabled()
        dialog.reject()

    when_modal(HandInDialog, blocked)
    inspector.export_return_package(stick / "refused.pkg")  # the checks run in the background first
    qtbot.waitUntil(lambda: listed == [["Q2: the lead's query to Ann Archer has not been answered."]])
    qtbot.waitUntil(lambda: not inspector.jobs.running, timeout=20000)
    assert not (stick / "refused.pkg").exists()

    inspector.cases.panel.set_grade_by_position(2)  # inadequate, as the lead suggested
    qtbot.keyClicks(own_box.answer, "Agreed: the delay left the child at risk; re-graded inadequate.")
    qtbot.mouseClick(own_box.answer_button, Qt.MouseButton.LeftButton)
    assert own_box.problem.text() == "" and "Answered" in own_box.summary.text()
    shot(inspector, "query-inspector.png")
    returned = stick / "return-ann-2.pkg"
    inspector.export_return_package(returned)  # nothing to see in the checks: written in the background
    qtbot.waitUntil(returned.exists, timeout=20000)
    qtbot.waitUntil(lambda: not inspector.jobs.running, timeout=20000)
    inspector.close_inspection()

    # -- the lead merges the answer, reads it, closes the query ------------------------------------------------
    on_laptop(lead)
    assert window.open_path(lead_file)
    window.controller.exchange().merge([returned])
    window.controller.team_work_done()
    assert window.controller.detail("Q2").case.grade == "inadequate"
    window.cases.show_case("Q2")
    box = window.cases.panel.queries_box
    assert "Answered" in box.summary.text() and "re-graded inadequate" in box.summary.text()
    assert shown(box.close_button)
    shot(window, "query-lead.png")

    def open_from_list(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.view.table.selectRow(0)
        qtbot.mouseClick(dialog.view.open_case, Qt.MouseButton.LeftButton)

    window.cases.show_case("Q1")
    opened = when_modal(QDialog, open_from_list)
    window.queries_dialog()
    assert opened == [None] and window.cases.panel.ref == "Q2"  # the list's item opened its case

    def close_it(dialog) -> None:  # type: ignore[no-untyped-def]
        view = dialog.view
        assert view.model.query_at(0).status == "answered"
        view.table.selectRow(0)
        qtbot.mouseClick(view.close_query, Qt.MouseButton.LeftButton)
        assert view.model.rowCount() == 0 and view.status.text() == "Closed the query on Q2."
        view.show_closed.setChecked(True)
        assert view.model.query_at(0).status == "closed"

    when_modal(QDialog, close_it)
    window.queries_dialog()
    assert marker(window, "Q2") == ""
    assert [q.status for q in window.controller.queries()] == ["closed"]
    assert window.controller.service.verify_audit().ok
    window.close_inspection()


# -- the checklist before hand-in ---------------------------------------------------------------------------


def test_the_hand_in_checklist_lists_the_planted_problems_blocks_the_export_and_opens_a_case(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_team_round_trip import main_window, on_laptop
    from widgets.hand_in import HandInDialog

    _lead, ann, _lead_file, ann_file = team_with_work(tmp_path, {"Q1": ("good", "Plan in place.")})
    on_laptop(ann)
    inspector = main_window(qtbot, ANN)
    assert inspector.open_path(ann_file)
    service = inspector.controller.service
    service.set_grade("Q3", ANN, "inadequate")  # planted: inadequate with no notes
    service.set_serious_concern("Q3", ANN, True, "")  # planted: a concern with no summary
    # Q2 planted too: allocated and never graded (a warning)
    inspector.controller.team_work_done()

    seen: dict[str, object] = {}

    def look(dialog: HandInDialog) -> None:
        model = dialog.model
        seen["items"] = [(model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 3).data())
                         for r in range(model.rowCount())]
        seen["go"] = dialog.go_button.isEnabled()
        shot(dialog, "hand-in-checklist.png")
        dialog.table.selectRow(2)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    when_modal(HandInDialog, look)
    inspector.export_return_package(tmp_path / "return.pkg")  # the checks run in the background first
    qtbot.waitUntil(lambda: inspector.cases.panel.ref == "Q2", timeout=20000)  # the item opened its case
    assert not inspector.jobs.running
    assert seen["items"] == [
        ("Blocks", "Q3", "Q3: Ann Archer graded the case Inadequate but wrote no evidence notes."),
        ("Blocks", "Q3", "Q3: Ann Archer flagged a serious concern without saying what it is."),
        ("Warns", "Q2", "Q2: allocated to Ann Archer and not yet graded."),
    ]
    assert seen["go"] is False and not (tmp_path / "return.pkg").exists()
    assert inspector.cases.panel.ref == "Q2"  # the item opened its case

    # Put right: what blocks goes; the warning stays to be seen, and the package goes once accepted.
    service.set_note("Q3", ANN, "overall", "No strategy meeting for nine days.")
    service.set_serious_concern("Q3", ANN, True, "Child left at home with the suspect.")
    inspector.controller.team_work_done()

    def accept(dialog: HandInDialog) -> None:
        seen["after"] = dialog.model.rowCount()
        assert dialog.go_button.isEnabled()
        qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)

    when_modal(HandInDialog, accept)
    inspector.export_return_package(tmp_path / "return.pkg")
    qtbot.waitUntil((tmp_path / "return.pkg").exists, timeout=20000)  # written in the background
    qtbot.waitUntil(lambda: not inspector.jobs.running, timeout=20000)
    assert seen["after"] == 1 and (tmp_path / "return.pkg").exists()

    # Asked again while the checks still run: said, not queued: one checklist, one package.
    again = tmp_path / "again.pkg"
    checklists: list[int] = []

    def go(dialog: HandInDialog) -> None:
        checklists.append(dialog.model.rowCount())
        qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)

    when_modal(HandInDialog, go)
    inspector.export_return_package(again)
    inspector.export_return_package(again)
    assert inspector.statusBar().currentMessage() == "The checks before hand-in are already running."
    qtbot.waitUntil(again.exists, timeout=20000)
    qtbot.waitUntil(lambda: not inspector.jobs.running, timeout=20000)
    assert checklists == [1]
    inspector.close_inspection()


def test_before_the_report_tables_the_checks_over_the_inspection_are_shown_and_an_item_opens_its_case(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from widgets.hand_in import HandInDialog

    target = tmp_path / "tables.pdf"
    window.ask_export_target = lambda parent: (target, "pdf")
    service = window.controller.service
    service.set_grade("DEMO-0005", "test inspector", "inadequate")  # planted: inadequate, no notes
    window.controller.team_work_done()
    window.cases.show_case("DEMO-0001")
    seen: list[object] = []

    def look(dialog: HandInDialog) -> None:
        seen.append([dialog.model.finding_at(r).message for r in range(dialog.model.rowCount())])
        seen.append(dialog.go_button.isEnabled())  # documents may go as a draft: nothing is refused here
        index = dialog.model.index(0, 1)
        dialog.table.doubleClicked.emit(index)  # as a double-click on the item

    when_modal(HandInDialog, look)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # the checks run in the background
    qtbot.waitUntil(lambda: window.cases.panel.ref == "DEMO-0005", timeout=20000)  # the item opened its case
    assert seen == [["DEMO-0005: test inspector graded the case Inadequate but wrote no evidence notes."], True]
    assert not window.exports.running and not window.jobs.running and not target.exists()  # nothing written

    went = when_modal(HandInDialog, lambda dialog: qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton))
    window.export_action.trigger()
    qtbot.waitUntil(lambda: went == [None], timeout=20000)
    assert finished(qtbot, window) is None
    assert str(target) in window.statusBar().currentMessage() and target.exists()


def test_the_new_item_models_pass_the_model_tester(qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    from models.inspection.checks import Finding
    from models.inspection.records import QueryView
    from widgets.hand_in import FindingTableModel
    from widgets.letters_dialog import LetterChoiceModel
    from widgets.queries import QueryTableModel

    referrals = [r for r in demo.referrals() if r.active]
    letters = LetterChoiceModel(referrals, {c.key: c.label for c in demo.framework.case_types})
    qtmodeltester.check(letters)
    assert letters.setData(letters.index(0, COL_CHOSEN), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert referrals[0].case_ref not in letters.chosen_refs()
    queries = QueryTableModel()
    queries.load([QueryView("0" * 8 + "-0000-4000-8000-" + "0" * 12, "DEMO-0001", "A. Inspector", "Why?", True,
                            "Lena Lead", "2026-12-01T10:00:00", "", None, None, None, None)])
    qtmodeltester.check(queries)
    assert [queries.index(0, c).data() for c in range(6)] == ["DEMO-0001", "A. Inspector", "Why?", "Yes",
                                                              "Awaiting answer", ""]
    findings = FindingTableModel([Finding("ungraded-allocated", "warn", "X-2", "Ann", "X-2: not graded."),
                                  Finding("concern-without-summary", "block", "X-1", "Ann", "X-1: no summary.")])
    qtmodeltester.check(findings)
    assert [findings.index(r, 0).data() for r in range(2)] == ["Blocks", "Warns"]  # what blocks comes first
