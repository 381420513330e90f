"""Read a CSV or XLSX file into header + rows, refusing anything unsafe or malformed.

Forces send what their systems export: title rows above the header, a cover sheet before the sample, Windows
encodings, semicolons, hidden (filtered) rows, merged cells, a comment beside the table. Each is either read
and said (`Reading.notes`), or read and warned about (`Sheet.warnings`, which the user must accept), or refused;
nothing is guessed silently. Every message names the file, the sheet, the row and the column. Nothing here
writes anywhere.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from models.errors import EncodingNotConfirmed, ImportProblem

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_FILE_BYTES = 128 * 1024 * 1024  # a million-case sample with a few columns beside the ones read
MAX_ROWS = 2_000_000  # a text file's cases: a million-case sample with room to spare
MAX_SHEET_ROWS = 250_000  # a workbook's: a loaded worksheet holds every cell as an object, ~1 KB a row
MAX_COLUMNS = 200
MAX_CELL_CHARS = 100_000
# XLSX is a zip: refuse bombs before any XML is parsed.
MAX_ZIP_ENTRIES = 2_000
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
XLSX_MAGIC = b"PK\x03\x04"
HEADER_SCAN_ROWS = 30  # title rows above a header are a few lines, never a page
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "commas (',')", ";": "semicolons (';')", "\t": "tabs", "|": "vertical bars ('|')"}
# A row whose first filled cell says this is a total line under the table, not a case.
TOTAL_WORDS = ("total", "totals", "grandtotal", "subtotal", "sum", "count")
_TOTAL_LINE = re.compile(r"\s*(grand\s*|sub\s*)?totals?(\s+[a-z]+)?\s*:?\s*\d*\s*$", re.IGNORECASE)
SHOWN_CHARS = 40
ENGLISH_CODE_PAGES = ("cp1252", "iso8859-15", "iso8859-1", "mac-roman")  # as codecs.lookup names them  # how much of a stray cell's text a warning quotes


class SheetRow(NamedTuple):
    """A NamedTuple, not a dataclass: a 100,000-row sample builds one per row."""

    number: int  # as the user sees it: the row's number in the file (the header's is usually 1)
    values: dict[str, str]


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about how to read the file; None leaves it to detection, which says what it chose."""

    sheet: str | None = None  # a worksheet's name or its number (1 = first)
    header_row: int | None = None
    encoding: str | None = None  # a codec name, e.g. "cp1252"; only for text files
    delimiter: str | None = None  # one character; only for text files
    include_hidden: bool = False  # rows hidden in Excel (under a filter) are left out unless asked


def delimiter_name(delimiter: str) -> str:
    return DELIMITER_NAMES.get(delimiter, f"'{delimiter}'")


@dataclass(frozen=True)
class Reading:
    """How the file was read, shown before anything is written."""

    sheet: str | None = None  # the worksheet read; None for a text file
    sheets: tuple[str, ...] = ()  # every worksheet of the workbook
    header_row: int = 1
    encoding: str | None = None  # text files only
    delimiter: str | None = None  # text files only
    notes: tuple[str, ...] = ()  # what was found and chosen, in words

    def delimiter_name(self) -> str:
        return delimiter_name(self.delimiter or ",")


@dataclass(frozen=True)
class Sheet:
    file: str
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    reading: Reading = field(default_factory=Reading)
    warnings: tuple[ImportProblem, ...] = ()  # suspicious but readable: imported only once accepted
    # (row, header) -> what Excel stored in a cell shown as text through a number format, e.g. "a date"
    formatted: dict[tuple[int, str], str] = field(default_factory=dict)

    @property
    def sheet_name(self) -> str | None:
        return self.reading.sheet

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> ImportProblem:
        return ImportProblem(self.file, message, row, column, sheet=self.reading.sheet)


def fold_header(header: str) -> str:
    """Headers match case-insensitively, ignoring spaces, hyphens and underscores."""
    return "".join(ch for ch in str(header).casefold() if ch.isalnum())


