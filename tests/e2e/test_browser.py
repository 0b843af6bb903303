"""The wizard in Chromium: the example enterprise entered page by page reaches the CLI's total, through a
browser reload and a server restart half-way; no request leaves 127.0.0.1; screenshots of the main pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.engine import score
from scoring.example import example_assessment
from scoring.io import dump_assessment, parse_assessment, validate_assessment
from tests.draft_paths import used_inputs
from tests.e2e.browser_helpers import ROOT, SHOTS, Wizard, cell_value
from ui.fmt import num

pytestmark = pytest.mark.browser

DIMENSIONS = ["能源低碳化", "资源高效化", "生产洁净化", "产品绿色化", "用地集约化"]


def _cli_total(tmp_path) -> float:
    import json
    import subprocess
    import sys

    path = tmp_path / "example.json"
    path.write_text(dump_assessment(example_assessment()), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "scoring", "score", str(path), "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout)["total"])


def _digits(shown: str) -> str:
    """A table's localized number (9,000,000) as typed."""
    return re.sub(r"[^\d.]", "", shown)


def _differences(want: object, got: object, path: str = "") -> list[str]:
    """Draft paths of the answers and inputs whose stored value is not the example's (unset ones included)."""
    if isinstance(want, dict):
        got = got if isinstance(got, dict) else {}
        keys = [k for k in want if path or k in ("answers", "inputs", "enterprise")]
        return [d for k in keys for d in _differences(want[k], got.get(k), f"{path}.{k}".lstrip("."))]
    if isinstance(want, list):
        got = got if isinstance(got, list) else []
        if len(got) != len(want):
            return [path]
        return [d for i, w in enumerate(want) for d in _differences(w, got[i], f"{path}.{i}")]
    if want in (None, "") and got in (None, ""):
        return []
    same = (want == got if isinstance(want, bool) or isinstance(got, bool) or not isinstance(want, int | float)
            else isinstance(got, int | float) and float(want) == float(got))
    return [] if same else [f"{path}={got!r}"]


def _sidebar_total(page) -> str:
    return page.locator("[data-testid='stSidebar'] [data-testid='stMetricValue']").first.inner_text().strip()


def test_walkthrough_with_reload_and_restart(page, server, outside_requests, tmp_path):
    example = example_assessment().model_dump(mode="json")
    wiz = Wizard(page, server.db_url, example)
    page.goto(server.url + "/")
    page.get_by_role("button", name="开始新评价").click()
    page.get_by_text("企业基本信息", exact=True).wait_for()
    wiz.settle()
    assert wiz.title() == "企业概况"
    assert wiz.fill_page() > 5
    assert wiz.go_next() == "基本要求与否决项"
    wiz.fill_page()
    assert wiz.go_next() == DIMENSIONS[0]
    wiz.fill_page()

    # a browser reload half-way: same page, same answers
    total, url = _sidebar_total(page), page.url
    page.reload()
    wiz.settle()
    assert page.url == url and wiz.title() == DIMENSIONS[0]
    assert _sidebar_total(page) == total
    assert _digits(wiz.cell("电力")) == "9000000"

    assert wiz.go_next() == DIMENSIONS[1]
    wiz.fill_page()

    # a server restart half-way: the page reconnects and carries on where it was
    server.restart()
    page.locator("[class*='st-key-nav-next'] button").wait_for(timeout=60_000)
    wiz.settle()
    assert wiz.title() == DIMENSIONS[1]
    assert _sidebar_total(page) != "0.00 / 100"

    for title in DIMENSIONS[2:]:
        assert wiz.go_next() == title
        wiz.fill_page()
    assert wiz.go_next() == "评价结果"
    page.get_by_text("各一级指标得分").wait_for()
    expected = _cli_total(tmp_path)
    used = used_inputs(example["ruleset"])  # the example also holds inputs only the 2018 rule-set reads
    asked = {**example, "inputs": {k: v for k, v in example["inputs"].items() if k in used}}
    missing = _differences(asked, wiz.stored())
    assert missing == [], f"entered differently from the example: {missing}"
    assert _sidebar_total(page) == f"{expected:.2f} / 100"
    headline = page.locator("[data-testid='stMainBlockContainer'] [data-testid='stMetricValue']").first
    assert headline.inner_text().strip() == f"{expected:.2f}"
    page.wait_for_timeout(1500)  # charts draw after the data arrives
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "results.png"))
    assert outside_requests == []


