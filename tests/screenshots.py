"""Render the main windows offscreen to PNGs (docs/screenshots): `make screenshots`.

A development script, not part of the shipped app: like the tests, it wires windows and controllers by hand.

Runs on the synthetic demo inspection in a throwaway FIELDWORK_HOME; nothing touches the user's profile.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.controllers.inspection import InspectionController
    from exports.atomic import Progress
    from widgets.main_window import MainWindow


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="fieldwork-shots-") as home:
        os.environ["FIELDWORK_HOME"] = home
        os.environ.setdefault("FIELDWORK_USER", "Inspector Ada")
        return _render(out, Path(home))


def _render(out: Path, home: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import _application, build_window
    from widgets.import_wizard import SampleImportWizard
    from widgets.referrals import ReferralDialog

    app = _application()
    window = build_window(interactive=False)
    window.resize(1440, 900)
    window.show()
    if not window.open_demo():
        print("screenshots: could not open the demo inspection", file=sys.stderr)
        return 1
    cases = window.cases
    assert cases is not None and window.controller is not None

    def settle() -> None:
        for _ in range(5):
            QApplication.processEvents()

    cases.select_row(3)
    cases.panel.notes["initial-contact"].setPlainText(
        "Call handler recorded the child's details and flagged the address history promptly.")
    cases.panel.flush()
    settle()
    window.grab().save(str(out / "main-window.png"))
    cases.panel.grab().save(str(out / "case-panel.png"))

    dialog = ReferralDialog(window.controller.framework, cases.current_ref() or "", window)
    dialog.summary.setPlainText("No strategy discussion was held although the child disclosed abuse; "
                                "the child remains at the same address as the suspect.")
    dialog.show()
    settle()
    dialog.grab().save(str(out / "referral-dialog.png"))
    dialog.close()

    window.tabs.setCurrentIndex(2)
    settle()
    window.grab().save(str(out / "report-view.png"))
    assert window.report is not None
    window.report.agreement_box.grab().save(str(out / "report-agreement.png"))
    _export_progress(window, out, home, settle)
    window.tabs.setCurrentIndex(1)
    settle()
    window.grab().save(str(out / "referrals-view.png"))

    import_wizard_steps(window.controller, window, out, home, settle)
    bad = home / "force-sample.csv"
    bad.write_text("Case reference,Type of case,Selection,Force grade\n"
                   "NEW-0001,Domestic abuse,self assessed,Good\n"
                   "NEW-0002,Burglary,inspectorate,\n"
                   "NEW-0003,Missing children,self assessed,\n"
                   "DEMO-0001,Domestic abuse,inspectorate,\n", encoding="utf-8")
    wizard = SampleImportWizard(window.controller, window)
    wizard.file_page.path.setText(str(bad))
    wizard.show()
    settle()
    for _ in range(2):  # how the file is read, then the columns
        _advance(wizard)
        settle()
    wizard.grab().save(str(out / "import-wizard-mapping.png"))
    for _ in range(2):  # the force's words ('Burglary' left unmatched), then the check
        _advance(wizard)
        settle()
    wizard.grab().save(str(out / "import-wizard-errors.png"))
    wizard.close()
    publish_dialog_shot(window, out, settle)  # while the demo is still open: the steps below close it
    _team_and_backups(window, out, settle)
    _graded_topics(window, out, home, settle)
    QTimer.singleShot(0, window.close)
    window.close()
    app.processEvents()
    print(f"screenshots written to {out}")
    return 0


def _advance(wizard: Any) -> None:
    """Next, then the file's reading (a background job) let finish, so the page shown is the one asked for."""
    import threading

    from PySide6.QtWidgets import QApplication

    wizard.next()
    for _ in range(2000):
        QApplication.processEvents()
        if not wizard.reading:
            return
        threading.Event().wait(0.005)


