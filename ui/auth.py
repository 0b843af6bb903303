"""Who is using the app in this browser session: the Actor passed to every store call.

- Accounts off (no user in the database, GF_ACCOUNTS unset): the single-user ``LOCAL`` actor, as before.
- Accounts on: nobody (``None``) until the user signs in (password, or OIDC through ``st.login`` when
  ``.streamlit/secrets.toml`` has an ``[auth]`` section), registers an enterprise, or chooses guest mode (``GUEST``:
  a draft kept in this session only, never stored).

A password sign-in is a row of the sessions table (``store.sessions``): under ``serve.py`` the sign-in route sets
its token in the HttpOnly cookie ``gf_session`` (ui/session_routes.py), and every run resolves the user from
``st.context.cookies`` and the table, so a reload (F5), a bookmarked address or a new tab stays signed in, and
signing out, a password reset, a role change or a disabled account ends it everywhere. Without the routes (AppTest,
``streamlit run app.py``) the login page's Streamlit form signs in and the token is kept in this browser session
only. Either way the table decides: idle (30 minutes) and absolute (12 hours) expiry, revocation. OIDC keeps its
own cookie (Streamlit's ``st.login``); its Actor lives in the session, is refreshed from the database every
``REFRESH_SECONDS`` and dropped after ``SESSION_TIMEOUT_MINUTES`` without interaction. Under ``serve.py`` an OIDC
sign-in also makes a session row bound to the browser's ``gf_browser`` cookie (``sessions.create_bound``), touched
at most every ``REFRESH_SECONDS``: the download routes accept the identity cookie only while that row is live, and
a revoked or expired row signs the page out too. The store re-checks the user
on every call anyway: this module decides what the UI shows, ``store/`` decides what may be read or written.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

from store import GUEST, LOCAL, Actor, StoreError, accounts, sessions
from store.access import ROLE_NAMES
from store.sqltypes import utcnow
from ui import session_routes
from ui.fmt import md
from ui.i18n import t
from ui.session import KEY, W

log = logging.getLogger("gf.ui")
_HANDOFF = st.components.v2.component("gf_handoff", js=(Path(__file__).with_name("handoff.js")).read_text("utf-8"))
REFRESH_SECONDS = 60  # how often a signed-in session re-reads its user row
ACCOUNTS_RECHECK_SECONDS = 2.0  # while accounts are off, how often to look again (they never switch back off)
WIZARD_ROLES = ("local", "guest", "enterprise", "consultant")  # roles that fill in assessments


# ---- the actor of this session ------------------------------------------------------------------------


def accounts_on() -> bool:
    """True once the deployment has accounts. A database error counts as off: the store refuses the local
    actor by itself once accounts exist, so this can only ever show less, never open more."""
    box = W()
    if box.get("_accounts_on"):
        return True
    checked = box.get("_accounts_checked")
    if checked is not None and time.monotonic() - checked < ACCOUNTS_RECHECK_SECONDS:
        return False
    try:
        on = accounts.accounts_enabled()
    except Exception:
        log.exception("could not tell whether accounts are enabled")
        on = False
    box["_accounts_on"] = on
    box["_accounts_checked"] = time.monotonic()
    return on


def actor() -> Actor | None:
    """The actor for store calls in this run (callbacks included): LOCAL, GUEST, a signed-in user, or None.
    Callbacks run before ``current()``: a session past its expiry (as last resolved) counts as signed out."""
    if not accounts_on():
        return LOCAL
    box = W()
    who = box.get("auth_actor")
    if who is None or who.role == "guest":
        return who
    if box.get("auth_method") == "oidc":
        return None if accounts.session_expired(box.get("auth_seen")) else who
    until = box.get("auth_valid_until")
    return who if until is not None and utcnow() < until else None


def stores(who: Actor | None = None) -> bool:
    """Whether the wizard's draft is kept in the store for this actor (not for guests or nobody)."""
    who = actor() if who is None else who
    return who is not None and who.role != "guest"


