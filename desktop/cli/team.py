"""CLI for team work offline: identity, team, allocate, export-fieldwork, open-fieldwork, export-return,
merge, conflicts, moderate, agreement. Each command goes through the models' exchange services."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop.cli.arguments import share
from desktop.cli.base import EXIT_BAD_INPUT, EXIT_OK, Cli, Command, emit
from desktop.laptop.identity_store import IdentityStore
from desktop.laptop.secrets import terminal_prompt
from models.errors import FieldworkError
from models.files import write_atomically, written_unless_failed
from models.team.identity import ROLES, Identity, IdentityCard, check_read_aloud
from models.untrusted import printable

if TYPE_CHECKING:
    from models.inspection.checks import Finding
    from models.inspection.records import QueryView


def _identity_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity-file", help="your encrypted identity file (default: the OS keyring)")
    parser.add_argument("--identity-passphrase-file", help="read the identity file's passphrase from this file")


def _identity_arguments(identity: argparse.ArgumentParser) -> None:
    identity.add_argument("action", choices=("new", "show"))
    identity.add_argument("--name", help="your name, as the team knows you (new)")
    identity.add_argument("--role", choices=ROLES, default="inspector")
    identity.add_argument("--card-out", type=Path, help="write your public identity card here")
    _identity_options(identity)


def _team_arguments(team: argparse.ArgumentParser) -> None:
    team.add_argument("action", choices=("add", "revoke", "list"))
    team.add_argument("file", type=Path)
    team.add_argument("target", nargs="?", help="card file (add) or member name (revoke)")
    team.add_argument("--fingerprint", help="the fingerprint read aloud by the card's owner (add)")


def _allocate_arguments(allocate: argparse.ArgumentParser) -> None:
    allocate.add_argument("file", type=Path)
    how = allocate.add_mutually_exclusive_group(required=True)
    how.add_argument("--round-robin", metavar="NAMES", help='comma-separated inspectors, e.g. "Ann,Ben,Cat"')
    how.add_argument("--by-type", metavar="TYPE=NAME", action="append", help="all cases of a case type")
    how.add_argument("--case", metavar="REF=NAME[,SECOND]", action="append", help="one case by hand")
    how.add_argument("--list", action="store_true", help="show the allocations")
    allocate.add_argument("--double-share", type=share, default=0.0,
                          help="share of cases given a blind second grader (round robin), e.g. 0.2")


def _export_fieldwork_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("file", type=Path)
    export.add_argument("--inspector", required=True)
    export.add_argument("-o", "--output", type=Path, required=True)
    _identity_options(export)


def _open_fieldwork_arguments(open_: argparse.ArgumentParser) -> None:
    open_.add_argument("package", type=Path)
    open_.add_argument("-o", "--output", type=Path, required=True)
    open_.add_argument("--lead-card", type=Path, required=True, help="the lead's identity card")
    open_.add_argument("--lead-fingerprint", required=True, help="the fingerprint the lead read aloud")
    open_.add_argument("--generate-passphrase", action="store_true",
                       help="generate a recovery-code passphrase for the new file and show it once")
    _identity_options(open_)


def _export_return_arguments(ret: argparse.ArgumentParser) -> None:
    ret.add_argument("file", type=Path)
    ret.add_argument("-o", "--output", type=Path, required=True)
    ret.add_argument("--accept-warnings", action="store_true",
                     help="hand in although the checks before hand-in warn (see fieldwork checks)")
    ret.add_argument("--override-checks", metavar="REASON",
                     help="hand in although a check blocks it; the reason is kept in the audit log")
    _identity_options(ret)


def _query_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("case_ref", metavar="REF")
    cmd.add_argument("text", nargs="+", metavar="TEXT", help="the question, as one quoted argument or several words")
    cmd.add_argument("--inspector", help="whose work is queried (needed when the case has several graders)")
    cmd.add_argument("--regrade", action="store_true", help="ask the inspector to look at the grade again")


def _queries_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--open", action="store_true", help="only the queries not yet closed")


def _answer_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("case_ref", metavar="REF")
    cmd.add_argument("text", nargs="+", metavar="TEXT", help="the answer, as one quoted argument or several words")
    cmd.add_argument("--inspector", help="whose query it is, where a case has several (default: this copy's owner)")


def _close_query_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("case_ref", metavar="REF")
    cmd.add_argument("--inspector", help="whose query, where a case has several")


def _export_queries_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--inspector", required=True)
    cmd.add_argument("-o", "--output", type=Path, required=True)
    _identity_options(cmd)


def _open_queries_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path, help="your copy of the inspection")
    cmd.add_argument("package", type=Path)
    _identity_options(cmd)


def _checks_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--inspector", help="only this inspector's work (default: the copy's owner, or everyone's)")


def _merge_arguments(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("file", type=Path)
    merge.add_argument("packages", type=Path, nargs="+")
    _identity_options(merge)


def _conflicts_arguments(conflicts: argparse.ArgumentParser) -> None:
    conflicts.add_argument("file", type=Path)
    conflicts.add_argument("--keep", metavar="N:COPY", help="keep copy COPY's value for conflict number N")


def _moderate_arguments(moderate: argparse.ArgumentParser) -> None:
    moderate.add_argument("file", type=Path)
    moderate.add_argument("case_ref", nargs="?")
    moderate.add_argument("--grade")
    moderate.add_argument("--rationale")


def _agreement_arguments(agreement: argparse.ArgumentParser) -> None:
    agreement.add_argument("file", type=Path)
    agreement.add_argument("--format", choices=("text", "json", "csv"), default="text")
    agreement.add_argument("-o", "--output", type=Path)


def _store(cli: Cli) -> IdentityStore:
    return IdentityStore(cli.args.identity_file, cli.args.identity_passphrase_file, terminal_prompt())


def _final_arguments(final: argparse.ArgumentParser) -> None:
    final.add_argument("file", type=Path)
    _identity_options(final)


def cmd_final(cli: Cli) -> int:
    """The lead marks the report final: from then on grading edits are refused, and its texts may be redacted."""
    from models.team.finish import mark_final

    with cli.open(cli.args.file) as service:
        # a team's inspection is marked by the registered lead's identity; a solo one by its holder
        lead = _store(cli).load() if service.holds_cards() and service.fieldwork_owner() is None else None
        mark = mark_final(service, lead)
    print(f"The report of {cli.args.file.name} is final (marked {mark['at'][:16].replace('T', ' ')} UTC by "
          f"{printable(mark['by'])}): grades, notes, concerns, referrals and the sample can no longer be changed.")
    print(f"`fieldwork redact {cli.args.file}` replaces its evidence notes, concern and query texts with a "
          "marker, keeping a hash of each in the audit.")
    return EXIT_OK


def _sign_history_arguments(sign: argparse.ArgumentParser) -> None:
    sign.add_argument("file", type=Path)
    _identity_options(sign)


def cmd_sign_history(cli: Cli) -> int:
    from models.team.signatures import sign_inspection

    identity = _store(cli).load()
    with cli.open(cli.args.file) as service:
        signed = sign_inspection(service, identity)
    if signed is None:
        print("Nothing to sign: the history is signed to its newest event, or your card is not registered in "
              f"{cli.args.file.name} (a team member's or the lead's card signs).")
    else:
        print(f"The history of {cli.args.file.name} is signed by {identity.name} up to event {signed}.")
    return EXIT_OK


def cmd_identity(cli: Cli) -> int:
    store = _store(cli)
    if cli.args.action == "new":
        if not cli.args.name:
            raise FieldworkError("Give your name with --name.")
        identity = Identity.generate(cli.args.name, cli.args.role)
        where = store.keep(identity)
        print(f"Created the {identity.role} identity of {printable(identity.name)}, kept in {where}.")
    else:
        identity = store.load()
        print(f"{printable(identity.name)} ({identity.role})")
    card = identity.card
    if cli.args.card_out:
        write_atomically(cli.args.card_out, card.to_bytes())
        print(f"Identity card written to {cli.args.card_out}.")
    print(f"Fingerprint (read it aloud when handing over the card): {card.fingerprint}")
    return EXIT_OK


def cmd_team(cli: Cli) -> int:
    from models.team.allocation import register_member, revoke_member, team

    action, target = cli.args.action, cli.args.target
    with cli.open(cli.args.file) as service:
        if action == "add":
            if not target or not cli.args.fingerprint:
                raise FieldworkError("team add needs the card file and --fingerprint (as read aloud).")
            member = register_member(service, IdentityCard.read(target), cli.args.fingerprint)
            print(f"Registered {printable(member.name)} ({member.role}), fingerprint {member.fingerprint}.")
        elif action == "revoke":
            if not target:
                raise FieldworkError("team revoke needs the member's name.")
            revoke_member(service, target)
            print(f"Revoked {printable(target)}'s card: their packages are refused from now on.")
        else:
            for m in team(service):
                print(f"{printable(m.name):<24} {m.role:<10} {m.fingerprint}{'  REVOKED' if m.revoked else ''}")
    return EXIT_OK


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise FieldworkError(f"Expected {what}, got '{item}'.")
        out[key.strip()] = value.strip()
    return out


def cmd_allocate(cli: Cli) -> int:
    from models.team.allocation import allocate, allocations, by_case_type, round_robin

    a = cli.args
    with cli.open(a.file) as service:
        if a.list:
            for v in allocations(service):
                print(f"{v.case_ref:<14} {printable(v.first or ''):<24} {printable(v.second or '')}")
            return EXIT_OK
        if a.round_robin:
            names = [n.strip() for n in a.round_robin.split(",") if n.strip()]
            count = round_robin(service, names, a.double_share)
        elif a.by_type:
            count = by_case_type(service, _pairs(a.by_type, "TYPE=NAME"))
        else:
            count = allocate(service, {ref: [n.strip() for n in names.split(",")]
                                       for ref, names in _pairs(a.case, "REF=NAME").items()})
        doubles = sum(1 for v in allocations(service) if v.second)
    print(f"Allocated {count} case(s); {doubles} double-graded.")
    return EXIT_OK


def cmd_export_fieldwork(cli: Cli) -> int:
    from models.team.exchange import export_fieldwork

    lead = _store(cli).load()
    with cli.open(cli.args.file) as service, written_unless_failed(cli.args.output) as deliver:
        export = export_fieldwork(service, lead, cli.args.inspector, deliver)
    print(f"Fieldwork package for {printable(export.inspector)} ({export.cases} case(s)) written to "
          f"{cli.args.output}.")
    return EXIT_OK


def cmd_open_fieldwork(cli: Cli) -> int:
    from models.team.exchange import open_fieldwork
    from models.team.packages import read_package_file

    identity = _store(cli).load()
    card = IdentityCard.read(cli.args.lead_card)
    check_read_aloud(card, cli.args.lead_fingerprint, "do not trust this card")
    data = read_package_file(cli.args.package)
    passphrase = cli.new_passphrase()
    service = open_fieldwork(data, identity, card, cli.args.output, passphrase, origin=cli.args.package.name)
    cli.unlocker.remember(cli.args.output, service.key_hex)
    count = len(service.cases())
    service.close()
    print(f"Created {cli.args.output} with your {count} allocated case(s).")
    return EXIT_OK


def _print_findings(findings: list[Finding], out: TextIO) -> None:
    for finding in findings:
        print(f"{'BLOCKS' if finding.blocks else 'warns ':<6}  {finding.message}", file=out)


def cmd_export_return(cli: Cli) -> int:
    from models.inspection.checks import HandInRefused
    from models.team.exchange import export_return

    identity = _store(cli).load()
    try:
        with cli.open(cli.args.file) as service, written_unless_failed(cli.args.output) as deliver:
            export = export_return(service, identity, deliver, accept_warnings=cli.args.accept_warnings,
                                   override_checks=cli.args.override_checks)
    except HandInRefused as refused:
        _print_findings(refused.findings, sys.stdout)  # case references on stdout only, as every listing
        raise
    print(f"Return package (revision {export.revision}, {export.changed_fields} changed field(s)) written to "
          f"{cli.args.output}.")
    return EXIT_OK


def cmd_checks(cli: Cli) -> int:
    """The framework's checks before hand-in; exit 1 while any of them blocks."""
    from models.inspection.checks import run_checks

    with cli.open(cli.args.file) as service:
        inspector = cli.args.inspector or service.fieldwork_owner()
        findings = run_checks(service, inspector)
    _print_findings(findings, sys.stdout)
    blocking = sum(f.blocks for f in findings)
    whose = f"{inspector}'s work" if inspector else "the inspection"
    if not findings:
        print(f"Every check before hand-in is met for {whose}.")
        return EXIT_OK
    print(f"{blocking} check(s) block the hand-in of {whose}, {len(findings) - blocking} warn.")
    return EXIT_BAD_INPUT if blocking else EXIT_OK


