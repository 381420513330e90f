"""Write the corpus of messy force files: samples and gradings as forces' systems and analysts send them.

Run from the repository root: `python tests/imports/corpus/make_corpus.py`. The files are committed with this script;
running it again rewrites them byte for byte except for the XLSX timestamps, which no test reads. Every file's
expected outcome is in expectations.toml beside it. The force (Wexmoor Police), its references and its people are
invented for the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
HEADER = ["case_ref", "case_type", "sample", "force_grade"]
# the sample every gradings file is checked against (imported first, by the test)
BASE = [
    ["WX/24/1001", "Domestic abuse", "self-assessed", "Good"],
    ["WX/24/1002", "Missing children", "inspectorate-selected", ""],
    ["WX/24/1003", "s47", "self-assessed", "Inadequate"],
    ["WX/24/1004", "Police protection", "inspectorate-selected", ""],
    ["WX/24/1005", "Child in custody", "self-assessed", "Requiring improvement"],
    ["WX/24/1006", "Online sexual abuse", "inspectorate-selected", ""],
]
SIX = [
    ["WX/24/2001", "Domestic abuse", "self-assessed", "Good"],
    ["WX/24/2002", "Missing children", "inspectorate-selected", ""],
    ["WX/24/2003", "s47", "self-assessed", "Requiring improvement"],
    ["WX/24/2004", "Police protection", "inspectorate-selected", ""],
    ["WX/24/2005", "Sex offender enquiry", "self-assessed", "Inadequate"],
    ["WX/24/2006", "At risk of sexual exploitation", "inspectorate-selected", ""],
]
GRADES = ["case_ref", "inspector", "grade", "serious_concern", "concern_summary", "notes"]
GRADINGS = [
    ["WX/24/1001", "Nadia Okafor", "Good", "no", "", "Risk assessed the same night."],
    ["WX/24/1002", "Nadia Okafor", "Requiring improvement", "no", "", "Return interview late."],
    ["WX/24/1003", "Tom Brennan", "Inadequate", "yes", "Child left at home with the suspect.", ""],
    ["WX/24/1004", "Tom Brennan", "Good", "no", "", ""],
]


def csv_text(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    """Rows as a force's export writes them: quoted only where the delimiter or a quote needs it."""
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        if delimiter in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text
    return "".join(delimiter.join(cell(v) for v in row) + "\r\n" for row in rows)


def text(name: str, rows: Sequence[Sequence[object]], *, delimiter: str = ",", encoding: str = "utf-8",
         bom: bool = False) -> None:
    data = csv_text(rows, delimiter).encode(encoding)
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def raw(name: str, content: str) -> None:
    (HERE / name).write_bytes(content.encode("utf-8"))


def book(name: str, sheets: dict[str, Sequence[Sequence[object]]],
         shape: Callable[[dict[str, Worksheet]], None] | None = None) -> None:
    """A workbook of named sheets; `shape` then hides, merges and formats as an analyst would."""
    wb = Workbook()
    wb.remove(wb.active)
    made = {}
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
        made[title] = ws
    if shape:
        shape(made)
    wb.properties.created = wb.properties.modified = datetime(2024, 3, 1, 9, 0)
    wb.save(HERE / name)


