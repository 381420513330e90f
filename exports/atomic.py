"""Exports: progress and cancel for the document builders, and the one way a document reaches its target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from models.errors import FieldworkError
from models.files import check_folder, write_atomically
from models.progress import Progress, WorkCancelled

__all__ = ["ExportCancelled", "Progress", "export", "step"]


class ExportCancelled(WorkCancelled):
    """The user cancelled an export; nothing was written at the target."""

    def __init__(self, target: object = None) -> None:
        where = f" {target}" if target else ""
        super().__init__(f"Export{where} cancelled; nothing was written.")


def step(progress: Progress | None, done: int, total: int) -> None:
    """Report progress; raise ExportCancelled when the caller asks to stop."""
    if progress is not None and progress(done, total) is False:
        raise ExportCancelled()


def export(target: Path | str, render: Callable[[], bytes | str]) -> Path:
    """Check the folder before the (possibly long) rendering, then write the result atomically."""
    target = Path(target)
    check_folder(target.parent)
    if target.is_dir():
        raise FieldworkError(f"Cannot write {target}: it is a folder; give a file name.")
    write_atomically(target, render())
    return target
