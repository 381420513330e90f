"""Build the one-folder Fieldwork app with PyInstaller, then prove the frozen app works: headless,
offline, in a throw-away profile. Any failed step fails the build (exit 1).

Usage: python installer/build.py [--skip-build]   (normally via `make installer`)
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path, PureWindowsPath
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "fieldwork.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC_WORK = WORK / SPEC.stem  # PyInstaller's work folder for this spec; the spec writes the version files here
ISS = ROOT / "installer" / "windows" / "fieldwork.iss"
SAMPLE = ROOT / "resources" / "demo" / "sample.csv"
GRADINGS = ROOT / "resources" / "demo" / "gradings.csv"
DEMO_CASES = 89  # the demo reproduces the 89 cases of the reference report
STEP_TIMEOUT = 300
# The About dialog lists licences from package metadata, so the bundle must carry it for at least these.
LICENSED = ("fieldwork", "PySide6_Essentials", "PySide6_Addons", "shiboken6", "sqlcipher3", "SQLAlchemy", "keyring", "cryptography", "pyrage",
            "reportlab", "python-docx", "openpyxl", "platformdirs")
# What the bundle must not carry: the PostgreSQL driver (the `hq` extra) and the Qt parts the app never loads.
LEFT_OUT = re.compile(r"^(lib)?(psycopg|Qt6?WebEngine|Qt6?Pdf)")
# Variables that would let the frozen app reach the developer's profile, keychain or virtualenv.
SCRUBBED = ("DBUS_SESSION_BUS_ADDRESS", "FIELDWORK_PASSPHRASE", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV",
            "PYTHON_KEYRING_BACKEND", "FIELDWORK_DEBUG")


class BuildFailed(Exception):
    """A build or smoke-test step failed; the message says which and why."""


def project() -> tuple[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        meta = tomllib.load(handle)["project"]
    return meta["name"], meta["version"]


def offline_prefix() -> tuple[list[str], str]:
    """Run frozen steps in a fresh network namespace (no interfaces up), so any connection attempt fails."""
    for prefix in (["unshare", "--net"], ["unshare", "--map-root-user", "--net"]):
        if shutil.which("unshare") and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix, "network unavailable (" + " ".join(prefix) + ")"
    if os.environ.get("FIELDWORK_REQUIRE_OFFLINE"):
        raise BuildFailed("cannot cut the network (unshare unavailable) and FIELDWORK_REQUIRE_OFFLINE is set")
    return [], "WARNING: network NOT cut (no usable `unshare`); the offline claim is not proven by this run"


def bundle_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def check_licence_metadata(folder: Path) -> None:
    """Every key library's metadata (licence, licence files) is in the bundle for the About dialog."""
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    present = {normalised(p.name.rsplit(".", 1)[0].split("-")[0])  # "name-1.0.dist-info", "name.egg-info"
               for p in [*internal.glob("*.dist-info"), *internal.glob("*.egg-info")]}
    missing = [name for name in LICENSED if normalised(name) not in present]
    if missing:
        raise BuildFailed(f"the bundle lacks the package metadata of {', '.join(missing)} (About dialog, --version)")
    print(f"  ok  package metadata bundled for the About dialog ({len(present)} distributions)")


def inno_command(name: str, version: str) -> str:
    """The Inno Setup compile line, to run from the repository root on a Windows build machine. ISCC resolves
    the script's relative paths, SourceDir among them, against the script's own folder, not the current one."""
    source = PureWindowsPath(os.path.relpath(DIST / name, ISS.parent))
    script = PureWindowsPath(ISS.relative_to(ROOT))
    return f"ISCC /DAppVersion={version} /DSourceDir={source} {script}"


def check_left_out(folder: Path) -> None:
    """Nothing the app no longer needs crept back in (a new dependency, a hook, a wheel that moved a library)."""
    found = sorted({str(p.relative_to(folder)) for p in folder.rglob("*") if LEFT_OUT.match(p.name)})
    if found:
        raise BuildFailed(f"the bundle carries what it should leave out: {', '.join(found[:8])}")
    print("  ok  no PostgreSQL driver, QtWebEngine or QtPdf in the bundle")