def current() -> Actor | None:
    """Called once at the top of every run: the user of the session cookie (or of this tab's sign-in) as the
    sessions table has it now; signs out a session that ended (with the reason); signs in through OIDC when the
    provider has; returns actor()."""
    if not accounts_on():
        return LOCAL
    box = W()
    who = box.get("auth_actor")
    if who is not None and who.role == "guest":
        return who
    if who is not None and box.get("auth_method") == "oidc":
        return _current_oidc(who)
    held = box.get("auth_token")  # signed in through this tab's form (no routes)
    token = held or _cookie_token()
    if token:
        found = _lookup(token)
        if found.actor is not None:
            if who is None or who.user_id != found.actor.user_id:  # a reload, a new tab, or just signed in
                if who is not None:
                    _reset_session(keep_address=True)
                    box = W()
                box["auth_method"] = box.get("auth_method") if held else "cookie"
            box["auth_actor"], box["auth_valid_until"] = found.actor, found.valid_until
            return found.actor
        if who is not None or held:
            sign_out(_ended_message(found.reason, who), record=False)
        elif found.reason != "unknown":  # a cookie that just ran out: say so on the login page
            box.setdefault("notices", []).append(("warning", _ended_message(found.reason)))
        return None
    if who is not None:  # the cookie went away (e.g. cleared by the browser)
        sign_out(t("session.ended"), record=False)
        return None
    _oidc_sign_in()
    return box.get("auth_actor")


def _current_oidc(who: Actor) -> Actor | None:
    box = W()
    now = utcnow()
    if accounts.session_expired(box.get("auth_seen"), now):
        sign_out(t("auth.timed_out", minutes=accounts.SESSION_TIMEOUT_MINUTES))
        return None
    box["auth_seen"] = now
    if time.monotonic() - box.get("auth_checked", 0.0) >= REFRESH_SECONDS:
        try:
            fresh = accounts.actor_for(who.user_id or "")
        except StoreError as exc:
            sign_out(md(str(exc)))
            return None
        except Exception:
            log.exception("refreshing the session of %s failed", who.user_id)
            fresh = who
        box["auth_checked"] = time.monotonic()
        ended = _bound_ended(box.get("auth_bound"), now)
        if ended is not None:
            sign_out(_ended_message(ended, who), record=False)
            return None
        if fresh != who or fresh.display_name != who.display_name:
            box["auth_actor"] = fresh
            who = fresh
    return who


def _bind_sso(who: Actor) -> None:
    """The session row of an OIDC sign-in in this browser (its ``gf_browser`` cookie; none without one, e.g.
    under AppTest or ``streamlit run app.py``, where no download route exists to ask for it)."""
    browser = browser_id()
    if not browser or not who.user_id:
        return
    try:
        sessions.create_bound(who.user_id, browser, method="oidc")
    except Exception:
        log.exception("no single-sign-on session row for %s", who.user_id)
        return
    W()["auth_bound"] = browser


def _bound_ended(browser: str | None, now: datetime) -> str | None:
    """Why this browser's OIDC session row is no longer live (None while it is, or when there is none); touches it."""
    if not browser:
        return None
    try:
        found = sessions.lookup_bound(browser, now=now)
    except Exception:  # the database is away: ask again at the next refresh
        log.exception("checking the single-sign-on session failed")
        return None
    return None if found.actor is not None else found.reason


def _cookie_token() -> str | None:
    """The sign-in cookie the browser sent when this session's connection opened (None under AppTest)."""
    return _cookie(session_routes.COOKIE) or None


def _cookie(name: str) -> str:
    try:
        value = st.context.cookies.get(name)
    except Exception:
        return ""
    return value if isinstance(value, str) else ""  # AppTest's client is a mock


def browser_id() -> str | None:
    """The long-lived ``gf_browser`` cookie (which assessment this browser last worked on: store.resume)."""
    return _cookie(session_routes.BROWSER_COOKIE) or None


def csrf_token() -> str:
    """The value of the ``gf_csrf`` cookie, for the forms that post to the sign-in routes."""
    return _cookie(session_routes.CSRF_COOKIE)


def _lookup(token: str) -> sessions.Resolution:
    try:
        return sessions.lookup(token)
    except Exception:  # the database is away: nobody, this run (the next run asks again)
        log.exception("resolving a session failed")
        return sessions.Resolution(None, "unknown")


def _ended_message(reason: str, who: Actor | None = None) -> str:
    """Why the session ended; a revoked one (the row is gone) is explained by the account when it can be."""
    if reason == "idle":
        return t("auth.timed_out", minutes=accounts.SESSION_TIMEOUT_MINUTES)
    if reason == "expired":
        return t("session.expired", hours=sessions.ABSOLUTE_HOURS)
    if reason == "disabled":
        return t("session.disabled")
    if who is not None and who.user_id:
        try:
            accounts.actor_for(who.user_id)
        except StoreError as exc:  # disabled or deleted meanwhile: say that
            return md(str(exc))
        except Exception:
            log.exception("reading the account of %s failed", who.user_id)
    return t("session.ended")


