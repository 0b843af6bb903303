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
  to a bare client (curl, a link opened elsewhere);
- refuses a request whose ``gf_browser`` cookie is not the one of a live session of this process that refers to the
  file (``owner_browsers``: Streamlit's media manager maps sessions to their files; a deferred download's file,
  which Streamlit leaves unmapped, is recorded when its callable runs): another browser with the address gets 403.
  The file lives in the process whose session made it and the WebSocket is sticky, so the check needs no database;
- answers a download (``Content-Disposition: attachment``) with ``Cache-Control: no-store`` and
  ``X-Content-Type-Options: nosniff``, so no proxy or browser cache keeps a copy.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from locales import say
from ui import session_routes

_COOKIES = (session_routes.BROWSER_COOKIE.encode(), session_routes.CSRF_COOKIE.encode())
log = logging.getLogger("gf.media")
_deferred: OrderedDict[str, str] = OrderedDict()  # media file id of a run deferred download → its session id
_deferred_lock = threading.Lock()
_DEFERRED_KEEP = 2000


def _media(path: str) -> bool:
    return path.startswith(f"{session_routes.base_path()}/media/")


def _cookie_names(headers: list[tuple[bytes, bytes]]) -> set[bytes]:
    names: set[bytes] = set()
    for key, value in headers:
        if key == b"cookie":
            names |= {part.split(b"=", 1)[0].strip() for part in value.split(b";")}
    return names


def _cookie(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == b"cookie":
            for part in value.split(b";"):
                k, _, v = part.strip().partition(b"=")
                if k == name:
                    return v.decode("latin-1")
    return None


def file_id(path: str) -> str:
    return path.rsplit("/", 1)[-1].split(".", 1)[0]


def _record_deferred(fid: str, session_id: str) -> None:
    with _deferred_lock:
        _deferred[fid] = session_id
        _deferred.move_to_end(fid)
        while len(_deferred) > _DEFERRED_KEEP:
            _deferred.popitem(last=False)


def install() -> None:
    """Record which session ran each deferred download (Streamlit 1.67 leaves the made file unmapped)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    if getattr(MediaFileManager.execute_deferred, "_gf_recording", False):
        return
    original = MediaFileManager.execute_deferred

    def execute_deferred(self: Any, placeholder: str) -> str:
        with self._lock:
            entry = self._deferred_callables.get(placeholder)
        url = original(self, placeholder)
        if entry is not None:
            _record_deferred(file_id(url), entry["session_id"])
        return url

    execute_deferred._gf_recording = True  # type: ignore[attr-defined]
    MediaFileManager.execute_deferred = execute_deferred  # type: ignore[method-assign,assignment]


def owner_browsers(fid: str) -> set[str]:
    """The ``gf_browser`` cookies of the live sessions of this process that refer to media file ``fid``."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return set()
    rt = Runtime.instance()
    mgr = rt.media_file_mgr
    with mgr._lock:
        sids = {sid for sid, files in mgr._files_by_session_and_coord.items() if fid in files.values()}
    with _deferred_lock:
        if fid in _deferred:
            sids.add(_deferred[fid])
    found: set[str] = set()
    for sid in sids:
        client = rt.get_client(sid)
        context = getattr(client, "client_context", None)
        value = context.cookies.get(session_routes.BROWSER_COOKIE) if context is not None else None
        if isinstance(value, str) and value:
            found.add(value)
    return found


owners: Callable[[str], set[str]] = owner_browsers  # replaced in tests


def bound(path: str, headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the request's browser is one whose session refers to the file at ``path``."""
    browser = _cookie(headers, session_routes.BROWSER_COOKIE.encode())
    if not browser:
        return False
    try:
        return browser in owners(file_id(path))
    except Exception:  # Streamlit's internals moved: refuse rather than serve to anyone
        log.exception("could not tell which sessions refer to %s", path)
        return False


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
        headers = list(scope.get("headers", []))
        if not allowed(headers) or not bound(scope.get("path", ""), headers):
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

    install()
    return [Middleware(MediaGuard)]