def read_sheet(path: Path | str, options: ReadOptions | None = None, expected: Collection[str] = ()) -> Sheet:
    """Read an .xlsx or a .csv file as text cells.

    `expected` holds the folded header names the caller understands: the header row (and the worksheet) is the
    one naming most of them, so title rows and cover sheets are passed over and said so.
    """
    path = Path(path)
    options = options or ReadOptions()
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
    if options.header_row is not None and options.header_row < 1:
        raise ImportProblem(name, f"header row {options.header_row} does not exist; rows are numbered from 1.")
    with open(path, "rb") as handle:
        head = handle.read(4)
    suffix = path.suffix.lower()
    expected = frozenset(expected)
    if suffix in (".xlsx", ".xlsm") or head == XLSX_MAGIC:
        if head != XLSX_MAGIC:
            raise ImportProblem(name, "not an Excel workbook (.xlsx); save it as .xlsx or .csv.")
        return _read_xlsx(path, options, expected)
    if suffix in (".csv", ".txt", ".tsv", ""):
        return _read_csv(path, options, expected)
    if suffix == ".xls":
        raise ImportProblem(name, "old Excel 97-2003 (.xls) files are not read; save it as .xlsx or .csv.")
    raise ImportProblem(name, f"unsupported file type '{suffix}'; expected .csv or .xlsx.")


# -- finding the header --------------------------------------------------------------------------------------


def _score(cells: Sequence[str], expected: frozenset[str]) -> int:
    """How many of the caller's column names a row holds."""
    return len({fold_header(c) for c in cells if c} & expected)


def _best_header(grid: Sequence[Sequence[str]], expected: frozenset[str]) -> tuple[int, int]:
    """(index, score) of the row within the first few naming most expected columns; the first filled row if none."""
    best, best_score = -1, 0
    for index, cells in enumerate(grid[:HEADER_SCAN_ROWS]):
        score = _score(cells, expected) if expected else 0
        if score > best_score:
            best, best_score = index, score
    if best < 0:
        best = next((i for i, cells in enumerate(grid[:HEADER_SCAN_ROWS]) if any(c.strip() for c in cells)), 0)
    return best, best_score


def _header_index(grid: Sequence[Sequence[str]], expected: frozenset[str], options: ReadOptions,
                  problem: _Locator, notes: list[str]) -> int:
    if options.header_row is not None:
        if options.header_row > len(grid):
            raise problem(f"header row {options.header_row} is past the end of the table ({len(grid)} rows).")
        notes.append(f"header on row {options.header_row}, as asked")
        return options.header_row - 1
    index, score = _best_header(grid, expected)
    above = [i for i in range(index) if any(c.strip() for c in grid[i])]
    if above:
        rows = f"row {above[0] + 1}" if len(above) == 1 else f"rows {above[0] + 1}–{above[-1] + 1}"
        look = "looks like a title" if len(above) == 1 else "look like a title"
        notes.append(f"the header seems to be on row {index + 1}; {rows} {look} and {'is' if len(above) == 1 else 'are'}"
                     f" not read (choose another header row if that is wrong)")
    elif index:
        notes.append(f"the header is on row {index + 1}, below empty rows")
    return index


class _Locator:
    """Builds problems located in one file (and worksheet)."""

    def __init__(self, file: str, sheet: str | None) -> None:
        self.file, self.sheet = file, sheet

    def __call__(self, message: str, row: int | None = None, column: str | None = None) -> ImportProblem:
        return ImportProblem(self.file, message, row, column, sheet=self.sheet)


