"""Sign-in and sign-out as plain HTTP routes of the Streamlit server (Streamlit 1.67 ``st.App(routes=...)``).

Why routes: a Streamlit script talks to the browser over a WebSocket and cannot set a cookie; the browser keeps a
cookie only from an HTTP response. ``serve.py`` builds the ``st.App`` with the two routes and one middleware below
and ``streamlit run serve.py`` serves it (``streamlit run app.py`` still works, but signs in for one browser tab
only, see ``ui.auth``). Every run then finds the user from ``st.context.cookies`` and the sessions table
(``store.sessions``), so a reload or a new tab stays signed in.

- ``POST {base}/_session/login`` (form: username, password, csrf, next_page, next_a): checks the password with
  ``store.accounts.authenticate`` (argon2id, lockout), creates a session and answers 303 to the page asked for with
  the cookie ``gf_session`` = the token: HttpOnly (no script reads it), SameSite=Lax (not sent with another site's
  POST), Secure when the request came over https (directly, or through a trusted proxy's X-Forwarded-Proto),
  Path = ``server.baseUrlPath`` or ``/``, no Max-Age (a browser-session cookie: closing the browser drops it; the
  server ends it after 30 minutes idle or 12 hours anyway). A refusal answers 303 back to the login page with a
  code (``?login=failed`` …) the page turns into the Chinese message.
- ``POST {base}/_session/logout`` (form: csrf): revokes the session in the table (so a copy of the cookie is worth
  nothing), deletes the cookie and answers 303 to the login page.

CSRF: both routes want the form field ``csrf`` equal to the cookie ``gf_csrf`` (double submit). The middleware sets
that cookie (random, HttpOnly, SameSite=Lax) on the first page load; the page script reads it from
``st.context.cookies`` and writes it into the form. Another site can neither read it nor make the browser send it
with a cross-site POST (Lax), so a forged form fails. Browsers that send Fetch Metadata must also say
``Sec-Fetch-Site: same-origin``, which refuses a sibling subdomain that could plant a cookie. Origin is not
compared with Host because a proxy may rewrite Host; Sec-Fetch-Site is computed by the browser itself.

Rate limits, besides the back-off per account and source in the store (``store.throttle``, across every
replica): at most ``PER_IP_FAILURES`` failed sign-ins per client address and ``PER_NAME_FAILURES`` per user name
(known or not) from one address in ``WINDOW_SECONDS``, counted in the database (``store.throttle.RateLimit``,
shared by every replica); above that the password is not
even checked. Neither limit can be reached from another address, so nobody locks out a user who signs in from
elsewhere. Every refusal says the same (``failed``), for unknown names, wrong passwords, blocked attempts and
disabled accounts alike, after the same argon2 work. Registrations: at most ``REGISTER_PER_IP`` per address and
``REGISTER_GLOBAL`` in all per ``REGISTER_WINDOW_SECONDS``, in the database too (``registration_allowed``). The client
address is uvicorn's, which takes X-Forwarded-For only from the addresses in ``FORWARDED_ALLOW_IPS`` (default
127.0.0.1 and ::1, i.e. a proxy on the same machine).
"""

from __future__ import annotations

import hmac
import html
import logging
import re
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import SQLAlchemyError

from store import AuthError, StoreError, accounts, sessions
from store.textclean import normalise_username
from store.throttle import RateLimit, take_all

log = logging.getLogger("gf.session")

COOKIE = "gf_session"
CSRF_COOKIE = "gf_csrf"
BROWSER_COOKIE = "gf_browser"
BROWSER_DAYS = 400  # the longest a browser keeps a cookie (Chromium caps Max-Age at 400 days)
LOGIN = "_session/login"
LOGOUT = "_session/logout"
ADOPT = "_session/adopt"
HANDOFF_SECONDS = 60
WINDOW_SECONDS = 600
PER_IP_FAILURES = 30  # a district office behind one NAT address shares this; the lockout guards each account
PER_NAME_FAILURES = 10
REGISTER_WINDOW_SECONDS = 3600
REGISTER_PER_IP = 5  # an enterprise registers once; a consultant helping five firms from one office still fits
REGISTER_GLOBAL = 60  # all addresses together: a district's enterprises register over weeks, not in one hour
_PAGE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SKIP_PREFIXES = ("_stcore/", "static/", "media/", "component/", "_session/")
_state = {"active": False, "base": ""}


# ---- where things are ------------------------------------------------------------------------------------------


