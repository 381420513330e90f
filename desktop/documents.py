"""Documents that leave the tool (tables, letters, evidence packs): shared by the CLI and the GUI's controllers.

Each function reads plain data from the InspectionService, renders it with exports/, and writes atomically.
The optional progress callback (done, total) -> bool lets a GUI worker show progress and cancel.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from exports.atomic import Progress, check_folder, export
from exports.documents import TABLES_MARKING, AgreementFigures, provenance_for
from exports.evidence import evidence_pdf
from exports.letters import DEFAULT_DUE_DAYS, DEFAULT_TEMPLATE, LetterTemplate, letters_for, write_letters
from exports.report import build_report, to_csv
from models.errors import FieldworkError
from models.letters import mark_letters_sent, referral_history
from models.services import InspectionService

if TYPE_CHECKING:
    from desktop.cli import Cli

TABLE_FORMATS = ("pdf", "docx", "xlsx", "csv")


def write_tables(service: InspectionService, fmt: str, target: Path | str, *, marking: str | None = None,
                 packages: Sequence[str] = (), agreement: AgreementFigures | None = None,
                 progress: Progress | None = None) -> Path:
    """The report tables as PDF, Word, Excel or CSV at target."""
    if fmt not in TABLE_FORMATS:
        raise FieldworkError(f"Unknown table format '{fmt}'; expected one of {', '.join(TABLE_FORMATS)}.")
    target = Path(target)
    check_folder(target.parent)  # before the tally, so a bad folder is refused at once
    report = build_report(service.tally())
    provenance = provenance_for(report.tally.inspection, provisional=report.provisional, packages=packages)
    mark = marking or TABLES_MARKING

    def render() -> bytes | str:
        if fmt == "pdf":
            from exports.pdf import tables_pdf

            return tables_pdf(report, provenance, agreement=agreement, marking=mark, progress=progress)
        if fmt == "docx":
            from exports.docx import tables_docx

            return tables_docx(report, provenance, agreement=agreement, marking=mark, progress=progress)
        if fmt == "xlsx":
            from exports.xlsx import tables_xlsx

            return tables_xlsx(report, provenance, agreement=agreement, marking=mark, progress=progress)
        return to_csv(report)

    return export(target, render)


def tables_agreement(service: InspectionService) -> AgreementFigures | None:
    """The agreement table the documents print: one conversion for the CLI, the report view and its export."""
    from exports.agreement_figures import agreement_figures
    from models.agreement import agreement_report

    headings = {g.key: g.heading for g in service.framework.grades}
    return agreement_figures(agreement_report(service), headings)


def write_referral_letters(service: InspectionService, folder: Path | str, *, case: str | None = None,
                           letter_date: date | None = None, due_days: int = DEFAULT_DUE_DAYS,
                           addressee: str | None = None, request: str | None = None, sender: str = "",
                           template: Path | str | None = None, packages: Sequence[str] = (),
                           progress: Progress | None = None) -> list[Path]:
    """One letter per referral (or for one case) plus a combined PDF; then "letter sent" on each, audited."""
    folder = Path(folder)
    check_folder(folder)
    checked = LetterTemplate.load(template or DEFAULT_TEMPLATE)
    referrals = service.referrals()
    if case is not None:
        referrals = [r for r in referrals if r.case_ref == case]
        if not referrals:
            service.case(case)  # names an unknown case plainly
            raise FieldworkError(f"Case '{case}' has not been referred back; there is no letter to write.")
    if not referrals:
        raise FieldworkError("There are no referrals in this inspection; no letters were written.")
    info = service.info()
    tally = service.tally()
    day = letter_date or date.today()
    letters = letters_for(referrals, info, service.framework, letter_date=day, due_days=due_days,
                          addressee=addressee, request=request, sender=sender)
    provenance = provenance_for(info, provisional=tally.provisional, packages=packages)
    written = write_letters(folder, letters, checked, provenance, progress=progress)
    mark_letters_sent(service, [r.case_ref for r in referrals], day, letters[0].due_date)
    return written


def write_evidence_pack(service: InspectionService, ref: str, target: Path | str, *, packages: Sequence[str] = (),
                        progress: Progress | None = None) -> Path:
    """The moderation evidence pack of one case as a PDF."""
    target = Path(target)
    check_folder(target.parent)
    detail = service.case_detail(ref)
    history = referral_history(service, ref) if detail.referral else ()
    provenance = provenance_for(service.info(), provisional=service.tally().provisional, packages=packages)
    return export(target, lambda: evidence_pdf(detail, history, service.framework, provenance, progress=progress))


# -- command line ----------------------------------------------------------------------------------------------


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def add_document_commands(sub: argparse._SubParsersAction) -> None:
    """The `letters` and `evidence` subcommands."""
    letters = sub.add_parser("letters", help="write referral-back letters (one PDF each, plus a combined PDF)")
    letters.add_argument("file", type=Path)
    letters.add_argument("-o", "--output", type=Path, required=True, help="folder for the letters")
    letters.add_argument("--case", help="only the letter for this case reference")
    letters.add_argument("--date", type=_day, help="letter date, YYYY-MM-DD (default today)")
    letters.add_argument("--due-days", type=int, default=DEFAULT_DUE_DAYS,
                         help=f"days the force has to respond (default {DEFAULT_DUE_DAYS})")
    letters.add_argument("--addressee", help="instead of the inspection's chief officer lead")
    letters.add_argument("--request", help="what the force is asked to do (replaces the default paragraph)")
    letters.add_argument("--sender", default="", help="signatory (default 'Lead inspector')")
    letters.add_argument("--template", type=Path, help="letter template (default resources/letters/referral-letter.txt)")

    evidence = sub.add_parser("evidence", help="write the moderation evidence pack of one case (PDF)")
    evidence.add_argument("file", type=Path)
    evidence.add_argument("--case", required=True, help="case reference")
    evidence.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")


def export_tables(cli: Cli) -> int:
    args = cli.args
    if args.output is None:
        raise FieldworkError(f"--format {args.format} writes a file: give it with -o OUT.{args.format}.")
    with cli.open(args.file) as service:
        target = write_tables(service, args.format, args.output, marking=args.marking,
                              agreement=tables_agreement(service))
    print(f"Wrote {target}.")
    return 0


def export_letters(cli: Cli) -> int:
    args = cli.args
    with cli.open(args.file) as service:
        written = write_referral_letters(service, args.output, case=args.case, letter_date=args.date,
                                         due_days=args.due_days, addressee=args.addressee, request=args.request,
                                         sender=args.sender, template=args.template)
    print(f"Wrote {len(written) - 1} letter(s) and {written[-1].name} in {args.output}; "
          f"each referral is recorded as letter sent.")
    return 0


def export_evidence(cli: Cli) -> int:
    args = cli.args
    with cli.open(args.file) as service:
        target = write_evidence_pack(service, args.case, args.output)
    print(f"Wrote {target}.")
    return 0
