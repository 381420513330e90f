"""Plain data every published document carries: where it came from, and the optional agreement figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from models.inspection.records import InspectionInfo

# Tables hold only aggregate numbers; letters and evidence packs name cases.
TABLES_MARKING = "OFFICIAL"
CASE_MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class Provenance:
    """The footer of every page: which inspection, generated when, from which merged packages."""

    inspection_id: str
    force_name: str
    framework_name: str
    generated_at: datetime
    provisional: bool = False
    packages: tuple[str, ...] = ()  # descriptions of the merged return packages, when there are any
    inspectorate: str = ""  # who writes the report: the document's author

    @property
    def author(self) -> str:
        return self.inspectorate or self.force_name

    def lines(self) -> list[str]:
        lines = [f"{self.force_name} · inspection {self.inspection_id}",
                 f"{self.framework_name} · generated {self.generated_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"]
        if self.provisional:  # before the packages: a cramped footer must never lose it
            lines.append("PROVISIONAL: cases are ungraded or awaiting moderation")
        if self.packages:
            lines.append("Merged packages: " + "; ".join(self.packages))
        return lines


def provenance_for(info: InspectionInfo, *, provisional: bool, packages: Sequence[str] = (),
                   generated_at: datetime | None = None, inspectorate: str = "") -> Provenance:
    """Provenance of a document generated now (or at a given time, for reproducible tests)."""
    return Provenance(info.id, info.force_name, info.framework_name, generated_at or datetime.now(UTC),
                      provisional, tuple(packages), inspectorate)


@dataclass(frozen=True)
class AgreementFigures:
    """Inter-grader agreement as the report prints it; computed elsewhere (models/team/agreement.py)."""

    caption: str
    columns: tuple[str, ...]  # e.g. ("Measure", "Value")
    rows: tuple[tuple[str, ...], ...]  # text cells, already formatted
    note: str = ""
