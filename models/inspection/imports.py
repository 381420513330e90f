"""Validation of the force's case sample and of gradings files: every problem, located, before any write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.errors import ImportProblem
from models.inspection.framework import Framework, fold_label
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


def sample_required(framework: Framework) -> tuple[str, ...]:
    """The sample's required columns: without a force self-assessment every case is inspectorate-selected,
    so the sample column may be left out."""
    return SAMPLE_REQUIRED if framework.self_assessment else ("case_ref", "case_type")


def validate_sample(sheet: Sheet, framework: Framework, existing_refs: set[str],
                    mapping: dict[str, str | None] | None = None) -> SamplePreview:
    """Turn a sheet into case drafts, collecting every problem with its row and column."""
    mapping = mapping or guess_mapping(sheet.headers, SAMPLE_FIELDS, SAMPLE_SYNONYMS)
    preview = SamplePreview(sheet.file, sheet.headers, mapping)
    preview.problems.extend(check_required_columns(sheet, mapping, sample_required(framework)))
    if preview.problems:
        return preview
    if not sheet.rows:
        preview.problems.append(ImportProblem(sheet.file, "the file has a header row but no cases.", row=2))
        return preview
    out = _Collector(sheet.file, preview.problems)
    seen: dict[str, int] = {}
    types = "; ".join(f"{c.key} ({c.label})" for c in framework.case_types)
    grades = ", ".join(g.label for g in framework.grades)
    col_ref, col_type = mapping["case_ref"], mapping["case_type"]
    assert col_ref and col_type  # check_required_columns has refused the sheet otherwise
    col_sample, col_grade = mapping.get("sample"), mapping.get("force_grade")
    self_assessment = framework.self_assessment
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
        sample_text = get(col_sample, "") if col_sample else ""
        sample = parse_sample_value(sample_text)
        if not self_assessment and not sample_text:
            sample = "inspectorate-selected"  # the only sample such a framework has
        if sample is None:
            shown = sample_text or "(empty)"
            out.add(f"sample '{shown}' is not one of: {', '.join(framework.samples)}.", row.number,
                    col_sample or "sample")
            ok = False
        elif sample not in framework.samples:
            out.add(f"{no_self_assessment}; mark the case inspectorate-selected or leave the sample column out.",
                    row.number, col_sample)
            ok = False
            sample = None
        force_grade_text = get(col_grade, "") if col_grade else ""
        force_grade = framework.match_grade(force_grade_text) if force_grade_text else None
        if force_grade_text and not self_assessment:
            out.add(f"{no_self_assessment}, so no case carries a force grade; leave this column empty.",
                    row.number, col_grade)
            ok = False
        elif force_grade_text and force_grade is None:
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
            problems.append(ImportProblem(
                sheet.file, f"{area.label} is not graded in {framework.name}; its column takes notes: name it "
                f"'{area.label}' or '{area.label} notes'.", row=1, column=header))
        elif match in found:
            what = "grade" if role == "grade" else "notes"
            problems.append(ImportProblem(
                sheet.file, f"columns '{found[match]}' and '{header}' both give the {area.label} {what}; keep one.",
                row=1, column=header))
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


def validate_gradings(sheet: Sheet, framework: Framework, known_refs: set[str]) -> tuple[list[GradingDraft], list[ImportProblem]]:
    """Check a gradings file against the inspection's cases and the framework."""
    mapping = guess_mapping(sheet.headers, GRADING_FIELDS, GRADING_SYNONYMS)
    problems = check_required_columns(sheet, mapping, gradings_required(framework))
    col_grade = mapping.get("grade")
    if col_grade and not framework.case_grade:
        topics = ", ".join(a.label for a in framework.graded_areas) or "none"
        problems.append(ImportProblem(
            sheet.file, f"{framework.name} gives a case no overall grade, so this column cannot be imported; "
            f"grade each topic in its own column (topics: {topics}) and remove this one.", row=1, column=col_grade))
    columns, header_problems = area_columns(sheet, framework, {h for h in mapping.values() if h})
    problems.extend(header_problems)
    if problems:
        return [], problems
    if not sheet.rows:
        return [], [ImportProblem(sheet.file, "the file has a header row but no gradings.", row=2)]
    general_area = framework.areas[-1].key  # the "notes" column feeds the last area (overall assessment)
    out = _Collector(sheet.file, problems)
    drafts: list[GradingDraft] = []
    seen: dict[tuple[str, str], int] = {}
    grades = ", ".join(g.label for g in framework.grades)
    reasons = ", ".join(r.key for r in framework.referral_reasons)
    col_ref, col_inspector = mapping["case_ref"], mapping["inspector"]
    assert col_ref and col_inspector  # check_required_columns has refused the sheet otherwise
    col_concern, col_summary = mapping.get("serious_concern"), mapping.get("concern_summary")
    col_reason, col_notes = mapping.get("referral_reason"), mapping.get("notes")
    col_refer, col_date = mapping.get("refer"), mapping.get("referral_date")
    note_columns = list(columns.notes.items())
    if col_notes:
        note_columns.append((general_area, col_notes))
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
        grade: str | None = None
        if col_grade:
            grade_text = get(col_grade, "")
            grade = framework.match_grade(grade_text)
            if grade is None:
                out.add(f"grade '{grade_text or '(empty)'}' is not one of: {grades}.", row.number, col_grade)
                ok = False
        topic_grades: dict[str, str] = {}
        for key, column in columns.grades.items():
            text = get(column, "")
            if not text:
                continue  # an empty topic cell leaves that topic as it was
            topic = framework.match_grade(text)
            if topic is None:
                out.add(f"{framework.area(key).label} grade '{text}' is not one of: {grades}.", row.number, column)
                ok = False
            else:
                topic_grades[key] = topic
        concern, flag = False, ""
        if col_concern:
            flag = get(col_concern, "").casefold()
            if flag in YES:
                concern = True
            elif flag not in NO:
                out.add(f"serious concern '{flag}' should be yes or no.", row.number, col_concern)
                ok = False
        summary = get(col_summary, "") if col_summary else ""
        reason_text = get(col_reason, "") if col_reason else ""
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
    return drafts, problems
