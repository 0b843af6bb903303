"""Sign-in back-off by account AND source, kept in the database (so every replica sees it).

Why not one lock per account: anyone who knows a user name could lock that user out (the admin included) by
typing wrong passwords. Here failures count per (account, source) pair, and a block holds only where it was earned:

- A source is the client address as the server sees it (``source_key``): an IPv4 address, or the /64 prefix of
  an IPv6 address (one home or office gets a whole /64, so rotating inside it changes nothing).
- Per pair: the first ``PAIR_FREE`` (5) wrong passwords cost nothing; from then on each failure blocks that pair
  for 30 s × 2^(n − 5), capped at 1 hour (5th: 30 s, 6th: 1 min, 7th: 2 min … 12th and later: 1 h). A success
  from that source resets its count; a pair quiet for 24 hours starts again from zero.
- Per account: when the failure counts of the sources that failed within the last hour add up to
  ``ACCOUNT_FREE`` (20), sources
  that are not *known* for the account are blocked with the same back-off counted from 20 (a distributed guess).
  A known source is one this account signed in from successfully in the last 90 days: the place the real user
  works from keeps working while strangers are held off.
- While blocked, even the right password is refused, with the same message and after the same argon2 work as a
  wrong one (the caller verifies before asking), so a block reveals neither the account nor the password.
- A user with no known source who is caught by an account-wide block, or anyone locked out, is let in by an
  administrator: ``unlock_user`` in the users page, or ``python -m store unlock --username NAME`` on the server
  (``reset-password`` clears the blocks too).

``RateLimit``: the plain sliding-window limits in front of that (failed sign-ins per address and per user name and
address, registrations per address and in all; ui/session_routes.py), one ``rate_hits`` row per counted attempt, so
two replicas behind a proxy count into the same window. Keys are stored as a sha256 only (a user name someone typed,
perhaps a password by mistake, is not kept); rows older than the window are deleted as new ones arrive.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, text, update

from store import db
from store.sqltypes import utcnow
from store.tables import login_sources, rate_hits, users

PAIR_FREE = 5
ACCOUNT_FREE = 20
BASE_SECONDS = 30
MAX_SECONDS = 3600
ACCOUNT_WINDOW = timedelta(hours=1)
PAIR_FORGET = timedelta(hours=24)
KNOWN_FOR = timedelta(days=90)
UNKNOWN_SOURCE = "unknown"


@dataclass(frozen=True)
class Block:
    """A block that just began: for the audit log."""

    scope: str  # "source" or "account"
    seconds: int
    failures: int


def source_key(address: str | None) -> str:
    """The source of an attempt: an IPv4 address, an IPv6 /64 prefix, or "unknown"."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return UNKNOWN_SOURCE
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def backoff(failures: int, free: int) -> timedelta | None:
    """How long the ``failures``-th failure blocks: None below ``free``, else 30 s doubling, at most 1 h."""
    if failures < free:
        return None
    exponent = min(failures - free, 12)  # 30 s × 2^7 already exceeds the cap
    return timedelta(seconds=min(BASE_SECONDS * 2**exponent, MAX_SECONDS))


def blocked(conn: Connection, user: Row[Any], source: str, now: datetime) -> str | None:
    """"source" or "account" when an attempt of ``user`` from ``source`` must be refused now, else None."""
    pair = _pair(conn, user.id, source)
    if pair is not None and pair.blocked_until is not None and pair.blocked_until > now:
        return "source"
    if user.locked_until is not None and user.locked_until > now and not _known(pair, now):
        return "account"
    return None


def failed(conn: Connection, user_id: str, source: str, now: datetime) -> list[Block]:
    """Count one wrong password; returns the blocks it starts."""
    pair = _pair(conn, user_id, source, lock=True)
    count = 1
    if pair is not None and pair.last_failure_at is not None and now - pair.last_failure_at < PAIR_FORGET:
        count = pair.failures + 1
    wait = backoff(count, PAIR_FREE)
    values = {"failures": count, "last_failure_at": now, "blocked_until": now + wait if wait else None}
    if pair is None:
        conn.execute(insert(login_sources).values(user_id=user_id, source=source, **values))
    else:
        _update_pair(conn, user_id, source, **values)
    started = [Block("source", int(wait.total_seconds()), count)] if wait else []
    recent = conn.scalar(
        select(func.coalesce(func.sum(login_sources.c.failures), 0)).where(
            login_sources.c.user_id == user_id, login_sources.c.last_failure_at > now - ACCOUNT_WINDOW
        )
    )
    account_wait = backoff(int(recent or 0), ACCOUNT_FREE)
    account: dict[str, Any] = {"failed_attempts": int(recent or 0)}
    if account_wait:
        account["locked_until"] = now + account_wait
        started.append(Block("account", int(account_wait.total_seconds()), int(recent or 0)))
    conn.execute(update(users).where(users.c.id == user_id).values(**account))
    return started