def _export_progress(window: MainWindow, out: Path, home: Path, settle: Callable[[], None]) -> None:
    """A real PDF export held part-way, so its progress in the status bar can be captured; then its outcome."""
    import threading
    from dataclasses import dataclass
    from typing import ClassVar

    from PySide6.QtWidgets import QApplication

    from desktop.controllers.jobs import TablesJob

    assert window.controller is not None
    gate = threading.Event()

    @dataclass(frozen=True)
    class HeldTables(TablesJob):
        """The tables job, held at its fifth step so its progress can be captured (on a worker thread: the gate
        is an event of this process)."""

        isolated: ClassVar[bool] = False

        def run(self, progress: Progress) -> Path:
            def step(done: int, total: int) -> bool:
                keep_going = progress(done, total)
                if done == 5:
                    gate.wait(10)
                return keep_going

            return super().run(step)

    job = HeldTables(**window.controller.job_fields(), fmt="pdf", target=home / "tables.pdf")
    window.resize(1366, 768)  # a laptop's screen: the status bar along its bottom
    window.exports.run("Writing the report tables (PDF)…", job, lambda path: f"The report tables were written to\n{path}")
    bar = window.job_status.bar
    for _ in range(200):
        settle()
        if bar.value() == 5:
            break
        threading.Event().wait(0.01)
    assert window.job_status.isVisible()  # the progress and Cancel are in the status bar
    window.grab().save(str(out / "export-progress.png"))
    gate.set()
    while window.exports.running:
        QApplication.processEvents()
        threading.Event().wait(0.01)
    settle()
    assert window.exports.last is None and window.exports.said  # the outcome, said in the status bar
    window.grab().save(str(out / "export-finished.png"))


def _team_and_backups(window: MainWindow, out: Path, settle: Callable[[], None]) -> None:
    """Moderation side by side (after a second grader disagrees) and the restore-from-backup dialog."""
    from desktop.controllers.exchange import ExchangeController
    from models.inspection.backups import list_backups
    from widgets.backups_dialog import BackupsDialog

    assert window.controller is not None
    service = window.controller.service
    service.set_grade("DEMO-0006", "B. Inspector (second grader)", "requires-improvement")
    service.set_note("DEMO-0006", "B. Inspector (second grader)", "investigation",
                     "Strategy discussion held, but the outcome was not recorded on the crime report.")
    dialog = window._team_dialog("moderation", ExchangeController(service))
    dialog.show()
    settle()
    dialog.grab().save(str(out / "moderation.png"))
    dialog.close()
    service.back_up("daily")
    service.back_up("manual")
    backups = BackupsDialog(window.controller.path.name, list_backups(window.controller.path), window)
    backups.table.selectRow(0)
    backups.show()
    settle()
    backups.grab().save(str(out / "restore-backup.png"))
    backups.close()
    _team_cards(window, out, home=window.controller.path.parent, settle=settle)


def _team_cards(window: MainWindow, out: Path, home: Path, settle: Callable[[], None]) -> None:
    """Team members (cards registered), this laptop's identity card, and an inspector opening a package."""
    from desktop.controllers.exchange import ExchangeController
    from models.team.identity import Identity
    from widgets.open_package_dialog import OpenPackageDialog
    from widgets.team_members_dialog import IdentityDialog, TeamMembersDialog

    assert window.controller is not None
    lead, ann, ben = (Identity.generate("Lena Lead", "lead"), Identity.generate("Ann Archer"),
                      Identity.generate("Ben Brook"))
    exchange = ExchangeController(window.controller.service, lead)
    exchange.register_own_card()
    for member in (ann, ben):
        exchange.register_card(member.card, member.card.fingerprint)
    exchange.revoke("Ben Brook")

    def shot(dialog: QWidget, name: str) -> None:
        dialog.show()
        settle()
        dialog.grab().save(str(out / name))
        dialog.close()

    members = TeamMembersDialog(exchange, window)
    (home / "cat.card").write_bytes(Identity.generate("Cat Carter").card.to_bytes())
    members.card_path.setText(str(home / "cat.card"))
    members.card_path.editingFinished.emit()
    shot(members, "team-members.png")
    shot(IdentityDialog(ann, create=lambda name, role: ann, save_card=window.session.save_card, parent=window), "identity-card.png")
    (home / "lena.card").write_bytes(lead.card.to_bytes())
    opening = OpenPackageDialog(lambda dialog: None, home / "fieldwork-Ann-Archer.pkg", window)
    opening.card_path.setText(str(home / "lena.card"))
    opening.card_path.editingFinished.emit()
    shot(opening, "open-fieldwork-package.png")


