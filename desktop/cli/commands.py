"""The one dispatch table of the `fieldwork` command: every family's commands, one parser, one error policy.

Exit 0 on success, 1 with one line on bad input, 2 on usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from desktop.cli import documents, headquarters, inspection, team
from desktop.cli.base import EXIT_BAD_INPUT, EXIT_BUG, EXIT_USAGE, Cli, Command
from models.errors import FieldworkError, ImportRejected, WarningsNotAccepted

FAMILIES = (inspection, documents, headquarters, team)
COMMANDS: dict[str, Command] = {command.name: command for family in FAMILIES for command in family.COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldwork", description="Offline child protection case-file inspection.")
    parser.add_argument("--as", dest="actor", default=None, help="your name, as the audit log records it")
    parser.add_argument("--passphrase-file", help="read the inspection passphrase from this file")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        command.arguments(sub.add_parser(command.name, help=command.help))
    return parser


def report_known_error(error: FieldworkError) -> None:
    if isinstance(error, ImportRejected):
        for problem in error.problems:
            print(problem.describe(), file=sys.stderr)
        print(f"Nothing was imported ({len(error.problems)} problem(s)).", file=sys.stderr)
    elif isinstance(error, WarningsNotAccepted):
        for warning in error.warnings:
            print(f"warning: {warning.describe()}", file=sys.stderr)
        print(f"Nothing was imported ({len(error.warnings)} warning(s) not accepted).", file=sys.stderr)
    else:
        print(f"fieldwork: {error}", file=sys.stderr)


def run(argv: Sequence[str]) -> int:
    """Parse and run one command; known errors become one line, anything else a one-line bug report."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.command is None:
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    cli = Cli(args)
    try:
        return COMMANDS[args.command].run(cli)
    except FieldworkError as error:
        report_known_error(error)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("fieldwork: interrupted; nothing half-done was kept.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: one line for the user, details only on request
        damage = cli.damage()
        if damage is not None:
            report_known_error(damage)
            return EXIT_BAD_INPUT
        if os.environ.get("FIELDWORK_DEBUG"):
            traceback.print_exc()
        print(f"fieldwork: unexpected error ({type(error).__name__}); this is a bug. "
              "Run with FIELDWORK_DEBUG=1 for details.", file=sys.stderr)
        return EXIT_BUG
