"""Entry point of the frozen app.

`fieldwork` is the command line (the same as the installed package's command). `fieldwork-app` is the
windowed build of the same code for the Start menu and the file association: it goes straight to the
desktop app, so `fieldwork-app "C:\\...\\Leeds.fieldwork"` opens that inspection.
"""

import multiprocessing
import sys
from pathlib import Path

GUI_EXECUTABLE = "fieldwork-app"


def start() -> int:
    # A worker process (desktop.controllers.processes) is this same executable started again: it must run the
    # job it was started for, not the app.
    multiprocessing.freeze_support()
    if Path(sys.executable).stem.lower() == GUI_EXECUTABLE:
        from desktop.app import run_app

        return run_app(sys.argv[1:])
    from desktop.main import main

    return main()


if __name__ == "__main__":
    sys.exit(start())
