"""Damage to an inspection file is found and named: the page-flip experiment, truncation, and damage told
apart from a wrong passphrase. No damaged file ever ends in exit 70 ("this is a bug")."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.laptop.secrets import KeyStore
from desktop.main import main
from models.errors import DamagedFile, WrongPassphrase
from models.inspection.demo import DEMO_PASSPHRASE, create_demo
from models.inspection.services import InspectionService

PAGE = 4096


@pytest.fixture
def fresh_demo(tmp_path: Path) -> tuple[Path, bytes, Path]:
    """A freshly created demo (about 60 pages), its key in the keyring (so each run skips the slow key
    derivation, as an inspector's laptop does), and one backup of it."""
    path = tmp_path / "demo.fieldwork"
    service = create_demo(path)
    backup = service.back_up("manual")
    KeyStore().put(path, service.key_hex)
    service.close()
    return path, path.read_bytes(), backup


def flipped(data: bytes, offset: int) -> bytes:
    damaged = bytearray(data)
    damaged[offset] ^= 0x01
    return bytes(damaged)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_flipped_page_is_found_by_verify_audit(fresh_demo, capsys) -> None:
    path, intact, backup = fresh_demo
    assert run(capsys, "verify-audit", str(path))[0] == 0
    code, tables_intact, _ = run(capsys, "tables", str(path))
    assert code == 0
    pages = len(intact) // PAGE
    assert len(intact) % PAGE == 0 and pages > 40
    found, tables_refused = 0, 0
    for page in range(pages):
        path.write_bytes(flipped(intact, page * PAGE + PAGE // 2))
        code, out, err = run(capsys, "verify-audit", str(path))
        assert code == 1, f"page {page + 1}: exit {code}, {out!r} {err!r}"
        assert "intact" not in out
        assert f"{path} is damaged" in err and str(backup) in err, f"page {page + 1}: {err!r}"
        assert "Wrong passphrase" not in err and "bug" not in err
        found += 1
        # tables: correct tables from pages that verify, or the same plain refusal; never exit 70
        code, out, err = run(capsys, "tables", str(path))
        assert code in (0, 1), f"page {page + 1}: tables exit {code}: {err!r}"
        if code == 0:
            assert out == tables_intact
        else:
            assert f"{path} is damaged" in err
            tables_refused += 1
    assert found == pages
    with capsys.disabled():
        print(f"\npage flips: {found} of {pages} pages found by verify-audit; tables refused {tables_refused}, "
              f"printed correct tables for {pages - tables_refused}")
    path.write_bytes(intact)
    assert run(capsys, "verify-audit", str(path))[0] == 0


def test_a_file_one_byte_short_or_long_is_damaged_not_a_table(fresh_demo, capsys) -> None:
    path, intact, backup = fresh_demo
    for data in (intact[:-1], intact + b"\0", intact[: len(intact) // 2 + 7], intact[:10]):
        path.write_bytes(data)
        for command in ("tables", "verify-audit", "backup"):
            code, out, err = run(capsys, command, str(path))
            assert code == 1, (command, len(data), out, err)
            assert f"{path} is damaged" in err, err
            assert "bug" not in err


def test_a_page_cut_off_the_end_is_found_by_verify_audit(fresh_demo, capsys) -> None:
    path, intact, _ = fresh_demo
    path.write_bytes(intact[:-PAGE])
    code, _, err = run(capsys, "verify-audit", str(path))
    assert code == 1 and "is damaged" in err


def test_damage_on_the_first_page_is_not_called_a_wrong_passphrase(fresh_demo, tmp_path) -> None:
    path, intact, backup = fresh_demo
    path.write_bytes(flipped(intact, 100))
    with pytest.raises(DamagedFile) as damage:
        InspectionService.open(path, actor="x", passphrase=DEMO_PASSPHRASE)
    assert damage.value.backup == backup
    assert "is damaged" in str(damage.value) and str(backup) in str(damage.value)
    with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
        InspectionService.open(path, actor="x", passphrase="not the passphrase at all, no")
    # the backup it names restores the file
    path.write_bytes(intact)
    with InspectionService.open(backup, actor="x", passphrase=DEMO_PASSPHRASE) as copy:
        assert len(copy.cases()) == 89


def test_damage_with_no_sound_backup_says_so(fresh_demo) -> None:
    path, intact, backup = fresh_demo
    backup.write_bytes(flipped(backup.read_bytes(), 5 * PAGE + 9))
    path.write_bytes(flipped(intact, 7 * PAGE + 9))
    with InspectionService.open(path, actor="x", passphrase=DEMO_PASSPHRASE) as service, \
            pytest.raises(DamagedFile, match="No backup of it verifies"):
        service.verify_file()


def test_damage_found_while_reading_is_named_not_a_bug(fresh_demo) -> None:
    """A page that fails its HMAC can be read back as zeros before SQLCipher reports anything, so an error in
    the middle of work may be anything; verify_file (what the CLI and the desktop run before calling an error
    a bug) then names the damage and the backup. Without an error, what was read is right."""
    path, intact, backup = fresh_demo
    key = KeyStore().get(path)
    with InspectionService.open(path, actor="x", key_hex=key) as service:
        expected = (service.tally(), service.cases(), service.referrals())
    named = 0
    for page in range(1, len(intact) // PAGE):
        path.write_bytes(flipped(intact, page * PAGE + 77))
        try:
            with InspectionService.open(path, actor="x", key_hex=key) as service:
                try:
                    assert (service.tally(), service.cases(), service.referrals()) == expected
                    assert service.verify_audit().ok
                except (DamagedFile, ValueError, KeyError, TypeError, AssertionError):
                    with pytest.raises(DamagedFile) as damage:
                        service.verify_file()
                    raise damage.value from None
        except DamagedFile as damage:
            assert damage.backup == backup
            named += 1
    assert named > 0
