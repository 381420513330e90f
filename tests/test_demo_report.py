"""The demo inspection must reproduce the published Gloucestershire 2017 report exactly."""

from __future__ import annotations

import json

from desktop.main import main
from exports.report import build_report, to_json_dict
from models.inspection.demo import DEMO_PASSPHRASE

REFERENCE_BY_TYPE = {
    3: ("Cases assessed involving enquiries under section 47 of the Children Act 1989",
        "Enquiries under section 47 of the Children Act 1989", [2, 7, 4]),
    4: ("Cases assessed involving referrals relating to domestic abuse incidents or crimes",
        "Cases relating to domestic abuse incidents", [2, 9, 1]),
    5: ("Cases assessed involving referrals arising from incidents other than domestic abuse",
        "Referrals arising from incidents other than domestic abuse", [3, 3, 4]),
    6: ("Cases assessed involving children at risk from child sexual exploitation",
        "Cases involving children at risk of child sexual exploitation both online and offline", [3, 11, 8]),
    7: ("Cases assessed involving missing and absent children", "Cases involving missing and absent children",
        [1, 5, 4]),
    8: ("Cases assessed involving children taken to a place of safety under section 46 of the Children Act 1989",
        "Children taken to a place of safety by police officers using section 46 of the Children Act 1989 powers",
        [0, 3, 3]),
    9: ("Cases assessed involving sex offender management where children have been assessed as at risk from the "
        "person being managed",
        "Sex offender management where children have been assessed as at risk from the person being managed",
        [1, 3, 2]),
    10: ("Cases assessed involving children detained in police custody", "Cases involving children in police custody",
         [2, 5, 3]),
}
REFERENCE_ANNEX = [
    ("At risk of sexual exploitation", 4), ("Child in custody", 3), ("Child protection enquiry (s. 47)", 4),
    ("Domestic abuse", 5),
    ("General concerns with a child where a referral to children's social care services was made", 5),
    ("Missing children", 3), ("Police protection", 3), ("Online sexual abuse", 3), ("Sex offender enquiry", 3),
]
# Chapter 4's numeric paragraphs and the Summary's sentence, copied from the published report (footnote marks
# dropped, as the tables' captions drop them).
REFERENCE_PARAGRAPHS = [
    "To determine how well Gloucestershire Constabulary deals with specific cases, HMIC asked the constabulary "
    "to self-assess the effectiveness of its practice in 33 child protection cases. The constabulary used HMIC "
    "criteria to grade the practice in each case as 'good', 'requiring improvement' or 'inadequate'.",
    "The constabulary's assessors graded practice in 28 of the cases as good and as requiring improvement in 5. "
    "In none of the cases was practice considered to be inadequate.",
    "HMIC also assessed these cases; grading the force's practice in 6 as good, as requiring improvement in 16 "
    "and as inadequate in 11. HMIC selected and examined a further 56 cases; practice in 8 was assessed as good, "
    "in 30 as requiring improvement and in 18 as inadequate.",
    "HMIC referred 14 cases back to the constabulary because they were considered to contain evidence of a "
    "serious problem – for example, a failure to follow child protection procedures and/or a child at immediate "
    "risk of significant harm. The constabulary responded to the referrals by providing an updated assessment or "
    "taking action relevant to the respective problems identified.",
    "This is supported by HMIC's audit of case files: inspectors examined a total of 89 cases, of which 14 were "
    "'good', and 75 either 'required improvement' or 'inadequate'.",
]


def test_demo_tables_equal_the_published_report(demo) -> None:
    data = to_json_dict(build_report(demo.tally()))
    assert data["table1"] == {
        "caption": "Table 1: Cases assessed by both Gloucestershire Constabulary and HMIC",
        "columns": ["Good", "Requiring improvement", "Inadequate"],
        "rows": [{"label": "Constabulary assessment", "counts": [28, 5, 0]},
                 {"label": "HMIC assessment", "counts": [6, 16, 11]}],
    }
    assert data["table2"] == {
        "caption": "Table 2: Additional cases assessed only by HMIC",
        "columns": ["Good", "Requiring improvement", "Inadequate"],
        "rows": [{"label": "HMIC assessment", "counts": [8, 30, 18]}],
    }
    assert [(t["number"], t["caption"], t["row_label"], t["counts"]) for t in data["by_type"]] == [
        (n, f"Table {n}: {caption}", label, counts) for n, (caption, label, counts) in REFERENCE_BY_TYPE.items()
    ]
    assert [(a["case_type"], a["count"]) for a in data["annex"]] == REFERENCE_ANNEX
    assert data["referred_back"] == 14
    assert data["total"] == 89
    assert data["inspection"]["provisional"] is False


def test_demo_narrative_equals_the_published_sentences(demo) -> None:
    assert list(build_report(demo.tally()).narrative) == REFERENCE_PARAGRAPHS


def test_cli_json_of_the_demo(tmp_path, capsys, monkeypatch) -> None:
    path = tmp_path / "demo.fieldwork"
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["demo", str(path)]) == 0
    capsys.readouterr()
    assert main(["tables", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["table1"]["rows"][1]["counts"] == [6, 16, 11]
    assert data["table2"]["rows"][0]["counts"] == [8, 30, 18]
    assert data["narrative"] == REFERENCE_PARAGRAPHS
