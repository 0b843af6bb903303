"""Signed in across a reload, in Chromium against `streamlit run serve.py`: sign in through the login form (the
sign-in route), press F5, open the address in a new tab: still signed in; the cookie is HttpOnly and SameSite=Lax;
sign out: the cookie goes, and the old cookie put back by hand signs nobody in. No request leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from scoring.models import uscc_with_check
from store import accounts, audit, db, orgs, sessions

pytestmark = pytest.mark.browser
ADMIN_PW = "管理员的初始密码-2026"
USER_PW = "企业填报人的密码-2026"
MAIN = "[data-testid='stMainBlockContainer']"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, make_server):
    tmp = tmp_path_factory.mktemp("session")
    db_file = tmp / "app.db"
    url = f"sqlite:///{db_file}"
    engine = db.get_engine(url)
    accounts.create_admin("admin", ADMIN_PW, display_name="区管理员", engine=engine)
    admin = accounts.authenticate("admin", ADMIN_PW, engine=engine)
    org = orgs.create_organisation(admin, "海曙绿源泵业有限公司", uscc=uscc_with_check("91330203MA2B00002"),
                                   town="gulin", district="haishu", engine=engine)
    uid = accounts.create_user(admin, "lvyuan", USER_PW, "enterprise", display_name="绿源填报人", org_id=org,
                               engine=engine)
    srv = make_server(db_file, {"ATTACHMENTS_DIR": str(tmp / "files")})
    yield srv, engine, admin, uid
    db.dispose_engines(url)


def _wait_h1(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"{MAIN} h1", has_text=text).first.wait_for(timeout=30_000)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)


def _signed_in(page) -> None:  # type: ignore[no-untyped-def]
    _wait_h1(page, "绿色工厂自评价向导")
    page.locator("[data-testid='stSidebar']").get_by_text("已登录：").wait_for()
    assert "绿源填报人" in page.locator("[data-testid='stSidebar']").inner_text()


def test_reload_new_tab_sign_out_and_the_old_cookie(browser, deployment):
    srv, engine, admin, uid = deployment
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    context.on("request", lambda r: None if r.url.startswith((srv.url, "data:", "blob:", "about:"))
               else outside.append(r.url))
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(srv.url + "/")
        _wait_h1(page, "登录")
        page.get_by_label("用户名").fill("lvyuan")
        page.get_by_label("密码").fill(USER_PW)
        page.get_by_role("button", name="登录", exact=True).click()
        _signed_in(page)
        [cookie] = [c for c in context.cookies() if c["name"] == "gf_session"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        assert not cookie["secure"] and cookie["expires"] == -1  # plain http here; a browser-session cookie
        assert page.evaluate("document.cookie").find("gf_session") == -1  # no script can read it
        assert sessions.resolve(cookie["value"], engine=engine).user_id == uid

        page.get_by_role("button", name="开始新评价").click()
        _wait_h1(page, "企业概况")
        assert "a=" not in page.url  # a blank new assessment is not stored
        name = page.locator("[class*='-enterprise-name'] input").first
        name.fill("海曙绿源泵业有限公司")
        name.press("Enter")
        page.wait_for_url(lambda u: "a=" in u, timeout=20_000)  # stored with the first entry, named in the address
        address = page.url
        page.reload()  # F5
        _wait_h1(page, "企业概况")
        assert page.url == address
        assert "绿源填报人" in page.locator("[data-testid='stSidebar']").inner_text()

        tab = context.new_page()  # the address again, in a new tab
        tab.goto(srv.url + "/")
        _signed_in(tab)
        tab.close()

        page.locator("[data-testid='stSidebar']").get_by_role("button", name="退出登录").click()
        _wait_h1(page, "登录")
        page.get_by_text("您已退出登录。").wait_for()
        assert not [c for c in context.cookies() if c["name"] == "gf_session"]
        assert sessions.resolve(cookie["value"], engine=engine) is None

        context.add_cookies([{"name": "gf_session", "value": cookie["value"], "url": srv.url + "/",
                              "httpOnly": True, "sameSite": "Lax"}])  # a copy kept from before signing out
        page.goto(address)
        _wait_h1(page, "登录")
        assert "绿源填报人" not in page.locator("[data-testid='stSidebar']").inner_text()
    finally:
        context.close()
    actions = [e.action for e in audit.list_audit(admin, engine=engine)]
    assert actions.count("login") >= 2 and "logout" in actions  # the admin's and the user's; the user's logout
    assert outside == []
