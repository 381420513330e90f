"""Validation of the force's case sample and of gradings files: every problem, located, before any write."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from models.errors import ImportProblem
from models.inspection.framework import Framework, fold_label
from models.inspection.records import CaseDraft, SamplePreview
from models.inspection.tabular import DELIMITER_NAMES, Reading, Sheet, SheetRow, delimiter_name, fold_header

ValueMap = dict[str, dict[str, str]]  # field -> {as the force writes it: as the framework has it}
MAX_LISTED = 10  # warnings of one kind listed one by one before "and N more"

MAX_REF_CHARS = 64
MAX_PROBLEMS = 200  # enough to fix a file in one pass without drowning the user

SAMPLE_FIELDS = ("case_ref", "case_type", "sample", "force_grade")
SAMPLE_REQUIRED = ("case_ref", "case_type", "sample")
SAMPLE_SYNONYMS = {
    "case_ref": ("case ref", "case reference", "reference", "ref", "case id", "case number", "urn"),
    "case_type": ("case type", "type", "type of case", "category"),
    "sample": ("sample", "selection", "selected by", "source"),
    "force_grade": ("force grade", "self assessed grade", "self assessment", "force assessment", "grade"),
}
_SAMPLE_VALUES = {
    "self-assessed": ("self assessed", "selfassessed", "self", "sa", "force", "self assessment"),
    "inspectorate-selected": ("inspectorate selected", "inspectorate", "is", "additional", "hmic", "hmicfrs"),
}
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


def guess_mapping(headers: tuple[str, ...], fields: tuple[str, ...],
                  synonyms: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    """Match each field to a header by name, case and punctuation aside."""
    by_fold = {fold_header(h): h for h in headers if h}
    mapping: dict[str, str | None] = {}
    for name in fields:
        candidates = (name, *synonyms.get(name, ()))
        mapping[name] = next((by_fold[fold_header(c)] for c in candidates if fold_header(c) in by_fold), None)
    return mapping


_SAMPLE_LOOKUP = {name: key for key, names in _SAMPLE_VALUES.items() for name in (key.replace("-", " "), *names)}


def parse_sample_value(text: str) -> str | None:
    return _SAMPLE_LOOKUP.get(fold_label(text))


def expected_headers(fields: Iterable[str], synonyms: dict[str, tuple[str, ...]],
                     extra: Iterable[str] = ()) -> frozenset[str]:
    """The folded header names a file of this kind may have: they find its header row and its sheet."""
    names = [*fields, *(s for f in fields for s in synonyms.get(f, ())), *extra]
    return frozenset(fold_header(fold_label(n)) for n in names)


def fold_ref(ref: str) -> str:
    """Two references equal once case and spaces are set aside name one case written two ways."""
    return "".join(ref.split()).casefold()


@dataclass
class _Collector:
    sheet: Sheet
    problems: list[ImportProblem]

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(self.sheet.problem(message, row, column))


def check_required_columns(sheet: Sheet, mapping: dict[str, str | None], required: tuple[str, ...]) -> list[ImportProblem]:
    problems = []
    reading = sheet.reading
    named = [h for h in sheet.headers if h]
    if reading.delimiter and len(named) == 1 and any(not mapping.get(name) for name in required):
        # one column holding 'case_ref;case_type;…': the cause is the separator, said once, not a column per field
        other = next((d for d in DELIMITER_NAMES if d != reading.delimiter and d in named[0]), None)
        if other is not None:
            return [sheet.problem(
                f"the header row (row {reading.header_row}) is one column when read as separated by "
                f"{reading.delimiter_name()}: '{named[0]}'; its columns seem separated by {delimiter_name(other)}: "
                "choose that separator.", row=reading.header_row)]
    said = [f"row {reading.header_row}"] if reading.header_row != 1 else []
    if reading.delimiter not in (None, ",") or (reading.delimiter and sum(map(bool, sheet.headers)) == 1):
        said.append(f"columns separated by {reading.delimiter_name()}")
    where = f"the header row ({', '.join(said)})" if said else "the header row"
    others = [s for s in reading.sheets if s != reading.sheet]
    hint = f" The workbook's other sheets: {', '.join(repr(s) for s in others)}; choose the sheet to read." if others else ""
    for name in required:
        if not mapping.get(name):
            problems.append(sheet.problem(
                f"no '{name}' column; {where} has: {', '.join(h for h in sheet.headers if h)}.{hint}",
                row=reading.header_row))
    return problems


def resolve_mapping(sheet: Sheet, fields: tuple[str, ...], guessed: dict[str, str | None],
                    given: dict[str, str | None] | None) -> tuple[dict[str, str | None], list[ImportProblem]]:
    """The columns the user matched, over those recognised by name; a field or header that is not there is refused."""
    mapping = dict(guessed)
    problems: list[ImportProblem] = []
    by_fold = {fold_header(h): h for h in sheet.headers if h}
    for name, header in (given or {}).items():
        if name not in fields:
            problems.append(sheet.problem(f"'{name}' is not a column Fieldwork reads here; the columns are: "
                                          f"{', '.join(fields)}."))
        elif header is None:
            mapping[name] = None
        elif header in sheet.headers:
            mapping[name] = header
        elif fold_header(header) in by_fold:
            mapping[name] = by_fold[fold_header(header)]
        else:
            problems.append(sheet.problem(
                f"column '{header}' (given for {name}) is not in the header row (row {sheet.reading.header_row}); "
                f"it has: {', '.join(h for h in sheet.headers if h)}.", row=sheet.reading.header_row))
    fields_by_header: dict[str, list[str]] = {}
    for name, header in mapping.items():
        if header:
            fields_by_header.setdefault(header, []).append(name)
    for header, names in fields_by_header.items():
        if len(names) > 1:
            problems.append(sheet.problem(f"column '{header}' is matched to more than one field ({', '.join(names)}).",
                                          row=sheet.reading.header_row, column=header))
    return mapping, problems


def _mapper(values: ValueMap | None, name: str) -> Callable[[str], str]:
    """A field's cells through the user's value mapping (case, spaces and typography aside)."""
    table = {fold_label(k): v for k, v in (values or {}).get(name, {}).items()}
    if not table:
        return _same
    return lambda text: table.get(fold_label(text), text) if text else text


class _Matches(dict[str, str | None]):
    """match's answer for each text, worked out the first time the text is looked up (matches[text]); a
    repeated text is then a plain dictionary look-up, with no Python call a row."""

    def __init__(self, match: Callable[[str], str | None]) -> None:
        super().__init__()
        self.match = match

    def __missing__(self, text: str) -> str | None:
        found = self[text] = self.match(text)
        return found


def _same(text: str) -> str:
    return text


def check_value_map(sheet: Sheet, values: ValueMap | None, checks: dict[str, tuple[Callable[[str], object], str]]
                    ) -> list[ImportProblem]:
    """Every value the user maps to must be one the framework knows, said before any row is read."""
    problems = []
    for name, pairs in (values or {}).items():
        if name not in checks:
            problems.append(sheet.problem(f"values of '{name}' cannot be mapped; mappable: {', '.join(checks)}."))
            continue
        match, allowed = checks[name]
        for source, target in pairs.items():
            if match(target) is None:
                problems.append(sheet.problem(f"the value mapping '{source}' → '{target}' for {name} names no "
                                              f"{name.replace('_', ' ')}; expected one of: {allowed}."))
    return problems


def unread_columns(sheet: Sheet, used: Collection[str], kind: str) -> list[ImportProblem]:
    """Headers no field reads: named, so a misspelt column is never dropped unseen."""
    unread = [h for h in sheet.headers if h and h not in used]
    if not unread:
        return []
    listed = ", ".join(f"'{h}'" for h in unread)
    return [sheet.problem(f"{'column' if len(unread) == 1 else 'columns'} {listed} {'is' if len(unread) == 1 else 'are'} "
                          f"not a {kind} column and {'is' if len(unread) == 1 else 'are'} not imported "
                          "(match it to a field if it holds one).", row=sheet.reading.header_row)]


def formatted_refs(sheet: Sheet, column: str) -> list[ImportProblem]:
    """References Excel shows through a date or number format: read as shown, never silently."""
    found = sorted((row, kind) for (row, header), kind in sheet.formatted.items() if header == column)
    warnings = [sheet.problem(f"the reference is stored as {kind}; it is read as Excel shows it. Check it against "
                              "the force's records (format the column as Text in Excel to keep references as typed).",
                              row, column) for row, kind in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        warnings.append(sheet.problem(f"and {len(found) - MAX_LISTED} more references stored as dates or numbers.",
                                      column=column))
    return warnings


def sample_required(framework: Framework) -> tuple[str, ...]:
    """The sample's required columns: without a force self-assessment every case is inspectorate-selected,
    so the sample column may be left out."""
    return SAMPLE_REQUIRED if framework.self_assessment else ("case_ref", "case_type")


def validate_sample(sheet: Sheet, framework: Framework, existing_refs: set[str],
                    mapping: dict[str, str | None] | None = None, values: ValueMap | None = None) -> SamplePreview:
    """Turn a sheet into case drafts, collecting every problem with its row and column, and every warning."""
    guessed = guess_mapping(sheet.headers, SAMPLE_FIELDS, SAMPLE_SYNONYMS)
    mapping, mapping_problems = resolve_mapping(sheet, SAMPLE_FIELDS, guessed, mapping)
    preview = SamplePreview(sheet.file, sheet.headers, mapping, reading=sheet.reading)
    preview.problems.extend(mapping_problems or check_required_columns(sheet, mapping, sample_required(framework)))
    types = "; ".join(f"{c.key} ({c.label})" for c in framework.case_types)
    grades = ", ".join(g.label for g in framework.grades)
    preview.problems.extend(check_value_map(sheet, values, {
        "case_type": (framework.match_case_type, types), "sample": (parse_sample_value, ", ".join(framework.samples)),
        "force_grade": (framework.match_grade, grades)}))
    if preview.problems:
        return preview
    if not sheet.rows:
        preview.problems.append(sheet.problem("the file has a header row but no cases.", row=sheet.reading.header_row + 1))
        return preview
    preview.warnings.extend(sheet.warnings)
    preview.warnings.extend(unread_columns(sheet, {h for h in mapping.values() if h}, "sample"))
    out = _Collector(sheet, preview.problems)
    # Each accepted reference, folded: one set entry a row (the rows behind a clash are looked up only when one
    # is found, so a million-row sample does not keep two dictionaries of its references).
    folded_seen: set[str] = set()
    earlier: _EarlierRefs | None = None
    existing_folded = {fold_ref(r): r for r in existing_refs}
    col_ref, col_type = mapping["case_ref"], mapping["case_type"]
    assert col_ref and col_type  # check_required_columns has refused the sheet otherwise
    preview.warnings.extend(formatted_refs(sheet, col_ref))
    col_sample, col_grade = mapping.get("sample"), mapping.get("force_grade")
    map_type, map_sample, map_grade = (_mapper(values, "case_type"), _mapper(values, "sample"),
                                       _mapper(values, "force_grade"))
    self_assessment, samples = framework.self_assessment, framework.samples
    # each distinct cell text is matched once (a sample repeats a handful of case types, samples and grades)
    type_of = _Matches(lambda text: framework.match_case_type(map_type(text)))
    sample_of = _Matches(lambda text: parse_sample_value(map_sample(text)))
    grade_of = _Matches(lambda text: framework.match_grade(map_grade(text)))
    no_self_assessment = f"{framework.name} has no force self-assessment: every case is inspectorate-selected"
    for row in sheet.rows:
        get = row.values.get
        ref = get(col_ref, "")
        ok = True
        if not ref:
            out.add("case reference is empty.", row.number, col_ref)
            ok = False
        elif len(ref) > MAX_REF_CHARS:
            out.add(f"case reference longer than {MAX_REF_CHARS} characters.", row.number, col_ref)
            ok = False
        elif ref in existing_refs:
            out.add(f"case '{ref}' is already in the inspection.", row.number, col_ref)
            ok = False
        else:
            folded = fold_ref(ref)
            if folded in folded_seen:
                earlier = earlier or _EarlierRefs(sheet.rows, col_ref, existing_refs)
                same = earlier.exact.get(ref)
                if same is not None and same < row.number:
                    out.add(f"case reference '{ref}' is duplicated (also at row {same}).", row.number, col_ref)
                else:
                    other, at = earlier.folded[folded]
                    out.add(f"case reference '{ref}' and '{other}' (row {at}) differ only in capitals or spaces: "
                            "one case listed twice, or a mistyped reference; correct the file.", row.number, col_ref)
                ok = False
            elif folded in existing_folded:
                out.add(f"case reference '{ref}' differs only in capitals or spaces from '{existing_folded[folded]}', "
                        "already in the inspection; correct the file.", row.number, col_ref)
                ok = False
            else:
                folded_seen.add(folded)
        type_text = get(col_type, "")
        case_type = type_of[type_text]
        if case_type is None:
            _unmatched(preview.unmatched, "case_type", type_text)
            shown = type_text or "(empty)"
            out.add(f"unknown case type '{shown}'; expected one of: {types} (or map the force's word to one).",
                    row.number, col_type)
            ok = False
        sample_text = get(col_sample, "") if col_sample else ""
        sample = sample_of[sample_text]
        if not self_assessment and not sample_text:
            sample = "inspectorate-selected"  # the only sample such a framework has
        if sample is None:
            _unmatched(preview.unmatched, "sample", sample_text)
            shown = sample_text or "(empty)"
            # A yes/no says nothing of which sample it means (a "Self assessed?" or an "Inspectorate selected?"
            # column): the user says, never the tool.
            hint = (f" (say which of these '{sample_text}' means in this column: map the file's values, "
                    f"--map-value 'sample:{sample_text}=…' or the import wizard's values step)"
                    if sample_text.casefold() in YES | NO and sample_text else "")
            out.add(f"sample '{shown}' is not one of: {', '.join(framework.samples)}{hint}.", row.number,
                    col_sample or "sample")
            ok = False
        elif sample not in samples:
            out.add(f"{no_self_assessment}; mark the case inspectorate-selected or leave the sample column out.",
                    row.number, col_sample)
            ok = False
            sample = None
        force_grade_text = get(col_grade, "") if col_grade else ""
        force_grade = grade_of[force_grade_text] if force_grade_text else None
        if force_grade_text and not self_assessment:
            out.add(f"{no_self_assessment}, so no case carries a force grade; leave this column empty.",
                    row.number, col_grade)
            ok = False
        elif force_grade_text and force_grade is None:
            _unmatched(preview.unmatched, "force_grade", force_grade_text)
            out.add(f"force grade '{force_grade_text}' is not a grade; expected one of: {grades}.", row.number, col_grade)
            ok = False
        elif sample == "self-assessed" and force_grade is None:
            out.add(f"a self-assessed case needs the force's grade ({grades}).", row.number,
                    col_grade or "force_grade")
            ok = False
        elif sample == "inspectorate-selected" and force_grade is not None:
            out.add(f"force grade '{force_grade_text}' is given for an inspectorate-selected case, which the force "
                    "does not grade; leave it empty or mark the case self-assessed.", row.number, col_grade)
            ok = False
        if ok and case_type is not None and sample is not None:
            preview.drafts.append(CaseDraft(row.number, ref, case_type, sample, force_grade))
    return preview


class _EarlierRefs:
    """Where each reference first stands in the sheet, worked out once the first clash is found (a file with a
    clash is refused, so only a refused file pays for it): the first row of each reference that can be a
    case, and the first such reference of each folded form."""

    def __init__(self, rows: Sequence[SheetRow], column: str, existing: set[str]) -> None:
        self.exact: dict[str, int] = {}
        self.folded: dict[str, tuple[str, int]] = {}
        for row in rows:
            ref = row.values.get(column, "")
            if ref and len(ref) <= MAX_REF_CHARS and ref not in existing and ref not in self.exact:
                self.exact[ref] = row.number
                self.folded.setdefault(fold_ref(ref), (ref, row.number))


def _unmatched(found: dict[str, list[str]], name: str, text: str) -> None:
    """A word of the file no framework value matched, kept once for the wizard's value-mapping step."""
    words = found.setdefault(name, [])
    if text and text not in words and len(words) < MAX_PROBLEMS:
        words.append(text)


