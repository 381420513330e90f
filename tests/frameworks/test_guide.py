"""The worked example of docs/frameworks.md, run: its framework file loads strictly, and every output the guide
quotes (tables, sentences, messages) is what Fieldwork produces, so the guide cannot drift from the code.

The guide marks each checked block with an HTML comment, `<!-- checked: NAME -->`, on the line before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from exports.report import build_report, to_text
from models.errors import FrameworkError
from models.inspection.framework import Framework, load_framework, parse_framework
from models.inspection.services import InspectionService

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "frameworks.md"
EXAMPLE_HEADING = "## 2. A worked example"
ORIGIN = "missing-children-2027.toml"
PASSPHRASE = "some long passphrase words 12"
# A fenced block: its indentation (inside a list item), its language, its lines.
FENCE = re.compile(r"^([ \t]*)```(\w*)\n(.*?)\n\1```", re.S | re.M)


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _checked(name: str) -> str:
    """The fenced block straight after `<!-- checked: name -->`, its indentation (inside a list item) removed."""
    _, marker, rest = _guide().partition(f"<!-- checked: {name} -->")
    assert marker, f"docs/frameworks.md has no block marked '{name}'"
    block = FENCE.search(rest)
    assert block is not None and not rest[:block.start()].strip(), f"no fenced block right after '{name}'"
    indent, _, body = block.groups()
    return "\n".join(line.removeprefix(indent) for line in body.splitlines())


def _lines(name: str) -> list[str]:
    return [line.rstrip() for line in _checked(name).splitlines()]


def _whole_file() -> str:
    return _checked("whole-file") + "\n"


@pytest.fixture
def framework() -> Framework:
    return parse_framework(_whole_file(), origin=ORIGIN)


@pytest.fixture
def service(tmp_path: Path, framework: Framework) -> Iterator[InspectionService]:
    service = InspectionService.create(tmp_path / "x.fieldwork", PASSPHRASE, force_name="Northshire Police",
                                       actor="lead", framework=framework)
    yield service
    service.close()


def _import_sample(service: InspectionService, tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text(_checked("sample") + "\n", encoding="utf-8")
    assert service.import_sample(sample).added == 4


def test_the_whole_file_loads_strictly_and_is_what_the_guide_describes(framework: Framework) -> None:
    assert framework.key == "missing-children-2027" and framework.inspectorate == "HMICFRS"
    assert not framework.case_grade and not framework.self_assessment
    assert [g.label for g in framework.grades] == ["Good", "Adequate", "Requires improvement", "Inadequate"]
    assert [g.key for g in framework.grades if g.positive] == ["good", "adequate"]
    assert [a.key for a in framework.graded_areas] == ["initial-response", "return-and-safeguarding"]
    assert [a.key for a in framework.judged_areas] == ["leadership"]
    assert [t.kind for t in framework.tables] == ["topics", "force-judgements", "referral-outcomes"]
    assert [s.key for s in framework.sentences] == ["audited", "leadership", "referred"]
    assert [w.name for w in framework.lists] == ["leadership_grade"]
    assert framework.sources and framework.assumed


def test_every_step_of_the_example_is_part_of_the_whole_file() -> None:
    example = _guide().partition(EXAMPLE_HEADING)[2].partition("<!-- checked: whole-file -->")[0]
    steps = [body for _, language, body in FENCE.findall(example) if language == "toml"]
    assert len(steps) == 7
    whole = _whole_file()
    for step in steps:
        assert step in whole, f"a step of the worked example is not in the whole file:\n{step}"


def test_a_new_inspection_says_what_the_guide_says(service: InspectionService) -> None:
    assert list(build_report(service.tally()).narrative) == _lines("sentences-before-import")


def test_after_the_sample_the_tables_print_as_the_guide_shows(service: InspectionService, tmp_path: Path) -> None:
    _import_sample(service, tmp_path)
    printed = [line.rstrip() for line in to_text(build_report(service.tally())).splitlines()]
    assert printed == _lines("tables-after-import")


def test_once_graded_the_report_says_what_the_guide_says(service: InspectionService, tmp_path: Path) -> None:
    _import_sample(service, tmp_path)
    topics = {"MC-001": ("Good", "Good"), "MC-002": ("Adequate", "Requires improvement"),
              "MC-003": ("Inadequate", "Inadequate"), "MC-004": ("RI", None)}
    for ref, (initial, returned) in topics.items():
        service.set_topic_grade(ref, "Ann", "initial-response", initial)
        if returned:
            service.set_topic_grade(ref, "Ann", "return-and-safeguarding", returned)
    service.set_force_judgement("leadership", "Requires improvement")
    service.raise_referral("MC-003", "immediate risk", "Child not seen by an officer after returning home.")
    tally = service.tally()
    assert not tally.provisional
    assert [t.counts for t in tally.topics] == [(1, 1, 1, 1), (1, 0, 1, 1)]
    report = build_report(tally)
    assert list(report.narrative) == _lines("sentences-after-grading")
    assert report.tables[1].rows[0].counts == ("Requires improvement",)
    assert report.tables[2].rows[0].counts == (1,)  # awaiting a letter


@pytest.mark.parametrize(("name", "old", "new"), [
    ("typo-message", 'label = "Adequate"', 'lable = "Adequate"'),
    ("format-1-message", "format = 2", "format = 1"),
])
def test_the_messages_quoted_in_the_guide(name: str, old: str, new: str) -> None:
    whole = _whole_file()
    assert whole.count(old) == 1
    with pytest.raises(FrameworkError) as refused:
        parse_framework(whole.replace(old, new), origin=ORIGIN)
    assert [f"fieldwork: {refused.value}"] == _lines(name)  # as the command line prints it


def test_the_reference_quotes_the_shipped_frameworks_as_they_are() -> None:
    quoted = re.findall(r"Example, from `([\w-]+)\.toml`[^`]*?\n\n```toml\n(.*?)\n```", _guide(), re.S)
    assert len(quoted) == 3  # sentences (2017), a list (2024), a check (2017)
    for key, body in quoted:
        assert body in load_framework(key).source, f"the guide's example from {key}.toml is not in that file"
