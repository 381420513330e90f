"""Qt widgets, item models and dialogs. They call desktop controllers, never the database."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def _mentions_pyside(module: ModuleType) -> bool:
    """PySide's own test of whether a module uses it (its source names "PySide6"), read as bytes."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # as PySide answers for a module without source
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _lighten_pyside_import_hook() -> None:
    """Once PySide6 is loaded, every module imported after it is checked for use of PySide's `__feature__`
    switching with `inspect.getsource`, which tokenizes its whole source. Measured on the modules a first export
    loads (SQLAlchemy, reportlab, python-docx, openpyxl: 613 modules), that is 138 ms of work, done on a job's
    worker in competition with the window for the interpreter lock, and paid at every start for the modules
    loaded after Qt. Reading the file's bytes gives the same answer for a fraction of the cost. Fieldwork uses
    no `__feature__`; should PySide's internals change, this does nothing.
    """
    import PySide6  # noqa: F401  (installs the import hook being lightened)

    global _by_source
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is not None and callable(upstream):
        _by_source = _by_source or upstream
        setattr(feature, "_mod_uses_pyside", _mentions_pyside)  # noqa: B010  (a private name, looked up so)


_by_source: Callable[[ModuleType], bool] | None = None  # PySide's own test, kept to compare the two


_lighten_pyside_import_hook()
