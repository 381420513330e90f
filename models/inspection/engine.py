"""The ORM's side of an open inspection: its SQLAlchemy engine and sessions, loaded when first used.

Opening a file and reading what the first window or `fieldwork tables` shows goes through plain SQL on the
database's own connection (models.inspection.database); this module, and SQLAlchemy with it, is imported only
when something writes or reads through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from models.errors import FieldworkError

Explain = Callable[[BaseException], FieldworkError | None]
SizeCache = Callable[[Any, int | None], int | None]  # (DB-API connection, its cache size now) -> its new size


def make_engine(connect: Callable[[], Any], explain: Explain, size_cache: SizeCache, write_option: str) -> Engine:
    """An engine whose connections are made (unlocked) by connect, explain SQLite errors in plain words, begin
    their transactions explicitly (IMMEDIATE where the execution option write_option is set) and keep a page
    cache sized to the file (size_cache)."""
    engine = create_engine(
        "sqlite://",
        hide_parameters=True,  # error messages and crash details never carry case references or notes
        module=sqlcipher,
        creator=connect,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )
    _use_explicit_transactions(engine, write_option)
    _explain_errors(engine, explain)
    _cache_sized_to_file(engine, size_cache)
    return engine


class ExplainingSession(Session):
    """A session whose with-block explains SQLite errors met on the driver's own cursors (InspectionDatabase.explain)."""

    def __init__(self, explain: Explain, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.explain = explain

    def __exit__(self, type_: Any, value: Any, traceback: Any) -> None:
        super().__exit__(type_, value, traceback)
        if isinstance(value, sqlcipher.Error):
            problem = self.explain(value)
            if problem is not None:
                raise problem from None


def _explain_errors(engine: Engine, explain: Explain) -> None:
    """A full disk, a read-only disk or a page that fails its check becomes a plain message naming the file,
    wherever in the services it happens, instead of a bug report."""

    @event.listens_for(engine, "handle_error")
    def _explain(context: ExceptionContext) -> None:
        problem = explain(context.original_exception)
        if problem is not None:
            raise problem from None


def _cache_sized_to_file(engine: Engine, size_cache: SizeCache) -> None:
    """Each pooled connection's page cache grows with the file, checked at each checkout."""

    @event.listens_for(engine, "checkout")
    def _size(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        record.info["cache_pages"] = size_cache(dbapi_connection, record.info.get("cache_pages"))


def _use_explicit_transactions(engine: Engine, write_option: str) -> None:
    """pysqlite's implicit transactions are unreliable; SQLAlchemy's recipe makes BEGIN explicit."""

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A write takes the write lock at once, so two writers queue on busy_timeout instead of one failing.
        immediate = connection.get_execution_options().get(write_option)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
