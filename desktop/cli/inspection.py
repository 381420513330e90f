"""Commands on one inspection file: create, import, tables, demo, audit, backups, passphrase."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.base import EXIT_BAD_INPUT, EXIT_OK, Cli, Command, emit
from models.errors import FieldworkError


def _new_arguments(new: argparse.ArgumentParser) -> None:
    from models.inspection.framework import available_frameworks
    from models.inspection.services import FORCE_TERMS

    new.add_argument("file", type=Path)
    new.add_argument("--force", required=True, help='force name, e.g. "Gloucestershire Constabulary"')
    new.add_argument("--framework", default="ncpi-2017",
                     help=f"framework key ({', '.join(available_frameworks())}) or a .toml path")
    new.add_argument("--force-term", choices=FORCE_TERMS, default="force",
                     help="how the report names the force: 'constabulary' or 'force'")
    new.add_argument("--chief-officer", default="", help="default addressee of referral letters")
    new.add_argument("--generate-passphrase", action="store_true",
                     help="generate a recovery-code passphrase and show it once")


def cmd_new(cli: Cli) -> int:
    from models.inspection.framework import load_framework
    from models.inspection.services import InspectionService

    args = cli.args
    framework = load_framework(args.framework)
    passphrase = cli.new_passphrase()
    service = InspectionService.create(args.file, passphrase, force_name=args.force, actor=cli.actor,
                                       framework=framework, force_term=args.force_term,
                                       chief_officer=args.chief_officer)
    cli.unlocker.remember(args.file, service.key_hex)
    service.close()
    print(f"Created {args.file} for {args.force} ({framework.name}).")
    return EXIT_OK


def _file_and_source(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("source", type=Path)


def cmd_import_sample(cli: Cli) -> int:
    with cli.open(cli.args.file) as service:
        summary = service.import_sample(cli.args.source)
    print(f"Imported {summary.added} cases from {summary.file}.")
    return EXIT_OK


def cmd_import_grades(cli: Cli) -> int:
    with cli.open(cli.args.file) as service:
        summary = service.import_gradings(cli.args.source)
    print(f"Imported gradings from {summary.file}: {summary.added} new, {summary.updated} updated, "
          f"{summary.referrals_raised} referral(s) raised.")
    return EXIT_OK


def _tables_arguments(tables: argparse.ArgumentParser) -> None:
    tables.add_argument("file", type=Path)
    tables.add_argument("--format", choices=("text", "csv", "json", "pdf", "docx", "xlsx"), default="text",
                        help="pdf, docx and xlsx need -o")
    tables.add_argument("-o", "--output", type=Path)
    tables.add_argument("--marking", default=None, help='protective marking line (default "OFFICIAL")')


def cmd_tables(cli: Cli) -> int:
    if cli.args.format in ("pdf", "docx", "xlsx"):
        from desktop.cli.documents import export_tables

        return export_tables(cli)
    from exports.report import build_report, to_csv, to_json, to_text

    with cli.open(cli.args.file) as service:
        report = build_report(service.tally())
    render = {"text": to_text, "csv": to_csv, "json": to_json}[cli.args.format]
    emit(render(report), cli.args.output)
    return EXIT_OK


def _file_only(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)


def cmd_demo(cli: Cli) -> int:
    from models.inspection.demo import DEMO_PASSPHRASE, create_demo

    passphrase = cli.unlocker.explicit_passphrase() or DEMO_PASSPHRASE
    service = create_demo(cli.args.file, passphrase, actor=cli.actor)
    cli.unlocker.remember(cli.args.file, service.key_hex)
    service.close()
    print(f"Created the demo inspection {cli.args.file}.")
    return EXIT_OK


def cmd_verify_audit(cli: Cli) -> int:
    with cli.open(cli.args.file) as service:
        service.verify_file()  # every page first: a damaged file is named as such, with the backup to restore
        verdict = service.verify_audit()
    if verdict.ok:
        print(f"Audit log intact: {verdict.events} events, hash chain verified.")
        return EXIT_OK
    for problem in verdict.problems:
        print(f"audit: {problem}", file=sys.stderr)
    print(f"Audit log FAILED verification ({len(verdict.problems)} problem(s)).", file=sys.stderr)
    return EXIT_BAD_INPUT


def _backup_arguments(backup: argparse.ArgumentParser) -> None:
    backup.add_argument("file", type=Path)
    backup.add_argument("--list", action="store_true", help="list the backups, newest first")


def cmd_backup(cli: Cli) -> int:
    from models.inspection.backups import list_backups

    if cli.args.list:
        for backup in list_backups(cli.args.file):
            print(f"{backup.taken:%Y-%m-%d %H:%M:%S} UTC  {backup.reason:<24} {backup.path}")
        return EXIT_OK
    with cli.open(cli.args.file) as service:
        target = service.back_up("manual")
    print(f"Backup written: {target}")
    return EXIT_OK


def _restore_arguments(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("backup", type=Path)
    restore.add_argument("file", type=Path)


def cmd_restore(cli: Cli) -> int:
    from models.inspection.backups import restore_backup

    key = cli.unlocker.key(cli.args.backup)
    safety = restore_backup(cli.args.backup, cli.args.file, key)
    kept = f" The previous state was kept as {safety}." if safety else ""
    print(f"Restored {cli.args.file} from {cli.args.backup}.{kept}")
    return EXIT_OK


def _rekey_arguments(rekey: argparse.ArgumentParser) -> None:
    rekey.add_argument("file", type=Path)
    rekey.add_argument("--new-passphrase-file", required=True)


def cmd_change_passphrase(cli: Cli) -> int:
    from desktop.laptop.passphrases import passphrase_problem
    from desktop.laptop.secrets import forget_secret, read_passphrase_file
    from models.inspection.database import change_passphrase, finish_interrupted

    finish_interrupted(cli.args.file)
    key = cli.unlocker.key(cli.args.file)
    new = read_passphrase_file(cli.args.new_passphrase_file)
    problem = passphrase_problem(new)
    if problem:
        raise FieldworkError(problem)
    old_entry = cli.unlocker.store.name(cli.args.file)
    done = change_passphrase(cli.args.file, key, new)
    forget_secret(old_entry)
    cli.unlocker.remember(cli.args.file, done.key_hex)
    print(f"Passphrase of {cli.args.file} changed, and of its {len(done.backups)} backup(s) with it.")
    if done.left:
        print(f"{len(done.left)} older backup(s) did not open with the old passphrase (an earlier one, from before "
              "backups were re-keyed with the file) and were left as they were:", file=sys.stderr)
        for path in done.left:
            print(f"  {path}", file=sys.stderr)
    return EXIT_OK


COMMANDS = (
    Command("new", "create a new encrypted inspection file", _new_arguments, cmd_new),
    Command("import-sample", "import the force's case sample (CSV or XLSX)", _file_and_source, cmd_import_sample),
    Command("import-grades", "import gradings (CSV or XLSX)", _file_and_source, cmd_import_grades),
    Command("tables", "print or write the report tables", _tables_arguments, cmd_tables),
    Command("demo", "create the demo inspection (synthetic data; reproduces the 2017 report)", _file_only, cmd_demo),
    Command("verify-audit", "check the audit log's hash chain", _file_only, cmd_verify_audit),
    Command("backup", "write an encrypted backup now, or list backups with --list", _backup_arguments, cmd_backup),
    Command("restore", "replace the inspection with one of its backups", _restore_arguments, cmd_restore),
    Command("change-passphrase", "re-encrypt the file under a new passphrase", _rekey_arguments,
            cmd_change_passphrase),
)