def _headers(problem: _Locator, raw: Sequence[object], row: int) -> tuple[str, ...]:
    headers = tuple("" if h is None else str(h).strip() for h in raw)
    while headers and not headers[-1]:
        headers = headers[:-1]
    if not any(headers):
        raise problem("the header row must name the columns; it is empty.", row=row)
    if len(headers) > MAX_COLUMNS:
        raise problem(f"{len(headers)} columns; at most {MAX_COLUMNS} are read.", row=row)
    seen: dict[str, str] = {}
    for header in headers:
        if not header:
            continue
        folded = fold_header(header)
        if folded in seen:
            raise problem(f"column '{header}' appears twice (also as '{seen[folded]}').", row=row)
        seen[folded] = header
    return headers


# -- the table below the header ------------------------------------------------------------------------------


@dataclass
class _Grid:
    """A worksheet or a text file as rows of display text, with what Excel knows about them."""

    rows: list[list[str]]
    hidden_rows: set[int] = field(default_factory=set)  # 1-based
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    formatted: dict[tuple[int, int], str] = field(default_factory=dict)  # (row 1-based, column 0-based) -> kind
    merges: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # min_row, min_col, max_row, max_col, A1:B2
    filter_range: str | None = None
    letters: bool = False  # name cells as Excel does (B4), else by column number


def _cell_name(grid: _Grid, row: int, column: int) -> str:
    if grid.letters:
        from openpyxl.utils import get_column_letter

        return f"cell {get_column_letter(column + 1)}{row}"
    return f"row {row}, column {column + 1}"


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _ranges(numbers: Iterable[int]) -> str:
    """7, 9–11: how rows are listed to people."""
    ordered = sorted(numbers)
    parts: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


_TOTAL_INITIALS = ("T", "t", "G", "g", "S", "s", "C", "c")  # how each of TOTAL_WORDS begins


def _is_total(cells: Sequence[str]) -> bool:
    first = cells[0] if cells and cells[0] else next((c for c in cells if c.strip()), "")
    if first.lstrip()[:1] not in _TOTAL_INITIALS:
        return False  # most rows: decided on one character, as a 100,000-row sample asks
    return fold_header(first) in TOTAL_WORDS or _TOTAL_LINE.match(first) is not None


def _fill_merges(grid: _Grid, header_index: int, problem: _Locator, warnings: list[ImportProblem]) -> None:
    """A value merged down over a group of rows belongs to each of them; said, never done quietly."""
    for min_row, min_col, max_row, max_col, coord in grid.merges:
        if max_row <= header_index + 1:
            continue  # a merged title or header cell: nothing to fill
        if min_col != max_col:
            if min_row != max_row:
                warnings.append(problem(f"cells {coord} are merged across rows and columns; only the top-left "
                                        "value is read, in its own row and column.", min_row))
            continue  # merged across columns within one row: read where it stands
        first = max(min_row, header_index + 2)
        top = grid.rows[min_row - 1][min_col] if min_col < len(grid.rows[min_row - 1]) else ""
        if not top.strip():
            continue
        for row in range(first, max_row + 1):
            cells = grid.rows[row - 1]
            while len(cells) <= min_col:
                cells.append("")
            cells[min_col] = top
        letter = coord.split(":")[0]
        warnings.append(problem(f"cells {coord} are merged: rows {min_row}–{max_row} each take '{_shown(top)}' "
                                f"from {letter}.", min_row))


