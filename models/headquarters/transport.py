"""How a connection to headquarters may travel: verified TLS, unless it never leaves this machine.

Published figures come from child-protection case work, so they must not cross a network in clear text or to
a server that has not proved who it is. libpq's default (`sslmode=prefer`) does neither: it falls back to plain
TCP without a word and accepts any certificate. So a server reached over the network must be reached with
`sslmode=verify-full`; a Unix socket or a loopback address needs no TLS; anything else is refused unless the
user passes `--insecure`, which is allowed but said out loud every time.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import zip_longest

from models.errors import FieldworkError

DATABASE_ENV = "FIELDWORK_HQ_DATABASE"  # the headquarters DSN when none is given (command line and window)
VERIFIED = "verify-full"  # certificate chain and host name checked; verify-ca checks no name
LOOPBACK_NAMES = frozenset({"localhost"})


class TransportRefused(FieldworkError):
    """The connection would leave this machine without verified TLS, and --insecure was not given."""


@dataclass(frozen=True)
class Transport:
    """The connection string to use, and a warning to print when it is not verified TLS."""

    dsn: str
    warning: str | None = None


def _is_local(host: str, hostaddr: str) -> bool:
    """A Unix socket (a path, or Linux's abstract '@name') or a loopback address never crosses a network."""
    if hostaddr:
        try:
            return ipaddress.ip_address(hostaddr).is_loopback
        except ValueError:
            return False
    if not host or host.startswith(("/", "@")):
        return True  # no host: libpq's default Unix socket (localhost where there are none)
    if host.casefold() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _targets(parts: Mapping[str, str], environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """Every (host, hostaddr) pair libpq may try: both lists are comma-separated and paired in order."""
    hosts = (parts.get("host") or environ.get("PGHOST") or "").split(",")
    addrs = (parts.get("hostaddr") or environ.get("PGHOSTADDR") or "").split(",")
    return [(h.strip(), a.strip()) for h, a in zip_longest(hosts, addrs, fillvalue="")]


def secure_transport(dsn: str, *, insecure: bool = False, where: str = "the headquarters database",
                     environ: Mapping[str, str] | None = None) -> Transport:
    """The DSN to connect with under the policy above, or TransportRefused naming the fix.

    A network server given no sslmode gets verify-full; one given a weaker sslmode is refused (or, with
    insecure, used as given with a warning)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    env = os.environ if environ is None else environ
    try:
        parts = {k: str(v) for k, v in conninfo_to_dict(dsn).items() if v is not None}
    except Exception:
        return Transport(dsn)  # malformed: connecting reports it, naming nothing secret
    if all(_is_local(host, addr) for host, addr in _targets(parts, env)):
        return Transport(dsn)
    mode = parts.get("sslmode") or env.get("PGSSLMODE") or ""
    if mode == VERIFIED:
        return Transport(dsn)
    if insecure:
        said = f"sslmode={mode}" if mode else "no sslmode (libpq may fall back to plain TCP)"
        return Transport(dsn, f"warning: {where} is reached over the network with {said}: the connection is "
                              "not verified TLS, so what is sent could be read or altered on the way.")
    if not mode:
        return Transport(make_conninfo(dsn, sslmode=VERIFIED))
    raise TransportRefused(
        f"{where} is reached over the network with sslmode={mode}, which does not verify the server. Use "
        f"sslmode={VERIFIED} (with sslrootcert= the headquarters CA certificate, or sslrootcert=system), "
        "or pass --insecure to send without verified TLS.")


def without_password(dsn: str) -> str:
    """The connection string with any password taken out, fit to keep in the settings; "" if it cannot be read
    (a string libpq cannot parse is never kept, as its password could not be found to take out)."""
    try:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        parts = {k: v for k, v in conninfo_to_dict(dsn).items() if v is not None and k != "password"}
        return make_conninfo("", **parts)
    except Exception:
        return ""