def _graded_topics(window: MainWindow, out: Path, home: Path, settle: Callable[[], None]) -> None:
    """A 2024-programme inspection at a laptop's 1366x768: the case panel grading topics beside their notes,
    the force judgements page and the report's topic tables."""
    from desktop.controllers.inspection import InspectionController
    from models.inspection.services import InspectionService

    user = os.environ["FIELDWORK_USER"]
    sample = home / "ny-sample.csv"
    sample.write_text("case_ref,case_type,sample\n" + "".join(
        f"NY-{i:03},{('DA', 'Missing', 'S47', 'CSE')[i % 4]},inspectorate-selected\n" for i in range(1, 25)),
        encoding="utf-8")
    service = InspectionService.create(home / "north-yorkshire.fieldwork", "harbour copper willow gate 24",
                                       force_name="North Yorkshire Police", actor=user, framework="ncpi-2024")
    service.import_sample(sample)
    grades = ("good", "adequate", "requires-improvement", "inadequate", "good", "requires-improvement")
    for i in range(1, 13):
        for j, area in enumerate(("leadership", "initial-response", "investigation")[: 1 + i % 3]):
            service.set_topic_grade(f"NY-{i:03}", user, area, grades[(i + j) % len(grades)])
    service.set_topic_grade("NY-003", "B. Inspector (second grader)", "leadership", "requires-improvement")
    service.set_note("NY-003", user, "leadership",
                     "No supervisory oversight recorded on the crime report for nine days.")
    service.set_note("NY-003", user, "initial-response",
                     "Officers attended within the hour and spoke to the child alone.")
    for area, grade in (("leadership", "adequate"), ("partnership-working", "requires-improvement"),
                        ("investigation", "inadequate")):
        service.set_force_judgement(area, grade)
    for source, text in (
            ("interview", "Chief superintendent for public protection interviewed on day 2: a strategic board "
                          "meets quarterly; its minutes show actions carried over for a year."),
            ("document", "Child protection policy (v4, 2023) reviewed: clear on strategy discussions, silent on "
                         "supervisory review of referrals."),
            ("data", "Referral timeliness: 71% of referrals reached children's social care within 24 hours.")):
        service.add_force_evidence("leadership", source, text)
    window.set_inspection(InspectionController(service, user))
    window.backup_timer.stop()
    window.statusBar().clearMessage()  # the demo's backup message belongs to the demo
    window.resize(1366, 768)
    cases = window.cases
    assert cases is not None
    cases.select_row(2)  # NY-003: two topics graded, a second grader disagrees on leadership
    settle()
    window.grab().save(str(out / "main-window-topics.png"))
    cases.panel.grab().save(str(out / "case-panel-topics.png"))
    window.show_judgements()
    settle()
    window.grab().save(str(out / "force-judgements.png"))
    window.tabs.setCurrentIndex(2)
    settle()
    window.grab().save(str(out / "report-view-topics.png"))
    _dialogs_with_dates(window, out, settle)
    window.close_inspection()


