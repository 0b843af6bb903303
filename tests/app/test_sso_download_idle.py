"""Single sign-on at the download routes ends when the page's would (issue 15): the identity cookie is accepted only
with a live session row bound to the browser's ``gf_browser`` cookie, so a download after 30 minutes idle, after
sign-out or after the account's sessions were revoked is refused like a page view (SQLite and PostgreSQL); the page
makes that row at an OIDC sign-in, touches it and drops it at sign-out (AppTest)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest

from store import accounts, sessions
from store.sqltypes import utcnow
from tests.app.download_helpers import get, routes_app  # noqa: F401 (routes_app: the fixture app)
from tests.app.test_download_routes_pool import ORIGIN, _identity, district, sso  # noqa: F401 (fixtures)
from tests.app.wizard_helpers import new_app
from ui import auth, download_routes, session_routes

EMAIL = "li.gong@example.cn"


@pytest.fixture
def sso_user(district) -> str:  # noqa: F811 (the fixture imported above)
    accounts.create_user(district.actors["admin"], EMAIL, None, "enterprise", display_name="李工",
                         org_id=district.orgs["A"], engine=district.engine)
    return next(u.id for u in accounts.list_users(district.actors["admin"], engine=district.engine)
                if u.username == EMAIL)


def _jar(browser: str | None) -> dict[str, str]:
    claims = {"email": EMAIL, "email_verified": True, "origin": ORIGIN, "is_logged_in": True}
    return _identity(claims) | ({session_routes.BROWSER_COOKIE: browser} if browser else {})


def test_a_download_after_the_idle_limit_is_refused(district, app, sso, sso_user, monkeypatch) -> None:  # noqa: F811
    url = download_routes.json_url(district.assessments["A"])
    browser, t0 = secrets.token_urlsafe(32), utcnow()
    assert get(app, url, cookies=_jar(browser))[0] == 401  # an identity cookie alone: no live sign-in here
    sessions.create_bound(sso_user, browser, engine=district.engine, now=t0)
    clock = {"now": t0 + timedelta(minutes=sessions.IDLE_MINUTES - 1)}
    monkeypatch.setattr(sessions, "utcnow", lambda: clock["now"])
    status, _, body = get(app, url, cookies=_jar(browser))
    assert status == 200 and json.loads(body)["enterprise"]["name"]  # and the idle clock moved on
    assert get(app, url, cookies=_jar(None))[0] == 401  # the identity cookie without this browser's cookie
    assert get(app, url, cookies=_jar(secrets.token_urlsafe(32)))[0] == 401  # another browser's
    clock["now"] += timedelta(minutes=sessions.IDLE_MINUTES - 1)
    assert get(app, url, cookies=_jar(browser))[0] == 200
    clock["now"] += timedelta(minutes=sessions.IDLE_MINUTES, seconds=1)
    assert get(app, url, cookies=_jar(browser))[0] == 401  # 30 minutes idle: as a page view would be
    assert sessions.lookup_bound(browser, engine=district.engine).reason == "unknown"  # the row is gone


def test_sign_out_and_revocation_end_it_at_the_routes(district, app, sso, sso_user) -> None:  # noqa: F811
    url = download_routes.json_url(district.assessments["A"])
    browser = secrets.token_urlsafe(32)
    sessions.create_bound(sso_user, browser, engine=district.engine)
    assert get(app, url, cookies=_jar(browser))[0] == 200
    sessions.revoke_bound(browser, engine=district.engine)  # sign-out in the page
    assert get(app, url, cookies=_jar(browser))[0] == 401
    sessions.create_bound(sso_user, browser, engine=district.engine)
    sessions.revoke_all(sso_user, engine=district.engine)  # a role change, a disabled account
    assert get(app, url, cookies=_jar(browser))[0] == 401
    sessions.create_bound(district.actors["ent_a"].user_id, browser, engine=district.engine)  # someone else here
    assert get(app, url, cookies=_jar(browser))[0] == 401  # the identity and the row must be the same user


def test_the_page_binds_touches_and_ends_the_row(district, sso_user, monkeypatch) -> None:  # noqa: F811
    browser = secrets.token_urlsafe(32)
    claims = {"is_logged_in": True, "email": EMAIL, "email_verified": True}
    monkeypatch.setattr(auth, "oidc_providers", lambda: [None])
    monkeypatch.setattr(auth, "_user_attr", lambda name: claims.get(name))
    monkeypatch.setattr(auth, "browser_id", lambda: browser)
    monkeypatch.setattr(auth.st, "logout", lambda: claims.update(is_logged_in=False))  # drops the identity
    at = new_app()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["_wiz"]["auth_method"] == "oidc"
    found = sessions.lookup_bound(browser, engine=district.engine)
    assert found.actor is not None and found.actor.user_id == sso_user
    at.sidebar.button(key="logout").click().run()
    assert sessions.lookup_bound(browser, engine=district.engine).reason == "unknown"
    claims["is_logged_in"] = True
    at = new_app()
    at.run()  # signed in again through the provider: a new row
    assert sessions.lookup_bound(browser, engine=district.engine).actor is not None
    sessions.revoke_all(sso_user, engine=district.engine)  # revoked elsewhere: the page follows at its next check
    monkeypatch.setattr(auth, "REFRESH_SECONDS", 0)
    claims["is_logged_in"] = False  # st.logout has dropped the identity, or the next run signs in again
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["_wiz"].get("auth_actor") is None
