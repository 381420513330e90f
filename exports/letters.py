"""Referral-back letters: an editable string.Template in resources/letters/, laid out as signed-ready PDFs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from string import Template

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from exports.atomic import Progress, step
from exports.documents import CASE_MARKING, Provenance
from exports.pdf import build_pdf, styles, text
from models.bounds import plausible_day
from models.errors import FieldworkError
from models.files import check_folder, write_all_atomically
from models.inspection.framework import Framework
from models.inspection.records import InspectionInfo, ReferralView

LETTERS_DIR = Path(__file__).resolve().parent.parent / "resources" / "letters"
DEFAULT_TEMPLATE = LETTERS_DIR / "referral-letter.txt"
# Shipped templates by name, so `--template welsh-english` needs no path.
SHIPPED_TEMPLATES = {"english": DEFAULT_TEMPLATE, "welsh-english": LETTERS_DIR / "referral-letter-cy-en.txt"}
DEFAULT_DUE_DAYS = 28
MAX_DUE_DAYS = 365  # a response period longer than a year is a slip, and its due date could overflow
DEFAULT_REQUEST = ("Please review this case urgently, take whatever action is needed to protect the child, and "
                   "tell us in writing either the action you have taken or your updated assessment of the case.")
# Draft translation of DEFAULT_REQUEST, for review by a Welsh speaker (see referral-letter-cy-en.txt).
DEFAULT_REQUEST_CY = ("Adolygwch yr achos hwn ar frys, cymerwch ba gamau bynnag sydd eu hangen i amddiffyn y "
                      "plentyn, a rhowch wybod i ni yn ysgrifenedig naill ai am y camau a gymerwyd gennych neu am "
                      "eich asesiad diweddaraf o'r achos.")
WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
                "Tachwedd", "Rhagfyr")
PLACEHOLDERS = ("force", "addressee", "addressee_name", "addressee_title", "address", "salutation", "date",
                "case_ref", "case_type", "reason", "concern", "request", "due_date", "inspectorate", "sender",
                "sender_role", "date_cy", "due_date_cy", "salutation_cy", "request_cy")
COMBINED_NAME = "referral-letters-combined.pdf"
SIGNATURE_SPACE = "[signature]"
MAX_TEMPLATE_BYTES = 64 * 1024


def long_date(day: date) -> str:
    """Dates as letters print them: 26 November 2026."""
    return f"{day.day} {day:%B %Y}"


def long_date_cy(day: date) -> str:
    """The same in Welsh, whatever the laptop's locale: 26 Tachwedd 2026."""
    return f"{day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to: a person's name and their title, and the force, each in its own place."""

    name: str
    title: str
    force: str

    @property
    def salutation(self) -> str:
        """"Dear Jane Smith" by name; "Dear Assistant Chief Constable" by title when no name is known."""
        return f"Dear {self.name or self.title}"

    @property
    def salutation_cy(self) -> str:
        return f"Annwyl {self.name or self.title}"

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line for line in (self.name, self.title, self.force) if line)

    @property
    def in_one_line(self) -> str:
        """The name and title together, as the first release's $addressee wrote them."""
        return ", ".join(part for part in (self.name, self.title) if part)


@dataclass(frozen=True)
class ReferralLetter:
    """Everything one letter states, as plain text."""

    case_ref: str
    case_type: str
    reason: str
    concern: str
    addressee: Addressee
    inspectorate: str
    sender: str
    sender_role: str
    request: str
    letter_date: date
    due_date: date

    @property
    def force(self) -> str:
        return self.addressee.force

    def values(self) -> dict[str, str]:
        to = self.addressee
        return {"force": to.force, "addressee": to.in_one_line, "addressee_name": to.name,
                "addressee_title": to.title, "address": "\n".join(to.lines), "salutation": to.salutation,
                "date": long_date(self.letter_date), "case_ref": self.case_ref, "case_type": self.case_type,
                "reason": self.reason, "concern": self.concern, "request": self.request,
                "due_date": long_date(self.due_date), "inspectorate": self.inspectorate, "sender": self.sender,
                "sender_role": self.sender_role, "date_cy": long_date_cy(self.letter_date),
                "due_date_cy": long_date_cy(self.due_date), "salutation_cy": to.salutation_cy,
                # A request the lead wrote is in their words; the default has a Welsh draft.
                "request_cy": DEFAULT_REQUEST_CY if self.request == DEFAULT_REQUEST else self.request}


