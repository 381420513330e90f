"""The Windows setup: the Inno Setup command build.py prints and the README's command lines are parsed and
checked against the script and the tree; the script's upgrade, signing and uninstall rules are pinned."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path, PureWindowsPath

import pytest

from tests.installer.test_build_script import build

ROOT = Path(__file__).resolve().parents[2]
ISS_PATH = ROOT / "installer" / "windows" / "fieldwork.iss"
ISS = ISS_PATH.read_text(encoding="utf-8")
README = (ROOT / "installer" / "README.md").read_text(encoding="utf-8")
SETUP_SWITCHES = {"/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/SP-"}  # silent, no prompts, no reboot
UNINSTALL_SWITCHES = {"/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"}


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def local(windows_path: str, base: Path) -> Path:
    return (base / Path(*PureWindowsPath(windows_path).parts)).resolve()


def parse_iscc(line: str) -> tuple[dict[str, str], dict[str, str], str]:
    """An ISCC command line as ISCC reads it: /Dname=value defines, /Sname=command sign tools, the script.
    Quoted arguments may hold spaces (a sign tool's command)."""
    tokens = [t[1:-1] if t.startswith('"') else t for t in re.findall(r'"[^"]*"|\S+', line.strip())]
    assert tokens[0] == "ISCC", line
    defines: dict[str, str] = {}
    signers: dict[str, str] = {}
    scripts = []
    for token in tokens[1:]:
        if token.startswith("/D"):
            name, _, value = token[2:].partition("=")
            defines[name] = value
        elif token.startswith("/S"):
            name, _, command = token[2:].partition("=")
            signers[name] = command
        else:
            assert not token.startswith("/"), f"unexpected ISCC option {token} in {line}"
            scripts.append(token)
    assert len(scripts) == 1, line
    return defines, signers, scripts[0]


def check_iscc(line: str, expected_version: str | None) -> dict[str, str]:
    """Run from the repository root, the line compiles this script from the app build.py made."""
    defines, signers, script = parse_iscc(line)
    assert local(script, ROOT) == ISS_PATH  # the script, named from the repository root
    # ISCC resolves SourceDir (like every relative path in the script) against the script's folder
    assert local(defines["SourceDir"], ISS_PATH.parent) == (build.DIST / "fieldwork").resolve()
    if expected_version is not None:
        assert defines["AppVersion"] == expected_version
    assert re.fullmatch(r"\d+(\.\d+){1,3}", defines["AppVersion"])
    if signers or "SignToolName" in defines:
        assert set(signers) == {defines["SignToolName"]}  # the name the script's SignTool= will use
        assert "$f" in signers[defines["SignToolName"]]  # the file to sign
    return defines


def test_the_printed_inno_command_finds_the_script_and_the_app() -> None:
    line = build.inno_command("fieldwork", version())
    check_iscc(line, version())
    assert r"/DSourceDir=..\..\dist\fieldwork" in line  # not dist\fieldwork: that is relative to the root
    source = (ROOT / "installer" / "build.py").read_text(encoding="utf-8")
    assert "print(f\"  {inno_command(name, version)}\")" in source  # what main() prints after a build


def iscc_lines() -> list[str]:
    return [line for line in code_lines(README) if line.startswith("ISCC ")]


def code_lines(text: str) -> list[str]:
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.M | re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_readmes_inno_commands_are_right() -> None:
    lines = iscc_lines()
    assert len(lines) == 2  # plain, and signing at build time
    plain, signed = (check_iscc(line, None) for line in lines)
    assert plain["SourceDir"] == signed["SourceDir"] == r"..\..\dist\fieldwork"
    assert "SignToolName" not in plain and "SignToolName" in signed


def setup_switches(text: str) -> list[list[str]]:
    """The switches of every command that runs the setup: code-block lines and table cells starting with it
    (not the other tools that merely name the file)."""
    return [re.findall(r"/[A-Z-]+(?:=\S+)?", rest)
            for rest in re.findall(r"(?:^|`)fieldwork-[\d.]+-setup\.exe([^`|\n]*)", text, re.M)]


def test_the_readmes_silent_installs_use_switches_that_work() -> None:
    found = setup_switches(README)
    assert len(found) == 4  # the two silent lines and the two Intune install commands
    for switches in found:
        assert set(switches) >= SETUP_SWITCHES, switches
        assert set(switches) - SETUP_SWITCHES <= {"/ALLUSERS"}, switches
    per_user = [s for s in found if "/ALLUSERS" not in s]
    machine = [s for s in found if "/ALLUSERS" in s]
    assert per_user and machine
    assert all(s == ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/SP-"] for s in per_user)
    silent = [line for line in code_lines(README) if "-setup.exe" in line]
    assert silent[0].split()[1:] == ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/SP-"]
    # /ALLUSERS and /CURRENTUSER only mean something when the script lets the command line choose
    assert re.search(r"^PrivilegesRequiredOverridesAllowed=.*\bcommandline\b", ISS, re.M)


def test_the_readmes_uninstall_commands_are_silent_and_find_the_uninstaller() -> None:
    commands = re.findall(r"`([^`]*unins000\.exe[^`]*)`", README)
    assert len(commands) == 2
    per_user, machine = commands
    assert r"%LOCALAPPDATA%\Programs\Fieldwork\unins000.exe" in per_user
    assert r"%ProgramW6432%\Fieldwork\unins000.exe" in machine
    for command in commands:
        assert set(re.findall(r"/[A-Z-]+", command.split("unins000.exe", 1)[1])) == UNINSTALL_SWITCHES


def test_the_readmes_uninstall_key_is_the_scripts_app_id() -> None:
    app_id = re.search(r"^AppId=\{(\{[0-9A-F-]{36}\})$", ISS, re.M)
    assert app_id is not None
    key = app_id.group(1) + "_is1"
    assert README.count(key) >= 2  # HKCU (per user) and HKLM (machine-wide) detection rules
    assert rf"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall\{key}" in README
    assert rf"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{key}" in README


def section(name: str) -> str:
    match = re.search(rf"^\[{re.escape(name)}\]\n(.*?)(?=^\[|\Z)", ISS, re.M | re.S)
    assert match is not None, name
    return "\n".join(line for line in match.group(1).splitlines() if line and not line.startswith(";"))


def test_an_upgrade_removes_the_old_program_libraries() -> None:
    assert section("InstallDelete").strip() == r'Type: filesandordirs; Name: "{app}\_internal"'
    spec = (ROOT / "installer" / "fieldwork.spec").read_text(encoding="utf-8")
    assert "contents_directory" not in spec  # PyInstaller's default folder, `_internal`, is the one deleted


def test_signing_happens_only_when_a_sign_tool_is_named() -> None:
    setup = section("Setup")
    assert "SignTool=" not in setup.split("#ifdef SignToolName")[0]  # never unconditional
    assert re.search(r"#ifdef SignToolName\nSignTool=\{#SignToolName\}\nSignedUninstaller=yes\n#endif", setup)
    assert re.search(r'#ifdef SignToolName\n\s+#define SignFlag "signonce"\n#else\n\s+#define SignFlag ""\n#endif',
                     ISS)
    files = section("Files").splitlines()
    for pattern in ("*.exe", "*.dll", "*.pyd"):  # every executable and library, signed unless already signed
        entry = next(line for line in files if f'Source: "{{#SourceDir}}\\{pattern}"' in line)
        assert entry.endswith("{#SignFlag}") and "recursesubdirs" in entry
    rest = next(line for line in files if 'Source: "{#SourceDir}\\*";' in line)
    assert 'Excludes: "*.exe,*.dll,*.pyd"' in rest and "recursesubdirs createallsubdirs" in rest


def test_a_machine_wide_uninstall_never_deletes_user_data() -> None:
    code = ISS[ISS.index("[Code]"):]
    assert "if not UninstallSilent() and not IsAdminInstallMode() then" in code


@pytest.mark.parametrize("mode", ["not IsAdminInstallMode", "IsAdminInstallMode"])
def test_shortcuts_exist_in_both_modes(mode: str) -> None:
    icons = [line for line in section("Icons").splitlines() if line.endswith(f"Check: {mode}")]
    assert len(icons) == 3  # Fieldwork, the demo, the optional desktop icon
    # per user, shortcuts start in the user's Documents; machine-wide, never the installing account's
    assert all(("{userdocs}" in line) == (mode == "not IsAdminInstallMode") for line in icons)
