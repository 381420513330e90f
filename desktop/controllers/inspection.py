"""Behaviour between the widgets and InspectionService: every write goes through here, then the service.

Widgets hold layout; these objects hold the decisions (which inspector grades, what is undoable,
what must refresh after an edit). Nothing here touches the database directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.laptop.language import chosen_language, framework_words
from exports.report import Report, build_report
from models.errors import FieldworkError, ServiceError
from models.files import write_atomically
from models.inspection.framework import Framework, in_words
from models.inspection.imports import ValueMap
from models.inspection.mappings import ImportMapping, load_mapping, mapping_text
from models.inspection.records import (
    AssessmentView,
    CaseDetail,
    CaseListing,
    CaseRow,
    ForceJudgementView,
    InspectionInfo,
    QueryView,
    ReferralView,
    SamplePreview,
)
from models.inspection.tabular import ReadOptions

if TYPE_CHECKING:
    from desktop.controllers.exchange import ExchangeController
    from desktop.controllers.jobs import ChecksJob, ImportJob, SamplePreviewJob
    from exports.documents import AgreementFigures
    from exports.writers import LetterPreview
    from models.inspection.backups import Backup
    from models.inspection.redaction import RedactionResult
    from models.inspection.services import InspectionService


@dataclass(frozen=True)
class LetterChoice:
    """What the letters dialog chose: the referrals (none: every one not yet sent), whom they go to, who signs."""

    cases: tuple[str, ...] = ()
    addressee: str | None = None
    addressee_title: str | None = None
    signatory: tuple[str, str] | None = None  # (name, role); None: this laptop's identity


@dataclass(frozen=True)
class ProgressLine:
    label: str
    graded: int
    total: int


@dataclass(frozen=True)
class Progress:
    by_case_type: tuple[ProgressLine, ...]
    by_inspector: tuple[ProgressLine, ...]
    graded: int
    total: int


def shown_language() -> str:
    """The language the interface was started in (desktop.app.install_translation makes it the default locale)."""
    return chosen_language(None, QLocale().name())


def case_graded(row: CaseRow, framework: Framework) -> bool:
    """Graded as the report's tally counts it: the case's settled grade or, where a framework grades only
    topics, a settled grade for at least one topic."""
    return row.grade is not None if framework.case_grade else row.topics_graded > 0


def progress_of(rows: list[CaseRow], framework: Framework) -> Progress:
    """Graded / total by case type and by inspector, from the case list already in memory."""
    total_by_type: Counter[str] = Counter()
    graded_by_type: Counter[str] = Counter()
    total_by_inspector: Counter[str] = Counter()
    graded_by_inspector: Counter[str] = Counter()
    for row in rows:
        total_by_type[row.case_type] += 1
        graded = case_graded(row, framework)
        graded_by_type[row.case_type] += graded
        # a case belongs to its allocated inspector, or (no allocation yet) to everyone who assessed it
        owners = {row.allocated_to} if row.allocated_to else set(row.graders)
        for name in owners:
            total_by_inspector[name] += 1
            graded_by_inspector[name] += graded
    by_type = tuple(ProgressLine(c.label, graded_by_type[c.key], total_by_type[c.key])
                    for c in framework.case_types if total_by_type[c.key])
    by_inspector = tuple(ProgressLine(name, graded_by_inspector[name], total_by_inspector[name])
                         for name in sorted(total_by_inspector))
    return Progress(by_type, by_inspector, sum(case_graded(r, framework) for r in rows), len(rows))


class InspectionController(QObject):
    """One open inspection as the desktop sees it; the current user is the inspector who grades."""

    caseUpdated = Signal(object)  # CaseDetail, read once after any edit of that case
    casesReloaded = Signal()  # after an import added cases
    referralsChanged = Signal()
    noteSaved = Signal(str, str)  # case ref, area key
    forceJudgementsChanged = Signal()  # a topic judged for the whole force, or its evidence, changed
    detailsChanged = Signal()  # the inspection's own details (its dates) changed
    queriesChanged = Signal()  # a query raised, answered or closed (here or by a package)
    # Undo or redo is about to change this case (its ref) or this force-judged topic (its area key): the
    # window shows it first, so no change happens off-screen.
    undoShowsCase = Signal(str)
    undoShowsForceJudgement = Signal(str)

    def __init__(self, service: InspectionService, user: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.user = user
        self.undo_stack = QUndoStack(self)
        self._read_ahead: CaseListing | None = None
        # The lead marked the report final ({"at", "by"}): cases are shown, never edited (the service refuses).
        self.final = service.final_mark()

    @cached_property
    def framework(self) -> Framework:
        """The framework as the interface shows it: its words in the interface's language where a translation
        ships (keys and rules unchanged). Documents are written from the service's, in the framework's own."""
        return in_words(self.service.framework, framework_words(shown_language()))

    @property
    def path(self) -> Path:
        return self.service.path

    def damage(self) -> FieldworkError | None:
        """Before an unexpected error is shown as a bug: is the open file damaged? (A page failing its check
        can be read as zeros before anything reports it.) The damage, naming the backup to restore, or None."""
        from models.inspection.database import diagnose

        return diagnose(self.service.path, self.service.key_hex)

    def title(self) -> str:
        info = self.service.info()
        return f"{info.force_name} ({info.framework_name})"

    def info(self) -> InspectionInfo:
        return self.service.info()

    def set_dates(self, start: date | None, end: date | None) -> None:
        """The fieldwork's first and last day (or neither); the report's year follows them."""
        self.service.set_dates(start, end)
        self.detailsChanged.emit()

    def close(self) -> None:
        self.undo_stack.clear()
        self._sign_history()
        self.service.close()

    def _sign_history(self) -> None:
        """The history signed by this laptop's identity as the inspection closes, when its card is registered."""
        try:
            if not self.service.holds_cards():
                return  # a solo inspection: nothing to sign with, and no cryptography to load
            from desktop.laptop.first_run import laptop_identity
            from models.team.signatures import sign_inspection

            identity = laptop_identity(ask=False)  # closing never asks an identity file's passphrase
            if identity is not None:
                sign_inspection(self.service, identity)
        except FieldworkError:
            pass  # closing never fails for it: verify-audit lists the events still unsigned

    def keep_daily_backup(self) -> Path | None:
        """An encrypted backup when none was taken in the last 24 hours (checked while the file is open)."""
        from models.inspection.backups import needs_daily_backup

        if not needs_daily_backup(self.path):
            return None
        return self.service.back_up("daily")

    def back_up_now(self) -> Path:
        """An encrypted backup on request (File ▸ Back up now), kept beside the daily ones."""
        return self.service.back_up("manual")

    def backups(self) -> list[Backup]:
        """This inspection's backups, newest first, for the restore dialog."""
        from models.inspection.backups import list_backups

        return list_backups(self.path)

    def restore(self, backup: Backup) -> None:
        """Replace the file with backup; only after close(), since the file must not be open while it is swapped.

        The present file is kept as a 'before-restore' backup first (models.inspection.backups.restore_backup).
        """
        from models.inspection.backups import restore_backup

        restore_backup(backup.path, self.path, self.service.key_hex)

    def signatory(self) -> tuple[str, str]:
        """Who signs the letters: the name and role of this laptop's identity (else of the settings)."""
        from desktop.laptop.identity_store import signatory

        return signatory()

    def preview_letters(self, choice: LetterChoice) -> list[LetterPreview]:
        """The chosen letters as they would be written; nothing is written and nothing marked sent."""
        from exports.writers import preview_referral_letters

        sender, role = choice.signatory or self.signatory()
        return preview_referral_letters(self.service, cases=choice.cases or None, addressee=choice.addressee,
                                        addressee_title=choice.addressee_title, sender=sender, sender_role=role)

    def job_fields(self) -> dict[str, Any]:
        """The plain data a background job needs to open this inspection on its own (desktop.controllers.jobs)."""
        from desktop.controllers.jobs import job_base

        return job_base(self.service)

    def hold_writes(self, reason: str | None) -> None:
        """While a background job writes the file, every edit is refused with reason (FileBusy); None reopens."""
        self.service.writes_held = reason

    def redact(self) -> RedactionResult:
        """A final report's notes, concern and query texts replaced by a marker, hashes kept in the audit."""
        return self.service.redact_texts()

    def remove_backups(self) -> list[Path]:
        """The backups of this inspection removed (they hold the texts a redaction removed)."""
        from models.inspection.purge import remove_backups

        return remove_backups(self.path)

    def fieldwork_owner(self) -> str | None:
        """The inspector whose copy this is (opened from a fieldwork package), else None."""
        return self.service.fieldwork_owner()

    def exchange(self) -> ExchangeController:
        """Team work on this inspection, with this laptop's identity from the OS keyring when there is one."""
        from desktop.controllers.exchange import ExchangeController
        from desktop.laptop.first_run import laptop_identity
        from desktop.laptop.identity_store import IdentityLocked

        # allocation, moderation and agreement need no identity; packages and merges say how to get one. An
        # identity file not unlocked yet is unlocked when an action needs it (its passphrase asked once a session)
        try:
            return ExchangeController(self.service, laptop_identity(ask=False))
        except IdentityLocked:
            return ExchangeController(self.service, None, load_identity=laptop_identity)
        except FieldworkError:
            return ExchangeController(self.service, None)

    def team_work_done(self, rows: CaseListing | None = None) -> None:
        """A merge, allocation or moderation changed cases, referrals or judgements: every view reloads.

        rows: the case list already read in the background (CaseListJob), so the window does not read it again."""
        self.undo_stack.clear()  # undo entries refer to grades a merge may have replaced
        self._read_ahead = rows
        try:
            self.casesReloaded.emit()
        finally:
            self._read_ahead = None
        self.referralsChanged.emit()
        self.forceJudgementsChanged.emit()
        self.queriesChanged.emit()  # answers (or the lead's queries) came in with the package

    # -- reading --------------------------------------------------------------------------------

    def cases(self) -> list[CaseRow]:
        """Every case; while views reload after a background job, the list that job read."""
        if self._read_ahead is not None:
            return self._read_ahead.rows()
        return self.service.cases()

    def case_listing(self) -> CaseListing:
        """Every case held compactly, for the case list (a million cases); else as cases()."""
        if self._read_ahead is not None:
            return self._read_ahead
        return self.service.case_listing()

    def detail(self, ref: str) -> CaseDetail:
        return self.service.case_detail(ref)

    def my_assessment(self, detail: CaseDetail) -> AssessmentView | None:
        return next((a for a in detail.assessments if a.inspector == self.user), None)

    def referrals(self) -> list[ReferralView]:
        return self.service.referrals()

    def force_judgements(self) -> list[ForceJudgementView]:
        return self.service.force_judgements()

    def report(self) -> Report:
        return build_report(self.service.tally())

    def agreement_figures(self) -> AgreementFigures | None:
        """The agreement table exactly as the exported documents print it (exports.writers)."""
        from exports.writers import tables_agreement  # the document builders load on first use

        return tables_agreement(self.service)

    # -- writing --------------------------------------------------------------------------------

    def _refreshed(self, ref: str) -> None:
        """One read after a write: every view of the case is redrawn from this one CaseDetail."""
        self.caseUpdated.emit(self.service.case_detail(ref))

    def _apply_grade(self, ref: str, grade: str | None) -> str | None:
        before = self.service.set_grade(ref, self.user, grade)
        if before != grade:
            self._refreshed(ref)
        return before

    def _apply_concern(self, ref: str, concern: bool, summary: str) -> tuple[bool, str]:
        before = self.service.set_serious_concern(ref, self.user, concern, summary)
        if before != (concern, summary):
            self._refreshed(ref)
        return before

    def change_grade(self, ref: str, grade: str | None) -> None:
        """Grade a case as the current user; undoable. One write, one read, one caseUpdated."""
        old = self._apply_grade(ref, grade)  # applied outside the stack so a refusal raises to the caller
        if old == grade:
            return
        label = self.framework.grade(grade).label if grade else "no grade"
        self.undo_stack.push(_Applied(f"Grade {ref}: {label}", lambda: self.undoShowsCase.emit(ref),
                                      lambda: self._apply_grade(ref, grade), lambda: self._apply_grade(ref, old)))

    def _apply_topic_grade(self, ref: str, area: str, grade: str | None) -> str | None:
        before = self.service.set_topic_grade(ref, self.user, area, grade)
        if before != grade:
            self._refreshed(ref)
        return before

    def change_topic_grade(self, ref: str, area: str, grade: str | None) -> None:
        """Grade one topic (graded area) of a case as the current user; undoable like the case's grade."""
        old = self._apply_topic_grade(ref, area, grade)
        if old == grade:
            return
        label = self.framework.grade(grade).label if grade else "no grade"
        self.undo_stack.push(_Applied(f"Grade {self.framework.area(area).label} on {ref}: {label}",
                                      lambda: self.undoShowsCase.emit(ref),
                                      lambda: self._apply_topic_grade(ref, area, grade),
                                      lambda: self._apply_topic_grade(ref, area, old)))

    def change_concern(self, ref: str, concern: bool, summary: str = "") -> None:
        """Flag (or unflag) a serious concern as the current user; undoable."""
        old = self._apply_concern(ref, concern, summary)
        if old == (concern, summary):
            return
        text = f"{'Flag' if concern else 'Unflag'} serious concern on {ref}"
        self.undo_stack.push(_Applied(text, lambda: self.undoShowsCase.emit(ref),
                                      lambda: self._apply_concern(ref, concern, summary),
                                      lambda: self._apply_concern(ref, *old)))

    def save_note(self, ref: str, area: str, text: str) -> None:
        """Durable on return (the service commits with synchronous=FULL)."""
        self.service.set_note(ref, self.user, area, text)
        self.noteSaved.emit(ref, area)
        self._refreshed(ref)

    def raise_referral(self, ref: str, reason: str, summary: str, raised_on: date) -> ReferralView:
        view = self.service.raise_referral(ref, reason, summary, raised_on)
        self._refreshed(ref)
        self.referralsChanged.emit()
        return view

    def set_referral_status(self, ref: str, status: str) -> ReferralView:
        view = self.service.set_referral_status(ref, status)
        self.referralsChanged.emit()
        return view

    def record_force_response(self, ref: str, kind: str, response: str, on: date) -> ReferralView:
        view = self.service.record_force_response(ref, kind, response, on)
        self.referralsChanged.emit()
        return view

    def close_referral(self, ref: str, on: date) -> ReferralView:
        view = self.service.close_referral(ref, on)
        self.referralsChanged.emit()
        return view

    def withdraw_referral(self, ref: str, reason: str, on: date) -> ReferralView:
        """The referral leaves every count: the case list's marker and the report follow."""
        view = self.service.withdraw_referral(ref, reason, on)
        self._refreshed(ref)
        self.referralsChanged.emit()
        return view

    def _apply_force_judgement(self, area: str, grade: str | None) -> str | None:
        before = self.service.set_force_judgement(area, grade)
        if before != grade:
            self.forceJudgementsChanged.emit()
        return before

    def change_force_judgement(self, area: str, grade: str | None) -> None:
        """The inspectorate's grade for one topic across the whole force; undoable."""
        old = self._apply_force_judgement(area, grade)
        if old == grade:
            return
        label = self.framework.grade(grade).label if grade else "not judged"
        self.undo_stack.push(_Applied(f"Judge {self.framework.area(area).label} for the force: {label}",
                                      lambda: self.undoShowsForceJudgement.emit(area),
                                      lambda: self._apply_force_judgement(area, grade),
                                      lambda: self._apply_force_judgement(area, old)))

    def add_force_evidence(self, area: str, source: str, text: str) -> int:
        evidence_id = self.service.add_force_evidence(area, source, text)
        self.forceJudgementsChanged.emit()
        return evidence_id

    def edit_force_evidence(self, evidence_id: int, text: str) -> None:
        """New wording for a piece of force evidence; removing it is remove_force_evidence, never an empty edit."""
        if not text.strip():
            raise ServiceError("The evidence note is empty; remove the evidence instead.")
        self.service.edit_force_evidence(evidence_id, text)
        self.forceJudgementsChanged.emit()

    def remove_force_evidence(self, evidence_id: int) -> None:
        self.service.edit_force_evidence(evidence_id, "")  # the service removes evidence whose text is empty
        self.forceJudgementsChanged.emit()

    def preview_sample(self, path: Path, mapping: dict[str, str | None] | None = None, *,
                       values: ValueMap | None = None, options: ReadOptions | None = None) -> SamplePreview:
        return self.service.preview_sample(path, mapping, values=values, options=options)

    def preview_job(self, path: Path, mapping: dict[str, str | None] | None = None, *,
                    values: ValueMap | None = None, options: ReadOptions | None = None) -> SamplePreviewJob:
        """The wizard's reading of a sample as a background job: the whole file is read and checked."""
        from desktop.controllers.jobs import SamplePreviewJob

        return SamplePreviewJob.of(self.service, Path(path), mapping, values=values, options=options)

    def import_job(self, path: Path, mapping: dict[str, str | None] | None = None, *,
                   values: ValueMap | None = None, options: ReadOptions | None = None,
                   accepted: Collection[str] = (), gradings: bool = False) -> ImportJob:
        """A sample (or gradings) import as a background job: plain data, its own connection, all or nothing."""
        from desktop.controllers.jobs import ImportJob

        return ImportJob.of(self.service, Path(path), mapping, values=values, options=options,
                            accepted=tuple(accepted), gradings=gradings)

    def cases_imported(self) -> None:
        """An import job added cases: the case list reloads."""
        self.casesReloaded.emit()

    def load_mapping(self, path: Path) -> ImportMapping:
        return load_mapping(path)

    def save_mapping(self, path: Path, mapping: ImportMapping) -> None:
        """A force's mapping kept for its next file (written beside the target, then renamed)."""
        write_atomically(path, mapping_text(mapping))


    # -- the lead's queries on an inspector's work --------------------------------------------------

    @property
    def is_lead_copy(self) -> bool:
        """The lead's (or a solo) file, where queries are raised and closed; an inspector's copy answers them."""
        return self.fieldwork_owner() is None

    def has_team(self) -> bool:
        """A team is registered: queries can travel to inspectors in packages."""
        return self.service.holds_cards()

    def queries(self, *, include_closed: bool = True) -> list[QueryView]:
        from models.team.queries import queries

        return queries(self.service, include_closed=include_closed)

    def case_queries(self, ref: str) -> list[QueryView]:
        """The queries on one case, oldest first (read for that case alone: this runs as a case is shown)."""
        from models.team.queries import queries

        return queries(self.service, ref=ref)

    def raise_query(self, ref: str, text: str, *, inspector: str | None = None, regrade: bool = False) -> QueryView:
        """The lead's question on an inspector's work; it travels in the next package to them (audited)."""
        from models.team.queries import raise_query

        view = raise_query(self.service, ref, text, inspector=inspector, regrade=regrade)
        self._refreshed(ref)
        self.queriesChanged.emit()
        return view

    def answer_query(self, ref: str, text: str) -> QueryView:
        """The inspector's answer, in their copy; it goes back in the next return package (audited)."""
        from models.team.queries import answer_query

        view = answer_query(self.service, ref, text)
        self._refreshed(ref)
        self.queriesChanged.emit()
        return view

    def close_query(self, ref: str, inspector: str | None = None) -> QueryView:
        from models.team.queries import close_query

        view = close_query(self.service, ref, inspector=inspector)
        self._refreshed(ref)
        self.queriesChanged.emit()
        return view

    # -- checks before hand-in ------------------------------------------------------------------------

    def checks_job(self, *, whole_inspection: bool = False) -> ChecksJob:
        """The framework's checks as a background job (over 10,000 cases they take a third of a second): over
        this copy owner's work (before a return package), or over the whole inspection (before the final
        documents)."""
        from desktop.controllers.jobs import ChecksJob

        return ChecksJob(**self.job_fields(), inspector=None if whole_inspection else self.fieldwork_owner())


class _Applied(QUndoCommand):
    """An edit that was already applied when pushed: the first redo (from push) does nothing.

    Every later undo or redo first calls show, which asks the window to bring the edited case (or topic)
    into view, so the change is never made to something the user cannot see.
    """

    def __init__(self, text: str, show: Callable[[], object], redo: Callable[[], object],
                 undo: Callable[[], object]) -> None:
        super().__init__(text)
        self._show, self._redo, self._undo = show, redo, undo
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self._show()
            self._redo()
        self._pushed = True

    def undo(self) -> None:
        self._show()
        self._undo()