@dataclass(frozen=True)
class LetterTemplate:
    """A checked template: every placeholder is known, so filling it in cannot fail halfway."""

    name: str
    template: Template
    lines: tuple[str, ...] = ()  # the template's lines (comments dropped), filled in one by one
    language: str = "en-GB"  # the PDF's declared language: a "# lang: cy-GB" comment in the template

    @classmethod
    def load(cls, path: Path | str = DEFAULT_TEMPLATE) -> LetterTemplate:
        """A template file, or a shipped template by name ("english", "welsh-english")."""
        path = SHIPPED_TEMPLATES.get(str(path), Path(path))
        try:
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise FieldworkError(f"Letter template {path} is larger than {MAX_TEMPLATE_BYTES // 1024} KB.")
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FieldworkError(f"Letter template {path} does not exist (or name a shipped one: "
                                 f"{', '.join(SHIPPED_TEMPLATES)}).") from None
        except UnicodeDecodeError:
            raise FieldworkError(f"Letter template {path} is not UTF-8 text.") from None
        except OSError as exc:
            raise FieldworkError(f"Cannot read letter template {path}: {exc.strerror}.") from None
        return cls.parse(source, str(path))

    @classmethod
    def parse(cls, source: str, name: str = "letter template") -> LetterTemplate:
        body = "\n".join(line for line in source.splitlines() if not line.startswith("#"))
        template = Template(body)
        if not template.is_valid():
            bad = re.search(r"\$(?!\$|\{?[_a-zA-Z][_a-zA-Z0-9]*\}?)", body)
            line = body[: bad.start()].count("\n") + 1 if bad else "?"
            raise FieldworkError(f"{name}: a '$' that is not a placeholder (near line {line}); write $$ for a "
                                 f"dollar sign.")
        unknown = sorted(set(template.get_identifiers()) - set(PLACEHOLDERS))
        if unknown:
            raise FieldworkError(f"{name}: unknown placeholder(s) {', '.join('$' + u for u in unknown)}; "
                                 f"known: {', '.join('$' + p for p in PLACEHOLDERS)}.")
        if not body.strip():
            raise FieldworkError(f"{name}: the template is empty.")
        declared = re.search(r"^#\s*lang:\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*$", source, re.MULTILINE)
        return cls(name, template, tuple(body.splitlines()), declared.group(1) if declared else "en-GB")

    def paragraphs(self, letter: ReferralLetter) -> list[tuple[bool, str]]:
        """(bold, text) paragraphs of the filled-in letter; line breaks inside a paragraph are kept.

        A line that only held placeholders left empty (no role for the signatory, no addressee name) is
        dropped rather than left as a gap in the address or the signature."""
        values = letter.values()
        kept = []
        for line in self.lines:
            filled_line = Template(line).substitute(values)
            if line.strip() and not filled_line.strip():
                continue
            kept.append(filled_line)
        filled = "\n".join(kept)
        out = []
        for block in re.split(r"\n\s*\n", filled.strip()):
            bold = block.startswith("! ")
            out.append((bold, block[2:] if bold else block))
        return out

    def text(self, letter: ReferralLetter) -> str:
        """The filled-in letter as plain text, paragraphs apart: what a preview shows."""
        return "\n\n".join(f"**{para}**" if bold else para for bold, para in self.paragraphs(letter)) + "\n"


