"""No English on the Chinese UI (issue 13, item 1): every page of every role — the single-user wizard, a guest, an
enterprise, a consultant, an official and an administrator — is drawn in Debian's Chromium in Chinese, its
expanders opened, and the text a user reads (innerText of the main area and the sidebar) holds no Latin word
outside a short allow-list of units, standards and file formats. Material-icon ligatures (keyboard_arrow_down …)
are glyphs, not text, and are left out, as is Streamlit's visually hidden "Skip to main content"."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from scoring.engine import score
from scoring.example import example_assessment
from scoring.io import validate_assessment
from scoring.models import uscc_with_check
from store import accounts, db, orgs, profile_settings, reviews, submissions
from store import assessments as repo
from tests.e2e.browser_helpers import settle_page
from ui.catalogue import catalogue

pytestmark = pytest.mark.browser
PW = "拉丁词测试用的密码-2026"
# Words a Chinese reader expects in Latin letters: units, standard and code names, file formats, the language switch.
ALLOWED = {
    "tce", "kgce", "kWh", "MWh", "GJ", "MJ", "tCO", "kgCO", "CO", "m", "km", "mg", "kg", "t", "h", "d", "L", "a",
    "GB", "T", "USCC", "PDF", "JSON", "Excel", "CSV", "ISO", "VOCs", "GDP", "Language", "xlsx", "csv", "json",
    "pdf", "SO", "NOx", "COD", "PM", "e", "MB", "English", "XLSX", "XLS", "xls", "ZIP", "zip", "DOCX", "JPG", "PNG",
    "GEC",
}
USERNAMES = {"enterprise", "consultant", "official", "admin", "foundry"}  # typed by people, shown beside their names
# A Latin word: letters not glued to digits (a USCC such as 91330203MA2B00009H is a code, not a word). Single
# letters are clause enumerations of the standards (a) b) c)) and grade letters, and are not counted.
LATIN = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_]{2,}(?![A-Za-z0-9_])")
TEXT_JS = """() => {
  for (const el of document.querySelectorAll('[data-testid="stIconMaterial"]')) el.textContent = '';
  const parts = [];
  for (const sel of ['[data-testid="stMain"]', '[data-testid="stSidebar"]']) {
    const el = document.querySelector(sel);
    if (!el) continue;
    parts.push(el.innerText);
    // what a select box, number or text field shows sits in its value or placeholder, not in innerText
    for (const f of el.querySelectorAll('input:not([type="password"]):not([type="hidden"]):not([type="checkbox"]):not([type="radio"]), textarea'))
      parts.push(f.value || '', f.placeholder || '');
  }
  return parts.join('\\n');
}"""
RULESET = "gbt36132_2025_platform"  # the example assessment's (海曙's 2025 platform layout)
WIZARD = ["", "profile", "stat-import", "questionnaire", "gates", *[f"dim-{d.id}" for d in catalogue().rulesets[RULESET].dimensions], "results",
          "export"]
PAGES_OF = {
    "enterprise": [*WIZARD, "my", "submit", "evidence", "grants", "claims", "account"],
    "consultant": [*WIZARD, "clients", "diagnose", "compare", "submit", "bundle", "evidence", "account"],
    "official": ["screening", "review", "pool", "yardsticks", "enterprise", "notes", "claims", "account"],
    "admin": ["users", "orgs", "claims", "areas", "params", "yardsticks", "audit", "deleted", "account"],
}


def latin_words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    text = text.replace("Skip to main content", "")
    return sorted({w for w in LATIN.findall(text) if w not in ALLOWED and w not in names})


def test_the_word_filter_sees_ids_and_allows_units():
    assert latin_words("能耗 12 tce · 电力 kWh · GB/T 36132 · plot_ratio 0.8 · haishu") == ["haishu", "plot_ratio"]


def prepare(db_file: Path) -> str:
    """The accounts and data every role's pages need (also bench/screens.py's): the example assessment's id."""
    engine = db.get_engine(f"sqlite:///{db_file}")
    accounts.create_admin("admin", PW, display_name="区管理员", engine=engine)
    admin = accounts.authenticate("admin", PW, engine=engine)
    org = orgs.create_organisation(admin, "海曙绿色制造示范厂", uscc=uscc_with_check("91330203MA2B00009"),
                                   town="gulin", district="haishu", engine=engine)
    accounts.create_user(admin, "enterprise", PW, "enterprise", display_name="填报人", org_id=org, engine=engine)
    accounts.create_user(admin, "consultant", PW, "consultant", display_name="咨询师", engine=engine)
    official = accounts.create_user(admin, "official", PW, "official", display_name="海曙审核人", engine=engine)
    ent = accounts.authenticate("enterprise", PW, engine=engine)
    orgs.grant_access(ent, org, "consultant", engine=engine)
    # a filled-in assessment, a district setting, a review note and towns: every table and caption has rows
    data = example_assessment(RULESET, "ningbo_star").model_dump(mode="json")
    data["enterprise"].update(name="海曙绿色制造示范厂", town="gulin")
    # last year's assessment submitted and returned on one indicator (the official's screening and review have
    # rows), this year's a draft the enterprise works on
    rs = catalogue().ruleset(RULESET)
    ready = {i.id: {"state": "ready", "note": "见附件"} for _d, i in rs.indicators()}
    last = {**data, "year": data["year"] - 1, "evidence": {**data["evidence"], **ready}}
    done = repo.create(ent, last, engine=engine)
    submissions.submit(ent, done, score(validate_assessment(last)), revision=1, engine=engine)
    aid = repo.create(ent, data, engine=engine)
    repo.save(ent, aid, data, engine=engine)
    level = catalogue().profiles["ningbo_star"].levels[0].id
    profile_settings.set_value(admin, "ningbo_star", "level", level, 70.0, "区级文件", engine=engine)
    orgs.set_jurisdiction(admin, official, "haishu", ["gulin"], engine=engine)
    first = rs.dimensions[0].indicators[0].id
    submissions.review(accounts.authenticate("official", PW, engine=engine), done,
                       {first: ("return", "请补充近三年能源审计报告。")}, engine=engine)
    reviews.add_note(accounts.authenticate("official", PW, engine=engine), aid, "请补充能源审计报告。", engine=engine)
    # a second enterprise whose assessment waits for 初审
    other = orgs.create_organisation(admin, "海曙精工铸造厂", uscc=uscc_with_check("91330203MA2B00017"),
                                     town="gulin", district="haishu", engine=engine)
    accounts.create_user(admin, "foundry", PW, "enterprise", display_name="铸造厂填报人", org_id=other, engine=engine)
    foundry = accounts.authenticate("foundry", PW, engine=engine)
    theirs = {**last, "enterprise": {**last["enterprise"], "name": "海曙精工铸造厂"}}
    waiting = repo.create(foundry, theirs, engine=engine)
    submissions.submit(foundry, waiting, score(validate_assessment(theirs)), revision=1, engine=engine)
    return aid


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, make_server):
    tmp = tmp_path_factory.mktemp("latin")
    db_file = tmp / "app.db"
    aid = prepare(db_file)
    srv = make_server(db_file, {"ATTACHMENTS_DIR": str(tmp / "files")})
    yield srv, aid
    db.dispose_engines(f"sqlite:///{db_file}")


