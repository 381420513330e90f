"""Frameworks as data: grade scale, case types, report tables and areas from a TOML file."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from models.errors import FrameworkError

FRAMEWORKS_DIR = Path(__file__).resolve().parents[2] / "resources" / "frameworks"
MAX_FRAMEWORK_BYTES = 256 * 1024
SAMPLES = ("self-assessed", "inspectorate-selected")
TABLE_KINDS = ("self-assessed", "inspectorate-selected", "case-type")
# The framework file format this version reads. A file without `format` is format 1 (the first release's).
FORMATS = (1,)
# Every key each part of a framework file may hold; anything else is refused, never silently dropped.
ALLOWED_KEYS: dict[str, tuple[str, ...]] = {
    "": ("format", "framework", "grades", "case_types", "tables", "areas", "referral_reasons"),
    "framework": ("key", "name", "version", "inspectorate", "sources", "assumed"),
    "grades": ("key", "label", "heading", "phrase", "summary_phrase", "descriptor", "aliases"),
    "case_types": ("key", "label", "table", "aliases"),
    "tables": ("number", "kind", "caption", "row_labels"),
    "areas": ("key", "label"),
    "referral_reasons": ("key", "label", "aliases"),
}


@dataclass(frozen=True)
class Grade:
    key: str
    label: str
    heading: str
    phrase: str
    summary_phrase: str
    descriptor: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseType:
    key: str
    label: str
    table: int
    aliases: tuple[str, ...] = ()  # a force's own words: "DA", "Missing from home"


@dataclass(frozen=True)
class ReportTable:
    number: int
    kind: str
    caption: str
    row_labels: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    key: str
    label: str


@dataclass(frozen=True)
class ReferralReason:
    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    version: str
    inspectorate: str
    grades: tuple[Grade, ...]
    case_types: tuple[CaseType, ...]
    tables: tuple[ReportTable, ...]
    areas: tuple[Area, ...]
    referral_reasons: tuple[ReferralReason, ...]
    sources: tuple[str, ...] = ()  # what the file's text comes from
    assumed: tuple[str, ...] = ()  # what the file's author had to invent, to be reviewed
    source: str = field(default="", repr=False, compare=False)

    @property
    def grade_keys(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.grades)

    def grade(self, key: str) -> Grade:
        for grade in self.grades:
            if grade.key == key:
                return grade
        raise KeyError(key)

    def case_type(self, key: str) -> CaseType:
        for case_type in self.case_types:
            if case_type.key == key:
                return case_type
        raise KeyError(key)

    def table(self, number: int) -> ReportTable:
        for table in self.tables:
            if table.number == number:
                return table
        raise KeyError(number)

    @cached_property
    def _grade_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for grade in self.grades:
            for name in (grade.key, grade.label, grade.heading, grade.phrase, grade.summary_phrase, *grade.aliases):
                names.setdefault(fold_label(name), grade.key)
        return names

    @cached_property
    def _case_type_names(self) -> dict[str, str]:
        return {fold_label(name): c.key for c in self.case_types for name in (c.key, c.label, *c.aliases)}

    @cached_property
    def _reason_names(self) -> dict[str, str]:
        return {fold_label(name): r.key for r in self.referral_reasons for name in (r.key, r.label, *r.aliases)}

    def match_grade(self, text: str) -> str | None:
        """Map what people type ("RI", "requires improvement", "Good") to a grade key."""
        return self._grade_names.get(fold_label(text))

    def match_case_type(self, text: str) -> str | None:
        """Map a case type given by key or label, in any case, to its key."""
        return self._case_type_names.get(fold_label(text))

    def match_referral_reason(self, text: str) -> str | None:
        return self._reason_names.get(fold_label(text))


def fold_label(text: str) -> str:
    """How labels typed by people are compared: case, spaces, hyphens and underscores aside."""
    # a sample repeats a handful of case types and grades 100,000 times; only short values are kept,
    # so the cache never holds much of a file's text
    text = str(text)
    return _fold_short(text) if len(text) <= 80 else _fold_text(text)


@lru_cache(maxsize=1024)
def _fold_short(text: str) -> str:
    return _fold_text(text)


# Typographic variants that Word and web pages put in place of what people type: curly quotes, dashes,
# the minus sign. NFKC first folds non-breaking and other compatibility spaces and ligatures.
_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


def _fold_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC)
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def available_frameworks() -> list[str]:
    """Keys of the frameworks shipped in resources/frameworks."""
    return sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.toml"))


def load_framework(name_or_path: str | Path) -> Framework:
    """Load a shipped framework by key, or any framework file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix != ".toml":
        candidate = FRAMEWORKS_DIR / f"{name_or_path}.toml"
        if not candidate.is_file():
            raise FrameworkError(
                f"Unknown framework '{name_or_path}'. Shipped frameworks: {', '.join(available_frameworks())}."
            )
    try:
        raw = candidate.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"{candidate}: cannot read framework file ({exc.strerror}).") from None
    if len(raw) > MAX_FRAMEWORK_BYTES:
        raise FrameworkError(f"{candidate}: framework file is larger than {MAX_FRAMEWORK_BYTES // 1024} KiB.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"{candidate}: not UTF-8 text (byte {exc.start}).") from None
    return parse_framework(text, origin=str(candidate))


def parse_framework(text: str, origin: str = "framework", *, strict: bool = True) -> Framework:
    """Parse and validate framework TOML text, naming the exact problem on failure.

    strict=False reads a framework already stored in an inspection (or sent in a package from one): it was
    accepted when that inspection was made, so keys an earlier version ignored, and aliases it resolved
    first-come, are let be rather than locking the inspection; every other check still applies.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{origin}: not valid TOML ({exc}).") from None
    except RecursionError:
        raise FrameworkError(f"{origin}: TOML nested too deeply.") from None
    _check_format(data, origin)
    if strict:
        _check_keys(data, _Lines(text), origin)
    return _validate(data, text, origin, strict)


class _Lines:
    """Where a section or key stands in the file's text, so an error can name its line.

    tomllib keeps no positions; the headers and `key =` lines are found in the text instead (the shipped
    and documented framework style: one key per line under [section] / [[section]] headers).
    """

    HEADER = re.compile(r"^\s*\[(\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
    KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[str, int], dict[str, int]] = {("", 0): {}}
        self.headers: dict[tuple[str, int], int] = {}
        counts: dict[str, int] = {}
        current = ("", 0)
        for number, line in enumerate(text.splitlines(), 1):
            header = self.HEADER.match(line)
            if header:
                name = header.group(2)
                counts[name] = counts.get(name, 0) + 1
                current = (name, counts[name] if header.group(1) else 0)
                self.headers[current] = number
                self.keys.setdefault(current, {})
                continue
            key = self.KEY.match(line)
            if key:
                self.keys.setdefault(current, {}).setdefault(key.group(1), number)

    def line(self, section: str, index: int, key: str | None = None) -> int | None:
        found = self.keys.get((section, index), {}).get(key) if key else None
        if found is None and key and not section:  # a whole [table] or [[array]] at the top level
            found = self.headers.get((key, 0)) or self.headers.get((key, 1))
        return found or self.headers.get((section, index))


def _check_format(data: TomlTable, origin: str) -> None:
    version = data.get("format", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FrameworkError(f"{origin}: 'format' must be a whole number such as 1, not {version!r}.")
    if version not in FORMATS:
        raise FrameworkError(f"{origin}: this framework is written in format {version}, for a newer Fieldwork; "
                             f"this version reads format {', '.join(map(str, FORMATS))}.")


def _check_keys(data: TomlTable, lines: _Lines, origin: str) -> None:
    """Refuse a key the format does not know, naming its line and the keys allowed there."""

    def check(entry: TomlTable, section: str, index: int) -> None:
        allowed = ALLOWED_KEYS[section]
        for key in entry:
            if key not in allowed:
                line = lines.line(section, index, key)
                where = f"{origin}, line {line}" if line else origin
                part = "the top of the file" if not section else (
                    f"[[{section}]] #{index}" if index else f"[{section}]")
                raise FrameworkError(f"{where}: unknown key '{key}' in {part}; "
                                     f"the keys allowed there are: {', '.join(allowed)}.")

    check(data, "", 0)
    for section in ALLOWED_KEYS:
        value = data.get(section) if section else None
        if isinstance(value, dict):
            check(value, section, 0)
        elif isinstance(value, list):
            for index, entry in enumerate(value, 1):
                if isinstance(entry, dict):
                    check(entry, section, index)


# Parsed TOML: values of any TOML type, checked one by one below.
TomlTable = dict[str, Any]


def _table(data: TomlTable, key: str, origin: str) -> TomlTable:
    value = data.get(key)
    if not isinstance(value, dict):
        raise FrameworkError(f"{origin}: missing [{key}] section.")
    return value


def _entries(data: TomlTable, key: str, origin: str) -> list[TomlTable]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise FrameworkError(f"{origin}: needs at least one [[{key}]] entry.")
    return value


def _text(entry: TomlTable, name: str, where: str, required: bool = True) -> str:
    value = entry.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{where}: '{name}' must be a non-empty string.")
    return value.strip()


def _strings(entry: TomlTable, name: str, where: str) -> tuple[str, ...]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FrameworkError(f"{where}: '{name}' must be a list of non-empty strings.")
    return tuple(v.strip() for v in value)


def _unambiguous(named: list[tuple[str, tuple[str, ...]]], what: str, origin: str) -> None:
    """A label or alias must name one thing only, once folded as people's typing is folded."""
    owner: dict[str, str] = {}
    for key, names in named:
        for name in names:
            folded = fold_label(name)
            if owner.setdefault(folded, key) != key:
                raise FrameworkError(f"{origin}: '{name}' names both {what} '{owner[folded]}' and {what} '{key}'; "
                                     "a label or alias must name one only.")


def _unique(keys: list[str], what: str, origin: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise FrameworkError(f"{origin}: {what} key '{key}' is defined twice.")
        seen.add(key)


def _validate(data: TomlTable, source: str, origin: str, strict: bool) -> Framework:
    head = _table(data, "framework", origin)
    where = f"{origin} [framework]"
    grades = []
    for i, entry in enumerate(_entries(data, "grades", origin), 1):
        w = f"{origin} [[grades]] #{i}"
        label = _text(entry, "label", w)
        aliases = _strings(entry, "aliases", w)
        grades.append(
            Grade(
                key=_text(entry, "key", w),
                label=label,
                heading=_text(entry, "heading", w, required=False) or label,
                phrase=_text(entry, "phrase", w, required=False) or label.lower(),
                summary_phrase=_text(entry, "summary_phrase", w, required=False) or label.lower(),
                descriptor=_text(entry, "descriptor", w, required=False),
                aliases=tuple(aliases),
            )
        )
    if len(grades) < 2:
        raise FrameworkError(f"{origin}: a grade scale needs at least two grades.")
    _unique([g.key for g in grades], "grade", origin)

    tables = []
    for i, entry in enumerate(_entries(data, "tables", origin), 1):
        w = f"{origin} [[tables]] #{i}"
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise FrameworkError(f"{w}: 'number' must be a positive whole number.")
        kind = _text(entry, "kind", w)
        if kind not in TABLE_KINDS:
            raise FrameworkError(f"{w}: 'kind' must be one of {', '.join(TABLE_KINDS)}, not '{kind}'.")
        labels = entry.get("row_labels")
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x for x in labels):
            raise FrameworkError(f"{w}: 'row_labels' must be a non-empty list of strings.")
        expected_rows = {"self-assessed": 2}.get(kind, 1)
        if len(labels) != expected_rows:
            raise FrameworkError(f"{w}: a '{kind}' table has {expected_rows} row label(s), not {len(labels)}.")
        tables.append(ReportTable(number, kind, _text(entry, "caption", w), tuple(labels)))
    _unique([str(t.number) for t in tables], "table number", origin)
    for kind in ("self-assessed", "inspectorate-selected"):
        if sum(t.kind == kind for t in tables) != 1:
            raise FrameworkError(f"{origin}: needs exactly one table of kind '{kind}'.")
    type_tables = {t.number for t in tables if t.kind == "case-type"}

    case_types = []
    for i, entry in enumerate(_entries(data, "case_types", origin), 1):
        w = f"{origin} [[case_types]] #{i}"
        table = entry.get("table")
        if table not in type_tables:
            raise FrameworkError(
                f"{w}: 'table' must name a case-type table ({', '.join(map(str, sorted(type_tables)))})."
            )
        case_types.append(CaseType(_text(entry, "key", w), _text(entry, "label", w), table,
                                   _strings(entry, "aliases", w)))
    _unique([c.key for c in case_types], "case type", origin)
    fed = {c.table for c in case_types}
    for number in sorted(type_tables - fed):
        raise FrameworkError(f"{origin}: table {number} is fed by no case type.")

    areas = [
        Area(_text(e, "key", f"{origin} [[areas]] #{i}"), _text(e, "label", f"{origin} [[areas]] #{i}"))
        for i, e in enumerate(_entries(data, "areas", origin), 1)
    ]
    _unique([a.key for a in areas], "area", origin)
    reasons = [
        ReferralReason(
            _text(e, "key", f"{origin} [[referral_reasons]] #{i}"),
            _text(e, "label", f"{origin} [[referral_reasons]] #{i}"),
            _strings(e, "aliases", f"{origin} [[referral_reasons]] #{i}"),
        )
        for i, e in enumerate(_entries(data, "referral_reasons", origin), 1)
    ]
    _unique([r.key for r in reasons], "referral reason", origin)
    if strict:
        _unambiguous([(g.key, (g.key, g.label, g.heading, g.phrase, g.summary_phrase, *g.aliases)) for g in grades],
                     "grade", origin)
        _unambiguous([(c.key, (c.key, c.label, *c.aliases)) for c in case_types], "case type", origin)
        _unambiguous([(r.key, (r.key, r.label, *r.aliases)) for r in reasons], "referral reason", origin)
    return Framework(
        key=_text(head, "key", where),
        name=_text(head, "name", where),
        version=_text(head, "version", where),
        inspectorate=_text(head, "inspectorate", where),
        grades=tuple(grades),
        case_types=tuple(case_types),
        tables=tuple(sorted(tables, key=lambda t: t.number)),
        areas=tuple(areas),
        referral_reasons=tuple(reasons),
        sources=_strings(head, "sources", where),
        assumed=_strings(head, "assumed", where),
        source=source,
    )
