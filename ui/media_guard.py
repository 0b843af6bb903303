"""What ``serve.py`` adds to Streamlit's own ``GET {base}/media/{id}`` (the bytes of ``st.download_button``,
``st.image`` …), which Streamlit 1.67 serves to anyone holding the address, without a cache header.

The downloads that stay on ``st.download_button`` (ui.downloads lists them: guests, a sign-in kept in one tab, an
uploaded pool) hand their bytes over at the click only (a callable, ``on_click="ignore"``): before the click no
file exists; after it Streamlit keeps the file until no session refers to it, i.e. it is deleted at the second
clean-up after the click (each script run of any session in the process ends with one). Streamlit has no setting
for that lifetime or for access to ``/media``. Around it this pure ASGI middleware:

- refuses a request another site started (``Sec-Fetch-Site: cross-site`` or ``same-site``): 403;
- refuses a request that carries none of the cookies every page load of this site sets (``gf_browser``,
  ``gf_csrf``: ui.session_routes): 403. The address of a download copied from a proxy log or a history is worthless
  to a bare client (curl, a link opened elsewhere); it is not bound to one browser (Streamlit does not say which
  session a file belongs to), so a person with the address, a browser that visited this site and the file still
  alive could still fetch it;
- answers a download (``Content-Disposition: attachment``) with ``Cache-Control: no-store`` and
  ``X-Content-Type-Options: nosniff``, so no proxy or browser cache keeps a copy.
"""

from __future__ import annotations

from typing import Any

from locales import say
from ui import session_routes

_COOKIES = (session_routes.BROWSER_COOKIE.encode(), session_routes.CSRF_COOKIE.encode())


def _media(path: str) -> bool:
    return path.startswith(f"{session_routes.base_path()}/media/")


def _cookie_names(headers: list[tuple[bytes, bytes]]) -> set[bytes]:
    names: set[bytes] = set()
    for key, value in headers:
        if key == b"cookie":
            names |= {part.split(b"=", 1)[0].strip() for part in value.split(b";")}
    return names


def allowed(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a request for ``/media/…`` with these headers is served (see the module doc)."""
    site = next((v for k, v in headers if k == b"sec-fetch-site"), b"")
    if site in (b"cross-site", b"same-site"):
        return False
    return bool(_cookie_names(headers) & set(_COOKIES))


class MediaGuard:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _media(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        if not allowed(list(scope.get("headers", []))):
            await send({"type": "http.response.start", "status": 403, "headers": [
                (b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")]})
            await send({"type": "http.response.body", "body": say("zh", "download.media_refused").encode("utf-8")})
            return

        async def send_private(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k.lower() == b"content-disposition" and v.startswith(b"attachment") for k, v in headers):
                    headers = [(k, v) for k, v in headers if k.lower() not in (b"cache-control",
                                                                                b"x-content-type-options")]
                    headers += [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_private)


def middleware() -> list[Any]:
    from starlette.middleware import Middleware

    return [Middleware(MediaGuard)]
