"""The pool pages' downloads as routes (ui/pool_routes.py) and single sign-on at the routes (ui/sso_cookie.py), on
SQLite and PostgreSQL: the template, an official's ranked export and the district yardsticks rebuilt from the store
for the user the request authenticates (the jurisdiction only, other roles refused, malformed addresses 400);
Streamlit's own signed identity cookie (minted with Streamlit's functions, chunked as Streamlit chunks it)
authenticates a single-sign-on user, a forged, unverified, foreign or disabled one does not; under serve.py the
pool pages link to the routes for such a user (AppTest)."""

from __future__ import annotations

import io
import json
import secrets
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
import streamlit
import streamlit.auth_util
import streamlit.web.server.server_util
from streamlit.auth_util import set_cookie_with_chunks
from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

from pool.analysis import RankFilter
from store import accounts, sessions
from tests.app.auth_helpers import district_on
from tests.app.cycle_helpers import mark_submitted
from tests.app.download_helpers import get, routes_app  # noqa: F401 (routes_app: the fixture app)
from tests.app.wizard_helpers import goto, new_app
from ui import auth, download_routes, official, pool_routes, session_routes

SECRET = "test-cookie-secret-" + "x" * 32
ORIGIN = "http://127.0.0.1:8599"
RULES = pool_routes.Rules("gbt36132_2025_platform", "ningbo_star", {})


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def district(request, tmp_path, monkeypatch, cheap_accounts) -> Iterator[Any]:
    monkeypatch.setenv("ATTACHMENTS_DIR", str(tmp_path / "files"))
    yield from district_on(request.param, tmp_path, monkeypatch, "test_pool_downloads")


@pytest.fixture
def sso(monkeypatch) -> None:
    """A deployment with single sign-on: Streamlit's cookie secret and the origin of its redirect_uri."""
    monkeypatch.setattr(streamlit.web.server.server_util, "get_cookie_secret", lambda: SECRET)
    monkeypatch.setattr(streamlit.auth_util, "get_origin_from_redirect_uri", lambda: ORIGIN)


def _token(district, name: str) -> str:
    return sessions.create(district.actors[name].user_id, engine=district.engine)


