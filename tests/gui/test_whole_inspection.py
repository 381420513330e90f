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
    box = finished(qtbot, window)
    chosen = seen["chosen"]
    assert chosen == (referrals[0].case_ref, referrals[2].case_ref)
    assert seen["problem"] == ""
    text = str(seen["text"])
    assert f"case {chosen[0]}" in text and "Dear Jane Smith" in text and "Assistant Chief Constable" in text
    assert "PROVISIONAL" not in text
    assert not seen["page"].isNull() and seen["page"].width() > 400  # the page drawn, not just text
    assert seen["written during preview"] == [] and seen["sent during preview"] == []

    assert "Wrote 2 letter(s)" in box.text()
    names = sorted(p.name for p in folder.glob("*.pdf"))
    assert names == sorted([f"referral-{chosen[0]}.pdf", f"referral-{chosen[1]}.pdf",
                            "referral-letters-combined.pdf"])
    assert "Jane Smith" in pdf_text(folder / f"referral-{chosen[1]}.pdf")
    after = {r.case_ref: r.status for r in window.controller.service.referrals()}
    assert {ref for ref, status in after.items() if status == LETTER_SENT} == set(chosen)
