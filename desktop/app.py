"""Composition root: settings -> session (unlocking) -> main window; error hook around it all.

`fieldwork` (no arguments), `--demo`, `--smoke-test FILE` and `--version` arrive here from desktop.main.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from desktop.laptop.about import app_version
from desktop.laptop.secrets import KeyStore
from models.errors import FieldworkError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from widgets.application import FieldworkApplication
    from widgets.dialogs import ErrorReporter
    from widgets.main_window import MainWindow

VERSION = app_version()  # one source: the package metadata (pyproject.toml)
ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "fieldwork.png"  # bundled frozen too

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldwork", description="Fieldwork desktop app.")
    parser.add_argument("file", nargs="?", type=Path, help="inspection file to open")
    parser.add_argument("--demo", action="store_true", help="open the demo inspection (created on first use)")
    parser.add_argument("--smoke-test", type=Path, metavar="FILE",
                        help="open FILE, show the main window with its cases, exit 0 (non-zero on failure)")
    parser.add_argument("--file-open-event", action="store_true",
                        help="with --smoke-test: hand FILE over as the system does to a running app (macOS Finder)")
    parser.add_argument("--worker", action="store_true",
                        help="with --smoke-test: also read the cases in a worker process, as merges, imports "
                             "and documents run (the installer's check that the built app can start one)")
    parser.add_argument("--passphrase-file", help="read the inspection passphrase from this file")
    parser.add_argument("--language", choices=("system", "en", "cy"),
                        help="interface language for this run: en (English), cy (Cymraeg, Welsh) or system "
                             "(default: the one chosen in View ▸ Language, else the system's)")
    parser.add_argument("--version", action="store_true")
    return parser


def install_excepthook(reporter: ErrorReporter,
                       damage: Callable[[], FieldworkError | None] | None = None) -> ExceptHook:
    """Route uncaught errors to dialogs; returns the previous hook so callers (and tests) can restore it.
    damage names a damaged open file, which an unexpected error is then reported as."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        found = None
        if damage is not None and not isinstance(error, (FieldworkError, KeyboardInterrupt)):
            try:
                found = damage()
            except Exception:  # noqa: BLE001  (the check must never hide the bug it was asked about)
                found = None
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
        elif isinstance(error, FieldworkError):
            reporter.known(str(error))
        elif found is not None:
            reporter.known(str(found))
        else:
            reporter.bug(f"{kind.__name__}: {error}", "".join(traceback.format_exception(kind, error, tb)))

    sys.excepthook = hook
    return previous


def build_window(passphrase_file: str | None = None, interactive: bool = True) -> MainWindow:
    """Wire settings, session and main window; no globals, everything passed in."""
    from desktop.controllers.session import SessionController
    from desktop.laptop.settings import Settings
    from widgets.dialogs import ask_passphrase
    from widgets.main_window import MainWindow

    settings = Settings()
    session = SessionController(settings.user_name, store=KeyStore())
    session.unlocker.passphrase_file = passphrase_file
    window = MainWindow(session, settings)
    if interactive:
        from PySide6.QtCore import QCoreApplication

        from desktop.laptop.identity_store import install_identity_prompt

        session.prompt = ask_passphrase(window)
        # an identity file's passphrase, asked once a session when a team action first needs the identity
        install_identity_prompt(ask_passphrase(window, QCoreApplication.translate("app", "Unlock your identity")))
    return window


def open_requested_file(window: MainWindow, path: Path) -> None:
    """A file the system asks the running app to open: opened in the main window (the one already open is just
    brought forward), as if it had been named on the command line."""
    open_now = window.controller.path if window.controller is not None else None
    if open_now is None or open_now.resolve() != path.resolve():
        window.open_path(path)
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


def handle_file_open_events(app: FieldworkApplication, window: MainWindow) -> Callable[[], None]:
    """Route the system's "open this file" requests (macOS: a QFileOpenEvent to the application, taken by
    FieldworkApplication) to the window. Returns what stops routing them."""
    connection = app.fileOpenRequested.connect(lambda path: open_requested_file(window, Path(path)))

    def stop() -> None:
        app.fileOpenRequested.disconnect(connection)

    return stop


