"""Real browser: the cultivation-pool page of the single-user wizard — upload a filled template, see the ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

from pool.analysis import ranking
from pool.columns import pool_model
from pool.demo import demo_bench, demo_pool
from pool.model import Pool
from pool.workbook import build_template
from tests.e2e.browser_helpers import SHOTS

pytestmark = pytest.mark.browser


def test_upload_the_template_and_see_the_ranking(page, server, outside_requests, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    frame = demo_pool(12, seed=21)
    path = tmp_path / "培育库.xlsx"
    path.write_bytes(build_template(pool_model(), demo_bench(), data=frame))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server.url}/pool")  # the single-user wizard has the pool page in its menu
    expect(page.get_by_text("资源池为空")).to_be_visible(timeout=30_000)
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("培育库.xlsx")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_text("导入 12 家企业")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("家企业（满足基本要求")).to_be_visible()
    best = ranking(Pool(frame=frame, bench=demo_bench()))["name"].iloc[0]  # the first row of the ranking grid
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    expect(grid.get_by_text(best, exact=True).first).to_be_attached(timeout=15_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    grid.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "pool-ranking.png"), full_page=True)
    assert outside_requests == []
