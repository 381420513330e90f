"""Shared builders for the exchange tests: a lead, a team of three, the demo sample, table dumps."""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlmodel import SQLModel

from models.inspection.demo import DEMO_DIR
from models.inspection.services import InspectionService
from models.team.allocation import register_member
from models.team.exchange import export_fieldwork
from models.team.identity import Identity

PASSPHRASE = "river cobalt meadow ticket 42"
INSPECTORS = ("Ann Archer", "Ben Bishop", "Cat Carter")


@dataclass
class Team:
    lead: Identity
    inspectors: dict[str, Identity]


# Work handed in whatever the checks before hand-in say: these tests are about the exchange, not the checks.
HANDED_IN_AS_IS = "test: exchange without the hand-in checks"


def make_team(names: tuple[str, ...] = INSPECTORS) -> Team:
    return Team(Identity.generate("Lena Lead", "lead"), {n: Identity.generate(n) for n in names})


def lead_inspection(path: Path, team: Team) -> InspectionService:
    """The demo-sized inspection (89 cases of the demo sample, ungraded) with the team registered."""
    service = InspectionService.create(path, PASSPHRASE, force_name="Gloucestershire Constabulary",
                                       actor="Lena Lead", force_term="constabulary")
    service.import_sample(DEMO_DIR / "sample.csv")
    for identity in (team.lead, *team.inspectors.values()):
        register_member(service, identity.card, identity.card.fingerprint.lower().replace("-", " "))
    return service


def demo_grades(service: InspectionService) -> dict[str, str]:
    """The demo's grade for every case: what the published report's tables imply."""
    with open(DEMO_DIR / "gradings.csv", newline="", encoding="utf-8") as handle:
        return {row["case_ref"]: service.framework.match_grade(row["grade"]) for row in csv.DictReader(handle)}


def other_grade(grade: str, keys: tuple[str, ...]) -> str:
    return keys[(keys.index(grade) + 1) % len(keys)]


def fieldwork_packages(service: InspectionService, team: Team) -> dict[str, bytes]:
    return {name: export_fieldwork(service, team.lead, name).data for name in team.inspectors}


def reopen(path: Path, actor: str = "Lena Lead") -> InspectionService:
    return InspectionService.open(path, actor=actor, passphrase=PASSPHRASE)


def copy_inspection(service: InspectionService, target: Path) -> Path:
    """Close the file (checkpointing its WAL) and copy it."""
    path = service.path
    service.close()
    shutil.copyfile(path, target)
    return target


def dump_all(service: InspectionService) -> dict[str, list[tuple]]:
    """Every row of every table, every column: 'byte-for-byte unchanged in its data'."""
    out: dict[str, list[tuple]] = {}
    with service.db.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in connection.execute(
                text(f"SELECT * FROM {table.name} ORDER BY 1")).all()]
    return out


def dump_content(service: InspectionService) -> dict[str, list[tuple]]:
    """What a merge decides, without row ids and timestamps: for comparing merges done in different orders."""
    queries = {
        "cases": "SELECT ref, case_type, sample, force_grade, grade, moderated, disagreement, allocated_to "
                 "FROM case_file ORDER BY ref",
        "assessments": "SELECT c.ref, a.inspector, a.grade, a.serious_concern, a.concern_summary FROM assessment a "
                       "JOIN case_file c ON c.id = a.case_id ORDER BY c.ref, a.inspector",
        "notes": "SELECT c.ref, a.inspector, n.area, n.text FROM evidence_note n JOIN assessment a "
                 "ON a.id = n.assessment_id JOIN case_file c ON c.id = a.case_id ORDER BY 1, 2, 3",
        "topics": "SELECT c.ref, a.inspector, t.area, t.grade FROM topic_grade t JOIN assessment a "
                  "ON a.id = t.assessment_id JOIN case_file c ON c.id = a.case_id ORDER BY 1, 2, 3",
        "referrals": "SELECT c.ref, r.reason, r.summary, r.raised_on, r.raised_by, r.status FROM referral r "
                     "JOIN case_file c ON c.id = r.case_id ORDER BY 1",
        "moderation": "SELECT c.ref, m.status, m.grades, m.agreed_grade, m.rationale FROM moderation_item m "
                      "JOIN case_file c ON c.id = m.case_id WHERE m.status != 'withdrawn' ORDER BY 1",
        "conflicts": "SELECT field_key, base, candidates, status, chosen FROM merge_conflict ORDER BY 1",
        "received": "SELECT package_id, sender, copy_id, revision, sha256 FROM received_package ORDER BY 1",
    }
    with service.db.engine.connect() as connection:
        return {name: [tuple(r) for r in connection.execute(text(sql)).all()] for name, sql in queries.items()}
