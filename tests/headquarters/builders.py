"""Synthetic inspections for the headquarters tests and benchmarks (invented references, no real data)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from models.inspection.services import InspectionService

TYPES = ("cse", "custody", "s47", "domestic-abuse", "general-concern", "missing", "police-protection",
         "online-abuse", "sex-offender")
GRADES = ("good", "requires-improvement", "inadequate")
PASSPHRASE = "headquarters test passphrase 7"


def write_sample(path: Path, cases: int, prefix: str = "HQ", self_assessment: bool = True) -> None:
    """Every third case self-assessed (if the framework has a self-assessment), graded by the force one step
    kinder than the inspectorate when i % 2."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "case_type", "sample", "force_grade"])
        for i in range(cases):
            self_assessed = self_assessment and i % 3 == 0
            writer.writerow([f"{prefix}-{i:07d}", TYPES[i % len(TYPES)],
                             "self-assessed" if self_assessed else "inspectorate-selected",
                             force_grade(i) if self_assessed else ""])


def grade(i: int) -> str:
    return GRADES[(i // 3) % 3]


def force_grade(i: int) -> str:
    """The force's own grade: the inspectorate's, or one step more favourable on odd cases."""
    g = GRADES.index(grade(i))
    return GRADES[max(g - 1, 0)] if i % 2 else GRADES[g]


def write_gradings(path: Path, cases: int, prefix: str = "HQ", concern_every: int = 10) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "inspector", "grade", "serious_concern", "concern_summary", "notes", "refer"])
        for i in range(cases):
            concern = i % concern_every == 0  # every concern referred back
            writer.writerow([f"{prefix}-{i:07d}", "A. Inspector", grade(i), "yes" if concern else "no",
                             f"Synthetic concern {i}" if concern else "", f"Synthetic note for case {i}",
                             "yes" if concern else "no"])


def build_inspection(folder: Path, force: str, cases: int, *, graded: bool = True, prefix: str = "HQ",
                     concern_every: int = 10, framework: str = "ncpi-2017",
                     dates: tuple[date, date] | None = None) -> InspectionService:
    """A new inspection file in folder with a generated sample (and gradings); returned open, actor 'lead'."""
    stem = force.lower().replace(" ", "-")
    service = InspectionService.create(folder / f"{stem}.fieldwork", PASSPHRASE, force_name=force, actor="lead",
                                       framework=framework, dates=dates)
    sample = folder / f"{stem}-sample.csv"
    write_sample(sample, cases, prefix, service.framework.self_assessment)
    service.import_sample(sample)
    if graded:
        gradings = folder / f"{stem}-gradings.csv"
        write_gradings(gradings, cases, prefix, concern_every)
        service.import_gradings(gradings)
    return service
