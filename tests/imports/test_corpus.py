"""Every file of the messy corpus (tests/imports/corpus) through the command line, against its expected outcome in
expectations.toml: imported (the exact cases or gradings), refused (the exact message, the inspection file unchanged
to the byte) or warned (the exact warnings, the file unchanged until they are accepted, then the exact result)."""

from __future__ import annotations

import hashlib
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from desktop.main import main
from models.inspection.services import InspectionService
from models.inspection.tables import Allocation, Assessment, Case, EvidenceNote, Referral

CORPUS = Path(__file__).parent / "corpus"
ENTRIES: list[dict[str, Any]] = tomllib.loads((CORPUS / "expectations.toml").read_text(encoding="utf-8"))["file"]
PASSPHRASE = "harbour copper willow gate 24"
# the inspectors allocated cases in the "team" start: gradings by anyone else are refused
TEAM = {"WX/24/1001": "Nadia Okafor", "WX/24/1002": "Nadia Okafor", "WX/24/1003": "Tom Brennan",
        "WX/24/1004": "Tom Brennan"}
OUTCOMES = {"imported", "refused", "warned"}
KEYS: dict[str, str] = {}  # start file name -> its key


@pytest.fixture(scope="module")
def starts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three inspections a corpus file is imported into, made once and copied for each file (one key: the
    checks open the copies with it rather than deriving it from the passphrase each time)."""
    folder = tmp_path_factory.mktemp("starts")
    made = {}
    for name in ("empty", "sampled", "team"):
        path = folder / f"{name}.fieldwork"
        service = InspectionService.create(path, PASSPHRASE, force_name="Wexmoor Police", actor="corpus")
        with service:
            if name != "empty":
                service.import_sample(CORPUS / "base-sample.csv")
            if name == "team":
                with service.write() as session:
                    ids = {ref: id_ for ref, id_ in session.execute(select(col(Case.ref), col(Case.id)))}
                    session.add_all(Allocation(case_id=ids[ref], inspector=who) for ref, who in TEAM.items())
            KEYS[path.name] = service.key_hex
        made[name] = path
    return made


def test_the_corpus_is_large_and_every_file_has_one_expectation() -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx"))
    expected = {e["file"] for e in ENTRIES}
    assert sorted(expected) == files  # no file without its outcome, no outcome without its file
    assert len(files) >= 30
    assert {e["outcome"] for e in ENTRIES} == OUTCOMES
    assert all(e["outcome"] in OUTCOMES and e["kind"] in ("sample", "gradings") for e in ENTRIES)
    assert {Path(f).suffix for f in files} == {".csv", ".xlsx"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, list[str], list[str]]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out.splitlines(), err.splitlines()


def contents(path: Path, key_hex: str) -> dict[str, list[list[object]]]:
    """What a test can compare: cases, gradings (with their notes), referrals; and the audit chain intact."""
    with InspectionService.open(path, actor="corpus", key_hex=key_hex) as service:
        assert service.verify_audit().ok
        cases = [[c.ref, c.case_type, c.sample, c.force_grade or ""] for c in service.cases()]
        with service.read() as session:
            refs = {id_: ref for id_, ref in session.execute(select(col(Case.id), col(Case.ref)))}
            grades = sorted([refs[a.case_id], a.inspector, a.grade or "", a.serious_concern, a.concern_summary]
                            for a in session.scalars(select(Assessment)))
            who = {a.id: (refs[a.case_id], a.inspector) for a in session.scalars(select(Assessment))}
            notes = sorted([*who[n.assessment_id], n.area, n.text] for n in session.scalars(select(EvidenceNote)))
            referrals = sorted([refs[r.case_id], r.reason, r.summary, r.raised_on]
                               for r in session.scalars(select(Referral)) if r.raised_on)
    return {"cases": cases, "grades": grades, "notes": notes, "referrals": referrals}


@pytest.mark.parametrize("entry", ENTRIES, ids=[" ".join([e["file"], *e.get("args", [])]) for e in ENTRIES])
def test_corpus_file(entry: dict[str, Any], starts: dict[str, Path], tmp_path: Path,
                     capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    start = entry.get("start", "empty" if entry["kind"] == "sample" else "sampled")
    inspection = tmp_path / "i.fieldwork"
    shutil.copyfile(starts[start], inspection)
    key = KEYS[starts[start].name]
    before, untouched = contents(inspection, key), digest(inspection)
    command = "import-sample" if entry["kind"] == "sample" else "import-grades"
    args = [a.replace("{corpus}", str(CORPUS)) for a in entry.get("args", [])]
    code, out, err = run(capsys, command, inspection, CORPUS / entry["file"], *args)
    for line in entry.get("said", []):  # how the file was read, said before anything else
        assert line in out
    outcome = entry["outcome"]
    if outcome == "refused":
        assert (code, err) == (1, entry["refused"])
        assert digest(inspection) == untouched
        return
    if outcome == "warned":
        listed = [f"warning: {w}" for w in entry["warnings"]]
        assert code == 1 and err[:-1] == listed
        assert err[-1].startswith(f"{len(listed)} warning(s): nothing was imported.")
        assert digest(inspection) == untouched
        code, out, err = run(capsys, command, inspection, CORPUS / entry["file"], *args, "--accept-warnings")
        assert err == listed
        assert f"{len(listed)} warning(s) accepted." in out
    assert code == 0 and (outcome == "warned" or err == [])
    after = contents(inspection, key)
    new_cases = [c for c in after["cases"] if c not in before["cases"]]
    assert new_cases == entry.get("cases", [])
    for key in ("grades", "notes", "referrals"):
        assert after[key] == entry.get(key, []), key
