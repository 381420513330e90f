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


def test_in_welsh_qt_s_own_buttons_speak_welsh_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance()
    files = translation_files("cy")
    assert any(f.name == "qtbase_cy.qm" for f in files)
    translators = []
    try:
        for path in files:
            translator = QTranslator()
            assert translator.load(str(path)), path
            app.installTranslator(translator)
            translators.append(translator)
        box = QMessageBox(QMessageBox.Icon.Question, "?", "?",
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QMessageBox.StandardButton.Ok).text() == "Iawn"
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "Canslo"
    finally:
        for translator in translators:
            app.removeTranslator(translator)
