"""About dialog, first-run welcome and the single version source (headless, pytest-qt)."""

from __future__ import annotations

import importlib.metadata as metadata
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import run_app
from desktop.laptop import about
from desktop.laptop.about import FrameworkVersion, LicenceNotice
from models.errors import FieldworkError
from models.team.identity import ROLES, Identity
from widgets.about_dialog import COL_LICENCE, AboutDialog, LicenceModel, LicenceTextRole
from widgets.welcome_dialog import LATER, OPEN_DEMO, OPEN_PACKAGE, WelcomeChoice, WelcomeDialog

ROOT = Path(__file__).resolve().parents[2]


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def test_version_has_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert about.app_version() == pyproject_version()
    assert run_app(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"fieldwork {pyproject_version()}"


def test_version_falls_back_to_pyproject_without_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(about.metadata, "version", missing)
    assert about.app_version() == pyproject_version()


def test_framework_versions_come_from_the_framework_files() -> None:
    versions = {f.key: f.version for f in about.framework_versions()}
    assert versions["ncpi-2017"] == "2017.1"
    assert "ncpi-2014" in versions


def test_licences_are_those_the_bundled_packages_state() -> None:
    notices = {n.component.lower(): n for n in about.licence_notices()}
    # Stated by the packages themselves, not typed in by us.
    assert notices["keyring"].licence == metadata.metadata("keyring")["License-Expression"]
    assert "LGPL-3.0-only" in notices["pyside6_essentials"].licence
    assert "LGPL-3.0-only" in notices["pyside6_addons"].licence  # QtCharts
    # psycopg is the headquarters extra, not bundled; the PySide6 meta-package is not a dependency
    assert "psycopg" not in notices and "pyside6" not in notices
    assert "BSD" in notices["reportlab"].licence
    # sqlcipher3 states no licence field: we say so and show the licence text it ships.
    assert notices["sqlcipher3"].licence.startswith("not stated")
    assert "warranty" in notices["sqlcipher3"].text
    assert any(name.startswith("dejavu") and "Bitstream" in n.text for name, n in notices.items())
    # Development tools are not bundled, so they are not listed.
    assert "pytest" not in notices and "ruff" not in notices
    assert "fieldwork" not in notices


def test_requirement_names_skip_extras() -> None:
    assert about._requirement_name("PySide6>=6.7") == "PySide6"
    assert about._requirement_name('pytest>=8; extra == "dev"') is None
    assert about._requirement_name('pywin32-ctypes>=0.2; sys_platform == "win32"') == "pywin32-ctypes"


NOTICES = [LicenceNotice("Alpha", "1.0", "MIT", "MIT licence text of Alpha"),
           LicenceNotice("Beta", "2.0", "not stated", "")]


def test_licence_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = LicenceModel(NOTICES)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(0, COL_LICENCE)) == "MIT"
    assert model.data(model.index(1, 0), LicenceTextRole) == "Beta states its licence as: not stated"


def test_about_dialog_shows_version_frameworks_and_licence_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(version="9.8.7", frameworks=[FrameworkVersion("ncpi-2017", "NCPI (2017)", "2017.1")],
                         notices=NOTICES)
    qtbot.addWidget(dialog)
    assert "Fieldwork 9.8.7" in dialog.heading.text()
    assert "NCPI (2017) (version 2017.1)" in dialog.frameworks_label.text()
    assert dialog.licence_text.toPlainText() == "MIT licence text of Alpha"
    dialog.table.selectRow(1)
    assert dialog.licence_text.toPlainText().startswith("Beta states")


