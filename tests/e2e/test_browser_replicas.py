"""Failover through the real proxy: `scripts/replicas.sh 2` starts two replicas on an empty PostgreSQL schema
(they migrate at the same moment) behind HAProxy; in Chromium an enterprise user signs in through the proxy, types
the enterprise name, the replica serving the session (named by HAProxy's GF_REPLICA cookie) is stopped, and after
a reload the user is still signed in on the other replica with the name there; the PDF report downloads through
the download route, and a 19 MB evidence file uploads through the proxy (its body limit follows
server.maxUploadSize). No request leaves 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from scoring.models import uscc_with_check
from store import accounts, attachments, db, orgs
from store import assessments as repo
from tests.e2e.browser_helpers import ROOT
from tests.e2e.conftest import CHROMIUM
from tests.pg_schema import fresh_pg_schema

pytestmark = pytest.mark.browser
ADMIN_PW = "管理员的初始密码-2026"
USER_PW = "企业填报人的密码-2026"
NAME = "海曙绿源泵业有限公司"
MAIN = "[data-testid='stMainBlockContainer']"
BIG = 19 * 1024 * 1024


def _free_ports(count: int) -> int:
    """The first of `count` consecutive free ports below the ephemeral range, where no outgoing connection (to
    PostgreSQL, to the browser) can take one between this check and the replicas binding it."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    rng = random.Random()
    for _ in range(200):
        first = rng.randrange(10_000, low - count)
        try:
            with contextlib.ExitStack() as stack:
                for port in range(first, first + count):
                    s = stack.enter_context(socket.socket())
                    s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError(f"no {count} consecutive free ports below {low}")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory) -> Any:
    if not Path(CHROMIUM).exists() or not shutil.which("haproxy"):
        pytest.skip("Debian chromium or haproxy is not installed (scripts/system-deps.sh --test)")
    tmp = tmp_path_factory.mktemp("replicas")
    for url in fresh_pg_schema("e2e_replicas"):
        run = tmp / "run"
        proxy = _free_ports(3)  # the proxy, then the two replicas
        first = proxy + 1
        env = {**os.environ, "DATABASE_URL": url, "RUN_DIR": str(run), "PROXY_PORT": str(proxy),
               "REPLICA_PORT": str(first), "ATTACHMENTS_DIR": str(tmp / "files")}
        script = subprocess.Popen(["bash", "scripts/replicas.sh", "2"], cwd=ROOT, env=env,
                                  stdout=(tmp / "replicas.log").open("wb"), stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while not (run / "state").exists():
                if script.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp / "replicas.log").read_text(errors="replace")[-3000:])
                time.sleep(0.1)
            engine = db.get_engine(url)  # already migrated by the replicas
            accounts.create_admin("admin", ADMIN_PW, display_name="区管理员", engine=engine)
            admin = accounts.authenticate("admin", ADMIN_PW, engine=engine)
            org = orgs.create_organisation(admin, NAME, uscc=uscc_with_check("91330203MA2B00002"), town="gulin",
                                           district="haishu", engine=engine)
            accounts.create_user(admin, "lvyuan", USER_PW, "enterprise", display_name="绿源填报人", org_id=org,
                                 engine=engine)
            yield f"http://127.0.0.1:{proxy}", run, engine
        finally:
            with contextlib.suppress(ProcessLookupError):  # it may have died at start: its own error is the one to see
                os.killpg(script.pid, signal.SIGTERM)  # the script's own process group: its replicas and HAProxy
            try:
                script.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(script.pid, signal.SIGKILL)
            db.dispose_engines(url)


def _wait_h1(page: Any, text: str) -> None:
    page.locator(f"{MAIN} h1", has_text=text).first.wait_for(timeout=60_000)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)


def _replica(context: Any) -> str:
    [value] = [c["value"] for c in context.cookies() if c["name"] == "GF_REPLICA"]
    return str(value)


def _big_pdf() -> bytes:
    head, tail = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n", b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return head + b"%" + b"0" * (BIG - len(head) - len(tail) - 1) + tail


def test_failover_keeps_the_session_and_the_draft_and_serves_downloads_and_uploads(browser, replicas) -> None:
    proxy, run, engine = replicas
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN", accept_downloads=True)
    context.on("request", lambda r: None if r.url.startswith((proxy, "data:", "blob:", "about:"))
               else outside.append(r.url))
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(proxy + "/")
        _wait_h1(page, "登录")
        page.get_by_label("用户名").fill("lvyuan")
        page.get_by_label("密码").fill(USER_PW)
        page.get_by_role("button", name="登录", exact=True).click()
        _wait_h1(page, "绿色工厂自评价向导")
        page.get_by_role("button", name="开始新评价").click()
        _wait_h1(page, "企业概况")
        field = page.locator("[class*='-enterprise-name'] input").first
        field.fill(NAME + "（一期）")
        field.press("Enter")
        who = accounts.authenticate("lvyuan", USER_PW, engine=engine)
        deadline = time.monotonic() + 20
        found: list[Any] = []
        while time.monotonic() < deadline and not found:
            found = [a for a in repo.list_assessments(who, engine=engine) if a.title == NAME + "（一期）"]
            time.sleep(0.2)
        assert found, "the typed name was not saved"
        aid = found[0].id

        serving = _replica(context)
        pid = int((run / f"{serving}.pid").read_text())
        os.kill(pid, signal.SIGTERM)  # the replica serving this session goes away
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        page.reload()
        _wait_h1(page, "企业概况")
        assert _replica(context) != serving  # HAProxy moved the session to the other replica
        assert "绿源填报人" in page.locator("[data-testid='stSidebar']").inner_text()  # still signed in
        assert f"a={aid}" in page.url
        expect(page.locator("[class*='-enterprise-name'] input").first).to_have_value(NAME + "（一期）", timeout=30_000)

        page.goto(f"{proxy}/export?a={aid}")
        _wait_h1(page, "导出")
        link = page.locator("a.gf-dl-dl-pdf")
        assert link.get_attribute("href", timeout=30_000) == f"/_download/report/{aid}.pdf?lang=zh"
        with page.expect_download(timeout=60_000) as got:
            link.click()
        pdf = Path(got.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF") and got.value.suggested_filename.endswith(".pdf")

        page.goto(f"{proxy}/evidence?a={aid}")
        _wait_h1(page, "证明材料")
        page.locator(f"{MAIN} input[type=file]").set_input_files(
            {"name": "能源审计报告.pdf", "mimeType": "application/pdf", "buffer": _big_pdf()})
        expect(page.get_by_text("能源审计报告.pdf")).to_be_visible(timeout=60_000)
        go = page.locator("[class*='st-key-ev-upload-go'] button")
        expect(go).to_be_enabled(timeout=60_000)  # the 19 MB went through the proxy to the replica
        go.click()
        page.get_by_text("已上传“能源审计报告.pdf”").wait_for(timeout=60_000)
        [stored] = attachments.list_attachments(who, aid, engine=engine)
        assert stored.size == BIG and stored.filename == "能源审计报告.pdf"
        with page.expect_download(timeout=60_000) as got:
            page.locator(f"a.gf-dl-dl-{stored.id}").click()
        assert Path(got.value.path()).stat().st_size == BIG
    finally:
        context.close()
    assert outside == []
