"""Plain data handed out by the services: the GUI, CLI and exports never see ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from models.errors import ImportProblem
from models.inspection.tabular import Reading


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

    @property
    def year(self) -> int:
        """The inspection's year, as documents and national figures carry it: the fieldwork's end, else its
        start, else the year the file was made."""
        for day in (self.end_date, self.start_date):
            if day:
                return int(day[:4])
        return self.created_at.year


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
