"""The Windows version resource: generated from pyproject.toml, parsed back as PyInstaller parses it before
embedding it, handed to both executables by the spec, and checked by build.py."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from tests.installer.test_build_script import build

ROOT = Path(__file__).resolve().parents[2]
resource = build.version_resource()  # the module the spec loads, by path
SPEC = (ROOT / "installer" / "fieldwork.spec").read_text(encoding="utf-8")
ISS = (ROOT / "installer" / "windows" / "fieldwork.iss").read_text(encoding="utf-8")


def pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def test_the_version_files_carry_pyprojects_version_and_names(tmp_path: Path) -> None:
    meta = pyproject()
    written = resource.write_version_files(tmp_path)
    assert set(written) == {"fieldwork", "fieldwork-app"}
    major, minor, micro = (int(part) for part in meta["version"].split(".")[:3])
    dotted = f"{major}.{minor}.{micro}.0"
    for stem, path in written.items():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# UTF-8") and "VSVersionInfo(" in text
        fields = resource.read_version_file(path)  # PyInstaller's own loader, as EXE(version=...) uses
        assert fields["filevers"] == fields["prodvers"] == fields["FileVersion"] == dotted
        assert fields["ProductVersion"] == meta["version"]
        assert fields["ProductName"] == "Fieldwork"
        assert fields["CompanyName"] == meta["authors"][0]["name"]
        assert fields["OriginalFilename"] == f"{stem}.exe"
        assert fields["InternalName"] == stem
    app = resource.read_version_file(written["fieldwork-app"])
    cli = resource.read_version_file(written["fieldwork"])
    assert app["FileDescription"] == "Fieldwork"  # what Task Manager lists for the window
    assert cli["FileDescription"] == "Fieldwork command line"
    # the string table is the one the Translation entry names (US English, Unicode)
    assert re.search(r"StringTable\(\s*'040904B0'", written["fieldwork-app"].read_text(encoding="utf-8"))
    assert "VarStruct('Translation', [1033, 1200])" in written["fieldwork-app"].read_text(encoding="utf-8")


def test_the_publisher_is_the_same_everywhere() -> None:
    publisher = pyproject()["authors"][0]["name"]
    assert f'#define AppPublisher "{publisher}"' in ISS and "AppPublisher={#AppPublisher}" in ISS


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)), ("2.3", (2, 3, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)), ("1.4.0rc2", (1, 4, 0, 0)),
    ("1.4.0.post1", (1, 4, 0, 0)), ("65535.0.1", (65535, 0, 1, 0)),
])
def test_numeric_version(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert resource.numeric_version(version) == numbers


@pytest.mark.parametrize("version", ["65536.0.0", "1.2.3.4.5"])
def test_a_version_windows_cannot_hold_is_refused(version: str) -> None:
    with pytest.raises(ValueError, match="16-bit"):
        resource.numeric_version(version)


def test_the_spec_hands_the_generated_files_to_both_executables_on_windows() -> None:
    assert 'load_beside("fieldwork_version_resource", "version_resource.py").write_version_files(Path(workpath))' \
        in SPEC
    assert 'version=str(VERSION_FILES[name]) if sys.platform == "win32" else None' in SPEC
    assert SPEC.count("executable(") >= 3  # def, and one call per executable, each passing through EXE(version=)
    assert build.SPEC_WORK == build.WORK / "fieldwork"  # PyInstaller's workpath: --workpath + the spec's name


def test_build_checks_the_version_files_it_finds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if sys.platform == "win32":
        pytest.skip("on Windows build.py reads the resource from the .exe files")
    version = pyproject()["version"]
    with pytest.raises(build.BuildFailed, match="wrote no version file"):
        build.check_version_resource(tmp_path, "fieldwork", version, work=tmp_path)
    resource.write_version_files(tmp_path)
    build.check_version_resource(tmp_path, "fieldwork", version, work=tmp_path)
    assert "ok  version resource" in capsys.readouterr().out
    with pytest.raises(build.BuildFailed, match="ProductVersion"):
        build.check_version_resource(tmp_path, "fieldwork", "9.9.9", work=tmp_path)  # a stale file
    (tmp_path / "version-fieldwork-app.txt").write_text("not a version resource", encoding="utf-8")
    with pytest.raises(build.BuildFailed, match="does not parse"):
        build.check_version_resource(tmp_path, "fieldwork", version, work=tmp_path)
