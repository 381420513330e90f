"""The bundled demo inspection: synthetic cases whose tables equal the published Gloucestershire 2017 report."""

from __future__ import annotations

from pathlib import Path

from models.inspection.services import InspectionService

DEMO_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo"
DEMO_PASSPHRASE = "demo orchard lantern violet 2017"
DEMO_FORCE = "Gloucestershire Constabulary"


def create_demo(path: Path | str, passphrase: str = DEMO_PASSPHRASE, actor: str = "demo") -> InspectionService:
    """Create the demo inspection at path: the 89-case sample and its gradings."""
    service = InspectionService.create(path, passphrase, force_name=DEMO_FORCE, actor=actor,
                                       framework="ncpi-2017", force_term="constabulary",
                                       chief_officer="Assistant Chief Constable, chief officer lead for child protection")
    try:
        service.import_sample(DEMO_DIR / "sample.csv")
        service.import_gradings(DEMO_DIR / "gradings.csv")
    except Exception:
        service.close()
        raise
    return service
