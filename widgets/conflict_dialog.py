"""Conflicts between two copies of one inspector's work: both values side by side, keep this or keep that."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from desktop.controllers.exchange import ExchangeController
from models.errors import FieldworkError
from models.team.merge import ConflictView
from models.untrusted import printable


def shown(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):  # serious concern: [flag, summary]
        return ("serious concern: " if value[0] else "no serious concern") + (f" {value[1]}" if value[1] else "")
    if isinstance(value, dict):
        return f"referral ({value.get('reason')}): {value.get('summary')}"
    return str(value)


class ConflictDialog(QDialog):
    def __init__(self, controller: ExchangeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge conflicts"))
        self.controller = controller
        self._items: list[ConflictView] = []
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Conflicts"))
        self.base = QLabel()
        self.keep_buttons: list[QPushButton] = []
        self.choices = QHBoxLayout()
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Conflict status"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.base)
        layout.addLayout(self.choices)
        layout.addWidget(self.status)
        self.list.currentRowChanged.connect(self._show)
        self.refresh()

    def refresh(self) -> None:
        self._items = self.controller.conflicts()
        self.list.blockSignals(True)
        self.list.clear()
        for c in self._items:
            self.list.addItem(printable(f"{c.case_ref} · {c.inspector} · {c.kind}{' · ' + c.area if c.area else ''}",
                                        None))
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if self._items else -1)
        self._show(self.list.currentRow())
        self.status.setText(self.tr("{items} open conflict(s).").format(items=len(self._items)))

    def _show(self, row: int) -> None:
        for button in self.keep_buttons:
            self.choices.removeWidget(button)
            button.deleteLater()
        self.keep_buttons = []
        if not 0 <= row < len(self._items):
            self.base.setText("")
            return
        conflict = self._items[row]
        self.base.setText(self.tr("Handed out: {shown}").format(shown=shown(conflict.base)))
        for copy_id, value in sorted(conflict.candidates.items()):
            button = QPushButton(self.tr("Keep {shown}  (copy {copy_id})").format(shown=shown(value), copy_id=copy_id[:8]))
            button.clicked.connect(lambda _=False, c=conflict, k=copy_id: self.keep(c, k))
            self.choices.addWidget(button)
            self.keep_buttons.append(button)

    def keep(self, conflict: ConflictView, copy_id: str) -> None:
        try:
            self.controller.resolve_conflict(conflict.field_key, copy_id)
        except FieldworkError as error:
            self.status.setText(str(error))
            return
        self.refresh()
