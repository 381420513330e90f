"""Documents that leave the tool (tables, letters, evidence packs), written from an open inspection.

Shared by the CLI and the GUI's controllers: each function reads plain data from the InspectionService,
renders it with the builders beside this module, and writes atomically.
The optional progress callback (done, total) -> bool lets a GUI worker show progress and cancel.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from exports.atomic import Progress, export
from exports.documents import TABLES_MARKING, AgreementFigures, provenance_for
from exports.evidence import evidence_pdf
from exports.letters import DEFAULT_DUE_DAYS, DEFAULT_TEMPLATE, LetterTemplate, letters_for, write_letters
from exports.report import build_report, to_csv
from models.errors import FieldworkError
from models.files import check_folder
from models.inspection.letters import mark_letters_sent, referral_history
from models.inspection.services import InspectionService

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
    from models.team.agreement import agreement_report

    headings = {g.key: g.heading for g in service.framework.grades}
    return agreement_figures(agreement_report(service), headings)


def write_referral_letters(service: InspectionService, folder: Path | str, *, case: str | None = None,
                           letter_date: date | None = None, due_days: int | None = None,
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
    letters = letters_for(referrals, info, service.framework, letter_date=day,
                          due_days=DEFAULT_DUE_DAYS if due_days is None else due_days,
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
