"""Render the first page of the demo's tables PDF and of a referral letter to PNG, for docs/screenshots/.

Run: `python -m exports.render_samples [OUT_DIR]` (or `make screenshots-docs`). Needs `pdftoppm`
(Debian: poppler-utils). The PDFs are piped to pdftoppm, never written to disk; the demo data is synthetic.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from exports.documents import provenance_for
from exports.letters import LetterTemplate, letter_pdf, letters_for
from exports.pdf import tables_pdf
from exports.report import build_report
from models.errors import FieldworkError
from models.inspection.demo import create_demo

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
RESOLUTION = 110  # dpi: an A4 page about 910 x 1290 pixels


def first_page_png(pdf: bytes, target: Path) -> Path:
    """Rasterise page 1 with pdftoppm, reading the PDF from stdin."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise FieldworkError("pdftoppm is not installed (Debian/Ubuntu: apt-get install poppler-utils).")
    root = target.with_suffix("")
    subprocess.run([tool, "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1", "-singlefile", "-", str(root)],
                   input=pdf, check=True)
    return root.with_suffix(".png")


def render(out: Path = DEFAULT_OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        service = create_demo(Path(folder) / "demo.fieldwork")
        try:
            report = build_report(service.tally())
            info = report.tally.inspection
            provenance = provenance_for(info, provisional=report.provisional)
            # a synthetic addressee and signatory: the demo names no real person
            letter = letters_for(service.referrals()[:1], info, service.framework, letter_date=date.today(),
                                 addressee="A. Example", sender="B. Example", sender_role="Lead inspector")
            letter_provenance = provenance_for(info, provisional=False, inspectorate=service.framework.inspectorate)
            pdfs = {"tables-pdf-page1.png": tables_pdf(report, provenance),
                    "referral-letter-page1.png": letter_pdf(letter, LetterTemplate.load(), letter_provenance),
                    "referral-letter-welsh-english-page1.png": letter_pdf(
                        letter, LetterTemplate.load("welsh-english"), letter_provenance)}
        finally:
            service.close()
    return [first_page_png(data, out / name) for name, data in pdfs.items()]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT):
        print(f"Wrote {path}")
