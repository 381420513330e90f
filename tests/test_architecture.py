"""The layering of docs/architecture.md, pinned: every import of every shipped module, including the ones made
inside functions and under TYPE_CHECKING, read from the source with ast."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "exports", "desktop", "widgets", "resources")
OURS = PACKAGES

# What each layer may import of ours (its own layer is always allowed). Longest prefix wins.
ALLOWED: dict[str, tuple[str, ...]] = {
    "models": (),
    "exports": ("models",),
    "resources": (),
    "desktop.laptop": ("models",),
    "desktop.cli": ("models", "exports", "desktop.laptop"),
    "desktop.controllers": ("models", "exports", "desktop.laptop"),
    "widgets": ("models", "exports", "desktop.laptop", "desktop.controllers"),
    "desktop.app": ("models", "exports", "desktop.laptop", "desktop.controllers", "widgets"),
    "desktop.main": ("desktop.app", "desktop.cli"),
    "desktop.__main__": ("desktop.main",),
    "desktop": (),  # the package's own __init__
}
QT_ALLOWED = ("widgets", "desktop.controllers", "desktop.app")
# What a worker process imports to run a job: it must start without Qt, like models/ and exports/.
QT_FREE = ("desktop.controllers.jobs", "desktop.controllers.processes")
# Widgets call a controller to write files or touch the keyring; they may read settings, paths and versions.
NOT_FOR_WIDGETS = ("models.files", "desktop.laptop.secrets", "desktop.laptop.identity_store",
                   "desktop.laptop.first_run")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def shipped_modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def imports_of(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """Every module path imports, wherever the import statement stands, with its line."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, node.lineno
            for alias in node.names:  # `from models.team import merge` imports models.team.merge
                yield f"{target}.{alias.name}", node.lineno


def layer_of(name: str) -> str:
    best = ""
    for layer in ALLOWED:
        if (name == layer or name.startswith(layer + ".")) and len(layer) > len(best):
            best = layer
    return best


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def graph(modules: dict[str, Path]) -> dict[str, dict[str, int]]:
    """module -> {module of ours it imports: line}, for modules that exist (names of attributes dropped)."""
    edges: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        found: dict[str, int] = {}
        for target, line in imports_of(path, name):
            if target in modules and target != name:
                found.setdefault(target, line)
        edges[name] = found
    return edges


def layering_violations(modules: dict[str, Path]) -> list[str]:
    problems = []
    for name, path in modules.items():
        layer = layer_of(name)
        assert layer, f"{name} belongs to no layer: add it to ALLOWED and docs/architecture.md"
        qt_lines = set()
        for target, line in imports_of(path, name):
            where = f"{path.relative_to(ROOT)}:{line}"
            top = target.split(".")[0]
            qt_banned = not within(name, QT_ALLOWED) or within(name, QT_FREE)
            if top == "PySide6" and qt_banned and line not in qt_lines:
                qt_lines.add(line)
                problems.append(f"{where}: {name} imports Qt ({target})")
            if top not in OURS or target not in modules:
                continue
            if not within(target, (layer, *ALLOWED[layer])):
                problems.append(f"{where}: {name} ({layer}) imports {target}")
            elif layer == "widgets" and within(target, NOT_FOR_WIDGETS):
                problems.append(f"{where}: {name} imports {target}: widgets call a controller for that")
    return problems


def circles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each a circle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def without_packages(edges: dict[str, dict[str, int]], modules: dict[str, Path]) -> dict[str, dict[str, int]]:
    # a package's __init__ is imported on the way to every module in it: that is not a circle of code
    packages = {n for n, p in modules.items() if p.name == "__init__.py"}
    return {n: {t: line for t, line in e.items() if t not in packages} for n, e in edges.items()}


def test_every_layer_imports_only_what_it_may() -> None:
    assert layering_violations(shipped_modules()) == []


def test_no_circle_of_imports() -> None:
    modules = shipped_modules()
    assert circles(without_packages(graph(modules), modules)) == []


def test_only_the_service_reaches_into_its_database() -> None:
    """One door: outside models/inspection/, nobody touches the service's db or its private helpers."""
    reaches = []
    for name, path in shipped_modules().items():
        if name.startswith("models.inspection"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute | ast.Name):
                owner = node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id
                if owner.endswith("service") and (node.attr == "db" or node.attr.startswith("_")):
                    reaches.append(f"{path.relative_to(ROOT)}:{node.lineno}: {owner}.{node.attr}")
    assert reaches == []


# -- the checks themselves are checked: each must fail on the thing it forbids ----------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    modules = {}
    for name, source in files.items():
        path = tmp_path.joinpath(*name.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
        modules[name] = path
    return modules


@pytest.mark.parametrize(("name", "source", "expected"), [
    ("models.team.merge", "def f():\n    from exports.report import build_report\n", "imports exports.report"),
    ("exports.pdf", "from desktop.laptop.paths import demo_file\n", "imports desktop.laptop.paths"),
    ("desktop.controllers.inspection", "from widgets.case_panel import CasePanel\n", "imports widgets.case_panel"),
    ("desktop.cli.team", "import PySide6.QtCore\n", "imports Qt"),
    ("models.errors", "from PySide6 import QtCore\n", "imports Qt"),
    ("desktop.controllers.jobs", "def f():\n    from PySide6.QtCore import QTimer\n", "imports Qt"),
    ("widgets.case_panel", "from desktop.cli.base import Cli\n", "imports desktop.cli.base"),
    ("widgets.team_members_dialog", "from models.files import write_atomically\n", "call a controller"),
    ("widgets.main_window", "def f():\n    from desktop.laptop.secrets import KeyStore\n", "call a controller"),
])
def test_a_forbidden_import_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, source: str,
                                      expected: str) -> None:
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    targets = {"exports.report": "", "desktop.laptop.paths": "", "widgets.case_panel": "", "desktop.cli.base": "",
               "models.files": "", "desktop.laptop.secrets": ""}
    modules = _tree(tmp_path, {**targets, name: source})
    problems = layering_violations(modules)
    assert len(problems) == 1 and expected in problems[0]


def test_a_circle_is_caught(tmp_path: Path) -> None:
    modules = _tree(tmp_path, {"desktop.cli.a": "def f():\n    from desktop.cli import b\n",
                               "desktop.cli.b": "from desktop.cli.a import f\n"})
    assert circles(graph(modules)) == [["desktop.cli.a", "desktop.cli.b"]]