def test_a_page_address_opened_first_after_a_restart(page, browser, server):
    """The first request of a fresh server names a dimension page: the frame runs, the data is there."""
    page.goto(server.url + "/")
    page.get_by_role("button", name="载入示例企业（虚构数据）").click()
    page.get_by_text("各一级指标得分").wait_for()
    aid_url = page.url.replace("/results", "/dim-land_intensive")
    total = _sidebar_total(page)
    server.restart()
    second = browser.new_page(viewport={"width": 1400, "height": 900})
    second.goto(aid_url)
    second.get_by_role("heading", name="用地集约化").first.wait_for()
    second.locator("[data-testid='stSidebar'] [data-testid='stMetricValue']").first.wait_for()
    assert _sidebar_total(second) == total
    assert _digits(cell_value(second, "厂区用地面积")) == "40000"
    second.close()


def test_screenshots_of_the_main_pages(page, server, outside_requests):
    page.goto(server.url + "/")
    page.get_by_role("button", name="载入示例企业（虚构数据）").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "home.png"))
    page.get_by_role("button", name="载入示例企业（虚构数据）").click()
    page.get_by_text("各一级指标得分").wait_for()
    base = page.url.split("/results")[0]
    query = page.url.split("/results")[1]
    for path, heading in [("profile", "企业概况"), ("gates", "基本要求与否决项"),
                          ("dim-energy_low_carbon", "能源低碳化"), ("dim-resource_efficiency", "资源高效化"),
                          ("export", "导出")]:
        page.goto(f"{base}/{path}{query}")
        page.get_by_role("heading", name=heading).first.wait_for()
        page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / f"{path}.png"))
    with page.expect_download() as json_dl:
        page.get_by_role("link", name="下载 JSON 文件").click()  # a link to the download route (ui/downloads.py)
    exported = parse_assessment(Path(json_dl.value.path()).read_bytes())
    assert exported.enterprise.name == example_assessment().enterprise.name
    assert exported.id == query.split("a=")[1].split("&")[0]
    with page.expect_download(timeout=60_000) as pdf_dl:
        page.get_by_role("link", name="生成并下载 PDF 报告").click()
    assert Path(pdf_dl.value.path()).read_bytes().startswith(b"%PDF")
    assert pdf_dl.value.suggested_filename.endswith(".pdf")
    assert outside_requests == []


def test_a_typed_number_updates_every_live_part(page, server):
    """A number typed into a page's table reruns only the table's fragment (ui/live.py): the sidebar total, the
    page's score line, the card's value line, the energy working and the save caption all follow, as the
    engine scores the changed draft, and the change is stored."""
    page.goto(server.url + "/")
    page.get_by_role("button", name="载入示例企业（虚构数据）").click()
    page.get_by_text("各一级指标得分").wait_for()
    page.goto(page.url.replace("/results", "/dim-energy_low_carbon"))
    data = example_assessment().model_dump(mode="json")
    data["inputs"]["energy"]["electricity"] = 9_500_000  # still scored: nothing but the numbers changes
    wiz = Wizard(page, server.db_url, data)
    wiz.settle()
    saved = page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']", has_text=re.compile(r"第\s*\d+\s*版"))
    before = saved.first.inner_text()
    [cell] = [c for c in wiz._cells() if c[0] == "inputs.energy.electricity"]
    wiz._type_cell(*cell, 9_500_000)
    wiz.wait_stored("inputs.energy.electricity", 9_500_000)
    expected = score(validate_assessment(data))
    total = f"{expected.total:.2f} / 100"
    page.locator("[data-testid='stSidebar'] [data-testid='stMetricValue']", has_text=total).wait_for()
    dim = next(d for d in expected.dimensions if d.id == "energy_low_carbon")
    main = page.locator("[data-testid='stMain']")
    main.get_by_text(f"本维度得分 {dim.score:.2f} / 30 分").wait_for()
    main.get_by_text("电力 9,500,000 kWh × 0.1229 kgce/kWh = 1,167.55 tce").wait_for()
    ind = next(r for r in expected.indicators if r.id == "energy_intensity_output")
    main.get_by_text(f"单位产值综合能耗 {num(ind.value)} tce/万元").first.wait_for()
    assert saved.first.inner_text() != before  # the new revision
    assert _digits(wiz.cell("电力")) == "9500000"
