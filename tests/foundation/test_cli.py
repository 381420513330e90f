"""The fieldwork command end to end, as a separate process: exit codes and one-line messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "orange tunnel kettle ninety"


def fieldwork(*args: str, passphrase: str | None = PASSPHRASE) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("FIELDWORK_PASSPHRASE", None)
    if passphrase:
        env["FIELDWORK_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, timeout=120)


def test_a_whole_inspection_from_the_command_line(tmp_path: Path) -> None:
    file = tmp_path / "glos.fieldwork"
    done = fieldwork("new", str(file), "--force", "Gloucestershire Constabulary", "--force-term", "constabulary")
    assert done.returncode == 0, done.stderr
    sample = tmp_path / "sample.csv"
    sample.write_text("case_ref,case_type,sample,force_grade\nC1,Domestic abuse,self-assessed,Good\n"
                      "C2,Missing children,inspectorate-selected,\n")
    assert fieldwork("import-sample", str(file), str(sample)).stdout == "Imported 2 cases from sample.csv.\n"
    grades = tmp_path / "grades.csv"
    grades.write_text("case_ref,inspector,grade,serious_concern,concern_summary,refer\nC1,Ann,RI,no,,\n"
                      "C2,Bob,Inadequate,yes,Child at risk,yes\n")
    assert fieldwork("import-grades", str(file), str(grades)).returncode == 0
    out = tmp_path / "tables.json"
    assert fieldwork("tables", str(file), "--format", "json", "-o", str(out)).returncode == 0
    data = json.loads(out.read_text())
    assert data["table1"]["rows"] == [{"label": "Constabulary assessment", "counts": [1, 0, 0]},
                                      {"label": "HMIC assessment", "counts": [0, 1, 0]}]
    assert data["table2"]["rows"][0]["counts"] == [0, 0, 1]
    assert data["referred_back"] == 1 and data["total"] == 2
    csv_text = fieldwork("tables", str(file), "--format", "csv").stdout
    assert "Table 7: Cases assessed involving missing and absent children" in csv_text
    verified = fieldwork("verify-audit", str(file))
    assert verified.returncode == 0 and "hash chain verified" in verified.stdout


def test_bad_sample_exits_1_naming_file_row_and_column_without_traceback(tmp_path: Path) -> None:
    file = tmp_path / "i.fieldwork"
    assert fieldwork("new", str(file), "--force", "Testshire Police").returncode == 0
    sample = tmp_path / "sample.csv"
    sample.write_text("case_ref,case_type,sample,force_grade\nC1,Burglary,self-assessed,Good\n")
    done = fieldwork("import-sample", str(file), str(sample))
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith(
        "sample.csv, row 2, column 'case_type': unknown case type 'Burglary'; expected one of:")
    assert done.stderr.splitlines()[-1] == "Nothing was imported (1 problem(s))."
    assert "Traceback" not in done.stderr


def test_usage_error_exits_2_and_missing_file_exits_1(tmp_path: Path) -> None:
    assert fieldwork("import-sample").returncode == 2
    missing = fieldwork("tables", str(tmp_path / "nowhere.fieldwork"))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"fieldwork: No inspection file at {tmp_path / 'nowhere.fieldwork'}."


def test_locked_file_without_passphrase_or_keyring_says_how_to_unlock(tmp_path: Path) -> None:
    file = tmp_path / "i.fieldwork"
    assert fieldwork("new", str(file), "--force", "Testshire Police").returncode == 0
    done = fieldwork("tables", str(file), passphrase=None)
    assert done.returncode == 1
    assert "locked: give its passphrase with --passphrase-file or FIELDWORK_PASSPHRASE" in done.stderr


def test_generated_passphrase_is_shown_once_and_opens_the_file(tmp_path: Path) -> None:
    file = tmp_path / "i.fieldwork"
    done = fieldwork("new", str(file), "--force", "Testshire Police", "--generate-passphrase", passphrase=None)
    assert done.returncode == 0, done.stderr
    code = done.stdout.splitlines()[1].strip()
    assert len(code) == 35
    assert fieldwork("tables", str(file), passphrase=code).returncode == 0