def sample_headers() -> frozenset[str]:
    return expected_headers(SAMPLE_FIELDS, SAMPLE_SYNONYMS)


GRADING_FIELDS = ("case_ref", "inspector", "grade", "serious_concern", "concern_summary", "notes", "refer",
                  "referral_reason", "referral_date")
GRADING_REQUIRED = ("case_ref", "inspector", "grade")
GRADING_SYNONYMS = {
    "case_ref": SAMPLE_SYNONYMS["case_ref"],
    "inspector": ("grader", "assessor", "inspector name"),
    "grade": ("inspectorate grade", "hmic grade", "assessment"),
    "serious_concern": ("serious concern", "concern"),
    "concern_summary": ("concern summary", "summary of concern", "summary"),
    "notes": ("note", "evidence", "evidence notes", "comments"),
    # A serious concern and a referral are separate: a row refers its case only when it says so.
    "refer": ("refer back", "referral", "referred", "refer to force", "referred back"),
    "referral_reason": ("referral reason", "reason"),
    "referral_date": ("referral date", "referred on", "raised on", "date referred"),
}
# An area's columns in a gradings file: its name (key or label) alone is its grade if the area is graded, else its
# notes; "<area> grade" is always the grade and "<area> notes" always the notes (see README, gradings files).
AREA_GRADE_SUFFIXES = ("grade",)
AREA_NOTE_SUFFIXES = ("notes", "note")


