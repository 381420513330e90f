"""The Windows version resource of fieldwork.exe and fieldwork-app.exe, made from pyproject.toml.

Intune detection rules, AppLocker/WDAC publisher rules, antivirus reputation and Explorer's Details tab read
it. The structures are PyInstaller's own (`PyInstaller.utils.win32.versioninfo`); this module only fills
them in and writes them as the text file the spec hands to `EXE(version=...)`. The spec writes the files
into PyInstaller's work folder on every build; PyInstaller embeds them on Windows, and `build.py` checks
them on every platform (installer/README.md).

Usage by hand: python installer/version_resource.py OUTPUT_FOLDER
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import PyInstaller.compat
from packaging.version import Version

if not hasattr(PyInstaller.compat, "win32api"):
    # versioninfo imports PyInstaller's win32api (used only to write a resource into a .exe, on Windows), which
    # PyInstaller defines on Windows alone; building, writing and parsing the structures need neither it nor
    # Windows, so give it the value it has on Windows during a source install and go on.
    PyInstaller.compat.win32api = None

from PyInstaller.utils.win32.versioninfo import (  # noqa: E402  (after the stand-in above)
    FixedFileInfo,
    StringFileInfo,
    StringStruct,
    StringTable,
    VarFileInfo,
    VarStruct,
    VSVersionInfo,
    load_version_info_from_text_file,
)

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = "Fieldwork"  # the name people see: Start menu, Task Manager, Programs and Features
LANGUAGE = 0x0409  # US English: the string table every reader looks up first
CODEPAGE = 1200  # Unicode
VOS_NT_WINDOWS32 = 0x40004
VFT_APP = 0x1


@dataclass(frozen=True)
class Executable:
    stem: str  # file name without .exe
    description: str  # FileDescription: what Task Manager shows for the running process


def executables(name: str) -> tuple[Executable, ...]:
    """The two executables the spec builds (installer/launch.py picks the role by the file name)."""
    return (Executable(name, f"{PRODUCT} command line"), Executable(f"{name}-app", PRODUCT))


def project(root: Path = ROOT) -> dict:
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def publisher(meta: dict) -> str:
    authors = meta.get("authors") or []
    if not authors or not authors[0].get("name"):
        raise ValueError("pyproject.toml names no author: the version resource's CompanyName comes from it")
    return str(authors[0]["name"])


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """pyproject's version as the four 16-bit numbers Windows compares: 1.2.3 -> (1, 2, 3, 0)."""
    release = Version(version).release
    if len(release) > 4 or any(part > 0xFFFF for part in release):
        raise ValueError(f"version {version!r} does not fit Windows' four 16-bit numbers")
    padded = (*release, 0, 0, 0, 0)[:4]
    return padded[0], padded[1], padded[2], padded[3]


def version_info(meta: dict, executable: Executable) -> VSVersionInfo:
    version = str(meta["version"])
    numbers = numeric_version(version)
    dotted = ".".join(map(str, numbers))
    company = publisher(meta)
    strings = [
        StringStruct("CompanyName", company),
        StringStruct("FileDescription", executable.description),
        StringStruct("FileVersion", dotted),
        StringStruct("InternalName", executable.stem),
        StringStruct("LegalCopyright", f"(c) {company}"),
        StringStruct("OriginalFilename", f"{executable.stem}.exe"),
        StringStruct("ProductName", PRODUCT),
        StringStruct("ProductVersion", version),
        StringStruct("Comments", str(meta.get("description", ""))),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=VOS_NT_WINDOWS32,
                          fileType=VFT_APP, subtype=0x0, date=(0, 0)),
        kids=[
            StringFileInfo([StringTable(f"{LANGUAGE:04X}{CODEPAGE:04X}", strings)]),
            VarFileInfo([VarStruct("Translation", [LANGUAGE, CODEPAGE])]),
        ],
    )


def write_version_files(folder: Path, root: Path = ROOT) -> dict[str, Path]:
    """One version file per executable in `folder`; returns {executable stem: file}."""
    meta = project(root)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for executable in executables(str(meta["name"])):
        path = folder / f"version-{executable.stem}.txt"
        path.write_text(str(version_info(meta, executable)) + "\n", encoding="utf-8")
        written[executable.stem] = path
    return written


def fields(info: VSVersionInfo) -> dict[str, str]:
    """The strings of a version resource, plus its fixed file and product versions as dotted numbers."""
    ffi = info.ffi
    found = {
        "filevers": f"{ffi.fileVersionMS >> 16}.{ffi.fileVersionMS & 0xFFFF}."
                    f"{ffi.fileVersionLS >> 16}.{ffi.fileVersionLS & 0xFFFF}",
        "prodvers": f"{ffi.productVersionMS >> 16}.{ffi.productVersionMS & 0xFFFF}."
                    f"{ffi.productVersionLS >> 16}.{ffi.productVersionLS & 0xFFFF}",
    }
    for kid in info.kids:
        if isinstance(kid, StringFileInfo):
            for table in kid.kids:
                found.update({string.name: string.val for string in table.kids})
    return found


def read_version_file(path: Path) -> dict[str, str]:
    """Parse a version file exactly as PyInstaller does before embedding it, and return its fields."""
    return fields(load_version_info_from_text_file(str(path)))


if __name__ == "__main__":
    for stem, path in write_version_files(Path(sys.argv[1] if len(sys.argv) > 1 else ".")).items():
        print(f"{stem}.exe: {path}")
