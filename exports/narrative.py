"""The narrative: the framework's sentences, each in the form its counts call for, filled from the tally."""

from __future__ import annotations

from models.inspection import wording
from models.inspection.followup import compare, comparison_counts, percent
from models.inspection.framework import WordList
from models.inspection.tally import Tally


def _counts_of(tally: Tally, source: str) -> tuple[int, ...]:
    if source == "then":  # the inspection followed, on the same grade scale only
        found = compare(tally)
        return found.rows[0].then.counts if found and found.comparable else tuple(0 for _ in tally.grade_headings)
    return {"force": tally.force_grades, "self_assessed": tally.self_assessed_grades,
            "inspectorate_selected": tally.inspectorate_selected_grades, "examined": tally.examined_grades,
            "judgements": tally.judgement_grades}[source]


def _items(tally: Tally, spec: WordList) -> list[str]:
    """Each grade (or judged topic) of a list written with its own words, in the framework's order."""
    framework = tally.framework
    chosen: list[tuple[dict[str, str | int], int]] = []
    if spec.over == "judgements":
        labels = {a.key: a.label for a in framework.judged_areas}
        for area, key in tally.judgements:
            grade = framework.grade(key) if key in framework.grade_keys else None
            if grade is None or spec.grades == "positive" and not grade.positive or (
                    spec.grades == "negative" and grade.positive):
                continue
            chosen.append(({"topic": labels[area], "phrase": grade.phrase, "summary_phrase": grade.summary_phrase,
                            "label": grade.label, "heading": grade.heading, **grade.words(1), "n": 1}, 1))
    else:
        counts = _counts_of(tally, spec.counts)
        for grade, n in zip(framework.grades, counts, strict=True):
            keep = {"all": True, "nonzero": n > 0, "zero": n == 0, "positive": grade.positive,
                    "negative": not grade.positive}[spec.grades]
            if keep:
                chosen.append(({"phrase": grade.phrase, "summary_phrase": grade.summary_phrase, "label": grade.label,
                                "heading": grade.heading, **grade.words(n), "n": n,
                                "percent": percent(n, sum(counts))}, n))
    return [wording.fill(spec.first if i == 0 else spec.item, values, n) for i, (values, n) in enumerate(chosen)]


def _joined(items: list[str], spec: WordList) -> str:
    if len(items) <= 1:
        return "".join(items)
    return spec.many_prefix + spec.join.join(items[:-1]) + spec.last_join + items[-1]


def sentences(tally: Tally) -> list[str]:
    """The narrative's paragraphs: each framework sentence in its zero / one / many form, or left out."""
    info, framework = tally.inspection, tally.framework
    positive = sum(n for g, n in zip(framework.grades, tally.examined_grades, strict=True) if g.positive)
    referrals = tally.referrals
    values: dict[str, str | int] = {
        "force": info.force_name, "inspectorate": framework.inspectorate, "force_term": info.force_term,
        "Force_term": info.force_term.capitalize(), "year": info.year,
        "self_assessed": tally.self_assessed_cases, "inspectorate_selected": tally.inspectorate_selected_cases,
        "examined": tally.self_assessed_cases + tally.inspectorate_selected_cases, "graded": tally.graded,
        "referred": tally.referred_back, "responded": referrals.responded,
        "unanswered": tally.referred_back - referrals.responded,
        "positive": positive, "negative": sum(tally.examined_grades) - positive,
        "judged": sum(1 for _, grade in tally.judgements if grade), "topics": len(framework.graded_areas),
        "concerns": tally.concerns, **comparison_counts(tally),
    }
    lists: dict[str, str] = {}
    for spec in framework.lists:
        items = _items(tally, spec)
        values[spec.name] = len(items)
        lists[spec.name] = _joined(items, spec)
    paragraphs: list[str] = []
    for sentence in framework.sentences:
        if any(not values[name] for name in sentence.requires) or any(values[name] for name in sentence.unless):
            continue
        form = sentence.form(int(values[sentence.count]) if sentence.count else None)
        if not form:
            continue
        text = wording.fill(form, {**values, **lists}, counts=values)
        if sentence.continues and paragraphs:
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
    return paragraphs
