"""Validation of the force's case sample and of gradings files: every problem, located, before any write."""

from __future__ import annotations

from dataclasses import dataclass

from models.errors import ImportProblem
from models.inspection.framework import SAMPLES, Framework, fold_label
from models.inspection.records import CaseDraft, SamplePreview
from models.inspection.tabular import Sheet, fold_header

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


@dataclass
class _Collector:
    file: str
    problems: list[ImportProblem]

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(self.file, message, row, column))


def check_required_columns(sheet: Sheet, mapping: dict[str, str | None], required: tuple[str, ...]) -> list[ImportProblem]:
    problems = []
    for name in required:
        if not mapping.get(name):
            problems.append(
                ImportProblem(sheet.file, f"no '{name}' column; the header row has: {', '.join(h for h in sheet.headers if h)}.", row=1)
            )
    return problems


def validate_sample(sheet: Sheet, framework: Framework, existing_refs: set[str],
                    mapping: dict[str, str | None] | None = None) -> SamplePreview:
    """Turn a sheet into case drafts, collecting every problem with its row and column."""
    mapping = mapping or guess_mapping(sheet.headers, SAMPLE_FIELDS, SAMPLE_SYNONYMS)
    preview = SamplePreview(sheet.file, sheet.headers, mapping)
    preview.problems.extend(check_required_columns(sheet, mapping, SAMPLE_REQUIRED))
    if preview.problems:
        return preview
    if not sheet.rows:
        preview.problems.append(ImportProblem(sheet.file, "the file has a header row but no cases.", row=2))
        return preview
    out = _Collector(sheet.file, preview.problems)
    seen: dict[str, int] = {}
    types = "; ".join(f"{c.key} ({c.label})" for c in framework.case_types)
    grades = ", ".join(g.label for g in framework.grades)
    col_ref, col_type, col_sample = mapping["case_ref"], mapping["case_type"], mapping["sample"]
    assert col_ref and col_type and col_sample  # check_required_columns has refused the sheet otherwise
    col_grade = mapping.get("force_grade")
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
        elif ref in seen:
            out.add(f"case reference '{ref}' is duplicated (also at row {seen[ref]}).", row.number, col_ref)
            ok = False
        elif ref in existing_refs:
            out.add(f"case '{ref}' is already in the inspection.", row.number, col_ref)
            ok = False
        else:
            seen[ref] = row.number
        case_type = framework.match_case_type(get(col_type, ""))
        if case_type is None:
            shown = get(col_type, "") or "(empty)"
            out.add(f"unknown case type '{shown}'; expected one of: {types}.", row.number, col_type)
            ok = False
        sample = parse_sample_value(get(col_sample, ""))
        if sample is None:
            shown = get(col_sample, "") or "(empty)"
            out.add(f"sample '{shown}' is not one of: {', '.join(SAMPLES)}.", row.number, col_sample)
            ok = False
        force_grade_text = get(col_grade, "") if col_grade else ""
        force_grade = framework.match_grade(force_grade_text) if force_grade_text else None
        if force_grade_text and force_grade is None:
            out.add(f"force grade '{force_grade_text}' is not a grade; expected one of: {grades}.", row.number, col_grade)
            ok = False
        elif sample == "self-assessed" and force_grade is None:
            out.add(f"a self-assessed case needs the force's grade ({grades}).", row.number,
                    col_grade or "force_grade")
            ok = False
        elif sample == "inspectorate-selected" and force_grade is not None:
            out.add("an inspectorate-selected case has no force grade; leave it empty or mark the case self-assessed.",
                    row.number, col_grade)
            ok = False
        if ok and case_type is not None and sample is not None:
            preview.drafts.append(CaseDraft(row.number, ref, case_type, sample, force_grade))
    return preview


GRADING_FIELDS = ("case_ref", "inspector", "grade", "serious_concern", "concern_summary", "notes", "referral_reason")
GRADING_REQUIRED = ("case_ref", "inspector", "grade")
GRADING_SYNONYMS = {
    "case_ref": SAMPLE_SYNONYMS["case_ref"],
    "inspector": ("grader", "assessor", "inspector name"),
    "grade": ("inspectorate grade", "hmic grade", "assessment"),
    "serious_concern": ("serious concern", "concern", "refer", "refer back", "referral"),
    "concern_summary": ("concern summary", "summary of concern", "summary"),
    "notes": ("note", "evidence", "evidence notes", "comments"),
    "referral_reason": ("referral reason", "reason"),
}


