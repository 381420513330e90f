"""The bundled demo inspection: synthetic cases whose tables equal the published Gloucestershire 2017 report."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from models.inspection.services import InspectionService

DEMO_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo"
DEMO_PASSPHRASE = "demo orchard lantern violet 2017"
DEMO_FORCE = "Gloucestershire Constabulary"
DEMO_DATES = (date(2017, 2, 6), date(2017, 2, 17))  # the fieldwork, as the report's cover gives it


def create_demo(path: Path | str, passphrase: str = DEMO_PASSPHRASE, actor: str = "demo", *,
                answered: bool = True) -> InspectionService:
    """Create the demo inspection at path: the 89-case sample, its gradings and, if answered, the force's
    response to every referral (as at the report's publication)."""
    service = InspectionService.create(path, passphrase, force_name=DEMO_FORCE, actor=actor,
                                       framework="ncpi-2017", force_term="constabulary",
                                       chief_officer="Assistant Chief Constable",
                                       dates=DEMO_DATES)
    try:
        service.import_sample(DEMO_DIR / "sample.csv")
        service.import_gradings(DEMO_DIR / "gradings.csv")
        # the report says the constabulary responded to every referral: an updated assessment or action
        for number, referral in enumerate(service.referrals() if answered else ()):
            kind = ("updated-assessment", "action-taken")[number % 2]
            service.record_force_response(referral.case_ref, kind, "Response received from the constabulary.",
                                          on=DEMO_DATES[1] + timedelta(days=7 + number))
    except Exception:
        service.close()
        raise
    return service
