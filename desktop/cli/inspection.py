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
from models.untrusted import printable

if TYPE_CHECKING:
    from models.inspection.framework import Framework
    from models.inspection.records import FollowUpBasis, ReferralView
    from models.inspection.services import InspectionService


def _new_arguments(new: argparse.ArgumentParser) -> None:
    from models.inspection.framework import DEFAULT_FRAMEWORK, available_frameworks
    from models.inspection.records import FORCE_TERMS

    new.add_argument("file", type=Path)
    new.add_argument("--force", required=True, help='force name, e.g. "Gloucestershire Constabulary"')
    new.add_argument("--framework", default=DEFAULT_FRAMEWORK,
                     help=f"framework key ({', '.join(available_frameworks())}) or a .toml path")
    new.add_argument("--force-term", choices=FORCE_TERMS, default="force",
                     help="how the report names the force: 'constabulary' or 'force'")
    new.add_argument("--chief-officer", default="", metavar="TITLE",
                     help="the title of the letters' addressee, e.g. 'Assistant Chief Constable'")
    new.add_argument("--addressee-name", default="", metavar="NAME", help="the letters' addressee by name")
    new.add_argument("--dates", type=period, metavar="START:END",
                     help="first and last day of fieldwork on site, e.g. 2017-02-06:2017-02-17 (the report's year)")
    new.add_argument("--generate-passphrase", action="store_true",
                     help="generate a recovery-code passphrase and show it once")
    new.add_argument("--follows", type=Path, metavar="EARLIER.fieldwork",
                     help="the inspection this one follows up: its settled counts are kept for comparison")


def _basis(cli: Cli, earlier: Path) -> FollowUpBasis:
    """What a follow-up keeps of the earlier inspection, read with the usual unlocking."""
    from models.inspection.followup import basis_of

    with cli.open(earlier) as service:
        return basis_of(service)


def _describe_basis(basis: FollowUpBasis, force: str, grade_keys: tuple[str, ...]) -> list[str]:
    notes = [f"It follows up the {basis.year} inspection of {basis.force_name} ({basis.framework_name}): "
             f"{basis.examined} cases, {sum(basis.grades)} with a settled grade, {basis.referred} referred back."]
    if basis.force_name != force:
        notes.append(f"Note: that inspection was of {basis.force_name}, not {force}.")
    if basis.provisional:
        notes.append("Note: its tables were still provisional; the comparison uses the grades settled then.")
    if basis.grade_keys != grade_keys:
        notes.append("Note: it graded on another scale, so the report will say so rather than compare grades.")
    return notes


def cmd_new(cli: Cli) -> int:
    from models.inspection.framework import load_framework
    from models.inspection.services import InspectionService, check_dates

    args = cli.args
    framework = load_framework(args.framework)
    if args.dates:
        check_dates(*args.dates)  # before a passphrase is asked for or shown
    basis = _basis(cli, args.follows) if args.follows else None
    passphrase = cli.new_passphrase()
    service = InspectionService.create(args.file, passphrase, force_name=args.force, actor=cli.actor,
                                       framework=framework, force_term=args.force_term,
                                       chief_officer=args.chief_officer, dates=args.dates,
                                       addressee_name=args.addressee_name, follows=basis)
    cli.unlocker.remember(args.file, service.key_hex)
    service.close()
    when = f", fieldwork {args.dates[0]} to {args.dates[1]}" if args.dates else ""
    print(f"Created {args.file} for {args.force} ({framework.name}{when}).")
    if basis:
        print("\n".join(_describe_basis(basis, args.force.strip(), framework.grade_keys)))
    return EXIT_OK


def _follows_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("earlier", nargs="?", type=Path, metavar="EARLIER.fieldwork",
                     help="the inspection this one follows up (its counts are taken now)")
    cmd.add_argument("--clear", action="store_true", help="this inspection follows none")


def cmd_follows(cli: Cli) -> int:
    args = cli.args
    if args.earlier and args.clear:
        raise FieldworkError("Give the earlier inspection or --clear, not both.")
    basis = _basis(cli, args.earlier) if args.earlier else None
    info, framework = cli.info_after(args.file, (lambda service: service.set_follows(basis))
                                     if args.earlier or args.clear else None)
    if info.follows is None:
        print("This inspection follows up no earlier one.")
    else:
        print("\n".join(_describe_basis(info.follows, info.force_name, framework.grade_keys)))
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
    start, end = args.dates or (None, None)
    info, _ = cli.info_after(args.file, (lambda service: service.set_dates(start, end))
                             if args.dates or args.clear else None)
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
    from models.inspection.records import EVIDENCE_SOURCES

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


