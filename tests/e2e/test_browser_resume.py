"""A returning visitor (single-user mode) lands on the assessment last worked on in that browser: the one opened
last, not the one saved last; a browser never seen before gets the most recently saved one. Never a blank draft."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser_helpers import settle_page

pytestmark = pytest.mark.browser
MAIN = "[data-testid='stMainBlockContainer']"



def _new(page, url: str, name: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    settle_page(page)
    page.get_by_role("button", name="开始新评价").click()
    page.get_by_text("企业基本信息", exact=True).wait_for()
    settle_page(page)
    field = page.locator("[class*='enterprise-name'] input")
    field.fill(name)
    field.press("Enter")
    page.locator("[data-testid='stSidebar']").get_by_text(name).first.wait_for()
    return re.search(r"[?&]a=([^&#]+)", page.url).group(1)  # type: ignore[union-attr]


def _sidebar(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("[data-testid='stSidebar']").inner_text()


def test_the_bare_address_carries_on_where_this_browser_left_off(browser, server, outside_requests):
    here = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = here.new_page()
    page.set_default_timeout(30_000)
    first = _new(page, server.url, "丙公司")
    second = _new(page, server.url, "丁公司")  # saved last
    page.goto(server.url + "/")
    settle_page(page)
    page.locator(f".st-key-open-{first} button").click()  # back to the first one, in this browser
    page.get_by_text("企业基本信息", exact=True).wait_for()
    assert first in page.url

    again = here.new_page()  # the next morning: the bare address, same browser (its cookie)
    again.goto(server.url + "/")
    settle_page(again)
    again.get_by_text("已接着上次在此浏览器中的评价继续：丙公司").wait_for()
    assert first in again.url and "丙公司" in _sidebar(again) and "未命名企业" not in _sidebar(again)
    assert next(c for c in here.cookies() if c["name"] == "gf_browser")["httpOnly"]

    elsewhere = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    other = elsewhere.new_page()  # a browser never seen before: the most recently saved one
    other.goto(server.url + "/")
    settle_page(other)
    other.get_by_text("已接着上次在此浏览器中的评价继续：丁公司").wait_for()
    assert second in other.url
    here.close()
    elsewhere.close()
