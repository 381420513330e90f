"""The `fieldwork` command. Exit 0 on success, 1 with one line on bad input, 2 on usage error."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop.secrets import (
    KeyStore,
    Unlocker,
    generate_recovery_code,
    passphrase_problem,
    terminal_prompt,
)
from exports.atomic import write_atomically
from exports.report import build_report, to_csv, to_json, to_text
from models.database import change_passphrase
from models.demo import DEMO_PASSPHRASE, create_demo
from models.errors import FieldworkError, ImportRejected
from models.framework import available_frameworks, load_framework
from models.services import FORCE_TERMS, InspectionService

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70
GUI_FLAGS = ("--demo", "--smoke-test")


def default_actor() -> str:
    name = os.environ.get("FIELDWORK_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name on some locked-down machines
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldwork", description="Offline child protection case-file inspection.")
    parser.add_argument("--as", dest="actor", default=None, help="your name, as the audit log records it")
    parser.add_argument("--passphrase-file", help="read the inspection passphrase from this file")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = sub.add_parser("new", help="create a new encrypted inspection file")
    new.add_argument("file", type=Path)
    new.add_argument("--force", required=True, help='force name, e.g. "Gloucestershire Constabulary"')
    new.add_argument("--framework", default="ncpi-2017",
                     help=f"framework key ({', '.join(available_frameworks())}) or a .toml path")
    new.add_argument("--force-term", choices=FORCE_TERMS, default="force",
                     help="how the report names the force: 'constabulary' or 'force'")
    new.add_argument("--chief-officer", default="", help="default addressee of referral letters")
    new.add_argument("--generate-passphrase", action="store_true",
                     help="generate a recovery-code passphrase and show it once")

    for name, text in (("import-sample", "import the force's case sample (CSV or XLSX)"),
                       ("import-grades", "import gradings (CSV or XLSX)")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("file", type=Path)
        cmd.add_argument("source", type=Path)

    tables = sub.add_parser("tables", help="print or write the report tables")
    tables.add_argument("file", type=Path)
    tables.add_argument("--format", choices=("text", "csv", "json", "pdf", "docx", "xlsx"), default="text",
                        help="pdf, docx and xlsx need -o")
    tables.add_argument("-o", "--output", type=Path)
    tables.add_argument("--marking", default=None, help='protective marking line (default "OFFICIAL")')

    from desktop.documents import add_document_commands

    add_document_commands(sub)

    demo = sub.add_parser("demo", help="create the demo inspection (synthetic data; reproduces the 2017 report)")
    demo.add_argument("file", type=Path)

    verify = sub.add_parser("verify-audit", help="check the audit log's hash chain")
    verify.add_argument("file", type=Path)

    backup = sub.add_parser("backup", help="write an encrypted backup now, or list backups with --list")
    backup.add_argument("file", type=Path)
    backup.add_argument("--list", action="store_true", help="list the backups, newest first")

    restore = sub.add_parser("restore", help="replace the inspection with one of its backups")
    restore.add_argument("backup", type=Path)
    restore.add_argument("file", type=Path)

    rekey = sub.add_parser("change-passphrase", help="re-encrypt the file under a new passphrase")
    rekey.add_argument("file", type=Path)
    rekey.add_argument("--new-passphrase-file", required=True)

    from desktop.headquarters import add_commands as add_headquarters_commands

    add_headquarters_commands(sub)  # publish, national

    from desktop.exchange_cli import add_commands as add_exchange_commands

    add_exchange_commands(sub)  # identity, team, allocate, export-fieldwork, ..., moderate, agreement
    return parser


class Cli:
    """Runs one parsed command; every service call goes through InspectionService."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.actor = args.actor or default_actor()
        self.unlocker = Unlocker(KeyStore(), args.passphrase_file, terminal_prompt())

    def open(self, path: Path) -> InspectionService:
        key = self.unlocker.key(path)
        service = InspectionService.open(path, actor=self.actor, key_hex=key)
        self.unlocker.remember(path, key)
        return service

    def new_passphrase(self) -> str:
        if self.args.generate_passphrase:
            code = generate_recovery_code()
            print(f"Recovery passphrase (shown once; write it down and keep it apart from the laptop):\n  {code}")
            return code
        passphrase = self.unlocker.explicit_passphrase()
        if passphrase is None:
            prompt = terminal_prompt()
            if prompt is None:
                raise FieldworkError("Choose a passphrase: --passphrase-file, FIELDWORK_PASSPHRASE, "
                                     "or --generate-passphrase.")
            passphrase = prompt("New passphrase: ")
            if prompt("Repeat passphrase: ") != passphrase:
                raise FieldworkError("The two passphrases differ; nothing was created.")
        problem = passphrase_problem(passphrase)
        if problem:
            raise FieldworkError(problem)
        return passphrase

    def run(self) -> int:
        command = self.args.command.replace("-", "_")
        from desktop.exchange_cli import COMMANDS as EXCHANGE_COMMANDS

        if command in EXCHANGE_COMMANDS:  # team work offline (issue 4)
            return EXCHANGE_COMMANDS[command](self)
        return getattr(self, f"cmd_{command}")()

    def cmd_new(self) -> int:
        framework = load_framework(self.args.framework)
        passphrase = self.new_passphrase()
        service = InspectionService.create(self.args.file, passphrase, force_name=self.args.force, actor=self.actor,
                                           framework=framework, force_term=self.args.force_term,
                                           chief_officer=self.args.chief_officer)
        self.unlocker.remember(self.args.file, service.db.key_hex)
        service.close()
        print(f"Created {self.args.file} for {self.args.force} ({framework.name}).")
        return EXIT_OK

    def cmd_import_sample(self) -> int:
        with self.open(self.args.file) as service:
            summary = service.import_sample(self.args.source)
        print(f"Imported {summary.added} cases from {summary.file}.")
        return EXIT_OK

    def cmd_import_grades(self) -> int:
        with self.open(self.args.file) as service:
            summary = service.import_gradings(self.args.source)
        print(f"Imported gradings from {summary.file}: {summary.added} new, {summary.updated} updated, "
              f"{summary.referrals_raised} referral(s) raised.")
        return EXIT_OK

    def cmd_tables(self) -> int:
        if self.args.format in ("pdf", "docx", "xlsx"):
            from desktop.documents import export_tables

            return export_tables(self)
        with self.open(self.args.file) as service:
            report = build_report(service.tally())
        render = {"text": to_text, "csv": to_csv, "json": to_json}[self.args.format]
        emit(render(report), self.args.output)
        return EXIT_OK

    def cmd_letters(self) -> int:
        from desktop.documents import export_letters

        return export_letters(self)

    def cmd_evidence(self) -> int:
        from desktop.documents import export_evidence

        return export_evidence(self)

    def cmd_demo(self) -> int:
        passphrase = self.unlocker.explicit_passphrase() or DEMO_PASSPHRASE
        service = create_demo(self.args.file, passphrase, actor=self.actor)
        self.unlocker.remember(self.args.file, service.db.key_hex)
        service.close()
        print(f"Created the demo inspection {self.args.file}.")
        return EXIT_OK

    def cmd_verify_audit(self) -> int:
        with self.open(self.args.file) as service:
            verdict = service.verify_audit()
        if verdict.ok:
            print(f"Audit log intact: {verdict.events} events, hash chain verified.")
            return EXIT_OK
        for problem in verdict.problems:
            print(f"audit: {problem}", file=sys.stderr)
        print(f"Audit log FAILED verification ({len(verdict.problems)} problem(s)).", file=sys.stderr)
        return EXIT_BAD_INPUT

    def cmd_backup(self) -> int:
        from models.backups import list_backups, take_backup

        if self.args.list:
            for backup in list_backups(self.args.file):
                print(f"{backup.taken:%Y-%m-%d %H:%M:%S} UTC  {backup.reason:<24} {backup.path}")
            return EXIT_OK
        with self.open(self.args.file) as service:
            target = take_backup(service.db, "manual")
        print(f"Backup written: {target}")
        return EXIT_OK

    def cmd_restore(self) -> int:
        from models.backups import restore_backup

        key = self.unlocker.key(self.args.backup)
        safety = restore_backup(self.args.backup, self.args.file, key)
        kept = f" The previous state was kept as {safety}." if safety else ""
        print(f"Restored {self.args.file} from {self.args.backup}.{kept}")
        return EXIT_OK

    def cmd_publish(self) -> int:
        from desktop.headquarters import cmd_publish

        return cmd_publish(self)

    def cmd_national(self) -> int:
        from desktop.headquarters import cmd_national

        return cmd_national(self)

    def cmd_change_passphrase(self) -> int:
        from desktop.secrets import read_passphrase_file

        key = self.unlocker.key(self.args.file)
        new = read_passphrase_file(self.args.new_passphrase_file)
        problem = passphrase_problem(new)
        if problem:
            raise FieldworkError(problem)
        self.unlocker.store.forget(self.args.file)
        new_key = change_passphrase(self.args.file, key, new)
        self.unlocker.remember(self.args.file, new_key)
        print(f"Passphrase of {self.args.file} changed.")
        return EXIT_OK


def emit(output: str, target: Path | None) -> None:
    """A command's text result: to the named file (written atomically), else to standard output."""
    if target:
        write_atomically(target, output)
        print(f"Wrote {target}.")
    else:
        sys.stdout.write(output)


def report_known_error(error: FieldworkError) -> None:
    if isinstance(error, ImportRejected):
        for problem in error.problems:
            print(problem.describe(), file=sys.stderr)
        print(f"Nothing was imported ({len(error.problems)} problem(s)).", file=sys.stderr)
    else:
        print(f"fieldwork: {error}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in GUI_FLAGS or argv[0] in ("--version",):
        from desktop.app import run_app

        return run_app(argv)
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_usage(sys.stderr)
        return EXIT_USAGE
    try:
        return Cli(args).run()
    except FieldworkError as error:
        report_known_error(error)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("fieldwork: interrupted; nothing half-done was kept.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: one line for the user, details only on request
        if os.environ.get("FIELDWORK_DEBUG"):
            traceback.print_exc()
        print(f"fieldwork: unexpected error ({type(error).__name__}); this is a bug. "
              "Run with FIELDWORK_DEBUG=1 for details.", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
