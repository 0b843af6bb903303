"""Engines: which database, how SQLite is tuned for concurrent writers, and migrations at start-up.

URL: the argument, else env ``DATABASE_URL``, else the SQLite file ``data/app.db`` under the repo root.
PostgreSQL runs through psycopg 3 (``postgresql+psycopg://``; a bare ``postgresql://`` is mapped to it).

Many writers in one process (a Streamlit server runs every browser session in its own thread): SQLAlchemy's
QueuePool hands a returned connection to whichever thread asks first, so under 30 busy threads one thread could
wait for the whole ``pool_timeout`` (30 s) and fail with "QueuePool limit … reached" while the others saved
hundreds of times (bench/writers.py). Every unit of work therefore passes a first-come-first-served queue
(``FairGate``) that admits at most ``pool_size`` transactions per engine, so a transaction never waits inside the
pool and none waits longer than the ones ahead of it. On a SQLite file writers also queue, one at a time, before
they take a connection: only one connection can hold SQLite's write lock, and SQLite's busy handler polls (it
neither queues nor is fair), whereas readers proceed beside the writer under WAL. ``busy_timeout`` stays for
other processes (the command line). The SQLite file and its -wal/-shm files are 0600 in a 0700 folder
(``private_sqlite_file``). ``GF_DB_POOL_SIZE`` (default 10) sets the pool per process; on PostgreSQL
the server's ``max_connections`` must exceed replicas × 2 × that (the pool's overflow is kept for a transaction
opened inside another one on the same thread, which the gate lets through).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from store import migrations

log = logging.getLogger("gf.store")
REPO_ROOT = Path(__file__).resolve().parent.parent
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK_KEY = 0x67665F73746F7265  # pg_advisory_xact_lock key ("gf_store"), database-wide
POOL_SIZE_ENV = "GF_DB_POOL_SIZE"
DEFAULT_POOL_SIZE = 10
PRIVATE_FILE_MODE = 0o600  # the SQLite file and its -wal/-shm: this account only (store/attachments.py does the same)
PRIVATE_DIR_MODE = 0o700

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


class FairGate:
    """At most ``capacity`` holders at a time; waiters are admitted in the order they arrived (a freed slot is
    handed to the oldest waiter, never to a newcomer). A thread that already holds a slot passes again at once
    (a transaction opened inside another one), so the gate cannot deadlock a thread on itself."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._free = capacity
        self._waiters: deque[threading.Event] = deque()
        self._lock = threading.Lock()
        self._local = threading.local()

    @contextmanager
    def slot(self) -> Iterator[None]:
        depth: int = getattr(self._local, "depth", 0)
        if not depth:
            self._acquire()
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if not depth:
                self._release()

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiters)

    def _acquire(self) -> None:
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return
            turn = threading.Event()
            self._waiters.append(turn)
        try:
            turn.wait()
        except BaseException:  # interrupted: give back the slot if it was handed over meanwhile
            with self._lock:
                if turn in self._waiters:
                    self._waiters.remove(turn)
                    raise
            self._release()
            raise

    def _release(self) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()  # the slot passes straight to the oldest waiter
            else:
                self._free += 1


class _Gates:
    def __init__(self, connections: int, one_writer: bool) -> None:
        self.connections = FairGate(connections)
        self.writer = FairGate(1) if one_writer else None


_gates: weakref.WeakKeyDictionary[Engine, _Gates] = weakref.WeakKeyDictionary()


def pool_size() -> int:
    """Connections per process and database: env ``GF_DB_POOL_SIZE``, else 10."""
    raw = os.environ.get(POOL_SIZE_ENV, "").strip()
    try:
        size = int(raw) if raw else DEFAULT_POOL_SIZE
    except ValueError as e:
        raise ValueError(f"{POOL_SIZE_ENV} 必须是正整数：{raw!r}") from e
    if size < 1:
        raise ValueError(f"{POOL_SIZE_ENV} 必须是正整数：{raw!r}")
    return size


def build_engine(url: str | URL, *, size: int | None = None, queued: bool = True) -> Engine:
    """A new, uncached engine; not migrated. Most callers want ``get_engine``.

    ``size``: connections in the pool (default ``pool_size()``); ``queued=False`` leaves out the fair queue and
    the SQLite writer queue and uses SQLAlchemy's default pool (5 + 10 overflow): the old behaviour, kept for
    the comparison in bench/writers.py."""
    u = normalise_url(url)
    backend = u.get_backend_name()
    n = size or pool_size()
    pool: dict[str, Any] = {"pool_size": n, "max_overflow": n} if queued else {}
    if backend == "sqlite":
        engine, memory = _sqlite_engine(u, pool)
    elif backend == "postgresql":
        engine, memory = create_engine(u, pool_pre_ping=True, **pool), False
    else:
        raise ValueError(f"不支持的数据库类型：{backend}（仅支持 SQLite 与 PostgreSQL）")
    if queued and not memory:
        _gates[engine] = _Gates(n, one_writer=backend == "sqlite")
    return engine


def _sqlite_engine(u: URL, pool: dict[str, Any]) -> tuple[Engine, bool]:
    file = u.database if u.database not in (None, "", ":memory:") else None
    memory = file is None
    if file is None:  # one shared connection, so every thread sees the same in-memory database
        engine = create_engine(u, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        private_sqlite_file(Path(file).expanduser())
        engine = create_engine(u, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **pool)

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

    return engine, memory


def private_sqlite_file(file: Path) -> None:
    """Make the SQLite file readable by this account only before SQLite opens it: the file is created 0600 (SQLite
    gives its -wal and -shm files the database file's mode), an existing one and its -wal/-shm are narrowed to
    0600, and the folder is created 0700. An existing folder is narrowed to 0700 only when it is the default
    ``data/`` (the app's own); a folder named by ``DATABASE_URL`` is the operator's and keeps its mode."""
    folder = file.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=PRIVATE_DIR_MODE)
        os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask
    elif folder.resolve() == (REPO_ROOT / "data").resolve() and folder.stat().st_mode & 0o077:
        try:
            os.chmod(folder, PRIVATE_DIR_MODE)
        except OSError:
            log.warning("could not make %s private", folder)
    with contextlib.suppress(FileExistsError):  # another process (a replica, the CLI) created it first
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    for path in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        try:
            if path.exists() and path.stat().st_mode & 0o077:
                os.chmod(path, PRIVATE_FILE_MODE)
        except OSError:  # another account's file: SQLite decides whether it may be opened
            log.warning("could not make %s private", path)


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
def _admitted(engine: Engine, write: bool) -> Iterator[None]:
    gates = _gates.get(engine)
    if gates is None:
        yield
        return
    if write and gates.writer is not None:
        with gates.writer.slot(), gates.connections.slot():
            yield
    else:
        with gates.connections.slot():
            yield


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: holds SQLite's write lock from the start (after the writers ahead of it in
    this process); plain BEGIN on PostgreSQL."""
    with _admitted(engine, write=True), engine.connect() as conn:
        conn.execution_options(store_write=True)
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A read-only unit of work (one consistent snapshot on SQLite)."""
    with _admitted(engine, write=False), engine.begin() as conn:
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
