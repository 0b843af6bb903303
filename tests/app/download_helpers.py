"""Calling the download routes (ui/download_routes.py, ui/pool_routes.py) through ASGI, without a server, as serve.py
mounts them: a bare Starlette app with the session and download routes, and one GET with optional cookies."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from starlette.applications import Starlette

from ui import download_routes, session_routes


@pytest.fixture(name="app")
def routes_app(monkeypatch) -> Starlette:
    """The app serve.py builds, without a server (import ``routes_app`` to use the fixture ``app``)."""
    for key in ("active", "base"):  # routes() marks the process as serving them: undone after the test
        monkeypatch.setitem(session_routes._state, key, session_routes._state[key])
    monkeypatch.setattr(session_routes, "_read_base", lambda: "")
    return Starlette(routes=[*session_routes.routes(), *download_routes.routes()],
                     middleware=session_routes.middleware())


def get(app: Starlette, url: str, token: str | None = None, headers: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of GET ``url``; ``token``: the gf_session cookie; ``cookies``: any others."""
    parts = urlsplit(url)
    raw = [(b"host", b"127.0.0.1:8599")]
    jar = dict(cookies or {}) | ({session_routes.COOKIE: token} if token else {})
    if jar:
        raw.append((b"cookie", "; ".join(f"{k}={v}" for k, v in jar.items()).encode("latin-1")))
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": unquote(parts.path), "raw_path": parts.path.encode(), "query_string": parts.query.encode(),
             "root_path": "", "headers": raw, "client": ("10.0.0.7", 50000), "server": ("127.0.0.1", 8599)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    head = {k.decode().lower(): v.decode("latin-1") for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], head, body
