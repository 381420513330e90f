"""The main window on each tab and the busiest dialogs as a 1366x768 laptop shows them at 100%, 125% and 150%
scaling (docs/screenshots/small-screen): `make small-screen-shots`.

A development script like tests/screenshots.py. Each scale runs in its own process, because QT_SCALE_FACTOR is
read once, when Qt starts; the window is given the room a maximised window has there (a 40 px taskbar and a
31 px title bar), so each PNG is what the inspector sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SCALES = ("1", "1.25", "1.5")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots/small-screen").resolve()
    out.mkdir(parents=True, exist_ok=True)
    if os.environ.get("QT_SCALE_FACTOR"):
        return _render(out, float(os.environ["QT_SCALE_FACTOR"]))
    for scale in SCALES:  # one process per scale
        env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run([sys.executable, "-m", "tests.small_screen_shots", str(out)], env=env, check=False)
        if done.returncode:
            return done.returncode
    print(f"small-screen screenshots written to {out}")
    return 0


def _render(out: Path, scale: float) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="fieldwork-shots-") as home:
        os.environ["FIELDWORK_HOME"] = home
        os.environ.setdefault("FIELDWORK_USER", "Inspector Ada")
        return _shots(out, scale)


def _shots(out: Path, scale: float) -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.app import _application, build_window
    from desktop.controllers.exchange import ExchangeController
    from widgets.dialogs import NewInspectionDialog
    from widgets.import_wizard import SampleImportWizard
    from widgets.referrals import ReferralDialog
    from widgets.shortcuts_dialog import ShortcutsDialog

    app = _application()  # noqa: F841  (kept alive while the windows are drawn)
    width, height = int(1366 / scale), int(728 / scale) - 31
    window = build_window(interactive=False)
    window.resize(width, height)
    window.show()
    if not window.open_demo() or window.cases is None or window.controller is None:
        print("small-screen screenshots: could not open the demo inspection", file=sys.stderr)
        return 1
    percent = f"{round(scale * 100)}"

    def settle() -> None:
        for _ in range(5):
            QApplication.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(out / f"{name}-{percent}.png"))

    window.cases.select_row(5)
    window.cases.panel.set_grade_by_position(0)
    window.cases.table.setFocus()
    shot(window, "cases")
    window.cases.panel.focus_area(len(window.cases.panel.notes) - 1)  # Alt+8: the last area in view
    shot(window, "cases-last-notes")
    for tab, name in ((1, "referrals"), (2, "report")):
        window.tabs.setCurrentIndex(tab)
        shot(window, name)
    window.tabs.setCurrentIndex(0)

    service = window.controller.service
    service.set_grade("DEMO-0006", "B. Inspector (second grader)", "requires-improvement")  # to moderate
    service.set_note("DEMO-0006", "B. Inspector (second grader)", "investigation",
                     "Strategy discussion held, but the outcome was not recorded on the crime report.")
    exchange = ExchangeController(service)
    dialogs: list[tuple[QWidget, str]] = [
        (NewInspectionDialog(window), "new-inspection"),
        (ReferralDialog(window.controller.framework, window.cases.current_ref() or "", window), "referral"),
        (SampleImportWizard(window.controller, window), "import-wizard"),
        (window._team_dialog("moderation", exchange), "moderation"),
        (window._team_dialog("members", exchange), "team-members"),
        (window._team_dialog("allocate", exchange), "allocation"),
        (ShortcutsDialog(window.menuBar(), window), "keyboard-shortcuts"),
    ]
    for dialog, name in dialogs:
        dialog.show()
        dialog.resize(min(dialog.width(), width), min(dialog.height(), height))
        shot(dialog, name)
        dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