@dataclass(frozen=True)
class GradingDraft:
    row: int
    case_ref: str
    inspector: str
    grade: str | None  # None only where the framework gives a case no overall grade
    serious_concern: bool
    concern_summary: str
    referral_reason: str | None
    notes: dict[str, str]
    topic_grades: dict[str, str] = field(default_factory=dict)  # graded area key -> grade key
    refer: bool = False  # the row refers the case back to the force (a reason, or a refer column saying yes)
    referred_on: str | None = None  # ISO date the referral was raised, when the row gives one


def parse_day(text: str) -> str | None:
    """A day as spreadsheets give it (2017-03-01, 01/03/2017), as an ISO date; None if it is not one."""
    text = text.strip()
    if " " in text:  # a spreadsheet date cell read with its time: "2017-03-01 00:00:00"
        text = text.split(" ", 1)[0]
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def gradings_required(framework: Framework) -> tuple[str, ...]:
    """A gradings file's required columns: the overall grade only where the framework grades a whole case."""
    return GRADING_REQUIRED if framework.case_grade else ("case_ref", "inspector")


def _fold_column(text: str) -> str:
    # typographic variants folded as labels are, then spaces and punctuation dropped as for every header
    return fold_header(fold_label(text))


@dataclass(frozen=True)
class AreaColumns:
    """Which header holds each area's grade and each area's notes."""

    grades: dict[str, str]  # graded area key -> header
    notes: dict[str, str]  # area key -> header