def _table(file: str, grid: _Grid, options: ReadOptions, expected: frozenset[str], reading: Reading,
           notes: list[str]) -> Sheet:
    problem = _Locator(file, reading.sheet)
    if not grid.rows or not any(any(c.strip() for c in cells) for cells in grid.rows):
        where = f"sheet '{reading.sheet}' is" if reading.sheet is not None else "the file is"
        raise problem(f"{where} empty; expected a header row and at least one case.")
    index = _header_index(grid.rows, expected, options, problem, notes)
    header_number = index + 1
    headers = _headers(problem, grid.rows[index], header_number)
    warnings: list[ImportProblem] = []
    _fill_merges(grid, index, problem, warnings)
    width, named = len(headers), all(headers)
    rows: list[SheetRow] = []
    stray: list[str] = []
    hidden: list[int] = []
    totals: list[int] = []
    lean = named and not (grid.hidden_rows or grid.letters)
    body = grid.rows[index + 1:]
    if len(body) > MAX_ROWS:
        raise problem(f"more than {MAX_ROWS:,} rows.", row=header_number + MAX_ROWS + 1)
    del grid.rows[index + 1:]
    body.reverse()  # popped from the end: each row's list is freed once read (its cells live on in its values)
    offset = index + 1
    while body:
        cells = body.pop()
        offset += 1
        if lean and len(cells) == width and max(map(len, cells)) <= MAX_CELL_CHARS:
            # The common case, kept lean for 100,000-row samples: every cell text under a named column.
            values = dict(zip(headers, map(str.strip, cells), strict=True))
            if any(values.values()):
                initial = cells[0][:1]
                if (initial in _TOTAL_INITIALS or not initial.isalnum()) and _is_total(cells):
                    totals.append(offset)
                else:
                    rows.append(SheetRow(offset, values))
            continue
        if offset in grid.hidden_rows and any(c.strip() for c in cells):
            hidden.append(offset)
            if not options.include_hidden:
                continue
        values = {}
        for column, text in enumerate(cells):
            if column >= width or not headers[column]:
                if text.strip():
                    stray.append(f"{_cell_name(grid, offset, column)} ('{_shown(text)}')")
                continue
            if len(text) > MAX_CELL_CHARS:
                raise problem(f"cell longer than {MAX_CELL_CHARS} characters.", offset, headers[column])
            values[headers[column]] = text.strip()
        if not any(values.values()):
            continue  # blank lines (and a row holding only a stray comment) are skipped, as a person expects
        if _is_total(cells):
            totals.append(offset)
            continue
        rows.append(SheetRow(offset, values))
    if hidden:
        under = f" (filtered out by the filter on {grid.filter_range})" if grid.filter_range else ""
        listed = "this row is" if len(hidden) == 1 else f"rows {_ranges(hidden)} are"
        what = ("imported, as asked" if options.include_hidden
                else "left out; include hidden rows to import them")
        warnings.append(problem(f"{listed} hidden in Excel{under} and {what}.",
                                hidden[0] if len(hidden) == 1 else None))
    for column in sorted(grid.hidden_columns):
        if column < width and headers[column]:
            warnings.append(problem("this column is hidden in Excel; it is read like the others.", header_number,
                                    headers[column]))
    if stray:
        more = f" and {len(stray) - 5} more" if len(stray) > 5 else ""
        warnings.append(problem(f"outside the table (no header above): {', '.join(stray[:5])}{more}; "
                                f"{'it is' if len(stray) == 1 else 'they are'} ignored."))
    for number in totals:
        warnings.append(problem("this row looks like a total, not a case; it is not imported.", number))
    formatted = {(r, headers[c]): kind for (r, c), kind in grid.formatted.items()
                 if r > header_number and c < width and headers[c]}
    final = Reading(reading.sheet, reading.sheets, header_number, reading.encoding, reading.delimiter, tuple(notes))
    return Sheet(file, headers, tuple(rows), final, tuple(warnings), formatted)


# -- text files ------------------------------------------------------------------------------------------------


