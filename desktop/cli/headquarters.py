"""`fieldwork publish` and `fieldwork national`: connection settings, the server password, output.

The password of the headquarters database is never stored in plain text: it comes from the DSN or libpq's own
settings (PGPASSWORD, ~/.pgpass) when the user chose those, otherwise from the OS keyring, otherwise from a
prompt (and is then kept in the keyring). TLS options (sslmode, sslrootcert, ...) pass through the DSN; a
server on the network must be reached with sslmode=verify-full unless --insecure is given (see
models/headquarters/transport.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.arguments import year
from desktop.cli.base import EXIT_OK, Cli, Command, emit
from desktop.laptop.secrets import store_secret, stored_secret, terminal_prompt
from models.errors import FieldworkError
from models.headquarters.transport import DATABASE_ENV

if TYPE_CHECKING:  # psycopg loads only when a headquarters command runs
    from models.headquarters.server import Headquarters, NationalReport

FORMATS = ("text", "csv", "json", "pdf")


HELP_DATABASE = (f"PostgreSQL DSN (postgresql://user@host/db?sslmode=verify-full or 'host=... dbname=...'); "
                 f"default: ${DATABASE_ENV}, else libpq's PGHOST/PGDATABASE/... settings")
HELP_INSECURE = ("allow a server on the network without verified TLS (sslmode=verify-full is otherwise required "
                 "unless the server is on a Unix socket or loopback); a warning is printed")


def _publish_arguments(publish: argparse.ArgumentParser) -> None:
    publish.add_argument("file", type=Path)
    publish.add_argument("--database", help=HELP_DATABASE)
    publish.add_argument("--insecure", action="store_true", help=HELP_INSECURE)
    publish.add_argument("--with-notes", action="store_true", help="also publish evidence notes and summaries")
    publish.add_argument("--year", type=year, help="inspection year (default: the inspection's own: the year of "
                         "its last day on site, else of its first, else of the day the file was created)")
    publish.add_argument("--provisional", action="store_true",
                         help="publish even though cases are ungraded or awaiting moderation")


def _national_arguments(national: argparse.ArgumentParser) -> None:
    national.add_argument("--database", help=HELP_DATABASE)
    national.add_argument("--insecure", action="store_true", help=HELP_INSECURE)
    national.add_argument("--year", type=year, help="only inspections of this year")
    national.add_argument("--format", choices=FORMATS, default="text")
    national.add_argument("-o", "--output", type=Path, help="write to this file (required for pdf)")


LIBPQ_TARGETS = ("PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE")


def resolve_dsn(given: str | None) -> str:
    """The server named by --database, FIELDWORK_HQ_DATABASE or libpq's variables; never an implicit default."""
    dsn = given if given is not None else os.environ.get(DATABASE_ENV, "")
    if not dsn.strip() and not any(os.environ.get(v) for v in LIBPQ_TARGETS):
        raise FieldworkError(f"No headquarters database named: give --database, or set {DATABASE_ENV} "
                             "(or libpq's PGHOST/PGDATABASE).")
    # SQLAlchemy-style URLs are accepted too; libpq itself knows only postgresql:// and postgres://.
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://"):
        if dsn.startswith(prefix):
            dsn = "postgresql://" + dsn[len(prefix):]
    return dsn


def keyring_name(dsn: str) -> str:
    """The keyring entry for a server account: user@host:port/dbname, with libpq's environment defaults."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(dsn)
    except Exception:
        parts = {}

    def part(key: str, env: str, default: str) -> str:
        return str(parts.get(key) or os.environ.get(env) or default)

    user = part("user", "PGUSER", os.environ.get("USER", ""))
    return (f"hq-password:{user}@{part('host', 'PGHOST', 'localhost')}:{part('port', 'PGPORT', '5432')}/"
            f"{part('dbname', 'PGDATABASE', user)}")


def _stored_password(name: str) -> str | None:
    return stored_secret(name)


def _store_password(name: str, password: str) -> None:
    store_secret(name, password)  # no trusted keyring: the password is simply asked again next time


def connect(dsn: str, prompt: Callable[[str], str] | None, *, insecure: bool = False) -> Headquarters:
    """An open, checked connection to headquarters; the password from the keyring or a prompt if needed.

    A server on the network must be reached over verified TLS unless insecure (then a warning is printed)."""
    from models.headquarters.server import Headquarters, HeadquartersError, dsn_has_password

    name = keyring_name(dsn)
    password = None
    if not dsn_has_password(dsn) and not os.environ.get("PGPASSWORD"):
        password = _stored_password(name)
    hq = Headquarters(dsn, password=password, insecure=insecure)
    if hq.warning:
        print(f"fieldwork: {hq.warning}", file=sys.stderr)
    try:
        hq.check_connection()
        return hq
    except HeadquartersError as error:
        hq.close()
        if "password" not in str(error).lower():
            raise
        if prompt is None:
            raise HeadquartersError(f"{error}. Run the command at a terminal once to give the password "
                                    "(it is then kept in the OS keyring), or use libpq's ~/.pgpass.") from None
    password = prompt(f"Password for {hq.where}: ")
    hq = Headquarters(dsn, password=password, insecure=insecure)
    try:
        hq.check_connection()
    except HeadquartersError:
        hq.close()
        raise
    _store_password(name, password)
    return hq


def cmd_publish(cli: Cli) -> int:
    args = cli.args
    with cli.open(args.file) as service:
        hq = connect(resolve_dsn(args.database), terminal_prompt(), insecure=args.insecure)
        try:
            result = hq.publish(service, actor=cli.actor, with_notes=args.with_notes, year=args.year,
                                allow_provisional=args.provisional)
        finally:
            hq.close()
    published = result.inspection
    if result.outcome == "unchanged":
        print(f"{published.label}: version {published.version} is already published; nothing changed.")
    elif result.outcome == "replaced" and result.previous_version == published.version:
        # The same version, with another year, with(out) notes, or filled in by a newer release.
        print(f"{published.label}: version {published.version} published again ({published.case_count} cases).")
    elif result.outcome == "replaced":
        print(f"{published.label}: version {published.version} replaces version {result.previous_version} "
              f"({published.case_count} cases).")
    else:
        print(f"{published.label}: published version {published.version} ({published.case_count} cases"
              f"{', with evidence notes' if published.with_notes else ''}).")
    return EXIT_OK


def cmd_national(cli: Cli) -> int:
    from exports.national import to_csv, to_json, to_pdf, to_text

    args = cli.args
    if args.format == "pdf" and args.output is None:
        raise FieldworkError("A PDF needs a file to go to: add -o FILE.pdf.")
    hq = connect(resolve_dsn(args.database), terminal_prompt(), insecure=args.insecure)
    try:
        report = hq.national(year=args.year)
    finally:
        hq.close()
    renderers: dict[str, Callable[[NationalReport], str | bytes]] = {"text": to_text, "csv": to_csv,
                                                                     "json": to_json, "pdf": to_pdf}
    render = renderers[args.format]
    emit(render(report), args.output)
    return EXIT_OK


COMMANDS = (
    Command("publish", "publish a finished inspection to the headquarters database", _publish_arguments,
            cmd_publish),
    Command("national", "national tables across every published inspection", _national_arguments, cmd_national),
)
