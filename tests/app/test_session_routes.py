"""The sign-in and sign-out routes (ui/session_routes.py) as HTTP, on SQLite and PostgreSQL: the cookie and its
attributes, only a hash stored, CSRF refused (missing or wrong token, cross-site Fetch Metadata), the rate limits and
the lockout, local redirects only, sign-out revokes and a copied cookie is refused afterwards.

The routes run in a bare Starlette app called through ASGI directly (no server, no httpx), with the same routes and
middleware ``serve.py`` gives ``st.App``; tests/e2e/test_browser_session.py drives the real server in Chromium."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from store import accounts, audit, sessions, throttle
from store.tables import sessions as sessions_table
from tests.app.auth_helpers import PASSWORD, district_on
from ui import session_routes

CSRF = "the-csrf-cookie-value-of-this-browser"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def district(request, tmp_path, monkeypatch, cheap_accounts) -> Iterator[Any]:
    yield from district_on(request.param, tmp_path, monkeypatch, "test_routes")


class Client:
    """Sends one HTTP request at a time to an ASGI app and keeps a cookie jar, as a browser would."""

    def __init__(self, base: str = "") -> None:
        async def page(_request: Any) -> Any:
            return PlainTextResponse("the page")

        self.app = Starlette(routes=[*session_routes.routes(), Route(f"{base}/", page), Route(f"{base}/{{p}}", page)],
                             middleware=session_routes.middleware())
        self.jar: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None, *, ip: str = "10.0.0.7",
                scheme: str = "http", headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        body = urlencode(form or {}).encode()
        raw = [(b"host", b"127.0.0.1:8599"), (b"content-type", b"application/x-www-form-urlencoded"),
               (b"content-length", str(len(body)).encode())]
        if self.jar:
            raw.append((b"cookie", "; ".join(f"{k}={v}" for k, v in self.jar.items()).encode()))
        raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": scheme, "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": raw, "client": (ip, 50000), "server": ("127.0.0.1", 8599)}
        sent: list[dict[str, Any]] = []
        chunks = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            return chunks.pop(0) if chunks else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        asyncio.run(self.app(scope, receive, send))
        start = next(m for m in sent if m["type"] == "http.response.start")
        out: dict[str, Any] = {"set-cookie": []}
        for key, value in start["headers"]:
            name, text = key.decode().lower(), value.decode("latin-1")
            if name == "set-cookie":
                out["set-cookie"].append(text)
                morsel = next(iter(SimpleCookie(text).values()))
                if morsel["max-age"] == "0":
                    self.jar.pop(morsel.key, None)
                else:
                    self.jar[morsel.key] = morsel.value
            else:
                out[name] = text
        return start["status"], out

    def sign_in(self, username: str, password: str = PASSWORD, **extra: Any) -> tuple[int, dict[str, Any]]:
        form = {"username": username, "password": password, "csrf": self.jar.get("gf_csrf", ""),
                **extra.pop("form", {})}
        return self.request("POST", session_routes.url(session_routes.LOGIN), form, **extra)


@pytest.fixture
def client(monkeypatch) -> Client:
    for key in ("active", "base"):  # routes() marks the process as serving them: undone after the test
        monkeypatch.setitem(session_routes._state, key, session_routes._state[key])
    monkeypatch.setattr(session_routes, "_read_base", lambda: "")
    c = Client()
    assert c.request("GET", "/")[0] == 200  # the first page load gets the CSRF cookie
    return c


def _query(headers: dict[str, Any]) -> dict[str, list[str]]:
    return parse_qs(urlsplit(headers["location"]).query)


def _cookie(headers: dict[str, Any], name: str) -> str:
    [line] = [c for c in headers["set-cookie"] if c.startswith(f"{name}=")]
    return line


def _audit(district, action: str) -> list[Any]:
    return audit.list_audit(district.actors["admin"], action=action, limit=None, engine=district.engine)


def test_the_first_page_load_gets_a_csrf_cookie_once(client: Client) -> None:
    assert len(client.jar["gf_csrf"]) >= 43
    status, headers = client.request("GET", "/results")
    assert status == 200 and headers["set-cookie"] == []  # the browser has one
    fresh = Client()
    assert fresh.request("GET", "/_stcore/health")[1]["set-cookie"] == []  # not on Streamlit's own routes
    assert fresh.request("GET", "/static/js/main.js")[1]["set-cookie"] == []
    csrf, browser = fresh.request("GET", "/")[1]["set-cookie"]
    for line in (csrf, browser):
        assert "HttpOnly" in line and "SameSite=Lax" in line and "Path=/" in line and "Secure" not in line
    assert csrf.startswith("gf_csrf=") and "Max-Age" not in csrf  # ends with the browser session
    assert browser.startswith("gf_browser=") and "Max-Age=34560000" in browser  # 400 days: a returning visitor


def test_a_browser_that_lost_one_cookie_gets_only_that_one(client: Client) -> None:
    client.jar.pop("gf_csrf")  # the browser was closed: the session cookie is gone, the long-lived one stays
    browser = client.jar["gf_browser"]
    [line] = client.request("GET", "/")[1]["set-cookie"]
    assert line.startswith("gf_csrf=") and client.jar["gf_browser"] == browser


def test_sign_in_sets_an_httponly_lax_cookie_and_stores_only_its_hash(district, client: Client) -> None:
    old_csrf = client.jar["gf_csrf"]
    status, headers = client.sign_in("ENT_A")
    assert status == 303 and headers["location"] == "/" and headers["cache-control"] == "no-store"
    line = _cookie(headers, "gf_session")
    assert "HttpOnly" in line and "SameSite=Lax" in line and "Path=/" in line
    assert "Secure" not in line and "Max-Age" not in line and "expires" not in line.lower()  # browser-session cookie
    token = client.jar["gf_session"]
    assert sessions.resolve(token, engine=district.engine).user_id == district.users["ent_a"]
    with district.engine.connect() as conn:
        stored = [tuple(r) for r in conn.execute(select(sessions_table))]
    assert len(stored) == 1 and token not in repr(stored) and stored[0][0] == sessions.hash_token(token)
    assert client.jar["gf_csrf"] != old_csrf  # a new CSRF token after signing in
    assert _audit(district, "login")[0].who == district.users["ent_a"]


def test_over_https_the_cookie_is_secure(district, client: Client) -> None:
    _, headers = client.sign_in("ent_a", scheme="https")
    assert "Secure" in _cookie(headers, "gf_session") and "Secure" in _cookie(headers, "gf_csrf")


def test_the_cookie_path_is_the_base_url_path(district, monkeypatch) -> None:
    for key in ("active", "base"):
        monkeypatch.setitem(session_routes._state, key, session_routes._state[key])
    monkeypatch.setattr(session_routes, "_read_base", lambda: "/gf")
    c = Client(base="/gf")
    assert c.request("GET", "/other-app/")[1]["set-cookie"] == []  # outside the base path: not ours
    assert "Path=/gf" in c.request("GET", "/gf/")[1]["set-cookie"][0]
    status, headers = c.sign_in("ent_a")
    assert status == 303 and headers["location"] == "/gf/" and "Path=/gf;" in _cookie(headers, "gf_session") + ";"


def test_sign_in_returns_to_the_page_asked_for_and_only_to_a_local_one(district, client: Client) -> None:
    aid = district.assessments["A"]
    assert client.sign_in("ent_a", form={"next_page": "results", "next_a": aid})[1]["location"] == f"/results?a={aid}"
    for page, a in (("//evil.example/x", ""), ("https://evil.example", ""), ("results/../../x", "a b"),
                    ("login", "x\r\nSet-Cookie: y=1")):
        assert client.sign_in("ent_a", form={"next_page": page, "next_a": a})[1]["location"] == "/"


@pytest.mark.parametrize("forgery", ["no field", "wrong field", "no cookie", "cross-site", "same-site"])
def test_csrf_is_refused_before_the_password_is_checked(district, client: Client, forgery: str) -> None:
    headers: dict[str, str] = {}
    logins, failures = len(_audit(district, "login")), len(_audit(district, "login_failed"))
    form = {"username": "ent_a", "password": PASSWORD, "csrf": client.jar["gf_csrf"]}
    if forgery == "no field":
        del form["csrf"]
    elif forgery == "wrong field":
        form["csrf"] = "guessed"
    elif forgery == "no cookie":  # a cross-site POST: SameSite=Lax keeps the cookie back
        client.jar.pop("gf_csrf")
    else:  # even with both tokens right, a browser saying the form came from elsewhere is refused
        headers["Sec-Fetch-Site"] = forgery
    status, out = client.request("POST", "/_session/login", form, headers=headers)
    assert status == 303 and _query(out)["login"] == ["csrf"]
    assert "gf_session" not in client.jar and out["set-cookie"] == []
    assert sessions.count(district.users["ent_a"], engine=district.engine) == 0
    assert (len(_audit(district, "login")), len(_audit(district, "login_failed"))) == (logins, failures)  # unchecked


def test_same_origin_fetch_metadata_is_accepted(district, client: Client) -> None:
    status, _ = client.sign_in("ent_a", headers={"Sec-Fetch-Site": "same-origin"})
    assert status == 303 and "gf_session" in client.jar


def test_refusals_go_back_to_the_login_page_with_a_code(district, client: Client) -> None:
    assert _query(client.sign_in("ent_a", "wrong-password-1")[1])["login"] == ["failed"]
    assert _query(client.sign_in("nobody", "wrong-password-1")[1])["login"] == ["failed"]  # same answer
    assert _query(client.sign_in("", "")[1])["login"] == ["empty"]
    for _ in range(throttle.PAIR_FREE - 1):
        client.sign_in("ent_a", "wrong-password-1")
    q = _query(client.sign_in("ent_a", PASSWORD)[1])  # blocked from this address: even the right password waits
    assert q == {"login": ["failed"]}  # and the answer is the wrong password's
    assert client.sign_in("ent_a", ip="10.3.0.1")[1]["location"] == "/"  # the user's own address is not held up
    client.jar.pop("gf_session", None)
    accounts.set_disabled(district.actors["admin"], district.users["ent_b"], True, engine=district.engine)
    assert _query(client.sign_in("ent_b")[1]) == {"login": ["failed"]}  # disabled: the same answer
    assert "gf_session" not in client.jar


def test_failed_sign_ins_are_limited_per_address(district, client: Client) -> None:
    for n in range(session_routes.PER_IP_FAILURES):
        assert _query(client.sign_in(f"guess{n}", "wrong-password-1", ip="10.9.9.9")[1])["login"] == ["failed"]
    failures = len(_audit(district, "login_failed"))
    assert _query(client.sign_in("ent_a", ip="10.9.9.9")[1])["login"] == ["limited"]  # not even the right one
    assert len(_audit(district, "login_failed")) == failures  # the password was not checked
    assert client.sign_in("ent_a", ip="10.9.9.10")[1]["location"] == "/"  # another address is not held up


def test_failed_sign_ins_are_limited_per_user_name_and_address(district, client: Client) -> None:
    for _ in range(session_routes.PER_NAME_FAILURES):
        client.sign_in("ghost", "wrong-password-1", ip="10.1.0.1")  # no account: no back-off, but the limit
    assert _query(client.sign_in("Ghost", "wrong-password-1", ip="10.1.0.1")[1])["login"] == ["limited"]
    for _ in range(session_routes.PER_NAME_FAILURES):
        client.sign_in("ent_a", "wrong-password-1", ip="10.1.0.1")
    assert _query(client.sign_in("ent_a", ip="10.1.0.1")[1])["login"] == ["limited"]  # a real name: the same
    # the name is limited from that address only: its user elsewhere signs in
    assert client.sign_in("ent_a", ip="10.2.0.1")[1]["location"] == "/"


def test_sign_out_revokes_clears_the_cookie_and_a_copy_is_refused(district, client: Client) -> None:
    client.sign_in("ent_a")
    copied = client.jar["gf_session"]
    status, out = client.request("POST", "/_session/logout", {"csrf": client.jar["gf_csrf"]})
    assert status == 303 and _query(out)["logout"] == ["1"]
    assert "Max-Age=0" in _cookie(out, "gf_session") and "gf_session" not in client.jar
    assert sessions.resolve(copied, engine=district.engine) is None
    assert _audit(district, "logout")[0].who == district.users["ent_a"]
    client.jar["gf_session"] = copied  # replayed by hand
    assert sessions.resolve(client.jar["gf_session"], engine=district.engine) is None


def test_a_forged_sign_out_leaves_the_session_alone(district, client: Client) -> None:
    client.sign_in("ent_a")
    token = client.jar["gf_session"]
    status, out = client.request("POST", "/_session/logout", {"csrf": "forged"})
    assert status == 303 and _query(out)["login"] == ["csrf"]
    assert sessions.resolve(token, engine=district.engine) is not None


def test_the_routes_take_posts_only(district, client: Client) -> None:
    assert client.request("GET", "/_session/login")[0] == 405
    assert client.request("GET", "/_session/logout")[0] == 405


def test_a_registration_session_becomes_the_cookie_once(district, client: Client) -> None:
    token = sessions.create(district.users["ent_a"], method="registration", engine=district.engine)
    code = session_routes.offer_handoff(token)
    adopt = session_routes.url(session_routes.ADOPT)
    forged = client.request("POST", adopt, {"csrf": "not-the-cookie", "code": code})
    assert parse_qs(urlsplit(forged[1]["location"]).query)["login"] == ["csrf"] and "gf_session" not in client.jar
    status, headers = client.request("POST", adopt, {"csrf": client.jar["gf_csrf"], "code": code,
                                                     "next_page": "my"})
    assert status == 303 and urlsplit(headers["location"]).path == "/my"
    assert "HttpOnly" in _cookie(headers, "gf_session") and client.jar["gf_session"] == token
    client.jar.pop("gf_session")
    again = client.request("POST", adopt, {"csrf": client.jar["gf_csrf"], "code": code})  # one time only
    assert _query(again[1])["login"] == ["error"] and "gf_session" not in client.jar
    revoked = session_routes.offer_handoff(token)
    sessions.revoke(token, engine=district.engine)
    late = client.request("POST", adopt, {"csrf": client.jar["gf_csrf"], "code": revoked})
    assert _query(late[1])["login"] == ["error"] and "gf_session" not in client.jar
