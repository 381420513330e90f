"""Commands that write documents: letters, evidence packs, and the report tables as files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.base import EXIT_OK, Cli, Command, day
from models.errors import FieldworkError

if TYPE_CHECKING:
    from models.inspection.services import InspectionService


def _letters_arguments(letters: argparse.ArgumentParser) -> None:
    letters.add_argument("file", type=Path)
    letters.add_argument("-o", "--output", type=Path, help="folder for the letters (not needed with --preview)")
    letters.add_argument("--case", action="append", metavar="REF",
                         help="a referral to write the letter for (repeat for several; default: every referral "
                              "whose letter has not been sent)")
    letters.add_argument("--preview", action="store_true",
                         help="print the letters that would be written; write nothing, mark nothing sent")
    letters.add_argument("--date", type=day, help="letter date, YYYY-MM-DD (default today)")
    letters.add_argument("--due-days", type=int, help="days the force has to respond (default 28)")
    letters.add_argument("--addressee", metavar="NAME", help="the addressee's name, instead of the inspection's")
    letters.add_argument("--addressee-title", metavar="TITLE",
                         help="the addressee's title, instead of the inspection's (e.g. 'Chief Constable')")
    letters.add_argument("--request", help="what the force is asked to do (replaces the default paragraph)")
    letters.add_argument("--sender", help="the signatory's name (default: your identity on this laptop, or your "
                                          "name in the settings)")
    letters.add_argument("--sender-role", help="the signatory's role (default: from your identity or settings)")
    letters.add_argument("--template", help="letter template: a file, or a shipped one by name: english (the default) "
                         "or welsh-english (bilingual, Welsh first)")


def _evidence_arguments(evidence: argparse.ArgumentParser) -> None:
    evidence.add_argument("file", type=Path)
    evidence.add_argument("--case", required=True, help="case reference")
    evidence.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")


def export_tables(cli: Cli) -> int:
    """`tables --format pdf|docx|xlsx -o OUT`: the report tables as a document."""
    from exports.writers import tables_agreement, write_tables

    args = cli.args
    if args.output is None:
        raise FieldworkError(f"--format {args.format} writes a file: give it with -o OUT.{args.format}.")
    with cli.open(args.file) as service:
        target = write_tables(service, args.format, args.output, marking=args.marking,
                              agreement=tables_agreement(service))
        warn_unmet_checks(service)
    print(f"Wrote {target}.")
    return EXIT_OK


def warn_unmet_checks(service: InspectionService) -> None:
    """Before final documents go out, the framework's checks over the whole inspection: the count as a warning on
    stderr, the findings (which name cases) on stdout, as every listing of cases."""
    from models.inspection.checks import run_checks

    findings = run_checks(service)
    if not findings:
        return
    print(f"fieldwork: warning: {len(findings)} check(s) before hand-in are not met in this inspection.",
          file=sys.stderr)
    print(f"Checks not met ({len(findings)}):")
    for finding in findings:
        print(f"  {'BLOCKS' if finding.blocks else 'warns '}  {finding.message}")


def cmd_letters(cli: Cli) -> int:
    from desktop.laptop.identity_store import signatory
    from exports.writers import preview_referral_letters, write_referral_letters

    args = cli.args
    if args.output is None and not args.preview:
        raise FieldworkError("Give the folder for the letters with -o DIR, or look at them first with --preview.")
    name, role = signatory()
    options: dict[str, Any] = {"cases": args.case, "letter_date": args.date, "due_days": args.due_days, "addressee": args.addressee,
               "addressee_title": args.addressee_title, "request": args.request,
               "sender": name if args.sender is None else args.sender,
               "sender_role": role if args.sender_role is None else args.sender_role, "template": args.template}
    with cli.open(args.file) as service:
        if args.preview:
            previews = preview_referral_letters(service, **options)
        else:
            written = write_referral_letters(service, args.output, **options)
    if args.preview:
        for preview in previews:
            print(f"--- {preview.file_name}: case {preview.case_ref}, to {preview.addressee}, "
                  f"reply due {preview.due_date.isoformat()} ---")
            print(preview.text)
        print(f"Preview only: {len(previews)} letter(s) would be written; nothing was written and no referral is "
              "marked as sent.")
        return EXIT_OK
    print(f"Wrote {len(written) - 1} letter(s) and {written[-1].name} in {args.output}; "
          f"each of those referrals is recorded as letter sent.")
    return EXIT_OK


def cmd_evidence(cli: Cli) -> int:
    from exports.writers import write_evidence_pack

    args = cli.args
    with cli.open(args.file) as service:
        target = write_evidence_pack(service, args.case, args.output)
    print(f"Wrote {target}.")
    return EXIT_OK


COMMANDS = (
    Command("letters", "write referral-back letters (one PDF each, plus a combined PDF)", _letters_arguments,
            cmd_letters),
    Command("evidence", "write the moderation evidence pack of one case (PDF)", _evidence_arguments, cmd_evidence),
)
