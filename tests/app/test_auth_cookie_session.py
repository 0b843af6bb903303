"""Signed in across a reload (AppTest): every run finds the user from the session cookie and the sessions table, so a
new AppTest sending the same cookie (a reload, a new tab) is signed in without the form; signing out revokes the
session and the old cookie then signs nobody in; under serve.py the login page is the HTML form posting to the
sign-in route, with the CSRF token, and shows what the route sent back.

AppTest cannot send cookies (its client is a mock), so the cookie the browser would send is put in its place
(``ui.auth._cookie``). The browser test (tests/e2e/test_browser_session.py) does the same through Chromium."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import accounts, audit, sessions
from store.sqltypes import utcnow
from tests.app.auth_helpers import texts
from tests.app.wizard_helpers import new_app
from ui import auth, session_routes


@pytest.fixture
def browser_cookies(monkeypatch) -> dict[str, str]:
    """The cookies 'the browser' sends with each new connection (each new AppTest is a new one)."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(auth, "_cookie", lambda name: jar.get(name, ""))
    return jar


@pytest.fixture
def served(monkeypatch) -> None:
    """As under serve.py: the sign-in routes are there (at the root address)."""
    monkeypatch.setitem(session_routes._state, "active", True)
    monkeypatch.setitem(session_routes._state, "base", "")


def _open(query: dict[str, str] | None = None):
    at = new_app()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_reload_and_a_new_tab_stay_signed_in(district, browser_cookies):
    browser_cookies[session_routes.COOKIE] = sessions.create(district.users["ent_a"], engine=district.engine)
    first = _open()
    assert first.title[0].value == "绿色工厂自评价向导"
    assert "已登录：**甲企业填报人**（企业用户）" in [m.value for m in first.sidebar.markdown]
    assert first.session_state["_wiz"]["auth_method"] == "cookie"
    tab = _open({"a": district.assessments["A"]})  # a bookmarked address in a new tab: that assessment
    assert tab.session_state["_wiz"]["auth_actor"].user_id == district.users["ent_a"]
    assert tab.session_state["_wiz"]["draft"]["enterprise"]["name"].startswith("示例企业")
    assert tab.query_params["a"] == district.assessments["A"]


def test_sign_out_revokes_and_the_old_cookie_signs_nobody_in(district, browser_cookies):
    token = sessions.create(district.users["ent_b"], engine=district.engine)
    browser_cookies[session_routes.COOKIE] = token
    at = _open()
    at.sidebar.button(key="logout").click().run()  # no routes here: the Streamlit button, which revokes too
    assert at.title[0].value == "登录" and "您已退出登录。" in texts(at)
    assert sessions.resolve(token, engine=district.engine) is None
    again = _open()  # the browser still sends the old cookie (a copy of it, or a reload)
    assert again.title[0].value == "登录" and "auth_actor" not in again.session_state["_wiz"]
    [entry] = audit.list_audit(district.actors["admin"], action="logout", engine=district.engine)
    assert entry.who == district.users["ent_b"]


def test_a_cookie_that_ran_out_shows_the_login_page_with_the_reason(district, browser_cookies):
    past = utcnow() - timedelta(minutes=sessions.IDLE_MINUTES + 5)
    browser_cookies[session_routes.COOKIE] = sessions.create(district.users["ent_a"], engine=district.engine, now=past)
    at = _open()
    assert at.title[0].value == "登录"
    assert f"您已超过 {accounts.SESSION_TIMEOUT_MINUTES} 分钟未操作" in texts(at)
    assert "分钟未操作" not in texts(_open())  # said once: the dead row is gone


def test_an_open_page_is_signed_out_when_the_session_is_revoked_elsewhere(district, browser_cookies):
    token = sessions.create(district.users["cons"], engine=district.engine)
    browser_cookies[session_routes.COOKIE] = token
    at = _open()
    assert at.session_state["_wiz"]["auth_actor"].role == "consultant"
    sessions.revoke(token, engine=district.engine)  # signed out in another tab
    at.run()
    assert at.title[0].value == "登录" and "您的登录已失效" in texts(at)


def test_under_serve_py_the_login_page_posts_to_the_route_with_the_csrf_token(district, browser_cookies, served):
    browser_cookies[session_routes.CSRF_COOKIE] = "csrf-token-of-this-browser"
    at = _open()
    assert at.title[0].value == "登录"
    assert not at.get("text_input")  # no Streamlit form: the password never crosses the WebSocket
    [form] = [h.proto.body for h in at.get("html")]
    assert 'action="/_session/login"' in form and 'method="post"' in form
    assert 'name="csrf" value="csrf-token-of-this-browser"' in form
    assert 'name="username"' in form and 'type="password"' in form and "<script" not in form


@pytest.mark.parametrize(("query", "message"), [
    ({"login": "failed"}, "用户名或密码错误"),
    ({"login": "csrf"}, "页面已过期或来源无法确认"),
    ({"login": "limited"}, "登录失败次数过多，请 10 分钟后再试"),
    ({"login": "locked", "until": "1893456000"}, "用户名或密码错误（连续输错后"),  # an old address: no reason told
    ({"login": "disabled"}, "用户名或密码错误（连续输错后"),
    ({"logout": "1"}, "您已退出登录。"),
])
def test_the_login_page_says_what_the_route_sent_back(district, browser_cookies, served, query, message):
    at = _open(query)
    assert message in texts(at)
    assert "login" not in at.query_params and "logout" not in at.query_params  # a reload does not repeat it


def test_under_serve_py_the_sidebar_signs_out_through_the_route(district, browser_cookies, served):
    browser_cookies[session_routes.COOKIE] = sessions.create(district.users["ent_a"], engine=district.engine)
    browser_cookies[session_routes.CSRF_COOKIE] = "csrf-token-of-this-browser"
    at = _open()
    assert [b.key for b in at.sidebar.button if b.key == "logout"] == []
    forms = [h.proto.body for h in at.get("html") if "_session/logout" in h.proto.body]
    assert len(forms) == 1 and 'value="csrf-token-of-this-browser"' in forms[0] and "退出登录" in forms[0]


def test_the_form_sign_in_is_rate_limited_per_user_name(district):
    at = _open()
    for _ in range(session_routes.PER_NAME_FAILURES):
        at.text_input(key="login-user").input("nobody-here")
        at.text_input(key="login-pass").input("wrong-password-1")
        at.button(key="FormSubmitter:login-登录").click().run()
    assert [e.value for e in at.error] == ["用户名或密码错误（连续输错后需等待片刻再试；仍无法登录请联系管理员解锁）"]
    at.button(key="FormSubmitter:login-登录").click().run()
    assert "登录失败次数过多" in at.error[0].value
