"""Keep-this/keep-that for two copies of one inspector's work, and the agreement view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.controllers.exchange import ExchangeController
from models.team.allocation import allocate
from models.team.exchange import export_fieldwork, export_return, open_fieldwork
from tests.exchange.builders import HANDED_IN_AS_IS, INSPECTORS, PASSPHRASE, lead_inspection, make_team
from widgets.agreement_view import AgreementView
from widgets.conflict_dialog import ConflictDialog

ANN = INSPECTORS[0]


def test_conflict_between_two_copies_is_resolved_by_choice(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team = make_team()
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    allocate(lead, {"DEMO-0001": [ANN], "DEMO-0002": [ANN]})
    package = export_fieldwork(lead, team.lead, ANN).data
    returns = []
    for copy, grade in (("laptop", "good"), ("spare", "inadequate")):  # Ann opened the package twice
        with open_fieldwork(package, team.inspectors[ANN], team.lead.card, tmp_path / f"{copy}.fieldwork",
                            PASSPHRASE) as own:
            own.set_grade("DEMO-0001", ANN, grade)
            own.set_grade("DEMO-0002", ANN, "good")  # the same on both copies: no conflict
            returns.append(tmp_path / f"{copy}.pkg")
            returns[-1].write_bytes(export_return(own, team.inspectors[ANN], override_checks=HANDED_IN_AS_IS).data)
    controller = ExchangeController(lead, team.lead)
    report = controller.merge(returns)
    assert len(report.conflicts) == 1
    assert lead.case("DEMO-0001").grade is None and lead.case("DEMO-0002").grade == "good"

    dialog = ConflictDialog(controller)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and dialog.list.item(0).text().startswith("DEMO-0001")
    labels = sorted(b.text() for b in dialog.keep_buttons)
    assert len(labels) == 2 and labels[0].startswith("Keep good") and labels[1].startswith("Keep inadequate")
    keep_inadequate = next(b for b in dialog.keep_buttons if b.text().startswith("Keep inadequate"))
    qtbot.mouseClick(keep_inadequate, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 0 and dialog.status.text() == "0 open conflict(s)."
    assert lead.case("DEMO-0001").grade == "inadequate"
    lead.close()


def test_agreement_view_shows_the_demo_table_1_matrix(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    view = AgreementView(ExchangeController(demo))
    qtbot.addWidget(view)
    text = view.text.toPlainText()
    assert "Self-assessed cases (33 case(s)): agreement 27.3%, quadratic-weighted kappa 0.046" in text
    assert "Double-graded cases (0 case(s))" in text
