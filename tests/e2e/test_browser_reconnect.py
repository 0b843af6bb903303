"""Nothing typed is lost across a server restart (ui/connection.py): values typed but not yet confirmed when the
server stops are saved once it is back, without another keystroke, and while it is away the page speaks Chinese."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.browser_helpers import SHOTS, Wizard

pytestmark = pytest.mark.browser


def _wait(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.2)


def _name_shown(page) -> list[str]:
    """The value of every 企业名称 field on the page (a rerun may show the old and the new one for a moment)."""
    return page.locator("[class*='enterprise-name'] input").evaluate_all("els => els.map(e => e.value)")


def test_values_typed_before_a_restart_are_saved_when_it_is_back(page, server, outside_requests):
    wiz = Wizard(page, server.db_url, {})
    page.goto(server.url + "/")
    page.get_by_role("button", name="开始新评价").click()
    page.get_by_text("企业基本信息", exact=True).wait_for()
    wiz.settle()
    name = page.locator("[class*='enterprise-name'] input")
    year = page.locator("[class*='zh-year'] input")
    name.fill("甲公司")
    name.press("Enter")
    wiz.wait_stored("enterprise.name", "甲公司")

    year.fill("2026")  # confirmed by leaving the field (saved at once) …
    name.fill("乙公司")  # … while the name is typed, not confirmed: only the browser has it
    wiz.wait_stored("year", 2026)
    server.stop()
    banner = page.locator("[data-testid='gfConnectionBanner']")
    banner.wait_for(state="visible", timeout=30_000)
    assert "尚未保存的内容保留在本页" in banner.inner_text()
    _wait(lambda: "正在连接" in page.locator("[data-testid='stStatusWidget']").inner_text())
    dialog = page.locator("[role='dialog']")  # Streamlit's own connection dialog, in the page's words
    dialog.wait_for(timeout=30_000)
    _wait(lambda: "与服务器的连接已中断" in dialog.inner_text())
    body = page.locator("body").inner_text()
    assert not re.search(r"connecting|connection error|not responding", body, re.I), body[:500]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "connection-lost.png"))

    server.start()
    wiz.wait_stored("enterprise.name", "乙公司", timeout=60)  # no keystroke after the restart
    page.get_by_text("连接恢复后，已保存断线前输入的内容").wait_for()
    notice = page.get_by_text("连接恢复后，已保存断线前输入的内容").inner_text()
    assert "企业名称" in notice and "评价年度" not in notice  # only what was lost is named
    _wait(lambda: _name_shown(page) == ["乙公司"])
    assert banner.is_hidden() and dialog.count() == 0

    page.reload()  # and it stays: the stored value, not the browser's memory
    page.get_by_text("企业基本信息", exact=True).wait_for()
    _wait(lambda: _name_shown(page) == ["乙公司"])
    assert "连接恢复后" not in page.locator("body").inner_text()  # handed back once, not again on reload
    assert outside_requests == []