@dataclass(frozen=True)
class GradingDraft:
    row: int
    case_ref: str
    inspector: str
    grade: str
    serious_concern: bool
    concern_summary: str
    referral_reason: str | None
    notes: dict[str, str]


def validate_gradings(sheet: Sheet, framework: Framework, known_refs: set[str]) -> tuple[list[GradingDraft], list[ImportProblem]]:
    """Check a gradings file against the inspection's cases and the framework."""
    mapping = guess_mapping(sheet.headers, GRADING_FIELDS, GRADING_SYNONYMS)
    problems = check_required_columns(sheet, mapping, GRADING_REQUIRED)
    if problems:
        return [], problems
    if not sheet.rows:
        return [], [ImportProblem(sheet.file, "the file has a header row but no gradings.", row=2)]
    by_fold = {fold_header(h): h for h in sheet.headers if h}
    area_columns: dict[str, str] = {}
    for area in framework.areas:
        header = by_fold.get(fold_header(area.key)) or by_fold.get(fold_header(area.label))
        if header:
            area_columns[area.key] = header
    general_area = framework.areas[-1].key  # the "notes" column feeds the last area (overall assessment)
    out = _Collector(sheet.file, problems)
    drafts: list[GradingDraft] = []
    seen: dict[tuple[str, str], int] = {}
    grades = ", ".join(g.label for g in framework.grades)
    reasons = ", ".join(r.key for r in framework.referral_reasons)
    col_ref, col_inspector, col_grade = mapping["case_ref"], mapping["inspector"], mapping["grade"]
    assert col_ref and col_inspector and col_grade  # check_required_columns has refused the sheet otherwise
    col_concern, col_summary = mapping.get("serious_concern"), mapping.get("concern_summary")
    col_reason, col_notes = mapping.get("referral_reason"), mapping.get("notes")
    for row in sheet.rows:
        get = row.values.get
        ok = True
        ref = get(col_ref, "")
        if ref not in known_refs:
            out.add(f"case '{ref or '(empty)'}' is not in the inspection's sample.", row.number, col_ref)
            ok = False
        inspector = get(col_inspector, "")
        if not inspector:
            out.add("inspector is empty.", row.number, col_inspector)
            ok = False
        elif (ref, inspector) in seen:
            out.add(f"'{inspector}' grades case '{ref}' twice (also at row {seen[ref, inspector]}).",
                    row.number, col_inspector)
            ok = False
        else:
            seen[ref, inspector] = row.number
        grade_text = get(col_grade, "")
        grade = framework.match_grade(grade_text)
        if grade is None:
            out.add(f"grade '{grade_text or '(empty)'}' is not one of: {grades}.", row.number, col_grade)
            ok = False
        concern = False
        if col_concern:
            flag = get(col_concern, "").casefold()
            if flag in YES:
                concern = True
            elif flag not in NO:
                out.add(f"serious concern '{flag}' should be yes or no.", row.number, col_concern)
                ok = False
        summary = get(col_summary, "") if col_summary else ""
        if concern and not summary:
            out.add("a serious concern needs a concern summary.", row.number, col_summary or "concern_summary")
            ok = False
        reason = None
        if concern and col_reason and get(col_reason, ""):
            reason = framework.match_referral_reason(get(col_reason, ""))
            if reason is None:
                out.add(f"referral reason is not one of: {reasons}.", row.number, col_reason)
                ok = False
        notes = {key: get(column, "") for key, column in area_columns.items() if get(column, "")}
        if col_notes and get(col_notes, ""):
            general = get(col_notes, "")
            notes[general_area] = f"{notes[general_area]}\n{general}" if general_area in notes else general
        if ok and grade is not None:
            drafts.append(GradingDraft(row.number, ref, inspector, grade, concern, summary, reason, notes))
    return drafts, problems
