"""Background work as plain data: what the window runs off its own thread (a merge, an import, an export,
letters, a backup), without Qt.

A job is a frozen dataclass of plain data (the file's path, its key as bytes, the actor, the options) whose
`run` opens the inspection through connections of its own (InspectionService.beside) and reports through a
plain progress callback. `outcome_of` runs one and says how it ended, in plain values. The window's JobRunner
(desktop.controllers.runner) runs it on a worker thread, or in a worker process (desktop.controllers.processes)
when its Python work is heavy enough to stall the window. Cancel raises WorkCancelled inside the work at its next
row or batch boundary, so its transaction rolls back (or its atomic write never lands): nothing is half-written.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from models.errors import FieldworkError, ImportRejected, WarningsNotAccepted
from models.inspection.tabular import ReadOptions
from models.progress import Progress, WorkCancelled

if TYPE_CHECKING:
    from models.headquarters.server import PublishResult
    from models.inspection.checks import Finding
    from models.inspection.records import CaseListing, ImportSummary, SamplePreview
    from models.inspection.services import InspectionService
    from models.team.exchange import ReturnExport
    from models.team.merge import MergeReport


# -- the jobs: plain data plus a function that opens its own connection ------------------------------------

@dataclass(frozen=True)
class Job:
    """What every job carries: the inspection file, its raw key and the person acting (for the audit)."""

    path: Path
    key: bytes
    actor: str

    label: ClassVar[str] = "Working"
    writes: ClassVar[bool] = False  # True: the window refuses edits while it runs (they would wait on it)
    # True: run in a worker process, for work that holds the interpreter for seconds (100,000 fields decoded
    # and checked); a worker thread would share the window's interpreter lock and stall its event loop
    isolated: ClassVar[bool] = False

    def service(self) -> InspectionService:
        from models.inspection.services import InspectionService

        return InspectionService.beside(self.path, self.key, self.actor)

    def run(self, progress: Progress) -> object:
        raise NotImplementedError


def job_base(service: InspectionService) -> dict[str, Any]:
    """The fields every job takes from the open inspection (read on the GUI thread, then frozen)."""
    return {"path": service.path, "key": bytes.fromhex(service.key_hex), "actor": service.actor}


@dataclass(frozen=True)
class MergeJob(Job):
    packages: tuple[Path, ...] = ()
    lead_secret: bytes = b""  # the lead's identity (Identity.secret), to decrypt and countersign

    label: ClassVar[str] = "Merging return packages"
    writes: ClassVar[bool] = True
    isolated: ClassVar[bool] = True

    def run(self, progress: Progress) -> MergeReport:
        from models.team.identity import Identity
        from models.team.merge import merge_packages
        from models.team.packages import read_package_file

        packages = [(p.name, read_package_file(p)) for p in self.packages]
        lead = Identity.from_secret(self.lead_secret.decode("utf-8"))
        with self.service() as service:
            return merge_packages(service, lead, packages, progress)


def _frozen_values(values: dict[str, dict[str, str]] | None) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return tuple((f, tuple(sorted(m.items()))) for f, m in sorted((values or {}).items()))


@dataclass(frozen=True)
class ImportJob(Job):
    """A case sample or a gradings file, all rows or none."""

    source: Path = Path()
    mapping: tuple[tuple[str, str | None], ...] | None = None
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    options: ReadOptions | None = None
    accepted: tuple[str, ...] = ()
    gradings: bool = False

    label: ClassVar[str] = "Importing"
    writes: ClassVar[bool] = True
    isolated: ClassVar[bool] = True

    @classmethod
    def of(cls, service: InspectionService, source: Path, mapping: dict[str, str | None] | None = None, *,
           values: dict[str, dict[str, str]] | None = None, options: ReadOptions | None = None,
           accepted: Sequence[str] = (), gradings: bool = False) -> ImportJob:
        return cls(**job_base(service), source=Path(source),
                   mapping=None if mapping is None else tuple(mapping.items()), values=_frozen_values(values),
                   options=options, accepted=tuple(accepted), gradings=gradings)

    def run(self, progress: Progress) -> ImportSummary:
        mapping = None if self.mapping is None else dict(self.mapping)
        values = {f: dict(m) for f, m in self.values} or None
        with self.service() as service:
            do = service.import_gradings if self.gradings else service.import_sample
            return do(self.source, mapping, values=values, options=self.options, accepted=self.accepted,
                      progress=progress)


@dataclass(frozen=True)
class SamplePreviewJob(Job):
    """A sample read and checked as the import wizard shows it, writing nothing: the preview, or the problem
    that stopped the reading as it was raised (the page that asked says it, an encoding to confirm included)."""

    source: Path = Path()
    mapping: tuple[tuple[str, str | None], ...] | None = None
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    options: ReadOptions | None = None

    label: ClassVar[str] = "Reading the sample"

    @classmethod
    def of(cls, service: InspectionService, source: Path, mapping: dict[str, str | None] | None = None, *,
           values: dict[str, dict[str, str]] | None = None, options: ReadOptions | None = None) -> SamplePreviewJob:
        return cls(**job_base(service), source=Path(source),
                   mapping=None if mapping is None else tuple(mapping.items()), values=_frozen_values(values),
                   options=options)

    def run(self, progress: Progress) -> SamplePreview | FieldworkError:
        progress(0, 1)
        mapping = None if self.mapping is None else dict(self.mapping)
        values = {f: dict(m) for f, m in self.values} or None
        with self.service() as service:
            try:
                return service.preview_sample(self.source, mapping, values=values, options=self.options)
            except FieldworkError as error:
                return error


@dataclass(frozen=True)
class TablesJob(Job):
    """The report tables as PDF, Word, Excel or CSV (exports.writers, as the CLI writes them)."""

    fmt: str = "pdf"
    target: Path = Path()

    label: ClassVar[str] = "Writing the report tables"
    isolated: ClassVar[bool] = True  # reads and lays out every case: seconds of Python at 100,000 cases

    def run(self, progress: Progress) -> Path:
        from exports.writers import tables_agreement, write_tables

        with self.service() as service:
            return write_tables(service, self.fmt, self.target, progress=progress,
                                agreement=tables_agreement(service))


@dataclass(frozen=True)
class LettersJob(Job):
    """One letter per referral not yet sent plus the combined PDF; each referral recorded as letter sent."""

    folder: Path = Path()
    sender: str = ""
    sender_role: str = ""
    cases: tuple[str, ...] = ()  # the referrals chosen; none: every one not yet sent
    addressee: str | None = None  # None: the inspection's addressee
    addressee_title: str | None = None

    label: ClassVar[str] = "Writing the referral letters"
    writes: ClassVar[bool] = True  # records each letter as sent
    isolated: ClassVar[bool] = True

    def run(self, progress: Progress) -> list[Path]:
        from exports.writers import write_referral_letters

        with self.service() as service:
            return write_referral_letters(service, self.folder, progress=progress, sender=self.sender,
                                          sender_role=self.sender_role, cases=self.cases or None,
                                          addressee=self.addressee, addressee_title=self.addressee_title)


@dataclass(frozen=True)
class FieldworkPackagesJob(Job):
    """The lead's fieldwork packages, one per inspector (name, target), each signed and encrypted to them."""

    targets: tuple[tuple[str, Path], ...] = ()
    lead_secret: bytes = b""  # the lead's identity (Identity.secret), to sign with

    label: ClassVar[str] = "Writing the fieldwork packages"
    writes: ClassVar[bool] = True  # records each package as issued

    def run(self, progress: Progress) -> list[Path]:
        from models.files import written_unless_failed
        from models.team.exchange import export_fieldwork
        from models.team.identity import Identity

        lead = Identity.from_secret(self.lead_secret.decode("utf-8"))
        written: list[Path] = []
        with self.service() as service:
            for done, (name, target) in enumerate(self.targets):
                progress(done, len(self.targets))  # between packages: each one is whole or absent
                with written_unless_failed(target) as deliver:
                    export_fieldwork(service, lead, name, deliver)
                written.append(target)
        return written


