"""Composition root for the desktop app. Until the GUI lands, --demo prints the demo's report tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop import paths
from desktop.secrets import KeyStore, Unlocker
from exports.report import build_report, to_text
from models.demo import DEMO_PASSPHRASE, create_demo
from models.errors import FieldworkError
from models.services import InspectionService

VERSION = "0.1.0"


def open_demo(actor: str = "demo") -> InspectionService:
    """Open the demo inspection in the user's data folder, creating it on first use."""
    path = paths.demo_file()
    unlocker = Unlocker(KeyStore())
    passphrase = unlocker.explicit_passphrase() or DEMO_PASSPHRASE
    if not path.exists():
        return create_demo(path, passphrase, actor=actor)
    return InspectionService.open(path, actor=actor, passphrase=passphrase)


def run_app(argv: Sequence[str]) -> int:
    if "--version" in argv:
        print(f"fieldwork {VERSION}")
        return 0
    if "--demo" in argv:
        try:
            with open_demo() as service:
                sys.stdout.write(to_text(build_report(service.tally())))
        except FieldworkError as error:
            print(f"fieldwork: {error}", file=sys.stderr)
            return 1
        return 0
    print("fieldwork: the desktop window is not built yet; see `fieldwork --help` for the commands.",
          file=sys.stderr)
    return 2
