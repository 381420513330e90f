"""Plain data handed out by the services: the GUI, CLI and exports never see ORM rows."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from models.errors import ImportProblem
from models.inspection.tabular import Reading

# The choices the command line and the dialogs offer, here so that building a parser loads no database layer.
FORCE_TERMS = ("force", "constabulary")
RESPONSE_KINDS = ("updated-assessment", "action-taken")
EVIDENCE_SOURCES = ("interview", "document", "observation", "data")


@dataclass(frozen=True)
class InspectionInfo:
    id: str
    force_name: str
    force_term: str
    framework_key: str
    framework_name: str
    inspectorate: str
    chief_officer: str
    created_at: datetime
    start_date: str | None = None  # ISO date the fieldwork began
    end_date: str | None = None
    addressee_name: str = ""  # the letters' addressee by name; chief_officer is their title
    follows: FollowUpBasis | None = None  # the earlier inspection this one follows up
    retain_until: str | None = None  # ISO date after which the data should be purged

    @property
    def year(self) -> int:
        """The inspection's year, as documents and national figures carry it: the fieldwork's end, else its
        start, else the year the file was made."""
        for day in (self.end_date, self.start_date):
            if day:
                return int(day[:4])
        return self.created_at.year


@dataclass(frozen=True)
class FollowUpBasis:
    """What a follow-up keeps of the inspection it follows: who and when, and its settled counts (never cases).

    Counts are of the inspectorate's settled overall grades of every case examined, in the earlier framework's
    grade order; by case type they are keyed by the earlier framework's case-type keys."""

    inspection_id: str
    force_name: str
    framework_key: str
    framework_name: str
    year: int
    grade_keys: tuple[str, ...]
    grade_labels: tuple[str, ...]
    examined: int
    grades: tuple[int, ...]
    by_case_type: tuple[tuple[str, tuple[int, ...]], ...]
    referred: int
    provisional: bool  # the earlier tables were still provisional when this was taken

    def to_json(self) -> dict[str, object]:
        return {"inspection_id": self.inspection_id, "force_name": self.force_name,
                "framework_key": self.framework_key, "framework_name": self.framework_name, "year": self.year,
                "grade_keys": list(self.grade_keys), "grade_labels": list(self.grade_labels),
                "examined": self.examined, "grades": list(self.grades),
                "by_case_type": {key: list(counts) for key, counts in self.by_case_type},
                "referred": self.referred, "provisional": self.provisional}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FollowUpBasis:
        """The basis as stored; a malformed one raises ValueError (or KeyError, TypeError)."""
        keys = tuple(str(k) for k in data["grade_keys"])
        grades = tuple(int(n) for n in data["grades"])
        by_type = tuple((str(k), tuple(int(n) for n in v)) for k, v in dict(data["by_case_type"]).items())
        if len(grades) != len(keys) or any(len(v) != len(keys) for _, v in by_type):
            raise ValueError("counts do not match the grade scale")
        return cls(str(data["inspection_id"]), str(data["force_name"]), str(data["framework_key"]),
                   str(data["framework_name"]), int(data["year"]), keys,
                   tuple(str(label) for label in data["grade_labels"]), int(data["examined"]), grades, by_type,
                   int(data["referred"]), bool(data["provisional"]))


@dataclass(frozen=True)
class CaseRow:
    ref: str
    case_type: str
    case_type_label: str
    sample: str
    force_grade: str | None
    grade: str | None
    allocated_to: str | None
    referred: bool
    disagreement: bool
    moderated: bool
    graders: tuple[str, ...]
    updated_at: datetime | None
    topics_graded: int = 0  # graded areas whose graders agree on a grade (frameworks that grade topics)
    topics_disagreement: bool = False  # graders gave one of its topics different grades
    queries: int = 0  # the lead's queries on the case not yet closed


NO_TIME = -(2**63)  # CaseListing.updated for a case never edited: sorts before every time
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
REFERRED, DISAGREEMENT, MODERATED, TOPICS_DISAGREEMENT = 1, 2, 4, 8  # bits of CaseListing.flags


class _Codes(dict[Any, int]):
    """Value -> small code, a new value taking the next code (looked up at C speed: dict[value])."""

    def __init__(self, first: Any) -> None:
        super().__init__({first: 0})
        self.found: list[Any] = [first]

    def __missing__(self, value: Any) -> int:
        code = self[value] = len(self.found)
        self.found.append(value)
        return code


