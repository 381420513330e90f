"""What every command shares: the parsed arguments, the actor, unlocking, exit codes and text output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.laptop.passphrases import generate_recovery_code, passphrase_problem
from desktop.laptop.secrets import KeyStore, Unlocker, terminal_passphrase_prompt, terminal_prompt
from desktop.laptop.settings import default_actor
from models.errors import FieldworkError
from models.files import write_atomically

if TYPE_CHECKING:
    from models.inspection.database import InspectionDatabase
    from models.inspection.framework import Framework
    from models.inspection.records import InspectionInfo
    from models.inspection.services import InspectionService

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70


class Cli:
    """One parsed command line: who acts, and how inspection files are unlocked."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.actor = args.actor or default_actor()
        self.unlocker = Unlocker(KeyStore(), args.passphrase_file, terminal_passphrase_prompt())
        self.opened: list[tuple[Path, str]] = []  # (file, key) of every inspection this command opened

    def open(self, path: Path, *, remind: bool = True) -> InspectionService:
        """The inspection at path, unlocked by the one policy the desktop uses too. Once its retention date has
        passed, every command that opens it says so (on stderr, so output stays clean)."""
        from models.inspection.services import InspectionService

        return InspectionService(self.open_file(path, remind=remind), self.actor)

    def info_after(self, path: Path, change: Callable[[InspectionService], object] | None = None, *,
                   remind: bool = True) -> tuple[InspectionInfo, Framework]:
        """The inspection's details and framework, after the change if one is given (made through the service
        layer); without one they are read in plain SQL, so showing a setting never loads the ORM."""
        if change is None:
            from models.inspection.reads import framework_of, inspection_info

            with self.open_file(path, remind=remind) as db, db.reading() as connection:
                framework = framework_of(connection, db.path.name)
                return inspection_info(connection, framework), framework
        with self.open(path, remind=remind) as service:
            change(service)
            return service.info(), service.framework

    def open_file(self, path: Path, *, remind: bool = True) -> InspectionDatabase:
        """The inspection file alone, for a command that only reads it in plain SQL (and so never loads the
        service layer and the ORM under it); unlocked and reminded of as open() does."""
        db = self.unlocker.open_database(path)
        self.opened.append((db.path, db.key_hex))
        if remind:
            from models.inspection.reads import retain_until

            try:
                with db.reading() as connection:
                    passed = retention_passed(retain_until(connection))
            except BaseException:
                db.close()
                raise
            if passed:
                print(f"fieldwork: {Path(path).name} was to be kept until {passed}; that day has passed. "
                      f"Finish it with `fieldwork purge {path}` once the report and audit are done with.",
                      file=sys.stderr)
        return db

    def damage(self) -> FieldworkError | None:
        """After an unexpected error: a damaged inspection file among those opened, named with the backup to
        restore, rather than a bug report (a damaged page can be read back as zeros before it is noticed)."""
        from models.inspection.database import diagnose

        for path, key_hex in self.opened:
            found = diagnose(path, key_hex)
            if found is not None:
                return found
        return None

    def new_passphrase(self) -> str:
        """A passphrase for a file being created: generated, explicit, or typed twice at a terminal."""
        if self.args.generate_passphrase:
            code = generate_recovery_code()
            print(f"Recovery passphrase (shown once; write it down and keep it apart from the laptop):\n  {code}")
            return code
        passphrase = self.unlocker.explicit_passphrase()
        if passphrase is None:
            prompt = terminal_prompt()
            if prompt is None:
                raise FieldworkError("Choose a passphrase: --passphrase-file, FIELDWORK_PASSPHRASE, "
                                     "or --generate-passphrase.")
            passphrase = prompt("New passphrase: ")
            if prompt("Repeat passphrase: ") != passphrase:
                raise FieldworkError("The two passphrases differ; nothing was created.")
        problem = passphrase_problem(passphrase)
        if problem:
            raise FieldworkError(problem)
        return passphrase


def retention_passed(until: str | None, today: date | None = None) -> str | None:
    """The retention date if it has passed, else None."""
    if not until:
        return None
    return until if date.fromisoformat(until) < (today or date.today()) else None


@dataclass(frozen=True)
class Command:
    """One sub-command: its name and help, how it adds its arguments, and what runs it."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Cli], int]


def day(text: str) -> date:
    """An argument that is one day, YYYY-MM-DD; anything else is a usage error naming it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def period(text: str) -> tuple[date, date]:
    """An argument START:END, two days: the usage error names the part that is wrong."""
    start, sep, end = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"'{text}' is not a period; give the first and last day as START:END, "
                                         "e.g. 2017-02-06:2017-02-17")
    days = []
    for name, part in (("first day", start), ("last day", end)):
        try:
            days.append(date.fromisoformat(part.strip()))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"the {name} '{part.strip() or '(empty)'}' in '{text}' is not a date (YYYY-MM-DD)") from None
    return days[0], days[1]


def emit(output: str | bytes, target: Path | None) -> None:
    """A command's text result: to the named file (written atomically), else to standard output."""
    if target:
        write_atomically(target, output)
        print(f"Wrote {target}.")
    else:
        assert isinstance(output, str)  # bytes (a PDF) are refused without a file before they are made
        sys.stdout.write(output)