def samples() -> None:
    text("base-sample.csv", [HEADER, *BASE])
    # read as they come
    text("sample-clean.csv", [HEADER, *SIX])
    book("sample-clean.xlsx", {"Sample": [HEADER, *SIX]})
    text("sample-bom.csv", [HEADER, *SIX[:3]], bom=True)
    text("sample-force-headers.csv", [["Case reference", "Type of case", "Selected by", "Self assessment"], *SIX[:3]])
    text("sample-blank-lines.csv", [HEADER, SIX[0], [], SIX[1], ["", "", "", ""], SIX[2]])
    # title rows, merged titles, cover sheets
    text("sample-title-rows.csv", [["Wexmoor Police - case sample for the inspectorate"], ["Produced 01/03/2024"],
                                   HEADER, *SIX[:3]])
    book("sample-merged-title.xlsx", {"Sample": [["Wexmoor Police case sample"], [], HEADER, *SIX[:4]]},
         lambda s: s["Sample"].merge_cells("A1:D1"))
    book("sample-cover-sheet.xlsx", {"Cover": [["Case sample for the inspection, see next sheet"], ["Contact: PVP"]],
                                     "Cases": [HEADER, *SIX[:3]]})
    book("sample-two-samples.xlsx", {"Draft": [HEADER, *SIX[:2]], "Final": [HEADER, *SIX[:4]]})
    book("sample-third-sheet.xlsx", {"Notes": [["Read me"]], "Lookups": [["DA", "Domestic abuse"]],
                                     "Export": [["Run 2024-03-01"], HEADER, *SIX[3:]]})
    # encodings and delimiters
    cp_rows = [HEADER, ["WX/24/3001", "Referral to children\u2019s social care", "inspectorate-selected", ""],
               ["WX/24/3002", "Domestic abuse", "self-assessed", "Good"]]
    text("sample-cp1252.csv", cp_rows, encoding="cp1252")
    text("sample-semicolon.csv", [HEADER, *SIX[:3]], delimiter=";")
    text("sample-tab.csv", [HEADER, *SIX[:3]], delimiter="\t")
    text("sample-semicolon-cp1252.csv", [["R\u00e9f\u00e9rence", "Type", "Sample", "Force grade"],
                                         ["WX/24/3003", "DA", "inspectorate-selected", ""]],
         delimiter=";", encoding="cp1252")
    # the force's own words
    yes_no = [["Force reference", "Type", "Self assessed?", "Force grade"],
              ["WX/24/4001", "DA", "Yes", "Good"], ["WX/24/4002", "Missing from home", "No", ""],
              ["WX/24/4003", "S46 Police Protection", "No", ""]]
    text("sample-yes-no.csv", yes_no)
    book("sample-yes-no.xlsx", {"Sample": yes_no})
    text("sample-force-words.csv", [HEADER, ["WX/24/4101", "DA", "self-assessed", "RI"],
                                    ["WX/24/4102", "Missing from home", "inspectorate-selected", ""],
                                    ["WX/24/4103", "S46 Police Protection", "inspectorate-selected", ""],
                                    ["WX/24/4104", "RSO", "self assessed", "g"]])
    text("sample-unknown-words.csv", [HEADER, ["WX/24/4201", "CP strategy", "self-assessed", "Good"],
                                      ["WX/24/4202", "Honour based abuse", "inspectorate-selected", ""]])
    text("sample-curly-apostrophe.csv", [HEADER, ["WX/24/4301", "Referral to children\u2019s social care",
                                                  "inspectorate-selected", ""],
                                         ["WX/24/4302", "Referral to children's social care", "self-assessed",
                                          "Good"]])
    raw("wexmoor-mapping.toml", '[columns]\ncase_ref = "Force reference"\nsample = "Self assessed?"\n\n'
        '[values.sample]\n"Yes" = "self-assessed"\n"No" = "inspectorate-selected"\n\n'
        '[values.case_type]\n"CP strategy" = "s47"\n"Honour based abuse" = "general-concern"\n')
    text("sample-mapped-next-month.csv", [["Force reference", "Type", "Self assessed?", "Force grade"],
                                          ["WX/24/4401", "CP strategy", "Yes", "Inadequate"],
                                          ["WX/24/4402", "Honour based abuse", "No", ""]])

    # merged cells, hidden rows, stray cells, totals
    def merged_type(s: dict[str, Worksheet]) -> None:
        s["Sample"].merge_cells("B2:B4")

    book("sample-merged-type.xlsx", {"Sample": [HEADER, ["WX/24/5001", "Domestic abuse", "inspectorate-selected"],
                                                ["WX/24/5002", None, "inspectorate-selected"],
                                                ["WX/24/5003", None, "self-assessed", "Good"],
                                                ["WX/24/5004", "Missing children", "inspectorate-selected"]]},
         merged_type)

    def filtered(s: dict[str, Worksheet]) -> None:
        ws = s["Sample"]
        ws.auto_filter.ref = "A1:D8"
        ws.row_dimensions[5].hidden = True

    book("sample-hidden-row.xlsx", {"Sample": [HEADER, *SIX[:3], ["WX/24/2099", "s47", "self-assessed", "Good"],
                                               *SIX[3:]]}, filtered)
    book("sample-stray-comment.xlsx", {"Sample": [HEADER, SIX[0], SIX[1] + ["", "check with DS Kerr"], SIX[2]]})
    text("sample-stray-comment.csv", [HEADER, SIX[0], SIX[1] + ["", "check with DS Kerr"], SIX[2]])
    text("sample-total-row.csv", [HEADER, *SIX[:3], ["Total", "", "", "3"]])

    def total_formula(s: dict[str, Worksheet]) -> None:
        s["Sample"]["E1"] = "Count"
        for r in range(2, 5):
            s["Sample"][f"E{r}"] = 1
        s["Sample"]["A5"] = "TOTAL"
        s["Sample"]["E5"] = "=SUM(E2:E4)"

    book("sample-total-formula.xlsx", {"Sample": [HEADER, *SIX[:3]]}, total_formula)
    book("sample-extra-column.xlsx", {"Sample": [HEADER + ["Officer in case"],
                                                 *[r + [f"DC {n}"] for r, n in zip(SIX[:2], ("Ives", "Lowe"), strict=True)]]})

    # references that are not what they seem
    text("sample-near-duplicate.csv", [HEADER, ["WX/24/6001", "Domestic abuse", "inspectorate-selected", ""],
                                       ["wx/24/6001", "Missing children", "inspectorate-selected", ""],
                                       ["WX/24/6003", "s47", "inspectorate-selected", ""],
                                       ["WX/24/ 6003", "s47", "inspectorate-selected", ""]])
    text("sample-duplicate.csv", [HEADER, SIX[0], SIX[1], SIX[0]])

    def date_ref(s: dict[str, Worksheet]) -> None:
        cell = s["Sample"]["A3"]
        cell.value, cell.number_format = datetime(2024, 1, 5), "dd/mm/yyyy"

    book("sample-date-ref.xlsx", {"Sample": [HEADER, SIX[0], ["", "s47", "inspectorate-selected"], SIX[2]]},
         date_ref)

    def number_ref(s: dict[str, Worksheet]) -> None:
        for r in (2, 3):
            s["Sample"][f"A{r}"].number_format = "000000"

    book("sample-number-ref.xlsx", {"Sample": [HEADER, [4512, "Domestic abuse", "inspectorate-selected"],
                                               [4513, "Missing children", "inspectorate-selected"]]}, number_ref)
    text("sample-long-ref.csv", [HEADER, ["WX/24/" + "7" * 70, "Domestic abuse", "inspectorate-selected", ""]])
    text("sample-empty-ref.csv", [HEADER, SIX[0], ["", "s47", "inspectorate-selected", ""]])

    # samples that do not fit the sample
    text("sample-grade-on-inspectorate.csv", [HEADER, ["WX/24/8001", "DA", "inspectorate-selected", "Good"]])
    text("sample-self-assessed-no-grade.csv", [HEADER, ["WX/24/8002", "DA", "self-assessed", ""]])
    text("sample-bad-grade.csv", [HEADER, ["WX/24/8003", "DA", "self-assessed", "Outstanding"]])
    text("sample-already-there.csv", [HEADER, BASE[0], ["WX/24/8004", "DA", "inspectorate-selected", ""]])
    text("sample-near-existing.csv", [HEADER, ["wx/24/1002", "DA", "inspectorate-selected", ""]])
    text("sample-no-ref-column.csv", [["Reference number?", "case_type", "sample"],
                                      ["WX/24/8005", "DA", "inspectorate-selected"]])
    text("sample-header-only.csv", [HEADER])
    raw("sample-empty.csv", "")
    # Excel's "Unicode text" export: UTF-16 with its mark, tab-separated
    (HERE / "sample-unicode-text.csv").write_bytes(csv_text([HEADER, *SIX[:2]], "\t").encode("utf-16"))
    text("sample-untidy-headers.csv", [["  Case Ref ", "CASE TYPE", "Sample ", "Force grade:"], *SIX[:2]])


