"""Small realistic force files, written as forces' systems and hands write them, and the three ways an import
may end: imported (the exact cases), warned (the exact warnings, nothing written until accepted) or refused
(the exact problems, nothing written)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.errors import FieldworkError, ImportProblem, ImportRejected, WarningsNotAccepted
from models.inspection.services import InspectionService

HEADER = ["case_ref", "case_type", "sample", "force_grade"]
ROWS: list[list[object]] = [
    ["GC/17/0001", "Domestic abuse", "self-assessed", "Good"],
    ["GC/17/0002", "Missing children", "inspectorate-selected", None],
    ["GC/17/0003", "s47", "self-assessed", "Requires improvement"],
]
CASES = [("GC/17/0001", "domestic-abuse", "self-assessed", "good"),
         ("GC/17/0002", "missing", "inspectorate-selected", None),
         ("GC/17/0003", "s47", "self-assessed", "requires-improvement")]
Cases = list[tuple[str, str, str, str | None]]


def text_file(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def workbook(folder: Path, name: str, sheets: dict[str, Sequence[Sequence[object]]],
             shape: Callable[[dict[str, Worksheet]], None] | None = None) -> Path:
    """A workbook of named sheets; `shape` then hides, merges and formats as a force's analyst would."""
    book = Workbook()
    book.remove(book.active)
    made = {}
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        made[title] = sheet
    if shape:
        shape(made)
    path = folder / name
    book.save(path)
    return path


def state(service: InspectionService) -> tuple[Any, ...]:
    return tuple(service.cases()), tuple(service.referrals()), service.verify_audit().events


def cases(service: InspectionService) -> Cases:
    return [(c.ref, c.case_type, c.sample, c.force_grade) for c in service.cases()]


def imported(service: InspectionService, path: Path, **how: Any) -> Cases:
    """Imported at once: no problem and no warning."""
    preview = service.preview_sample(path, how.pop("mapping", None), **how)
    assert preview.problems == [], [p.describe() for p in preview.problems]
    assert preview.warnings == [], [w.describe() for w in preview.warnings]
    service.import_sample(path, preview.mapping, **how)
    return cases(service)


def warned(service: InspectionService, path: Path, expected: Collection[str] | None = None, *,
           grades: bool = False, **how: Any) -> list[str]:
    """Readable but suspicious: refused until each warning is accepted, then imported. Returns the warnings."""
    mapping = how.pop("mapping", None)
    preview = (service.preview_gradings if grades else service.preview_sample)(path, mapping, **how)
    assert preview.problems == [], [p.describe() for p in preview.problems]
    warnings = [w.describe() for w in preview.warnings]
    assert warnings, "expected warnings"
    if expected is not None:
        assert warnings == list(expected)
    run = service.import_gradings if grades else service.import_sample
    before = state(service)
    with pytest.raises(WarningsNotAccepted) as caught:
        run(path, mapping, **how)
    assert [w.describe() for w in caught.value.warnings] == warnings
    with pytest.raises(WarningsNotAccepted):
        run(path, mapping, accepted=warnings[:-1], **how)  # every one must be accepted, not most
    assert state(service) == before
    run(path, mapping, accepted=warnings, **how)
    return warnings


def refused(service: InspectionService, path: Path, *, grades: bool = False, **how: Any) -> list[str]:
    """Refused: every problem named, nothing written."""
    before = state(service)
    run = service.import_gradings if grades else service.import_sample
    with pytest.raises(FieldworkError) as caught:
        run(path, how.pop("mapping", None), accepted=(), **how)
    assert state(service) == before
    error = caught.value
    if isinstance(error, ImportRejected):
        return [p.describe() for p in error.problems]
    assert isinstance(error, ImportProblem), error
    return [error.describe()]


def a_date(day: int) -> datetime:
    return datetime(2017, 1, day)