def _decode(name: str, raw: bytes, asked: str | None, notes: list[str]) -> tuple[str, str]:
    """The file's text and the encoding it was read in: UTF-8, a byte-order mark's, or the one the user confirmed."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and asked is None:
        # Excel's "Unicode text" export says so itself: no guess involved.
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(name, "marked as UTF-16 but not valid UTF-16 text.") from None
        notes.append("read as UTF-16 (the file says so at its start)")
        return text, "utf-16"
    wide = asked is not None and asked.replace("_", "-").casefold().startswith(("utf-16", "utf16", "utf-32", "utf32"))
    if b"\x00" in raw and not wide:  # NUL bytes belong in UTF-16/32 text only
        offset = raw.index(b"\x00")
        detected = _detect_encoding(raw)
        if detected is not None and detected.startswith(("utf-16", "utf-32")):
            raise EncodingNotConfirmed(name, f"contains NUL bytes (the first at byte {offset}); it reads as "
                                       f"{detected} text without the mark saying so. If that is right, confirm the "
                                       f"encoding {detected}; otherwise save the file as 'CSV UTF-8'.", detected)
        raise ImportProblem(name, f"contains a NUL byte at byte {offset}; this is not a text CSV file.")
    if asked is not None:
        try:
            codec = codecs.lookup(asked).name
        except LookupError:
            raise ImportProblem(name, f"'{asked}' is not an encoding Fieldwork knows (e.g. utf-8, cp1252, latin-1).") from None
        try:
            text = raw.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ImportProblem(name, f"not {codec} text (byte {exc.start}, line {line}).") from None
        notes.append(f"read as {codec}, as asked")
        return text, codec
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        detected = _detect_encoding(raw)
        where = f"not UTF-8 text (byte {exc.start}, line {line})"
        if detected is None:
            raise EncodingNotConfirmed(name, f"{where}, and no known encoding fits; save the file as 'CSV UTF-8'.",
                                       None) from None
        # the words around the first byte UTF-8 cannot read, as the detected encoding reads them
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line_end = raw.find(b"\n", exc.start)
        start, end = max(line_start, exc.start - 24), min(line_end if line_end >= 0 else len(raw), exc.start + 16)
        shown = " ".join(raw[start:end].decode(detected, errors="replace").split())
        shown = ("…" if start > line_start else "") + shown + ("…" if end < line_end else "")
        raise EncodingNotConfirmed(
            name, f"{where}; it reads as {detected}: '{shown}'. If that is right, confirm the encoding {detected}; "
            "otherwise save the file as 'CSV UTF-8'.", detected) from None


def _detect_encoding(raw: bytes) -> str | None:
    """The encoding the bytes most likely are in, by charset detection; only ever proposed, never used unasked."""
    from charset_normalizer import from_bytes

    matches = from_bytes(raw[:1024 * 1024])
    best = matches.best()
    if best is None:
        return None
    # A short file fits many code pages equally; of those the library finds plausible, name the one English
    # Windows (then Mac) laptops write, as forces' systems do. The user confirms it either way.
    plausible = set()
    for match in matches:
        for name in match.could_be_from_charset:
            try:
                plausible.add(codecs.lookup(name).name)
            except LookupError:
                continue
    preferred = next((name for name in ENGLISH_CODE_PAGES if name in plausible), None)
    if preferred is None and codecs.lookup(best.encoding).name in _EAST_ASIAN and _reads_as_western(raw):
        # A few accented letters in a short file also fit East Asian double-byte code pages ('Référence' reads
        # as big5 'R嶨廨ence'); where Windows-1252 reads every such byte as a Western letter or sign, say that.
        preferred = "cp1252"
    return preferred or codecs.lookup(best.encoding).name


# what a British force's Windows-1252 file holds beyond ASCII: accented letters, currency, typographic marks
_WESTERN_SIGNS = frozenset("£€¢¥§°±½¼¾×÷·«»¬¦©®™‘’‚“”„–—…•†‡‰¹²³µ¶ºª¿¡\u00a0")


_EAST_ASIAN = frozenset(codecs.lookup(n).name for n in ("big5", "big5hkscs", "cp950", "cp932", "shift_jis", "gb2312",
                                                         "gbk", "gb18030", "euc_jp", "euc_kr", "cp949", "johab"))
_FOREIGN_WORD = re.compile(r"[^\x00-\x7f]{3,}")  # three accented letters in a row: another alphabet, not English


def _reads_as_western(raw: bytes) -> bool:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = all(ch.isascii() or ch in _WESTERN_SIGNS or ("\u00c0" <= ch <= "\u024f" and ch.isalpha())
                  for ch in text)
    return letters and _FOREIGN_WORD.search(text) is None


HEAD_CHARS = 256 * 1024  # where the first rows of a file are looked for before the whole text is


def _parse(name: str, text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    if limit is not None and len(text) > HEAD_CHARS:
        # The first rows only (each separator tried on them): read from the text's start, not the whole text
        # copied for the reader once per separator (0.8 s for a million-case file). Taken only when a further
        # row began within it, so the last row kept is whole; otherwise the whole text is read as before.
        with contextlib.suppress(ImportProblem):
            head = _parse(name, text[:HEAD_CHARS], delimiter, limit + 1)
            if len(head) > limit:
                return head[:limit]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for cells in reader:
            rows.append(cells)
            if limit is not None and len(rows) >= limit:
                break
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise ImportProblem(name, f"more than {MAX_ROWS:,} rows.", row=len(rows))
    except csv.Error as exc:
        raise ImportProblem(name, f"malformed CSV ({exc}; columns separated by {delimiter_name(delimiter)}).",
                            row=reader.line_num) from None
    return rows


def _head(text: str) -> str:
    """The first lines of a text, enough for the header scan of every candidate separator: reading them from
    the whole text made a copy of all of it per candidate (4 MB at 100,000 rows, each copy one uninterrupted
    call that holds the interpreter lock, so the window waited)."""
    end = 0
    for _ in range(2 * HEADER_SCAN_ROWS):  # room for a cell that runs over a line or two
        end = text.find("\n", end) + 1
        if end == 0:
            return text
    return text[:end]


def _delimiter(name: str, text: str, expected: frozenset[str], notes: list[str]) -> str:
    """Sniff the separator, then keep whichever candidate gives a header naming most of the expected columns."""
    try:
        sniffed = csv.Sniffer().sniff(text[:65536], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ","
    best, best_score = sniffed, -1
    top = _head(text)
    for candidate in dict.fromkeys((sniffed, *DELIMITERS)):
        try:
            head = _parse(name, top, candidate, HEADER_SCAN_ROWS)
        except ImportProblem:
            if top is text:
                continue
            try:  # a quoted cell ran past the head: read from the whole text, as ever
                head = _parse(name, text, candidate, HEADER_SCAN_ROWS)
            except ImportProblem:
                continue
        score = _best_header(head, expected)[1] if expected else 0
        if score > best_score:
            best, best_score = candidate, score
    if best != ",":
        notes.append(f"columns separated by {delimiter_name(best)}")
    return best


def _read_csv(path: Path, options: ReadOptions, expected: frozenset[str]) -> Sheet:
    name = path.name
    notes: list[str] = []
    text, encoding = _decode(name, path.read_bytes(), options.encoding, notes)
    if options.delimiter is not None:
        if len(options.delimiter) != 1 or options.delimiter in "\"\r\n":
            raise ImportProblem(name, f"'{options.delimiter}' cannot separate columns; give one character, "
                                "e.g. ',' ';' or a tab.")
        delimiter = options.delimiter
        notes.append(f"columns separated by {delimiter_name(delimiter)}, as asked")
    else:
        delimiter = _delimiter(name, text, expected, notes)
    grid = _Grid(_parse(name, text, delimiter))
    del text  # the cells are read: the file's text goes before the rows are built
    return _table(name, grid, options, expected, Reading(encoding=encoding, delimiter=delimiter), notes)


# -- workbooks -------------------------------------------------------------------------------------------------


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


def _read_xlsx(path: Path, options: ReadOptions, expected: frozenset[str]) -> Sheet:
    # openpyxl parses with defusedxml when it is importable (defusedxml ships no type hints).
    import defusedxml  # type: ignore[import-untyped]  # noqa: F401
    from openpyxl import load_workbook

    name = path.name
    check_zip(path)
    try:
        # not read-only: hidden rows, merged ranges and number formats are only known to a loaded worksheet
        workbook = load_workbook(path, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many types for broken workbooks
        raise ImportProblem(name, "the workbook cannot be read; open it in Excel and save it again as .xlsx.") from None
    try:
        notes: list[str] = []
        sheet = _choose_sheet(name, workbook.worksheets, options, expected, notes)
        names = tuple(ws.title for ws in workbook.worksheets)
        try:
            grid = _grid(name, sheet)
        except ImportProblem:
            raise
        except Exception:
            raise ImportProblem(name, "the worksheet is damaged and cannot be read.", sheet=sheet.title) from None
        return _table(name, grid, options, expected, Reading(sheet=sheet.title, sheets=names), notes)
    finally:
        workbook.close()


def _choose_sheet(name: str, sheets: Sequence[Worksheet], options: ReadOptions, expected: frozenset[str],
                  notes: list[str]) -> Worksheet:
    """The worksheet asked for, else the one whose header names most expected columns; a tie is asked about."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheets = [ws for ws in sheets if isinstance(ws, Worksheet)]  # chartsheets hold no table
    if not sheets:
        raise ImportProblem(name, "the workbook has no sheet.")
    listed = ", ".join(f"'{ws.title}'" for ws in sheets)
    if options.sheet is not None:
        wanted = options.sheet.strip()
        match = next((ws for ws in sheets if ws.title.casefold() == wanted.casefold()), None)
        if match is None and wanted.isdigit() and 1 <= int(wanted) <= len(sheets):
            match = sheets[int(wanted) - 1]
        if match is None:
            raise ImportProblem(name, f"no sheet '{wanted}'; the workbook's sheets are: {listed}.")
        if len(sheets) > 1:
            notes.append(f"sheet '{match.title}', as asked")
        return match
    visible = [ws for ws in sheets if ws.sheet_state == "visible"] or sheets
    if len(visible) == 1 or not expected:
        return visible[0]
    scores = []
    for ws in visible:
        head = [[_plain(v) for v in row] for row in ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]
        scores.append(_best_header(head, expected)[1])
    top = max(scores)
    if top == 0:
        notes.append(f"no sheet has a header row naming the expected columns; sheet '{visible[0].title}' was read "
                     f"(sheets: {listed})")
        return visible[0]
    best = [ws for ws, score in zip(visible, scores, strict=True) if score == top]
    if len(best) > 1:
        tied = " and ".join(f"'{ws.title}'" for ws in best)
        raise ImportProblem(name, f"sheets {tied} both have a header row naming the expected columns; choose the "
                            "sheet to read.")
    skipped = ", ".join(f"'{ws.title}'" for ws in visible if ws is not best[0])
    notes.append(f"sheet '{best[0].title}' read; {skipped} skipped (no header row like this one's)")
    return best[0]


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _grid(name: str, ws: Worksheet) -> _Grid:
    from openpyxl.cell.cell import Cell
    from openpyxl.utils import get_column_letter

    if ws.max_row > MAX_SHEET_ROWS + HEADER_SCAN_ROWS:
        raise ImportProblem(name, f"more than {MAX_SHEET_ROWS:,} rows in a workbook; save the sheet as CSV to import "
                            f"up to {MAX_ROWS:,}.", row=ws.max_row, sheet=ws.title)
    if ws.max_column > MAX_COLUMNS:
        raise ImportProblem(name, f"the sheet reaches column {get_column_letter(ws.max_column)}; at most "
                            f"{MAX_COLUMNS} columns are read.", sheet=ws.title)
    grid = _Grid([], letters=True, filter_range=ws.auto_filter.ref or None)
    for number, cells in enumerate(ws.iter_rows(), start=1):
        texts: list[str] = []
        for column, cell in enumerate(cells):
            if not isinstance(cell, Cell) or cell.value is None:
                texts.append("")  # empty, or covered by a merged range (filled once the header is known)
                continue
            text, kind = _display(cell.value, cell.number_format, cell.is_date)
            if kind is not None:
                grid.formatted[number, column] = kind
            texts.append(text)
        while texts and not texts[-1]:
            texts.pop()
        grid.rows.append(texts)
    grid.hidden_rows = {n for n, dim in ws.row_dimensions.items() if dim.hidden}
    for dim in ws.column_dimensions.values():
        if dim.hidden:
            # one dimension entry may stand for a run of columns (min..max)
            grid.hidden_columns.update(range((dim.min or 1) - 1, dim.max or dim.min or 1))
    grid.merges = [(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1, r.coord) for r in ws.merged_cells.ranges]
    return grid