def area_columns(sheet: Sheet, framework: Framework, taken: set[str]) -> tuple[AreaColumns, list[ImportProblem]]:
    """Find the areas' grade and notes columns among the headers not already taken by another field."""
    lookup: dict[str, tuple[str, str]] = {}  # folded header -> (area key, "grade" | "notes")
    for area in framework.areas:
        for name in (area.key, area.label):
            folded = _fold_column(name)
            lookup.setdefault(folded, (area.key, "grade" if area.graded else "notes"))
            for suffix in AREA_GRADE_SUFFIXES:
                lookup.setdefault(folded + suffix, (area.key, "grade"))
            for suffix in AREA_NOTE_SUFFIXES:
                lookup.setdefault(folded + suffix, (area.key, "notes"))
    found: dict[tuple[str, str], str] = {}
    problems: list[ImportProblem] = []
    for header in sheet.headers:
        if not header or header in taken:
            continue
        match = lookup.get(_fold_column(header))
        if match is None:
            continue
        key, role = match
        area = framework.area(key)
        if role == "grade" and not area.graded:
            problems.append(sheet.problem(
                f"{area.label} is not graded in {framework.name}; its column takes notes: name it "
                f"'{area.label}' or '{area.label} notes'.", row=sheet.reading.header_row, column=header))
        elif match in found:
            what = "grade" if role == "grade" else "notes"
            problems.append(sheet.problem(
                f"columns '{found[match]}' and '{header}' both give the {area.label} {what}; keep one.",
                row=sheet.reading.header_row, column=header))
        else:
            found[match] = header
    return AreaColumns({k: h for (k, role), h in found.items() if role == "grade"},
                       {k: h for (k, role), h in found.items() if role == "notes"}), problems