def _query_line(view: QueryView) -> str:
    regrade = " [please re-grade]" if view.regrade else ""
    line = f"{view.case_ref:<14} {view.status:<8} to {view.inspector}: {view.text}{regrade}"
    if view.answered_at:
        line += f" | answer ({view.answered_by}, {view.answered_at[:10]}): {view.answer}"
    if view.closed_at:
        line += f" | closed by {view.closed_by}, {view.closed_at[:10]}"
    return line


def cmd_query(cli: Cli) -> int:
    from models.team.queries import raise_query

    with cli.open(cli.args.file) as service:
        view = raise_query(service, cli.args.case_ref, " ".join(cli.args.text), inspector=cli.args.inspector,
                           regrade=cli.args.regrade)
    print(_query_line(view))
    print(f"It goes to {view.inspector} in the next fieldwork or queries package (fieldwork export-queries).")
    return EXIT_OK


def cmd_queries(cli: Cli) -> int:
    from models.team.queries import queries

    with cli.open(cli.args.file) as service:
        views = queries(service, include_closed=not cli.args.open)
    for view in views:
        print(_query_line(view))
    waiting = sum(v.status == "open" for v in views)
    answered = sum(v.status == "answered" for v in views)
    print(f"{len(views)} query(ies): {waiting} awaiting an answer, {answered} answered and not yet closed.")
    return EXIT_OK


