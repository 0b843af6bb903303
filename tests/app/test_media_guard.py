"""serve.py's guard around Streamlit's /media/… (ui/media_guard.py), called through ASGI: a bare request (no cookie of
this site), another browser's request and another site's request are refused; a download is answered with Cache-Control: no-store; other
paths and media that are not downloads pass unchanged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from ui import media_guard, session_routes


async def _streamlit(scope: Any, receive: Any, send: Any) -> None:
    """Stands in for Streamlit: a download under /media/dl…, an image under any other /media/ address."""
    download = scope["path"].startswith("/media/dl")
    headers = [(b"content-type", b"application/pdf" if download else b"image/png"), (b"cache-control", b"max-age=60")]
    if download:
        headers.append((b"content-disposition", b"attachment; filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf"))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"%PDF" if download else b"\x89PNG"})


def _get(path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    guard = media_guard.MediaGuard(_streamlit)
    scope = {"type": "http", "method": "GET", "path": path,
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    head = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], head, b"".join(m.get("body", b"") for m in sent[1:])


@pytest.fixture(autouse=True)
def root(monkeypatch) -> None:
    monkeypatch.setitem(session_routes._state, "base", "")
    # the live sessions referring to a file: browser "abc" holds every file (Streamlit's media manager stands in)
    monkeypatch.setattr(media_guard, "owners", lambda fid: {"abc"} if fid else set())


BROWSER = {"Cookie": f"other=1; {session_routes.BROWSER_COOKIE}=abc", "Sec-Fetch-Site": "same-origin"}


def test_a_bare_request_for_a_download_is_refused() -> None:
    status, head, body = _get("/media/dl123.pdf")
    assert status == 403 and head["cache-control"] == "no-store" and "重新点击下载按钮" in body.decode()
    assert _get("/media/dl123.pdf", {"Cookie": "gf_browserx=1; other=2"})[0] == 403  # a name that only looks alike


def test_a_request_from_another_site_is_refused() -> None:
    for site in ("cross-site", "same-site"):
        assert _get("/media/dl123.pdf", BROWSER | {"Sec-Fetch-Site": site})[0] == 403


def test_this_sites_browser_gets_the_download_uncached() -> None:
    status, head, body = _get("/media/dl123.pdf", BROWSER)
    assert status == 200 and body == b"%PDF"
    assert head["cache-control"] == "no-store" and head["x-content-type-options"] == "nosniff"
    csrf_only = {"Cookie": f"{session_routes.CSRF_COOKIE}=x"}
    assert _get("/media/dl123.pdf", csrf_only)[0] == 403  # a browser of this site, but not the file's


def test_another_browsers_cookies_are_refused(monkeypatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(media_guard, "owners", lambda fid: seen.append(fid) or {"abc"})
    other = {"Cookie": f"{session_routes.BROWSER_COOKIE}=xyz; {session_routes.CSRF_COOKIE}=x"}
    status, head, body = _get("/media/dl123.pdf", other)
    assert status == 403 and head["cache-control"] == "no-store" and b"%PDF" not in body
    assert seen == ["dl123"]
    assert _get("/media/dl123.pdf", BROWSER)[0] == 200


def test_a_lookup_that_fails_refuses(monkeypatch) -> None:
    def broken(fid: str) -> set[str]:
        raise AttributeError("internals moved")

    monkeypatch.setattr(media_guard, "owners", broken)
    assert _get("/media/dl123.pdf", BROWSER)[0] == 403


def test_owner_browsers_reads_streamlits_sessions(monkeypatch) -> None:
    from types import SimpleNamespace

    from streamlit.runtime import Runtime

    mgr = SimpleNamespace(_lock=__import__("threading").Lock(),
                          _files_by_session_and_coord={"s1": {"c": "f1"}, "s2": {"c": "f2"}})
    clients = {sid: SimpleNamespace(client_context=SimpleNamespace(cookies={session_routes.BROWSER_COOKIE: b}))
               for sid, b in (("s1", "one"), ("s2", "two"), ("s3", "three"))}
    rt = SimpleNamespace(media_file_mgr=mgr, get_client=clients.get)
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: rt))
    media_guard._record_deferred("f3", "s3")  # a deferred download's file, made in session s3
    assert media_guard.owner_browsers("f1") == {"one"}
    assert media_guard.owner_browsers("f3") == {"three"}
    assert media_guard.owner_browsers("nope") == set()
    assert media_guard.file_id("/gf/media/f1.pdf") == "f1"


def test_images_and_other_paths_pass_unchanged(monkeypatch) -> None:
    status, head, _ = _get("/media/img.png", BROWSER)
    assert status == 200 and head["cache-control"] == "max-age=60"
    assert _get("/_stcore/health")[0] == 200  # not media: no cookie needed
    monkeypatch.setitem(session_routes._state, "base", "/gf")
    assert _get("/gf/media/dl1.pdf")[0] == 403 and _get("/media/dl1.pdf")[0] == 200