def role(who: Actor | None = None) -> str | None:
    who = actor() if who is None else who
    return None if who is None else who.role


def has_wizard(who: Actor | None) -> bool:
    return who is not None and who.role in WIZARD_ROLES


# ---- signing in and out ---------------------------------------------------------------------------------


def _reset_session(*, keep_address: bool = False) -> None:
    """Forget everything of the previous user in this browser session (draft, widgets, caches) but the
    language; widget generations keep counting up, so no old widget value can reappear. Signing in keeps an
    assessment named in the address (the store then decides whether this user may open it)."""
    box = W()
    lang, gen = box.get("lang"), box.get("gen", 0)
    for key in list(st.session_state.keys()):
        if key != KEY:
            del st.session_state[key]
    box.clear()
    box["gen"] = gen + 1
    if lang:
        box["lang"] = lang
    box["_accounts_on"] = True
    if not keep_address:
        st.query_params.pop("a", None)


def _start(who: Actor, method: str, token: str | None = None) -> None:
    after = W().get("_next_page") if who.role != "guest" else None
    _reset_session(keep_address=who.role != "guest")
    box = W()
    box["auth_actor"], box["auth_method"] = who, method
    box["auth_seen"], box["auth_checked"] = utcnow(), time.monotonic()
    if token is not None:
        _hold(token)
    if method == "oidc":
        _bind_sso(who)
    box["_go_start"] = after or True  # the page asked for before signing in, else the role's start page


def _hold(token: str) -> None:
    """Keep a session token in this browser session (the form sign-in and registration, which set no cookie)."""
    box = W()
    box["auth_token"] = token
    box["auth_valid_until"] = _lookup(token).valid_until


def sign_in(username: str, password: str) -> str | None:
    """Password sign-in through the Streamlit form (no routes: this tab only); None on success (the caller reruns),
    else the Chinese message to show. The same rate limits and lockout as the sign-in route."""
    try:
        ip = st.context.ip_address
    except Exception:
        ip = None
    ip = ip if isinstance(ip, str) and ip else "unknown"
    who, code, extra = session_routes.check_password(username, password, ip)
    if who is None:
        return session_routes.refusal_message(code, extra, t) or t("session.error")
    try:
        token = sessions.create(who.user_id or "")
    except ValueError:
        return session_routes.refusal_message("disabled", {}, t)
    _start(who, "password", token)
    return None


def enter_guest() -> None:
    _start(GUEST, "guest")


def registered(who: Actor) -> None:
    """After self-registration: signed in as the new enterprise user; a guest draft is kept and now saved."""
    box = W()
    draft = box.get("draft")
    box["auth_actor"], box["auth_method"] = who, "registration"
    box["auth_seen"], box["auth_checked"] = utcnow(), time.monotonic()
    try:
        token = sessions.create(who.user_id or "", method="registration")
        _hold(token)
        if session_routes.active() and csrf_token():  # served with the routes: make it a cookie (ui/handoff.js)
            box["_handoff"] = session_routes.offer_handoff(token)
    except Exception:
        log.exception("no session for the new user %s", who.user_id)
    if draft is not None:
        box["_carry_guest_draft"] = True
    box["_go_start"] = True


def handoff(page: str | None, aid: str | None) -> None:
    """After registration, once: the browser trades the one-time code for the sign-in cookie and reloads this page,
    so the new user stays signed in across a reload and in new tabs like after a route sign-in."""
    code = W().pop("_handoff", None)
    if code:
        form = session_routes.handoff_form(csrf_token(), code, next_page=page or "", next_a=aid or "")
        _HANDOFF(key="gf-handoff", data={"form": form})


