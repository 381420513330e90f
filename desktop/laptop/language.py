"""Which language the interface speaks: the one chosen in the settings, else the system's, else English.

The translations are Qt's own: resources/i18n/fieldwork_<code>.ts (made by pyside6-lupdate, edited in Qt
Linguist) compiled to .qm (pyside6-lrelease). A translation still marked "unfinished" in the .ts is a draft awaiting
review by a speaker of the language; it is shipped and shown, and the About box says so.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "i18n"
ENGLISH = "en"
# The interface languages shipped, by ISO 639-1 code, each named in its own language.
LANGUAGES = {ENGLISH: "English", "cy": "Cymraeg"}
SYSTEM = "system"  # the setting that follows the laptop's language


def chosen_language(setting: str | None, system_locale: str) -> str:
    """The code of the language to show: the setting when it names a shipped language, else the system's
    ("cy_GB" -> "cy") when shipped, else English."""
    if setting in LANGUAGES:
        return setting
    system = system_locale.replace("-", "_").split("_")[0].lower()
    return system if system in LANGUAGES else ENGLISH


def translation_files(language: str) -> list[Path]:
    """The compiled translations to load for a language (none for English, the source language)."""
    if language == ENGLISH:
        return []
    return sorted(p for p in (I18N_DIR / f"fieldwork_{language}.qm", I18N_DIR / f"qtbase_{language}.qm")
                  if p.is_file())


def framework_words(language: str) -> dict[str, str]:
    """The shipped frameworks' words (English text -> translation) for the interface in language: grade names
    and descriptors, case types, topics, referral reasons. None for English; documents never use them."""
    path = I18N_DIR / f"framework_words_{language}.toml"
    if language == ENGLISH or not path.is_file():
        return {}
    words = tomllib.loads(path.read_text(encoding="utf-8")).get("words", {})
    return {str(english): str(shown) for english, shown in words.items()}