def version_resource() -> ModuleType:
    """installer/version_resource.py, the generator the spec uses (loaded by path, as the spec does)."""
    name = "fieldwork_version_resource"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "version_resource.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def check_version_resource(folder: Path, name: str, version: str, work: Path = SPEC_WORK) -> None:
    """Each executable's version resource says what pyproject.toml says. On Windows it is read back from the
    .exe files; elsewhere (no resources in ELF or Mach-O files) from the version files the spec wrote for
    this build and would hand to PyInstaller on Windows, parsed exactly as PyInstaller parses them."""
    resource = version_resource()
    dotted = ".".join(map(str, resource.numeric_version(version)))
    for executable in resource.executables(name):
        expected = {"filevers": dotted, "prodvers": dotted, "FileVersion": dotted, "ProductVersion": version,
                    "ProductName": resource.PRODUCT, "FileDescription": executable.description,
                    "OriginalFilename": f"{executable.stem}.exe"}
        if sys.platform == "win32":
            from PyInstaller.utils.win32.versioninfo import read_version_info_from_executable

            where = folder / f"{executable.stem}.exe"
            info = read_version_info_from_executable(str(where))
            if info is None:
                raise BuildFailed(f"{where.name} carries no version resource (the spec's EXE(version=...))")
            found = resource.fields(info)
        else:
            where = work / f"version-{executable.stem}.txt"
            if not where.is_file():
                raise BuildFailed(f"the spec wrote no version file {where} for {executable.stem}.exe")
            try:
                found = resource.read_version_file(where)
            except (ValueError, AssertionError) as error:
                raise BuildFailed(f"{where} does not parse as a version resource: {error}") from None
        wrong = {key: found.get(key) for key, value in expected.items() if found.get(key) != value}
        if wrong:
            raise BuildFailed(f"the version resource of {executable.stem}.exe ({where}) has {wrong}, "
                              f"expected {expected}")
    how = "embedded in the .exe files" if sys.platform == "win32" else "version files parsed; embedded on Windows"
    print(f"  ok  version resource {dotted} for {', '.join(e.stem for e in resource.executables(name))} ({how})")


def build(name: str) -> Path:
    shutil.rmtree(DIST / name, ignore_errors=True)
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean",
               "--distpath", str(DIST), "--workpath", str(WORK), "--log-level", "WARN"]
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise BuildFailed("PyInstaller failed (see its output above)")
    folder = DIST / name
    if not (folder / name).exists() and not (folder / f"{name}.exe").exists():
        raise BuildFailed(f"PyInstaller finished but {folder / name} is missing")
    return folder


