"""The exchange commands end to end, in process: lead and inspector on one test 'laptop'."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.main import main
from models.inspection.demo import DEMO_DIR
from tests.exchange.builders import PASSPHRASE, reopen


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(output: str) -> str:
    return re.search(r"Fingerprint.*: ([0-9A-F-]{24})", output).group(1)  # type: ignore[union-attr]


def test_exchange_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_IDENTITY_PASSPHRASE", "identity passphrase for tests 7")
    pf = tmp_path / "pass.txt"
    pf.write_text(PASSPHRASE)
    lead_file, ann_file = tmp_path / "lead.fieldwork", tmp_path / "ann.fieldwork"
    ann_id = tmp_path / "ann.identity"

    code, out, _ = run(capsys, "identity", "new", "--name", "Lena Lead", "--role", "lead",
                       "--card-out", tmp_path / "lead.card")
    assert code == 0 and "OS keyring" in out
    lead_fp = fingerprint(out)
    code, out, _ = run(capsys, "identity", "new", "--name", "Ann Archer", "--card-out", tmp_path / "ann.card",
                       "--identity-file", ann_id)
    assert code == 0 and str(ann_id) in out
    ann_fp = fingerprint(out)

    assert run(capsys, "--passphrase-file", pf, "new", lead_file, "--force", "Testshire Police")[0] == 0
    assert run(capsys, "--passphrase-file", pf, "import-sample", lead_file, DEMO_DIR / "sample.csv")[0] == 0
    code, _, err = run(capsys, "--passphrase-file", pf, "team", "add", lead_file, tmp_path / "ann.card",
                       "--fingerprint", "0000-0000-0000-0000-0000")
    assert code == 1 and "does not match" in err and "Traceback" not in err
    for card, fp in (("lead.card", lead_fp), ("ann.card", ann_fp)):
        assert run(capsys, "--passphrase-file", pf, "team", "add", lead_file, tmp_path / card,
                   "--fingerprint", fp)[0] == 0
    code, out, _ = run(capsys, "--passphrase-file", pf, "allocate", lead_file,
                       "--case", "DEMO-0001=Ann Archer", "--case", "DEMO-0002=Ann Archer,Lena Lead")
    assert code == 0 and "Allocated 2 case(s); 1 double-graded" in out

    code, out, _ = run(capsys, "--passphrase-file", pf, "export-fieldwork", lead_file, "--inspector", "Ann Archer",
                       "-o", tmp_path / "ann.pkg")
    assert code == 0 and "2 case(s)" in out
    code, _, err = run(capsys, "--passphrase-file", pf, "open-fieldwork", tmp_path / "ann.pkg", "-o", ann_file,
                       "--lead-card", tmp_path / "lead.card", "--lead-fingerprint", ann_fp, "--identity-file", ann_id)
    assert code == 1 and "do not trust this card" in err and not ann_file.exists()
    code, out, _ = run(capsys, "--passphrase-file", pf, "open-fieldwork", tmp_path / "ann.pkg", "-o", ann_file,
                       "--lead-card", tmp_path / "lead.card", "--lead-fingerprint", lead_fp, "--identity-file", ann_id)
    assert code == 0 and "2 allocated case(s)" in out

    with reopen(ann_file, "Ann Archer") as own:
        own.set_grade("DEMO-0001", "Ann Archer", "good")
        own.set_grade("DEMO-0002", "Ann Archer", "good")
    with reopen(lead_file) as lead:
        lead.set_grade("DEMO-0002", "Lena Lead", "inadequate")
    code, out, _ = run(capsys, "--passphrase-file", pf, "export-return", ann_file, "-o", tmp_path / "ann.ret",
                       "--identity-file", ann_id)
    assert code == 0 and "revision 1, 2 changed field(s)" in out, _

    tampered = bytearray((tmp_path / "ann.ret").read_bytes())
    tampered[len(tampered) // 2] ^= 0xFF
    (tmp_path / "bad.ret").write_bytes(bytes(tampered))
    code, _, err = run(capsys, "--passphrase-file", pf, "merge", lead_file, tmp_path / "bad.ret")
    assert code == 1 and "tampered" in err and "Traceback" not in err

    code, out, _ = run(capsys, "--passphrase-file", pf, "merge", lead_file, tmp_path / "ann.ret")
    assert code == 0 and "from Ann Archer, revision 1: 2 changed field(s)" in out and "DEMO-0002" in out
    code, out, _ = run(capsys, "--passphrase-file", pf, "merge", lead_file, tmp_path / "ann.ret")
    assert code == 0 and "already merged" in out

    code, out, _ = run(capsys, "--passphrase-file", pf, "moderate", lead_file)
    assert "DEMO-0002: Ann Archer (first): Good | Lena Lead (second): Inadequate" in out
    code, _, err = run(capsys, "--passphrase-file", pf, "moderate", lead_file, "DEMO-0002", "--grade", "good")
    assert code == 1 and "--rationale" in err
    code, out, _ = run(capsys, "--passphrase-file", pf, "moderate", lead_file, "DEMO-0002", "--grade", "RI",
                       "--rationale", "Risk assessment was late.")
    assert code == 0 and "0 moderation item(s) open" in out

    code, out, _ = run(capsys, "--passphrase-file", pf, "agreement", lead_file, "--format", "json")
    data = json.loads(out)["agreement"]
    assert data[0]["cases"] == 1 and data[0]["percent_agreement"] == 0.0
    with reopen(lead_file) as lead:
        assert lead.case("DEMO-0002").grade == "requires-improvement" and lead.case("DEMO-0001").grade == "good"
        assert lead.verify_audit().ok
