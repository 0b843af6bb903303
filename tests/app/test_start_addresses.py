"""Every page a role sees keeps its own address. Streamlit serves the default page at "/" only and answers its
registered name (/screening, /users, /login) with "page not found", which the official and the administrator met
right after signing in; so for roles without the wizard the default page is a hidden one at the root.
AppTest opens pages by hash and cannot see this: the pages passed to st.navigation are checked instead."""

from __future__ import annotations

from typing import Any

import pytest
import streamlit

from tests.app.auth_helpers import signed_in_app
from tests.app.wizard_helpers import new_app
from ui import roles


def _spy(monkeypatch: Any) -> list[list[Any]]:
    calls: list[list[Any]] = []
    real = streamlit.navigation

    def spy(pages: Any, **kwargs: Any) -> Any:
        calls.append([p for section in pages.values() for p in section])
        return real(pages, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", spy)
    return calls


@pytest.mark.parametrize(("who", "first"), [(None, "login"), ("off", "screening"), ("admin", "users")])
def test_every_visible_page_is_reachable_by_its_address(district, monkeypatch, who, first):
    calls = _spy(monkeypatch)
    at = new_app().run() if who is None else signed_in_app(who)
    assert not at.exception
    pages = calls[-1]
    shown = [p for p in pages if p.visibility != "hidden"]
    assert shown[0]._url_path == first
    for page in shown:  # "" would mean: only at "/", its own address is "page not found"
        assert page.url_path == page._url_path and page.url_path, page.title
    [root] = [p for p in pages if p.url_path == ""]
    assert root.visibility == "hidden" and root._url_path == roles.ROOT


def test_the_root_moves_on_to_the_start_page(district):
    at = signed_in_app("off")
    assert at.session_state["_wiz"]["_current"] == "screening"
    assert at.title[0].value == "绿色工厂培育库筛选"