def _outcome_option(cmd: argparse.ArgumentParser, required: bool) -> None:
    from models.inspection.records import RESPONSE_KINDS

    cmd.add_argument("--kind", "--outcome", dest="kind", required=required, choices=RESPONSE_KINDS,
                     help="what the force did (the response's outcome)")


def _respond_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("case_ref", metavar="REF")
    cmd.add_argument("text", nargs="+", metavar="TEXT", help="what the force answered, as one quoted argument or several words")
    _outcome_option(cmd, required=True)
    cmd.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="the day the response came, YYYY-MM-DD (default today)")


def _response_text(text: str) -> str:
    if not text.strip():
        raise FieldworkError("The force's response is empty; say what the force answered.")
    return text.strip()


def cmd_respond(cli: Cli) -> int:
    args = cli.args
    text = _response_text(" ".join(args.text))
    with cli.open(args.file) as service:
        view = service.record_force_response(args.case_ref, args.kind, text, args.on)
    print(f"{view.case_ref}: the force's response ({view.response_kind}, {view.responded_on}) is recorded; "
          f"the referral's status is now {view.status}.")
    return EXIT_OK


REFERRAL_ACTIONS = ("list", "raise", "edit", "respond", "close", "withdraw")


def _referrals_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("action", nargs="?", choices=REFERRAL_ACTIONS, default="list",
                     help="list (the default), raise, edit, respond, close or withdraw")
    cmd.add_argument("case_ref", nargs="?", metavar="REF", help="the case (every action but list)")
    cmd.add_argument("--reason", help="raise, edit: the framework's referral reason; withdraw: why it is withdrawn")
    cmd.add_argument("--summary", help="raise, edit: the concern the referral is about")
    _outcome_option(cmd, required=False)
    cmd.add_argument("--note", help="respond: what the force answered")
    cmd.add_argument("--on", type=day, metavar="YYYY-MM-DD",
                     help="the day it happened (raised, answered, closed or withdrawn), default today")


def _referral_line(framework: Framework, r: ReferralView) -> str:
    reasons = {x.key: x.label for x in framework.referral_reasons}
    parts = [f"raised {r.raised_on} by {r.raised_by}"]
    if r.letter_sent_on:
        parts.append(f"letter sent {r.letter_sent_on}" + (f", reply due {r.due_on}" if r.due_on else ""))
    if r.responded_on:
        parts.append(f"answered {r.responded_on} ({r.response_kind})")
    if r.closed_on:
        parts.append(f"closed {r.closed_on}")
    if r.withdrawn_on:
        parts.append(f"withdrawn {r.withdrawn_on}: {r.withdrawn_reason}")
    reason = reasons.get(r.reason) or "NO REASON GIVEN"
    return f"{r.case_ref:<14} {r.status:<12} {reason}; " + "; ".join(parts)


def cmd_referrals(cli: Cli) -> int:
    args = cli.args
    if args.action != "list" and not args.case_ref:
        raise FieldworkError(f"referrals {args.action} needs the case reference.")
    if args.action != "respond" and (args.note is not None or args.kind):
        raise FieldworkError("--outcome and --note belong to referrals respond.")
    if args.action == "list":  # plain SQL on the unlocked file: a listing never loads the service layer
        from models.inspection.reads import framework_of, referrals

        with cli.open_file(args.file) as db, db.reading() as connection:
            framework = framework_of(connection, db.path.name)
            views = referrals(connection)
        for view in views:
            print(_referral_line(framework, view))
        active = sum(v.active for v in views)
        print(f"{active} referral(s)" + (f", {len(views) - active} withdrawn" if len(views) > active else "") + ".")
        return EXIT_OK
    with cli.open(args.file) as service:
        ref = args.case_ref
        if args.action == "raise":
            if not args.reason or not args.summary:
                raise FieldworkError("referrals raise needs --reason (the framework's) and --summary (the concern).")
            view = service.raise_referral(ref, args.reason, args.summary, args.on)
        elif args.action == "edit":
            if args.reason is None and args.summary is None and args.on is None:
                raise FieldworkError("referrals edit needs --reason, --summary or --on.")
            view = service.edit_referral(ref, reason=args.reason, summary=args.summary, raised_on=args.on)
        elif args.action == "respond":
            if not args.kind or args.note is None:
                raise FieldworkError("referrals respond needs --outcome (updated-assessment or action-taken) and "
                                     "--note (what the force answered).")
            view = service.record_force_response(ref, args.kind, _response_text(args.note), args.on)
        elif args.action == "close":
            view = service.close_referral(ref, args.on)
        else:
            if not args.reason:
                raise FieldworkError("referrals withdraw needs --reason: why the referral is withdrawn.")
            view = service.withdraw_referral(ref, args.reason, args.on)
        print(_referral_line(service.framework, view))
    return EXIT_OK


