"""Shared fixtures: every test gets its own data folder, an in-memory keyring and no network."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from models.inspection.demo import DEMO_PASSPHRASE, create_demo
from models.inspection.services import InspectionService

PASSPHRASE = "river cobalt meadow ticket 42"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives and dies with the test; CI never touches an OS keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test does reaches the real user profile."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("FIELDWORK_HOME", str(home))
    monkeypatch.setenv("FIELDWORK_USER", "test inspector")
    monkeypatch.delenv("FIELDWORK_PASSPHRASE", raising=False)
    return home


@pytest.fixture(autouse=True)
def collected_between_tests() -> Iterator[None]:
    """Once the window's application exists it runs the collector from its event loop only; a test that never
    spins the loop has its garbage collected here, between tests, as the app would at its next tick."""
    yield
    from models.collection import collect_if_due

    collect_if_due()


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    # The app trusts only OS keyrings; this in-memory one stands in for them in tests.
    monkeypatch.setenv("FIELDWORK_TRUSTED_TEST_KEYRING", MemoryKeyring.__module__)
    # keyring's own setting, so the app leaves the choice to keyring (whose backend is then this one)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{MemoryKeyring.__module__}.{MemoryKeyring.__name__}")
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test whose code opens an internet socket: Fieldwork is offline by design."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network access attempted: {args!r}")

    # the same refusals a worker process makes for itself (it is out of this guard's reach)
    from desktop.controllers.processes import network_refusals

    for name, replacement in network_refusals(refuse).items():
        monkeypatch.setattr(socket, name, replacement)


@pytest.fixture
def inspection(tmp_path: Path) -> InspectionService:
    """An empty NCPI 2017 inspection."""
    service = InspectionService.create(tmp_path / "test.fieldwork", PASSPHRASE, force_name="Testshire Constabulary",
                                       actor="lead", force_term="constabulary")
    yield service
    service.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the demo once per run; tests copy it (scrypt and imports are not free)."""
    path = tmp_path_factory.mktemp("demo") / "demo.fieldwork"
    create_demo(path).close()
    return path


def _opened_copy(template: Path, tmp_path: Path) -> Iterator[InspectionService]:
    """A fresh copy of a demo built once per run, open as the lead, closed after the test."""
    import shutil

    path = tmp_path / "demo.fieldwork"
    shutil.copyfile(template, path)
    service = InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE)
    yield service
    service.close()


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[InspectionService]:
    yield from _opened_copy(demo_template, tmp_path)


@pytest.fixture(scope="session")
def demo_awaiting_letters_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-unanswered") / "demo.fieldwork"
    create_demo(path, answered=False).close()
    return path


@pytest.fixture
def demo_awaiting_letters(demo_awaiting_letters_template: Path, tmp_path: Path) -> Iterator[InspectionService]:
    """The demo as it stood before the letters went: every referral raised, none answered yet."""
    yield from _opened_copy(demo_awaiting_letters_template, tmp_path)


@pytest.fixture(scope="session")
def qapp_cls():  # type: ignore[no-untyped-def]
    """pytest-qt makes the tests' application of the app's own class (it takes the system's file-open requests)."""
    from widgets.application import FieldworkApplication

    return FieldworkApplication
