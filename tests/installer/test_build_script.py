"""installer/build.py's checks fail when they should, with stand-in executables (no PyInstaller run here;
`make installer` runs the real frozen app). Also the Windows script and the frozen entry point."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[2]


def load(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and the like look the module up by name
    spec.loader.exec_module(module)
    return module


build = load("fieldwork_installer_build", ROOT / "installer" / "build.py")
launch = load("fieldwork_installer_launch", ROOT / "installer" / "launch.py")


def fake_app(tmp_path: Path, script: str) -> Path:
    folder = tmp_path / "dist" / "fieldwork"
    folder.mkdir(parents=True)
    exe = folder / "fieldwork"
    exe.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    exe.chmod(0o755)
    return folder


def smoke(tmp_path: Path, script: str):  # type: ignore[no-untyped-def]
    temp = tmp_path / "smoke"
    temp.mkdir()
    return build.FrozenSmokeTest(fake_app(tmp_path, script), "fieldwork", "0.1.0", temp, [])


def test_project_reads_name_and_version_from_pyproject() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        meta = tomllib.load(handle)["project"]
    assert build.project() == (meta["name"], meta["version"])


def test_a_failing_step_fails_the_build(tmp_path: Path) -> None:
    test = smoke(tmp_path, 'echo "fieldwork: cannot open" >&2; exit 1')
    with pytest.raises(build.BuildFailed, match="exit 1, expected 0"):
        test.run("open", ["tables", "x.fieldwork"])


def test_a_traceback_fails_the_build_even_with_exit_0(tmp_path: Path) -> None:
    test = smoke(tmp_path, 'echo "Traceback (most recent call last):" >&2; exit 0')
    with pytest.raises(build.BuildFailed, match="traceback"):
        test.run("open", [])


def test_a_passing_step_returns_stdout_in_the_throwaway_profile(tmp_path: Path) -> None:
    test = smoke(tmp_path, 'echo "$FIELDWORK_HOME|$QT_QPA_PLATFORM|${FIELDWORK_PASSPHRASE:-none}"')
    home, platform, passphrase = test.run("env", []).strip().split("|")
    assert home == str(test.home) and home.startswith(str(tmp_path))
    assert platform == "offscreen"
    assert passphrase == "none"  # passphrases only ever come from the files the steps pass


def test_a_step_can_check_what_went_to_stderr(tmp_path: Path) -> None:
    test = smoke(tmp_path, "echo out; echo \"fieldwork: pip install 'fieldwork[hq]'\" >&2; exit 1")
    assert test.run("hq", ["national"], expect=1).strip() == "out"
    both = test.run("hq", ["national"], expect=1, with_stderr=True)
    assert "out" in both and "fieldwork[hq]" in both


def test_wrong_version_fails(tmp_path: Path) -> None:
    test = smoke(tmp_path, 'echo "fieldwork 0.0.9"')
    with pytest.raises(build.BuildFailed, match="stale metadata"):
        test.all_steps(None)


def test_plaintext_case_reference_in_the_profile_fails(tmp_path: Path) -> None:
    test = smoke(tmp_path, "exit 0")
    test.check_no_plaintext_case_data()  # clean profile: passes
    (test.home / "logs").mkdir(parents=True)
    (test.home / "logs" / "fieldwork.log").write_text("opened case DEMO-0042\n", encoding="utf-8")
    with pytest.raises(build.BuildFailed, match="DEMO-0042"):
        test.check_no_plaintext_case_data()


def test_pdf_check(tmp_path: Path) -> None:
    not_pdf = tmp_path / "tables.pdf"
    not_pdf.write_text("Table 1", encoding="utf-8")
    with pytest.raises(build.BuildFailed, match="not a PDF"):
        build.check_pdf(not_pdf)
    for name, text in (("good.pdf", "Table 1: Self-assessed cases"), ("empty.pdf", "Nothing here")):
        page = canvas.Canvas(str(tmp_path / name))
        page.drawString(72, 720, text)
        page.save()
    build.check_pdf(tmp_path / "good.pdf")
    with pytest.raises(build.BuildFailed, match="no 'Table 1'"):
        build.check_pdf(tmp_path / "empty.pdf")


def test_snapshot_sees_files_written_next_to_the_executable(tmp_path: Path) -> None:
    folder = fake_app(tmp_path, "exit 0")
    before = build.snapshot(folder)
    assert build.snapshot(folder) == before
    (folder / "settings.json").write_text("{}", encoding="utf-8")
    assert build.snapshot(folder) != before


def test_offline_prefix_really_cuts_the_network() -> None:
    prefix, note = build.offline_prefix()
    if not prefix:
        if os.environ.get("CI"):
            pytest.fail(f"CI must prove the frozen app offline: {note}")
        pytest.skip(note)
    # Inside the new namespace the only network interface is loopback: there is no way out at all.
    probe = "import socket; print(sorted(name for _, name in socket.if_nameindex()))"
    inside = subprocess.run([*prefix, sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    outside = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert inside.stdout.strip() == "['lo']"
    assert outside.stdout.strip() != inside.stdout.strip()  # the probe can tell the difference


def test_launcher_picks_cli_or_window_by_executable_name(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[str] = []
    monkeypatch.setattr("desktop.app.run_app", lambda argv: calls.append(f"app {list(argv)}") or 0)
    monkeypatch.setattr("desktop.main.main", lambda: calls.append("cli") or 0)
    monkeypatch.setattr(sys, "argv", ["fieldwork-app", "Leeds.fieldwork"])
    monkeypatch.setattr(sys, "executable", "/opt/fieldwork/fieldwork-app")
    assert launch.start() == 0
    monkeypatch.setattr(sys, "executable", "C:\\Fieldwork\\fieldwork.exe")
    assert launch.start() == 0
    assert calls == ["app ['Leeds.fieldwork']", "cli"]


ISS = (ROOT / "installer" / "windows" / "fieldwork.iss").read_text(encoding="utf-8")
SPEC = (ROOT / "installer" / "fieldwork.spec").read_text(encoding="utf-8")


def test_windows_installer_is_per_user_by_default_and_machine_wide_on_request() -> None:
    assert re.search(r"^PrivilegesRequired=lowest$", ISS, re.M)  # no administrator rights unless asked
    assert re.search(r"^PrivilegesRequiredOverridesAllowed=commandline dialog$", ISS, re.M)  # /ALLUSERS
    # %LOCALAPPDATA%\Programs per user, Program Files machine-wide
    assert re.search(r"^DefaultDirName=\{autopf\}", ISS, re.M)
    roots = re.findall(r"^Root: (\w+);", ISS, re.M)
    assert roots and set(roots) == {"HKA"}  # HKCU per user, HKLM machine-wide; never one hard-wired


def test_windows_installer_associates_fieldwork_files_with_the_window_executable() -> None:
    assert 'f"{NAME}-app"' in SPEC and '#define AppExe "fieldwork-app.exe"' in ISS
    assert r'Subkey: "Software\Classes\.fieldwork"' in ISS
    assert '"""{app}\\{#AppExe}"" ""%1"""' in ISS
    assert "{autoprograms}" in ISS  # Start-menu entry


def test_windows_uninstall_keeps_user_data_unless_asked() -> None:
    code = ISS[ISS.index("[Code]"):]
    assert "RemoveUserData := False;" in code
    assert "MB_DEFBUTTON2" in code  # "No" (keep the data) is the default answer
    assert re.search(r"if \(CurUninstallStep = usPostUninstall\) and RemoveUserData then\s+DelTree", code)


def test_the_icons_the_installers_name_are_shipped_and_valid() -> None:
    from PIL import Image

    setup_icon = re.search(r"^SetupIconFile=(.+)$", ISS, re.M)
    assert setup_icon is not None
    path = (ROOT / "installer" / "windows" / setup_icon.group(1).replace("\\", "/")).resolve()
    assert path == ROOT / "resources" / "icons" / "fieldwork.ico"
    with Image.open(path) as ico:  # every size Windows asks for, down to the 16 px of a file list
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ROOT / "resources" / "icons" / "fieldwork.icns") as icns:
        assert icns.format == "ICNS"
    assert '{"win32": "fieldwork.ico", "darwin": "fieldwork.icns"}' in SPEC