@dataclass(frozen=True)
class ReturnJob(Job):
    """The inspector's work since the fieldwork package, signed and encrypted to the lead, written at target."""

    target: Path = Path()
    identity_secret: bytes = b""  # the inspector's identity (Identity.secret), to sign with

    label: ClassVar[str] = "Writing the return package"
    writes: ClassVar[bool] = True  # records the package's revision

    def run(self, progress: Progress) -> ReturnExport:
        from models.files import written_unless_failed
        from models.team.exchange import export_return
        from models.team.identity import Identity

        identity = Identity.from_secret(self.identity_secret.decode("utf-8"))
        progress(0, 1)  # the last chance to cancel: from here the package is one transaction and one rename
        with self.service() as service, written_unless_failed(self.target) as deliver:
            return export_return(service, identity, deliver, accept_warnings=True)


@dataclass(frozen=True)
class BackupJob(Job):
    """An encrypted backup beside the file; a daily one only when none was taken in the last 24 hours."""

    reason: str = "manual"

    label: ClassVar[str] = "Backing up"

    def run(self, progress: Progress) -> Path | None:
        from models.inspection.backups import needs_daily_backup

        if self.reason == "daily" and not needs_daily_backup(self.path):
            return None
        progress(0, 1)
        with self.service() as service:
            target = service.back_up(self.reason)
        progress(1, 1)
        return target