def active() -> bool:
    """True when this process serves the routes (``serve.py``); False under AppTest or ``streamlit run app.py``."""
    return bool(_state["active"])


def base_path() -> str:
    """``server.baseUrlPath`` as a path prefix: "" or "/gf"."""
    return str(_state["base"])


def cookie_path() -> str:
    return base_path() or "/"


def url(route: str) -> str:
    return f"{base_path()}/{route}"


def _read_base() -> str:
    from streamlit import config

    raw = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{raw}" if raw else ""


# ---- the rate limit ----------------------------------------------------------------------------------------------


# in the database (store.throttle.RateLimit): every replica counts into the same windows
PER_IP = RateLimit("ip", PER_IP_FAILURES, WINDOW_SECONDS)
PER_NAME = RateLimit("name", PER_NAME_FAILURES, WINDOW_SECONDS)  # keyed by user name AND address
REGISTER_IP = RateLimit("register_ip", REGISTER_PER_IP, REGISTER_WINDOW_SECONDS)
REGISTER_ALL = RateLimit("register_all", REGISTER_GLOBAL, REGISTER_WINDOW_SECONDS)
_ALL = "*"


def _name_key(username: str, ip: str) -> str:
    try:
        name = normalise_username(username)
    except Exception:
        name = username.strip().casefold()[:64]
    return f"{name}\n{ip}"


def streamlit_ip() -> str:
    """The client address of this Streamlit session (``st.context.ip_address``), or "unknown"."""
    import streamlit as st

    try:
        ip = st.context.ip_address
    except Exception:
        ip = None
    return ip if isinstance(ip, str) and ip else "unknown"


def registration_allowed(ip: str) -> bool:
    """Count one registration attempt from ``ip``; False (and not counted) when a limit is reached."""
    if not take_all([(REGISTER_IP, ip), (REGISTER_ALL, _ALL)]):
        log.warning("registration rate limit reached (address %s)", ip)
        return False
    return True


def check_password(username: str, password: str, ip: str) -> tuple[Any, str, dict[str, str]]:
    """The rate limits, then ``accounts.authenticate``: (Actor, "", {}) or (None, code, extra query values).
    Used by the route and by the one-tab sign-in form (``ui.auth.sign_in``)."""
    if not (username or "").strip() or not password:
        return None, "empty", {}
    name = _name_key(username, ip)
    try:
        if PER_IP.blocked(ip) or PER_NAME.blocked(name):
            log.warning("sign-in rate limit reached (address %s)", ip)
            return None, "limited", {}
        try:
            return accounts.authenticate(username, password, source=ip), "", {}
        except AuthError:
            PER_IP.fail(ip)
            PER_NAME.fail(name)
            return None, "failed", {}
    except (StoreError, SQLAlchemyError):
        log.exception("sign-in failed in the store")
        return None, "error", {}


