"""Files written the one safe way: beside the target, fsynced, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from models.errors import FieldworkError


def check_folder(folder: Path) -> None:
    """Refuse a missing or unwritable folder up front, with a message naming it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FieldworkError(f"Cannot write in {folder}: the folder does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FieldworkError(f"Cannot write in {folder}: the folder is read-only.")


def write_atomically(target: Path | str, content: str | bytes) -> None:
    """Write beside the target, then rename: a failure never leaves a half-written file."""
    target = Path(target)
    if not target.parent.is_dir():
        raise FieldworkError(f"Cannot write {target}: folder {target.parent} does not exist.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise FieldworkError(f"Cannot write in {target.parent}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise FieldworkError(f"Cannot write {target}: {exc.strerror}.") from None
    except BaseException:  # Ctrl-C or out of memory: no hidden partial document is left beside the target
        Path(temp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def written_unless_failed(target: Path | str) -> Iterator[Callable[[bytes], None]]:
    """A `deliver` callback that writes target atomically, and removes it again if the work around it then
    fails (a package written but its export's commit refused must not be left on the USB stick)."""
    written = False

    def deliver(data: bytes) -> None:
        nonlocal written
        write_atomically(target, data)
        written = True

    try:
        yield deliver
    except BaseException:
        if written:
            Path(target).unlink(missing_ok=True)
        raise


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Write several files; if one fails, the ones already renamed in this call are removed again."""
    written: list[Path] = []
    try:
        for target, data in files.items():
            existed = target.exists()
            write_atomically(target, data)
            if not existed:
                written.append(target)
    except FieldworkError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
