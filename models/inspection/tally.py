"""Everything the report states, counted from the settled grades. Plain data for the exports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models.inspection.framework import REFERRAL_OUTCOMES, Framework
from models.inspection.reads import Reader, framework_of, inspection_info
from models.inspection.records import InspectionInfo


@dataclass(frozen=True)
class TypeTally:
    """One of Tables 3-10: the inspectorate grades of every case of the case types feeding it."""

    number: int
    caption: str
    row_label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class TopicTally:
    """One graded area: the settled grades its cases were given, in the framework's grade order."""

    area: str
    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ReferralTally:
    """Referrals back to the force (withdrawn ones left out), counted by case type, by reason and by how each
    stands."""

    by_type: tuple[int, ...]  # in the framework's case-type order
    by_reason: tuple[int, ...]  # in the framework's referral-reason order
    outcomes: tuple[int, ...]  # in REFERRAL_OUTCOMES order
    responded: int


@dataclass(frozen=True)
class Tally:
    inspection: InspectionInfo
    framework: Framework
    self_assessed_cases: int
    force_grades: tuple[int, ...]  # Table 1, force row, in the framework's grade order
    self_assessed_grades: tuple[int, ...]  # Table 1, inspectorate row
    inspectorate_selected_cases: int
    inspectorate_selected_grades: tuple[int, ...]  # Table 2
    by_type: tuple[TypeTally, ...]
    annex: tuple[tuple[str, int], ...]  # self-assessed cases by Annex A case type label
    referred_back: int
    total: int
    graded: int
    open_moderation: int
    topics: tuple[TopicTally, ...] = ()
    judgements: tuple[tuple[str, str | None], ...] = ()  # (area key, grade key) of every judged topic
    referrals: ReferralTally = ReferralTally((), (), (), 0)
    # The settled grades of every case examined, per case type (key), in the framework's case-type order.
    by_case_type: tuple[tuple[str, tuple[int, ...]], ...] = ()
    concerns: int = 0  # cases where a grader flagged a serious concern, referred back or not

    @property
    def examined_grades(self) -> tuple[int, ...]:
        """The inspectorate's grades of every case examined, both samples together."""
        return tuple(a + b for a, b in zip(self.self_assessed_grades, self.inspectorate_selected_grades,
                                           strict=True))

    @property
    def judgement_grades(self) -> tuple[int, ...]:
        """How many topics the force was judged at each grade."""
        given = Counter(grade for _, grade in self.judgements if grade)
        return tuple(given[k] for k in self.framework.grade_keys)

    @property
    def provisional(self) -> bool:
        """Tables are provisional while a case is ungraded or graders still disagree."""
        return self.open_moderation > 0 or self.graded < self.total

    @property
    def unfinished(self) -> str:
        """What keeps the tables provisional, in words (publishing and marking final both say it)."""
        return (f"{self.total - self.graded} case(s) without a settled grade, {self.open_moderation} awaiting "
                "moderation")

    @property
    def grade_headings(self) -> tuple[str, ...]:
        return tuple(g.heading for g in self.framework.grades)


CASE_GROUPS = ("SELECT sample, case_type, force_grade, grade, disagreement, count(*) FROM case_file "
               "GROUP BY sample, case_type, force_grade, grade, disagreement")
# A withdrawn referral stays on record but is counted nowhere.
REFERRAL_GROUPS = ("SELECT case_file.case_type, referral.reason, referral.status, referral.response_kind, count(*) "
                   "FROM referral JOIN case_file ON case_file.id = referral.case_id "
                   "WHERE referral.status != 'withdrawn' "
                   "GROUP BY case_file.case_type, referral.reason, referral.status, referral.response_kind")
TOPIC_GROUPS = ("SELECT assessment.case_id, topic_grade.area, min(topic_grade.grade), max(topic_grade.grade) "
                "FROM topic_grade JOIN assessment ON assessment.id = topic_grade.assessment_id "
                "GROUP BY assessment.case_id, topic_grade.area")
CONCERNS = "SELECT count(DISTINCT case_id) FROM assessment WHERE serious_concern"