def time_code(moment: datetime | None) -> int:
    """A last-edited time as whole microseconds since 1970 (UTC), or NO_TIME."""
    if moment is None:
        return NO_TIME
    return ((moment if moment.tzinfo else moment.replace(tzinfo=UTC)) - _EPOCH) // _MICROSECOND


def stored_moment(stored: str | None) -> datetime | None:
    """A time as the file stores it (SQLAlchemy's DateTime in SQLite: UTC text without an offset), in UTC."""
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_NAIVE_EPOCH = datetime(1970, 1, 1)


def stored_code(stored: str | None) -> int:
    """time_code of a time as the file stores it (a sort by the time converts every case: kept to one parse)."""
    if stored is None:
        return NO_TIME
    moment = datetime.fromisoformat(stored)
    return (moment - _NAIVE_EPOCH) // _MICROSECOND if moment.tzinfo is None else time_code(moment)


class CaseListing:
    """Every case as the case list shows it, held as columns rather than one object a case: a reference string
    and a few small codes (case type, sample, grades, names and the set of graders each coded once per distinct
    value), flags and counts in arrays. A million cases take about a hundred bytes each; row() gives one case
    back as a CaseRow."""

    def __init__(self, labels: Mapping[str, str] | None = None) -> None:
        self.labels = dict(labels or {})  # case type key -> label
        self.refs: list[str] = []
        self.codes = _Codes(None)  # case types, samples, grades, names: one table of the repeated strings
        self.grader_codes = _Codes(())  # each distinct set of graders (a tuple of names)
        self.case_type, self.sample = array("I"), array("I")
        self.force_grade, self.grade, self.allocated = array("I"), array("I"), array("I")
        self.graders = array("I")
        self.flags = array("B")  # REFERRED | DISAGREEMENT | MODERATED | TOPICS_DISAGREEMENT
        self.topics_graded, self.queries = array("I"), array("I")
        self._updated = array("q")  # time_code of updated_at
        # The times as the file stores them, until something asks for them all (a sort by the time): converted
        # a row at a time for the rows shown, so opening a million cases converts none.
        self._stored: list[str | None] | None = None
        self.in_ref_order = False  # known to be sorted by reference (as read by the service), unchecked

    @classmethod
    def of(cls, rows: Iterable[CaseRow], labels: Mapping[str, str] | None = None) -> CaseListing:
        listing = cls(labels)
        for row in rows:
            listing.append(row)
        return listing

    def __len__(self) -> int:
        return len(self.refs)

    @property
    def updated(self) -> array[int]:
        """time_code of every case's updated_at (converted once from the stored times on the first call)."""
        if self._stored is not None:
            self._updated = array("q", map(stored_code, self._stored))
            self._stored = None
        return self._updated

    def extend_stored_times(self, stored: Iterable[str | None]) -> None:
        """The next cases' updated_at as the file stores them (see stored_moment), kept as read."""
        if self._stored is None:
            if self._updated:
                self._updated.extend(map(stored_code, stored))
                return
            self._stored = []
        self._stored.extend(stored)

    def _set_time(self, position: int | None, moment: datetime | None) -> None:
        """A case's time appended (position None) or replaced, in whichever form the listing holds."""
        if self._stored is None:
            if position is None:
                self._updated.append(time_code(moment))
            else:
                self._updated[position] = time_code(moment)
            return
        stored = None
        if moment is not None:
            naive = moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
            stored = naive.isoformat(" ", "microseconds")
        if position is None:
            self._stored.append(stored)
        else:
            self._stored[position] = stored

    def __iter__(self) -> Iterator[CaseRow]:
        return (self.row(i) for i in range(len(self.refs)))

    def _coded(self, row: CaseRow) -> tuple[int, ...]:
        if row.case_type not in self.labels:
            self.labels[row.case_type] = row.case_type_label
        code = self.codes
        return (code[row.case_type], code[row.sample], code[row.force_grade], code[row.grade],
                code[row.allocated_to], self.grader_codes[tuple(row.graders)],
                REFERRED * row.referred | DISAGREEMENT * row.disagreement | MODERATED * row.moderated
                | TOPICS_DISAGREEMENT * row.topics_disagreement,
                row.topics_graded, row.queries)

    def _columns(self) -> tuple[array[int], ...]:
        return (self.case_type, self.sample, self.force_grade, self.grade, self.allocated, self.graders,
                self.flags, self.topics_graded, self.queries)

    def append(self, row: CaseRow) -> None:
        if self.refs and row.ref <= self.refs[-1]:
            self.in_ref_order = False
        self.refs.append(row.ref)
        for column, value in zip(self._columns(), self._coded(row), strict=True):
            column.append(value)
        self._set_time(None, row.updated_at)

    def replace(self, position: int, row: CaseRow) -> None:
        if row.ref != self.refs[position]:
            self.in_ref_order = False
        self.refs[position] = row.ref
        for column, value in zip(self._columns(), self._coded(row), strict=True):
            column[position] = value
        self._set_time(position, row.updated_at)

    def row(self, i: int) -> CaseRow:
        values = self.codes.found
        case_type, flags = values[self.case_type[i]], self.flags[i]
        if self._stored is not None:
            moment = stored_moment(self._stored[i])
        else:
            updated = self._updated[i]
            moment = None if updated == NO_TIME else _EPOCH + updated * _MICROSECOND
        return CaseRow(self.refs[i], case_type, self.labels.get(case_type, case_type), values[self.sample[i]],
                       values[self.force_grade[i]], values[self.grade[i]], values[self.allocated[i]],
                       bool(flags & REFERRED), bool(flags & DISAGREEMENT), bool(flags & MODERATED),
                       self.grader_codes.found[self.graders[i]],
                       moment,
                       self.topics_graded[i], bool(flags & TOPICS_DISAGREEMENT), self.queries[i])

    def rows(self) -> list[CaseRow]:
        return [self.row(i) for i in range(len(self.refs))]

    def people(self) -> set[str]:
        """Everyone a case is allocated to or graded by."""
        names = {self.codes.found[code] for code in set(self.allocated)}
        for code in set(self.graders):
            names.update(self.grader_codes.found[code])
        return {name for name in names if name}


