"""A returning visitor in single-user mode carries on with the assessment last worked on, with a notice saying so,
instead of a blank draft (未命名企业 0.00/100) that looks like lost data. (The per-browser choice needs the
``gf_browser`` cookie, which AppTest cannot send: tests/store/test_resume.py and the browser test cover it.)"""

from __future__ import annotations

from tests.app.wizard_helpers import goto, new_app, sidebar_total, widget


def _notices(at) -> str:
    return "\n".join(e.value for e in (*at.info, *at.warning, *at.error))


def test_the_bare_address_opens_the_last_assessment(started) -> None:
    goto(started, "profile")
    widget(started, "enterprise.name").input("己公司").run()
    aid = started.query_params["a"]
    total = sidebar_total(started)

    again = new_app()  # a new browser session at the bare address, e.g. the next morning
    again.run()
    assert not again.exception
    assert again.query_params["a"] == aid
    assert again.session_state["_wiz"]["draft"]["enterprise"]["name"] == "己公司"
    assert sidebar_total(again) == total
    assert "已接着上次在此浏览器中的评价继续：己公司（第 1 版）" in _notices(again)

    again.button(key="home-start").click().run()  # starting another one is one click away, as the notice says
    assert again.query_params.get("a") != aid


def test_nothing_stored_means_a_blank_start_without_a_notice(at) -> None:
    assert "a" not in at.query_params
    assert "已接着" not in _notices(at)


def test_an_address_naming_an_assessment_wins(started) -> None:
    goto(started, "profile")
    widget(started, "enterprise.name").input("庚公司").run()
    first = started.query_params["a"]
    goto(started, "").button(key="home-start").click().run()
    goto(started, "profile")
    widget(started, "enterprise.name").input("辛公司").run()
    second = started.query_params["a"]
    assert first != second
    again = new_app()
    again.query_params["a"] = first
    again.run()
    assert again.query_params["a"] == first and "已接着" not in _notices(again)
