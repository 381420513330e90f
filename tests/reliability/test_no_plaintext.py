"""After a full session from the command line (sample, gradings, notes, referral, letters, backup, team
exchange and merge), no case reference, note or concern is in plaintext anywhere except the documents the
user asked for: not in the database, its WAL, backups, packages, identity files, the temp folder or logs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET_REF = "ZQXSECRETCASE77"
SECRET_NOTE = "Plainmarker the uncle visited twice"
SECRET_CONCERN = "Concernmarker child left alone overnight"
MARKERS = (SECRET_REF, SECRET_NOTE, SECRET_CONCERN)


def test_full_session_leaves_no_plaintext(tmp_path: Path) -> None:
    work, temp, home, documents = (tmp_path / d for d in ("work", "temp", "profile", "documents"))
    for folder in (work, temp, home, documents):
        folder.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp), "FIELDWORK_HOME": str(home),
           "FIELDWORK_PASSPHRASE": "session passphrase for the scan 9",
           "FIELDWORK_IDENTITY_PASSPHRASE": "identity passphrase for the scan 9"}

    def fieldwork(*args: object) -> str:
        done = subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True,
                              text=True, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, timeout=180)
        assert done.returncode == 0, (args, done.stderr)
        assert not any(m in done.stderr for m in MARKERS)
        return done.stdout

    lead, ann = work / "lead.fieldwork", work / "ann.fieldwork"
    sample = work / "sample.csv"
    sample.write_text(f"case_ref,case_type,sample,force_grade\n{SECRET_REF},missing,self-assessed,Good\n"
                      "OTHER-1,s47,inspectorate-selected,\n")
    grades = work / "grades.csv"
    grades.write_text("case_ref,inspector,grade,serious_concern,concern_summary,notes,referral_reason\n"
                      f"{SECRET_REF},Lena Lead,Inadequate,yes,{SECRET_CONCERN},{SECRET_NOTE},immediate risk\n")

    def fp(output: str) -> str:
        return re.search(r"Fingerprint.*: ([0-9A-F-]{24})", output).group(1)  # type: ignore[union-attr]

    lead_fp = fp(fieldwork("identity", "new", "--name", "Lena Lead", "--role", "lead", "--card-out",
                           work / "lead.card", "--identity-file", work / "lead.identity"))
    ann_fp = fp(fieldwork("identity", "new", "--name", "Ann Archer", "--card-out", work / "ann.card",
                          "--identity-file", work / "ann.identity"))
    fieldwork("new", lead, "--force", "Scanshire Police", "--chief-officer", "Assistant Chief Constable")
    fieldwork("import-sample", lead, sample)
    fieldwork("import-grades", lead, grades)
    fieldwork("team", "add", lead, work / "lead.card", "--fingerprint", lead_fp)
    fieldwork("team", "add", lead, work / "ann.card", "--fingerprint", ann_fp)
    fieldwork("allocate", lead, "--case", f"{SECRET_REF}=Ann Archer", "--case", "OTHER-1=Ann Archer")
    fieldwork("export-fieldwork", lead, "--inspector", "Ann Archer", "-o", work / "ann.pkg",
              "--identity-file", work / "lead.identity")
    fieldwork("open-fieldwork", work / "ann.pkg", "-o", ann, "--lead-card", work / "lead.card",
              "--lead-fingerprint", lead_fp, "--identity-file", work / "ann.identity")
    fieldwork("export-return", ann, "-o", work / "ann.ret", "--identity-file", work / "ann.identity", "--accept-warnings")
    fieldwork("merge", lead, work / "ann.ret", "--identity-file", work / "lead.identity")
    fieldwork("letters", lead, "-o", documents)
    fieldwork("tables", lead, "--format", "pdf", "-o", documents / "tables.pdf")
    fieldwork("backup", lead)
    fieldwork("verify-audit", lead)

    scanned = 0
    for folder in (work, temp, home):
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix == ".csv":  # the force's own input files
                continue
            data = path.read_bytes()
            scanned += 1
            for marker in MARKERS:
                for encoding in ("utf-8", "utf-16-le"):
                    assert marker.encode(encoding) not in data, f"{marker!r} in plaintext in {path}"
    assert scanned >= 8  # inspection files, WAL, backup, packages, identities, cards
    # The documents asked for do carry the case (that is their purpose): the markers are real and findable.
    from pypdf import PdfReader

    letters = [p for p in documents.glob("*.pdf") if SECRET_REF in p.name]
    assert letters, sorted(p.name for p in documents.iterdir())
    text = "".join(page.extract_text() for page in PdfReader(letters[0]).pages)
    assert SECRET_REF in text and SECRET_CONCERN in text