@dataclass(frozen=True)
class AssessmentView:
    inspector: str
    grade: str | None
    serious_concern: bool
    concern_summary: str
    notes: dict[str, str]
    updated_at: datetime | None
    topic_grades: dict[str, str] = field(default_factory=dict)  # graded area key -> grade key


@dataclass(frozen=True)
class ForceEvidenceView:
    id: int
    source: str  # interview / document / observation / data
    text: str
    recorded_by: str
    updated_at: datetime


@dataclass(frozen=True)
class ForceJudgementView:
    """One topic judged for the whole force: its grade (None until given) and the evidence behind it."""

    area: str
    label: str
    grade: str | None
    evidence: tuple[ForceEvidenceView, ...]


@dataclass(frozen=True)
class ReferralView:
    case_ref: str
    case_type: str
    reason: str
    summary: str
    raised_on: str
    raised_by: str
    status: str
    response_kind: str | None
    response: str
    responded_on: str | None
    letter_sent_on: str | None = None
    due_on: str | None = None
    closed_on: str | None = None
    withdrawn_on: str | None = None
    withdrawn_reason: str = ""

    @property
    def active(self) -> bool:
        """A withdrawn referral stays on record but is counted nowhere and gets no letter."""
        return self.status != "withdrawn"


@dataclass(frozen=True)
class CaseDetail:
    case: CaseRow
    assessments: tuple[AssessmentView, ...]
    referral: ReferralView | None


@dataclass(frozen=True)
class ImportSummary:
    file: str
    added: int
    updated: int = 0
    referrals_raised: int = 0
    sha256: str = ""
    unreferred_concerns: int = 0  # rows flagging a serious concern that do not refer the case


class CaseDraft(NamedTuple):
    """A validated sample row, ready to insert (a NamedTuple: one per row of a large sample)."""

    row: int
    ref: str
    case_type: str
    sample: str
    force_grade: str | None


@dataclass
class SamplePreview:
    file: str
    headers: tuple[str, ...]
    mapping: dict[str, str | None]
    drafts: list[CaseDraft] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)  # errors: the import is refused
    warnings: list[ImportProblem] = field(default_factory=list)  # imported only once the user accepts each
    reading: Reading = field(default_factory=Reading)  # the sheet, header row, encoding and delimiter used
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # field -> the file's words nothing matched

    @property
    def ok(self) -> bool:
        """Nothing refuses the import (warnings may still wait to be accepted)."""
        return not self.problems and bool(self.drafts)


@dataclass(frozen=True)
class QueryView:
    """The lead's query on one inspector's work on a case, with the answer and whether it is closed."""

    id: str
    case_ref: str
    inspector: str
    text: str
    regrade: bool
    raised_by: str
    raised_at: str
    answer: str
    answered_by: str | None
    answered_at: str | None
    closed_by: str | None
    closed_at: str | None

    @property
    def status(self) -> str:
        """open (awaiting the inspector), answered (awaiting the lead) or closed."""
        if self.closed_at:
            return "closed"
        return "answered" if self.answered_at else "open"
