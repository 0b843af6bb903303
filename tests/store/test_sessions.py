"""Sign-in sessions (store.sessions) on SQLite and PostgreSQL: only a hash of the token is stored, a reload or a new
tab resolves the same token, sign-out and every account change that must end a session revoke it, idle and absolute
expiry, and a token copied before sign-out is refused afterwards."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from store import accounts, audit, sessions
from store.sqltypes import utcnow
from store.tables import sessions as sessions_table
from tests.store.conftest import PASSWORD, World


def _rows(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(sessions_table))]


def test_the_database_holds_only_a_hash_of_the_token(world: World) -> None:
    uid = world.actors["ent_a"].user_id
    token = sessions.create(uid, user_agent="Mozilla/5.0 (X11; Linux) Chromium\n", engine=world.engine)
    assert len(token) >= 43  # token_urlsafe(32): 256 random bits
    [row] = _rows(world.engine)
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in " ".join(str(v) for v in row.values())
    assert row["user_id"] == uid and row["user_agent"] == "Mozilla/5.0 (X11; Linux) Chromium"
    assert row["expires_at"] - row["created_at"] == timedelta(hours=sessions.ABSOLUTE_HOURS)
    assert row["idle_expires_at"] - row["last_seen_at"] == timedelta(minutes=sessions.IDLE_MINUTES)
    assert sessions.create(uid, engine=world.engine) != token  # a new token every time


def test_a_reload_or_a_new_tab_resolves_the_same_token(world: World) -> None:
    token = sessions.create(world.actors["ent_a"].user_id, engine=world.engine)
    first = sessions.resolve(token, engine=world.engine)
    again = sessions.resolve(token, engine=world.engine)  # F5, or a second tab sending the same cookie
    assert first == again == world.actors["ent_a"]
    assert first is not None and first.display_name == "ent_a" and first.org_ids == world.actors["ent_a"].org_ids


def test_unknown_malformed_and_missing_tokens_resolve_to_nobody(world: World) -> None:
    sessions.create(world.actors["ent_a"].user_id, engine=world.engine)
    for token in (None, "", "x", "a" * 43, "' OR 1=1 --", "é" * 43, 42):
        assert sessions.resolve(token, engine=world.engine) is None  # type: ignore[arg-type]
    assert sessions.lookup("b" * 43, engine=world.engine).reason == "unknown"


def test_sign_out_revokes_and_a_copied_token_is_refused_afterwards(world: World) -> None:
    uid = world.actors["ent_a"].user_id
    token = sessions.create(uid, engine=world.engine)
    other_tab_of_another_browser = sessions.create(uid, engine=world.engine)
    copied = str(token)  # e.g. taken from the browser's storage before signing out
    assert sessions.revoke(token, engine=world.engine) == uid
    assert sessions.resolve(copied, engine=world.engine) is None
    assert sessions.revoke(copied, engine=world.engine) is None  # nothing left to revoke
    assert sessions.resolve(other_tab_of_another_browser, engine=world.engine) is not None  # only that session


def test_idle_expiry_moves_on_with_use_and_ends_an_idle_session(world: World) -> None:
    t0 = utcnow()
    token = sessions.create(world.actors["ent_b"].user_id, engine=world.engine, now=t0)
    idle = timedelta(minutes=sessions.IDLE_MINUTES)
    step = idle - timedelta(minutes=1)
    for n in range(1, 6):  # used every 29 minutes for 2 h 25 min: never idle for 30
        found = sessions.lookup(token, engine=world.engine, now=t0 + n * step)
        assert found.reason == "ok" and found.valid_until == t0 + n * step + idle
    last = t0 + 5 * step
    assert sessions.lookup(token, engine=world.engine, now=last + idle - timedelta(seconds=1)).reason == "ok"
    assert sessions.lookup(token, engine=world.engine, now=last + 2 * idle).reason == "idle"
    assert sessions.resolve(token, engine=world.engine, now=last) is None  # deleted when found dead
    assert _rows(world.engine) == []


def test_touch_writes_at_most_once_a_minute(world: World) -> None:
    t0 = utcnow()
    token = sessions.create(world.actors["ent_b"].user_id, engine=world.engine, now=t0)
    sessions.resolve(token, engine=world.engine, now=t0 + timedelta(seconds=sessions.TOUCH_SECONDS - 1))
    assert _rows(world.engine)[0]["last_seen_at"] == t0
    sessions.resolve(token, engine=world.engine, now=t0 + timedelta(seconds=sessions.TOUCH_SECONDS))
    assert _rows(world.engine)[0]["last_seen_at"] == t0 + timedelta(seconds=sessions.TOUCH_SECONDS)


def test_absolute_expiry_ends_even_a_busy_session(world: World) -> None:
    t0 = utcnow()
    token = sessions.create(world.actors["cons"].user_id, engine=world.engine, now=t0)
    moment = t0
    end = t0 + timedelta(hours=sessions.ABSOLUTE_HOURS)
    while moment + timedelta(minutes=10) < end:  # busy all day, a click every ten minutes
        moment += timedelta(minutes=10)
        assert sessions.lookup(token, engine=world.engine, now=moment).reason == "ok"
    assert sessions.lookup(token, engine=world.engine, now=moment).valid_until == end
    assert sessions.lookup(token, engine=world.engine, now=end).reason == "expired"
    assert sessions.resolve(token, engine=world.engine, now=moment) is None


def test_expired_sessions_are_purged_when_a_session_is_created(world: World) -> None:
    t0 = utcnow() - timedelta(hours=sessions.ABSOLUTE_HOURS + 1)
    for key in ("ent_a", "ent_b"):
        sessions.create(world.actors[key].user_id, engine=world.engine, now=t0)
    sessions.create(world.actors["cons"].user_id, engine=world.engine)
    assert [r["user_id"] for r in _rows(world.engine)] == [world.actors["cons"].user_id]


def test_a_disabled_account_is_refused_and_its_sessions_revoked(world: World) -> None:
    admin, uid = world.actors["admin"], world.actors["ent_a"].user_id
    tokens = [sessions.create(uid, engine=world.engine) for _ in range(2)]
    accounts.set_disabled(admin, uid, True, engine=world.engine)
    assert [sessions.resolve(t, engine=world.engine) for t in tokens] == [None, None]
    assert sessions.count(uid, engine=world.engine) == 0
    with pytest.raises(ValueError):
        sessions.create(uid, engine=world.engine)  # disabled between the password check and the cookie
    accounts.set_disabled(admin, uid, False, engine=world.engine)
    assert [sessions.resolve(t, engine=world.engine) for t in tokens] == [None, None]  # re-enabling revives none
    [entry] = audit.list_audit(admin, action="session_revoke", engine=world.engine)
    assert entry.target == uid and '"reason": "disabled"' in entry.detail and '"sessions": 2' in entry.detail


def test_a_disabled_flag_set_behind_the_store_s_back_is_refused_too(world: World) -> None:
    from sqlalchemy import update

    from store.tables import users

    uid = world.actors["ent_b"].user_id
    token = sessions.create(uid, engine=world.engine)
    with world.engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == uid).values(disabled=True))
    assert sessions.lookup(token, engine=world.engine).reason == "disabled"


@pytest.mark.parametrize("who", ["admin", "self", "cli"])
def test_a_password_reset_or_change_revokes_every_session(world: World, who: str) -> None:
    uid = world.actors["ent_b"].user_id
    tokens = [sessions.create(uid, engine=world.engine) for _ in range(3)]
    other = sessions.create(world.actors["ent_a"].user_id, engine=world.engine)
    new = "另一个足够长的密码-2026"
    if who == "admin":
        accounts.set_password(world.actors["admin"], uid, new, engine=world.engine)
    elif who == "self":
        accounts.set_password(world.actors["ent_b"], uid, new, old_password=PASSWORD, engine=world.engine)
    else:
        accounts.reset_password_cli("ent_b", new, engine=world.engine)
    assert all(sessions.resolve(t, engine=world.engine) is None for t in tokens)
    assert sessions.resolve(other, engine=world.engine) is not None  # other users keep theirs


def test_a_role_change_revokes_but_a_new_display_name_does_not(world: World) -> None:
    admin, uid = world.actors["admin"], world.actors["cons"].user_id
    token = sessions.create(uid, engine=world.engine)
    accounts.update_user(admin, uid, display_name="新名称咨询", engine=world.engine)
    found = sessions.resolve(token, engine=world.engine)
    assert found is not None and found.display_name == "新名称咨询"  # adopted at once, no new sign-in
    accounts.update_user(admin, uid, role="official", engine=world.engine)
    assert sessions.resolve(token, engine=world.engine) is None


def test_revoke_all_ends_every_session_of_one_user_only(world: World) -> None:
    a, b = world.actors["ent_a"].user_id, world.actors["ent_b"].user_id
    for _ in range(3):
        sessions.create(a, engine=world.engine)
    kept = sessions.create(b, engine=world.engine)
    assert sessions.revoke_all(a, engine=world.engine) == 3
    assert sessions.revoke_all(a, engine=world.engine) == 0
    assert sessions.count(a, engine=world.engine) == 0 and sessions.resolve(kept, engine=world.engine) is not None


def test_a_deleted_user_row_leaves_no_live_session(world: World) -> None:
    with pytest.raises(ValueError):
        sessions.create("no-such-user", engine=world.engine)