def cmd_answer(cli: Cli) -> int:
    from models.team.queries import answer_query

    with cli.open(cli.args.file) as service:
        view = answer_query(service, cli.args.case_ref, " ".join(cli.args.text), inspector=cli.args.inspector)
    print(_query_line(view))
    return EXIT_OK


def cmd_close_query(cli: Cli) -> int:
    from models.team.queries import close_query

    with cli.open(cli.args.file) as service:
        view = close_query(service, cli.args.case_ref, inspector=cli.args.inspector)
    print(_query_line(view))
    return EXIT_OK


def cmd_export_queries(cli: Cli) -> int:
    from models.team.exchange import export_queries

    lead = _store(cli).load()
    with cli.open(cli.args.file) as service, written_unless_failed(cli.args.output) as deliver:
        export = export_queries(service, lead, cli.args.inspector, deliver)
    print(f"Queries package for {export.inspector} ({export.queries} query(ies)) written to {cli.args.output}.")
    return EXIT_OK


def cmd_open_queries(cli: Cli) -> int:
    from models.team.exchange import open_queries
    from models.team.packages import read_package_file

    identity = _store(cli).load()
    data = read_package_file(cli.args.package)
    with cli.open(cli.args.file) as service:
        changed = open_queries(service, identity, data, origin=cli.args.package.name)
    print(f"{changed} query(ies) from the lead taken in." if changed else
          "Nothing new: this package's queries were already taken in.")
    return EXIT_OK