def install_translation(app: QApplication, setting: str | None) -> str:
    """Load the interface's translation (before any window is built); returns the language code shown."""
    from PySide6.QtCore import QLocale, QTranslator

    from desktop.laptop.language import chosen_language, translation_files

    language = chosen_language(setting, QLocale.system().name())
    if language != chosen_language(None, QLocale.system().name()):
        # the default locale says the language to everything built later: dates, and the framework's words
        QLocale.setDefault(QLocale("en_GB" if language == "en" else language))
    for path in translation_files(language):
        translator = QTranslator(app)  # owned by the app, so it lives as long as the windows it translates
        if translator.load(str(path)):
            app.installTranslator(translator)
    return language


def _application(language: str | None = None) -> FieldworkApplication:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.laptop.settings import Settings
    from widgets.application import FieldworkApplication

    # instance() is typed as the base QCoreApplication; Fieldwork's is always its own (tests make it too)
    app = cast(FieldworkApplication,
               QApplication.instance() or FieldworkApplication([sys.argv[0] if sys.argv else "fieldwork"]))
    app.setApplicationName("Fieldwork")
    app.setApplicationVersion(VERSION)
    app.setWindowIcon(QIcon(str(ICON)))  # every window, and the taskbar / dock entry
    try:
        setting: str | None = language or Settings().language
    except Exception:  # noqa: BLE001  (read again when the window is built, which reports the fault)
        setting = language
    install_translation(app, setting)
    from widgets import look

    look.apply(app)  # selection colours that pass contrast in light and dark themes; the focus ring
    return app


def smoke_test(path: Path, passphrase_file: str | None, file_open_event: bool = False, worker: bool = False) -> int:
    """Open the file as the app does, show the filled case list, close cleanly. Used by tests and the installer.
    With file_open_event the file arrives as the system hands it to a running app (a QFileOpenEvent); with
    worker the cases are read again in a worker process."""
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    app = _application()
    window = build_window(passphrase_file, interactive=False)
    failures: list[str] = []
    previous = sys.excepthook
    sys.excepthook = lambda kind, error, tb: failures.append(f"{kind.__name__}: {error}")
    stop_routing: Callable[[], None] | None = None
    try:
        if file_open_event:
            stop_routing = handle_file_open_events(app, window)
            window.show()
            QApplication.sendEvent(app, QFileOpenEvent(str(path)))
            if window.controller is None:
                shown_error = window.errors.last.text() if window.errors.last is not None else "nothing opened"
                print(f"fieldwork: smoke test failed: the file-open event did not open {path}: {shown_error}",
                      file=sys.stderr)
                return 1
            controller = window.controller
        else:
            try:
                controller = window.session.open(path)
            except FieldworkError as error:
                print(f"fieldwork: smoke test failed: {error}", file=sys.stderr)
                return 1
            window.set_inspection(controller)
        window.show()
        QApplication.processEvents()
        shown = window.cases.model.rowCount() if window.cases else 0
        ok = (window.isVisible() and shown == controller.service.case_count() and window.cases is not None
              and window.cases.panel.ref is not None)
        worker_problem = _worker_process_check(controller.job_fields(), shown) if worker else ""
        window.close()
        app.processEvents()
    finally:
        sys.excepthook = previous
        if stop_routing is not None:
            stop_routing()
    if failures:
        print(f"fieldwork: smoke test failed: {failures[0]}", file=sys.stderr)
        return 70
    if not ok:
        print(f"fieldwork: smoke test failed: the case list shows {shown} cases.", file=sys.stderr)
        return 1
    if worker_problem:
        print(f"fieldwork: smoke test failed: {worker_problem}", file=sys.stderr)
        return 1
    print(f"fieldwork: smoke test passed ({shown} cases shown).")
    return 0


def _worker_process_check(job_fields: dict[str, Any], cases: int) -> str:
    """The case list read again in a worker process (as a merge or an import runs), for the frozen app above all:
    "" when it came back with every case, else what went wrong."""
    from desktop.controllers.jobs import CaseListJob
    from desktop.controllers.processes import WORKERS, run_in_worker
    from models.progress import Cancellation

    try:
        outcome = run_in_worker(CaseListJob(**job_fields), Cancellation(), lambda step, total: None)
    finally:
        WORKERS.close()
    if outcome[0] != "succeeded":
        return f"a worker process could not read the case list: {outcome[1:]}"
    if len(outcome[1].refs) != cases:
        return f"a worker process read {len(outcome[1].refs)} cases, not {cases}"
    return ""


