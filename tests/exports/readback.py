"""Read generated documents back, and build small inspections to export."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
from pypdf import PdfReader

from exports.documents import Provenance, provenance_for
from exports.report import Report, build_report
from models.inspection.services import InspectionService

GENERATED = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)


def flat(value: str) -> str:
    """Whitespace folded, so text wrapped across lines or table cells compares with the tally's text."""
    return " ".join(value.split())


def pdf_pages(data: bytes | Path) -> list[str]:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return [flat(page.extract_text()) for page in reader.pages]


def pdf_text(data: bytes | Path) -> str:
    return " ".join(pdf_pages(data))


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of the fonts embedded as TrueType programs (FontFile2) in the PDF."""
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.add(re.sub(r"^[A-Z]{6}\+", "", str(font["/BaseFont"]).lstrip("/")))
    return names


def docx_document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def xlsx_workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def report_and_provenance(service: InspectionService, packages: tuple[str, ...] = ()) -> tuple[Report, Provenance]:
    report = build_report(service.tally())
    return report, provenance_for(report.tally.inspection, provisional=report.provisional, packages=packages,
                                  generated_at=GENERATED, inspectorate=report.tally.framework.inspectorate)


# (ref, case type, sample, force grade, inspectorate grade) of a small 2014-framework inspection.
FOUR_GRADE_CASES = [
    ("FG-01", "s47", "self-assessed", "good", "adequate"),
    ("FG-02", "s47", "self-assessed", "adequate", "adequate"),
    ("FG-03", "domestic-abuse", "self-assessed", "good", "inadequate"),
    ("FG-04", "cse", "self-assessed", "requires-improvement", "requires-improvement"),
    ("FG-05", "online-abuse", "self-assessed", "adequate", "good"),
    ("FG-06", "custody", "self-assessed", "good", "good"),
    ("FG-07", "missing", "inspectorate-selected", None, "inadequate"),
    ("FG-08", "missing", "inspectorate-selected", None, "adequate"),
    ("FG-09", "sex-offender", "inspectorate-selected", None, "requires-improvement"),
    ("FG-10", "police-protection", "inspectorate-selected", None, "adequate"),
    ("FG-11", "general-concern", "inspectorate-selected", None, "good"),
    ("FG-12", "cse", "inspectorate-selected", None, "adequate"),
]


def four_grade_inspection(path: Path) -> InspectionService:
    """A 2014-style inspection (Good / Adequate / Requiring improvement / Inadequate), fully graded."""
    service = InspectionService.create(path, "four grade passphrase 2014", force_name="Oldshire Police",
                                       actor="lead", framework="ncpi-2014", force_term="force",
                                       chief_officer="Detective Chief Superintendent, lead for child protection")
    for ref, case_type, sample, force_grade, grade in FOUR_GRADE_CASES:
        service.add_case(ref, case_type, sample, force_grade)
        service.set_grade(ref, "B. Grader", grade)
    service.raise_referral("FG-03", "procedures-not-followed", "No strategy discussion was held.")
    return service