# -- cell text as Excel shows it ---------------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_TOKENS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|am/pm|a/p|y+|m+|d+|h+|s+|.', re.IGNORECASE)
# Excel's built-in short date (number format 14) follows the laptop's locale; a UK laptop shows day/month/year.
_SHORT_DATE = {"mm-dd-yy": "dd/mm/yyyy"}
_ZEROS = re.compile(r"0+")
_FIXED = re.compile(r"(#,##)?0(\.0+)?")


def _display(value: object, number_format: str, is_date: bool) -> tuple[str, str | None]:
    """A cell's text as Excel shows it, and what it really holds when a format made that text."""
    fmt = number_format or "General"
    if is_date and isinstance(value, (datetime, date)):
        return _date_text(value, _SHORT_DATE.get(fmt, fmt)), f"a date (number format '{fmt}')"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, (int, float)):
        if fmt == "General" or fmt == "@":
            if isinstance(value, float) and value.is_integer():
                return str(int(value)), None
            return str(value), None
        return _number_text(value, fmt), f"a number (number format '{fmt}')"
    if isinstance(value, time):
        return value.isoformat(), None
    return str(value), None


def _number_text(value: float, fmt: str) -> str:
    section = fmt.split(";")[0]
    if _ZEROS.fullmatch(section) and float(value).is_integer():
        return f"{int(value):0{len(section)}d}"  # "00123": leading zeros Excel adds on screen
    fixed = _FIXED.fullmatch(section)
    if fixed:
        places = len(fixed.group(2) or ".") - 1
        return f"{value:{',' if fixed.group(1) else ''}.{places}f}"
    return str(int(value)) if float(value).is_integer() else str(value)


