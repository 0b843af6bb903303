"""Real-browser fixtures: `streamlit run serve.py` (the wizard and its sign-in routes) on a free port with its own
SQLite file, Debian's Chromium driven by Playwright (never `playwright install`), and a log of every request the
page makes."""

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

from tests.e2e.browser_helpers import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One wizard server; `restart()` stops it and starts a new process on the same port and database."""

    def __init__(self, db_file: Path, log_file: Path) -> None:
        self.port = _free_port()
        self.db_url = f"sqlite:///{db_file}"
        self.log_file = log_file
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start and wait for /_stcore/health; returns the seconds it took."""
        env = {**os.environ, "DATABASE_URL": self.db_url, "PYTHONPATH": str(ROOT)}
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(self.port)],
            cwd=ROOT, env=env, stdout=self.log_file.open("ab"), stderr=subprocess.STDOUT)
        deadline = t0 + 60
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log_file.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("streamlit did not become healthy in 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed")
    tmp = tmp_path_factory.mktemp("e2e")
    srv = Server(tmp / "wizard.db", tmp / "streamlit.log")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def outside_requests() -> list[str]:
    return []


@pytest.fixture
def page(browser, server, outside_requests):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    local = (server.url, "data:", "blob:", "about:")

    def record(request) -> None:  # type: ignore[no-untyped-def]
        if not request.url.startswith(local):
            outside_requests.append(request.url)

    pg.on("request", record)
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def make_server(tmp_path_factory):
    """Start servers on databases a test prepared (e.g. with accounts); all stopped after the module."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed")
    started: list[Server] = []

    def make(db_file: Path, env: dict[str, str] | None = None) -> Server:
        srv = Server(db_file, db_file.with_suffix(".log"))
        old = {k: os.environ.get(k) for k in env or {}}
        os.environ.update(env or {})
        try:
            srv.start()
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop()