class FrozenSmokeTest:
    """Drives the frozen executables like an inspector would, in a temporary profile."""

    def __init__(self, folder: Path, name: str, version: str, temp: Path, prefix: list[str]) -> None:
        self.folder, self.name, self.version, self.temp, self.prefix = folder, name, version, temp, prefix
        self.home = temp / "home"
        self.work = temp / "inspections"
        self.work.mkdir()
        self.env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
        self.env.update({
            "FIELDWORK_HOME": str(self.home),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(temp / "runtime"),
            "QT_QPA_PLATFORM": "offscreen",
            "FIELDWORK_USER": "installer smoke test",
        })
        if sys.platform in ("win32", "darwin"):
            # Credential Manager / Keychain belong to the build machine's user: keep the test's keys out.
            # (On Linux the scrubbed D-Bus address already keeps the Secret Service out of reach.)
            self.env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        (temp / "runtime").mkdir(mode=0o700)
        self.passphrase = self.secret("passphrase.txt", "slate harbour quiver nettle 1852")
        self.wrong = self.secret("wrong.txt", "this is not the passphrase 000")

    def secret(self, name: str, text: str) -> str:
        path = self.temp / name
        path.write_text(text + "\n", encoding="utf-8")
        path.chmod(0o600)
        return str(path)

    def executable(self, gui: bool = False) -> str:
        base = f"{self.name}-app" if gui else self.name
        exe = self.folder / (base + (".exe" if os.name == "nt" else ""))
        return str(exe)

    def run(self, what: str, args: Sequence[str], gui: bool = False, expect: int = 0,
            with_stderr: bool = False) -> str:
        """Run one step; its standard output (and standard error too, with_stderr) for further checks."""
        started = time.perf_counter()
        try:
            done = subprocess.run([*self.prefix, self.executable(gui), *args], env=self.env, cwd=self.work,
                                  capture_output=True, text=True, timeout=STEP_TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise BuildFailed(f"{what}: no answer within {STEP_TIMEOUT} s") from None
        output = done.stdout + done.stderr
        if done.returncode != expect:
            raise BuildFailed(f"{what}: exit {done.returncode}, expected {expect}\n{output.strip()}")
        if "Traceback" in output:
            raise BuildFailed(f"{what}: the user would see a traceback\n{output.strip()}")
        print(f"  ok  {what} ({time.perf_counter() - started:.1f} s)")
        return output if with_stderr else done.stdout

    def case_refs(self) -> list[str]:
        with SAMPLE.open(newline="", encoding="utf-8") as handle:
            return [row["case_ref"] for row in csv.DictReader(handle)]

    def all_steps(self, source_json: str | None) -> None:
        pw = ["--passphrase-file", self.passphrase]
        out = self.run("--version", ["--version"]).strip()
        if out != f"{self.name} {self.version}":
            raise BuildFailed(f"--version printed {out!r}, expected '{self.name} {self.version}' (stale metadata?)")

        demo = self.work / "demo.fieldwork"
        self.run("create the demo inspection", [*pw, "demo", str(demo)])
        for gui in (False, True):
            out = self.run(f"{'fieldwork-app' if gui else 'fieldwork'} --smoke-test on the demo (main window, and "
                           "the cases read in a worker process)", ["--smoke-test", str(demo), "--worker", *pw], gui=gui)
            if not gui and f"({DEMO_CASES} cases shown)" not in out:
                raise BuildFailed(f"smoke test did not show the {DEMO_CASES} demo cases: {out.strip()}")
        # A file double-clicked while the app runs reaches it as a QFileOpenEvent (macOS), not in argv.
        self.run("fieldwork-app --smoke-test --file-open-event on the demo (the system's open-file request)",
                 ["--smoke-test", str(demo), "--file-open-event", *pw], gui=True)
        demo_json = self.run("demo report tables as JSON", [*pw, "tables", str(demo), "--format", "json"])
        if json.loads(demo_json)["total"] != DEMO_CASES:
            raise BuildFailed(f"the frozen demo tables do not total {DEMO_CASES}")
        if source_json is not None and comparable(source_json) != comparable(demo_json):
            raise BuildFailed("the frozen app's demo tables differ from the source tree's")

        work = self.work / "testshire.fieldwork"
        self.run("create an encrypted inspection",
                 [*pw, "new", str(work), "--force", "Testshire Constabulary", "--force-term", "constabulary",
                  "--chief-officer", "Chief Constable A. Example"])
        if work.read_bytes()[:16] == b"SQLite format 3\x00":
            raise BuildFailed(f"{work} has a plaintext SQLite header: it is not encrypted")
        self.run("import the case sample", [*pw, "import-sample", str(work), str(SAMPLE)])
        self.run("import the gradings", [*pw, "import-grades", str(work), str(GRADINGS)])
        pdf = self.temp / "out" / "testshire-tables.pdf"
        pdf.parent.mkdir()
        self.run("write the report tables PDF", [*pw, "tables", str(work), "--format", "pdf", "-o", str(pdf)])
        check_pdf(pdf)
        self.run("verify the audit chain", [*pw, "verify-audit", str(work)])
        # Letters are a deliberate export with case references, so they go to their own folder.
        letters = self.temp / "letters"
        letters.mkdir()
        self.run("write the referral letters (letter templates, fonts)",
                 [*pw, "letters", str(work), "-o", str(letters), "--date", "2017-06-01"])
        written = sorted(letters.glob("*.pdf"))
        if len(written) < 2 or any(p.read_bytes()[:5] != b"%PDF-" for p in written):
            raise BuildFailed(f"expected referral letter PDFs in {letters}, found {[p.name for p in written]}")
        self.run("wrong passphrase is refused with a message", ["--passphrase-file", self.wrong, "tables",
                                                                str(work)], expect=1)
        out = self.run("headquarters commands without the PostgreSQL driver say how to get it",
                       ["national", "--database", "postgresql://hq@hq.invalid/national"], expect=1,
                       with_stderr=True)
        if "fieldwork[hq]" not in out:
            raise BuildFailed(f"`fieldwork national` did not name the hq extra: {out.strip()}")
        self.check_no_plaintext_case_data()

    def check_no_plaintext_case_data(self) -> None:
        """Profile, logs, settings and the encrypted files must not hold a case reference in the clear."""
        refs = [ref.encode() for ref in self.case_refs()]
        for path in [*self.home.rglob("*"), *self.work.rglob("*"), *(self.temp / "out").rglob("*")]:
            if path.is_file():
                data = path.read_bytes()
                leaked = next((ref for ref in refs if ref in data), None)
                if leaked:
                    raise BuildFailed(f"{path} contains case reference {leaked.decode()} in plaintext")
        print("  ok  no case reference in plaintext in the profile, logs or inspection files")


def comparable(tables_json: str) -> dict:
    """Report tables without the inspection's random id, which differs between two demo files."""
    tables = json.loads(tables_json)
    tables.get("inspection", {}).pop("id", None)
    return tables


def check_pdf(pdf: Path) -> None:
    if pdf.read_bytes()[:5] != b"%PDF-":
        raise BuildFailed(f"{pdf} is not a PDF")
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a dev extra; the header check above still ran
        return
    text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    if "Table 1" not in text:
        raise BuildFailed(f"{pdf} has no 'Table 1' (text starts {text[:80]!r})")


def source_tables(temp: Path) -> str | None:
    """The same demo tables from the source tree, to compare the frozen output against."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update({"FIELDWORK_HOME": str(temp / "source-home"), "QT_QPA_PLATFORM": "offscreen",
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    demo = temp / "source-demo.fieldwork"
    base = [sys.executable, "-m", "desktop", "--passphrase-file", str(temp / "passphrase.txt")]
    made = subprocess.run([*base, "demo", str(demo)], cwd=ROOT, env=env, capture_output=True, text=True)
    done = subprocess.run([*base, "tables", str(demo), "--format", "json"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if made.returncode or done.returncode:
        print(f"  note: could not compute the source tree's tables ({(made.stderr + done.stderr).strip()})")
        return None
    return done.stdout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="smoke-test the existing dist/ folder")
    args = parser.parse_args(argv)
    name, version = project()
    try:
        prefix, network = offline_prefix()
        started = time.perf_counter()
        folder = DIST / name if args.skip_build else build(name)
        built = time.perf_counter() - started
        size, count = bundle_size(folder)
        before = snapshot(folder)
        check_licence_metadata(folder)
        check_version_resource(folder, name, version)
        check_left_out(folder)
        print(f"Smoke-testing the frozen {name} {version} in {folder}: headless, {network}")
        smoke_started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="fieldwork-smoke-") as temp_name:
            smoke = FrozenSmokeTest(folder, name, version, Path(temp_name), prefix)
            smoke.all_steps(source_tables(Path(temp_name)))
        smoked = time.perf_counter() - smoke_started
        if snapshot(folder) != before:
            raise BuildFailed(f"the app wrote or changed files next to the executable in {folder}")
        print("  ok  nothing written next to the executable")
    except BuildFailed as error:
        print(f"installer: BUILD FAILED: {error}", file=sys.stderr)
        return 1
    print(f"\n{name} {version}: bundle {size / 2**20:.0f} MiB in {count} files ({folder})")
    print(f"build {'skipped' if args.skip_build else f'{built:.0f} s'}, smoke test {smoked:.0f} s")
    print("Windows installer (on a Windows build machine, from the repository root):")
    print(f"  {inno_command(name, version)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
