"""Time from `streamlit run app.py` to the first rendered page, in Debian's Chromium.

`python bench/startup.py [runs]`. Each run starts a fresh server (own SQLite file, free port) and reports:
healthy (the /_stcore/health endpoint answers), first render (the home page's 开始新评价 button is visible
after `goto`, i.e. the first script run has finished and the browser drew it) and the total from the process
start. Chromium is launched before the server, so its start-up is not counted. Medians with the raw runs.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run(browser, tmp: Path, i: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    port = _port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / f'startup{i}.db'}", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                    break
            except OSError:
                if time.perf_counter() - t0 > 60:
                    raise RuntimeError("server not healthy after 60 s") from None
                time.sleep(0.02)
        healthy = time.perf_counter() - t0
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        t1 = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("button", name="开始新评价").wait_for(timeout=60_000)
        rendered = time.perf_counter()
        page.close()
        return healthy, rendered - t1, rendered - t0
    finally:
        proc.terminate()
        proc.wait()


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        results = [one_run(browser, Path(tmp), i) for i in range(runs)]
        browser.close()
    for name, col in (("server healthy", 0), ("first render after goto", 1), ("streamlit run → first page", 2)):
        raw = ", ".join(f"{r[col]:.2f}" for r in results)
        print(f"{name:<28} {statistics.median(r[col] for r in results):6.2f} s   [{raw}]")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