def gradings() -> None:
    text("grades-clean.csv", [GRADES, *GRADINGS])
    book("grades-clean.xlsx", {"Gradings": [["Wexmoor inspection - gradings"], GRADES, *GRADINGS]})
    text("grades-spellings.csv", [["Case reference", "Assessor", "Inspectorate grade"], ["WX/24/1001", "Tom Brennan", "g"],
                                  ["WX/24/1002", "Tom Brennan", "RI"], ["WX/24/1005", "Tom Brennan", "requires improvement"],
                                  ["WX/24/1006", "Tom Brennan", "I"]])
    text("grades-look-alike.csv", [GRADES[:3], ["WX/24/1001", "Nadia Okafor", "Good"],
                                   ["WX/24/1002", "N. Okafor", "Good"], ["WX/24/1003", "N Okafor", "Inadequate"]])
    text("grades-unknown-grader.csv", [GRADES[:3], ["WX/24/1001", "Nadia Okafor", "Good"],
                                       ["WX/24/1002", "N. Okafor", "Good"], ["WX/24/1003", "Tom Brenan", "Inadequate"]])
    text("grades-near-ref.csv", [GRADES[:3], ["wx/24/1001", "Nadia Okafor", "Good"],
                                 ["WX/24/9999", "Nadia Okafor", "Good"]])
    text("grades-bad-grade.csv", [GRADES[:3], ["WX/24/1001", "Nadia Okafor", "Outstanding"]])
    text("grades-twice.csv", [GRADES[:3], ["WX/24/1001", "Nadia Okafor", "Good"],
                              ["WX/24/1001", "Nadia Okafor", "Inadequate"]])
    text("grades-referral.csv", [["case_ref", "inspector", "grade", "serious_concern", "concern_summary",
                                  "referral_reason", "referral_date"],
                                 ["WX/24/1003", "Tom Brennan", "Inadequate", "yes", "No strategy meeting held.",
                                  "Failure to follow child protection procedures", "04/03/2024"],
                                 ["WX/24/1004", "Tom Brennan", "Good", "no", "", "", ""]])
    text("grades-referral-no-summary.csv", [["case_ref", "inspector", "grade", "referral_reason"],
                                            ["WX/24/1003", "Tom Brennan", "Inadequate", "Other serious problem"]])
    text("grades-semicolon-cp1252.csv", [GRADES[:3] + ["notes"],
                                         ["WX/24/1001", "Nadia Okafor", "Good", "Caf\u00e9 visit, \u00a350 seized"]],
         delimiter=";", encoding="cp1252")

    def hidden(s: dict[str, Worksheet]) -> None:
        s["Gradings"].row_dimensions[3].hidden = True

    book("grades-hidden-row.xlsx", {"Gradings": [GRADES[:3], ["WX/24/1001", "Nadia Okafor", "Good"],
                                                 ["WX/24/1002", "Nadia Okafor", "Inadequate"],
                                                 ["WX/24/1003", "Nadia Okafor", "Good"]]}, hidden)
    text("grades-area-notes.csv", [["case_ref", "inspector", "grade", "Initial contact notes", "Investigation"],
                                   ["WX/24/1001", "Nadia Okafor", "Good", "Call answered in 20 s.",
                                    "Suspect arrested same day."]])
    text("grades-grade-in-notes.csv", [["case_ref", "inspector", "grade", "Investigation"],
                                       ["WX/24/1001", "Nadia Okafor", "Good", "Inadequate"]])

    def date_ref(s: dict[str, Worksheet]) -> None:
        cell = s["Gradings"]["A2"]
        cell.value, cell.number_format = datetime(2024, 10, 1), "yyyy-mm-dd"

    def merged_inspector(s: dict[str, Worksheet]) -> None:
        s["Gradings"].merge_cells("B2:B4")

    book("grades-merged-inspector.xlsx", {"Gradings": [GRADES[:3], ["WX/24/1001", "Tom Brennan", "Good"],
                                                       ["WX/24/1002", None, "Inadequate"],
                                                       ["WX/24/1005", None, "Good"]]}, merged_inspector)
    book("grades-stray-comment.xlsx", {"Gradings": [GRADES[:3], ["WX/24/1001", "Nadia Okafor", "Good"],
                                                    ["", "", "", "", "regrade after dip sample?"]]})
    text("grades-tab.csv", [GRADES[:3], ["WX/24/1001", "Nadia Okafor", "Good"]], delimiter="\t")
    text("grades-yes-no-refer.csv", [["case_ref", "inspector", "grade", "Serious concern", "Summary", "Refer back",
                                      "Reason", "Date referred"],
                                     ["WX/24/1003", "Tom Brennan", "Inadequate", "Y", "Bail conditions not checked.",
                                      "Yes", "immediate risk", "05/03/2024"],
                                     ["WX/24/1004", "Tom Brennan", "Good", "N", "", "No", "", ""]])
    book("grades-date-ref.xlsx", {"Gradings": [GRADES[:3], ["", "Nadia Okafor", "Good"]]}, date_ref)
    text("grades-no-grade-column.csv", [["case_ref", "inspector", "assessment outcome"],
                                        ["WX/24/1001", "Nadia Okafor", "Good"]])


if __name__ == "__main__":
    samples()
    gradings()
