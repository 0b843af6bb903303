"""The download routes (ui/download_routes.py) as HTTP, on SQLite and PostgreSQL: a report, a JSON export, a zip
of reports and an evidence file rebuilt from the database for the user of the sign-in cookie; nobody, a revoked
cookie, another enterprise, a cross-site request and a malformed address are refused; the single-user deployment
needs no cookie. The routes run in a bare Starlette app called through ASGI (no server), as serve.py mounts them."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from store import LOCAL, attachments, db, sessions
from store import assessments as repo
from tests.app.auth_helpers import district_on
from tests.app.download_helpers import get, routes_app  # noqa: F401 (routes_app: the fixture app)
from ui import download_routes

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def district(request, tmp_path, monkeypatch, cheap_accounts) -> Iterator[Any]:
    monkeypatch.setenv("ATTACHMENTS_DIR", str(tmp_path / "files"))
    yield from district_on(request.param, tmp_path, monkeypatch, "test_downloads")


def _token(district, name: str) -> str:
    return sessions.create(district.users[name], engine=district.engine)


def test_the_signed_in_user_gets_the_report_and_the_json_rebuilt_from_the_store(district, app) -> None:
    aid, token = district.assessments["A"], _token(district, "ent_a")
    status, head, body = get(app, download_routes.report_url(aid, lang="zh"), token)
    assert status == 200 and body.startswith(b"%PDF")
    assert head["content-type"] == "application/pdf" and head["cache-control"] == "no-store"
    assert head["x-content-type-options"] == "nosniff"
    assert head["content-disposition"].startswith('attachment; filename="') and "filename*=UTF-8''" in head[
        "content-disposition"]
    status, head, body = get(app, download_routes.json_url(aid, revision=1), token)
    assert status == 200 and head["content-type"].startswith("application/json")
    stored, _ = repo.load(district.actors["ent_a"], aid, engine=district.engine)
    assert json.loads(body)["enterprise"]["name"] == stored["enterprise"]["name"]
    assert get(app, download_routes.json_url(aid, revision=99), token)[0] == 404


def test_nobody_a_revoked_cookie_another_enterprise_and_other_sites_are_refused(district, app) -> None:
    aid = district.assessments["A"]
    status, _, body = get(app, download_routes.report_url(aid))
    assert status == 401 and "请先登录" in body.decode() and "%PDF" not in body.decode()
    token = _token(district, "ent_a")
    sessions.revoke(token, engine=district.engine)
    assert get(app, download_routes.report_url(aid), token)[0] == 401
    other = _token(district, "ent_b")
    status, _, body = get(app, download_routes.json_url(aid), other)
    assert status in (403, 404) and b"enterprise" not in body
    mine = _token(district, "ent_a")
    assert get(app, download_routes.json_url(aid), mine, {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert get(app, download_routes.json_url(aid), mine, {"Sec-Fetch-Site": "same-origin"})[0] == 200
    assert get(app, "/_download/json/" + "x" * 70 + ".json", mine)[0] == 400
    assert get(app, download_routes.json_url(aid) + "?rev=abc", mine)[0] == 400
    status, _, body = get(app, "/_download/report/" + aid + ".pdf?lang=en")
    assert status == 401 and body.decode().startswith("Please sign in")


def test_the_consultants_zip_holds_only_clients_that_granted_access(district, app) -> None:
    token = _token(district, "cons")
    ids = [district.assessments["A"], district.assessments["B"]]  # B never granted access
    status, head, body = get(app, download_routes.bundle_url(ids), token)
    assert status == 200 and head["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert len(names) == 1 and names[0].startswith("01_") and names[0].endswith(".pdf")
    assert get(app, download_routes.bundle_url([district.assessments["B"]]), token)[0] == 404
    assert get(app, "/_download/bundle.zip", token)[0] == 400


def test_evidence_files_come_from_the_store_with_its_access_check(district, app) -> None:
    aid = district.assessments["A"]
    info = attachments.save(district.actors["ent_a"], aid, "item1", "能源审计报告.pdf", PDF, engine=district.engine)
    status, head, body = get(app, download_routes.file_url(info.id), _token(district, "ent_a"))
    assert status == 200 and body == PDF and head["content-type"] == "application/pdf"
    assert "filename*=UTF-8''%E8%83%BD" in head["content-disposition"]
    assert get(app, download_routes.file_url(info.id), _token(district, "ent_b"))[0] in (403, 404)
    attachments.delete(district.actors["ent_a"], info.id, engine=district.engine)
    assert get(app, download_routes.file_url(info.id), _token(district, "ent_a"))[0] == 404


def test_without_accounts_the_local_user_needs_no_cookie(tmp_path, monkeypatch, app) -> None:
    url = f"sqlite:///{tmp_path / 'single.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("GF_ACCOUNTS", raising=False)
    try:
        aid = repo.create(LOCAL, {"enterprise": {"name": "单机版企业"}})
        status, head, body = get(app, download_routes.report_url(aid))
        assert status == 200 and body.startswith(b"%PDF")
        assert "%E5%8D%95%E6%9C%BA%E7%89%88%E4%BC%81%E4%B8%9A-" in head["content-disposition"]
    finally:
        db.dispose_engines(url)


def test_file_names_are_safe_in_the_header() -> None:
    header = download_routes.content_disposition('报告"; evil=1\r\n.pdf')
    assert "\r" not in header and "\n" not in header and header.count('"') == 2