def _words_on(page, base: str, paths: list[str], query: str = "",  # type: ignore[no-untyped-def]
              names: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(f"{base}/{path}{query}")
        settle_page(page)
        for expander in page.locator("[data-testid='stExpander'] summary").all()[:20]:
            with contextlib.suppress(PlaywrightError):  # behind an open dialog (inert): read as it stands
                expander.click(timeout=2_000)  # what is folded away is read too
        page.wait_for_timeout(400)  # ui/chrome.py rewrites uploaders that an opened expander has just drawn
        words = latin_words(page.evaluate(TEXT_JS), names)
        if words:
            found[path or "home"] = words
    return found


def _context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    context.set_default_timeout(30_000)
    return context


def test_single_user_wizard_has_no_english(browser, server):
    context = _context(browser)
    try:
        assert _words_on(context.new_page(), server.url, [*WIZARD, "pool"]) == {}
    finally:
        context.close()


@pytest.mark.parametrize("role", ["guest", *PAGES_OF])
def test_every_page_of_a_role_has_no_english(browser, deployment, role):
    srv, aid = deployment
    context = _context(browser)
    page = context.new_page()
    try:
        page.goto(srv.url + "/")
        settle_page(page)
        if role == "guest":
            page.locator(".st-key-guest-start button").click()
            page.locator("[data-testid='stSidebar']").get_by_text("访客").first.wait_for()
            found = _words_on(page, srv.url, ["login", "register", *WIZARD])
        else:
            page.get_by_label("用户名").fill(role)
            page.get_by_label("密码").fill(PW)
            page.get_by_role("button", name="登录", exact=True).click()
            page.locator("[data-testid='stSidebar']").get_by_text("已登录：").wait_for()
            found = _words_on(page, srv.url, PAGES_OF[role], f"?a={aid}", frozenset(USERNAMES))
        assert found == {}
    finally:
        context.close()
