"""Documents that leave the tool (tables, letters, evidence packs), written from an open inspection.

Shared by the CLI and the GUI's controllers: each function reads plain data from the InspectionService,
renders it with the builders beside this module, and writes atomically.
The optional progress callback (done, total) -> bool lets a GUI worker show progress and cancel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from exports.atomic import Progress, export
from exports.documents import TABLES_MARKING, AgreementFigures, provenance_for
from exports.evidence import evidence_pdf
from exports.letters import (
    DEFAULT_DUE_DAYS,
    DEFAULT_TEMPLATE,
    LetterTemplate,
    ReferralLetter,
    letter_file_name,
    letters_for,
    write_letters,
)
from exports.report import build_report, to_csv
from models.errors import FieldworkError
from models.files import check_folder
from models.inspection.letters import mark_letters_sent, referral_history
from models.inspection.records import ReferralView
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
    provenance = provenance_for(report.tally.inspection, provisional=report.provisional, packages=packages,
                                inspectorate=report.tally.framework.inspectorate)
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


def chosen_referrals(service: InspectionService, cases: Sequence[str] | None = None) -> list[ReferralView]:
    """The referrals letters go for: the named cases, else every open referral whose letter has not gone yet
    (a closed one needs none). A withdrawn referral never gets one."""
    if not cases:
        unsent = [r for r in service.referrals(withdrawn=False) if r.letter_sent_on is None and r.status != "closed"]
        if not unsent:
            if not service.referrals(withdrawn=False):
                raise FieldworkError("There are no referrals in this inspection; no letters were written.")
            raise FieldworkError("Every referral's letter has been sent; name the cases to write again "
                                 "(--case REF).")
        return unsent
    by_ref = {r.case_ref: r for r in service.referrals()}
    chosen: list[ReferralView] = []
    for ref in dict.fromkeys(cases):  # each case once, in the order given
        referral = by_ref.get(ref)
        if referral is None:
            service.case(ref)  # names an unknown case plainly
            raise FieldworkError(f"Case '{ref}' has not been referred back; there is no letter to write.")
        if not referral.active:
            raise FieldworkError(f"The referral of case '{ref}' was withdrawn; no letter goes for it.")
        chosen.append(referral)
    return chosen


@dataclass(frozen=True)
class LetterPreview:
    """One letter as it would be written: its file name and its text. Nothing is written or recorded."""

    case_ref: str
    file_name: str
    addressee: str
    due_date: date
    text: str


def _letters(service: InspectionService, cases: Sequence[str] | None, letter_date: date | None,
             due_days: int | None, addressee: str | None, addressee_title: str | None, request: str | None,
             sender: str, sender_role: str, template: Path | str | None
             ) -> tuple[LetterTemplate, list[ReferralLetter]]:
    checked = LetterTemplate.load(template or DEFAULT_TEMPLATE)
    referrals = chosen_referrals(service, cases)
    letters = letters_for(referrals, service.info(), service.framework, letter_date=letter_date or date.today(),
                          due_days=DEFAULT_DUE_DAYS if due_days is None else due_days, addressee=addressee,
                          addressee_title=addressee_title, request=request, sender=sender, sender_role=sender_role)
    return checked, letters


def preview_referral_letters(service: InspectionService, *, cases: Sequence[str] | None = None,
                             letter_date: date | None = None, due_days: int | None = None,
                             addressee: str | None = None, addressee_title: str | None = None,
                             request: str | None = None, sender: str = "", sender_role: str = "",
                             template: Path | str | None = None) -> list[LetterPreview]:
    """The letters write_referral_letters would write with the same choices, as text; nothing is written and no
    referral is marked sent."""
    checked, letters = _letters(service, cases, letter_date, due_days, addressee, addressee_title, request, sender,
                                sender_role, template)
    return [LetterPreview(letter.case_ref, letter_file_name(letter.case_ref), letter.addressee.in_one_line,
                          letter.due_date, checked.text(letter)) for letter in letters]


def write_referral_letters(service: InspectionService, folder: Path | str, *, case: str | None = None,
                           cases: Sequence[str] | None = None, letter_date: date | None = None,
                           due_days: int | None = None, addressee: str | None = None,
                           addressee_title: str | None = None, request: str | None = None, sender: str = "",
                           sender_role: str = "", template: Path | str | None = None, packages: Sequence[str] = (),
                           progress: Progress | None = None) -> list[Path]:
    """One letter per chosen referral (the named cases, else every one not yet sent) plus a combined PDF; then
    "letter sent" on each, with its dates, audited."""
    folder = Path(folder)
    check_folder(folder)
    chosen = list(cases or ()) + ([case] if case else [])
    checked, letters = _letters(service, chosen, letter_date, due_days, addressee, addressee_title, request, sender,
                                sender_role, template)
    # Letters name one case each: they never carry the tables' PROVISIONAL mark.
    provenance = provenance_for(service.info(), provisional=False, packages=packages,
                                inspectorate=service.framework.inspectorate)
    written = write_letters(folder, letters, checked, provenance, progress=progress)
    mark_letters_sent(service, [letter.case_ref for letter in letters], letters[0].letter_date,
                      letters[0].due_date, sender=letters[0].sender)
    return written


def write_evidence_pack(service: InspectionService, ref: str, target: Path | str, *, packages: Sequence[str] = (),
                        progress: Progress | None = None) -> Path:
    """The moderation evidence pack of one case as a PDF."""
    target = Path(target)
    check_folder(target.parent)
    detail = service.case_detail(ref)
    history = referral_history(service, ref) if detail.referral else ()
    provenance = provenance_for(service.info(), provisional=service.tally().provisional, packages=packages,
                                inspectorate=service.framework.inspectorate)
    return export(target, lambda: evidence_pdf(detail, history, service.framework, provenance, progress=progress))
