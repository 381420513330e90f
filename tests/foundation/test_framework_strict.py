"""Framework files are read strictly: an unknown key, a newer format or an ambiguous alias is refused with the
line; labels typed or pasted the way people do (aliases, curly apostrophes, non-breaking spaces, dashes) match."""

from __future__ import annotations

import pytest

from models.errors import FrameworkError
from models.inspection.framework import FRAMEWORKS_DIR, fold_label, load_framework, parse_framework

SHIPPED = (FRAMEWORKS_DIR / "ncpi-2017.toml").read_text(encoding="utf-8")
FORMAT_1 = (FRAMEWORKS_DIR / "ncpi-2014.toml").read_text(encoding="utf-8")  # shipped in the first format


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unknown_key_on_a_case_type_is_refused_with_its_line_and_the_allowed_keys() -> None:
    text = SHIPPED.replace('key = "custody"\n', 'key = "custody"\nalias = "Custody suite"\n', 1)
    with pytest.raises(FrameworkError) as refused:
        parse_framework(text, origin="mine.toml")
    assert str(refused.value) == (
        f"mine.toml, line {_line_of(text, 'alias = ')}: unknown key 'alias' in [[case_types]] #2; "
        "the keys allowed there are: key, label, table, aliases.")


def test_an_unknown_key_in_the_framework_section_is_refused_not_dropped() -> None:
    text = SHIPPED.replace('inspectorate = "HMIC"\n', 'inspectorate = "HMIC"\nyear = 2017\n', 1)
    with pytest.raises(FrameworkError, match=rf"line {_line_of(text, 'year = ')}: unknown key 'year' in "
                                             r"\[framework\]; the keys allowed there are: key, name, version"):
        parse_framework(text, origin="mine.toml")


def test_an_unknown_top_level_key_is_refused() -> None:
    with pytest.raises(FrameworkError, match=r"mine.toml, line 1: unknown key 'colour' in the top of the file"):
        parse_framework('colour = "blue"\n' + SHIPPED, origin="mine.toml")


def test_a_file_without_format_is_format_1_and_a_newer_format_is_refused() -> None:
    assert "format =" not in FORMAT_1
    assert parse_framework("format = 1\n" + FORMAT_1) == parse_framework(FORMAT_1)
    with pytest.raises(FrameworkError, match="written in format 9, for a newer Fieldwork; this version reads format 1, 2"):
        parse_framework(SHIPPED.replace("format = 2", "format = 9"), origin="mine.toml")
    with pytest.raises(FrameworkError, match="'format' must be a whole number"):
        parse_framework(SHIPPED.replace("format = 2", 'format = "two"'), origin="mine.toml")


def test_a_format_2_key_in_a_format_1_file_asks_for_format_2() -> None:
    text = FORMAT_1.replace('label = "Initial contact"\n', 'label = "Initial contact"\ngraded = true\n', 1)
    with pytest.raises(FrameworkError, match=rf"mine.toml, line {_line_of(text, 'graded = ')}: 'graded' in "
                                             r"\[\[areas\]\] #1 belongs to framework format 2; write format = 2"):
        parse_framework(text, origin="mine.toml")


def test_a_format_1_file_speaks_the_2017_sentences_and_keeps_adequate_with_good() -> None:
    four = parse_framework(FORMAT_1)
    assert [g.key for g in four.grades if g.positive] == ["good", "adequate"]
    assert [s.key for s in four.sentences] == [s.key for s in load_framework("ncpi-2017").sentences]


def test_case_type_and_grade_aliases_match_in_any_typography() -> None:
    framework = load_framework("ncpi-2017")
    assert framework.match_case_type("DA") == "domestic-abuse"
    assert framework.match_case_type("Missing from home") == "missing"
    assert framework.match_case_type("S46 Police Protection") == "police-protection"
    assert framework.match_grade("Req. improvement") is None  # not an alias: a value mapping is needed
    assert framework.match_grade("RI") == "requires-improvement"
    # pasted from Word: a curly apostrophe, a non-breaking space, an en dash
    plain = "General concerns with a child where a referral to children's social care services was made"
    pasted = plain.replace("children's", "children\u2019s").replace("social care", "social\u00a0care")
    assert framework.match_case_type(pasted) == "general-concern"
    assert fold_label("Child protection enquiry \u2013 s. 47") == fold_label("child protection enquiry - s. 47")
    assert fold_label("\u201cGood\u201d") == fold_label('"good"')


def test_an_alias_naming_two_case_types_is_refused() -> None:
    text = SHIPPED.replace('aliases = ["Custody",', 'aliases = ["DA", "Custody",', 1)
    with pytest.raises(FrameworkError, match="'DA' names both case type 'custody' and case type 'domestic-abuse'"):
        parse_framework(text, origin="mine.toml")


def test_aliases_of_the_wrong_type_are_refused() -> None:
    text = SHIPPED.replace('aliases = ["Custody",', 'aliases = [3, "Custody",', 1)
    with pytest.raises(FrameworkError, match=r"\[\[case_types\]\] #2: 'aliases' must be a list of non-empty strings"):
        parse_framework(text, origin="mine.toml")


def test_shipped_frameworks_name_their_sources_and_what_they_assumed() -> None:
    assert "Gloucestershire" in load_framework("ncpi-2017").sources[0]
    four = load_framework("ncpi-2014")
    assert four.sources and any("Adequate grade's descriptor" in note for note in four.assumed)


def test_an_inspection_whose_stored_framework_has_a_key_an_earlier_version_ignored_still_opens(tmp_path) -> None:
    """Strictness is for framework files; an inspection made before it must never be locked out by it."""
    from sqlalchemy import update

    from models.inspection.services import InspectionService
    from models.inspection.tables import Inspection

    path = tmp_path / "older.fieldwork"
    service = InspectionService.create(path, "violet harbour engine sixteen", force_name="Testshire Police",
                                       actor="tester")
    older = SHIPPED.replace('inspectorate = "HMIC"\n', 'inspectorate = "HMIC"\nyear = 2017\n', 1)
    with service.write() as session:  # as an earlier version stored a user's framework with an extra key
        session.execute(update(Inspection).values(framework_toml=older))
    service.close()
    with pytest.raises(FrameworkError, match="unknown key 'year'"):
        parse_framework(older, origin="older.toml")
    reopened = InspectionService.open(path, actor="tester", passphrase="violet harbour engine sixteen")
    try:
        assert reopened.framework.key == "ncpi-2017"
        assert reopened.tally().total == 0
    finally:
        reopened.close()