def sign_out(message: str | None = None, *, record: bool = True) -> None:
    """Sign out of this browser session: the session row goes (its cookie, if any, is worth nothing after
    this), the page forgets the user. ``record``: write the logout to the audit log (not for a session that had
    already ended)."""
    box = W()
    who, method = box.get("auth_actor"), box.get("auth_method")
    token = box.get("auth_token") or (_cookie_token() if method == "cookie" else None)
    if token:
        try:
            sessions.revoke(token)
        except Exception:
            log.exception("revoking the session of %s failed", getattr(who, "user_id", None))
    if box.get("auth_bound"):
        try:
            sessions.revoke_bound(box["auth_bound"])
        except Exception:
            log.exception("revoking the single-sign-on session of %s failed", getattr(who, "user_id", None))
    if record and who is not None and who.user_id:
        try:
            accounts.record_logout(who)
        except Exception:
            log.exception("recording the logout of %s failed", who.user_id)
    _reset_session()
    if message:
        W().setdefault("notices", []).append(("warning", message))
    if method == "oidc" and _user_logged_in():
        st.logout()  # drops the provider's identity cookie too, or the next run would sign in again


# ---- OIDC (st.login) -------------------------------------------------------------------------------------


def oidc_providers() -> list[str | None]:
    """Providers configured in secrets ([auth] with client_id: the unnamed one, None; [auth.<name>]: named).
    Empty when there are no secrets, no [auth] section, or Authlib is missing."""
    try:
        if not st.secrets.load_if_toml_exists() or "auth" not in st.secrets:
            return []
        section = st.secrets["auth"]
    except Exception:
        return []
    if not isinstance(section, Mapping) or importlib.util.find_spec("authlib") is None:
        return []
    named: list[str | None] = [k for k, v in section.items() if isinstance(v, Mapping)]
    return ([None] if "client_id" in section else []) + named


def _user_attr(name: str) -> Any:
    try:
        return getattr(st.user, name, None)
    except Exception:
        return None


def _user_logged_in() -> bool:
    return bool(oidc_providers()) and _user_attr("is_logged_in") is True


def _oidc_sign_in() -> None:
    """Map the provider's verified e-mail address to an account created by an admin (authenticate_external)."""
    if W().get("_oidc_refused") or not _user_logged_in():
        return
    email = _user_attr("email")
    if not isinstance(email, str) or not email.strip():
        W()["_oidc_refused"] = t("login.oidc_no_email")
        return
    if _user_attr("email_verified") is not True:
        W()["_oidc_refused"] = t("login.oidc_unverified")
        return
    try:
        who = accounts.authenticate_external(email, provider="oidc")
    except StoreError as exc:
        W()["_oidc_refused"] = md(str(exc))
        return
    _start(who, "oidc")


def oidc_refusal() -> str | None:
    return W().get("_oidc_refused")


# ---- shown on every page ---------------------------------------------------------------------------------


def role_name(who: Actor) -> str:
    return t(f"role.{who.role}") if who.role in ROLE_NAMES else who.role


def sidebar_box(who: Actor | None) -> None:
    """Who is signed in, and 退出登录; nothing in the single-user mode."""
    if who is None or who.role == "local":
        return
    with st.sidebar, st.container(border=True, key="sb-account"):
        if who.role == "guest":
            st.markdown(t("auth.guest_badge"))
            if st.button(t("auth.leave_guest"), key="leave-guest", width="stretch"):
                sign_out()
                st.rerun()
            return
        st.markdown(t("auth.signed_in_as", name=md(who.display_name), role=role_name(who)))
        if W().get("auth_method") == "cookie" and session_routes.active():  # the route also clears the cookie
            st.html(session_routes.logout_form(csrf_token(), t("auth.logout")))
        elif st.button(t("auth.logout"), key="logout", width="stretch"):
            sign_out()
            W().setdefault("notices", []).append(("info", t("auth.logged_out")))
            st.rerun()


def guest_banner(who: Actor | None) -> None:
    if who is not None and who.role == "guest":
        st.warning(t("auth.guest_banner"), icon="⚠️")


# ---- what the sign-in routes sent back (?login=…, ?logout=1) -------------------------------------------------------


def route_notice() -> tuple[str, str] | None:
    """("error"|"info", message) for the code the sign-in or sign-out route put in the address; the code is taken
    out of the address, so a reload does not show it again."""
    params = st.query_params
    if params.get("logout"):
        params.pop("logout", None)
        return "info", t("auth.logged_out")
    code = params.get("login")
    if not code:
        return None
    extra = {"until": params.get("until") or ""}
    for key in ("login", "until"):
        params.pop(key, None)
    message = session_routes.refusal_message(code, extra, t)
    return ("error", message) if message else None
