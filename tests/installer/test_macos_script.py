"""The macOS script signs inside-out without --deep, with the hardened runtime, and notarises and staples both
the app and the disk image (it runs only on a Mac; here its text and entitlements are checked)."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_PATH = ROOT / "installer" / "macos" / "build-app.sh"
SCRIPT = SCRIPT_PATH.read_text(encoding="utf-8")
COMMANDS = [line.strip() for line in SCRIPT.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_nothing_is_signed_with_deep() -> None:
    codesign = [line for line in COMMANDS if line.startswith("codesign ")]
    assert codesign, "the script signs with codesign"
    for line in codesign:
        assert "--deep" not in line or "--verify" in line, line  # --deep only to check a signature


def test_signing_goes_inside_out_with_the_hardened_runtime() -> None:
    helper = re.search(r"^sign\(\) \{.*?\n(.*?)\n\}", SCRIPT, re.M | re.S)
    assert helper is not None
    assert "--options runtime" in helper.group(1) and "--timestamp" in helper.group(1)
    libraries = SCRIPT.index('sign "$file"')
    frameworks = SCRIPT.index('sign "$bundle"')
    executables = SCRIPT.index('sign --entitlements "$ENTITLEMENTS" "$exe"')
    app = SCRIPT.index('sign --entitlements "$ENTITLEMENTS" "$APP"')
    verify = SCRIPT.index("codesign --verify")
    assert libraries < frameworks < executables < app < verify
    bundle_loop = SCRIPT[frameworks:executables]
    assert "find " in bundle_loop and "-depth" in bundle_loop  # nested bundles deepest first


def test_the_app_and_the_disk_image_are_notarised_and_stapled() -> None:
    submits = [line for line in COMMANDS if line.startswith("xcrun notarytool submit")]
    staples = [line for line in COMMANDS if line.startswith("xcrun stapler staple")]
    assert [s.split()[3] for s in submits] == ['"$ZIP"', '"$DMG"']
    assert staples == ['xcrun stapler staple "$APP"', 'xcrun stapler staple "$DMG"']
    assert all("--wait" in line for line in submits)
    # the disk image is made from the stapled app
    assert SCRIPT.index('xcrun stapler staple "$APP"') < SCRIPT.index("hdiutil create")


def test_the_entitlements_are_few_and_parse() -> None:
    with (ROOT / "installer" / "macos" / "entitlements.plist").open("rb") as handle:
        entitlements = plistlib.load(handle)
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
    assert 'ENTITLEMENTS="installer/macos/entitlements.plist"' in SCRIPT


def test_the_script_is_valid_bash() -> None:
    assert subprocess.run(["bash", "-n", str(SCRIPT_PATH)], capture_output=True).returncode == 0
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck not installed")
    done = subprocess.run(["shellcheck", str(SCRIPT_PATH)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
