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
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from store.tables import login_sources, users

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