def _where_grades_go(framework: Framework, col_grade: str | None) -> str:
    """The hint given when a grade stands where notes belong."""
    hints = []
    if framework.case_grade:
        hints.append(f"the case's grade goes in the '{col_grade or 'grade'}' column")
    if framework.graded_areas:
        hints.append(f"a topic's grade goes in that topic's column "
                     f"({', '.join(a.label for a in framework.graded_areas)})")
    return "; ".join(hints) or f"{framework.name} grades nothing here"


@dataclass
class GradingsPreview:
    file: str
    mapping: dict[str, str | None]
    drafts: list[GradingDraft] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)  # errors: the import is refused
    warnings: list[ImportProblem] = field(default_factory=list)  # imported only once the user accepts each
    reading: Reading = field(default_factory=Reading)


def gradings_headers(framework: Framework) -> frozenset[str]:
    areas = [n for a in framework.areas for n in (a.key, a.label, f"{a.label} notes", f"{a.label} grade")]
    return expected_headers(GRADING_FIELDS, GRADING_SYNONYMS, areas)


def _initials_match(a: str, b: str) -> bool:
    """'A. Archer' and 'Ann Archer': one surname, and one first name the other's initial (or its start)."""
    pa, pb = fold_label(a).replace(".", " ").split(), fold_label(b).replace(".", " ").split()
    if len(pa) < 2 or len(pb) < 2 or pa[-1] != pb[-1]:
        return False
    x, y = pa[0], pb[0]
    return x != y and (x.startswith(y) or y.startswith(x))