def _date_text(value: date, fmt: str) -> str:
    tokens = _DATE_TOKENS.findall(fmt.split(";")[0])
    clock = value if isinstance(value, datetime) else None
    out: list[str] = []
    for index, token in enumerate(tokens):
        low = token.lower()
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif token.startswith("["):
            continue  # locale and colour codes
        elif low[0] == "y":
            out.append(f"{value.year:04d}" if len(low) > 2 else f"{value.year % 100:02d}")
        elif low[0] == "m" and clock is not None and _minutes(tokens, index):
            out.append(f"{clock.minute:02d}" if len(low) > 1 else str(clock.minute))
        elif low[0] == "m":
            month = _MONTHS[value.month - 1]
            out.append({1: str(value.month), 2: f"{value.month:02d}", 3: month[:3], 5: month[0]}.get(len(low), month))
        elif low[0] == "d":
            day = _DAYS[value.weekday()]
            out.append({1: str(value.day), 2: f"{value.day:02d}", 3: day[:3]}.get(len(low), day))
        elif low[0] in "hs" and clock is not None:
            number = clock.hour if low[0] == "h" else clock.second
            out.append(f"{number:02d}" if len(low) > 1 else str(number))
        elif low in ("am/pm", "a/p") and clock is not None:
            out.append(("AM" if clock.hour < 12 else "PM")[: 1 if low == "a/p" else 2])
        else:
            out.append(token)
    return "".join(out)


def _minutes(tokens: Sequence[str], index: int) -> bool:
    """In Excel's formats 'm' after an hour or before a second means minutes, not the month."""
    before = next((t.lower() for t in reversed(tokens[:index]) if t.strip(" :.,-/")), "")
    after = next((t.lower() for t in tokens[index + 1:] if t.strip(" :.,-/")), "")
    return before.startswith("h") or after.startswith("s")
