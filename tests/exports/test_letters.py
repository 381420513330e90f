"""Referral-back letters: one PDF per referral and a combined PDF, from the editable template; sent is recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.main import main
from exports.letters import COMBINED_NAME, LETTERS_DIR, LetterTemplate, letter_file_name
from exports.writers import write_referral_letters
from models.errors import FieldworkError
from models.inspection.demo import DEMO_PASSPHRASE
from tests.exports.readback import embedded_fonts, pdf_pages, pdf_text

LETTER_DAY = date(2026, 11, 26)


def test_demo_letters_one_per_referral_and_combined(demo, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    out.mkdir()
    referrals = demo.referrals()
    assert len(referrals) == 14
    written = write_referral_letters(demo, out, letter_date=LETTER_DAY, sender="Ann Archer",
                                     sender_role="Lead inspector")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [letter_file_name(r.case_ref) for r in referrals] + [COMBINED_NAME])
    assert written[-1] == out / COMBINED_NAME
    reasons = {r.key: r.label for r in demo.framework.referral_reasons}
    for referral in referrals:
        data = (out / letter_file_name(referral.case_ref)).read_bytes()
        text = pdf_text(data)
        case_type = demo.framework.case_type(referral.case_type).label
        for expected in ("Assistant Chief Constable Gloucestershire Constabulary", "Dear Assistant Chief Constable,",
                         "Ann Archer Lead inspector HMIC", "26 November 2026",
                         f"Referral of case {referral.case_ref}: {reasons[referral.reason]}",
                         f"case {referral.case_ref} ({case_type})", referral.summary,
                         "Please reply by 24 December 2026", "OFFICIAL-SENSITIVE", "Page 1 of 1"):
            assert expected in text, expected
        assert "PROVISIONAL" not in text  # the tables' mark, never a letter's
        assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded_fonts(data)
    combined = pdf_pages(out / COMBINED_NAME)
    assert len(combined) == 14
    for page, referral in zip(combined, referrals, strict=True):
        assert f"Referral of case {referral.case_ref}" in page
        assert "OFFICIAL-SENSITIVE" in page


def test_generating_letters_records_letter_sent_audited(demo_awaiting_letters, tmp_path: Path) -> None:
    demo = demo_awaiting_letters
    demo.record_force_response(demo.referrals()[0].case_ref, "action-taken", "Strategy meeting held.")
    write_referral_letters(demo, tmp_path, letter_date=LETTER_DAY, due_days=14, sender="A. Lead")
    statuses = [r.status for r in demo.referrals()]
    assert statuses[0] == "responded"  # a re-sent letter never moves an answered referral backwards
    assert statuses[1:] == ["letter-sent"] * 13
    verdict = demo.verify_audit()
    assert verdict.ok
    from models.inspection.letters import referral_history

    history = referral_history(demo, demo.referrals()[1].case_ref)
    assert [e.action for e in history] == ["raise referral", "send letter"]
    assert "sent on: 2026-11-26" in history[-1].detail and "due on: 2026-12-10" in history[-1].detail
    assert "signed by: A. Lead" in history[-1].detail
    assert history[-1].actor == "lead"
    referral = demo.referrals()[1]
    assert (referral.letter_sent_on, referral.due_on) == ("2026-11-26", "2026-12-10")


def test_one_case_only_and_options(demo_awaiting_letters, tmp_path: Path) -> None:
    demo = demo_awaiting_letters
    ref = demo.referrals()[2].case_ref
    written = write_referral_letters(demo, tmp_path, case=ref, letter_date=LETTER_DAY, due_days=7,
                                     addressee="Jane Smith", addressee_title="Chief Constable",
                                     request="Send us the strategy meeting minutes.", sender="A. Lead")
    assert [p.name for p in written] == [letter_file_name(ref), COMBINED_NAME]
    text = pdf_text(written[0])
    for expected in ("Jane Smith Chief Constable Gloucestershire Constabulary", "Dear Jane Smith,",
                     "Send us the strategy meeting minutes.", "3 December 2026", "A. Lead HMIC"):
        assert expected in text
    assert "Dear Chief Constable, Gloucestershire" not in text
    assert [r.status for r in demo.referrals()].count("letter-sent") == 1


def test_letters_from_an_edited_template(demo, tmp_path: Path) -> None:
    template = tmp_path / "mine.txt"
    template.write_text("# my letter\n! To $addressee about ${case_ref}\n\nCosts $$0. Due $due_date.\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    ref = demo.referrals()[0].case_ref
    written = write_referral_letters(demo, out, case=ref, letter_date=LETTER_DAY, template=template, sender="A. Lead")
    text = pdf_text(written[0])
    assert f"To Assistant Chief Constable about {ref}" in text
    assert "Costs $0. Due 24 December 2026." in text
    assert "my letter" not in text


@pytest.mark.parametrize(("body", "message"), [
    ("Dear $adressee", r"unknown placeholder\(s\) \$adressee"),
    ("Costs $5", r"a '\$' that is not a placeholder \(near line 1\)"),
    ("# only a comment\n", "the template is empty"),
])
def test_a_bad_template_is_refused_and_nothing_changes(demo_awaiting_letters, tmp_path: Path, body: str, message: str) -> None:
    demo = demo_awaiting_letters
    template = tmp_path / "bad.txt"
    template.write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(FieldworkError, match=message) as error:
        write_referral_letters(demo, out, template=template, sender="A. Lead")
    assert str(template) in str(error.value)
    assert list(out.iterdir()) == []
    assert {r.status for r in demo.referrals()} == {"raised"}


def test_no_addressee_is_refused(inspection, tmp_path: Path) -> None:
    inspection.add_case("R-1", "s47", "inspectorate-selected")
    inspection.raise_referral("R-1", "immediate-risk", "Child left at home with the suspect.")
    with pytest.raises(FieldworkError, match="No addressee for the letters"):
        write_referral_letters(inspection, tmp_path, sender="A. Lead")
    inspection.set_chief_officer("Detective Superintendent")
    with pytest.raises(FieldworkError, match="No signatory for the letters"):
        write_referral_letters(inspection, tmp_path, letter_date=LETTER_DAY)
    written = write_referral_letters(inspection, tmp_path, letter_date=LETTER_DAY, sender="A. Lead")
    assert "Dear Detective Superintendent," in pdf_text(written[0])
    assert inspection.tally().provisional  # R-1 is ungraded: the tables are provisional, the letter is not
    assert "PROVISIONAL" not in pdf_text(written[0])


def test_missing_template_and_no_referrals(inspection, tmp_path: Path) -> None:
    with pytest.raises(FieldworkError, match="does not exist"):
        LetterTemplate.load(tmp_path / "nope.txt")
    with pytest.raises(FieldworkError, match="There are no referrals"):
        write_referral_letters(inspection, tmp_path, sender="A. Lead")
    assert not any(p.suffix == ".pdf" for p in tmp_path.iterdir())


def test_cli_letters_and_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", DEMO_PASSPHRASE)
    path = tmp_path / "demo.fieldwork"
    assert main(["demo", str(path)]) == 0
    out = tmp_path / "letters"
    out.mkdir()
    assert main(["letters", str(path), "-o", str(out), "--date", "2026-11-26", "--due-days", "21"]) == 0
    assert "Wrote 14 letter(s)" in capsys.readouterr().out
    assert len(list(out.glob("referral-*.pdf"))) == 15
    combined = pdf_text(out / COMBINED_NAME)
    assert "Please reply by 17 December 2026" in combined
    assert "test inspector" in combined  # signed by the settings' name where this laptop keeps no identity
    assert main(["letters", str(path), "-o", str(out)]) == 1
    assert "Every referral's letter has been sent" in capsys.readouterr().err
    assert main(["letters", str(path), "-o", str(out), "--case", "NO-SUCH"]) == 1
    assert "No case 'NO-SUCH'" in capsys.readouterr().err
    assert main(["letters", str(path), "-o", str(tmp_path / "missing")]) == 1
    assert "does not exist" in capsys.readouterr().err
    pack = tmp_path / "pack.pdf"
    assert main(["evidence", str(path), "--case", "DEMO-0001", "-o", str(pack)]) == 0
    assert "Evidence pack: case DEMO-0001" in pdf_text(pack)
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        assert main(["tables", str(path), "--format", fmt, "-o", str(tmp_path / f"t.{fmt}")]) == 0
        assert (tmp_path / f"t.{fmt}").stat().st_size > 0
    assert main(["tables", str(path), "--format", "pdf"]) == 1
    assert "give it with -o" in capsys.readouterr().err


def test_a_case_named_like_the_combined_file_gets_its_own_name() -> None:
    from exports.letters import COMBINED_NAME, letter_file_name

    assert letter_file_name("letters-combined") != COMBINED_NAME
    assert letter_file_name("DEMO-0001") == "referral-DEMO-0001.pdf"


def test_a_bilingual_letter_welsh_first_declared_welsh_and_marked_a_draft_translation(
        demo_awaiting_letters, tmp_path: Path) -> None:
    demo = demo_awaiting_letters
    ref = demo.referrals()[0].case_ref
    written = write_referral_letters(demo, tmp_path, case=ref, letter_date=LETTER_DAY, template="welsh-english",
                                     addressee="Jane Smith", sender="A. Lead")
    text = pdf_text(written[0])
    welsh, english = text.index("Annwyl Jane Smith,"), text.index("Dear Jane Smith,")
    assert welsh < english
    assert "26 Tachwedd 2026 / 26 November 2026" in text
    assert "Atebwch erbyn 24 Rhagfyr 2026" in text and "Please reply by 24 December 2026" in text
    assert "Adolygwch yr achos hwn ar frys" in text
    assert text.count("[signature]") == 0 and text.count("A. Lead") == 1  # one signature for both languages
    assert PdfReader(written[0]).trailer["/Root"]["/Lang"] == "cy-GB"
    source = (LETTERS_DIR / "referral-letter-cy-en.txt").read_text(encoding="utf-8")
    assert "DRAFT TRANSLATION" in source  # until a Welsh speaker has reviewed it
    # The English letter stays English, and declares so.
    (tmp_path / "en").mkdir()
    english_only = write_referral_letters(demo, tmp_path / "en", case=demo.referrals()[1].case_ref,
                                          letter_date=LETTER_DAY, sender="A. Lead")
    assert "Annwyl" not in pdf_text(english_only[0])
    assert PdfReader(english_only[0]).trailer["/Root"]["/Lang"] == "en-GB"


def test_cli_names_the_shipped_bilingual_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", DEMO_PASSPHRASE)
    path = tmp_path / "demo.fieldwork"
    assert main(["demo", str(path)]) == 0
    assert main(["letters", str(path), "--preview", "--case", "DEMO-0001", "--template", "welsh-english"]) == 0
    assert "Annwyl" in capsys.readouterr().out
    assert main(["letters", str(path), "--preview", "--case", "DEMO-0001", "--template", "klingon"]) == 1
    assert "klingon" in capsys.readouterr().err
