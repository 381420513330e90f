"""The lead's review loop: a query raised on the lead's file travels to the inspector, is answered there with a
changed grade, comes back in the return package and is closed; merged in any order, and twice, alike."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.main import main
from models.inspection.tables import AuditEvent
from models.team.queries import queries
from tests.exchange.builders import PASSPHRASE, reopen

SAMPLE = ("case_ref,case_type,sample,force_grade\nQ1,s47,inspectorate-selected,\nQ2,Domestic abuse,"
          "inspectorate-selected,\nQ3,missing,inspectorate-selected,\n")
ANN = "Ann Archer"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(output: str) -> str:
    return re.search(r"Fingerprint.*: ([0-9A-F-]{24})", output).group(1)  # type: ignore[union-attr]


def state(path: Path) -> tuple[object, ...]:
    with reopen(path) as lead:
        grades = {ref: lead.case(ref).grade for ref in ("Q1", "Q2", "Q3")}
        found = [(q.case_ref, q.inspector, q.text, q.regrade, q.answer, q.answered_by, q.status)
                 for q in queries(lead)]
    return grades, found


def test_a_query_goes_to_the_inspector_and_comes_back_answered(tmp_path: Path, capsys,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_IDENTITY_PASSPHRASE", "identity passphrase for tests 7")
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)
    lead_file, ann_file, ann_id = tmp_path / "lead.fieldwork", tmp_path / "ann.fieldwork", tmp_path / "ann.identity"
    lead_fp = fingerprint(run(capsys, "identity", "new", "--name", "Lena Lead", "--role", "lead",
                              "--card-out", tmp_path / "lead.card")[1])
    ann_fp = fingerprint(run(capsys, "identity", "new", "--name", ANN, "--card-out", tmp_path / "ann.card",
                             "--identity-file", ann_id)[1])
    (tmp_path / "sample.csv").write_text(SAMPLE, encoding="utf-8")
    assert run(capsys, "new", lead_file, "--force", "Testshire Police")[0] == 0
    assert run(capsys, "import-sample", lead_file, tmp_path / "sample.csv")[0] == 0
    for card, fp in (("lead.card", lead_fp), ("ann.card", ann_fp)):
        assert run(capsys, "team", "add", lead_file, tmp_path / card, "--fingerprint", fp)[0] == 0
    assert run(capsys, "allocate", lead_file, "--round-robin", ANN)[0] == 0
    assert run(capsys, "export-fieldwork", lead_file, "--inspector", ANN, "-o", tmp_path / "ann.pkg")[0] == 0
    assert run(capsys, "open-fieldwork", tmp_path / "ann.pkg", "-o", ann_file, "--lead-card", tmp_path / "lead.card",
               "--lead-fingerprint", lead_fp, "--identity-file", ann_id)[0] == 0

    with reopen(ann_file, ANN) as own:
        for ref, grade in (("Q1", "good"), ("Q2", "requires-improvement"), ("Q3", "inadequate")):
            own.set_grade(ref, ANN, grade)
            own.set_note(ref, ANN, "overall", f"Evidence for {ref}.")
    assert run(capsys, "export-return", ann_file, "-o", tmp_path / "ann-1.ret", "--identity-file", ann_id)[0] == 0
    assert run(capsys, "merge", lead_file, tmp_path / "ann-1.ret")[0] == 0
    before_query = tmp_path / "lead-before-query.fieldwork"
    shutil.copyfile(lead_file, before_query)

    # The lead queries Q2 and asks for a re-grade; only the lead may.
    code, out, _ = run(capsys, "query", lead_file, "Q2", "--regrade", "The strategy discussion came a week late;",
                       "is this really requiring improvement?")
    assert code == 0
    assert out.splitlines()[0] == ("Q2             open     to Ann Archer: The strategy discussion came a week "
                                   "late; is this really requiring improvement? [please re-grade]")
    code, _, err = run(capsys, "query", lead_file, "Q2", "Another question.")
    assert code == 1 and "already has an open query to Ann Archer" in err
    code, _, err = run(capsys, "query", ann_file, "Q1", "Why?")
    assert code == 1 and "only the lead raises queries" in err
    with reopen(lead_file) as lead:
        assert lead.case("Q2").queries == 1 and lead.case("Q1").queries == 0

    code, out, _ = run(capsys, "export-queries", lead_file, "--inspector", ANN, "-o", tmp_path / "q.pkg")
    assert code == 0 and "1 query(ies)" in out
    code, out, _ = run(capsys, "open-queries", ann_file, tmp_path / "q.pkg", "--identity-file", ann_id)
    assert code == 0 and out == "1 query(ies) from the lead taken in.\n"
    code, out, _ = run(capsys, "open-queries", ann_file, tmp_path / "q.pkg", "--identity-file", ann_id)
    assert code == 0 and out.startswith("Nothing new")

    # Unanswered, the query stops the hand-in.
    code, out, _ = run(capsys, "checks", ann_file)
    assert code == 1
    assert out.splitlines() == ["BLOCKS  Q2: the lead's query to Ann Archer has not been answered.",
                                "1 check(s) block the hand-in of Ann Archer's work, 0 warn."]
    code, out, err = run(capsys, "export-return", ann_file, "-o", tmp_path / "refused.ret", "--identity-file", ann_id)
    assert code == 1 and "1 check(s) stop the hand-in" in err and "Q2" not in err
    assert "BLOCKS  Q2: the lead's query" in out and not (tmp_path / "refused.ret").exists()

    with reopen(ann_file, ANN) as own:
        own.set_grade("Q2", ANN, "inadequate")
    code, out, _ = run(capsys, "answer", ann_file, "Q2", "Agreed: the delay left the child at risk; re-graded",
                       "inadequate.")
    assert code == 0 and "answered" in out
    code, out, _ = run(capsys, "export-return", ann_file, "-o", tmp_path / "ann-2.ret", "--identity-file", ann_id)
    assert code == 0 and "revision 2" in out

    code, out, _ = run(capsys, "merge", lead_file, tmp_path / "ann-2.ret")
    assert code == 0 and "1 answer(s) to your queries" in out
    grades, found = state(lead_file)
    assert grades == {"Q1": "good", "Q2": "inadequate", "Q3": "inadequate"}
    assert found == [("Q2", ANN, "The strategy discussion came a week late; is this really requiring improvement?",
                      True, "Agreed: the delay left the child at risk; re-graded inadequate.", ANN, "answered")]
    # Merged again, in either order, nothing changes.
    code, out, _ = run(capsys, "merge", lead_file, tmp_path / "ann-2.ret", tmp_path / "ann-1.ret")
    assert code == 0 and "1 answer(s)" not in out and state(lead_file) == (grades, found)

    assert run(capsys, "close-query", lead_file, "Q2")[0] == 0
    code, out, _ = run(capsys, "queries", lead_file, "--open")
    assert code == 0 and out == "0 query(ies): 0 awaiting an answer, 0 answered and not yet closed.\n"
    with reopen(lead_file) as lead:
        assert lead.case("Q2").queries == 0
        assert lead.verify_audit().ok
        with lead.read() as session:
            actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.entity == "query"))]
    assert actions == ["raise-query", "merge-query-answer", "close-query"]

    # The query itself never reached this older copy: its answer is refused rather than attached to nothing.
    code, _, err = run(capsys, "merge", before_query, tmp_path / "ann-2.ret")
    assert code == 1 and "an answer to a query never sent to Ann Archer" in err


def test_answers_from_two_copies_merge_alike_in_either_order(tmp_path: Path) -> None:
    from models.team.allocation import allocate
    from models.team.exchange import (
        export_fieldwork,
        export_queries,
        export_return,
        open_fieldwork,
        open_queries,
    )
    from models.team.merge import merge_packages
    from models.team.queries import answer_query, raise_query
    from tests.exchange.builders import copy_inspection, lead_inspection, make_team

    team = make_team((ANN,))
    ann = team.inspectors[ANN]
    lead = lead_inspection(tmp_path / "lead.fieldwork", team)
    allocate(lead, {"DEMO-0001": [ANN]})
    first = open_fieldwork(export_fieldwork(lead, team.lead, ANN).data, ann, team.lead.card,
                           tmp_path / "ann-a.fieldwork", PASSPHRASE)
    first.set_grade("DEMO-0001", ANN, "good")
    first.set_note("DEMO-0001", ANN, "overall", "Seen the log.")
    merge_packages(lead, team.lead, [("a-1", export_return(first, ann).data)])
    raise_query(lead, "DEMO-0001", "Was the child seen alone?")
    # a second copy from a package made after the query carries it; the first copy gets it in a queries package
    second = open_fieldwork(export_fieldwork(lead, team.lead, ANN).data, ann, team.lead.card,
                            tmp_path / "ann-b.fieldwork", PASSPHRASE)
    assert [q.text for q in queries(second)] == ["Was the child seen alone?"]
    assert open_queries(first, ann, export_queries(lead, team.lead, ANN).data) == 1
    answer_query(first, "DEMO-0001", "Yes, twice.")
    answer_query(second, "DEMO-0001", "Yes, on both visits.")  # later: this one stands
    returns = [("a-2", export_return(first, ann).data), ("b-1", export_return(second, ann).data)]
    for copy in (first, second):
        copy.close()
    one = copy_inspection(lead, tmp_path / "one.fieldwork")
    other = tmp_path / "other.fieldwork"
    other.write_bytes(one.read_bytes())
    lead.close()
    results = []
    for path, order in ((one, returns), (other, returns[::-1])):
        with reopen(path) as service:
            merge_packages(service, team.lead, order)
            merge_packages(service, team.lead, order)  # again: nothing changes
            results.append([(q.answer, q.answered_by, q.status) for q in queries(service)])
    assert results[0] == results[1] == [("Yes, on both visits.", ANN, "answered")]
