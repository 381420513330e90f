"""Frameworks as data: grade scale, case types, report tables and areas from a TOML file."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from models.errors import FrameworkError
from models.inspection import wording

FRAMEWORKS_DIR = Path(__file__).resolve().parents[2] / "resources" / "frameworks"
MAX_FRAMEWORK_BYTES = 256 * 1024
# How many of each a framework may hold: far above any inspection programme's, and within what the
# documents lay out (a grade is a column of every table, each on an A4 page).
MAX_COUNTS = {"grades": 12, "case_types": 40, "areas": 30, "tables": 40, "referral_reasons": 20}
SAMPLES = ("self-assessed", "inspectorate-selected")
# Tables counting the overall case grade, and tables of the other kinds (see docs/frameworks.md).
CASE_GRADE_KINDS = ("self-assessed", "inspectorate-selected", "case-type")
TABLE_KINDS = (*CASE_GRADE_KINDS, "topics", "force-judgements", "referrals-by-type", "referrals-by-reason",
               "referral-outcomes", "comparison")
# A follow-up's grades then and now: overall case grades, so it needs case_grade too; format 2 only.
COMPARISON = "comparison"
# How a referral stands, as the referral-outcomes table counts it: (status, force's response kind).
REFERRAL_OUTCOMES = (("raised", None), ("letter-sent", None), ("responded", "updated-assessment"),
                     ("responded", "action-taken"), ("closed", None))
OUTCOME_LABELS = ("Awaiting a letter", "Letter sent, awaiting a response", "Updated assessment received",
                  "Action taken", "Closed")
# The framework file format this version reads. A file without `format` is format 1 (the first release's);
# format 2 adds graded areas, force judgements, more table kinds, sentences and lists, and hand-in checks as data.
FORMATS = (1, 2)
# Every key each part of a framework file may hold; anything else is refused, never silently dropped.
ALLOWED_KEYS: dict[str, tuple[str, ...]] = {
    "": ("format", "framework", "grades", "case_types", "tables", "areas", "referral_reasons", "lists",
         "sentences", "checks"),
    "framework": ("key", "name", "version", "inspectorate", "sources", "assumed", "case_grade"),
    "grades": ("key", "label", "heading", "phrase", "summary_phrase", "descriptor", "aliases", "positive",
               "wording"),
    "case_types": ("key", "label", "table", "aliases"),
    "tables": ("number", "kind", "caption", "row_labels", "columns"),
    "areas": ("key", "label", "graded", "force_judgement"),
    "referral_reasons": ("key", "label", "aliases"),
    "lists": ("over", "grades", "counts", "first", "item", "join", "last_join", "many_prefix"),
    "sentences": ("key", "count", "requires", "unless", "zero", "one", "many", "continues"),
    "checks": ("kind", "severity", "message", "grades"),
}
FORMAT_2_ONLY = {"": ("lists", "sentences", "checks"), "framework": ("case_grade",), "grades": ("positive", "wording"),
                 "tables": ("columns",), "areas": ("graded", "force_judgement")}
# What a caption or row label may name.
CAPTION_VALUES = ("force", "inspectorate", "force_term", "Force_term")
# What a sentence may name: words, and the counts the tally gives (a list's name counts its items).
SENTENCE_VALUES = (*CAPTION_VALUES, "year", "then_year", "then_force")
SENTENCE_COUNTS = ("self_assessed", "inspectorate_selected", "examined", "graded", "referred", "responded",
                   "unanswered", "positive", "negative", "judged", "topics", "concerns",
                   # a follow-up: the inspection it follows (then), and percentages of settled grades then and now
                   "follows", "compared", "then_examined", "then_graded", "then_positive", "then_negative",
                   "then_referred", "positive_percent", "negative_percent", "then_positive_percent",
                   "then_negative_percent")
# Which grades a list walks, and whose grades it counts.
LIST_GRADES = ("all", "nonzero", "zero", "positive", "negative")
LIST_COUNTS = ("force", "self_assessed", "inspectorate_selected", "examined", "judgements", "then")
LIST_OVER = ("grades", "judgements")
# What a hand-in check looks for (see docs/frameworks.md), and how hard it stops the work going.
CHECK_KINDS = ("grade-without-notes", "concern-without-summary", "referral-without-reason", "ungraded-allocated",
               "topic-ungraded", "query-unanswered", "concern-without-referral")
CHECK_SEVERITIES = ("block", "warn")
CHECK_VALUES = ("case", "inspector", "grade", "area")
# Grade words that meet the standard when a framework does not say (format 1 files never did).
POSITIVE_WORDS = ("outstanding", "good", "adequate")


@dataclass(frozen=True)
class Grade:
    key: str
    label: str
    heading: str
    phrase: str
    summary_phrase: str
    descriptor: str
    aliases: tuple[str, ...] = ()
    positive: bool = False  # meets the standard: counted with "good", never among the failing grades
    wording: tuple[tuple[str, str, str], ...] = ()  # (name, one, many): a list item's own words for the grade

    def words(self, count: int) -> dict[str, str]:
        return {name: one if count == 1 else many for name, one, many in self.wording}


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
    columns: tuple[str, ...] = ()  # headings of a table that does not count grades


@dataclass(frozen=True)
class Area:
    """An assessment area or topic: evidence notes, and a grade if `graded`; judged for the whole force too
    if `force_judgement`."""

    key: str
    label: str
    graded: bool = False
    force_judgement: bool = False


@dataclass(frozen=True)
class WordList:
    """Grades (or the force's judged topics) joined into a phrase: "in 6 as good, as requiring improvement in
    16 and as inadequate in 11"."""

    name: str
    over: str
    grades: str
    counts: str
    first: str
    item: str
    join: str
    last_join: str
    many_prefix: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of the narrative, in the form its count calls for; an empty form leaves it out."""

    key: str
    count: str | None
    requires: tuple[str, ...]  # counts that must not be zero, else the sentence is left out
    unless: tuple[str, ...]  # counts that must be zero, else the sentence is left out
    zero: str | None
    one: str | None
    many: str
    continues: bool  # joins the previous sentence's paragraph

    def form(self, count: int | None) -> str:
        if count == 0 and self.zero is not None:
            return self.zero
        if count == 1 and self.one is not None:
            return self.one
        return self.many


@dataclass(frozen=True)
class Check:
    """One rule an inspector's work must meet before it is handed in (and the lead's before final documents)."""

    kind: str
    severity: str  # "block": the return package waits until it is put right; "warn": shown, then it may go
    message: str  # a template: {case}, {inspector}, {grade}, {area}
    grades: tuple[str, ...] = ()  # grade-without-notes: the grades that need notes (keys)

    @property
    def blocks(self) -> bool:
        return self.severity == "block"


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
    case_grade: bool = True  # each case has an overall grade (2017); a framework may grade only topics
    lists: tuple[WordList, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    checks: tuple[Check, ...] = ()
    source: str = field(default="", repr=False, compare=False)

    @property
    def self_assessment(self) -> bool:
        """Whether the force grades its own sample: the framework has a self-assessed table."""
        return any(t.kind == "self-assessed" for t in self.tables)

    @property
    def samples(self) -> tuple[str, ...]:
        return SAMPLES if self.self_assessment else ("inspectorate-selected",)

    @property
    def graded_areas(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if a.graded)

    @property
    def judged_areas(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if a.force_judgement)

    def area(self, key: str) -> Area:
        for area in self.areas:
            if area.key == key:
                return area
        raise KeyError(key)

    @cached_property  # asked once per merged field
    def grade_keys(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.grades)

    @cached_property  # asked once per merged note or topic grade, and on every note saved
    def area_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.areas)

    @cached_property
    def graded_area_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.graded_areas)

    @cached_property
    def referral_reason_keys(self) -> frozenset[str]:
        return frozenset(r.key for r in self.referral_reasons)

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

    @cached_property
    def _area_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for area in self.areas:
            for name in (area.key, area.label):
                names.setdefault(fold_label(name), area.key)
        return names

    def match_grade(self, text: str) -> str | None:
        """Map what people type ("RI", "requires improvement", "Good") to a grade key."""
        return self._grade_names.get(fold_label(text))

    def match_case_type(self, text: str) -> str | None:
        """Map a case type given by key or label, in any case, to its key."""
        return self._case_type_names.get(fold_label(text))

    def match_referral_reason(self, text: str) -> str | None:
        return self._reason_names.get(fold_label(text))

    def match_area(self, text: str) -> str | None:
        """Map an area or topic given by key or label ("Leadership", "risk assessment and referral") to its key."""
        return self._area_names.get(fold_label(text))


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


# The framework a new inspection uses unless told otherwise, wherever it is made (CLI, desktop, service).
DEFAULT_FRAMEWORK = "ncpi-2017"


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
    version = data.get("format", 1)

    def check(entry: TomlTable, section: str, index: int, at: str | None = None) -> None:
        allowed = ALLOWED_KEYS[section]
        at = at if at is not None else section
        for key in entry:
            line = lines.line(at, index, key)
            where = f"{origin}, line {line}" if line else origin
            part = "the top of the file" if not at else f"[[{at}]] #{index}" if index else f"[{at}]"
            if key not in allowed:
                raise FrameworkError(f"{where}: unknown key '{key}' in {part}; "
                                     f"the keys allowed there are: {', '.join(allowed)}.")
            if version == 1 and key in FORMAT_2_ONLY.get(section, ()):
                raise FrameworkError(f"{where}: '{key}' in {part} belongs to framework format 2; "
                                     "write format = 2 at the top of the file.")

    check(data, "", 0)
    for section in ALLOWED_KEYS:
        value = data.get(section) if section else None
        if section == "lists" and isinstance(value, dict):
            for name, entry in value.items():
                if isinstance(entry, dict):
                    check(entry, section, 0, f"lists.{name}")
        elif isinstance(value, dict):
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


def _flag(entry: TomlTable, name: str, where: str, default: bool) -> bool:
    value = entry.get(name, default)
    if not isinstance(value, bool):
        raise FrameworkError(f"{where}: '{name}' must be true or false, not {value!r}.")
    return value


def _template(text: str, where: str, values: tuple[str, ...], counts: tuple[str, ...], *,
              item: bool = False) -> str:
    try:
        wording.check(text, values, counts, item=item)
    except wording.TemplateError as exc:
        raise FrameworkError(f"{where}: {exc}.") from None
    return text


def _grades(data: TomlTable, origin: str) -> list[Grade]:
    grades = []
    for i, entry in enumerate(_entries(data, "grades", origin), 1):
        w = f"{origin} [[grades]] #{i}"
        label = _text(entry, "label", w)
        raw_wording = entry.get("wording", {})
        if not isinstance(raw_wording, dict):
            raise FrameworkError(f"{w}: 'wording' must be a table of names and words.")
        words = []
        for name, value in raw_wording.items():
            forms = [value, value] if isinstance(value, str) else value
            if not wording.NAME.match(name) or not isinstance(forms, list) or len(forms) != 2 or not all(
                    isinstance(f, str) for f in forms):
                raise FrameworkError(f"{w}: wording '{name}' must be a word or a pair [one, many] of words.")
            words.append((name, forms[0], forms[1]))
        grades.append(Grade(
            key=_text(entry, "key", w),
            label=label,
            heading=_text(entry, "heading", w, required=False) or label,
            phrase=_text(entry, "phrase", w, required=False) or label.lower(),
            summary_phrase=_text(entry, "summary_phrase", w, required=False) or label.lower(),
            descriptor=_text(entry, "descriptor", w, required=False),
            aliases=_strings(entry, "aliases", w),
            positive=_flag(entry, "positive", w, False),
            wording=tuple(words),
        ))
    if len(grades) < 2:
        raise FrameworkError(f"{origin}: a grade scale needs at least two grades.")
    _unique([g.key for g in grades], "grade", origin)
    if not any("positive" in e for e in data["grades"]):
        # a file that does not say which grades meet the standard: the ones named so, else the first
        marked = [replace(g, positive=True) if fold_label(g.label) in POSITIVE_WORDS else g for g in grades]
        grades = marked if any(g.positive for g in marked) else [replace(grades[0], positive=True), *grades[1:]]
    if all(g.positive for g in grades):
        raise FrameworkError(f"{origin}: every grade is marked positive; at least one must fall short.")
    return grades


def _areas(data: TomlTable, origin: str) -> list[Area]:
    areas = []
    for i, entry in enumerate(_entries(data, "areas", origin), 1):
        w = f"{origin} [[areas]] #{i}"
        graded = _flag(entry, "graded", w, False)
        judged = _flag(entry, "force_judgement", w, False)
        areas.append(Area(_text(entry, "key", w), _text(entry, "label", w), graded, judged))
    _unique([a.key for a in areas], "area", origin)
    return areas


def _tables(data: TomlTable, origin: str, case_grade: bool, areas: list[Area], case_types: int,
            reasons: int, version: int) -> list[ReportTable]:
    # the number of rows a table of each kind has; None: as many as its row labels (case-type: one)
    rows_of = {"self-assessed": 2, "inspectorate-selected": 1, "case-type": 1,
               "topics": sum(a.graded for a in areas), "force-judgements": sum(a.force_judgement for a in areas),
               "referrals-by-type": case_types, "referrals-by-reason": reasons,
               "referral-outcomes": len(REFERRAL_OUTCOMES), COMPARISON: 1}
    tables = []
    for i, entry in enumerate(_entries(data, "tables", origin), 1):
        w = f"{origin} [[tables]] #{i}"
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise FrameworkError(f"{w}: 'number' must be a positive whole number.")
        kind = _text(entry, "kind", w)
        if kind not in TABLE_KINDS:
            raise FrameworkError(f"{w}: 'kind' must be one of {', '.join(TABLE_KINDS)}, not '{kind}'.")
        if kind == COMPARISON and version < 2:
            raise FrameworkError(f"{w}: a '{kind}' table belongs to framework format 2; write format = 2 at the "
                                 "top of the file.")
        if (kind in CASE_GRADE_KINDS or kind == COMPARISON) and not case_grade:
            raise FrameworkError(f"{w}: a '{kind}' table counts overall case grades, and this framework has "
                                 "none (case_grade = false).")
        if kind == COMPARISON and ("row_labels" in entry or "columns" in entry):
            raise FrameworkError(f"{w}: a '{kind}' table's rows and columns come from the grades and case types; "
                                 "it takes no 'row_labels' or 'columns'.")
        if not rows_of[kind]:
            raise FrameworkError(f"{w}: a '{kind}' table has no rows: "
                                 + ("no area is graded." if kind == "topics" else
                                    "no area has force_judgement = true."))
        labels = entry.get("row_labels", [] if kind not in CASE_GRADE_KINDS else None)
        if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels) or (
                kind in CASE_GRADE_KINDS and not labels):
            raise FrameworkError(f"{w}: 'row_labels' must be a non-empty list of strings.")
        if labels and len(labels) != rows_of[kind]:
            raise FrameworkError(f"{w}: a '{kind}' table has {rows_of[kind]} row label(s), not {len(labels)}.")
        columns = _strings(entry, "columns", w)
        if columns and (kind in CASE_GRADE_KINDS or kind in ("topics", COMPARISON) or len(columns) != 1):
            raise FrameworkError(f"{w}: 'columns' names the one column of a table that does not count grades.")
        caption = _template(_text(entry, "caption", w), w, CAPTION_VALUES, ())
        for label in labels:
            _template(label, w, CAPTION_VALUES, ())
        tables.append(ReportTable(number, kind, caption, tuple(labels), columns))
    _unique([str(t.number) for t in tables], "table number", origin)
    for kind in TABLE_KINDS:
        if kind != "case-type" and sum(t.kind == kind for t in tables) > 1:
            raise FrameworkError(f"{origin}: more than one table of kind '{kind}'.")
    return tables


def _lists(data: TomlTable, origin: str, grades: list[Grade]) -> list[WordList]:
    raw = data.get("lists", {})
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise FrameworkError(f"{origin}: [lists.NAME] sections must each be a table.")
    found = []
    # a list item may use a grade's own words only when every grade gives them
    grade_words = tuple(sorted(set.intersection(*({name for name, _, _ in g.wording} for g in grades))))
    for name, entry in raw.items():
        w = f"{origin} [lists.{name}]"
        if not wording.NAME.match(name) or name in SENTENCE_VALUES + SENTENCE_COUNTS:
            raise FrameworkError(f"{w}: a list's name must be a plain word not used by Fieldwork.")
        over = _text(entry, "over", w, required=False) or "grades"
        which = _text(entry, "grades", w, required=False) or "all"
        counts = _text(entry, "counts", w, required=False) or ("judgements" if over == "judgements" else "examined")
        for key, value, allowed in (("over", over, LIST_OVER), ("grades", which, LIST_GRADES),
                                    ("counts", counts, LIST_COUNTS)):
            if value not in allowed:
                raise FrameworkError(f"{w}: '{key}' must be one of {', '.join(allowed)}, not '{value}'.")
        values = ("phrase", "summary_phrase", "label", "heading", *grade_words,
                  *(("topic",) if over == "judgements" else ("percent",)))
        item = _template(_text(entry, "item", w), w, values, ("n",), item=True)
        first = _template(_text(entry, "first", w, required=False) or item, w, values, ("n",), item=True)
        joins = []
        for key, default in (("join", ", "), ("last_join", " and "), ("many_prefix", "")):
            value = entry.get(key, default)
            if not isinstance(value, str):
                raise FrameworkError(f"{w}: '{key}' must be a string.")
            joins.append(value)
        found.append(WordList(name, over, which, counts, first, item, *joins))
    return found


def _sentences(data: TomlTable, origin: str, lists: list[WordList]) -> list[Sentence]:
    counts = (*SENTENCE_COUNTS, *(w.name for w in lists))
    found = []
    for i, entry in enumerate(data.get("sentences") or [], 1):
        if not isinstance(entry, dict):
            raise FrameworkError(f"{origin}: [[sentences]] entries must be tables.")
        w = f"{origin} [[sentences]] #{i}"
        count = entry.get("count")
        if count is not None and count not in counts:
            raise FrameworkError(f"{w}: 'count' must be one of {', '.join(counts)}, not {count!r}.")
        requires, unless = _strings(entry, "requires", w), _strings(entry, "unless", w)
        for key, names in (("requires", requires), ("unless", unless)):
            for name in names:
                if name not in counts:
                    raise FrameworkError(f"{w}: '{key}' names '{name}', not a count: {', '.join(counts)}.")
        forms: dict[str, str | None] = {}
        for form in ("zero", "one", "many"):
            value = entry.get(form)
            if value is not None and not isinstance(value, str):
                raise FrameworkError(f"{w}: '{form}' must be a string (empty to leave the sentence out).")
            forms[form] = None if value is None else _template(value, w, SENTENCE_VALUES, counts)
        many = forms["many"]
        if not many:
            raise FrameworkError(f"{w}: 'many' must be a non-empty string.")
        if (forms["zero"] is not None or forms["one"] is not None) and count is None:
            raise FrameworkError(f"{w}: 'zero' and 'one' forms need a 'count' to choose between them.")
        found.append(Sentence(_text(entry, "key", w, required=False) or f"sentence-{i}", count, requires, unless,
                              forms["zero"], forms["one"], many, _flag(entry, "continues", w, False)))
    return found


def _checks(data: TomlTable, origin: str, grades: list[Grade]) -> list[Check]:
    raw = data.get("checks") or []
    if not isinstance(raw, list):
        raise FrameworkError(f"{origin}: [[checks]] entries must be tables.")
    names = {fold_label(name): g.key for g in grades
             for name in (g.key, g.label, g.heading, g.phrase, g.summary_phrase, *g.aliases)}
    found = []
    for i, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise FrameworkError(f"{origin}: [[checks]] entries must be tables.")
        w = f"{origin} [[checks]] #{i}"
        kind = _text(entry, "kind", w)
        if kind not in CHECK_KINDS:
            raise FrameworkError(f"{w}: 'kind' must be one of {', '.join(CHECK_KINDS)}, not '{kind}'.")
        severity = _text(entry, "severity", w, required=False) or "block"
        if severity not in CHECK_SEVERITIES:
            raise FrameworkError(f"{w}: 'severity' must be one of {', '.join(CHECK_SEVERITIES)}, not '{severity}'.")
        message = _template(_text(entry, "message", w), w, CHECK_VALUES, ())
        chosen = []
        for name in _strings(entry, "grades", w):
            key = names.get(fold_label(name))
            if key is None:
                raise FrameworkError(f"{w}: '{name}' in 'grades' is not a grade: "
                                     f"{', '.join(g.label for g in grades)}.")
            chosen.append(key)
        if chosen and kind != "grade-without-notes":
            raise FrameworkError(f"{w}: 'grades' belongs to a grade-without-notes check.")
        if kind == "grade-without-notes" and not chosen:
            chosen = [grades[-1].key]  # the worst grade: an inadequate case always needs its evidence
        found.append(Check(kind, severity, message, tuple(chosen)))
    return found


def _validate(data: TomlTable, source: str, origin: str, strict: bool, *, defaults: bool = True) -> Framework:
    for section, most in MAX_COUNTS.items():
        found = data.get(section)
        if isinstance(found, list) and len(found) > most:
            raise FrameworkError(f"{origin}: {len(found)} [[{section}]] entries; a framework may have at most "
                                 f"{most}.")
    head = _table(data, "framework", origin)
    where = f"{origin} [framework]"
    case_grade = _flag(head, "case_grade", where, True)
    grades = _grades(data, origin)
    areas = _areas(data, origin)
    reasons = [
        ReferralReason(
            _text(e, "key", f"{origin} [[referral_reasons]] #{i}"),
            _text(e, "label", f"{origin} [[referral_reasons]] #{i}"),
            _strings(e, "aliases", f"{origin} [[referral_reasons]] #{i}"),
        )
        for i, e in enumerate(_entries(data, "referral_reasons", origin), 1)
    ]
    _unique([r.key for r in reasons], "referral reason", origin)
    raw_types = _entries(data, "case_types", origin)
    tables = _tables(data, origin, case_grade, areas, len(raw_types), len(reasons), data.get("format", 1))
    type_tables = {t.number for t in tables if t.kind == "case-type"}

    case_types = []
    for i, entry in enumerate(raw_types, 1):
        w = f"{origin} [[case_types]] #{i}"
        table = entry.get("table")
        if type_tables and table not in type_tables or not type_tables and table is not None:
            raise FrameworkError(
                f"{w}: 'table' must name a case-type table ({', '.join(map(str, sorted(type_tables)))})."
                if type_tables else f"{w}: 'table' names a case-type table, and the framework has none.")
        case_types.append(CaseType(_text(entry, "key", w), _text(entry, "label", w), table or 0,
                                   _strings(entry, "aliases", w)))
    _unique([c.key for c in case_types], "case type", origin)
    fed = {c.table for c in case_types}
    for number in sorted(type_tables - fed):
        raise FrameworkError(f"{origin}: table {number} is fed by no case type.")

    lists = _lists(data, origin, grades)
    sentences = _sentences(data, origin, lists)
    if "sentences" not in data and defaults:
        # a framework that writes no sentences speaks as the 2017 programme's reports do
        default = default_sentences()
        own = {w.name for w in lists}
        lists += [w for w in default.lists if w.name not in own]
        sentences = list(default.sentences)
    checks = _checks(data, origin, grades)
    if "checks" not in data and defaults:
        # a framework that declares no hand-in checks keeps the 2017 programme's, for its own grade scale
        checks = [replace(c, grades=(grades[-1].key,)) if c.grades else c for c in default_sentences().checks]
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
        case_grade=case_grade,
        lists=tuple(lists),
        sentences=tuple(sentences),
        checks=tuple(checks),
        source=source,
    )


# The sentences a framework without its own speaks: those of the 2017 programme's reports.
DEFAULT_SENTENCES = "ncpi-2017"


@lru_cache(maxsize=1)
def default_sentences() -> Framework:
    path = FRAMEWORKS_DIR / f"{DEFAULT_SENTENCES}.toml"
    return _validate(tomllib.loads(path.read_text(encoding="utf-8")), "", str(path), False, defaults=False)


def in_words(framework: Framework, words: Mapping[str, str]) -> Framework:
    """The framework as the interface shows it in another language: every grade label, heading and descriptor,
    case-type, area and referral-reason label found in words (the English text -> its translation) replaced.
    Keys, rules and the report's own words (phrases, captions, sentences) are unchanged: documents are written
    from the stored framework, in its own language."""
    if not words:
        return framework

    def w(text: str) -> str:
        return words.get(text, text)

    return replace(
        framework,
        grades=tuple(replace(g, label=w(g.label), heading=w(g.heading), descriptor=w(g.descriptor))
                     for g in framework.grades),
        case_types=tuple(replace(c, label=w(c.label)) for c in framework.case_types),
        areas=tuple(replace(a, label=w(a.label)) for a in framework.areas),
        referral_reasons=tuple(replace(r, label=w(r.label)) for r in framework.referral_reasons))
