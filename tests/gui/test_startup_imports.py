"""Startup stays lean: showing the case list must not load the document, crypto-exchange or chart libraries.

They load at the point of use (export, team work, the Report tab). Timing lives in
tests/benchmarks/test_bench_startup.py; this test guards the imports, which is what the timing depends on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from models.inspection.demo import DEMO_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "docx", "openpyxl", "pyrage", "zxcvbn", "psycopg", "pypdf", "PIL", "lxml",
         "PySide6.QtCharts", "exports.pdf", "exports.docx", "exports.xlsx", "exports.letters", "exports.writers",
         "models.team.agreement", "models.team.merge", "models.team.packages", "widgets.report_view", "widgets.welcome_dialog")

PROBE = """
import json, sys
from desktop.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in %r if m in sys.modules)}))
"""


def test_smoke_test_loads_no_heavy_module(demo_path: Path, tmp_path: Path) -> None:
    passfile = tmp_path / "pass.txt"
    passfile.write_text(DEMO_PASSPHRASE, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,), "--smoke-test", str(demo_path),
                           "--passphrase-file", str(passfile)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "loaded": []}
