"""User text never becomes an element in a real browser: Markdown, HTML and script payloads in the organisation's
name, the display name, the enterprise name, contact, assessor, an evidence file name and a 初审意见 are shown as
text on every page of the enterprise user and the official, no request leaves 127.0.0.1 and no script runs.
(tests/app/test_markdown_payloads.py checks the Markdown bodies themselves in AppTest.)"""

from __future__ import annotations

import pytest

from scoring.models import uscc_with_check
from store import accounts, attachments, db, orgs, reviews
from store import assessments as repo
from tests.e2e.browser_helpers import settle_page

pytestmark = pytest.mark.browser
PW = "载荷测试用的密码-2026"
HOST = "198.51.100.7"  # TEST-NET-2: nothing answers there, and any request to it is recorded
PAYLOAD = (f"![i](http://{HOST}/md.png) [点此](http://{HOST}/link) <img src=http://{HOST}/x.png "
           f"onerror=\"window.__pwned=1\"> <script>window.__pwned=2</script> **粗** _斜_")
PAGES_OF = {
    "payload_ent": ["", "my", "profile", "evidence", "results", "export", "grants", "account"],
    "payload_off": ["screening", "enterprise", "notes", "account"],
}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, make_server):
    tmp = tmp_path_factory.mktemp("payloads")
    db_file = tmp / "app.db"
    url = f"sqlite:///{db_file}"
    engine = db.get_engine(url)
    accounts.create_admin("admin", PW, display_name="区管理员", engine=engine)
    admin = accounts.authenticate("admin", PW, engine=engine)
    org = orgs.create_organisation(admin, f"载荷{PAYLOAD}"[:200], uscc=uscc_with_check("91330203MA2B00009"),
                                   town="gulin", district="haishu", engine=engine)
    accounts.create_user(admin, "payload_ent", PW, "enterprise", display_name=f"填报{PAYLOAD}"[:100], org_id=org,
                         engine=engine)
    official = accounts.create_user(admin, "payload_off", PW, "official", display_name="海曙审核人", engine=engine)
    orgs.set_jurisdiction(admin, official, "haishu", engine=engine)
    ent = accounts.authenticate("payload_ent", PW, engine=engine)
    aid = repo.create(ent, {"enterprise": {"name": f"企业{PAYLOAD}"[:200], "contact": PAYLOAD[:100],
                                           "assessor": PAYLOAD[:100], "town": "gulin"}}, engine=engine)
    attachments.save(ent, aid, "basic_no_violation_3y", f"![i](http:{HOST}x)<img src=x onerror=1>.pdf",
                     b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", engine=engine)
    reviews.add_note(accounts.authenticate("payload_off", PW, engine=engine), aid, f"意见{PAYLOAD}", engine=engine)
    srv = make_server(db_file, {"ATTACHMENTS_DIR": str(tmp / "files")})
    yield srv, aid
    db.dispose_engines(url)



@pytest.mark.parametrize("username", list(PAGES_OF))
def test_payloads_stay_text_on_every_page(browser, deployment, username):
    srv, aid = deployment
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    context.on("request", lambda r: None if r.url.startswith((srv.url, "data:", "blob:", "about:"))
               else outside.append(r.url))
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(srv.url + "/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PW)
        page.get_by_role("button", name="登录", exact=True).click()
        page.locator("[data-testid='stSidebar']").get_by_text("已登录：").wait_for()
        seen = ""
        for path in PAGES_OF[username]:
            page.goto(f"{srv.url}/{path}?a={aid}")
            settle_page(page)
            for expander in page.locator("[data-testid='stExpander'] summary").all()[:12]:
                expander.click()  # what is folded away is rendered too
            page.wait_for_timeout(300)
            html = page.content()
            seen += page.locator("body").inner_text()
            assert page.evaluate("window.__pwned") is None, path
            found = page.locator(f"img[src*='{HOST}'], a[href*='{HOST}'], [onerror]")
            assert found.count() == 0, (path, found.evaluate_all("els => els.map(e => (e.closest('[data-testid]')||{}).dataset?.testid + ' :: ' + (e.closest('[data-testid=stMarkdownContainer],[data-testid=stElementContainer]')||e).outerHTML.slice(0, 600))"))
            assert page.locator("[data-testid='stMainBlockContainer'] strong:text-is('粗')").count() == 0, path
            assert f"src=http://{HOST}" not in html or "&lt;img" in html, path
        assert "![i](" in seen  # the payloads were on screen, as text
        assert outside == []
    finally:
        context.close()
