"""The framework's own words: placeholders in captions, sentences and list items, checked when a framework loads.

A template is text with placeholders in braces:

- `{name}`: a value, such as `{force}` or a count such as `{referred}`;
- `{name:words}`: a count in words ("two"), as reports write small numbers;
- `{one|many:name}`: the form that agrees with a count ("case|cases", "was|were"); inside a list item
  `{one|many}` agrees with the item's own count;
- `{{` and `}}`: literal braces.

Nothing else is read from a template: no attribute access, no indexing, no format specifications, so a
framework file can never reach into the program (str.format would).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
NAME = re.compile(r"[a-z][a-z0-9_]*\Z", re.IGNORECASE)
NUMBER_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen", "twenty")


class TemplateError(ValueError):
    """A template that cannot be filled: an unknown placeholder or a stray brace."""


def in_words(number: int) -> str:
    """Small counts in words, as reports print them; larger ones as digits."""
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def _parts(template: str) -> Iterable[tuple[str, str | None]]:
    """(literal text, placeholder body or None) pieces of a template, refusing stray braces."""
    position = 0
    for match in PLACEHOLDER.finditer(template):
        literal = template[position:match.start()]
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            yield literal + token[0], None
        elif match.group(1) is None:
            raise TemplateError(f"a lone '{token}' (write '{token * 2}' for a brace)")
        else:
            yield literal, match.group(1).strip()
    yield template[position:], None


def placeholders(template: str) -> list[tuple[str, str]]:
    """Every placeholder of a template as (kind, name): kind is 'value', 'words' or 'agree'."""
    found = []
    for _, body in _parts(template):
        if body is None:
            continue
        if ":" in body:
            head, _, tail = body.partition(":")
            head, tail = head.strip(), tail.strip()
            kind, name = ("agree", tail) if "|" in head else ("words", head) if tail == "words" else ("", "")
            if not kind or not NAME.match(name):
                raise TemplateError(f"'{{{body}}}' is not a placeholder (write {{name}}, {{name:words}} "
                                    "or {one|many:name})")
            found.append((kind, name))
        elif "|" in body:
            found.append(("agree", ""))  # agrees with the list item's own count
        elif NAME.match(body):
            found.append(("value", body))
        else:
            raise TemplateError(f"'{{{body}}}' is not a placeholder (write {{name}}, {{name:words}} "
                                "or {one|many:name})")
    return found


def check(template: str, values: Iterable[str], counts: Iterable[str], *, item: bool = False) -> None:
    """Refuse a template naming anything but the given values and counts."""
    values, counts = set(values), set(counts)
    for kind, name in placeholders(template):
        if kind == "value" and name not in values | counts:
            raise TemplateError(f"unknown placeholder '{{{name}}}'; known here: {', '.join(sorted(values | counts))}")
        if kind in ("words", "agree") and name and name not in counts:
            raise TemplateError(f"'{name}' is not a count; counts known here: {', '.join(sorted(counts))}")
        if kind == "agree" and not name and not item:
            raise TemplateError("'{one|many}' without ':count' only agrees inside a list item")


def fill(template: str, values: Mapping[str, str | int], own_count: int | None = None,
         *, counts: Mapping[str, str | int] | None = None) -> str:
    """The template with its placeholders replaced from values (counts print as digits); words and agreement
    read counts (by default the values)."""
    counts = values if counts is None else counts
    out: list[str] = []
    for literal, body in _parts(template):
        out.append(literal)
        if body is None:
            continue
        if ":" in body:
            head, _, tail = body.partition(":")
            head, tail = head.strip(), tail.strip()
            if "|" in head:
                one, _, many = head.partition("|")
                out.append(one if int(counts[tail]) == 1 else many)
            else:
                out.append(in_words(int(counts[head])))
        elif "|" in body:
            one, _, many = body.partition("|")
            out.append(one if own_count == 1 else many)
        elif body in values:
            out.append(str(values[body]))
        else:
            raise TemplateError(f"unknown placeholder '{{{body}}}'")
    return "".join(out)
