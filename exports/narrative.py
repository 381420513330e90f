"""The sentences of chapter 4 and the Summary that state the numbers, in the report's own phrasing."""

from __future__ import annotations

from models.inspection.tally import Tally


def _join(parts: list[str], final: str = "and") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {final} {parts[-1]}"


def force_term(tally: Tally) -> str:
    return tally.inspection.force_term  # "constabulary" or "force"


def sentences(tally: Tally) -> list[str]:
    """Chapter 4 sentences, then the Summary sentence, generated from the tally."""
    info = tally.inspection
    who = tally.framework.inspectorate
    term = force_term(tally)
    grades = tally.framework.grades
    out = [
        f"To determine how well {info.force_name} deals with specific cases, {who} asked the {term} to "
        f"self-assess the effectiveness of its practice in {tally.self_assessed_cases} child protection cases."
    ]

    graded = [(g.phrase, n) for g, n in zip(grades, tally.force_grades, strict=True) if n]
    none = [g.phrase for g, n in zip(grades, tally.force_grades, strict=True) if not n]
    if graded:
        first, *rest = graded
        parts = [f"in {first[1]} of the cases as {first[0]}"] + [f"as {p} in {n}" for p, n in rest]
        sentence = f"The {term}'s assessors graded practice {_join(parts)}."
    else:
        sentence = f"The {term}'s assessors graded none of the cases."
    if none and graded:
        sentence += f" In none of the cases was practice considered to be {_join(none, 'or')}."
    out.append(sentence)

    sa = [(g.phrase, n) for g, n in zip(grades, tally.self_assessed_grades, strict=True)]
    parts = [f"in {sa[0][1]} as {sa[0][0]}"] + [f"as {p} in {n}" for p, n in sa[1:]]
    out.append(f"{who} also assessed these cases; grading the force's practice {_join(parts)}.")

    isel = [(g.phrase, n) for g, n in zip(grades, tally.inspectorate_selected_grades, strict=True)]
    parts = [f"in {isel[0][1]} was assessed as {isel[0][0]}"] + [f"in {n} as {p}" for p, n in isel[1:]]
    out.append(f"{who} selected and examined a further {tally.inspectorate_selected_cases} cases; "
               f"practice {_join(parts)}.")

    out.append(
        f"{who} referred {tally.referred_back} {'case' if tally.referred_back == 1 else 'cases'} back to the {term} "
        f"because they were considered to contain evidence of a serious problem – for example, a failure to "
        f"follow child protection procedures and/or a child at immediate risk of significant harm."
    )

    best = grades[0]
    best_count = tally.self_assessed_grades[0] + tally.inspectorate_selected_grades[0]
    others = sum(tally.self_assessed_grades[1:]) + sum(tally.inspectorate_selected_grades[1:])
    other_names = [f"'{g.summary_phrase}'" for g in grades[1:]]
    either = f"either {_join(other_names, 'or')}" if len(other_names) > 1 else other_names[0]
    examined = tally.self_assessed_cases + tally.inspectorate_selected_cases
    out.append(f"This is supported by {who}'s audit of case files: inspectors examined a total of {examined} "
               f"cases, of which {best_count} were '{best.summary_phrase}', and {others} {either}.")
    return out
