"""Child for the SIGKILL test: types a note into the real case panel and says when the debounce saved it.

Protocol on stdout: "typed" once the keystrokes are in, "saved" after the panel's autosave committed.
The parent then kills us with SIGKILL; we never shut down cleanly.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.controllers.inspection import InspectionController
from models.inspection.services import InspectionService
from widgets.case_panel import CasePanel


def main() -> None:
    path, ref, area, text = sys.argv[1:5]
    app = QApplication([sys.argv[0]])
    service = InspectionService.open(path, actor="child", key_hex=os.environ["FIELDWORK_TEST_KEY"])
    controller = InspectionController(service, "Inspector Kill")
    panel = CasePanel(controller)
    panel.show()
    panel.load(ref)
    panel.saved.connect(lambda _ref: print("saved", flush=True))

    def type_note() -> None:
        edit = panel.notes[area]
        edit.setFocus()
        QTest.keyClicks(edit, text)
        assert panel.has_unsaved, "typing must not save before the debounce"
        print("typed", flush=True)

    QTimer.singleShot(0, type_note)
    app.exec()  # runs until killed


if __name__ == "__main__":
    main()