def test_windows_version_must_be_injected() -> None:
    assert "#ifndef AppVersion" in ISS and "#error" in ISS
    assert "AppVersion={#AppVersion}" in ISS


def test_missing_licence_metadata_fails(tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    internal.mkdir()
    for name in build.LICENSED:
        (internal / f"{name.replace('-', '_')}-1.0.dist-info").mkdir()
    (internal / "fieldwork-1.0.dist-info").rename(internal / "fieldwork.egg-info")
    build.check_licence_metadata(tmp_path)  # all there (fieldwork as an egg-info): passes
    (internal / "sqlcipher3-1.0.dist-info").rmdir()
    with pytest.raises(build.BuildFailed, match="sqlcipher3"):
        build.check_licence_metadata(tmp_path)


def test_what_the_bundle_leaves_out_must_stay_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    internal = tmp_path / "_internal"
    (internal / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (internal / "PySide6" / "Qt" / "lib" / "libQt6Charts.so.6").write_bytes(b"")
    (internal / "PySide6" / "QtCharts.abi3.so").write_bytes(b"")
    build.check_left_out(tmp_path)  # QtCharts stays
    assert "ok  no PostgreSQL driver" in capsys.readouterr().out
    for n, intruder in enumerate(("psycopg/__init__.pyc", "psycopg_binary.libs/libpq.so",
                                  "PySide6/Qt/lib/libQt6WebEngineCore.so.6", "PySide6/QtPdf.abi3.so",
                                  "PySide6/Qt6Pdf.dll")):
        bundle = tmp_path / f"bundle{n}"
        (bundle / "_internal" / intruder).parent.mkdir(parents=True)
        (bundle / "_internal" / intruder).write_bytes(b"")
        with pytest.raises(build.BuildFailed, match="leave out"):
            build.check_left_out(bundle)
