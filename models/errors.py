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


class DamagedFile(InspectionFileError):
    """The file's bytes are not what was written (a flipped byte, a truncation): never a wrong passphrase."""

    def __init__(self, path: object, detail: str, backup: object = None, checked: bool = False) -> None:
        self.path, self.detail, self.backup, self.checked = path, detail, backup, checked
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"{self.path} is damaged ({self.detail}); do not keep working in it."
        if self.backup is not None:
            return f"{text} The newest backup that verifies is {self.backup}: restore it with `fieldwork restore`."
        if self.checked:
            return f"{text} No backup of it verifies; ask for the copy a colleague or the lead holds."
        return text

    def with_backup(self, backup: object) -> DamagedFile:
        """The same damage, now naming the newest backup that verifies (None: none does)."""
        return DamagedFile(self.path, self.detail, backup, checked=True)


class DiskProblem(FieldworkError):
    """The disk refused a write or a read: full, read-only, no permission, or failing."""


class ImportProblem(FieldworkError):
    """One problem found in an imported file, located by file, row and column."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None,
                 sheet: str | None = None) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.sheet = sheet  # the worksheet of a workbook; None for a CSV file
        self.detail = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.detail}"


class EncodingNotConfirmed(ImportProblem):
    """A text file that is not UTF-8: the encoding it seems to be in is named, never used until confirmed."""

    def __init__(self, file: str, message: str, detected: str | None) -> None:
        self.detected = detected  # a Python codec name, e.g. "cp1252"; None when nothing fits
        super().__init__(file, message)


class ImportRejected(FieldworkError):
    """An import refused as a whole; carries every problem found so none is hidden."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        head = problems[0].describe() if problems else "import rejected"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{head}{more}. Nothing was imported.")


class WarningsNotAccepted(FieldworkError):
    """An import whose file is readable but suspicious: nothing is written until the user accepts each warning."""

    def __init__(self, warnings: list[ImportProblem]) -> None:
        self.warnings = warnings
        super().__init__(f"{len(warnings)} warning(s) to accept before importing: "
                         f"{warnings[0].describe() if warnings else ''}. Nothing was imported.")


class ServiceError(FieldworkError):
    """A request the services refuse (unknown case, invalid grade, ...)."""
