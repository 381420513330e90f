"""PySide's check of every imported module for `__feature__` use reads the file's bytes, not its tokenized
source (widgets/__init__.py), and answers as PySide's own does."""

from __future__ import annotations

import importlib
import json
import sys

import widgets
import widgets.main_window
from models.inspection import tally


def test_the_lighter_check_is_installed_and_answers_as_pyside_s_own() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is widgets._mentions_pyside
    assert widgets._by_source is not None
    for module in (widgets.main_window, json, sys, tally, importlib, widgets):
        assert widgets._mentions_pyside(module) == widgets._by_source(module), module.__name__
    assert widgets._mentions_pyside(widgets.main_window) and not widgets._mentions_pyside(tally)