def _same_person(a: str, b: str) -> bool:
    return a != b and (fold_header(a) == fold_header(b) or _initials_match(a, b))


def suggest_names(name: str, known: Collection[str]) -> list[str]:
    """The team members a typed grader name most likely means, closest first."""
    close = [k for k in known if _same_person(name, k)]
    close += [k for k in difflib.get_close_matches(name, list(known), n=3, cutoff=0.6) if k not in close]
    return close[:3]


def look_alike_graders(sheet: Sheet, names: dict[str, int], earlier: Collection[str], column: str
                       ) -> list[ImportProblem]:
    """Names that look like one person written two ways ('Ann Archer', 'A. Archer'): said, for the user to map."""
    warnings = []
    listed = list(names)
    for i, name in enumerate(listed):
        for other in listed[:i]:
            if _same_person(name, other):
                warnings.append(sheet.problem(
                    f"'{name}' and '{other}' (row {names[other]}) look like one person written two ways; map one "
                    "name to the other, or accept to keep them as two graders.", names[name], column))
        for other in earlier:
            if other not in names and _same_person(name, other):
                warnings.append(sheet.problem(
                    f"'{name}' looks like '{other}', who already grades cases in this inspection; map the name, or "
                    "accept to keep them as two graders.", names[name], column))
    return warnings


