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
DEFAULT_DUE_DAYS = 28
MAX_DUE_DAYS = 365  # a response period longer than a year is a slip, and its due date could overflow
DEFAULT_REQUEST = ("Please review this case urgently, take whatever action is needed to protect the child, and "
                   "tell us in writing either the action you have taken or your updated assessment of the case.")
PLACEHOLDERS = ("force", "addressee", "date", "case_ref", "case_type", "reason", "concern", "request", "due_date",
                "inspectorate", "sender")
COMBINED_NAME = "referral-letters-combined.pdf"
SIGNATURE_SPACE = "[signature]"
MAX_TEMPLATE_BYTES = 64 * 1024


def long_date(day: date) -> str:
    """Dates as letters print them: 26 November 2026."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class ReferralLetter:
    """Everything one letter states, as plain text."""

    case_ref: str
    case_type: str
    reason: str
    concern: str
    force: str
    addressee: str
    inspectorate: str
    sender: str
    request: str
    letter_date: date
    due_date: date

    def values(self) -> dict[str, str]:
        return {"force": self.force, "addressee": self.addressee, "date": long_date(self.letter_date),
                "case_ref": self.case_ref, "case_type": self.case_type, "reason": self.reason,
                "concern": self.concern, "request": self.request, "due_date": long_date(self.due_date),
                "inspectorate": self.inspectorate, "sender": self.sender}


@dataclass(frozen=True)
class LetterTemplate:
    """A checked template: every placeholder is known, so filling it in cannot fail halfway."""

    name: str
    template: Template

    @classmethod
    def load(cls, path: Path | str = DEFAULT_TEMPLATE) -> LetterTemplate:
        path = Path(path)
        try:
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise FieldworkError(f"Letter template {path} is larger than {MAX_TEMPLATE_BYTES // 1024} KB.")
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FieldworkError(f"Letter template {path} does not exist.") from None
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
        return cls(name, template)

    def paragraphs(self, letter: ReferralLetter) -> list[tuple[bool, str]]:
        """(bold, text) paragraphs of the filled-in letter; line breaks inside a paragraph are kept."""
        filled = self.template.substitute(letter.values())
        out = []
        for block in re.split(r"\n\s*\n", filled.strip()):
            bold = block.startswith("! ")
            out.append((bold, block[2:] if bold else block))
        return out


def letters_for(referrals: Sequence[ReferralView], info: InspectionInfo, framework: Framework, *,
                letter_date: date, due_days: int = DEFAULT_DUE_DAYS, addressee: str | None = None,
                request: str | None = None, sender: str = "") -> list[ReferralLetter]:
    """One letter per referral, addressed by default to the force's chief officer lead for child protection."""
    to = (addressee if addressee is not None else info.chief_officer).strip()
    if not to:
        raise FieldworkError("No addressee for the letters: set the chief officer lead for this inspection, "
                             "or give one with --addressee.")
    if not 1 <= due_days <= MAX_DUE_DAYS:
        raise FieldworkError(f"The response period must be between 1 and {MAX_DUE_DAYS} days, not {due_days}.")
    plausible_day(letter_date, "letter date")
    reasons = {r.key: r.label for r in framework.referral_reasons}
    types = {c.key: c.label for c in framework.case_types}
    return [ReferralLetter(r.case_ref, types.get(r.case_type, r.case_type), reasons.get(r.reason, r.reason),
                           r.summary or "(no summary recorded)", info.force_name, to, framework.inspectorate,
                           sender or "Lead inspector", request or DEFAULT_REQUEST,
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
    return build_pdf(story, title=title, marking=CASE_MARKING, provenance=provenance)


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