def _addressee_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--name", help='the chief officer lead\'s name, e.g. "Jane Smith"')
    cmd.add_argument("--title", help='their title, e.g. "Assistant Chief Constable"')


def cmd_addressee(cli: Cli) -> int:
    args = cli.args
    info, _ = cli.info_after(args.file, (lambda service: service.set_addressee(args.name, args.title))
                             if args.name is not None or args.title is not None else None)
    print(f"Letters go to: {info.addressee_name or '(no name)'}, {info.chief_officer or '(no title)'}, "
          f"{info.force_name}.")
    return EXIT_OK


def _purge_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--package", type=Path, action="append", default=[], metavar="PKG",
                     help="a package file of this inspection to remove too (repeat for several)")
    cmd.add_argument("--yes", action="store_true", help="remove without asking (scripts)")


def cmd_purge(cli: Cli) -> int:
    """Finish the inspection on this laptop: its file, WAL and shared memory, backups, archived packages and
    keyring entry, after a confirmation; prints what it removed."""
    from desktop.laptop.settings import Settings
    from models.inspection.purge import purge, purge_plan

    args = cli.args
    plan = purge_plan(args.file, tuple(args.package))
    print(f"Purging {plan.inspection} removes, for good:")
    print(f"  the inspection file and {len(plan.files) - 1} file(s) beside it (its received packages are "
          "archived inside it)")
    if plan.backups:
        print(f"  its backups folder {plan.backups} ({len(plan.backup_files)} file(s))")
    for package in plan.packages:
        print(f"  the package {package}")
    print("  its key in this laptop's OS keyring, and its place in the recent files")
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise FieldworkError("Nothing was removed: confirm with --yes (no terminal to ask at).")
        if input(f"Type {plan.inspection.name} to purge it: ").strip() != plan.inspection.name:
            print("Nothing was removed.")
            return EXIT_OK
    removed = purge(plan)
    for path in removed:
        print(f"Removed {path}")
    if cli.unlocker.store.forget_salt(plan.salt):
        print("Removed its key from the OS keyring.")
    if Settings().forget_recent(plan.inspection):
        print("Removed it from the recent files.")
    print(f"{plan.inspection.name} is purged from this laptop: {len(removed)} file(s) and folder(s) removed.")
    return EXIT_OK


def _redact_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--yes", action="store_true", help="redact without asking (scripts)")
    cmd.add_argument("--remove-backups", action="store_true",
                     help="also remove the backups taken before the redaction, which still hold the texts")


def cmd_redact(cli: Cli) -> int:
    """A final report keeps only what it and the audit need: notes, concern and query texts become a marker."""
    from models.inspection.backups import list_backups
    from models.inspection.purge import remove_backups
    from models.inspection.redaction import MARKER

    args = cli.args
    with cli.open(args.file) as service:
        if service.final_mark() is None:
            raise FieldworkError(f"{args.file.name} is not final: the lead marks it with `fieldwork final "
                                 f"{args.file}` first. Nothing was changed.")
        print(f"Redacting {args.file.name} replaces, for good, every evidence note, concern summary, referral "
              f"summary and query text and answer with \"{MARKER}\": in its tables, in the audit events that "
              "carried them and in its merge records (archived packages are emptied). A SHA-256 of each text "
              "stays in the audit, and the report's tables and sentences do not change.")
        if not args.yes:
            if not sys.stdin or not sys.stdin.isatty():
                raise FieldworkError("Nothing was redacted: confirm with --yes (no terminal to ask at).")
            if input("Type redact to go on: ").strip().lower() != "redact":
                print("Nothing was redacted.")
                return EXIT_OK
        result = service.redact_texts()
        signed = service.holds_cards()
    print(f"Redacted {result.texts} text(s), {result.events} audit event(s) and {result.merge_records} merge "
          "record(s); the audit chain still verifies (fieldwork verify-audit).")
    if signed and result.events:
        print(f"Sign the history with the lead's identity (`fieldwork sign-history {args.file}`) so the redaction "
              "is signed like the rest of it.")
    backups = list_backups(args.file)
    if not backups:
        return EXIT_OK
    print(f"{len(backups)} backup(s) taken before the redaction still hold the texts:")
    for backup in backups:
        print(f"  {backup.path}")
    remove = args.remove_backups
    if not remove and sys.stdin and sys.stdin.isatty():
        remove = input("Remove them now? [y/N] ").strip().lower() in ("y", "yes")
    if not remove:
        print(f"They were kept. Remove them with `fieldwork redact {args.file} --remove-backups --yes`, or "
              "the whole inspection with `fieldwork purge` when its data is to go.")
        return EXIT_OK
    for path in remove_backups(args.file):
        print(f"Removed {path}")
    return EXIT_OK


