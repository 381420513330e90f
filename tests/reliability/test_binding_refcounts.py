"""The Qt binding must not drop references it does not own.

PySide6 6.12.0 on CPython 3.11 released a reference to None on every call of a method returning nothing and to
True on every signal emit. Python frees its singletons when their count reaches zero, so an app running long
enough (a few thousand edits, or one export's progress signals) died with "none_dealloc" or "bool_dealloc"
(docs/decisions.md, "The native crashes"). These counts are stable on every supported binding.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

CALLS = 200


def _drift(singleton: object, action: Callable[[], object]) -> int:
    before = sys.getrefcount(singleton)
    for _ in range(CALLS):
        action()
    return sys.getrefcount(singleton) - before


class _Emitter(QObject):
    flag = Signal(bool)
    value = Signal(object)


def test_methods_returning_nothing_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    stack = QUndoStack()
    stack.push(QUndoCommand("grade DEMO-0001"))
    owner = QObject()
    assert _drift(None, lambda: (stack.undo(), stack.redo())) >= 0
    assert _drift(None, lambda: owner.setObjectName("case panel")) >= 0


def test_signal_emits_keep_true_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    emitter.flag.connect(lambda flagged: None)
    emitter.value.connect(lambda detail: None)
    assert _drift(True, lambda: emitter.flag.emit(True)) >= 0
    assert _drift(True, lambda: emitter.value.emit((True, "summary"))) >= 0
