"""The 2024 programme end to end in the models and documents: topics graded per case and for the force, through
the service, a team's packages and every document."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from exports.report import build_report, to_csv, to_json_dict, to_text
from exports.writers import write_evidence_pack, write_tables
from models.errors import ServiceError
from models.inspection.services import InspectionService
from models.team.allocation import register_member, round_robin
from models.team.exchange import export_fieldwork, export_return, open_fieldwork
from models.team.identity import Identity
from models.team.merge import merge_packages
from tests.exchange.builders import HANDED_IN_AS_IS
from tests.exports.readback import pdf_text

PASSPHRASE = "harbour copper willow gate 24"
TOPICS = ("leadership", "partnership-working", "initial-response", "risk-assessment-and-referral", "investigation")


def _sample(path: Path, cases: int) -> Path:
    rows = ["case_ref,case_type,sample"] + [f"NY-{i:03},{('DA', 'Missing', 'S47')[i % 3]},inspectorate-selected"
                                            for i in range(1, cases + 1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def topical(tmp_path: Path) -> InspectionService:
    service = InspectionService.create(tmp_path / "ny.fieldwork", PASSPHRASE, force_name="North Yorkshire Police",
                                       actor="lead", framework="ncpi-2024")
    service.import_sample(_sample(tmp_path / "sample.csv", 6))
    yield service
    service.close()


def _grade_cases(service: InspectionService) -> None:
    # six cases: leadership good, good, adequate, requires improvement, inadequate, inadequate; investigation
    # graded on the first three only
    for i, grade in enumerate(("Good", "good", "Adequate", "RI", "Inadequate", "inadequate"), 1):
        service.set_topic_grade(f"NY-{i:03}", "Ann", "leadership", grade)
    for i in (1, 2, 3):
        service.set_topic_grade(f"NY-{i:03}", "Ann", "investigation", "Requires improvement")
    service.set_force_judgement("leadership", "Adequate")
    service.set_force_judgement("investigation", "Inadequate")
    service.set_force_judgement("partnership-working", "Requires improvement")
    service.add_force_evidence("leadership", "interview", "Chief officer lead interviewed on day 2.")


def test_topic_grades_per_case_and_force_judgements_make_the_tables(topical: InspectionService) -> None:
    _grade_cases(topical)
    tally = topical.tally()
    assert [t.area for t in tally.topics] == list(TOPICS)
    columns = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
    assert tally.grade_headings == columns
    by_topic = {t.area: t.counts for t in tally.topics}
    assert by_topic["leadership"] == (0, 2, 1, 1, 2)
    assert by_topic["investigation"] == (0, 0, 0, 3, 0)
    assert by_topic["partnership-working"] == (0, 0, 0, 0, 0)
    assert tally.graded == 6 and not tally.provisional  # no overall case grade: a topic grade counts
    report = build_report(tally)
    judgements, topics = report.tables[0], report.tables[1]
    assert judgements.title == ("Table 1: Graded judgments: how good North Yorkshire Police is at safeguarding "
                                "children who are at risk")
    assert [(r.label, r.counts) for r in judgements.rows] == [
        ("Leadership", ("Adequate",)), ("Partnership working", ("Requires improvement",)),
        ("Initial response", ("Not yet judged",)), ("Risk assessment and referral", ("Not yet judged",)),
        ("Investigation", ("Inadequate",))]
    assert topics.columns == columns
    assert (topics.rows[0].label, topics.rows[0].counts) == ("Leadership", (0, 2, 1, 1, 2))
    data = to_json_dict(report)
    assert "table1" not in data and "annex" not in data  # no self-assessment in this programme
    assert [t["kind"] for t in data["tables"]] == ["force-judgements", "topics", "referrals-by-type",
                                                  "referrals-by-reason", "referral-outcomes"]
    assert list(report.narrative[:2]) == [
        "Our inspection assessed how good North Yorkshire Police is at safeguarding children who are at risk. "
        "HMICFRS graded the force's performance across three areas. It found the force was 'adequate' in one "
        "area, 'requires improvement' in one area and 'inadequate' in one area.",
        "Inspectors audited 6 child protection cases.",
    ]
    assert "Leadership" in to_text(report) and "Requires improvement" in to_csv(report)
    judged = topical.force_judgements()
    assert [j.grade for j in judged] == ["adequate", "requires-improvement", None, None, "inadequate"]
    assert judged[0].evidence[0].source == "interview"


def test_graders_who_disagree_on_a_topic_leave_the_tables_provisional(topical: InspectionService) -> None:
    topical.set_topic_grade("NY-001", "Ann", "leadership", "Good")
    topical.set_topic_grade("NY-001", "Ben", "leadership", "Inadequate")
    tally = topical.tally()
    assert tally.open_moderation == 1 and tally.provisional
    assert tally.topics[0].counts == (0, 0, 0, 0, 0)



def test_the_case_list_says_how_many_topics_each_case_has_settled(topical: InspectionService) -> None:
    topical.set_topic_grade("NY-001", "Ann", "leadership", "Good")
    topical.set_topic_grade("NY-001", "Ann", "investigation", "Adequate")
    topical.set_topic_grade("NY-001", "Ben", "investigation", "Adequate")
    topical.set_topic_grade("NY-002", "Ann", "leadership", "Good")
    topical.set_topic_grade("NY-002", "Ben", "leadership", "Inadequate")
    rows = {r.ref: r for r in topical.cases()}
    assert (rows["NY-001"].topics_graded, rows["NY-001"].topics_disagreement) == (2, False)
    assert (rows["NY-002"].topics_graded, rows["NY-002"].topics_disagreement) == (0, True)
    assert (rows["NY-003"].topics_graded, rows["NY-003"].topics_disagreement) == (0, False)
    # one case read alone, or with its detail, says the same as the list
    for ref in ("NY-001", "NY-002", "NY-003"):
        assert topical.case(ref) == rows[ref]
        assert topical.case_detail(ref).case == rows[ref]

def test_a_topic_grade_must_be_a_grade_of_a_graded_area(topical: InspectionService) -> None:
    with pytest.raises(ServiceError, match="'Excellent' is not a grade of National child protection inspections"):
        topical.set_topic_grade("NY-001", "Ann", "leadership", "Excellent")
    with pytest.raises(ServiceError, match="'other' is not a graded area"):
        topical.set_topic_grade("NY-001", "Ann", "other", "Good")
    with pytest.raises(ServiceError, match="not a topic .* judges for the whole force"):
        topical.set_force_judgement("other", "Good")
    assert topical.set_topic_grade("NY-001", "Ann", "leadership", "Good") is None
    assert topical.set_topic_grade("NY-001", "Ann", "leadership", None) == "good"  # cleared, and said so


def test_every_document_carries_the_topic_tables(topical: InspectionService, tmp_path: Path) -> None:
    _grade_cases(topical)
    pdf = pdf_text(write_tables(topical, "pdf", tmp_path / "t.pdf").read_bytes())
    assert "graded by topic" in pdf and "Risk assessment and referral" in pdf and "Not yet judged" in pdf
    docx = Document(str(write_tables(topical, "docx", tmp_path / "t.docx")))
    cells = {c.text for table in docx.tables for row in table.rows for c in row.cells}
    assert {"Leadership", "Adequate", "Requires improvement", "Investigation"} <= cells
    book = load_workbook(write_tables(topical, "xlsx", tmp_path / "t.xlsx"))
    values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "Partnership working" in values and "Not yet judged" in values
    csv = write_tables(topical, "csv", tmp_path / "t.csv").read_text(encoding="utf-8")
    assert "Leadership,0,2,1,1,2" in csv
    pack = pdf_text(write_evidence_pack(topical, "NY-001", tmp_path / "pack.pdf").read_bytes())
    assert "Leadership Good" in pack  # the topic grade in its own column, not in a note


def test_topic_grades_travel_in_packages_and_merge(tmp_path: Path) -> None:
    lead_id, ann_id = Identity.generate("Lena Lead", "lead"), Identity.generate("Ann Archer")
    lead = InspectionService.create(tmp_path / "lead.fieldwork", PASSPHRASE, force_name="North Yorkshire Police",
                                    actor="Lena Lead", framework="ncpi-2024")
    try:
        lead.import_sample(_sample(tmp_path / "sample.csv", 3))
        for identity in (lead_id, ann_id):
            register_member(lead, identity.card, identity.card.fingerprint.lower().replace("-", " "))
        round_robin(lead, ["Ann Archer"])
        package = export_fieldwork(lead, lead_id, "Ann Archer").data
        with open_fieldwork(package, ann_id, lead_id.card, tmp_path / "ann.fieldwork", PASSPHRASE) as own:
            own.set_topic_grade("NY-002", "Ann Archer", "investigation", "Inadequate")
            own.set_note("NY-002", "Ann Archer", "investigation", "No strategy discussion held.")
            returned = export_return(own, ann_id, override_checks=HANDED_IN_AS_IS).data
        merge_packages(lead, lead_id, [("Ann Archer", returned)])
        detail = lead.case_detail("NY-002")
        assert detail.assessments[0].topic_grades == {"investigation": "inadequate"}
        assert detail.assessments[0].notes == {"investigation": "No strategy discussion held."}
        assert {t.area: t.counts for t in lead.tally().topics}["investigation"] == (0, 0, 0, 0, 1)
    finally:
        lead.close()
