"""Showing text that came from outside (a package's manifest, an identity card, a file name on a stick).

Such text is shown, never obeyed: a newline could forge a line of a merge report, a terminal escape could
rewrite the screen, a right-to-left override could reverse what a name seems to say. Every character that
controls rather than prints is written as an escape instead.
"""

from __future__ import annotations

import unicodedata

SHOWN_CHARACTERS = 120  # a name or a file name; anything longer is cut, so it cannot flood a screen
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(ch: str) -> str:
    if ch in NAMED:
        return NAMED[ch]
    point = ord(ch)
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def _controls(ch: str) -> bool:
    # Cc controls, Cf format (bidi overrides, zero-width), Cs/Co/Cn, and the line and paragraph separators
    category = unicodedata.category(ch)
    return category[0] == "C" or category in ("Zl", "Zp")


def printable(text: object, limit: int | None = SHOWN_CHARACTERS) -> str:
    """text with every control character escaped, cut to limit characters (None: never cut)."""
    raw = str(text)
    cut = limit is not None and len(raw) > limit
    if cut:
        raw = raw[:limit]
    shown = "".join(_escaped(ch) if _controls(ch) else ch for ch in raw)
    return shown + "…" if cut else shown