def start(window: MainWindow, args: argparse.Namespace, welcome_needed: Callable[[], bool] | None = None) -> None:
    """Open what the command line names; with nothing named, the first-run welcome (until it is answered)."""
    if args.demo:
        window.open_demo()
    elif args.file:
        window.open_path(args.file)
    else:
        from desktop.laptop.first_run import needs_welcome

        if welcome_needed() if welcome_needed is not None else needs_welcome(window.settings):
            welcome(window)
        else:
            window.open_last_inspection()  # where the inspector left off


def welcome(window: MainWindow) -> None:
    """The welcome over the main window: identity and name/role kept, then the demo or a package opened."""
    from desktop.laptop import paths
    from desktop.laptop.first_run import file_identity_creator, identity_creator
    from desktop.laptop.identity_store import IdentityStore, keyring_available
    from widgets.welcome_dialog import OPEN_DEMO, OPEN_PACKAGE, run_welcome

    settings = window.settings
    choice = run_welcome(window, default_name=settings.user_name,
                         create_identity=identity_creator(IdentityStore(), settings),
                         keyring_works=keyring_available(), default_identity_file=paths.default_identity_file(),
                         create_file_identity=lambda path, passphrase: file_identity_creator(settings, path,
                                                                                              passphrase))
    if choice.name:
        # kept even on "Later": otherwise edits made meanwhile are recorded under the login name
        settings.user_name = choice.name
        window.session.user = choice.name
    if choice.action not in (OPEN_DEMO, OPEN_PACKAGE):
        return  # "Later": no identity or role yet, so the welcome comes back next start
    settings.role = choice.role
    if choice.action == OPEN_DEMO:
        window.open_demo()
    elif choice.package is not None and choice.package.suffix == ".fieldwork":
        window.open_path(choice.package)  # an inspection file: opened as any other
    elif choice.package is not None:
        window.open_fieldwork_package(choice.package)  # the lead's card, fingerprint and a passphrase still needed


def startup_failed(message: str, details: str | None = None) -> int:
    """Before the main window exists: one line on stderr and the plain message (or crash dialog); exit code."""
    from widgets.dialogs import ErrorReporter

    print(f"fieldwork: {message.splitlines()[0] if message else 'could not start'}", file=sys.stderr)
    reporter = ErrorReporter()
    box = reporter.known(message) if details is None else reporter.bug(message, details)
    box.exec()  # nothing else is on screen yet: wait for OK before exiting
    return 1 if details is None else 70


def run_app(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    if args.version:
        print(f"fieldwork {VERSION}")
        return 0
    try:
        if args.smoke_test:
            return smoke_test(args.smoke_test, args.passphrase_file, args.file_open_event, args.worker)
    except Exception as error:  # the installer check must fail with a message, never hang on a dialog
        print(f"fieldwork: smoke test failed ({type(error).__name__}: {error}).", file=sys.stderr)
        return 70
    app = _application(args.language)
    try:
        window = build_window(args.passphrase_file)  # settings folder, keyring: either can fail on a bad setup
    except FieldworkError as error:
        return startup_failed(str(error))
    except OSError as error:  # e.g. the settings folder cannot be created: the user can fix that
        where = f" ({error.filename})" if error.filename else ""
        return startup_failed(f"Fieldwork could not set up its folders{where}: {error.strerror or error}.")
    except Exception as error:  # noqa: BLE001  (a bug: the crash dialog, with details, never a raw traceback)
        return startup_failed(f"{type(error).__name__}: {error}", traceback.format_exc())
    previous = install_excepthook(window.errors, lambda: window.controller.damage() if window.controller else None)
    handle_file_open_events(app, window)  # for as long as the app runs
    try:
        window.show()
        start(window, args)
        return app.exec()
    finally:
        sys.excepthook = previous
