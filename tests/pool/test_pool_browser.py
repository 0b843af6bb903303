"""Real browser (Debian Chromium via Playwright): download-free flow of a district official — upload a filled
template to the pool page and see the ranking; no request leaves 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from scoring.demo_pool import demo_bench, demo_pool
from scoring.pool_columns import pool_model
from scoring.pool_io import build_template

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    pytest.importorskip("playwright")
    port = _free_port()
    work = tmp_path_factory.mktemp("pool-e2e")
    log = work / "streamlit.log"
    env = {k: v for k, v in os.environ.items() if k not in ("GF_ACCOUNTS", "DATABASE_URL")}
    env |= {"PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{work / 'app.db'}"}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.perf_counter() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace")[-2000:])
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.perf_counter() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_upload_the_template_and_see_the_ranking(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    frame = demo_pool(12, seed=21)
    path = tmp_path / "培育库.xlsx"
    path.write_bytes(build_template(pool_model(), demo_bench(), data=frame))
    best = None
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{server}/pool")  # the wizard's single-user mode has the pool page in its menu
        expect(page.get_by_text("资源池为空")).to_be_visible(timeout=30_000)
        page.locator("input[type=file]").set_input_files(str(path))
        expect(page.get_by_text("培育库.xlsx")).to_be_visible(timeout=15_000)
        page.get_by_role("button", name="导入", exact=True).click()
        expect(page.get_by_text("导入 12 家企业")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("家企业（满足基本要求")).to_be_visible()
        # the ranking grid: its first row is the best-ranked enterprise
        from scoring.pool import Pool, ranking

        best = ranking(Pool(frame=frame, bench=demo_bench()))["name"].iloc[0]
        grid = page.locator("[data-testid='stDataFrame']").first
        expect(grid).to_be_visible()
        expect(grid.get_by_text(best, exact=True).first).to_be_attached(timeout=15_000)
        shots = ROOT / "data" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        grid.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "pool-ranking.png"), full_page=True)
        browser.close()
    outside = [u for u in requests if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert not outside, outside[:5]
    assert shutil.which("chromium") or Path(CHROMIUM).exists()
