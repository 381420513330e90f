"""Fuzzing: random and mutated samples, gradings and frameworks. The only allowed outcomes are success or
the project's own clear error, and on error the inspection is unchanged. `make fuzz` runs many more examples.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from models.errors import FieldworkError, FrameworkError, ImportProblem
from models.inspection.demo import DEMO_DIR
from models.inspection.framework import load_framework, parse_framework
from models.inspection.services import InspectionService
from models.inspection.tabular import ReadOptions
from tests.conftest import PASSPHRASE

EXAMPLES = int(os.environ.get("FIELDWORK_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None)
VALID_SAMPLE = (DEMO_DIR / "sample.csv").read_bytes()[:2000].rsplit(b"\n", 1)[0] + b"\n"
VALID_GRADES = (DEMO_DIR / "gradings.csv").read_bytes()[:3000].rsplit(b"\n", 1)[0] + b"\n"


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID_XLSX = xlsx_bytes([["case_ref", "case_type", "sample", "force_grade"],
                         ["X1", "Missing children", "self-assessed", "Good"],
                         ["X2", "s47", "inspectorate-selected", None]])


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """A valid file with a few bytes flipped, inserted, deleted or the file cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "special"]))
        if action == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        elif action == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from([b"\x00", b"\xef\xbb\xbf", b'"', b"\r", b"=HYPERLINK(\"x\")",
                                                b"\xff\xfe", b",,,,,,", b"\n\n\n"]))
    return bytes(data)


class Harness:
    """One inspection reused across examples; checks that failures change nothing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.service = InspectionService.create(folder / "fuzz.fieldwork", PASSPHRASE, force_name="Fuzzshire Police",
                                                actor="fuzz")
        self.service.import_sample(DEMO_DIR / "sample.csv")

    def state(self) -> tuple:
        return (tuple(self.service.cases()), tuple(self.service.referrals()), self.service.verify_audit().events)

    def attempt(self, name: str, data: bytes, grades: bool, **how: object) -> None:
        path = self.folder / name
        path.write_bytes(data)
        before = self.state()
        try:
            (self.service.import_gradings if grades else self.service.import_sample)(path, **how)
        except FieldworkError as error:
            assert str(error), "an error must say what was wrong"
            if isinstance(error, ImportProblem):
                assert error.file == name
            assert self.state() == before, "a refused import changed the inspection"


@given(st.one_of(st.binary(max_size=3000), mutated(VALID_SAMPLE)), st.sampled_from(["s.csv", "s.xlsx", "s"]))
@FUZZ
def test_fuzzed_samples_succeed_or_fail_cleanly(tmp_path_factory, data: bytes, name: str) -> None:
    harness = _harness(tmp_path_factory)
    harness.attempt(name, data, grades=False)


@given(mutated(VALID_GRADES))
@FUZZ
def test_fuzzed_gradings_succeed_or_fail_cleanly(tmp_path_factory, data: bytes) -> None:
    _harness(tmp_path_factory).attempt("g.csv", data, grades=True)


@given(mutated(VALID_XLSX))
@FUZZ
def test_mutated_workbooks_succeed_or_fail_cleanly(tmp_path_factory, data: bytes) -> None:
    _harness(tmp_path_factory).attempt("m.xlsx", data, grades=False)


@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=False),
                                   st.sampled_from(["=1+1", "@SUM(A1)", "-2", "Good", "Missing children"])),
                         max_size=6), max_size=8))
@FUZZ
def test_random_workbook_cells_succeed_or_fail_cleanly(tmp_path_factory, rows) -> None:
    cells = [["case_ref", "case_type", "sample", "force_grade"], *rows]
    try:
        data = xlsx_bytes(cells)
    except IllegalCharacterError:  # openpyxl cannot even write control characters: not an input we can get
        reject()
    _harness(tmp_path_factory).attempt("r.xlsx", data, grades=False)


READ_OPTIONS = st.builds(
    ReadOptions, sheet=st.one_of(st.none(), st.sampled_from(["Sheet", "1", "2", "Cover", ""])),
    header_row=st.one_of(st.none(), st.integers(1, 40)),
    encoding=st.one_of(st.none(), st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "mac-roman", "nope"])),
    delimiter=st.one_of(st.none(), st.sampled_from([",", ";", "\t", "|", "x"])), include_hidden=st.booleans())
MESSY_CSV = ("Title row for the inspectorate\ncase_ref;case_type;sample;force_grade\nM1;DA;self-assessed;Good\n"
             "m1;Missing;inspectorate-selected;\nTotal;;;2\n").encode("cp1252")


@given(st.one_of(mutated(VALID_SAMPLE), mutated(MESSY_CSV), mutated(VALID_XLSX)), READ_OPTIONS, st.booleans())
@FUZZ
def test_reading_options_succeed_or_fail_cleanly(tmp_path_factory, data: bytes, options: ReadOptions,
                                                 accept: bool) -> None:
    """Every reading option over damaged files: imported, warned or refused, and the file unchanged on refusal."""
    harness = _harness(tmp_path_factory)
    name = "o.xlsx" if data[:4] == b"PK\x03\x04" else "o.csv"
    accepted: list[str] = []
    if accept:  # accept exactly what a preview showed, as the wizard and --accept-warnings do
        (harness.folder / name).write_bytes(data)
        with contextlib.suppress(FieldworkError):  # a refused preview leaves nothing to accept
            accepted = [w.describe() for w in harness.service.preview_sample(harness.folder / name,
                                                                             options=options).warnings]
    harness.attempt(name, data, grades=False, options=options, accepted=accepted)


FRAMEWORK_SOURCE = load_framework("ncpi-2017").source.encode()


@given(st.one_of(mutated(FRAMEWORK_SOURCE), st.text(max_size=2000).map(str.encode)))
@FUZZ
def test_fuzzed_frameworks_load_or_name_the_problem(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # load_framework refuses undecodable bytes before parsing (tested below)
    try:
        framework = parse_framework(text, origin="fuzz.toml")
    except FrameworkError as error:
        assert str(error).startswith("fuzz.toml")
    else:
        assert len(framework.grades) >= 2 and framework.tables


def test_oversized_and_deeply_nested_frameworks_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 300_000)
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b"name = '\xe9'")
    for path, message in ((big, "larger than 256 KiB"), (deep, "nested too deeply"), (latin, "not UTF-8")):
        try:
            load_framework(path)
        except FrameworkError as error:
            assert message in str(error), str(error)
        else:
            raise AssertionError(f"{path.name} was accepted")


_HARNESSES: dict[int, Harness] = {}


def _harness(factory) -> Harness:
    """One harness per test session (hypothesis reruns the test body many times)."""
    key = id(factory)
    if key not in _HARNESSES:
        _HARNESSES[key] = Harness(factory.mktemp("fuzz"))
    return _HARNESSES[key]


def teardown_module() -> None:
    for harness in _HARNESSES.values():
        harness.service.close()
    _HARNESSES.clear()