def cmd_merge(cli: Cli) -> int:
    from models.team.merge import merge_packages
    from models.team.packages import read_package_file

    lead = _store(cli).load()
    packages = [(str(p.name), read_package_file(p)) for p in cli.args.packages]
    with cli.open(cli.args.file) as service:
        report = merge_packages(service, lead, packages)
    for line in report.lines():
        print(line)
    return EXIT_OK


def cmd_conflicts(cli: Cli) -> int:
    from models.team.merge import conflicts, resolve_conflict

    with cli.open(cli.args.file) as service:
        found = conflicts(service)
        if cli.args.keep:
            number, _, copy = cli.args.keep.partition(":")
            if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= len(found):
                raise FieldworkError(f"No conflict number {printable(number, 20)}; there are {len(found)}.")
            resolve_conflict(service, found[int(number) - 1].field_key, copy)
            print(f"Kept copy {printable(copy)}'s value.")
            return EXIT_OK
        for n, c in enumerate(found, start=1):
            where = printable(f"{c.case_ref} {c.inspector} {c.kind}{' ' + c.area if c.area else ''}", None)
            choices = "; ".join(f"{printable(copy)}: {value!r}" for copy, value in sorted(c.candidates.items()))
            print(f"{n}. {where} (base {c.base!r}) -> {choices}")
        if not found:
            print("No open conflicts.")
    return EXIT_OK


