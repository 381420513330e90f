"""The interface language: chosen in View ▸ Language (kept in the settings), else the system's, else English."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from desktop.controllers.inspection import shown_language
from desktop.laptop.language import (
    ENGLISH,
    I18N_DIR,
    chosen_language,
    framework_words,
    translation_files,
)
from desktop.laptop.settings import Settings
from tests.gui.conftest import _window_on

ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"


def _load_checker() -> ModuleType:
    """resources/i18n/translatable.py, a script beside the translations rather than a shipped module."""
    spec = importlib.util.spec_from_file_location("translatable", I18N_DIR / "translatable.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["translatable"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


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


def _welsh(app):  # type: ignore[no-untyped-def]
    """Welsh as `fieldwork --language cy` starts it: Qt's translators, and the default locale that tells the
    rest (the framework's words, dates) which language the interface speaks."""
    from PySide6.QtCore import QLocale, QTranslator

    previous = QLocale()  # the default locale, restored by _english_again
    QLocale.setDefault(QLocale("cy"))
    translators = []
    for path in translation_files("cy"):
        translator = QTranslator()
        assert translator.load(str(path)), path
        app.installTranslator(translator)
        translators.append(translator)
    return previous, translators


def test_the_app_started_in_welsh(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The main window built after the Welsh translation is loaded, as `fieldwork --language cy` does."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    previous, translators = _welsh(app)
    try:
        window = next(_window_on(qtbot, demo_path))
        window.resize(1366, 768)
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[:6] == ["&Ffeil", "&Golygu", "&Achos", "&Tîm", "Gwe&ld", "&Cymorth"]
        assert window.tabs.tabText(0) != "Cases"
        assert window.cases is not None and window.cases.search.placeholderText().startswith("Canfod")
        qtbot.wait(50)
        out = SCREENSHOTS / "welsh"
        out.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out / "main-window-cy.png"))
        window.close_inspection()
    finally:
        _english_again(app, previous, translators)


def _english_again(app, previous, translators) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    QLocale.setDefault(previous)
    for translator in translators:
        app.removeTranslator(translator)


def test_the_framework_s_words_in_welsh_on_screen_and_english_in_documents(qtbot, demo_path: Path,
                                                                             tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from exports.writers import write_tables
    from widgets.case_model import COL_GRADE, COL_TYPE

    app = QApplication.instance()
    previous, translators = _welsh(app)
    try:
        assert shown_language() == "cy"
        window = next(_window_on(qtbot, demo_path))
        assert window.cases is not None and window.controller is not None
        model = window.cases.model
        first = model.index(0, COL_TYPE)
        assert model.data(first) == "Mewn perygl o gamfanteisio rhywiol"  # DEMO-0001, at risk of sexual exploitation
        assert model.data(model.index(0, COL_GRADE)) == "Annigonol"
        assert "Mewn perygl o gamfanteisio rhywiol" in window.cases.panel.heading.text()
        buttons = [b.text() for b in window.cases.panel.grade_group.buttons()]
        assert any(text.startswith("Da") for text in buttons), buttons
        types = [window.cases.case_type.itemText(i) for i in range(window.cases.case_type.count())]
        assert "Plentyn yn y ddalfa" in types and "Child in custody" not in types
        # the keys and the stored framework are untouched: the documents keep the framework's own words
        out = tmp_path / "tables.csv"
        write_tables(window.controller.service, "csv", out)
        written = out.read_text(encoding="utf-8")
        assert "Child in custody" in written and "Requiring improvement" in written
        assert "Plentyn" not in written and "Angen gwella" not in written
        window.close_inspection()
    finally:
        _english_again(app, previous, translators)
    assert shown_language() == ENGLISH


def test_the_welsh_framework_words_cover_every_shipped_framework() -> None:
    from models.inspection.framework import available_frameworks, load_framework

    words = framework_words("cy")
    shown: set[str] = set()
    for key in available_frameworks():
        framework = load_framework(key)
        shown |= {text for g in framework.grades for text in (g.label, g.heading, g.descriptor)}
        shown |= {c.label for c in framework.case_types} | {a.label for a in framework.areas}
        shown |= {r.label for r in framework.referral_reasons}
    assert sorted(shown - set(words)) == []  # nothing left in English on a Welsh screen
    assert sorted(set(words) - shown) == []  # and no word kept for a framework that no longer says it
    assert framework_words(ENGLISH) == {}


def test_every_text_on_screen_is_marked_for_translation() -> None:
    translatable = _load_checker()
    unmarked = translatable.find([ROOT / "widgets", ROOT / "desktop" / "app.py"])
    assert unmarked == [], "not marked for translation (make translations):\n" + "\n".join(map(str, unmarked[:20]))


def test_the_shipped_translations_are_compiled_from_their_sources(tmp_path: Path) -> None:
    """Each .qm is what pyside6-lrelease makes of its .ts today: no translation edited but not shipped."""
    import shutil
    import subprocess

    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease is not None
    for source in sorted(I18N_DIR.glob("*.ts")):
        compiled = tmp_path / source.with_suffix(".qm").name
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(compiled)], check=True)
        assert compiled.read_bytes() == source.with_suffix(".qm").read_bytes(), f"{source.name}: run make translations"