def refusal_message(code: str, extra: Mapping[str, str], t: Any) -> str | None:
    """The Chinese message of a refusal code (``t`` is ui.i18n.t); None for an unknown code. "locked" and
    "disabled" (addresses of older versions) read as "failed": the page tells no reason apart."""
    if code in ("failed", "locked", "disabled"):
        return f"{AuthError()}{t('signin_guard.failed_hint')}"
    if code in ("empty", "csrf", "limited", "error"):
        return str(t(f"session.{code}" if code != "empty" else "login.fill_both",
                     minutes=WINDOW_SECONDS // 60))
    return None


# ---- CSRF ------------------------------------------------------------------------------------------------------


def _csrf_ok(headers: Mapping[str, str], cookies: Mapping[str, str], supplied: object) -> bool:
    site = headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    expected = cookies.get(CSRF_COOKIE) or ""
    return bool(expected) and isinstance(supplied, str) and hmac.compare_digest(expected, supplied)


def _cookie_header(name: str, value: str, *, secure: bool, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", f"Path={cookie_path()}", "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


class CsrfCookieMiddleware:
    """Pure ASGI: a page request gets the cookies it lacks (assets, WebSocket and routes get none): ``gf_csrf``
    (a browser-session cookie, see above) and ``gf_browser``, a random id kept ``BROWSER_DAYS`` days so that a
    returning visitor carries on with the assessment last worked on in this browser (store/resume.py)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        missing = self._missing(scope) if scope["type"] == "http" and scope.get("method") == "GET" else []
        if not missing:
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https"
        ages = {CSRF_COOKIE: None, BROWSER_COOKIE: BROWSER_DAYS * 86400}
        headers = [(b"set-cookie", _cookie_header(name, secrets.token_urlsafe(32), secure=secure,
                                                  max_age=ages[name]).encode("latin-1")) for name in missing]

        async def send_with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    def _missing(scope: Any) -> list[str]:
        path: str = scope.get("path", "")
        base = base_path()
        if base and not (path == base or path.startswith(base + "/")):
            return []
        rest = path[len(base):].lstrip("/")
        if rest.startswith(_SKIP_PREFIXES) or "." in rest.rsplit("/", 1)[-1]:
            return []
        sent = b"; ".join(value for key, value in scope.get("headers", []) if key == b"cookie")
        return [name for name in (CSRF_COOKIE, BROWSER_COOKIE) if f"{name}=".encode() not in sent]


# ---- the routes ------------------------------------------------------------------------------------------------


def _target(page: object, assessment: object, query: Mapping[str, str] | None = None) -> str:
    """A local address only: ``{base}/{page}?a=…`` with a page name and an id of the expected shape."""
    path = f"{base_path()}/"
    if isinstance(page, str) and _PAGE.fullmatch(page) and page not in ("login", "home"):
        path += page
    params: dict[str, str] = {}
    if isinstance(assessment, str) and _ID.fullmatch(assessment):
        params["a"] = assessment
    params.update(query or {})
    return path + ("?" + urlencode(params) if params else "")


def _redirect(location: str, *cookies: str) -> Any:
    from starlette.responses import Response

    response = Response(status_code=303, headers={"Location": location, "Cache-Control": "no-store"})
    for cookie in cookies:
        response.headers.append("set-cookie", cookie)
    return response


def _client_ip(request: Any) -> str:
    return request.client.host if request.client else "unknown"


async def _form(request: Any) -> Mapping[str, Any]:
    try:
        return await request.form(max_files=0, max_fields=10, max_part_size=4096)
    except Exception:
        return {}


async def _posted(request: Any, what: str) -> tuple[Mapping[str, Any], object, object, bool, Any]:
    """A sign-in form's fields, the page and assessment to return to, https or not, and the refusal to answer
    with when the CSRF check fails (else None)."""
    form = await _form(request)
    page, assessment = form.get("next_page"), form.get("next_a")
    if _csrf_ok(request.headers, request.cookies, form.get("csrf")):
        return form, page, assessment, request.url.scheme == "https", None
    log.warning("%s refused: CSRF check failed (address %s)", what, _client_ip(request))
    return form, page, assessment, False, _redirect(_target(page, assessment, {"login": "csrf"}))


async def login(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    form, page, assessment, https, refused = await _posted(request, "sign-in")
    if refused is not None:
        return refused
    username, password = str(form.get("username") or "")[:200], str(form.get("password") or "")
    who, code, extra = await run_in_threadpool(check_password, username, password, _client_ip(request))
    if who is None:
        return _redirect(_target(page, assessment, {"login": code, **extra}))
    agent = request.headers.get("user-agent", "")
    try:
        token = await run_in_threadpool(lambda: sessions.create(who.user_id, user_agent=agent))
    except ValueError:
        return _redirect(_target(page, assessment, {"login": "disabled"}))
    return _redirect(_target(page, assessment),
                     _cookie_header(COOKIE, token, secure=https),
                     _cookie_header(CSRF_COOKIE, secrets.token_urlsafe(32), secure=https))  # a new one after sign-in


async def logout(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    form = await _form(request)
    https = request.url.scheme == "https"
    if not _csrf_ok(request.headers, request.cookies, form.get("csrf")):
        log.warning("sign-out refused: CSRF check failed (address %s)", _client_ip(request))
        return _redirect(_target(None, None, {"login": "csrf"}))
    await run_in_threadpool(sessions.revoke, request.cookies.get(COOKIE), audit_logout=True)
    return _redirect(_target(None, None, {"logout": "1"}), _cookie_header(COOKIE, "", secure=https, max_age=0))


# ---- handing a session made by a page script to the browser as a cookie ---------------------------------------

_handoffs: dict[str, tuple[str, float]] = {}  # sha256 of a one-time code → (session token, monotonic deadline)
_handoff_lock = threading.Lock()


def offer_handoff(token: str) -> str:
    """A one-time code, good for ``HANDOFF_SECONDS`` in this process, that ``POST {base}/_session/adopt`` turns
    into the cookie of ``token``: a session a page script made (registration) survives a reload like a route
    sign-in. In this process only, which HAProxy's stickiness guarantees for the same browser."""
    code = secrets.token_urlsafe(32)
    now = time.monotonic()
    with _handoff_lock:
        for key, (_, deadline) in list(_handoffs.items()):
            if deadline <= now:
                del _handoffs[key]
        _handoffs[sessions.hash_token(code)] = (token, now + HANDOFF_SECONDS)
    return code


def _take_handoff(code: object) -> str | None:
    if not isinstance(code, str) or not _ID.fullmatch(code):
        return None
    with _handoff_lock:
        token, deadline = _handoffs.pop(sessions.hash_token(code), ("", 0.0))
    return token if token and deadline > time.monotonic() else None


async def adopt(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    form, page, assessment, https, refused = await _posted(request, "session hand-off")
    if refused is not None:
        return refused
    token = _take_handoff(form.get("code"))
    if token is None or (await run_in_threadpool(sessions.lookup, token)).actor is None:
        return _redirect(_target(page, assessment, {"login": "error"}))
    return _redirect(_target(page, assessment),
                     _cookie_header(COOKIE, token, secure=https),
                     _cookie_header(CSRF_COOKIE, secrets.token_urlsafe(32), secure=https))


def handoff_form(csrf: str, code: str, next_page: str = "", next_a: str = "") -> str:
    """The form that hands the session over (submitted by ui/auth.py's script at once)."""
    fields = _hidden([("csrf", csrf), ("code", code), ("next_page", next_page), ("next_a", next_a)])
    return f'<form id="gf-handoff" method="post" action="{html.escape(url(ADOPT))}">{fields}</form>'


def routes() -> list[Any]:
    """The routes for ``st.App(routes=...)``; marks this process as serving them (``active``)."""
    from starlette.routing import Route

    _state["base"] = _read_base()
    _state["active"] = True
    return [Route(url(LOGIN), login, methods=["POST"]), Route(url(LOGOUT), logout, methods=["POST"]),
            Route(url(ADOPT), adopt, methods=["POST"])]


def middleware() -> list[Any]:
    from starlette.middleware import Middleware

    return [Middleware(CsrfCookieMiddleware)]


# ---- the forms the pages show (st.html: sanitised by DOMPurify, no script) ----------------------------------------------


def _hidden(fields: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in fields)


_STYLE = """<style>
.gf-form{display:flex;flex-direction:column;gap:.75rem;padding:1rem;border:1px solid rgba(49,51,63,.2);
border-radius:.5rem}
.gf-form label{font-size:.875rem;display:flex;flex-direction:column;gap:.25rem}
.gf-form input[type=text],.gf-form input[type=password]{font:inherit;padding:.5rem .75rem;border-radius:.5rem;
border:1px solid rgba(49,51,63,.2);background:#f0f2f6}
.gf-form button,.gf-out button{font:inherit;cursor:pointer;padding:.25rem .75rem;min-height:2.5rem;
border-radius:.5rem}
.gf-form button{align-self:flex-start;color:#fff;background:#1a7f37;border:1px solid #1a7f37}
.gf-out button{width:100%;background:#fff;border:1px solid rgba(49,51,63,.2)}
</style>"""


def login_form(csrf: str, labels: Mapping[str, str], next_page: str = "", next_a: str = "") -> str:
    """The sign-in form posting to the login route; every value is escaped (none of it is user text anyway)."""
    fields = [("csrf", csrf), ("next_page", next_page), ("next_a", next_a)]
    return (
        f'{_STYLE}<form class="gf-form" method="post" action="{html.escape(url(LOGIN))}">'
        f'<label for="gf-login-user">{html.escape(labels["username"])}'
        '<input type="text" id="gf-login-user" name="username" maxlength="64" autocomplete="username" required>'
        f'</label><label for="gf-login-pass">{html.escape(labels["password"])}'
        '<input type="password" id="gf-login-pass" name="password" maxlength="256" '
        'autocomplete="current-password" required></label>'
        f'{_hidden(fields)}<button type="submit">{html.escape(labels["submit"])}</button></form>'
    )


def logout_form(csrf: str, label: str) -> str:
    return (f'{_STYLE}<form class="gf-out" method="post" action="{html.escape(url(LOGOUT))}">'
            f'{_hidden([("csrf", csrf)])}<button type="submit">{html.escape(label)}</button></form>')
