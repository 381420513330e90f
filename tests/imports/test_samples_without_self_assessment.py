"""A sample for a framework without force self-assessment: every case is inspectorate-selected, the sample
column may be left out, and a self-assessed row or a force grade is refused where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import ImportRejected, ServiceError
from models.inspection.services import InspectionService

PASSPHRASE = "harbour copper willow gate 24"
REVIEW = "National child protection inspection: post-inspection review"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def create(folder: Path, framework: str) -> InspectionService:
    return InspectionService.create(folder / f"{framework}.fieldwork", PASSPHRASE, force_name="Dorset Police",
                                    actor="lead", framework=framework)


def refused(service: InspectionService, path: Path) -> list[str]:
    before = (service.cases(), service.verify_audit().events)
    with pytest.raises(ImportRejected) as caught:
        service.import_sample(path)
    assert (service.cases(), service.verify_audit().events) == before
    return [p.describe() for p in caught.value.problems]


def test_ncpi_2024_sample_without_a_sample_column(tmp_path: Path) -> None:
    with create(tmp_path, "ncpi-2024") as service:
        summary = service.import_sample(write(tmp_path, "s.csv", "Case reference,Case type\nNY-1,DA\nNY-2,S47\n"))
        assert summary.added == 2
        assert {c.ref: c.sample for c in service.cases()} == {"NY-1": "inspectorate-selected",
                                                              "NY-2": "inspectorate-selected"}
        assert all(c.force_grade is None for c in service.cases())


def test_a_sample_column_may_stay_and_be_left_empty(tmp_path: Path) -> None:
    with create(tmp_path, "ncpi-review") as service:
        service.import_sample(write(tmp_path, "s.csv", "case_ref,case_type,sample,force_grade\n"
                                                       "D1,DA,inspectorate-selected,\nD2,Missing,,\n"))
        assert [c.sample for c in service.cases()] == ["inspectorate-selected", "inspectorate-selected"]


def test_a_self_assessed_row_is_refused_for_a_review(tmp_path: Path) -> None:
    with create(tmp_path, "ncpi-review") as service:
        problems = refused(service, write(tmp_path, "s.csv", "case_ref,case_type,sample,force_grade\n"
                                                             "D1,DA,inspectorate-selected,\n"
                                                             "D2,DA,self-assessed,Good\n"
                                                             "D3,Missing,,Inadequate\n"
                                                             "D4,Missing,random,\n"))
        assert problems == [
            f"s.csv, row 3, column 'sample': {REVIEW} has no force self-assessment: every case is "
            "inspectorate-selected; mark the case inspectorate-selected or leave the sample column out.",
            f"s.csv, row 3, column 'force_grade': {REVIEW} has no force self-assessment: every case is "
            "inspectorate-selected, so no case carries a force grade; leave this column empty.",
            f"s.csv, row 4, column 'force_grade': {REVIEW} has no force self-assessment: every case is "
            "inspectorate-selected, so no case carries a force grade; leave this column empty.",
            "s.csv, row 5, column 'sample': sample 'random' is not one of: inspectorate-selected.",
        ]
        with pytest.raises(ServiceError, match="has no force self-assessment"):
            service.add_case("D9", "DA", "self-assessed", "Good")


def test_a_framework_with_self_assessment_still_needs_the_sample_column(inspection: InspectionService,
                                                                        tmp_path: Path) -> None:
    problems = refused(inspection, write(tmp_path, "s.csv", "case_ref,case_type\nR1,DA\n"))
    assert problems == ["s.csv, row 1: no 'sample' column; the header row has: case_ref, case_type."]
