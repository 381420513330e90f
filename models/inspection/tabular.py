"""Read a CSV or XLSX file into header + rows, refusing anything unsafe or malformed.

Every refusal names the file (and row/column where there is one). Nothing here writes anywhere.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from models.errors import ImportProblem

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 250_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 100_000
# XLSX is a zip: refuse bombs before any XML is parsed.
MAX_ZIP_ENTRIES = 2_000
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
XLSX_MAGIC = b"PK\x03\x04"


class SheetRow(NamedTuple):
    """A NamedTuple, not a dataclass: a 100,000-row sample builds one per row."""

    number: int  # as the user sees it: the header is row 1
    values: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    file: str
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]


def fold_header(header: str) -> str:
    """Headers match case-insensitively, ignoring spaces, hyphens and underscores."""
    return "".join(ch for ch in str(header).casefold() if ch.isalnum())


def read_sheet(path: Path | str) -> Sheet:
    """Read the first sheet of an .xlsx or a .csv file as text cells."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportProblem(name, "file not found.") from None
    except OSError as exc:
        raise ImportProblem(name, f"cannot read the file ({exc.strerror}).") from None
    if not path.is_file():
        raise ImportProblem(name, "this is a folder, not a file; choose the CSV or XLSX file itself.")
    if size == 0:
        raise ImportProblem(name, "the file is empty; expected a header row and at least one case.")
    if size > MAX_FILE_BYTES:
        raise ImportProblem(name, f"the file is {size // (1024 * 1024)} MiB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MiB.")
    with open(path, "rb") as handle:
        head = handle.read(4)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") or head == XLSX_MAGIC:
        if head != XLSX_MAGIC:
            raise ImportProblem(name, "not an Excel workbook (.xlsx); save it as .xlsx or .csv.")
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ""):
        return _read_csv(path)
    if suffix == ".xls":
        raise ImportProblem(name, "old Excel 97-2003 (.xls) files are not read; save it as .xlsx or .csv.")
    raise ImportProblem(name, f"unsupported file type '{suffix}'; expected .csv or .xlsx.")


def _headers(name: str, raw: Sequence[object]) -> tuple[str, ...]:
    headers = tuple("" if h is None else str(h).strip() for h in raw)
    while headers and not headers[-1]:
        headers = headers[:-1]
    if not any(headers):
        raise ImportProblem(name, "the first row must name the columns; it is empty.", row=1)
    if len(headers) > MAX_COLUMNS:
        raise ImportProblem(name, f"{len(headers)} columns; at most {MAX_COLUMNS} are read.", row=1)
    seen: dict[str, str] = {}
    for header in headers:
        if not header:
            continue
        folded = fold_header(header)
        if folded in seen:
            raise ImportProblem(name, f"column '{header}' appears twice (also as '{seen[folded]}').", row=1)
        seen[folded] = header
    return headers


def _row(name: str, number: int, headers: tuple[str, ...], cells: Sequence[object]) -> SheetRow | None:
    values: dict[str, str] = {}
    for index, cell in enumerate(cells):
        text = "" if cell is None else _cell_text(cell)
        if index >= len(headers) or not headers[index]:
            if text.strip():
                raise ImportProblem(name, "a value stands in a column that has no header.", row=number)
            continue
        if len(text) > MAX_CELL_CHARS:
            raise ImportProblem(name, f"cell longer than {MAX_CELL_CHARS} characters.", number, headers[index])
        values[headers[index]] = text.strip()
    if not any(values.values()):
        return None  # blank lines are skipped, as a person would expect
    return SheetRow(number, values)


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _read_csv(path: Path) -> Sheet:
    name = path.name
    raw = path.read_bytes()
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise ImportProblem(name, f"contains a NUL byte at byte {offset}; this is not a text CSV file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportProblem(
            name, f"not UTF-8 text (byte {exc.start}, line {line}); save the file as 'CSV UTF-8'."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[SheetRow] = []
    headers: tuple[str, ...] = ()
    try:
        for cells in reader:
            headers = _headers(name, cells)
            break
        width, named = len(headers), all(headers)
        for index, cells in enumerate(reader, start=2):
            if index - 1 > MAX_ROWS:
                raise ImportProblem(name, f"more than {MAX_ROWS} rows.", row=index)
            if named and len(cells) == width and max(map(len, cells)) <= MAX_CELL_CHARS:
                # The common case, kept lean for 100,000-row samples: every cell text under a named column.
                values = dict(zip(headers, map(str.strip, cells), strict=True))
                if any(values.values()):
                    rows.append(SheetRow(index, values))
                continue
            row = _row(name, index, headers, cells)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        raise ImportProblem(name, f"malformed CSV ({exc}).", row=reader.line_num) from None
    if not headers:
        raise ImportProblem(name, "the file is empty; expected a header row and at least one case.")
    return Sheet(name, headers, tuple(rows))


def check_zip(path: Path) -> None:
    """Refuse a zip whose declared sizes, ratios or entry count could exhaust memory or disk."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportProblem(name, "the workbook is damaged (not a readable .xlsx zip).") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportProblem(name, f"the workbook has {len(entries)} parts; at most {MAX_ZIP_ENTRIES} are allowed.")
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise ImportProblem(name, f"part '{entry.filename}' expands {entry.file_size // max(entry.compress_size, 1)}x; refused as a possible zip bomb.")
    if total > MAX_UNZIPPED_BYTES:
        raise ImportProblem(name, f"the workbook expands to {total // (1024 * 1024)} MiB; refused as a possible zip bomb.")


def _read_xlsx(path: Path) -> Sheet:
    # openpyxl parses with defusedxml when it is importable (defusedxml ships no type hints).
    import defusedxml  # type: ignore[import-untyped]  # noqa: F401
    from openpyxl import load_workbook

    name = path.name
    check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for broken workbooks
        raise ImportProblem(name, "the workbook cannot be read; open it in Excel and save it again as .xlsx.") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportProblem(name, "the workbook has no sheet.")
        rows: list[SheetRow] = []
        headers: tuple[str, ...] = ()
        try:
            for index, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if index == 1:
                    headers = _headers(name, list(cells))
                    continue
                if index - 1 > MAX_ROWS:
                    raise ImportProblem(name, f"more than {MAX_ROWS} rows.", row=index)
                row = _row(name, index, headers, list(cells))
                if row is not None:
                    rows.append(row)
        except ImportProblem:
            raise
        except Exception:
            raise ImportProblem(name, "the worksheet is damaged and cannot be read.") from None
        if not headers:
            raise ImportProblem(name, "the first sheet is empty; expected a header row and at least one case.")
        return Sheet(name, headers, tuple(rows))
    finally:
        workbook.close()
