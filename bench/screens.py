"""Screenshots of every page of every role in Chinese at 1440, 1280 and 390 px (issue 13, item 3).

`python bench/screens.py [width ...] [--roles guest,enterprise,...]` prepares a throwaway deployment (SQLite file in
a temp directory: an administrator, an enterprise with the example assessment, a consultant it granted, an
official of 海曙 with a note) as tests/e2e/test_browser_no_english.py does, starts `streamlit run serve.py`, signs
in as each role in Debian's Chromium and writes full-page PNGs to /tmp/screens/<width>/<role>-<page>.png.
Expanders stay as drawn (closed), so the shots show what a user first sees."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from store import db  # noqa: E402
from tests.e2e.browser_helpers import settle_page  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402
from tests.e2e.test_browser_no_english import PAGES_OF, PW, WIZARD  # noqa: E402
from tests.e2e.test_browser_no_english import prepare as prepare_deployment  # noqa: E402

OUT = Path("/tmp/screens")
WIDTHS = (1440, 1280, 390)
TALL_JS = """() => Math.max(document.body.scrollHeight, ...[...document.querySelectorAll(
  '[data-testid="stMain"], [data-testid="stMainBlockContainer"], [data-testid="stAppViewContainer"]')]
  .map(e => e.scrollHeight))"""
ROLES = ("guest", "enterprise", "consultant", "official", "admin")


def prepare(db_file: Path) -> str:
    """The Latin-word test's deployment (accounts, the example assessment, a note); returns the assessment's id."""
    aid = prepare_deployment(db_file)
    db.dispose_engines(f"sqlite:///{db_file}")
    return aid


def _sign_in(page, base: str, role: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/")
    settle_page(page)
    if role == "guest":
        page.locator(".st-key-guest-start button").click()
        page.locator("[data-testid='stSidebar'], [data-testid='stMain']").get_by_text("访客").first.wait_for()
        return
    page.get_by_label("用户名").fill(role)
    page.get_by_label("密码").fill(PW)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_timeout(1500)
    settle_page(page)


def shoot(browser, base: str, aid: str, width: int, role: str) -> list[str]:  # type: ignore[no-untyped-def]
    height = 900 if width > 500 else 844
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="zh-CN", device_scale_factor=1)
    context.set_default_timeout(30_000)
    page = context.new_page()
    written = []
    try:
        _sign_in(page, base, role)
        paths = ["login", "register", *WIZARD] if role == "guest" else PAGES_OF[role]
        query = "" if role == "guest" else f"?a={aid}"
        (OUT / str(width)).mkdir(parents=True, exist_ok=True)
        for path in paths:
            page.goto(f"{base}/{path}{query}")
            with contextlib.suppress(PlaywrightError):  # a page without a title: shot as it stands
                settle_page(page)
            page.wait_for_timeout(500)  # charts and ui/chrome.js rewrites
            name = OUT / str(width) / f"{role}-{path or 'home'}.png"
            # Streamlit scrolls inside its main area, so a full-page shot is one screen: grow the window instead
            tall = 0
            for _ in range(4):  # until the height stops growing (charts and lazy parts draw late)
                now = page.evaluate(TALL_JS)
                if now <= tall:
                    break
                tall = now
                page.set_viewport_size({"width": width, "height": min(max(tall, height), 12_000)})
                page.wait_for_timeout(500)
            page.screenshot(path=str(name))
            page.set_viewport_size({"width": width, "height": height})
            print(f"    {name.name}: {tall} px tall")
            written.append(str(name))
    finally:
        context.close()
    return written


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("widths", nargs="*", type=int, default=list(WIDTHS))
    ap.add_argument("--roles", default=",".join(ROLES))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_file = Path(tmp) / "app.db"
        aid = prepare(db_file)
        os.environ["ATTACHMENTS_DIR"] = str(Path(tmp) / "files")
        srv = Server(db_file, Path(tmp) / "server.log")
        srv.start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                for width in args.widths:
                    for role in args.roles.split(","):
                        t0 = time.perf_counter()
                        n = len(shoot(browser, srv.url, aid, width, role))
                        print(f"{width:>5} px  {role:<11} {n:>3} pages  {time.perf_counter() - t0:5.1f} s")
                browser.close()
        finally:
            srv.stop()
    print(f"written under {OUT}/<width>/<role>-<page>.png")


if __name__ == "__main__":
    main()
