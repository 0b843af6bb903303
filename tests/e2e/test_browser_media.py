"""Real browser and server (serve.py): a download that stays on st.download_button (the demo pool's ranked export,
an uploaded pool's file) still downloads in Chromium through the /media guard and comes with Cache-Control: no-store;
the same /media address fetched by a bare client (no cookie of this site, as from a proxy log) is refused; the pool
template of a pool without its own benchmarks comes from the download route; 清空资源池 asks first."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def test_media_downloads_work_in_the_browser_and_not_from_a_bare_request(page, server, outside_requests) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/pool")
    expect(page.get_by_text("资源池为空")).to_be_visible(timeout=30_000)
    template = page.locator("a.gf-dl-pool-template")  # no benchmarks of its own yet: the route
    expect(template).to_have_attribute("href", "/_download/pool/template.xlsx?ruleset=gbt36132_2025_platform"
                                       "&profile=ningbo_star&lang=zh")
    with page.expect_download() as got:
        template.click()
    assert got.value.suggested_filename == "培育库导入模板.xlsx"
    page.locator(".st-key-pool-demo button").click()
    expect(page.get_by_text("虚构示例企业")).to_be_visible(timeout=30_000)
    button = page.locator(".st-key-pool-export button")  # an uploaded/demo pool: st.download_button
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download() as got:
        button.click()
    assert got.value.suggested_filename == "培育库排名.xlsx"
    with open(got.value.path(), "rb") as f:
        assert f.read(2) == b"PK"
    url = got.value.url  # the /media/… address (Chromium does not always report a download as a response)
    assert "/media/" in url
    again = page.context.request.get(url)  # with this browser's cookies: served, and not to be cached
    assert again.ok and again.headers["cache-control"] == "no-store", again.headers
    assert "attachment" in again.headers.get("content-disposition", "")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    assert refused.value.code == 403
    other = page.context.browser.new_context()  # another browser of this site, its own gf_browser/gf_csrf cookies
    try:
        other_page = other.new_page()
        other_page.goto(f"{server.url}/pool")
        expect(other_page.get_by_text("资源池为空")).to_be_visible(timeout=30_000)
        assert {c["name"] for c in other.cookies()} >= {"gf_browser"}
        stolen = other.request.get(url)
        assert stolen.status == 403 and stolen.headers["cache-control"] == "no-store"
    finally:
        other.close()
    assert page.context.request.get(url).ok  # the owner's browser still gets it
    clear = page.locator(".st-key-pool-clear button")
    if not clear.is_visible():  # the intake section folds once the pool has enterprises
        page.locator("[data-testid='stExpander'] summary").first.click()
    clear.click()
    expect(page.get_by_text("确定清空资源池？已导入的 60 家企业将从本页移除")).to_be_visible(timeout=15_000)
    page.locator(".st-key-pool-clear-yes button").click()
    expect(page.get_by_text("已清空资源池（移除 60 家企业）")).to_be_visible(timeout=15_000)
    assert outside_requests == []
