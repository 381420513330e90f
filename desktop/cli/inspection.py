"""Commands on one inspection file: create, dates, import, topic grades, force judgements and evidence, the force's
responses, tables, demo, audit, backups, passphrase."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.base import EXIT_BAD_INPUT, EXIT_OK, Cli, Command, day, emit, period
from desktop.cli.imports import cmd_import_grades, cmd_import_sample, import_arguments
from models.errors import FieldworkError

if TYPE_CHECKING:
    from models.inspection.services import InspectionService


def _new_arguments(new: argparse.ArgumentParser) -> None:
    from models.inspection.framework import DEFAULT_FRAMEWORK, available_frameworks
    from models.inspection.services import FORCE_TERMS

    new.add_argument("file", type=Path)
    new.add_argument("--force", required=True, help='force name, e.g. "Gloucestershire Constabulary"')
    new.add_argument("--framework", default=DEFAULT_FRAMEWORK,
                     help=f"framework key ({', '.join(available_frameworks())}) or a .toml path")
    new.add_argument("--force-term", choices=FORCE_TERMS, default="force",
                     help="how the report names the force: 'constabulary' or 'force'")
    new.add_argument("--chief-officer", default="", help="default addressee of referral letters")
    new.add_argument("--dates", type=period, metavar="START:END",
                     help="first and last day of fieldwork on site, e.g. 2017-02-06:2017-02-17 (the report's year)")
    new.add_argument("--generate-passphrase", action="store_true",
                     help="generate a recovery-code passphrase and show it once")


def cmd_new(cli: Cli) -> int:
    from models.inspection.framework import load_framework
    from models.inspection.services import InspectionService, check_dates

    args = cli.args
    framework = load_framework(args.framework)
    if args.dates:
        check_dates(*args.dates)  # before a passphrase is asked for or shown
    passphrase = cli.new_passphrase()
    service = InspectionService.create(args.file, passphrase, force_name=args.force, actor=cli.actor,
                                       framework=framework, force_term=args.force_term,
                                       chief_officer=args.chief_officer, dates=args.dates)
    cli.unlocker.remember(args.file, service.key_hex)
    service.close()
    when = f", fieldwork {args.dates[0]} to {args.dates[1]}" if args.dates else ""
    print(f"Created {args.file} for {args.force} ({framework.name}{when}).")
    return EXIT_OK


def _dates_arguments(dates: argparse.ArgumentParser) -> None:
    dates.add_argument("file", type=Path)
    dates.add_argument("dates", nargs="?", type=period, metavar="START:END",
                       help="first and last day of fieldwork on site, e.g. 2017-02-06:2017-02-17")
    dates.add_argument("--clear", action="store_true", help="forget the dates (the year is then the file's)")


def cmd_dates(cli: Cli) -> int:
    args = cli.args
    if args.dates and args.clear:
        raise FieldworkError("Give the dates or --clear, not both.")
    with cli.open(args.file) as service:
        if args.dates or args.clear:
            start, end = args.dates or (None, None)
            service.set_dates(start, end)
        info = service.info()
    if info.start_date and info.end_date:
        print(f"Fieldwork on site {info.start_date} to {info.end_date}; the inspection's year is {info.year}.")
    else:
        print(f"No fieldwork dates recorded; the inspection's year is {info.year}, the year the file was made.")
    return EXIT_OK


def _grade_or_clear(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("grade", nargs="?", help="a grade of the framework, e.g. Good, RI, Inadequate")
    cmd.add_argument("--clear", action="store_true", help="remove the grade")


def _chosen_grade(cli: Cli, service: InspectionService) -> str | None:
    """The grade the command line gives, or None for --clear; neither or both is refused."""
    grades = ", ".join(g.label for g in service.framework.grades)
    if cli.args.clear == bool(cli.args.grade):
        raise FieldworkError(f"Give a grade ({grades}) or --clear." if not cli.args.clear
                             else "Give a grade or --clear, not both.")
    return None if cli.args.clear else cli.args.grade


def _area(service: InspectionService, text: str, graded: bool) -> str:
    """The key of the topic named by key or label; an unknown one is refused with the framework's topics."""
    framework = service.framework
    topics = framework.graded_areas if graded else framework.judged_areas
    what = "grades no topic of a case" if graded else "judges no topic for the whole force"
    if not topics:
        raise FieldworkError(f"{framework.name} {what}.")
    key = framework.match_area(text)
    if key is None or key not in {a.key for a in topics}:
        kind = "graded topic" if graded else "topic judged for the whole force"
        raise FieldworkError(f"'{text}' is not a {kind} of {framework.name}; "
                             f"expected one of: {', '.join(a.label for a in topics)}.")
    return key


def _label(service: InspectionService, grade: str | None, absent: str) -> str:
    return service.framework.grade(grade).label if grade else absent


def _topic_grade_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("case_ref", metavar="REF")
    cmd.add_argument("area", metavar="TOPIC", help='a graded topic, by key or label, e.g. "Leadership"')
    _grade_or_clear(cmd)
    cmd.add_argument("--inspector", help="whose grade it is (default: you, as --as or the laptop names you)")