def letters_for(referrals: Sequence[ReferralView], info: InspectionInfo, framework: Framework, *,
                letter_date: date, due_days: int = DEFAULT_DUE_DAYS, addressee: str | None = None,
                addressee_title: str | None = None, request: str | None = None, sender: str = "",
                sender_role: str = "") -> list[ReferralLetter]:
    """One letter per referral, addressed by default to the force's chief officer lead for child protection
    (the inspection's addressee: a name and a title), signed by a named person."""
    to = Addressee(" ".join((addressee if addressee is not None else info.addressee_name).split()),
                   " ".join((addressee_title if addressee_title is not None else info.chief_officer).split()),
                   info.force_name)
    if not to.name and not to.title:
        raise FieldworkError("No addressee for the letters: set the chief officer lead's name and title for this "
                             "inspection (fieldwork addressee), or give them with --addressee and --addressee-title.")
    if not sender.strip():
        raise FieldworkError("No signatory for the letters: give the signatory's name with --sender (or keep your "
                             "identity on this laptop).")
    if not 1 <= due_days <= MAX_DUE_DAYS:
        raise FieldworkError(f"The response period must be between 1 and {MAX_DUE_DAYS} days, not {due_days}.")
    plausible_day(letter_date, "letter date")
    reasons = {r.key: r.label for r in framework.referral_reasons}
    unexplained = [r.case_ref for r in referrals if r.reason not in reasons]
    if unexplained:
        raise FieldworkError(f"The referral of case {unexplained[0]} gives no reason of {framework.name}; set one "
                             "(fieldwork referrals FILE edit CASE --reason ...) before its letter is written.")
    types = {c.key: c.label for c in framework.case_types}
    return [ReferralLetter(r.case_ref, types.get(r.case_type, r.case_type), reasons[r.reason],
                           r.summary or "(no summary recorded)", to, framework.inspectorate,
                           " ".join(sender.split()), " ".join(sender_role.split()), request or DEFAULT_REQUEST,
                           letter_date, letter_date + timedelta(days=due_days))
            for r in referrals]


def _story(letter: ReferralLetter, template: LetterTemplate) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = []
    for bold, para in template.paragraphs(letter):
        if para.strip() == SIGNATURE_SPACE:
            story.append(Spacer(1, 18 * mm))  # room for the wet signature
            continue
        markup = text(para).replace("\n", "<br/>")
        story.append(Paragraph(markup, st.heading if bold else st.body))
    story.append(Spacer(1, 12))
    return story


def letter_pdf(letters: Sequence[ReferralLetter], template: LetterTemplate, provenance: Provenance,
               progress: Progress | None = None) -> bytes:
    """One PDF holding the given letters, each starting on a new page, marked OFFICIAL-SENSITIVE."""
    story: list[Flowable] = []
    for i, letter in enumerate(letters):
        step(progress, i, len(letters))
        if story:
            story.append(PageBreak())
        story += _story(letter, template)
    title = (f"Referral of case {letters[0].case_ref}" if len(letters) == 1
             else f"Referral letters ({len(letters)})")
    return build_pdf(story, title=title, marking=CASE_MARKING, provenance=provenance, lang=template.language)


def letter_file_name(ref: str) -> str:
    """A file name safe on every file system, whatever the force's reference looks like."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", ref).strip("._") or "case"
    name = f"referral-{safe}.pdf"
    return f"referral-case-{safe}.pdf" if name == COMBINED_NAME else name  # never the combined file's name


def write_letters(folder: Path | str, letters: Sequence[ReferralLetter], template: LetterTemplate,
                  provenance: Provenance, progress: Progress | None = None) -> list[Path]:
    """One PDF per letter plus the combined PDF; all rendered in memory first, so a failure writes nothing."""
    folder = Path(folder)
    check_folder(folder)
    if not letters:
        raise FieldworkError("There are no referrals to write letters for.")
    files: dict[Path, bytes] = {}
    total = len(letters) + 1
    for i, letter in enumerate(letters):
        step(progress, i, total)
        target = folder / letter_file_name(letter.case_ref)
        if target in files:  # two references that differ only in unsafe characters
            target = folder / letter_file_name(f"{letter.case_ref}-{i + 1}")
        files[target] = letter_pdf([letter], template, provenance)
    step(progress, len(letters), total)
    files[folder / COMBINED_NAME] = letter_pdf(letters, template, provenance)
    step(progress, total, total)
    write_all_atomically(files)
    return list(files)
