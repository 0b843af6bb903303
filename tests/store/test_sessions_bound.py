"""Single-sign-on sessions bound to a browser (store.sessions.create_bound / lookup_bound / revoke_bound) on SQLite
and PostgreSQL: the idle and absolute limits of password sessions apply, sign-out and revoke_all end them, a new
sign-in in the same browser replaces the row, and the browser id is worth nothing as a ``gf_session`` token."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from store import accounts, sessions
from store.sqltypes import utcnow
from tests.store.conftest import World


def _browser() -> str:
    return secrets.token_urlsafe(32)  # what the page middleware puts in gf_browser


def test_a_bound_session_idles_out_after_the_limit_and_touching_moves_it_on(world: World) -> None:
    uid, browser, t0 = world.actors["ent_a"].user_id, _browser(), utcnow()
    sessions.create_bound(uid, browser, engine=world.engine, now=t0)
    idle = timedelta(minutes=sessions.IDLE_MINUTES)
    found = sessions.lookup_bound(browser, engine=world.engine, now=t0 + idle - timedelta(minutes=1))
    assert found.reason == "ok" and found.actor is not None and found.actor.user_id == uid  # touched here
    later = t0 + 2 * idle - timedelta(minutes=2)  # beyond the first limit, within the moved one
    assert sessions.lookup_bound(browser, engine=world.engine, now=later).reason == "ok"
    assert sessions.lookup_bound(browser, engine=world.engine, now=later + idle).reason == "idle"
    assert sessions.lookup_bound(browser, engine=world.engine, now=later).reason == "unknown"  # deleted when dead


def test_the_absolute_limit_holds_however_busy(world: World) -> None:
    browser, t0 = _browser(), utcnow()
    sessions.create_bound(world.actors["ent_a"].user_id, browser, engine=world.engine, now=t0)
    moment = t0
    end = t0 + timedelta(hours=sessions.ABSOLUTE_HOURS)
    while moment + timedelta(minutes=20) < end:
        moment += timedelta(minutes=20)
        assert sessions.lookup_bound(browser, engine=world.engine, now=moment).reason == "ok"
    assert sessions.lookup_bound(browser, engine=world.engine, now=end).reason == "expired"


def test_sign_out_revocation_and_disabling_end_it(world: World) -> None:
    admin, uid = world.actors["admin"], world.actors["ent_a"].user_id
    first, second = _browser(), _browser()
    sessions.create_bound(uid, first, engine=world.engine)
    sessions.create_bound(uid, second, engine=world.engine)
    assert sessions.revoke_bound(first, engine=world.engine) == uid
    assert sessions.lookup_bound(first, engine=world.engine).actor is None
    assert sessions.lookup_bound(second, engine=world.engine).actor is not None  # only that browser
    accounts.set_disabled(admin, uid, True, engine=world.engine)  # revoke_all in the same transaction
    assert sessions.lookup_bound(second, engine=world.engine).actor is None
    with pytest.raises(ValueError):
        sessions.create_bound(uid, _browser(), engine=world.engine)


def test_a_new_sign_in_in_the_browser_replaces_the_row_and_the_id_is_no_token(world: World) -> None:
    browser = _browser()
    sessions.create_bound(world.actors["ent_a"].user_id, browser, engine=world.engine)
    sessions.create_bound(world.actors["ent_b"].user_id, browser, engine=world.engine)
    found = sessions.lookup_bound(browser, engine=world.engine)
    assert found.actor is not None and found.actor.user_id == world.actors["ent_b"].user_id
    assert sessions.count(world.actors["ent_a"].user_id, engine=world.engine) == 0
    assert sessions.resolve(browser, engine=world.engine) is None  # presented as gf_session: nobody
    for bad in (None, "", "x", "' OR 1=1 --", "é" * 43):
        assert sessions.lookup_bound(bad, engine=world.engine).reason == "unknown"
        with pytest.raises(ValueError):
            sessions.create_bound(world.actors["ent_a"].user_id, bad or "", engine=world.engine)  # type: ignore[arg-type]
