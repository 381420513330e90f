"""Help ▸ Keyboard shortcuts: every menu command with its keys, read from the menus themselves, so the list
cannot fall behind them; then the keys that belong to no menu (Tab, the arrows, the underlined letters)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from widgets.translation import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
COL_WHERE, COL_COMMAND, COL_KEYS = range(3)
HEADINGS = (QT_TRANSLATE_NOOP("Headers", "Where"), QT_TRANSLATE_NOOP("Headers", "Command"), QT_TRANSLATE_NOOP("Headers", "Keys"))

# keys Qt gives every window, which no menu lists
GENERAL_KEYS = (
    ("Anywhere", "Next / previous control", "Tab / Shift+Tab"),
    ("Anywhere", "Go to a field or button by its underlined letter", "Alt+letter"),
    ("Anywhere", "Open the menus", "F10, or Alt+the menu's underlined letter"),
    ("Case list", "Move between cases", "Up / Down, Page Up / Page Down, Home / End"),
    ("Grades", "Choose another grade", "Arrow keys"),
    ("Check boxes and buttons", "Tick, untick or press", "Space"),
    ("Dialogs", "Confirm / cancel", "Enter / Esc"),
)


@dataclass(frozen=True)
class Shortcut:
    where: str
    command: str
    keys: str


def menu_shortcuts(bar: QMenuBar) -> list[Shortcut]:
    """Every command in the menus, in menu order, with its keys (or how to reach it by its menu's letters)."""
    found: list[Shortcut] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            text = plain(action.text())
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} ▸ {text}")
            else:
                found.append(Shortcut(path, text, keys_of(action)))

    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.isVisible():
            walk(menu, plain(action.text()))
    return found


def plain(text: str) -> str:
    """A menu text without its mnemonic ampersands ('&&' is a literal one)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_of(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()) or "menu only"


class ShortcutsModel(QAbstractTableModel):
    def __init__(self, shortcuts: list[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shortcuts = shortcuts

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  (Qt's own signature)
        return 0 if parent.isValid() else len(self.shortcuts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        shortcut = self.shortcuts[index.row()]
        return (shortcut.where, shortcut.command, shortcut.keys)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Headers", HEADINGS[section])
        return None


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Everything in Fieldwork can be done from the keyboard. Commands marked “menu only” are "
                       "reached with Alt and the underlined letters of their menu."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = ShortcutsModel(menu_shortcuts(bar) + [Shortcut(*row) for row in GENERAL_KEYS], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Shortcuts"))
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 460)  # fits a 1366x768 screen at 150%
