"""`fieldwork publish` and `fieldwork national`: exit codes, one-line messages, the server password."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from pypdf import PdfReader

from desktop.cli.headquarters import keyring_name, resolve_dsn
from desktop.laptop.secrets import SERVICE
from desktop.main import main
from models.errors import FieldworkError
from tests.headquarters.builders import PASSPHRASE, build_inspection
from tests.headquarters.conftest import SCRAM_PASSWORD, SCRAM_USER


@pytest.fixture
def finished(tmp_path: Path) -> Path:
    service = build_inspection(tmp_path, "Westshire Police", 20)
    path = service.path
    service.close()
    return path


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_publish_then_national_json(finished: Path, passphrase_file: Path, hq_dsn: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    pf = ["--passphrase-file", str(passphrase_file)]
    assert main([*pf, "publish", str(finished), "--database", hq_dsn, "--year", "2026"]) == 0
    assert "Westshire Police (2026): published version" in capsys.readouterr().out
    assert main([*pf, "publish", str(finished), "--database", hq_dsn, "--year", "2026"]) == 0
    assert "already published; nothing changed" in capsys.readouterr().out
    assert main(["national", "--database", hq_dsn, "--year", "2026", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2026
    # Tables with grade columns are keyed by their grade scale too (ncpi-2017: three grades).
    per_force = data["tables"]["grades_per_force/good,requires-improvement,inadequate"]
    assert per_force["scale"]["frameworks"] == [{"key": "ncpi-2017", "name": "National Child Protection "
                                                 "Inspections (2017)"}]
    assert per_force["rows"][0]["values"][0] == 20


def test_national_pdf_needs_an_output_file_and_writes_one(finished: Path, passphrase_file: Path, hq_dsn: str,
                                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--passphrase-file", str(passphrase_file), "publish", str(finished), "--database", hq_dsn]) == 0
    assert main(["national", "--database", hq_dsn, "--format", "pdf"]) == 1
    assert "add -o FILE.pdf" in capsys.readouterr().err
    out = tmp_path / "national.pdf"
    assert main(["national", "--database", hq_dsn, "--format", "pdf", "-o", str(out)]) == 0
    assert "Westshire Police" in PdfReader(out).pages[0].extract_text()


def test_libpq_environment_variables_are_enough(finished: Path, passphrase_file: Path, hq_dsn: str,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    parts = dict(p.split("=", 1) for p in hq_dsn.split())
    for key, env in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("dbname", "PGDATABASE")):
        monkeypatch.setenv(env, parts[key])
    monkeypatch.delenv("FIELDWORK_HQ_DATABASE", raising=False)
    assert main(["--passphrase-file", str(passphrase_file), "publish", str(finished)]) == 0
    assert main(["national", "--format", "csv"]) == 0
    assert "Westshire Police (" in capsys.readouterr().out


def test_the_server_password_comes_from_the_keyring(finished: Path, passphrase_file: Path, hq_dsn: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    dsn = hq_dsn.replace("user=postgres", f"user={SCRAM_USER}")
    assert f"user={SCRAM_USER}" in dsn
    # No password anywhere and no terminal to ask at: a plain message, exit 1, nothing published.
    assert main(["national", "--database", dsn]) == 1
    err = capsys.readouterr().err
    assert "no password supplied" in err and "keyring" in err and "Traceback" not in err
    keyring.set_password(SERVICE, keyring_name(dsn), SCRAM_PASSWORD)
    assert main(["--passphrase-file", str(passphrase_file), "publish", str(finished), "--database", dsn]) == 0
    assert "published version" in capsys.readouterr().out
    # A wrong stored password is reported, not hidden.
    keyring.set_password(SERVICE, keyring_name(dsn), "not the password")
    assert main(["national", "--database", dsn]) == 1
    assert "password authentication failed" in capsys.readouterr().err


def test_sqlalchemy_style_urls_are_accepted() -> None:
    assert resolve_dsn("postgresql+psycopg://hq@db.example/national?sslmode=verify-full") == \
        "postgresql://hq@db.example/national?sslmode=verify-full"


def test_a_bad_dsn_exits_1_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    done = subprocess.run([sys.executable, "-m", "desktop", "national", "--database", "host=/nonexistent port=1 "
                           "dbname=national"], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 1
    assert "Cannot connect to database 'national' on /nonexistent" in done.stderr
    assert "Traceback" not in done.stderr
    malformed = subprocess.run([sys.executable, "-m", "desktop", "national", "--database", "this is not a dsn"],
                               capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert malformed.returncode == 1
    assert "Traceback" not in malformed.stderr and malformed.stderr.count("\n") == 1


def test_a_password_typed_at_the_prompt_is_kept_in_the_keyring_not_in_a_file(hq_dsn: str,
                                                                              isolated_home: Path) -> None:
    from desktop.cli.headquarters import connect

    dsn = hq_dsn.replace("user=postgres", f"user={SCRAM_USER}")
    asked: list[str] = []

    def prompt(question: str) -> str:
        asked.append(question)
        return SCRAM_PASSWORD

    connect(dsn, prompt).close()
    assert len(asked) == 1 and SCRAM_USER in asked[0]
    assert keyring.get_password(SERVICE, keyring_name(dsn)) == SCRAM_PASSWORD
    connect(dsn, prompt).close()  # the second time the keyring answers
    assert len(asked) == 1
    stored = [p for p in isolated_home.rglob("*") if p.is_file() and SCRAM_PASSWORD.encode() in p.read_bytes()]
    assert stored == []


def test_no_database_named_is_refused_without_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FIELDWORK_HQ_DATABASE", "PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(FieldworkError, match="No headquarters database named"):
        resolve_dsn(None)
    with pytest.raises(FieldworkError, match="No headquarters database named"):
        resolve_dsn("   ")