def cmd_moderate(cli: Cli) -> int:
    from models.team.moderation import moderate, moderation_items

    a = cli.args
    with cli.open(a.file) as service:
        label = {g.key: g.label for g in service.framework.grades}
        if a.case_ref is None:
            items = moderation_items(service)
            for item in items:
                sides = " | ".join(f"{printable(g.inspector)} ({g.role or '-'}): {label.get(g.grade or '', 'ungraded')}"
                                   for g in item.graders)
                print(f"{item.case_ref}: {sides}")
            print(f"{len(items)} open moderation item(s).")
            return EXIT_OK
        if not a.grade or not a.rationale:
            raise FieldworkError("Give the agreed grade with --grade and the reason with --rationale.")
        view = moderate(service, a.case_ref, a.grade, a.rationale)
        open_items = service.tally().open_moderation
    print(f"{view.case_ref}: agreed grade {label[view.agreed_grade or '']}. {open_items} moderation item(s) open.")
    return EXIT_OK


def cmd_agreement(cli: Cli) -> int:
    from exports.agreement import to_csv, to_json, to_text
    from models.team.agreement import agreement_report

    with cli.open(cli.args.file) as service:
        report = agreement_report(service)
        headings = {g.key: g.heading for g in service.framework.grades}
    emit({"text": to_text, "json": to_json, "csv": to_csv}[cli.args.format](report, headings), cli.args.output)
    return EXIT_OK


COMMANDS = (
    Command("identity", "this laptop's inspector identity (new, show)", _identity_arguments, cmd_identity),
    Command("team", "register, revoke or list team members' identity cards", _team_arguments, cmd_team),
    Command("final", "the lead marks the report final: grading edits are refused after it", _final_arguments,
            cmd_final),
    Command("sign-history", "sign the audit history to its newest event with your identity",
            _sign_history_arguments, cmd_sign_history),
    Command("allocate", "allocate cases to inspectors", _allocate_arguments, cmd_allocate),
    Command("export-fieldwork", "write a fieldwork package for one inspector", _export_fieldwork_arguments,
            cmd_export_fieldwork),
    Command("open-fieldwork", "open a fieldwork package as your own inspection file", _open_fieldwork_arguments,
            cmd_open_fieldwork),
    Command("export-return", "write a return package of your work for the lead", _export_return_arguments,
            cmd_export_return),
    Command("merge", "merge return packages into the lead's inspection", _merge_arguments, cmd_merge),
    Command("checks", "the framework's checks before hand-in: what blocks, what warns", _checks_arguments,
            cmd_checks),
    Command("query", "the lead asks an inspector about a case (optionally: please re-grade)", _query_arguments,
            cmd_query),
    Command("queries", "list the lead's queries and their answers", _queries_arguments, cmd_queries),
    Command("answer", "answer the lead's query on a case (in your copy)", _answer_arguments, cmd_answer),
    Command("close-query", "the lead closes a query on a case", _close_query_arguments, cmd_close_query),
    Command("export-queries", "write a package of the lead's queries for one inspector", _export_queries_arguments,
            cmd_export_queries),
    Command("open-queries", "take the lead's queries package into your copy", _open_queries_arguments,
            cmd_open_queries),
    Command("conflicts", "list conflicts between copies of one inspector's work", _conflicts_arguments,
            cmd_conflicts),
    Command("moderate", "list disagreements, or set a case's agreed grade", _moderate_arguments, cmd_moderate),
    Command("agreement", "agreement between graders, and force vs inspectorate", _agreement_arguments,
            cmd_agreement),
)