def publish_dialog_shot(window: MainWindow, out: Path, settle: Callable[[], None]) -> None:
    """The lead's Publish to headquarters dialog over the window at 1366×768 (nothing connects: no Publish)."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QPainter

    from widgets.publish_dialog import PublishDialog

    assert window.controller is not None
    window.resize(1366, 768)
    dialog = PublishDialog(window.controller, window.settings, window, jobs=window.jobs)
    dialog.dsn.setText("postgresql://lena.lead@hq.inspectorate.example/fieldwork?sslmode=verify-full")
    dialog.password.setText("not a real password")
    dialog.show()
    settle()
    screen = window.grab()
    painter = QPainter(screen)  # the dialog over the window, with a plain title bar (offscreen has no frames)
    bar = 28
    left, top = (screen.width() - dialog.width()) // 2, (screen.height() - dialog.height() - bar) // 2
    painter.fillRect(left - 1, top - 1, dialog.width() + 2, dialog.height() + bar + 2, QColor("#5a6270"))
    painter.fillRect(left, top, dialog.width(), bar, QColor("#e6e8ec"))
    painter.drawText(QRect(left, top, dialog.width(), bar), Qt.AlignmentFlag.AlignCenter, dialog.windowTitle())
    painter.drawPixmap(QPoint(left, top + bar), dialog.grab())
    painter.end()
    screen.save(str(out / "publish-dialog.png"))
    dialog.close()


def _dialogs_with_dates(window: MainWindow, out: Path, settle: Callable[[], None]) -> None:
    """The new-inspection dialog (framework and fieldwork dates) and the open inspection's details."""
    from datetime import date

    from widgets.dialogs import InspectionDetailsDialog, NewInspectionDialog

    assert window.controller is not None
    new = NewInspectionDialog(window)
    new.force_name.setText("Wiltshire Police")
    new.dates.box.setChecked(True)
    new.show()
    settle()
    new.grab().save(str(out / "new-inspection.png"))
    new.close()
    window.controller.set_dates(date(2025, 11, 3), date(2025, 11, 7))
    details = InspectionDetailsDialog(window.controller.info(), window.controller.framework, window)
    details.show()
    settle()
    details.grab().save(str(out / "inspection-details.png"))
    details.close()



def import_wizard_steps(controller: InspectionController, parent: QWidget | None, out: Path, home: Path,
                        settle: Callable[[], None]) -> None:
    """The wizard on a force's workbook as it arrives (a cover sheet, a title above the header, Yes/No for the
    sample, the force's own case-type words, a row hidden under a filter), at a laptop's 1366x768."""
    from openpyxl import Workbook

    from widgets.import_wizard import SampleImportWizard

    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Wexmoor Police: case sample for the inspectorate (see the next sheet)"])
    sheet = book.create_sheet("Sample")
    sheet.append(["Wexmoor Police - PVP case sample, March"])
    sheet.append([])
    sheet.append(["Case reference", "Type", "Self assessed?", "Force grade"])
    for row in (["WX/24/4001", "DA", "Yes", "Good"], ["WX/24/4002", "Missing from home", "No", None],
                ["WX/24/4003", "CP strategy", "Yes", "Requires improvement"], ["WX/24/4004", "CP strategy", "No", None],
                ["WX/24/4005", "Honour based abuse", "No", None], ["WX/24/4006", "S46 Police Protection", "No", None]):
        sheet.append(row)
    sheet.auto_filter.ref = "A3:D9"
    sheet.row_dimensions[7].hidden = True
    path = home / "wexmoor-sample.xlsx"
    book.save(path)
    wizard = SampleImportWizard(controller, parent)
    wizard.resize(1366, 768)
    wizard.file_page.path.setText(str(path))
    wizard.show()
    settle()
    _advance(wizard)
    settle()
    wizard.grab().save(str(out / "import-wizard-reading.png"))
    mapping = wizard.mapping_page.combos
    _advance(wizard)
    mapping["sample"].setCurrentIndex(mapping["sample"].findText("Self assessed?"))
    settle()
    _advance(wizard)
    settle()
    values = wizard.values_page.combos
    for key, target in ((("sample", "Yes"), "self-assessed"), (("sample", "No"), "inspectorate-selected"),
                        (("case_type", "CP strategy"), "s47")):
        if key in values:
            values[key].setCurrentIndex(values[key].findData(target))
    settle()
    wizard.grab().save(str(out / "import-wizard-values.png"))
    if ("case_type", "Honour based abuse") in values:
        combo = values["case_type", "Honour based abuse"]
        combo.setCurrentIndex(combo.findData("general-concern"))
    _advance(wizard)
    settle()
    wizard.grab().save(str(out / "import-wizard-warnings.png"))
    wizard.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
