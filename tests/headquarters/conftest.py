"""A real, throwaway PostgreSQL cluster for the headquarters tests, reachable only through a Unix socket.

The cluster is started once per test session with Debian's initdb/pg_ctl (as the unprivileged `postgres`
user when the tests run as root: initdb refuses root). It listens on no TCP port at all, so the suite's
network guard stays meaningful. Without PostgreSQL binaries the tests are skipped locally, but FAIL in CI.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRAM_USER = "hq_writer"  # the one role that must give a password (scram-sha-256) on the socket
SCRAM_PASSWORD = "hq writer secret 8814"


@dataclass(frozen=True)
class Cluster:
    socket_dir: Path
    port: int
    superuser: str

    def dsn(self, dbname: str, user: str | None = None) -> str:
        return f"host={self.socket_dir} port={self.port} user={user or self.superuser} dbname={dbname}"


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _run(command: list[str], as_user: str | None) -> None:
    if as_user:
        command = ["runuser", "-u", as_user, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    bin_dir = _binaries()
    if bin_dir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not installed: apt-get install postgresql"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)")
        pytest.skip(message)
    as_user = None
    if os.geteuid() == 0:
        as_user = "postgres"
        try:
            pwd.getpwnam(as_user)
        except KeyError:
            pytest.fail("running as root but there is no 'postgres' system user to run initdb as")
    # Directly in /tmp: pytest's own temp folders are private to root, and the server user must enter this one.
    base = Path(tempfile.mkdtemp(prefix="fieldwork-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if as_user:
        record = pwd.getpwnam(as_user)
        for path in (base, sockets):
            os.chown(path, record.pw_uid, record.pw_gid)
    superuser = as_user or pwd.getpwuid(os.geteuid()).pw_name
    port = 5433
    try:
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", superuser, "--auth=trust", "-E", "UTF8",
              "--locale=C", "--no-sync"], as_user)
        with open(data / "pg_hba.conf", "w") as hba:  # owned by the server user; root may still write it
            hba.write(f"local all {SCRAM_USER} scram-sha-256\nlocal all all trust\n")
        options = f"-c listen_addresses='' -c unix_socket_directories='{sockets}' -p {port} -c fsync=off"
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-o", options,
              "-w", "-t", "60", "start"], as_user)
    except Exception as error:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start a throwaway PostgreSQL cluster: {error}")
    cluster = Cluster(sockets, port, superuser)
    try:
        import psycopg

        with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE ROLE {SCRAM_USER} LOGIN PASSWORD '{SCRAM_PASSWORD}'")
        yield cluster
    finally:
        subprocess.run((["runuser", "-u", as_user, "--"] if as_user else []) +
                       [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def hq_dsn(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty database on the throwaway cluster for one test."""
    import psycopg

    name = f"hq_{uuid.uuid4().hex[:12]}"
    admin = pg_cluster.dsn("postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name} OWNER {SCRAM_USER}")
    yield pg_cluster.dsn(name)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(autouse=True)
def no_libpq_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq reads ~/.pgpass, pg_service.conf and PG* variables: none of the developer's may reach a test."""
    for name in list(os.environ):
        if name.startswith("PG"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-pg_service.conf"))
