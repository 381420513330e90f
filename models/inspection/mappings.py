"""A force's import mapping: which column holds which field, what the force's own words mean, how its files
are read. Saved as a small TOML file (by the wizard or by hand) so the force's next file imports in one step:

    [columns]
    case_ref = "Force reference"
    sample = "Self assessed?"

    [values.sample]
    "Yes" = "self-assessed"
    "No" = "inspectorate-selected"

    [reading]
    sheet = "Sample"
    header_row = 3
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from models.errors import ImportProblem
from models.inspection.framework import fold_label
from models.inspection.tabular import ReadOptions

MAX_MAPPING_BYTES = 256 * 1024
READING_KEYS = ("sheet", "header_row", "encoding", "delimiter", "include_hidden")


@dataclass(frozen=True)
class ImportMapping:
    columns: dict[str, str] = field(default_factory=dict)  # field -> the file's header
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {as the force writes it: as we do}
    reading: ReadOptions = field(default_factory=ReadOptions)

    def value_map(self, name: str) -> dict[str, str]:
        """A field's value mapping keyed as cells are compared: case, spaces and typography aside."""
        return {fold_label(k): v for k, v in self.values.get(name, {}).items()}

    def over(self, base: ImportMapping) -> ImportMapping:
        """This mapping given on the command line, on top of one read from a file."""
        values = {k: dict(v) for k, v in base.values.items()}
        for name, pairs in self.values.items():
            values.setdefault(name, {}).update(pairs)
        given = {k: getattr(self.reading, k) for k in READING_KEYS
                 if getattr(self.reading, k) != getattr(ReadOptions(), k)}
        return ImportMapping({**base.columns, **self.columns}, values, replace(base.reading, **given))


def load_mapping(path: Path | str) -> ImportMapping:
    """Read a mapping file; anything it cannot mean is refused with its key."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(name, f"cannot read the mapping file ({exc.strerror}).") from None
    if len(raw) > MAX_MAPPING_BYTES:
        raise ImportProblem(name, "the mapping file is larger than 256 KiB.")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ImportProblem(name, f"not a readable mapping file ({exc}).") from None
    unknown = set(data) - {"columns", "values", "reading"}
    if unknown:
        raise ImportProblem(name, f"unknown section(s) {', '.join(sorted(unknown))}; expected columns, values, reading.")
    columns = _strings(name, data.get("columns", {}), "columns")
    values_table = data.get("values", {})
    if not isinstance(values_table, dict):
        raise ImportProblem(name, "'values' must hold one table per field, e.g. [values.sample].")
    values = {key: _strings(name, table, f"values.{key}") for key, table in values_table.items()}
    reading = data.get("reading", {})
    if not isinstance(reading, dict) or set(reading) - set(READING_KEYS):
        raise ImportProblem(name, f"[reading] takes only: {', '.join(READING_KEYS)}.")
    header_row = reading.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1):
        raise ImportProblem(name, "[reading] header_row must be a row number, 1 or more.")
    texts = {}
    for key in ("sheet", "encoding", "delimiter"):
        value = reading.get(key)
        if value is not None and not isinstance(value, (str, int)):
            raise ImportProblem(name, f"[reading] {key} must be text.")
        texts[key] = None if value is None else str(value)
    include_hidden = reading.get("include_hidden", False)
    if not isinstance(include_hidden, bool):
        raise ImportProblem(name, "[reading] include_hidden must be true or false.")
    return ImportMapping(columns, values, ReadOptions(texts["sheet"], header_row, texts["encoding"],
                                                      texts["delimiter"], include_hidden))


def _strings(name: str, table: object, section: str) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ImportProblem(name, f"[{section}] must map names to text, e.g. case_ref = \"Force reference\".")
    return {str(k): v for k, v in table.items()}


def _quoted(text: str) -> str:
    # a TOML basic string: JSON's escapes (without ASCII-only \\u escapes) are valid TOML
    return json.dumps(text, ensure_ascii=False)


def mapping_text(mapping: ImportMapping) -> str:
    """The mapping as the TOML file `load_mapping` reads back."""
    lines = ["# Fieldwork import mapping: the columns, the force's words and how its files are read."]
    if mapping.columns:
        lines += ["", "[columns]", *(f"{k} = {_quoted(v)}" for k, v in mapping.columns.items())]
    for name, pairs in mapping.values.items():
        if pairs:
            lines += ["", f"[values.{_quoted(name)}]", *(f"{_quoted(k)} = {_quoted(v)}" for k, v in pairs.items())]
    reading = mapping.reading
    options = [f"{k} = {_quoted(str(getattr(reading, k)))}" for k in ("sheet", "encoding", "delimiter")
               if getattr(reading, k) is not None]
    if reading.header_row is not None:
        options.append(f"header_row = {reading.header_row}")
    if reading.include_hidden:
        options.append("include_hidden = true")
    if options:
        lines += ["", "[reading]", *options]
    return "\n".join(lines) + "\n"