def _cells(body: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


def _identity(claims: dict[str, Any], secret: str = SECRET) -> dict[str, str]:
    """The cookies Streamlit's OIDC callback sets (``_streamlit_user``, in chunks when large)."""
    jar: dict[str, str] = {}
    def sign(name: str, value: str) -> bytes:
        return create_signed_value(secret, name, value)

    # as Streamlit's callback does: the claims as JSON, each cookie (or chunk) signed under its own name
    set_cookie_with_chunks(lambda name, value: jar.__setitem__(name, sign(name, value).decode()), sign,
                           "_streamlit_user", claims, cookie_attr_size=60)
    return jar


def test_the_template_is_served_to_anyone_signed_in(district, app) -> None:
    status, head, body = get(app, pool_routes.template_url(RULES.ruleset, RULES.profile), _token(district, "off"))
    assert status == 200 and body[:2] == b"PK" and head["cache-control"] == "no-store"
    assert head["content-type"] == pool_routes.XLSX
    assert "filename*=UTF-8''%E5%9F%B9%E8%82%B2%E5%BA%93" in head["content-disposition"]  # 培育库导入模板.xlsx
    assert get(app, pool_routes.template_url(RULES.ruleset, RULES.profile))[0] == 401
    assert get(app, pool_routes.template_url("nonesuch", RULES.profile), _token(district, "off"))[0] == 400


def test_the_officials_ranked_export_holds_the_jurisdiction_only(district, app) -> None:
    mark_submitted(district.engine, district.assessments["A"], district.assessments["B"])  # drafts are not screened
    token = _token(district, "off")  # 古林镇: enterprise A, not B (高桥镇)
    status, head, body = get(app, pool_routes.ranked_url(RULES, RankFilter()), token)
    assert status == 200 and head["content-type"] == pool_routes.XLSX and head["cache-control"] == "no-store"
    cells = _cells(body)
    assert "A精密机械有限公司" in cells and "B精密机械有限公司" not in cells
    # what the page's in-memory fallback builds from the same pool (one function, no twin)
    p = official.build_pool(district.actors["off"])[0]
    rows = pool_routes.filtered_rows(p, official.jurisdiction_towns(district.actors["off"]), RankFilter())
    assert _cells(pool_routes.ranked_workbook(p, rows)) == cells
    status, _, body = get(app, pool_routes.ranked_url(RULES, RankFilter(eligible_only=True, towns=("gaoqiao",))),
                          token)
    assert status == 200 and "A精密机械有限公司" not in _cells(body)
    assert get(app, pool_routes.ranked_url(RULES, RankFilter()), _token(district, "ent_a"))[0] == 403
    assert get(app, pool_routes.ranked_url(RULES, RankFilter()), _token(district, "admin"))[0] == 403
    bad = pool_routes.ranked_url(pool_routes.Rules(RULES.ruleset, RULES.profile, {"x": 101.0}), RankFilter())
    assert get(app, bad, token)[0] == 400
    assert get(app, pool_routes.ranked_url(RULES, RankFilter()) + "&town=a%20b", token)[0] == 400


def test_the_district_yardsticks_come_from_the_store_for_the_districts_the_page_offers(district, app) -> None:
    spec = pool_routes.YardstickSpec("haishu", "海曙区 2024 年区级基准值", 2024, 1, False)
    status, head, body = get(app, pool_routes.yardsticks_url(spec, "json"), _token(district, "off"))
    assert status == 200 and head["content-type"] == "application/json"
    data = json.loads(body)
    assert data["district"] == "haishu" and data["name"] == spec.name
    expected = pool_routes.yardstick_bytes(official.build_pool(district.actors["off"])[0], spec, "json")
    assert json.loads(expected) == data
    status, head, body = get(app, pool_routes.yardsticks_url(spec, "xlsx"), _token(district, "admin"))
    assert status == 200 and body[:2] == b"PK"
    elsewhere = pool_routes.YardstickSpec("jiangbei", spec.name, 2024, 1, False)
    assert get(app, pool_routes.yardsticks_url(elsewhere, "json"), _token(district, "off"))[0] == 403
    assert get(app, pool_routes.yardsticks_url(spec, "json"), _token(district, "ent_a"))[0] == 403
    assert get(app, pool_routes.yardsticks_url(spec, "json").replace("year=2024", "year=1999"),
               _token(district, "off"))[0] == 400


def test_streamlits_identity_cookie_authenticates_a_single_sign_on_user(district, app, sso) -> None:
    accounts.create_user(district.actors["admin"], "li.gong@example.cn", None, "enterprise", display_name="李工",
                         org_id=district.orgs["A"], engine=district.engine)
    url = download_routes.json_url(district.assessments["A"])
    claims = {"email": "Li.Gong@example.cn", "email_verified": True, "origin": ORIGIN, "is_logged_in": True,
              "provider": "default", "picture": secrets.token_urlsafe(6000)}  # too large for one cookie
    jar = _identity(claims)
    assert len(jar) > 2  # _streamlit_user ("chunks-N") and _streamlit_user_1 …
    uid = next(u.id for u in accounts.list_users(district.actors["admin"], engine=district.engine)
               if u.username == "li.gong@example.cn")
    browser = secrets.token_urlsafe(32)  # the page's OIDC sign-in binds a session row to gf_browser
    sessions.create_bound(uid, browser, engine=district.engine)
    jar[session_routes.BROWSER_COOKIE] = browser
    status, head, body = get(app, url, cookies=jar)
    assert status == 200 and json.loads(body)["enterprise"]["name"] and head["cache-control"] == "no-store"
    refused = [
        _identity(claims, secret="another-secret-" + "y" * 32),  # forged: signed with another key
        _identity(claims | {"email_verified": False}),
        _identity(claims | {"origin": "https://elsewhere.example"}),  # minted for another deployment
        _identity(claims | {"is_logged_in": False}),
        {k: v[:-3] + "AAA" if k == "_streamlit_user_1" else v for k, v in jar.items()},  # a chunk altered
    ]
    refused = [c | {session_routes.BROWSER_COOKIE: browser} for c in refused]
    for cookies in refused:
        assert get(app, url, cookies=cookies)[0] == 401
    assert get(app, download_routes.json_url(district.assessments["B"]), cookies=jar)[0] in (403, 404)
    accounts.set_disabled(district.actors["admin"], uid, True, engine=district.engine)
    assert get(app, url, cookies=jar)[0] == 401


def test_under_serve_py_the_pool_links_to_the_routes_for_a_single_sign_on_official(district, monkeypatch) -> None:
    mark_submitted(district.engine, district.assessments["A"], district.assessments["B"])  # drafts are not screened
    monkeypatch.setitem(session_routes._state, "active", True)
    monkeypatch.setitem(session_routes._state, "base", "")
    accounts.create_user(district.actors["admin"], "wang@example.cn", None, "official", display_name="王科长",
                         engine=district.engine)
    admin = district.actors["admin"]
    uid = next(u.id for u in accounts.list_users(admin, engine=district.engine) if u.username == "wang@example.cn")
    from store import orgs

    orgs.set_jurisdiction(admin, uid, "haishu", ["gulin"], engine=district.engine)
    claims = {"is_logged_in": True, "email": "wang@example.cn", "email_verified": True}
    monkeypatch.setattr(auth, "oidc_providers", lambda: [None])
    monkeypatch.setattr(auth, "_user_attr", lambda name: claims.get(name))
    at = new_app()
    at.run()
    assert at.session_state["_wiz"]["auth_method"] == "oidc"
    goto(at, "screening")
    assert not at.exception, at.exception
    links = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert 'class="gf-dl gf-dl-pool-export"' in links and "/_download/pool/ranked.xlsx?ruleset=" in links
    assert 'gf-dl-pool-pdf' in links and f"/_download/report/{district.assessments['A']}.pdf" in links
    keys = {b.key for b in at.get("download_button")}
    assert not keys & {"pool-export", "pool-pdf", "pool-json"}