def _retention_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("until", nargs="?", type=day, metavar="YYYY-MM-DD",
                     help="the day after which the inspection's data should be purged")
    cmd.add_argument("--clear", action="store_true", help="remove the retention date")


def cmd_retention(cli: Cli) -> int:
    args = cli.args
    if args.until and args.clear:
        raise FieldworkError("Give the date or --clear, not both.")
    info, _ = cli.info_after(args.file, (lambda service: service.set_retention(None if args.clear else args.until))
                             if args.until or args.clear else None, remind=False)
    print(f"Keep until {info.retain_until}; then finish it with `fieldwork purge`." if info.retain_until
          else "No retention date is set.")
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
    from models.inspection.tally import file_tally

    # Plain SQL on the unlocked file: the text, CSV and JSON tables never load the service layer or the ORM.
    with cli.open_file(cli.args.file) as db, db.reading() as connection:
        tally = file_tally(connection, db.path.name)
    report = build_report(tally)
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
    from models.team.signatures import inspection_signatures

    with cli.open(cli.args.file) as service:
        service.verify_file()  # every page first: a damaged file is named as such, with the backup to restore
        verdict = service.verify_audit()
        signatures = inspection_signatures(service)
    problems = [*verdict.problems, *signatures.problems]
    if not problems:
        print(f"Audit log intact: {verdict.events} events, hash chain verified.")
        if verdict.redacted:
            print(f"{verdict.redacted} event(s) had their texts redacted after the report was final; each is "
                  "vouched for by the redact event recorded after it (a hash of the original is kept).")
        if signatures.signed_through:
            print(f"Signed by {', '.join(printable(name) for name in signatures.signers)} up to event "
                  f"{signatures.signed_through}; every signature verifies against a registered card.")
        if not signatures.cards:
            print("No team is registered in this file, so its history is not signed: the hash chain is the check.")
        elif signatures.unsigned:
            which = "after that are" if signatures.signed_through else "are"
            print(f"{signatures.unsigned} event(s) {which} signed by no registered member yet (the history is "
                  "signed when a package leaves, after a merge, when the window closes, or by `fieldwork "
                  "sign-history`).")
        return EXIT_OK
    for problem in problems:
        print(f"audit: {problem}", file=sys.stderr)
    print(f"Audit log FAILED verification ({len(problems)} problem(s)).", file=sys.stderr)
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
    Command("referrals", "list referrals, or raise, edit, respond to, close or withdraw one", _referrals_arguments,
            cmd_referrals),
    Command("addressee", "show or set the letters' addressee: name and title", _addressee_arguments, cmd_addressee),
    Command("follows", "show or set the earlier inspection this one follows up", _follows_arguments, cmd_follows),
    Command("purge", "remove the inspection from this laptop: file, backups, packages, keyring entry",
            _purge_arguments, cmd_purge),
    Command("redact", "replace a final report's notes, concern and query texts with a marker (hashes kept)",
            _redact_arguments, cmd_redact),
    Command("retention", "show or set the day after which the inspection should be purged", _retention_arguments,
            cmd_retention),
    Command("tables", "print or write the report tables", _tables_arguments, cmd_tables),
    Command("demo", "create the demo inspection (synthetic data; reproduces the 2017 report)", _file_only, cmd_demo),
    Command("verify-audit", "check the audit log's hash chain", _file_only, cmd_verify_audit),
    Command("backup", "write an encrypted backup now, or list backups with --list", _backup_arguments, cmd_backup),
    Command("restore", "replace the inspection with one of its backups", _restore_arguments, cmd_restore),
    Command("change-passphrase", "re-encrypt the file under a new passphrase", _rekey_arguments,
            cmd_change_passphrase),
)
