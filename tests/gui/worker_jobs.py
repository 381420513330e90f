"""Jobs for tests that run in a worker process (no Qt here: a worker imports this module): ones held mid-way,
and one that says which modules the worker has loaded.

A monkeypatch in the test's process does not reach a worker process, so the hold is patched in by the job
itself, in the worker, and the two sides speak through files in a folder: the worker makes `inside` when it is
held (mid-transaction) and goes on once the test makes `release`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar

from desktop.controllers.jobs import ImportJob, Job, MergeJob, TablesJob
from models.progress import Progress

HOLD_S = 20.0


class Hold:
    """The test's side: wait until the worker is held, then release it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def wait_inside(self, timeout: float = HOLD_S) -> bool:
        deadline = time.monotonic() + timeout
        while not (self.folder / "inside").exists():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    @property
    def worker(self) -> int:
        """The process id of the worker that is held."""
        return int((self.folder / "inside").read_text())

    def release(self) -> None:
        (self.folder / "release").touch()


def _held(folder: Path) -> None:
    # the worker's process id, for a test that kills it: written whole before the test can see the file
    (folder / "inside.part").write_text(str(os.getpid()))
    (folder / "inside.part").replace(folder / "inside")
    deadline = time.monotonic() + HOLD_S
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.01)


@contextmanager
def _patched(owner: Any, name: str, folder: Path) -> Iterator[None]:
    """owner.name waits on the hold before doing what it does (in the worker process)."""
    original: Callable[..., Any] = getattr(owner, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        _held(folder)
        return original(*args, **kwargs)

    setattr(owner, name, waiting)
    try:
        yield
    finally:
        setattr(owner, name, original)


@dataclass(frozen=True)
class HeldMergeJob(MergeJob):
    """A merge held as it archives its first package: inside its transaction, the file held for writing."""

    hold: Path = Path()

    def run(self, progress: Progress) -> Any:
        import models.team.merge

        with _patched(models.team.merge, "_record", self.hold):
            return super().run(progress)


@dataclass(frozen=True)
class HeldImportJob(ImportJob):
    """An import held before it writes its first batch of cases (its transaction begun)."""

    hold: Path = Path()

    def run(self, progress: Progress) -> Any:
        import models.inspection.services

        with _patched(models.inspection.services, "bulk_insert", self.hold):
            return super().run(progress)


@dataclass(frozen=True)
class HeldTablesJob(TablesJob):
    """The report tables as a PDF, held at the document's first page step (its temporary file being written)."""

    hold: Path = Path()

    def run(self, progress: Progress) -> Path:
        import exports.pdf

        with _patched(exports.pdf, "step", self.hold):
            return super().run(progress)


@dataclass(frozen=True)
class BrokenTablesJob(TablesJob):
    """The report tables with a bug: the worker raises."""

    def run(self, progress: Progress) -> Path:
        raise RuntimeError("a bug in the export")


def held_import(job: ImportJob, folder: Path) -> HeldImportJob:
    """The same import, held in its worker before it writes."""
    return HeldImportJob(**{f.name: getattr(job, f.name) for f in fields(job)}, hold=folder)


@dataclass(frozen=True)
class ModulesJob(Job):
    """The process that runs it: its id and the top-level packages it has loaded."""

    isolated: ClassVar[bool] = True

    def run(self, progress: Progress) -> tuple[int, list[str]]:
        progress(0, 1)
        return os.getpid(), sorted({name.split(".")[0] for name in sys.modules})


@dataclass(frozen=True)
class NetworkJob(Job):
    """A job that (wrongly) reaches for the network."""

    isolated: ClassVar[bool] = True

    def run(self, progress: Progress) -> None:
        import socket

        socket.create_connection(("127.0.0.1", 9), timeout=1)


@dataclass(frozen=True)
class SteppingJob(Job):
    """Steps of a few milliseconds each, reporting each one (where a cancel is seen); 'done' at the end."""

    steps: int = 1
    isolated: ClassVar[bool] = True

    def run(self, progress: Progress) -> str:
        for step in range(self.steps):
            progress(step, self.steps)
            time.sleep(0.01)
        return "done"


@dataclass(frozen=True)
class UnsendableResultJob(Job):
    """Finishes, but with a result nested too deep to be sent back."""

    isolated: ClassVar[bool] = True

    def run(self, progress: Progress) -> list[object]:
        nested: list[object] = []
        for _ in range(100_000):
            nested = [nested]
        return nested