def cmd_topic_grade(cli: Cli) -> int:
    args = cli.args
    inspector = (args.inspector or cli.actor).strip()
    with cli.open(args.file) as service:
        area = _area(service, args.area, graded=True)
        grade = _chosen_grade(cli, service)
        before = service.set_topic_grade(args.case_ref, inspector, area, grade)
        key = service.check_grade(grade)
        label = service.framework.area(area).label
        print(f"{args.case_ref}: {inspector}'s {label} grade is {_label(service, key, 'cleared')} "
              f"(was {_label(service, before, 'not graded')}).")
    return EXIT_OK


def _judge_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("area", metavar="TOPIC", help='a topic judged for the whole force, e.g. "Leadership"')
    _grade_or_clear(cmd)


def cmd_judge(cli: Cli) -> int:
    with cli.open(cli.args.file) as service:
        area = _area(service, cli.args.area, graded=False)
        grade = _chosen_grade(cli, service)
        before = service.set_force_judgement(area, grade)
        key = service.check_grade(grade)
        print(f"{service.framework.area(area).label}: the force's judgement is "
              f"{_label(service, key, 'cleared')} (was {_label(service, before, 'not yet judged')}).")
    return EXIT_OK


def _force_evidence_arguments(cmd: argparse.ArgumentParser) -> None:
    from models.inspection.services import EVIDENCE_SOURCES

    cmd.add_argument("file", type=Path)
    cmd.add_argument("area", metavar="TOPIC", help='a topic judged for the whole force, e.g. "Leadership"')
    cmd.add_argument("text", nargs="+", metavar="TEXT", help="the evidence, as one quoted argument or several words")
    cmd.add_argument("--source", required=True, choices=EVIDENCE_SOURCES, help="where the evidence comes from")


def cmd_force_evidence(cli: Cli) -> int:
    args = cli.args
    with cli.open(args.file) as service:
        area = _area(service, args.area, graded=False)
        number = service.add_force_evidence(area, args.source, " ".join(args.text))
        label = service.framework.area(area).label
    print(f"Evidence #{number} ({args.source}) recorded for {label}.")
    return EXIT_OK


def cmd_judgements(cli: Cli) -> int:
    with cli.open(cli.args.file) as service:
        framework = service.framework
        if not framework.judged_areas:
            raise FieldworkError(f"{framework.name} judges no topic for the whole force.")
        for judgement in service.force_judgements():
            print(f"{judgement.label}: {_label(service, judgement.grade, 'not yet judged')}")
            for e in judgement.evidence:
                print(f"  #{e.id} {e.source}, {e.recorded_by}, {e.updated_at:%Y-%m-%d}: {e.text}")
    return EXIT_OK


def _respond_arguments(cmd: argparse.ArgumentParser) -> None:
    from models.inspection.services import RESPONSE_KINDS

    cmd.add_argument("file", type=Path)
    cmd.add_argument("case_ref", metavar="REF")
    cmd.add_argument("text", nargs="+", metavar="TEXT", help="what the force answered, as one quoted argument or several words")
    cmd.add_argument("--kind", required=True, choices=RESPONSE_KINDS, help="what the force did")
    cmd.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="the day the response came, YYYY-MM-DD (default today)")


def cmd_respond(cli: Cli) -> int:
    args = cli.args
    text = " ".join(args.text).strip()
    if not text:
        raise FieldworkError("The force's response is empty; say what the force answered.")
    with cli.open(args.file) as service:
        view = service.record_force_response(args.case_ref, args.kind, text, args.on)
    print(f"{view.case_ref}: the force's response ({view.response_kind}, {view.responded_on}) is recorded; "
          f"the referral's status is now {view.status}.")
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
    Command("dates", "show or set the fieldwork dates (START:END), which give the report its year", _dates_arguments,
            cmd_dates),
    Command("import-sample", "import the force's case sample (CSV or XLSX)", import_arguments, cmd_import_sample),
    Command("import-grades", "import gradings (CSV or XLSX)", import_arguments, cmd_import_grades),
    Command("topic-grade", "record an inspector's grade for one topic of a case", _topic_grade_arguments,
            cmd_topic_grade),
    Command("judge", "record the force's grade for one topic across the whole force", _judge_arguments, cmd_judge),
    Command("force-evidence", "add evidence for a force judgement (interview, document...)",
            _force_evidence_arguments, cmd_force_evidence),
    Command("judgements", "list the force judgements and their evidence", _file_only, cmd_judgements),
    Command("respond", "record the force's response to a referral", _respond_arguments, cmd_respond),
    Command("tables", "print or write the report tables", _tables_arguments, cmd_tables),
    Command("demo", "create the demo inspection (synthetic data; reproduces the 2017 report)", _file_only, cmd_demo),
    Command("verify-audit", "check the audit log's hash chain", _file_only, cmd_verify_audit),
    Command("backup", "write an encrypted backup now, or list backups with --list", _backup_arguments, cmd_backup),
    Command("restore", "replace the inspection with one of its backups", _restore_arguments, cmd_restore),
    Command("change-passphrase", "re-encrypt the file under a new passphrase", _rekey_arguments,
            cmd_change_passphrase),
)
