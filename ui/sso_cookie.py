"""Single sign-on (``st.login``) as an HTTP route sees it: Streamlit 1.67's signed identity cookie, verified the way
Streamlit verifies it when the page's WebSocket opens.

After the provider's callback Streamlit sets ``_streamlit_user`` (HttpOnly, SameSite=Lax, Path =
``server.baseUrlPath``, 30 days; split into ``_streamlit_user``, ``_streamlit_user_1`` … when large): the JSON of the
provider's claims plus ``origin`` (the scheme and host of ``redirect_uri``) and ``is_logged_in``, signed with
itsdangerous' ``URLSafeTimedSerializer`` keyed by ``server.cookieSecret`` (or ``[auth] cookie_secret``), salted
with the cookie's name, accepted for 31 days (starlette_app_utils.decode_signed_value; the WebSocket handler
starlette_websocket._get_signed_cookie_with_chunks). The same functions verify it here, so a cookie a route accepts
is exactly a cookie that would sign the page in, and every replica must share ``server.cookieSecret``. ``st.logout``
deletes the cookie; a copy of it stays valid for Streamlit itself until it expires, so it is worth no more here
than on the page (the account behind it is read from the database on every request: a disabled account or a changed
role takes effect at once).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

log = logging.getLogger("gf.download")


def _decoded(cookies: Mapping[str, str]) -> bytes | None:
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.server_util import get_cookie_secret
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value
    from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME

    secret = get_cookie_secret()
    if not secret:
        return None

    def one(name: str) -> bytes | None:
        raw = cookies.get(name)
        # HTTP cookies arrive as latin-1 text; Streamlit signs and checks the bytes
        return None if raw is None else decode_signed_value(secret, name, raw.encode("latin-1"))

    return get_cookie_with_chunks(one, USER_COOKIE_NAME)


def _origin() -> str | None:
    from streamlit.auth_util import get_origin_from_redirect_uri

    try:
        return get_origin_from_redirect_uri()
    except Exception:  # no secrets, no [auth] section: no single sign-on here
        return None


def verified_email(cookies: Mapping[str, str]) -> str | None:
    """The provider's verified e-mail address from a valid identity cookie, else None: a missing, forged or
    expired cookie, one minted for another origin than this deployment's ``redirect_uri``, a signed-out identity,
    or an address the provider did not verify (the page refuses those too: ui.auth._oidc_sign_in)."""
    origin = _origin()
    if origin is None:
        return None
    try:
        decoded = _decoded(cookies)
        payload = json.loads(decoded.decode("utf-8")) if decoded else None
    except (UnicodeError, ValueError):
        log.warning("an identity cookie with a valid signature could not be read")
        return None
    if not isinstance(payload, dict) or payload.get("origin") != origin or payload.get("is_logged_in") is not True:
        return None
    email = payload.get("email")
    if payload.get("email_verified") is not True or not isinstance(email, str) or not email.strip():
        return None
    return email
