"""Errors a user can act on, kept apart from bugs (which get the crash dialog)."""

from __future__ import annotations


class FieldworkError(Exception):
    """A known problem with a plain message for the user; never a bug."""


class FrameworkError(FieldworkError):
    """A framework file is missing, malformed or inconsistent."""


class WrongPassphrase(FieldworkError):
    """The passphrase does not open the inspection file."""

    def __init__(self, path: object = None) -> None:
        where = f" ({path})" if path else ""
        super().__init__(f"Wrong passphrase or damaged file{where}.")


class InspectionFileError(FieldworkError):
    """The inspection file cannot be used (missing, too new, locked, corrupt)."""


class ImportProblem(FieldworkError):
    """One problem found in an imported file, located by file, row and column."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.detail = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.detail}"


class ImportRejected(FieldworkError):
    """An import refused as a whole; carries every problem found so none is hidden."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        head = problems[0].describe() if problems else "import rejected"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{head}{more}. Nothing was imported.")


class ServiceError(FieldworkError):
    """A request the services refuse (unknown case, invalid grade, ...)."""
