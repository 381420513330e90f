"""Agreement statistics beside the report tables: graders against each other, force against inspectorate."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from desktop.controllers.exchange import ExchangeController
from exports.agreement import to_text


class AgreementView(QWidget):
    def __init__(self, controller: ExchangeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)  # Tab moves on: a keyboard user must not be trapped
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Agreement statistics"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        QVBoxLayout(self).addWidget(self.text)
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        headings = {g.key: g.heading for g in self.controller.framework.grades}
        self.text.setPlainText(to_text(self.controller.agreement(), headings))
