"""The moderation evidence pack for one case: every grader's grade and notes, the referral and its history."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import KeepTogether, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from exports.atomic import Progress, step
from exports.documents import CASE_MARKING, Provenance
from exports.pdf import MARGIN, PAGE_WIDTH, build_pdf, grid, styles, text
from models.inspection.framework import Framework
from models.inspection.letters import ReferralEvent
from models.inspection.records import CaseDetail

USABLE = PAGE_WIDTH - 2 * MARGIN


def _grade(framework: Framework, key: str | None) -> str:
    if key is None:
        return "not graded"
    try:
        return framework.grade(key).label
    except KeyError:
        return key


def evidence_pdf(detail: CaseDetail, history: Sequence[ReferralEvent], framework: Framework,
                 provenance: Provenance, progress: Progress | None = None) -> bytes:
    """A PDF for the lead's moderation of one case, marked OFFICIAL-SENSITIVE."""
    st = styles()
    case = detail.case
    total = len(detail.assessments) + 2
    settled = _grade(framework, case.grade) if framework.case_grade else "graded by topic"
    if case.disagreement:
        settled = "graders disagree – awaiting moderation"
    elif case.moderated:
        settled += " (moderated)"
    story: list[Flowable] = [
        Paragraph(text(f"Evidence pack: case {case.ref}"), st.title),
        grid(["Case", ""], [
            ["Case reference", case.ref], ["Case type", case.case_type_label],
            ["Sample", case.sample], ["Force's grade", _grade(framework, case.force_grade) if case.force_grade
                                      else "–"],
            ["Inspectorate grade", settled], ["Allocated to", case.allocated_to or "–"],
            ["Graders", ", ".join(case.graders) or "none"],
        ], [45 * (USABLE / 170), USABLE - 45 * (USABLE / 170)], st, numeric_from=2),
    ]
    areas = [(a.key, a.label) for a in framework.areas]
    for i, assessment in enumerate(detail.assessments):
        step(progress, i, total)
        block: list[Flowable] = [Paragraph(text(f"Assessment by {assessment.inspector}: "
                                                f"{_grade(framework, assessment.grade)}"), st.heading)]
        if assessment.serious_concern:
            block.append(Paragraph(text(f"Serious concern: {assessment.concern_summary or '(no summary)'}"),
                                   st.body))
        graded = framework.graded_area_keys
        topics = assessment.topic_grades
        known = [(label, assessment.notes.get(key, ""), _grade(framework, topics.get(key)) if key in graded else "")
                 for key, label in areas if assessment.notes.get(key) or topics.get(key)]
        other = [(key, note, "") for key, note in assessment.notes.items() if key not in dict(areas) and note]
        if known or other:
            # a graded area's grade stands in its own column, never inside the note
            if graded:
                rows: Sequence[Sequence[str]] = [(label, grade or "–", note) for label, note, grade in known + other]
                block.append(grid(["Area", "Grade", "Evidence note"], rows,
                                  [USABLE * 0.25, USABLE * 0.18, USABLE * 0.57], st, numeric_from=3))
            else:
                rows = [(label, note) for label, note, _ in known + other]
                block.append(grid(["Area", "Evidence note"], rows,
                                  [45 * (USABLE / 170), USABLE - 45 * (USABLE / 170)], st, numeric_from=2))
        else:
            block.append(Paragraph("No evidence notes recorded.", st.body))
        story += [KeepTogether(block[:2]), *block[2:], Spacer(1, 6)]
    step(progress, len(detail.assessments), total)
    story.append(Paragraph("Referral back to the force", st.heading))
    referral = detail.referral
    if referral is None:
        story.append(Paragraph("This case has not been referred back.", st.body))
    else:
        reasons = {r.key: r.label for r in framework.referral_reasons}
        rows = [["Reason", reasons.get(referral.reason, referral.reason)], ["Concern", referral.summary],
                ["Raised", f"{referral.raised_on} by {referral.raised_by}"], ["Status", referral.status]]
        if referral.response_kind:
            rows.append(["Force's response", f"{referral.response_kind.replace('-', ' ')} "
                                             f"({referral.responded_on}): {referral.response}"])
        story.append(grid(["Referral", ""], rows, [45 * (USABLE / 170), USABLE - 45 * (USABLE / 170)], st,
                          numeric_from=2))
        if history:
            story += [Paragraph("History", st.caption),
                      grid(["When (UTC)", "Who", "What", "Detail"],
                           [[e.at, e.actor, e.action, e.detail] for e in history],
                           [USABLE * 0.2, USABLE * 0.15, USABLE * 0.18, USABLE * 0.47], st, numeric_from=4)]
    step(progress, total - 1, total)
    data = build_pdf(story, title=f"Evidence pack: case {case.ref}", marking=CASE_MARKING, provenance=provenance)
    step(progress, total, total)
    return data