def compute_tally(connection: Reader, framework: Framework, info: InspectionInfo) -> Tally:
    """One GROUP BY over the cases, one over the referrals and, where the framework grades topics, one over
    the topic grades: plain SQL on a DB-API connection, inside the caller's read transaction (so the counts
    agree with one another), without the ORM (`fieldwork tables` never loads it)."""
    rows = connection.execute(CASE_GROUPS).fetchall()
    referrals, referred = _referrals(connection, framework)
    keys = framework.grade_keys
    force: Counter[str] = Counter()
    sa: Counter[str] = Counter()
    isel: Counter[str] = Counter()
    per_table: dict[int, Counter[str]] = {t.number: Counter() for t in framework.tables if t.kind == "case-type"}
    annex: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = {c.key: Counter() for c in framework.case_types}
    table_of = {c.key: c.table for c in framework.case_types}
    total = graded = disagreements = sa_cases = is_cases = 0
    for sample, case_type, force_grade, grade, disagreement, n in rows:
        total += n
        if disagreement:
            disagreements += n
        if grade is not None:
            graded += n
        if sample == "self-assessed":
            sa_cases += n
            annex[case_type] += n
            if force_grade:
                force[force_grade] += n
            if grade:
                sa[grade] += n
        else:
            is_cases += n
            if grade:
                isel[grade] += n
        if grade:
            per_type.setdefault(case_type, Counter())[grade] += n
        # A framework without case-type tables (a review) gives its case types table 0: nothing to count.
        if grade and table_of.get(case_type) in per_table:
            per_table[table_of[case_type]][grade] += n

    def counts(counter: Counter[str]) -> tuple[int, ...]:
        return tuple(counter[k] for k in keys)

    by_type = tuple(
        TypeTally(t.number, t.caption, t.row_labels[0], counts(per_table[t.number]))
        for t in framework.tables
        if t.kind == "case-type"
    )
    topics: tuple[TopicTally, ...] = ()
    if framework.graded_areas:
        per_area, topic_graded, topic_disagreements = _topics(connection)
        topics = tuple(TopicTally(a.key, a.label, counts(per_area.get(a.key, Counter())))
                       for a in framework.graded_areas)
        disagreements += topic_disagreements
        if not framework.case_grade:
            graded = topic_graded
    judgements: tuple[tuple[str, str | None], ...] = ()
    if framework.judged_areas:
        given = {area: grade for area, grade in connection.execute("SELECT area, grade FROM force_judgement")
                 .fetchall()}
        judgements = tuple((a.key, given.get(a.key)) for a in framework.judged_areas)
    return Tally(
        inspection=info,
        framework=framework,
        self_assessed_cases=sa_cases,
        force_grades=counts(force),
        self_assessed_grades=counts(sa),
        inspectorate_selected_cases=is_cases,
        inspectorate_selected_grades=counts(isel),
        by_type=by_type,
        annex=tuple((c.label, annex[c.key]) for c in framework.case_types),
        referred_back=referred,
        total=total,
        graded=graded,
        open_moderation=disagreements,
        topics=topics,
        judgements=judgements,
        referrals=referrals,
        by_case_type=tuple((c.key, counts(per_type[c.key])) for c in framework.case_types),
        concerns=connection.execute(CONCERNS).fetchone()[0] or 0,
    )


def file_tally(connection: Reader, file_name: str) -> Tally:
    """The tally of the inspection file open on connection, read in one go with its framework and its
    inspection (file_name names the file in a message about its framework)."""
    framework = framework_of(connection, file_name)
    return compute_tally(connection, framework, inspection_info(connection, framework))


def _referrals(connection: Reader, framework: Framework) -> tuple[ReferralTally, int]:
    """The referrals counted every way the tables show them, and how many there are in all."""
    rows = connection.execute(REFERRAL_GROUPS).fetchall()
    by_type: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    outcomes: Counter[tuple[str, str | None]] = Counter()
    responded = total = 0
    for case_type, reason, status, kind, n in rows:
        by_type[case_type] += n
        by_reason[reason] += n
        outcomes[(status, kind if status == "responded" else None)] += n
        responded += n if kind else 0
        total += n
    return ReferralTally(tuple(by_type[c.key] for c in framework.case_types),
                         tuple(by_reason[r.key] for r in framework.referral_reasons),
                         tuple(outcomes[o] for o in REFERRAL_OUTCOMES), responded), total


def _topics(connection: Reader) -> tuple[dict[str, Counter[str]], int, int]:
    """Each case's topic grades, settled as case grades are: the graders' common grade, else a disagreement.

    Returns the grades counted per area, the number of cases with a settled topic grade, and the number of
    cases where graders disagree on a topic.
    """
    rows = connection.execute(TOPIC_GROUPS).fetchall()
    per_area: dict[str, Counter[str]] = {}
    graded: set[int] = set()
    disagreeing: set[int] = set()
    for case_id, area, lowest, highest in rows:
        if lowest == highest:
            per_area.setdefault(area, Counter())[lowest] += 1
            graded.add(case_id)
        else:
            disagreeing.add(case_id)
    return per_area, len(graded), len(disagreeing)
