"""Accounts in Chromium, as a new deployment is used: the operator creates the first admin on the command line
(`python -m store create-admin`), the admin's enterprise user signs in, fills in the wizard (saved under the
user's name), signs out; the old address then shows the login page, not the data. No request leaves 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from scoring.models import uscc_with_check
from store import accounts, audit, db, orgs
from store import assessments as repo
from tests.e2e.browser_helpers import ROOT

pytestmark = pytest.mark.browser
ADMIN_PW = "管理员的初始密码-2026"
USER_PW = "企业填报人的密码-2026"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, make_server):
    tmp = tmp_path_factory.mktemp("accounts")
    db_file = tmp / "app.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "store", "create-admin", "--username", "admin", "--display-name",
                          "区管理员", "--password-stdin"], input=ADMIN_PW + "\n", cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "已创建管理员“admin”" in out.stdout
    engine = db.get_engine(env["DATABASE_URL"])
    admin = accounts.authenticate("admin", ADMIN_PW, engine=engine)
    org = orgs.create_organisation(admin, "海曙绿源泵业有限公司", uscc=uscc_with_check("91330203MA2B00001"),
                                   town="gulin", district="haishu", engine=engine)
    accounts.create_user(admin, "lvyuan", USER_PW, "enterprise", display_name="绿源填报人", org_id=org, engine=engine)
    srv = make_server(db_file, {"ATTACHMENTS_DIR": str(tmp / "files")})
    yield srv, engine, admin
    db.dispose_engines(env["DATABASE_URL"])


def _h1(page) -> str:  # type: ignore[no-untyped-def]
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)
    return page.locator("[data-testid='stMainBlockContainer'] h1").first.inner_text().strip()


def _wait_h1(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("[data-testid='stMainBlockContainer'] h1", has_text=text).first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)


def test_login_wizard_logout(browser, deployment):
    srv, engine, admin = deployment
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.on("request", lambda r: None if r.url.startswith((srv.url, "data:", "blob:", "about:"))
            else outside.append(r.url))
    page.set_default_timeout(30_000)
    try:
        page.goto(srv.url + "/")
        _wait_h1(page, "登录")
        page.get_by_label("用户名").fill("lvyuan")
        page.get_by_label("密码").fill("wrong-password-1")
        page.get_by_role("button", name="登录", exact=True).click()
        page.get_by_text("用户名或密码错误").wait_for()

        page.get_by_label("用户名").fill("lvyuan")  # the refusal came back as a new page: both fields again
        page.get_by_label("密码").fill(USER_PW)
        page.get_by_role("button", name="登录", exact=True).click()
        _wait_h1(page, "绿色工厂自评价向导")
        page.get_by_text("已登录：").wait_for()
        assert "绿源填报人" in page.locator("[data-testid='stSidebar']").inner_text()

        page.get_by_role("button", name="开始新评价").click()
        _wait_h1(page, "企业概况")
        name = page.locator("[class*='-enterprise-name'] input").first
        name.fill("海曙绿源泵业有限公司")
        name.press("Enter")
        who = accounts.authenticate("lvyuan", USER_PW, engine=engine)
        deadline = time.monotonic() + 20
        found = []
        while time.monotonic() < deadline and not found:
            found = [a for a in repo.list_assessments(who, engine=engine) if a.title == "海曙绿源泵业有限公司"]
            time.sleep(0.2)
        assert found, "the wizard did not save under the signed-in user"
        [rev] = [r for r in repo.list_revisions(who, found[0].id, engine=engine) if r.revision == found[0].latest_revision]
        assert rev.saved_by_name == "绿源填报人"
        page.wait_for_url(lambda u: f"a={found[0].id}" in u, timeout=10_000)  # the address names it once stored
        address = page.url

        page.locator("[data-testid='stSidebar']").get_by_role("button", name="退出登录").click()
        _wait_h1(page, "登录")
        page.get_by_text("您已退出登录。").wait_for()
        assert "a=" not in page.url
        assert page.get_by_text("Page not found").count() == 0

        page.goto(address)  # the old address after signing out: the login page, no data
        _wait_h1(page, "登录")
        assert "海曙绿源泵业有限公司" not in page.locator("[data-testid='stMain']").inner_text()
    finally:
        context.close()
    actions = [e.action for e in audit.list_audit(admin, engine=engine)]
    assert {"login", "login_failed", "logout"} <= set(actions)
    assert outside == []
