"""Publishing goes over verified TLS unless the server is on this machine, or the user says --insecure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop.main import main
from models.headquarters.transport import TransportRefused, secure_transport
from tests.headquarters.builders import PASSPHRASE, build_inspection

NO_ENV: dict[str, str] = {}


@pytest.mark.parametrize("dsn", [
    "host=/var/run/postgresql dbname=hq",
    "host=@abstract dbname=hq",
    "dbname=hq",  # libpq's default socket
    "host=localhost dbname=hq",
    "postgresql://127.0.0.1:5433/hq",
    "postgresql://[::1]/hq",
    "host=hq.example.org hostaddr=127.0.0.1 dbname=hq",  # the address is what is connected to
    "host=/tmp,localhost dbname=hq",
])
def test_a_server_on_this_machine_needs_no_tls(dsn: str) -> None:
    assert secure_transport(dsn, environ=NO_ENV).dsn == dsn
    assert secure_transport(dsn, environ=NO_ENV).warning is None


@pytest.mark.parametrize("dsn", ["host=hq.example.org dbname=hq", "postgresql://10.0.0.5/hq",
                                 "host=/tmp,hq.example.org dbname=hq"])
def test_a_network_server_without_sslmode_gets_verify_full(dsn: str) -> None:
    transport = secure_transport(dsn, environ=NO_ENV)
    assert "sslmode=verify-full" in transport.dsn and transport.warning is None


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer", "require", "verify-ca"])
def test_a_network_server_with_weaker_tls_is_refused_naming_the_fix(mode: str) -> None:
    with pytest.raises(TransportRefused, match=f"sslmode={mode}, which does not verify.*verify-full.*--insecure"):
        secure_transport(f"host=hq.example.org dbname=hq sslmode={mode}", environ=NO_ENV)
    with pytest.raises(TransportRefused):  # libpq's environment counts as much as the DSN
        secure_transport("host=hq.example.org dbname=hq", environ={"PGSSLMODE": mode})
    with pytest.raises(TransportRefused):
        secure_transport("dbname=hq", environ={"PGHOST": "hq.example.org", "PGSSLMODE": mode})


def test_verify_full_is_accepted_and_kept_as_given() -> None:
    dsn = "host=hq.example.org dbname=hq sslmode=verify-full sslrootcert=/etc/hq-ca.pem"
    assert secure_transport(dsn, environ=NO_ENV).dsn == dsn


def test_insecure_is_allowed_with_a_warning() -> None:
    transport = secure_transport("host=hq.example.org dbname=hq sslmode=disable", insecure=True, environ=NO_ENV)
    assert transport.dsn == "host=hq.example.org dbname=hq sslmode=disable"
    assert transport.warning is not None and "not verified TLS" in transport.warning


@pytest.fixture
def finished(tmp_path: Path) -> Path:
    service = build_inspection(tmp_path, "Westshire Police", 3)
    path = service.path
    service.close()
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every connection the command tries, refused here: nothing leaves the test machine."""
    tried: list[tuple[str, dict[str, Any]]] = []

    def refuse(dsn: str, **kwargs: Any) -> psycopg.Connection[Any]:
        tried.append((dsn, kwargs))
        raise psycopg.OperationalError("connection refused (test)")

    monkeypatch.setattr(psycopg, "connect", refuse)
    return tried


@pytest.mark.parametrize("command", ["publish", "national"])
def test_the_cli_refuses_plain_tcp_before_connecting(command: str, finished: Path, attempts: list[Any],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--passphrase-file", str(finished.parent / "pass.txt"), command]
    args += [str(finished)] if command == "publish" else []
    assert main([*args, "--database", "host=hq.example.org dbname=hq sslmode=require"]) == 1
    err = capsys.readouterr().err
    assert "sslmode=require, which does not verify the server" in err and "Traceback" not in err
    assert attempts == []


def test_the_cli_connects_with_verify_full_by_default(finished: Path, attempts: list[Any],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--passphrase-file", str(finished.parent / "pass.txt"), "publish", str(finished)]
    assert main([*args, "--database", "host=hq.example.org dbname=hq"]) == 1
    assert "Cannot connect to database 'hq' on hq.example.org" in capsys.readouterr().err
    assert attempts and all("sslmode=verify-full" in dsn for dsn, _ in attempts)


def test_the_cli_with_insecure_warns_and_connects_as_given(finished: Path, attempts: list[Any],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--passphrase-file", str(finished.parent / "pass.txt"), "publish", str(finished), "--insecure"]
    assert main([*args, "--database", "host=hq.example.org dbname=hq sslmode=disable"]) == 1
    err = capsys.readouterr().err
    assert "warning: database 'hq' on hq.example.org is reached over the network with sslmode=disable" in err
    assert attempts and all("sslmode=disable" in dsn for dsn, _ in attempts)
