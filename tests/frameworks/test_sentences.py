"""Sentences as data: every sentence of every shipped framework in its zero, one and many forms, and templates
that cannot reach into the program."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from exports.narrative import sentences
from models.errors import FrameworkError
from models.inspection.framework import Framework, load_framework, parse_framework
from models.inspection.records import InspectionInfo
from models.inspection.tally import ReferralTally, Tally


def tally(framework: Framework, *, force: tuple[int, ...] = (), sa: tuple[int, ...] = (),
          isel: tuple[int, ...] = (), referred: int = 0, responded: int = 0, term: str = "force",
          judgements: tuple[tuple[str, str | None], ...] = ()) -> Tally:
    n = len(framework.grades)
    force, sa, isel = (tuple(x) + (0,) * (n - len(x)) for x in (force, sa, isel))
    info = InspectionInfo("id", "Northshire Police", term, framework.key, framework.name, framework.inspectorate,
                          "", datetime(2026, 3, 1, tzinfo=UTC))
    return Tally(inspection=info, framework=framework, self_assessed_cases=sum(force),
                 force_grades=force, self_assessed_grades=sa, inspectorate_selected_cases=sum(isel),
                 inspectorate_selected_grades=isel, by_type=(), annex=(), referred_back=referred,
                 total=sum(force) + sum(isel), graded=sum(sa) + sum(isel), open_moderation=0,
                 judgements=judgements, referrals=ReferralTally((), (), (), responded))


NCPI_2017 = load_framework("ncpi-2017")


def test_nothing_to_say_about_an_empty_sample_says_no_numbers() -> None:
    assert sentences(tally(NCPI_2017)) == ["HMIC referred no cases back to the force."]


def test_one_of_everything_reads_in_the_singular() -> None:
    said = sentences(tally(NCPI_2017, force=(1,), sa=(0, 1), isel=(0, 0, 1), referred=1, responded=1))
    assert said == [
        "To determine how well Northshire Police deals with specific cases, HMIC asked the force to self-assess "
        "the effectiveness of its practice in 1 child protection case. The force used HMIC criteria to grade the "
        "practice in each case as 'good', 'requiring improvement' or 'inadequate'.",
        "The force's assessors graded practice in 1 of the cases as good. In none of the cases was practice "
        "considered to be requiring improvement or inadequate.",
        "HMIC also assessed these cases; grading the force's practice in 0 as good, as requiring improvement in 1 "
        "and as inadequate in 0. HMIC selected and examined a further case; practice in it was assessed as "
        "inadequate.",
        "HMIC referred 1 case back to the force because it was considered to contain evidence of a serious "
        "problem – for example, a failure to follow child protection procedures and/or a child at immediate risk "
        "of significant harm. The force responded to the referral by providing an updated assessment or taking "
        "action relevant to the problem identified.",
        "This is supported by HMIC's audit of case files: inspectors examined a total of 2 cases, of which 0 were "
        "'good', and 2 either 'required improvement' or 'inadequate'.",
    ]


def test_a_force_that_graded_nothing_and_an_inspectorate_only_sample() -> None:
    said = sentences(tally(NCPI_2017, isel=(1, 1, 1), referred=3, responded=1))
    assert said[0] == ("HMIC selected and examined a further 3 cases; practice in 1 was assessed as good, in 1 as "
                       "requiring improvement and in 1 as inadequate.")
    assert said[1].endswith("immediate risk of significant harm. 2 referrals are still awaiting the force's "
                            "response.")
    assert "self-assess" not in " ".join(said) and "0 cases" not in " ".join(said)
    one_positive = sentences(tally(NCPI_2017, isel=(1, 2)))[-1]
    assert one_positive.endswith("of which 1 was 'good', and 2 either 'required improvement' or 'inadequate'.")


def test_four_grades_count_adequate_with_good() -> None:
    four = load_framework("ncpi-2014")
    summary = sentences(tally(four, isel=(1, 2, 3, 4)))[-1]
    assert summary.endswith("of which 3 were 'good' or 'adequate', and 7 either 'required improvement' or "
                            "'inadequate'.")
    five = load_framework("ncpi-2024")
    assert [g.key for g in five.grades if g.positive] == ["outstanding", "good", "adequate"]


@pytest.mark.parametrize(("grades", "expected"), [
    ((6, 5, 13), "During this inspection we audited 24 child protection cases (6 cases were good, 5 required "
                 "improvement and 13 were inadequate)."),
    ((10, 10, 11), "During this inspection we audited 31 child protection cases (10 cases were good, 10 required "
                   "improvement and 11 were inadequate)."),
    ((1, 0, 1), "During this inspection we audited 2 child protection cases (1 case was good, 0 required "
                "improvement and 1 was inadequate)."),
    ((0, 1, 0), "During this inspection we audited 1 child protection case (0 cases were good, 1 required "
                "improvement and 0 were inadequate)."),
])
def test_the_post_inspection_review_sentence(grades: tuple[int, int, int], expected: str) -> None:
    review = load_framework("ncpi-review")
    assert not review.self_assessment and review.samples == ("inspectorate-selected",)
    said = sentences(tally(review, isel=grades))
    assert said[0] == expected
    assert said[1] == "HMICFRS referred no cases back to the force."


def test_force_judgements_sentence_counts_in_words() -> None:
    ncpi = load_framework("ncpi-2024")
    one = sentences(tally(ncpi, judgements=(("leadership", "good"), ("investigation", None))))
    assert one[0].endswith("HMICFRS graded the force's performance in one area, and found it 'good' in one area.")
    five = sentences(tally(ncpi, term="constabulary", judgements=(
        ("leadership", "adequate"), ("partnership-working", "requires-improvement"),
        ("initial-response", "requires-improvement"), ("risk-assessment-and-referral", "inadequate"),
        ("investigation", "inadequate"))))
    assert five[0].endswith("HMICFRS graded the constabulary's performance across five areas. It found the "
                            "constabulary was 'adequate' in one area, 'requires improvement' in two areas and "
                            "'inadequate' in two areas.")


SHIPPED = load_framework("ncpi-2017").source


@pytest.mark.parametrize(("caption", "message"), [
    ("{nope}", "unknown placeholder '{nope}'"),
    ("Cases {", "a lone '{'"),
    ("Cases {0}", "'{0}' is not a placeholder"),
    ("{force.__class__.__mro__}", "'{force.__class__.__mro__}' is not a placeholder"),
    ("{force.upper}", "is not a placeholder"),
    ("{force!r}", "is not a placeholder"),
])
def test_a_caption_that_could_reach_into_the_program_is_refused(caption: str, message: str) -> None:
    text = SHIPPED.replace('caption = "Additional cases assessed only by {inspectorate}"', f'caption = "{caption}"')
    with pytest.raises(FrameworkError, match=r"mine.toml \[\[tables\]\] #2: ") as refused:
        parse_framework(text, origin="mine.toml")
    assert message in str(refused.value)


def test_a_sentence_naming_an_unknown_count_is_refused() -> None:
    text = SHIPPED.replace('count = "referred"\nzero', 'count = "referals"\nzero')
    with pytest.raises(FrameworkError, match="'count' must be one of .*referred"):
        parse_framework(text, origin="mine.toml")
    text = SHIPPED.replace("{inspectorate} referred {referred} cases", "{inspectorate} referred {refered} cases")
    with pytest.raises(FrameworkError, match=r"\[\[sentences\]\] #7: unknown placeholder '\{refered\}'"):
        parse_framework(text, origin="mine.toml")


def test_literal_braces_are_written_doubled() -> None:
    text = SHIPPED.replace('caption = "Additional cases assessed only by {inspectorate}"',
                           'caption = "Cases {{not a placeholder}} by {inspectorate}"')
    assert parse_framework(text).table(2).caption == "Cases {{not a placeholder}} by {inspectorate}"


def test_a_list_naming_words_one_grade_lacks_is_refused_at_load() -> None:
    review = load_framework("ncpi-review").source
    text = review.replace('[grades.wording]\naudit = "required improvement"\n', "", 1)
    with pytest.raises(FrameworkError, match=r"\[lists.audit_grades\]: unknown placeholder '\{audit\}'"):
        parse_framework(text, origin="mine.toml")
