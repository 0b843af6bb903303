"""Engines: which database, how SQLite is tuned for concurrent writers, and migrations at start-up.

URL: the argument, else env ``DATABASE_URL``, else the SQLite file ``data/app.db`` under the repo root.
PostgreSQL runs through psycopg 3 (``postgresql+psycopg://``; a bare ``postgresql://`` is mapped to it).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from store import migrations

REPO_ROOT = Path(__file__).resolve().parent.parent
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK_KEY = 0x67665F73746F7265  # pg_advisory_xact_lock key ("gf_store"), database-wide

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def default_url() -> str:
    """``DATABASE_URL`` if set, else the SQLite file ``data/app.db`` under the repo root."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or f"sqlite:///{REPO_ROOT / 'data' / 'app.db'}"


def normalise_url(url: str | URL) -> URL:
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (see module doc), migrated on first use and cached per URL."""
    key = url or default_url()
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = build_engine(key)
            try:
                migrate(engine)
            except BaseException:
                engine.dispose()
                raise
            _engines[key] = engine
        return engine


def dispose_engines(url: str | None = None) -> None:
    """Close and forget the cached engine for ``url``, or all of them (tests, shutdown)."""
    with _engines_lock:
        keys = list(_engines) if url is None else [url]
        for key in keys:
            engine = _engines.pop(key, None)
            if engine is not None:
                engine.dispose()


def build_engine(url: str | URL) -> Engine:
    """A new, uncached engine; not migrated. Most callers want ``get_engine``."""
    u = normalise_url(url)
    backend = u.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(u)
    if backend == "postgresql":
        return create_engine(u, pool_pre_ping=True)
    raise ValueError(f"不支持的数据库类型：{backend}（仅支持 SQLite 与 PostgreSQL）")


def _sqlite_engine(u: URL) -> Engine:
    file = u.database if u.database not in (None, "", ":memory:") else None
    memory = file is None
    if file is None:  # one shared connection, so every thread sees the same in-memory database
        engine = create_engine(u, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(file).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver stops issuing BEGIN; _on_begin does it (real transactions)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")  # wait for the write lock, do not fail
        if not memory:
            _enable_wal(cur)
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock at BEGIN: a deferred transaction that later upgrades to write can fail
        # at once with SQLITE_BUSY, whereas BEGIN IMMEDIATE waits for busy_timeout.
        write = conn.get_execution_options().get("store_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _enable_wal(cur: sqlite3.Cursor) -> None:
    """WAL lets readers and the writer proceed side by side. Switching a new file to WAL while another
    connection opens it can fail with "database is locked" without waiting for busy_timeout, so retry."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: holds SQLite's write lock from the start; plain BEGIN on PostgreSQL."""
    with engine.connect() as conn:
        conn.execution_options(store_write=True)
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A read-only unit of work (one consistent snapshot on SQLite)."""
    with engine.begin() as conn:
        yield conn


def migrate(engine: Engine) -> list[int]:
    """Apply pending migrations in one transaction; returns the versions applied now ([] when up to date).

    Safe when several processes start at once: PostgreSQL serialises them on an advisory lock, SQLite on
    its write lock; whoever comes second finds the work done.
    """
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        return migrations.apply_migrations(conn)


T = TypeVar("T")


def retry_on_unique_violation(work: Callable[[], T], attempts: int = 3) -> T:
    """Run ``work`` (one whole transaction) again when a concurrent writer took the same unique key first (a
    revision number, an id, a pin); the last attempt's error propagates."""
    for _ in range(attempts - 1):
        try:
            return work()
        except IntegrityError:
            continue
    return work()
