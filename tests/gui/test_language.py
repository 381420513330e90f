"""The interface language: chosen in View ▸ Language (kept in the settings), else the system's, else English."""

from __future__ import annotations

from desktop.laptop.language import ENGLISH, chosen_language, translation_files
from desktop.laptop.settings import Settings


def test_the_setting_wins_then_the_system_then_english() -> None:
    assert chosen_language("cy", "en_GB") == "cy"
    assert chosen_language("en", "cy_GB") == "en"
    assert chosen_language("system", "cy_GB") == "cy"
    assert chosen_language(None, "cy-GB") == "cy"
    assert chosen_language("system", "fr_FR") == ENGLISH
    assert chosen_language("klingon", "C") == ENGLISH
    assert translation_files(ENGLISH) == []


def test_choosing_cymraeg_in_the_view_menu_is_kept_for_the_next_start(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    actions = {a.data(): a for a in window.language_actions.actions()}
    assert set(actions) == {"system", "en", "cy"}
    assert actions["system"].isChecked()  # follows the laptop until someone chooses
    assert actions["cy"].text() == "Cymraeg"  # each language named in its own words
    actions["cy"].trigger()
    assert actions["cy"].isChecked()
    assert Settings().language == "cy"
    assert "next starts" in window.statusBar().currentMessage()
