"""Sign-in sessions that survive a reload: an opaque random token in a cookie, only its hash in the database.

``create(user_id)`` makes a token (``secrets.token_urlsafe(32)``: 256 random bits) and stores its sha256 with the
user, the time of creation, the time last seen and two expiries; the token itself is returned once, for the cookie,
and never stored. ``resolve(token)`` gives the Actor of a live session (and moves its idle expiry on) or None;
``revoke(token)`` ends one session (sign-out), ``revoke_all(user_id)`` every session of a user (password set, role
changed, account disabled: ``store.accounts`` calls ``revoke_all_in`` inside the same transaction).

Lifetimes:

- idle: ``IDLE_MINUTES`` (30) without a request signs out, the promise the README makes. The last-seen time is
  written at most every ``TOUCH_SECONDS`` (60 s), so a session expires between 29 and 30 minutes after the last
  interaction and a rerun does not write to the database every time.
- absolute: ``ABSOLUTE_HOURS`` (12) after signing in the session ends however busy it is: a whole working day of
  filling in an assessment is never interrupted, while a copied cookie is useless by the next morning even when
  someone keeps it alive (there is no second factor, so a day is the longest a stolen token should work).

A plain sha256 is enough for the stored hash: the token has 256 random bits, nothing to guess from a dictionary; a
copy of the database therefore holds nothing a browser could present. Rows of expired sessions are deleted when
found and, in bulk, whenever a session is created.

Single sign-on (``st.login``) has no token of ours: Streamlit's own identity cookie says who, and a *bound* session
row says the sign-in is still live. ``create_bound(user_id, browser)`` keys the row by a hash of the browser's
``gf_browser`` cookie (in its own namespace, so that cookie is worth nothing as a ``gf_session`` token);
``lookup_bound(browser)`` applies the same idle and absolute limits and revocation, and ``revoke_bound`` ends it
(sign-out). The download routes accept an identity cookie only together with a live bound row of the same user.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update

from store import audit
from store.access import Actor
from store.db import get_engine, read_transaction, write_transaction
from store.scope import user_actor
from store.sqltypes import utcnow
from store.tables import sessions, users

IDLE_MINUTES = 30
ABSOLUTE_HOURS = 12
TOUCH_SECONDS = 60
TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")  # what token_urlsafe makes; anything else is not looked up

Reason = Literal["ok", "unknown", "idle", "expired", "disabled"]


@dataclass(frozen=True)
class Resolution:
    """What a token is worth now: the Actor (reason "ok") or None and why (unknown/revoked, idle, expired,
    disabled account); ``valid_until`` is when the session ends if nothing more happens."""

    actor: Actor | None
    reason: Reason
    valid_until: datetime | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create(
    user_id: str,
    *,
    method: str = "password",
    user_agent: str = "",
    engine: Engine | None = None,
    now: datetime | None = None,
) -> str:
    """A new session of an enabled user; returns the token (for the cookie), which is not stored anywhere.
    ValueError when the user is gone or disabled (e.g. disabled between the password check and this call)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with write_transaction(engine or get_engine()) as conn:
        enabled = conn.scalar(select(users.c.disabled).where(users.c.id == user_id))
        if enabled is None or enabled:
            raise ValueError("no such enabled user")
        conn.execute(delete(sessions).where(or_(sessions.c.expires_at <= now, sessions.c.idle_expires_at <= now)))
        conn.execute(
            insert(sessions).values(
                token_hash=hash_token(token),
                user_id=user_id,
                method=method[:20],
                created_at=now,
                last_seen_at=now,
                idle_expires_at=now + timedelta(minutes=IDLE_MINUTES),
                expires_at=now + timedelta(hours=ABSOLUTE_HOURS),
                user_agent=_printable(user_agent)[:200],
            )
        )
    return token


def lookup(token: str | None, *, engine: Engine | None = None, now: datetime | None = None) -> Resolution:
    """The session of ``token`` as it is now (see Resolution); a live one is touched (idle expiry moved on) at most
    every TOUCH_SECONDS; a dead one is deleted."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
        return Resolution(None, "unknown")
    return _lookup_key(hash_token(token), engine or get_engine(), now or utcnow())


def bound_key(browser: str) -> str:
    """The row key of the single-sign-on session of a browser (``gf_browser``), never equal to a token's hash."""
    return hashlib.sha256(b"sso-browser\n" + browser.encode("ascii")).hexdigest()


def create_bound(
    user_id: str,
    browser: str,
    *,
    method: str = "oidc",
    user_agent: str = "",
    engine: Engine | None = None,
    now: datetime | None = None,
) -> None:
    """The live sign-in of ``user_id`` through single sign-on in ``browser`` (its ``gf_browser`` cookie); replaces
    the browser's previous one. ValueError for a malformed browser id or a gone or disabled user."""
    if not isinstance(browser, str) or not _TOKEN_SHAPE.fullmatch(browser):
        raise ValueError("malformed browser id")
    now = now or utcnow()
    key = bound_key(browser)
    with write_transaction(engine or get_engine()) as conn:
        enabled = conn.scalar(select(users.c.disabled).where(users.c.id == user_id))
        if enabled is None or enabled:
            raise ValueError("no such enabled user")
        conn.execute(delete(sessions).where(or_(sessions.c.token_hash == key, sessions.c.expires_at <= now,
                                                sessions.c.idle_expires_at <= now)))
        conn.execute(insert(sessions).values(
            token_hash=key, user_id=user_id, method=method[:20], created_at=now, last_seen_at=now,
            idle_expires_at=now + timedelta(minutes=IDLE_MINUTES), expires_at=now + timedelta(hours=ABSOLUTE_HOURS),
            user_agent=_printable(user_agent)[:200]))


