"""Each connection's page cache is sized to the file (bounded), so large inspections are tallied from memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.inspection import database
from models.inspection.cipher import PAGE_SIZE
from models.inspection.database import CACHE_CEILING, CACHE_FLOOR, bulk_insert, cache_pages_for
from models.inspection.services import InspectionService
from models.inspection.tables import Case

MiB = 1024 * 1024


def test_the_cache_holds_the_whole_file_between_a_floor_and_a_ceiling() -> None:
    assert cache_pages_for(0) == CACHE_FLOOR // PAGE_SIZE
    assert cache_pages_for(10 * MiB) == CACHE_FLOOR // PAGE_SIZE
    assert cache_pages_for(200 * MiB) * PAGE_SIZE >= 200 * MiB  # a 1,000,000-case file fits, with room to grow
    assert cache_pages_for(200 * MiB) * PAGE_SIZE < 400 * MiB
    assert cache_pages_for(50 * 1024 * MiB) == CACHE_CEILING // PAGE_SIZE


def cache_size(service: InspectionService) -> int:
    with service.connect() as connection:
        value = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    assert isinstance(value, int)
    return value


def test_a_connection_grows_its_cache_with_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a small floor and step, so a file of a few hundred kilobytes shows the resizing
    monkeypatch.setattr(database, "CACHE_FLOOR", 16 * PAGE_SIZE)
    monkeypatch.setattr(database, "CACHE_STEP", 8 * PAGE_SIZE)
    path = tmp_path / "grows.fieldwork"
    with InspectionService.create(path, "a long test passphrase", force_name="Test Police", actor="t") as service:
        before = cache_size(service)
        assert before == database.cache_pages_for(path.stat().st_size)
        with service.write() as session:
            bulk_insert(session.connection(), Case.__table__,
                        [(f"C-{i:06d}", "s47", "inspectorate-selected", None, False, False) for i in range(20_000)],
                        columns=("ref", "case_type", "sample", "force_grade", "moderated", "disagreement"))
        with service.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the rows reach the file itself
        after = cache_size(service)
        assert after == database.cache_pages_for(path.stat().st_size)
        assert after * PAGE_SIZE >= path.stat().st_size > before * PAGE_SIZE
        assert service.tally().total == service.case_count() == 20_000
