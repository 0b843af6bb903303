"""Who is using the app in this browser session: the Actor passed to every store call.

- Accounts off (no user in the database, GF_ACCOUNTS unset): the single-user ``LOCAL`` actor, as before.
- Accounts on: nobody (``None``) until the user signs in (password, or OIDC through ``st.login`` when
  ``.streamlit/secrets.toml`` has an ``[auth]`` section), registers an enterprise, or chooses guest mode (``GUEST``:
  a draft kept in this session only, never stored).

The signed-in Actor lives in the session (``W()``); it is refreshed from the database every ``REFRESH_SECONDS``
(a changed role or organisation is adopted, a disabled account is signed out) and dropped after
``SESSION_TIMEOUT_MINUTES`` without interaction. The store re-checks the user on every call anyway: this module
decides what the UI shows, ``store/`` decides what may be read or written.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from store import GUEST, LOCAL, Actor, AuthError, StoreError, accounts
from store.access import ROLE_NAMES
from store.sqltypes import utcnow
from ui.fmt import md
from ui.i18n import t
from ui.session import KEY, W

log = logging.getLogger("gf.ui")
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
    """The actor for store calls in this run (callbacks included): LOCAL, GUEST, a signed-in user, or None."""
    if not accounts_on():
        return LOCAL
    who = W().get("auth_actor")
    if who is None or who.role == "guest":
        return who
    if accounts.session_expired(W().get("auth_seen")):
        return None
    return who


def stores(who: Actor | None = None) -> bool:
    """Whether the wizard's draft is kept in the store for this actor (not for guests or nobody)."""
    who = actor() if who is None else who
    return who is not None and who.role != "guest"


def current() -> Actor | None:
    """Called once at the top of every run: signs out a session that timed out or whose account went away,
    refreshes the Actor now and then, signs in through OIDC when the provider has; returns actor()."""
    if not accounts_on():
        return LOCAL
    box = W()
    who = box.get("auth_actor")
    if who is None:
        _oidc_sign_in()
        who = box.get("auth_actor")
        if who is None:
            return None
    if who.role == "guest":
        return who
    now = utcnow()
    if accounts.session_expired(box.get("auth_seen"), now):
        sign_out(t("auth.timed_out", minutes=accounts.SESSION_TIMEOUT_MINUTES))
        return None
    box["auth_seen"] = now
    if time.monotonic() - box.get("auth_checked", 0.0) >= REFRESH_SECONDS:
        try:
            fresh = accounts.actor_for(who.user_id)
        except StoreError as exc:
            sign_out(str(exc))
            return None
        except Exception:
            log.exception("refreshing the session of %s failed", who.user_id)
            fresh = who
        box["auth_checked"] = time.monotonic()
        if fresh != who or fresh.display_name != who.display_name:
            box["auth_actor"] = fresh
            who = fresh
    return who


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


def _start(who: Actor, method: str) -> None:
    after = W().get("_next_page") if who.role != "guest" else None
    _reset_session(keep_address=who.role != "guest")
    box = W()
    box["auth_actor"], box["auth_method"] = who, method
    box["auth_seen"], box["auth_checked"] = utcnow(), time.monotonic()
    box["_go_start"] = after or True  # the page asked for before signing in, else the role's start page


def sign_in(username: str, password: str) -> str | None:
    """Password sign-in; None on success (the caller reruns), else the Chinese message to show."""
    if not (username or "").strip() or not password:
        return t("login.fill_both")
    try:
        who = accounts.authenticate(username, password)
    except AuthError as exc:
        return str(exc)
    except StoreError as exc:
        return str(exc)
    _start(who, "password")
    return None


def enter_guest() -> None:
    _start(GUEST, "guest")


def registered(who: Actor) -> None:
    """After self-registration: signed in as the new enterprise user; a guest draft is kept and now saved."""
    box = W()
    draft = box.get("draft")
    box["auth_actor"], box["auth_method"] = who, "registration"
    box["auth_seen"], box["auth_checked"] = utcnow(), time.monotonic()
    if draft is not None:
        box["_carry_guest_draft"] = True
    box["_go_start"] = True


def sign_out(message: str | None = None) -> None:
    box = W()
    who, method = box.get("auth_actor"), box.get("auth_method")
    if who is not None and who.user_id:
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
        W()["_oidc_refused"] = str(exc)
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
        if st.button(t("auth.logout"), key="logout", width="stretch"):
            sign_out()
            W().setdefault("notices", []).append(("info", t("auth.logged_out")))
            st.rerun()


def guest_banner(who: Actor | None) -> None:
    if who is not None and who.role == "guest":
        st.warning(t("auth.guest_banner"), icon="⚠️")