@dataclass(frozen=True)
class PublishJob(Job):
    """The inspection published to the headquarters PostgreSQL database: the one network connection the window
    makes, only when the lead presses Publish. Cancel before the commit rolls the server's transaction back."""

    dsn: str = ""
    password: str = field(default="", repr=False)  # typed in the dialog for this publication only; never kept
    insecure: bool = False  # allow a server on the network without verified TLS (the CLI's --insecure)

    label: ClassVar[str] = "Publishing to headquarters"

    def run(self, progress: Progress) -> PublishResult:
        from models.headquarters.server import Headquarters

        hq = Headquarters(self.dsn, password=self.password or None, insecure=self.insecure)
        try:
            hq.check_connection()  # an unreachable server or a refused password, said before any work
            with self.service() as service:
                return hq.publish(service, actor=self.actor, progress=progress)
        finally:
            hq.close()


@dataclass(frozen=True)
class CaseListJob(Job):
    """Every case as the list shows it, read after a job that wrote, so the window does not read it itself."""

    label: ClassVar[str] = "Reloading the case list"

    def run(self, progress: Progress) -> CaseListing:
        progress(0, 1)
        with self.service() as service:
            return service.case_listing()


@dataclass(frozen=True)
class ChecksJob(Job):
    """The framework's checks before hand-in: over one inspector's work (before their return package), or over
    the whole inspection (inspector None, before the final documents). Reads only."""

    inspector: str | None = None

    label: ClassVar[str] = "Running the checks before hand-in"

    def run(self, progress: Progress) -> list[Finding]:
        from models.inspection.checks import run_checks

        progress(0, 1)
        with self.service() as service:
            return run_checks(service, self.inspector)


# -- what comes back ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobFailure:
    """A known problem (FieldworkError) as plain text: its message, and the problems or warnings it lists."""

    message: str
    lines: tuple[str, ...] = ()
    kind: str = "problem"  # "rejected" (an import's problems) or "warnings" (warnings not accepted)




Outcome = tuple[Any, ...]  # ("succeeded", result) / ("failed", JobFailure) / ("cancelled",) / ("crashed", summary, traceback)


def outcome_of(job: Job, progress: Progress) -> Outcome:
    """Run job where it stands (a worker thread or a worker process) and say how it ended, in plain values."""
    try:
        return ("succeeded", job.run(progress))
    except WorkCancelled:
        return ("cancelled",)
    except ImportRejected as error:
        return ("failed", JobFailure(str(error), tuple(p.describe() for p in error.problems), "rejected"))
    except WarningsNotAccepted as error:
        return ("failed", JobFailure(str(error), tuple(w.describe() for w in error.warnings), "warnings"))
    except FieldworkError as error:
        return ("failed", JobFailure(str(error)))
    except Exception as error:  # noqa: BLE001  (a bug: shown in the crash dialog, never swallowed)
        return ("crashed", f"{type(error).__name__}: {error}", traceback.format_exc())
