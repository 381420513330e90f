"""The command line: `fieldwork tables FILE` (text and JSON), `fieldwork referrals` and `fieldwork dates` against a
raw Python script doing the same on sqlcipher3, both as fresh processes in the same environment (bytecode cached for both, as an installed app is).

The raw script imports sqlcipher3 and argon2, derives the key from the passphrase as the app does (Argon2id
with the parameters the file's salt names), opens the file with the app's pragmas, runs the tally's GROUP BYs
in one read transaction and prints them. With the key from the keyring the script reads it from the same
keyring backend instead.
Prints min and median of both sides and their ratios (target within 3x).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from models.inspection import tally
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.keys import CURRENT, kdf_of, key_for, read_salt
from models.inspection.reads import REFERRAL_COLUMNS
from tests.benchmarks.common import report_runs, runs_of

ROOT = Path(__file__).resolve().parents[2]
RUNS = 7
QUERIES = (tally.CASE_GROUPS, tally.REFERRAL_GROUPS, tally.TOPIC_GROUPS, tally.CONCERNS,
           "SELECT area, grade FROM force_judgement")
# The raw side: the key from the keyring (RAW_KEYRING set) or derived from the passphrase with the Argon2id
# parameters in RAW_KDF (passes, KiB, lanes); the SQL the tally runs is in RAW_QUERIES (JSON).
RAW = """
import json
import os
import sys

import sqlcipher3.dbapi2 as sqlcipher

path = sys.argv[1]
with open(path, "rb") as handle:
    salt = handle.read(16)
if os.environ.get("RAW_KEYRING"):
    import keyring

    key = keyring.get_password("fieldwork", "inspection-key:" + salt.hex())
else:
    from argon2.low_level import Type, hash_secret_raw

    passes, memory, lanes = (int(n) for n in os.environ["RAW_KDF"].split(","))
    key = hash_secret_raw(os.environ["FIELDWORK_PASSPHRASE"].encode(), salt, time_cost=passes, memory_cost=memory,
                          parallelism=lanes, hash_len=32, type=Type.ID).hex()
conn = sqlcipher.connect(path, check_same_thread=False, isolation_level=None)
conn.execute("PRAGMA cipher_log_level = NONE")
quote = chr(34)  # the raw key as SQLCipher takes it: "x'...'"
conn.execute("PRAGMA key = " + quote + "x'" + key + "'" + quote)
conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "temp_store = MEMORY",
               "busy_timeout = 5000", "cache_size = -65536"):
    conn.execute("PRAGMA " + pragma)
conn.execute("BEGIN")
for sql in json.loads(os.environ["RAW_QUERIES"]):
    print(conn.execute(sql).fetchall())
conn.execute("ROLLBACK")
conn.close()
"""


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_tables_command_against_a_raw_script(demo_template: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_template, demo)
    assert kdf_of(read_salt(demo)) == CURRENT  # the raw script derives the key with the current parameters
    key = key_for(demo, DEMO_PASSPHRASE)
    from desktop.laptop.secrets import SERVICE, KeyStore

    keyfile = tmp_path / "keys.json"
    keyfile.write_text(json.dumps({f"{SERVICE}/{KeyStore().name(demo)}": key}), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "tests.benchmarks.keyfile_keyring.KeyFileKeyring",
           "FIELDWORK_TRUSTED_TEST_KEYRING": "tests.benchmarks.keyfile_keyring",
           "FIELDWORK_BENCH_KEYFILE": str(keyfile)}
    env.pop("FIELDWORK_PASSPHRASE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from compiled bytecode: cache it for both
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    env["RAW_QUERIES"] = json.dumps(QUERIES)
    env["RAW_KDF"] = f"{CURRENT.passes},{2 ** CURRENT.memory_log2_kib},{CURRENT.lanes}"
    with_passphrase = {**env, "FIELDWORK_PASSPHRASE": DEMO_PASSPHRASE}
    raw = ["-c", RAW, str(demo)]
    text = ["-m", "desktop", "tables", str(demo)]
    as_json = [*text, "--format", "json"]
    assert "Table 1" in run(text, with_passphrase)  # also compiles both sides' bytecode before timing
    assert run(raw, with_passphrase) == run(raw, {**env, "RAW_KEYRING": "1"})  # the same key both ways

    raw_derived = runs_of(RUNS, lambda: run(raw, with_passphrase))
    report_runs("fieldwork tables (text), passphrase (Argon2id)", runs_of(RUNS, lambda: run(text, with_passphrase)),
                raw_derived, "raw sqlcipher3 + argon2 script", target=3)
    report_runs("fieldwork tables --format json, passphrase (Argon2id)",
                runs_of(RUNS, lambda: run(as_json, with_passphrase)), raw_derived, "raw sqlcipher3 + argon2 script",
                target=3)
    raw_keyed = runs_of(RUNS, lambda: run(raw, {**env, "RAW_KEYRING": "1"}))
    report_runs("fieldwork tables (text), key from the keyring", runs_of(RUNS, lambda: run(text, env)), raw_keyed,
                "raw sqlcipher3 + keyring script", target=3)
    report_runs("fieldwork tables --format json, key from the keyring", runs_of(RUNS, lambda: run(as_json, env)),
                raw_keyed, "raw sqlcipher3 + keyring script", target=3)

    # Two more reading commands, each against the raw script running that command's own SELECT.
    for command, sql in ((["referrals"], f"SELECT case_file.ref, case_file.case_type, {REFERRAL_COLUMNS} FROM referral "
                                         "JOIN case_file ON case_file.id = referral.case_id ORDER BY case_file.ref"),
                         (["dates"], "SELECT key, value FROM meta")):
        ours = [*text[:2], *command, str(demo)]
        assert run(ours, env).strip()
        raw_same = runs_of(RUNS, lambda sql=sql: run(raw, {**env, "RAW_KEYRING": "1", "RAW_QUERIES": json.dumps([sql])}))
        report_runs(f"fieldwork {' '.join(command)}, key from the keyring", runs_of(RUNS, lambda ours=ours: run(ours, env)),
                    raw_same, "raw sqlcipher3 + keyring script, the same SELECT", target=3)
