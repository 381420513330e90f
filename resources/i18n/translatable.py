"""Find (and mark) the interface's words that reach the screen as bare English, so Qt's tools can translate them.

    python resources/i18n/translatable.py widgets desktop/app.py            # list unmarked texts, exit 1 if any
    python resources/i18n/translatable.py --mark widgets desktop/app.py     # wrap them in tr()

A text is a string (or an f-string) given directly to a call that puts it on screen: a label, a button, a menu,
a window title, a tooltip, an accessible name, a message box. Inside a method of a Qt class it becomes
`self.tr("…")`; elsewhere `QCoreApplication.translate("<module>", "…")`. An f-string becomes a template with
named fields, `self.tr("Undo {edit}").format(edit=…)`, so the translator can move the fields. The translations
themselves live in fieldwork_<lang>.ts (made by pyside6-lupdate) and ship compiled as .qm.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# Calls that show a text, and which positional arguments are texts.
SHOWN: dict[str, tuple[int, ...]] = {
    "addMenu": (0,), "setText": (0,), "setWindowTitle": (0,), "setToolTip": (0,), "setStatusTip": (0,),
    "setPlaceholderText": (0,), "setTitle": (0,), "addTab": (1,), "setTabText": (1,), "showMessage": (0,),
    "addRow": (0,), "setAccessibleName": (0,), "setAccessibleDescription": (0,), "setInformativeText": (0,),
    "setSubTitle": (0,), "setButtonText": (1,), "setLabelText": (0,), "setWhatsThis": (0,),
    "QLabel": (0,), "QPushButton": (0,), "QCheckBox": (0,), "QRadioButton": (0,), "QGroupBox": (0,),
    "QAction": (0,), "QToolBar": (0,), "QMessageBox": (1, 2), "information": (1, 2), "warning": (1, 2),
    "critical": (1, 2), "question": (1, 2), "getText": (1, 2), "getItem": (1, 2), "getSaveFileName": (1,),
    "getOpenFileName": (1,), "getExistingDirectory": (1,), "_action": (1,), "known": (0,), "inform": (0,),
    "_combo": (0,), "buddy_label": (0,), "setPlainText": (0,), "setHtml": (0,), "problem_label": (0,),
    "ok_cancel": (1,), "show_status": (1,),
}
HEADER_LISTS = {"setHorizontalHeaderLabels", "setHeaderLabels", "setVerticalHeaderLabels"}
# Column headings held in a tuple (a table model's `headings`): marked with QT_TRANSLATE_NOOP in the "Headers"
# context, and translated where the model hands them to the view (record_model.RecordTableModel.headerData).
HEADING_NAMES = {"HEADERS", "HEADINGS", "headings"}
QT_BASE = re.compile(r"^Q[A-Z]")
NOT_TRANSLATED = "# not translated"  # on a line whose text is a document's, not the interface's
WORDS = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class Text:
    """One unmarked text: where it is, and what replaces it."""

    path: Path
    line: int
    column: int
    end_line: int
    end_column: int
    source: str
    replacement: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source[:70]}"


def _qt_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """Classes that are QObjects: a base named Q… or another such class (followed across the files given)."""
    bases: dict[str, list[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [ast.unparse(b).split(".")[-1] for b in node.bases]
    qt: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, of in bases.items():
            if name not in qt and any(QT_BASE.match(b) or b in qt for b in of):
                qt.add(name)
                changed = True
    return qt


def _field_name(expression: ast.expr, taken: set[str]) -> str:
    """A readable field name for an f-string's expression: `case.ref` -> ref, `len(rows)` -> rows."""
    keys = [n.slice.value for n in ast.walk(expression) if isinstance(n, ast.Subscript)
            and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)]  # mark["by"] -> by
    names = keys or [n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(expression)
                     if isinstance(n, (ast.Attribute, ast.Name))
                     and not (isinstance(n, ast.Name) and n.id in {"len", "str", "self"})]
    base = re.sub(r"\W", "_", names[0] if names else "value").strip("_").lower() or "value"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def _template(node: ast.JoinedStr) -> tuple[str, list[tuple[str, str]]] | None:
    """An f-string as a format template and its fields; None where it has format specs or conversions."""
    parts: list[str] = []
    fields: list[tuple[str, str]] = []
    taken: set[str] = set()
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            parts.append(value.value.replace("{", "{{").replace("}", "}}"))
        elif isinstance(value, ast.FormattedValue):
            if value.format_spec is not None or value.conversion != -1:
                return None
            name = _field_name(value.value, taken)
            fields.append((name, ast.unparse(value.value)))
            parts.append("{" + name + "}")
        else:
            return None
    return "".join(parts), fields


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path, qt: set[str], source: str) -> None:
        self.path, self.qt, self.source = path, qt, source
        self.lines = source.splitlines()
        self.context = path.stem
        self.classes: list[str] = []
        self.in_method: list[bool] = []
        self.found: list[Text] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802 (ast's name)
        self.classes.append(node.name)
        self.in_method.append(False)
        self.generic_visit(node)
        self.classes.pop()
        self.in_method.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802 (ast's name)
        method = bool(self.classes) and bool(node.args.args) and node.args.args[0].arg == "self"
        self.in_method.append(method)
        self.generic_visit(node)
        self.in_method.pop()

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802 (ast's name)
        named = {t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else ""
                 for t in node.targets}
        if named & HEADING_NAMES and isinstance(node.value, ast.Tuple):
            for element in node.value.elts:
                if isinstance(element, ast.Constant) and isinstance(element.value, str) and WORDS.search(element.value):
                    self._add(element, f'QT_TRANSLATE_NOOP("Headers", {self._source(element)})')
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802 (ast's name)
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            node.func.id if isinstance(node.func, ast.Name) else ""
        if name in SHOWN:
            for position in SHOWN[name]:
                if position < len(node.args):
                    self._text(node.args[position])
        elif name in HEADER_LISTS and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
            for element in node.args[0].elts:
                self._text(element)
        self.generic_visit(node)

    def _text(self, node: ast.expr) -> None:
        if NOT_TRANSLATED in self.lines[node.lineno - 1]:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not WORDS.search(node.value):
                return
            literal, fields = ast.get_source_segment(self.source, node), []
        elif isinstance(node, ast.JoinedStr):
            shaped = _template(node)
            if shaped is None or not WORDS.search(shaped[0]):
                return
            escaped = shaped[0].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            literal, fields = f'"{escaped}"', shaped[1]
        else:
            return
        if literal is None:
            return
        method = bool(self.in_method) and self.in_method[-1] and self.classes and self.classes[-1] in self.qt
        call = f"self.tr({literal})" if method else f'QCoreApplication.translate("{self.context}", {literal})'
        if fields:
            call += ".format(" + ", ".join(f"{name}={expression}" for name, expression in fields) + ")"
        self._add(node, call)

    def _source(self, node: ast.expr) -> str:
        return ast.get_source_segment(self.source, node) or ""

    def _add(self, node: ast.expr, replacement: str) -> None:
        assert node.end_lineno is not None and node.end_col_offset is not None
        self.found.append(Text(self.path, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset,
                               self._source(node), replacement))


def find(paths: list[Path]) -> list[Text]:
    files = [f for p in paths for f in (sorted(p.rglob("*.py")) if p.is_dir() else [p])]
    sources = {f: f.read_text(encoding="utf-8") for f in files}
    trees = {f: ast.parse(s) for f, s in sources.items()}
    qt = _qt_classes(trees)
    found: list[Text] = []
    for f, tree in trees.items():
        finder = _Finder(f, qt, sources[f])
        finder.visit(tree)
        found += finder.found
    return found


def _offset(lines: list[str], line: int, column: int) -> int:
    """A character offset from ast's (1-based line, UTF-8 byte column)."""
    before = sum(len(text) + 1 for text in lines[: line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:column].decode("utf-8"))


def mark(texts: list[Text]) -> None:
    by_file: dict[Path, list[Text]] = {}
    for text in texts:
        by_file.setdefault(text.path, []).append(text)
    for path, items in by_file.items():
        source = path.read_text(encoding="utf-8")
        lines = source.split("\n")
        for item in sorted(items, key=lambda t: (t.line, t.column), reverse=True):
            start = _offset(lines, item.line, item.column)
            end = _offset(lines, item.end_line, item.end_column)
            source = source[:start] + item.replacement + source[end:]
        for name, module in (("QCoreApplication", "PySide6.QtCore"), ("QT_TRANSLATE_NOOP", "widgets.translation")):
            if f"{name}(" in source.replace(f"{name}.translate(", f"{name}(") and not re.search(
                    rf"^from {re.escape(module)} import .*\b{name}\b", source, re.MULTILINE):
                source = re.sub(r"^(from __future__ import annotations\n)", rf"\1\nfrom {module} import {name}\n",
                                source, count=1, flags=re.MULTILINE)
        path.write_text(source, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--mark", action="store_true", help="wrap every unmarked text in place")
    args = parser.parse_args(argv)
    texts = find(args.paths)
    if args.mark:
        mark(texts)
        print(f"Marked {len(texts)} text(s) for translation.")
        return 0
    for text in texts:
        print(text)
    return 1 if texts else 0


if __name__ == "__main__":
    sys.exit(main())