def test_about_dialog_with_real_facts(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert f"Fieldwork {pyproject_version()}" in dialog.heading.text()
    assert "2017.1" in dialog.frameworks_label.text()
    assert dialog.model.rowCount() > 10


def test_welcome_needs_a_name_before_opening_anything(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    assert not dialog.demo_button.isEnabled()
    assert not dialog.package_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "   ")
    assert not dialog.demo_button.isEnabled()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Sam  Inspector")
    assert dialog.demo_button.isEnabled()


def test_welcome_open_demo_creates_the_identity(qtbot) -> None:  # type: ignore[no-untyped-def]
    created: list[tuple[str, str]] = []
    dialog = WelcomeDialog(create_identity=lambda name, role: created.append((name, role)))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, " Sam   Lead ")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("lead"))
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert created == [("Sam Lead", "lead")]
    assert dialog.choice == WelcomeChoice("Sam Lead", "lead", OPEN_DEMO)
    assert dialog.result() == WelcomeDialog.DialogCode.Accepted


def test_welcome_open_package_returns_the_chosen_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "from-lead.fieldwork"
    answers: list[Path | None] = [None, package]  # first the user cancels the file dialog, then picks one
    dialog = WelcomeDialog(choose_package=lambda parent: answers.pop(0))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Ana")
    qtbot.mouseClick(dialog.package_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is None  # cancelled: nothing chosen, the welcome stays
    assert dialog.result() != WelcomeDialog.DialogCode.Accepted
    qtbot.mouseClick(dialog.package_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == WelcomeChoice("Ana", "inspector", OPEN_PACKAGE, package)


def test_welcome_shows_identity_errors_and_stays(qtbot) -> None:  # type: ignore[no-untyped-def]
    def refuse(name: str, role: str) -> None:
        raise FieldworkError("The keyring is locked; unlock it and try again.")

    dialog = WelcomeDialog(create_identity=refuse)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Ana")
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is None
    assert "keyring is locked" in dialog.error_label.text()
    assert dialog.result() != WelcomeDialog.DialogCode.Accepted


def test_welcome_later_creates_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    created: list[tuple[str, str]] = []
    dialog = WelcomeDialog(default_name="Ana", create_identity=lambda n, r: created.append((n, r)))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == WelcomeChoice("Ana", "inspector", LATER)
    assert created == []


def test_welcome_offers_the_identity_roles_and_feeds_identity_generate(qtbot) -> None:  # type: ignore[no-untyped-def]
    made: list[Identity] = []
    dialog = WelcomeDialog(create_identity=lambda name, role: made.append(Identity.generate(name, role)))
    qtbot.addWidget(dialog)
    offered = [dialog.role_combo.itemData(i) for i in range(dialog.role_combo.count())]
    assert sorted(offered) == sorted(ROLES) and offered[0] == "inspector"
    qtbot.keyClicks(dialog.name_edit, "Priya Lead")
    dialog.role_combo.setCurrentIndex(offered.index("lead"))
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    card = made[0].card
    assert (card.name, card.role) == ("Priya Lead", "lead")


def test_first_run_welcome_creates_the_identity_in_the_keyring(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.laptop.first_run import identity_creator, needs_welcome
    from desktop.laptop.identity_store import IdentityStore
    from desktop.laptop.settings import Settings

    assert needs_welcome()  # a fresh profile and an empty (in-memory) keyring
    settings = Settings()
    dialog = WelcomeDialog(create_identity=identity_creator(IdentityStore(), settings))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Ann Archer")
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == WelcomeChoice("Ann Archer", "inspector", OPEN_DEMO)
    assert IdentityStore().load().card.name == "Ann Archer"
    assert Settings().user_name == "Ann Archer"
    assert not needs_welcome()


def test_first_run_without_a_keyring_says_so_and_keeps_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    from desktop.laptop.first_run import identity_creator
    from desktop.laptop.identity_store import IdentityStore
    from desktop.laptop.settings import Settings

    keyring.set_keyring(FailKeyring())  # the conftest fixture restores the previous backend
    settings = Settings()
    dialog = WelcomeDialog(create_identity=identity_creator(IdentityStore(), settings))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Ann Archer")
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is None
    assert "No OS keyring" in dialog.error_label.text()
    assert Settings().user_name != "Ann Archer"