def validate_gradings(sheet: Sheet, framework: Framework, known_refs: set[str],
                      mapping: dict[str, str | None] | None = None, values: ValueMap | None = None, *,
                      team: Collection[str] = (), graders: Collection[str] = ()) -> GradingsPreview:
    """Check a gradings file against the inspection's cases, its team and the framework.

    `team`: the registered members and allocated inspectors; when there are any, every grader must be one of them.
    `graders`: who already grades cases here, for the look-alike check where no team is known.
    """
    guessed = guess_mapping(sheet.headers, GRADING_FIELDS, GRADING_SYNONYMS)
    mapping, problems = resolve_mapping(sheet, GRADING_FIELDS, guessed, mapping)
    preview = GradingsPreview(sheet.file, mapping, problems=problems, reading=sheet.reading)
    if not problems:  # a column given by hand that is not there says more than "no such column"
        problems.extend(check_required_columns(sheet, mapping, gradings_required(framework)))
    grades = ", ".join(g.label for g in framework.grades)
    reasons = ", ".join(r.key for r in framework.referral_reasons)
    problems.extend(check_value_map(sheet, values, {
        "inspector": (lambda name: name.strip() or None, "a person's name"),
        "grade": (framework.match_grade, grades),
        "serious_concern": (lambda flag: flag if flag.casefold() in YES | NO else None, "yes, no"),
        "referral_reason": (framework.match_referral_reason, reasons)}))
    col_grade = mapping.get("grade")
    if col_grade and not framework.case_grade:
        topics = ", ".join(a.label for a in framework.graded_areas) or "none"
        problems.append(sheet.problem(
            f"{framework.name} gives a case no overall grade, so this column cannot be imported; "
            f"grade each topic in its own column (topics: {topics}) and remove this one.",
            row=sheet.reading.header_row, column=col_grade))
    columns, header_problems = area_columns(sheet, framework, {h for h in mapping.values() if h})
    problems.extend(header_problems)
    if problems:
        return preview
    if not sheet.rows:
        problems.append(sheet.problem("the file has a header row but no gradings.", row=sheet.reading.header_row + 1))
        return preview
    used = {h for h in mapping.values() if h} | set(columns.grades.values()) | set(columns.notes.values())
    preview.warnings.extend(sheet.warnings)
    preview.warnings.extend(unread_columns(sheet, used, "gradings"))
    general_area = framework.areas[-1].key  # the "notes" column feeds the last area (overall assessment)
    out = _Collector(sheet, problems)
    drafts = preview.drafts
    seen: dict[tuple[str, str], int] = {}
    col_ref, col_inspector = mapping["case_ref"], mapping["inspector"]
    assert col_ref and col_inspector  # check_required_columns has refused the sheet otherwise
    preview.warnings.extend(formatted_refs(sheet, col_ref))
    col_concern, col_summary = mapping.get("serious_concern"), mapping.get("concern_summary")
    col_reason, col_notes = mapping.get("referral_reason"), mapping.get("notes")
    col_refer, col_date = mapping.get("refer"), mapping.get("referral_date")
    note_columns = list(columns.notes.items())
    if col_notes:
        note_columns.append((general_area, col_notes))
    map_inspector, map_grade = _mapper(values, "inspector"), _mapper(values, "grade")
    map_concern, map_reason = _mapper(values, "serious_concern"), _mapper(values, "referral_reason")
    folded_refs = {fold_ref(r): r for r in known_refs}
    members = set(team)
    named: dict[str, int] = {}  # grader -> first row, for the look-alike check
    for row in sheet.rows:
        get = row.values.get
        ok = True
        ref = get(col_ref, "")
        if ref not in known_refs:
            near = folded_refs.get(fold_ref(ref)) if ref else None
            hint = f"; did you mean '{near}'? (only capitals or spaces differ)" if near else ""
            stored = sheet.formatted.get((row.number, col_ref))
            if stored:  # '2024-10-01' read from a date cell: the cause is the cell's format, not a missing case
                hint += (f"; the cell is stored as {stored} and read as Excel shows it: format the column as Text "
                         "in Excel and type the reference again")
            out.add(f"case '{ref or '(empty)'}' is not in the inspection's sample{hint}.", row.number, col_ref)
            ok = False
        inspector = map_inspector(get(col_inspector, "")).strip()
        if not inspector:
            out.add("inspector is empty.", row.number, col_inspector)
            ok = False
        elif members and inspector not in members:
            close = suggest_names(inspector, members)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "."
            out.add(f"'{inspector}' is not a member of the team nor allocated any case{hint} Map the name to a "
                    "member to import the row.", row.number, col_inspector)
            ok = False
        elif (ref, inspector) in seen:
            out.add(f"'{inspector}' grades case '{ref}' twice (also at row {seen[ref, inspector]}).",
                    row.number, col_inspector)
            ok = False
        else:
            seen[ref, inspector] = row.number
            named.setdefault(inspector, row.number)
        grade: str | None = None
        if col_grade:
            grade_text = get(col_grade, "")
            grade = framework.match_grade(map_grade(grade_text))
            if grade is None:
                out.add(f"grade '{grade_text or '(empty)'}' is not one of: {grades}.", row.number, col_grade)
                ok = False
        topic_grades: dict[str, str] = {}
        for key, column in columns.grades.items():
            text = get(column, "")
            if not text:
                continue  # an empty topic cell leaves that topic as it was
            topic = framework.match_grade(map_grade(text))
            if topic is None:
                out.add(f"{framework.area(key).label} grade '{text}' is not one of: {grades}.", row.number, column)
                ok = False
            else:
                topic_grades[key] = topic
        concern, flag = False, ""
        if col_concern:
            flag = map_concern(get(col_concern, "")).casefold()
            if flag in YES:
                concern = True
            elif flag not in NO:
                out.add(f"serious concern '{flag}' should be yes or no.", row.number, col_concern)
                ok = False
        summary = get(col_summary, "") if col_summary else ""
        reason_text = map_reason(get(col_reason, "")) if col_reason else ""
        refer_flag = get(col_refer, "").casefold() if col_refer else ""
        refer = bool(reason_text) or refer_flag in YES
        if col_refer and refer_flag not in YES | NO:
            out.add(f"refer '{refer_flag}' should be yes or no.", row.number, col_refer)
            ok = False
        elif refer_flag in NO - {""} and reason_text:
            out.add("the row gives a referral reason but says the case is not referred; clear one of them.",
                    row.number, col_reason)
            ok = False
        if refer and flag in NO - {""}:
            out.add("a referral is for a serious concern: mark the serious concern yes, or do not refer the case.",
                    row.number, col_concern)
            ok = False
        concern = concern or refer
        if concern and not summary:
            what = "a referral" if refer else "a serious concern"
            out.add(f"{what} needs a concern summary.", row.number, col_summary or "concern_summary")
            ok = False
        reason = None
        if reason_text:
            reason = framework.match_referral_reason(reason_text)
            if reason is None:
                out.add(f"referral reason is not one of: {reasons}.", row.number, col_reason)
                ok = False
        referred_on = None
        date_text = get(col_date, "") if col_date else ""
        if date_text:
            referred_on = parse_day(date_text)
            if referred_on is None:
                out.add(f"referral date '{date_text}' is not a date (YYYY-MM-DD or DD/MM/YYYY).", row.number, col_date)
                ok = False
            elif not refer:
                out.add("the row gives a referral date but refers nothing; give a referral reason or refer = yes.",
                        row.number, col_date)
                ok = False
        notes: dict[str, str] = {}
        for key, column in note_columns:
            text = get(column, "")
            if not text:
                continue
            if framework.match_grade(text) is not None:
                # a grade is never kept as a note: it would be counted nowhere and read as evidence
                area = framework.area(key)
                if area.graded:
                    hint = f"put it in the '{columns.grades.get(key, area.label)}' column"
                else:
                    hint = f"{area.label} takes notes only, and {_where_grades_go(framework, col_grade)}"
                out.add(f"'{text}' is a grade, not a note: {hint}.", row.number, column)
                ok = False
                continue
            notes[key] = f"{notes[key]}\n{text}" if key in notes else text
        if not framework.case_grade and not (topic_grades or notes or concern) and ok:
            out.add("the row records nothing: no topic grade, note or serious concern.", row.number)
            ok = False
        if ok and (grade is not None or not framework.case_grade):
            drafts.append(GradingDraft(row.number, ref, inspector, grade, concern, summary, reason, notes,
                                       topic_grades, refer, referred_on))
    if not members:
        preview.warnings.extend(look_alike_graders(sheet, named, graders, col_inspector))
    return preview
