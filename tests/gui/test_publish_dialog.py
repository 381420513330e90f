"""Publishing to headquarters from the desktop: the lead's dialog, the background job, the local test cluster.

The headquarters server is the throwaway PostgreSQL cluster of tests/headquarters (a Unix socket only, so the
network guard stays meaningful); a refused connection string is one on the network, refused before any
connection is opened.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from models.headquarters import server
from tests.gui.test_roles import INSPECTOR_PASSPHRASE, files, window_on
from tests.headquarters.conftest import (
    SCRAM_PASSWORD,
    SCRAM_USER,
    Cluster,
    hq_dsn,
    no_libpq_profile,
    pg_cluster,
)
from widgets.main_window import MainWindow
from widgets.publish_dialog import PublishDialog

__all__ = ["hq_dsn", "no_libpq_profile", "pg_cluster"]  # the headquarters fixtures, used here too

REMOTE_DSN = "host=hq.example.org dbname=fieldwork user=lead sslmode=require"
TITLE = "Publish to headquarters…"


def publish_action(window: MainWindow) -> QAction:
    [action] = [a for a in window.lead_actions if a.text().replace("&", "") == TITLE]
    return action


def dialog_on(qtbot, window: MainWindow) -> PublishDialog:  # type: ignore[no-untyped-def]
    assert window.controller is not None
    dialog = PublishDialog(window.controller, window.settings, window, jobs=window.jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def publish(qtbot, dialog: PublishDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.publish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)


def registry(dsn: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn) as connection:
        return connection.execute("SELECT force_name, case_count, provisional, published_by, schema_name "
                                  "FROM fieldwork_hq.published_inspection").fetchall()


def scram_dsn(cluster: Cluster, hq_dsn: str) -> str:
    """The test database, reached as the role that must give a password."""
    dbname = psycopg.conninfo.conninfo_to_dict(hq_dsn)["dbname"]
    return cluster.dsn(str(dbname), user=SCRAM_USER)


def test_the_lead_publishes_the_demo_from_the_dialog(qtbot, window: MainWindow, pg_cluster: Cluster,  # type: ignore[no-untyped-def]
                                                     hq_dsn: str) -> None:
    assert publish_action(window).isEnabled()
    dialog = dialog_on(qtbot, window)
    # What will be published, read from the file before anything connects.
    assert dialog.force.text() == "Gloucestershire Constabulary"
    assert dialog.cases.text() == "89"
    assert dialog.year.text() == str(window.controller.info().year)
    assert dialog.publish.isEnabled()

    dsn = scram_dsn(pg_cluster, hq_dsn)
    qtbot.keyClicks(dialog.dsn, dsn)
    publish(qtbot, dialog)  # no password yet: the server refuses, the message says so, nothing is published
    assert "password" in dialog.status.text().lower()
    assert dialog.outcome is None

    qtbot.keyClicks(dialog.password, SCRAM_PASSWORD)
    publish(qtbot, dialog)
    assert dialog.outcome is not None and dialog.outcome.outcome == "published"
    assert "published version" in dialog.status.text()
    [(force, cases, provisional, by, schema)] = registry(hq_dsn)
    assert (force, cases, provisional, by) == ("Gloucestershire Constabulary", 89, False, "test inspector")
    with psycopg.connect(hq_dsn) as connection:
        refs = {r[0] for r in connection.execute(f'SELECT ref FROM "{schema}".case_file')}
    assert refs == {c.ref for c in window.controller.service.cases()}
    assert dialog.password.text() == ""  # typed for one publication only

    publish(qtbot, dialog)  # the password is asked again, and the same version changes nothing
    assert "password" in dialog.status.text().lower()
    qtbot.keyClicks(dialog.password, SCRAM_PASSWORD)
    publish(qtbot, dialog)
    assert "already published; nothing changed" in dialog.status.text()
    assert registry(hq_dsn)[0][4] == schema


def test_the_stored_connection_string_never_holds_the_password(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                               pg_cluster: Cluster, hq_dsn: str) -> None:
    dialog = dialog_on(qtbot, window)
    dsn = f"{scram_dsn(pg_cluster, hq_dsn)} password='{SCRAM_PASSWORD}'"
    qtbot.keyClicks(dialog.dsn, dsn)
    publish(qtbot, dialog)  # the password in the string itself is used to connect...
    assert dialog.outcome is not None and dialog.outcome.outcome == "published"
    stored = window.settings.path.read_text(encoding="utf-8")
    assert SCRAM_PASSWORD not in stored and "password" not in stored  # ...but never kept
    remembered = json.loads(stored)["hq_database"]
    assert psycopg.conninfo.conninfo_to_dict(remembered) == {
        k: v for k, v in psycopg.conninfo.conninfo_to_dict(dsn).items() if k != "password"}
    dialog.close()

    again = dialog_on(qtbot, window)  # the next dialog offers the string again, without the password
    assert again.dsn.text() == remembered
    assert again.password.text() == ""


def test_a_server_on_the_network_without_verified_tls_is_refused_and_nothing_connects(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    connected: list[str] = []
    monkeypatch.setattr(server.Headquarters, "check_connection", lambda self: connected.append(self.dsn))
    dialog = dialog_on(qtbot, window)
    qtbot.keyClicks(dialog.dsn, REMOTE_DSN)
    assert not dialog.warning.isVisible()
    publish(qtbot, dialog)
    message = dialog.status.text()
    assert "sslmode=require, which does not verify the server" in message
    assert "sslmode=verify-full" in message and "Allow an unencrypted connection" in message
    assert dialog.outcome is None and connected == []

    # Ticking the box says what that means, in the command line's words, before anything is sent.
    qtbot.mouseClick(dialog.insecure, Qt.MouseButton.LeftButton)
    assert dialog.insecure.isChecked() and dialog.warning.isVisible()
    assert "is reached over the network with sslmode=require: the connection is not verified TLS" in \
        dialog.warning.text()
    qtbot.mouseClick(dialog.insecure, Qt.MouseButton.LeftButton)
    assert not dialog.warning.isVisible()


def test_an_unfinished_inspection_is_not_offered_for_publishing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PASSPHRASE

    lead_file, _ = files(tmp_path)
    window = window_on(qtbot, lead_file, "Lena Lead", PASSPHRASE)
    assert publish_action(window).isEnabled()
    dialog = dialog_on(qtbot, window)
    assert not dialog.publish.isEnabled()
    assert dialog.grading.text().startswith("lead.fieldwork is not finished: ")
    assert "awaiting moderation. Finish it, or publish with --provisional." in dialog.grading.text()
    assert dialog.final.text() == "Not marked final"
    dialog.close()
    window.close_inspection()


def test_an_inspectors_copy_has_the_command_greyed_out(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, ann_file = files(tmp_path)
    window = window_on(qtbot, ann_file, "Ann Archer", INSPECTOR_PASSPHRASE)
    action = publish_action(window)
    assert not action.isEnabled()
    assert action.toolTip().startswith("Only the lead can do this: this is Ann Archer's copy")
    window.close_inspection()


def test_the_menu_command_opens_the_dialog_and_connects_nowhere(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    connected: list[str] = []
    monkeypatch.setattr(server.Headquarters, "check_connection", lambda self: connected.append(self.dsn))
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PublishDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(0, close_it)
    publish_action(window).trigger()
    assert seen == ["Publish to headquarters"]
    assert connected == []


def test_cancel_before_the_commit_leaves_headquarters_unchanged(qtbot, window: MainWindow, hq_dsn: str,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    writing, release = threading.Event(), threading.Event()
    real_write = server._write_schema

    def held_write(*args: object) -> None:  # the inspection's schema is written, the transaction still open
        real_write(*args)  # type: ignore[arg-type]
        writing.set()
        release.wait(30)

    monkeypatch.setattr(server, "_write_schema", held_write)
    dialog = dialog_on(qtbot, window)
    qtbot.keyClicks(dialog.dsn, hq_dsn)
    qtbot.mouseClick(dialog.publish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(writing.is_set, timeout=60_000)
    assert dialog.cancel.isEnabled()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.outcome is None
    assert dialog.status.text() == "Publishing cancelled; headquarters is unchanged."
    with psycopg.connect(hq_dsn) as connection:
        left = connection.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'insp%%' "
                                  "OR nspname = 'fieldwork_hq'").fetchall()
    assert left == []  # neither the inspection's schema nor the registry survived the rollback

    monkeypatch.setattr(server, "_write_schema", real_write)
    publish(qtbot, dialog)  # and publishing again afterwards goes through
    assert [r[:2] for r in registry(hq_dsn)] == [("Gloucestershire Constabulary", 89)]


def test_the_connection_string_starts_from_the_command_lines_variable(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_HQ_DATABASE", REMOTE_DSN)
    assert dialog_on(qtbot, window).dsn.text() == REMOTE_DSN  # nothing remembered yet
    window.settings.hq_database = "host=/run/postgresql dbname=hq"
    remembered = dialog_on(qtbot, window).dsn.text()  # the last one used wins
    assert psycopg.conninfo.conninfo_to_dict(remembered) == {"host": "/run/postgresql", "dbname": "hq"}


def test_an_unreachable_server_is_named_and_nothing_is_published(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    dialog = dialog_on(qtbot, window)
    qtbot.keyClicks(dialog.dsn, f"host={tmp_path / 'no-server'} port=5433 dbname=national user=lead")
    publish(qtbot, dialog)
    message = dialog.status.text()
    assert message.startswith(f"Cannot connect to database 'national' on lead@{tmp_path / 'no-server'}: ")
    assert dialog.outcome is None and dialog.publish.isEnabled()
