"""The year documents carry is the inspection's (its fieldwork's last day), never today's or the file's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from exports.report import build_report, to_json_dict
from exports.writers import write_tables
from models.inspection.framework import FRAMEWORKS_DIR, parse_framework
from models.inspection.services import InspectionService
from tests.exports.readback import pdf_text

PASSPHRASE = "harbour copper willow gate 24"


def test_the_narrative_and_documents_name_the_fieldwork_year(tmp_path: Path) -> None:
    text = (FRAMEWORKS_DIR / "ncpi-review.toml").read_text(encoding="utf-8")
    text += '\n[[sentences]]\nkey = "when"\nmany = "{inspectorate} inspected {force} in {year}."\n'
    framework = parse_framework(text, origin="review with a year")
    with InspectionService.create(tmp_path / "d.fieldwork", PASSPHRASE, force_name="Dorset Police", actor="lead",
                                  framework=framework, dates=(date(2021, 12, 6), date(2022, 1, 14))) as service:
        report = build_report(service.tally())
        assert report.narrative[-1] == "HMICFRS inspected Dorset Police in 2022."
        assert to_json_dict(report)["inspection"]["year"] == 2022
        pdf = pdf_text(write_tables(service, "pdf", tmp_path / "t.pdf").read_bytes())
        assert "inspected Dorset Police in 2022." in pdf
        service.set_dates(date(2019, 3, 4), date(2019, 3, 15))
        assert build_report(service.tally()).narrative[-1] == "HMICFRS inspected Dorset Police in 2019."
