"""The `fieldwork` entry point: the desktop app, or one command of the command line.

Only the side that runs is imported, so a command never loads Qt and the window never loads the CLI.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

GUI_FLAGS = ("--demo", "--smoke-test", "--version")


def wants_gui(argv: Sequence[str]) -> bool:
    """No arguments, a GUI flag, or an inspection file to open."""
    return not argv or argv[0] in GUI_FLAGS


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(argv):
        from desktop.app import run_app

        return run_app(argv)
    from desktop.cli.commands import run

    return run(argv)
