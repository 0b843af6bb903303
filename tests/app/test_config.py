"""The deployment config: local address, no telemetry, no outside probe, no error details for users."""

from __future__ import annotations

import tomllib

from tests.app.wizard_helpers import ROOT


def test_streamlit_config_for_a_real_deployment():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["address"] == "127.0.0.1"
    assert cfg["server"]["headless"] is True
    assert cfg["server"]["fileWatcherType"] == "none"
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["browser"]["serverAddress"] == "localhost"
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["client"]["toolbarMode"] == "viewer"


def test_unexpected_errors_are_logged_on_the_server(at, monkeypatch):
    import sys

    import ui.guard
    import ui.results_view

    logged: list[tuple[str, type | None]] = []
    monkeypatch.setattr(ui.guard.log, "exception",
                        lambda msg, *args: logged.append((msg % args, sys.exc_info()[0])))
    monkeypatch.setattr(ui.results_view, "headline", lambda *_a, **_k: 1 / 0)
    at.button(key="home-example").click().run()
    assert [m for m, exc in logged if m.startswith("unexpected error in results") and exc is ZeroDivisionError]
    assert not [e for e in at.error if "ZeroDivisionError" in e.value]
    assert [e for e in at.error if "服务器日志" in e.value]