def succeeded(conn: Connection, user_id: str, source: str, now: datetime) -> None:
    """A right password from ``source``: its count restarts and the source becomes known for the account."""
    values = {"failures": 0, "blocked_until": None, "last_success_at": now}
    if _pair(conn, user_id, source, lock=True) is None:
        conn.execute(insert(login_sources).values(user_id=user_id, source=source, **values))
    else:
        _update_pair(conn, user_id, source, **values)


def clear(conn: Connection, user_id: str) -> None:
    """Lift every block of ``user_id`` (an administrator's unlock, a password reset). Known sources stay known."""
    conn.execute(
        update(login_sources).where(login_sources.c.user_id == user_id).values(failures=0, blocked_until=None)
    )
    conn.execute(delete(login_sources).where(login_sources.c.user_id == user_id, login_sources.c.last_success_at.is_(None)))
    conn.execute(update(users).where(users.c.id == user_id).values(failed_attempts=0, locked_until=None))


def block_ends(conn: Connection, user_ids: list[str]) -> dict[str, datetime]:
    """user id → the latest ``blocked_until`` of its sources (past ones included; the caller compares)."""
    if not user_ids:
        return {}
    query = (
        select(login_sources.c.user_id, func.max(login_sources.c.blocked_until))
        .where(login_sources.c.user_id.in_(user_ids), login_sources.c.blocked_until.is_not(None))
        .group_by(login_sources.c.user_id)
    )
    return {uid: until for uid, until in conn.execute(query)}


def _known(pair: Row[Any] | None, now: datetime) -> bool:
    return pair is not None and pair.last_success_at is not None and now - pair.last_success_at < KNOWN_FOR


def _pair(conn: Connection, user_id: str, source: str, *, lock: bool = False) -> Row[Any] | None:
    query = select(login_sources).where(login_sources.c.user_id == user_id, login_sources.c.source == source)
    return conn.execute(query.with_for_update() if lock else query).first()


def _update_pair(conn: Connection, user_id: str, source: str, **values: Any) -> None:
    where = (login_sources.c.user_id == user_id, login_sources.c.source == source)
    conn.execute(update(login_sources).where(*where).values(**values))


class RateLimit:
    """At most ``limit`` counted attempts per key in a sliding window of ``window`` seconds, in the database."""

    def __init__(self, bucket: str, limit: int, window: float) -> None:
        self.bucket, self.limit, self.window = bucket[:20], limit, timedelta(seconds=window)

    def _key(self, key: str) -> str:
        return hashlib.sha256(f"{self.bucket}\n{key}".encode("utf-8", "replace")).hexdigest()

    def _count(self, conn: Connection, key: str, now: datetime) -> int:
        query = select(func.count()).select_from(rate_hits).where(
            rate_hits.c.bucket == self.bucket, rate_hits.c.key_hash == self._key(key),
            rate_hits.c.at > now - self.window)
        return int(conn.scalar(query) or 0)

    def _add(self, conn: Connection, key: str, now: datetime) -> None:
        conn.execute(delete(rate_hits).where(rate_hits.c.bucket == self.bucket, rate_hits.c.at <= now - self.window))
        conn.execute(insert(rate_hits).values(bucket=self.bucket, key_hash=self._key(key), at=now))

    def blocked(self, key: str, *, now: datetime | None = None, engine: Engine | None = None) -> bool:
        """True when ``key`` has used up its attempts in the window ending now."""
        with db.read_transaction(engine or db.get_engine()) as conn:
            return self._count(conn, key, now or utcnow()) >= self.limit

    def fail(self, key: str, *, now: datetime | None = None, engine: Engine | None = None) -> None:
        """Count one attempt of ``key``."""
        with db.write_transaction(engine or db.get_engine()) as conn:
            self._add(conn, key, now or utcnow())

    def clear(self, *, engine: Engine | None = None) -> None:
        """Forget every count of this limit (tests, an operator). Without ``engine``: the default database, and
        only when this process has it open already (so a test's clean-up never creates the app's database)."""
        engine = engine or _opened_default()
        if engine is not None:
            with db.write_transaction(engine) as conn:
                conn.execute(delete(rate_hits).where(rate_hits.c.bucket == self.bucket))


def take_all(limits: list[tuple[RateLimit, str]], *, now: datetime | None = None,
             engine: Engine | None = None) -> bool:
    """Count one attempt against every (limit, key) pair at once, unless one of them is used up: True when
    counted, False (nothing counted) when refused. Serialised across replicas (SQLite's write lock, a PostgreSQL
    advisory lock), so N replicas together admit no more than the limit."""
    now = now or utcnow()
    with db.write_transaction(engine or db.get_engine()) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _RATE_LOCK_KEY})
        if any(limit._count(conn, key, now) >= limit.limit for limit, key in limits):
            return False
        for limit, key in limits:
            limit._add(conn, key, now)
    return True


_RATE_LOCK_KEY = 0x67665F72617465  # "gf_rate": the advisory lock of take_all


def _opened_default() -> Engine | None:
    """The engine of the default database if this process has opened it, else None (store.db keeps them)."""
    with db._engines_lock:
        return db._engines.get(db.default_url())
