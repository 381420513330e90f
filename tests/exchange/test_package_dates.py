"""An inspector's copy carries the lead's fieldwork dates, so its documents give the inspection's year, not the
year the package was opened."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from exports.report import build_report, to_json_dict
from models.team.allocation import round_robin
from models.team.exchange import export_fieldwork, open_fieldwork
from tests.exchange.builders import PASSPHRASE, lead_inspection, make_team


def test_the_inspectors_copy_has_the_leads_dates_and_year(tmp_path: Path) -> None:
    team = make_team(("Ann Archer",))
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    try:
        lead.set_dates(date(2017, 2, 6), date(2017, 2, 17))
        round_robin(lead, ["Ann Archer"])
        package = export_fieldwork(lead, team.lead, "Ann Archer").data
    finally:
        lead.close()
    ann = team.inspectors["Ann Archer"]
    with open_fieldwork(package, ann, team.lead.card, tmp_path / "ann.fieldwork", PASSPHRASE) as own:
        info = own.info()
        assert (info.start_date, info.end_date, info.year) == ("2017-02-06", "2017-02-17", 2017)
        assert to_json_dict(build_report(own.tally()))["inspection"]["year"] == 2017