def lookup_bound(browser: str | None, *, engine: Engine | None = None, now: datetime | None = None) -> Resolution:
    """The single-sign-on session of ``browser`` as it is now: the same limits, touch and clean-up as ``lookup``."""
    if not isinstance(browser, str) or not _TOKEN_SHAPE.fullmatch(browser):
        return Resolution(None, "unknown")
    return _lookup_key(bound_key(browser), engine or get_engine(), now or utcnow())


def revoke_bound(browser: str | None, *, engine: Engine | None = None) -> str | None:
    """End the single-sign-on session of ``browser`` (sign-out); returns its user id or None."""
    if not isinstance(browser, str) or not _TOKEN_SHAPE.fullmatch(browser):
        return None
    key = bound_key(browser)
    with write_transaction(engine or get_engine()) as conn:
        user_id = conn.scalar(select(sessions.c.user_id).where(sessions.c.token_hash == key))
        if user_id is not None:
            conn.execute(delete(sessions).where(sessions.c.token_hash == key))
    return user_id


def _lookup_key(key: str, engine: Engine, now: datetime) -> Resolution:
    query = select(sessions, users.c.id, users.c.role, users.c.org_id, users.c.display_name, users.c.username,
                   users.c.disabled).join(users, users.c.id == sessions.c.user_id).where(sessions.c.token_hash == key)
    with read_transaction(engine) as conn:
        row = conn.execute(query).first()
    if row is None:
        return Resolution(None, "unknown")
    reason: Reason | None = None
    if now >= row.expires_at:
        reason = "expired"
    elif now >= row.idle_expires_at:
        reason = "idle"
    elif row.disabled:
        reason = "disabled"
    if reason is not None:
        with write_transaction(engine) as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == key))
        return Resolution(None, reason)
    idle_until = row.idle_expires_at
    if now - row.last_seen_at >= timedelta(seconds=TOUCH_SECONDS):
        idle_until = now + timedelta(minutes=IDLE_MINUTES)
        with write_transaction(engine) as conn:
            conn.execute(update(sessions).where(sessions.c.token_hash == key)
                         .values(last_seen_at=now, idle_expires_at=idle_until))
    return Resolution(user_actor(row), "ok", min(idle_until, row.expires_at))


def resolve(token: str | None, *, engine: Engine | None = None, now: datetime | None = None) -> Actor | None:
    """The Actor of a live session, else None (unknown or revoked token, idle or absolute expiry, disabled user)."""
    return lookup(token, engine=engine, now=now).actor


def revoke(token: str | None, *, audit_logout: bool = False, engine: Engine | None = None) -> str | None:
    """End the session of ``token`` (sign-out); returns its user id, None when there was no such session.
    ``audit_logout``: write the logout to the audit log in the same transaction."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
        return None
    key = hash_token(token)
    with write_transaction(engine or get_engine()) as conn:
        user_id = conn.scalar(select(sessions.c.user_id).where(sessions.c.token_hash == key))
        if user_id is not None:
            conn.execute(delete(sessions).where(sessions.c.token_hash == key))
            if audit_logout:
                audit.record(conn, "logout", who=user_id, detail={"method": "cookie"})
    return user_id


def revoke_all(user_id: str, *, reason: str = "admin", engine: Engine | None = None) -> int:
    """End every session of a user; returns how many there were."""
    with write_transaction(engine or get_engine()) as conn:
        return revoke_all_in(conn, user_id, reason=reason, who=None)


def revoke_all_in(conn: Connection, user_id: str, *, reason: str, who: str | None, who_name: str = "") -> int:
    """``revoke_all`` inside the caller's transaction (the change that makes the sessions invalid), audited."""
    n = conn.scalar(select(func.count()).select_from(sessions).where(sessions.c.user_id == user_id)) or 0
    if n:
        conn.execute(delete(sessions).where(sessions.c.user_id == user_id))
        audit.record(conn, "session_revoke", who=who, who_name=who_name, target=user_id,
                     detail={"reason": reason, "sessions": n})
    return int(n)


def count(user_id: str, *, engine: Engine | None = None, now: datetime | None = None) -> int:
    """How many live sessions a user has (admin views, tests)."""
    now = now or utcnow()
    query = select(func.count()).select_from(sessions).where(
        sessions.c.user_id == user_id, sessions.c.expires_at > now, sessions.c.idle_expires_at > now)
    with read_transaction(engine or get_engine()) as conn:
        return int(conn.scalar(query) or 0)


def _printable(text: str) -> str:
    return "".join(ch for ch in str(text or "") if ch.isprintable())
