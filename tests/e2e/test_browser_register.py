"""A self-registered user stays signed in across a reload and in a new tab, as after the sign-in form: the session
the registration made becomes the HttpOnly cookie through a one-time code (ui/session_routes.py /_session/adopt)."""

from __future__ import annotations

import pytest

from scoring.models import uscc_with_check
from store import accounts, db, sessions
from tests.e2e.browser_helpers import settle_page

pytestmark = pytest.mark.browser
MAIN = "[data-testid='stMainBlockContainer']"
PW = "新注册企业的密码-2026"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, make_server):
    tmp = tmp_path_factory.mktemp("register")
    db_file = tmp / "app.db"
    accounts.create_admin("admin", "管理员的初始密码-2026", display_name="区管理员",
                          engine=db.get_engine(f"sqlite:///{db_file}"))  # accounts on: registration is open
    srv = make_server(db_file, {"ATTACHMENTS_DIR": str(tmp / "files")})
    yield srv, db.get_engine(f"sqlite:///{db_file}")
    db.dispose_engines(f"sqlite:///{db_file}")



def test_registration_signs_in_for_reloads_and_new_tabs(browser, deployment):
    srv, engine = deployment
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(srv.url + "/register")
        page.locator(f"{MAIN} h1", has_text="企业注册").wait_for()
        settle_page(page, heading=False)
        page.locator(".st-key-reg-org input").fill("海曙新注册机械有限公司")
        page.locator(".st-key-reg-uscc input").fill(uscc_with_check("91330203MA2R00001"))
        page.locator(".st-key-reg-town").click()
        page.get_by_role("option").first.click()
        page.locator(".st-key-reg-user input").fill("xinzhuce")
        page.locator(".st-key-reg-pass input").fill(PW)
        page.locator(".st-key-reg-pass2 input").fill(PW)
        page.get_by_role("button", name="注册并登录").click()
        page.locator("[data-testid='stSidebar']").get_by_text("已登录：").wait_for()
        page.wait_for_function("() => !location.pathname.endsWith('/register')", timeout=30_000)
        settle_page(page, heading=False)
        cookie = next(c for c in context.cookies() if c["name"] == "gf_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert sessions.resolve(cookie["value"], engine=engine) is not None

        page.reload()  # F5: still signed in
        page.locator("[data-testid='stSidebar']").get_by_text("已登录：").wait_for()
        tab = context.new_page()
        tab.goto(srv.url + "/")
        tab.locator("[data-testid='stSidebar']").get_by_text("已登录：").wait_for()
        tab.close()
    finally:
        context.close()
