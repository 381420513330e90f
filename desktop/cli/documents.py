"""Commands that write documents: letters, evidence packs, and the report tables as files."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.base import EXIT_OK, Cli, Command, day
from models.errors import FieldworkError


def _letters_arguments(letters: argparse.ArgumentParser) -> None:
    letters.add_argument("file", type=Path)
    letters.add_argument("-o", "--output", type=Path, required=True, help="folder for the letters")
    letters.add_argument("--case", help="only the letter for this case reference")
    letters.add_argument("--date", type=day, help="letter date, YYYY-MM-DD (default today)")
    letters.add_argument("--due-days", type=int, help="days the force has to respond (default 28)")
    letters.add_argument("--addressee", help="instead of the inspection's chief officer lead")
    letters.add_argument("--request", help="what the force is asked to do (replaces the default paragraph)")
    letters.add_argument("--sender", default="", help="signatory (default 'Lead inspector')")
    letters.add_argument("--template", type=Path, help="letter template (default resources/letters/referral-letter.txt)")


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
    print(f"Wrote {target}.")
    return EXIT_OK


def cmd_letters(cli: Cli) -> int:
    from exports.writers import write_referral_letters

    args = cli.args
    with cli.open(args.file) as service:
        written = write_referral_letters(service, args.output, case=args.case, letter_date=args.date,
                                         due_days=args.due_days, addressee=args.addressee, request=args.request,
                                         sender=args.sender, template=args.template)
    print(f"Wrote {len(written) - 1} letter(s) and {written[-1].name} in {args.output}; "
          f"each referral is recorded as letter sent.")
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
