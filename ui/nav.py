"""The wizard's pages: built from the chosen rule-set on every run, one page per dimension.

Every dimension page runs the same script (views/dimension.py) under its own url_path ('dim-<id>'); the
frame (app.py) records which one is current, so the script knows its dimension. Titles mark completed pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from criteria.schema import Dimension, RuleSet
from ui.i18n import lang, t
from ui.session import W

ROOT = Path(__file__).resolve().parent.parent
EXTRA_PAGES: list[tuple[str, str]] = []  # (script relative to app.py, url_path): hidden pages for bench/tests
if os.environ.get("WIZARD_BENCH_BLANK") == "1":  # bench/browser.py: the benches' empty page in a real server
    EXTRA_PAGES.append(("bench/blank_page.py", "bench-blank"))


def _title(name: str, progress: tuple[int, int] | None) -> str:
    """A completed page is marked ✓; counts stand on the page itself and in the sidebar, where they change live
    (a title can only change with a full rerun, ui/live.py)."""
    if not progress or progress[1] == 0:
        return name
    done, total = progress
    return f"{name} ✓" if done >= total else name


def build(rs: RuleSet, progress: dict[str, tuple[int, int]]) -> dict[str, list[st.Page]]:
    """The page sections for st.navigation; remembers the wizard order and the dimension of each page."""
    home = st.Page("views/home.py", title=t("nav.home"), default=True)
    profile = st.Page("views/profile.py", title=_title(t("nav.profile"), progress.get("profile")),
                      url_path="profile")
    gates = st.Page("views/gates.py", title=_title(t("nav.gates"), progress.get("gates")), url_path="gates")
    dims = [st.Page("views/dimension.py", title=_title(d.name.get(lang()), progress.get(f"dim-{d.id}")),
                    url_path=f"dim-{d.id}") for d in rs.dimensions]
    results = st.Page("views/results.py", title=t("nav.results"), url_path="results")
    export = st.Page("views/export.py", title=t("nav.export"), url_path="export")
    extra = [st.Page(path, url_path=url, visibility="hidden") for path, url in EXTRA_PAGES]
    W()["_pages"] = {"home": home, "profile": profile, "gates": gates, "results": results, "export": export,
                   **{f"dim-{d.id}": p for d, p in zip(rs.dimensions, dims, strict=True)}}
    W()["_order"] = ["home", "profile", "gates", *[f"dim-{d.id}" for d in rs.dimensions], "results", "export"]
    W()["_dims"] = {f"dim-{d.id}": d.id for d in rs.dimensions}
    W()["_names"] = {"home": t("nav.home"), "profile": t("nav.profile"), "gates": t("nav.gates"),
                   "results": t("nav.results"), "export": t("nav.export"),
                   **{f"dim-{d.id}": d.name.get(lang()) for d in rs.dimensions}}
    stat_import = st.Page("views/stat_import.py", title=t("forms.page.nav"), url_path="stat-import")
    questionnaire = st.Page("views/questionnaire.py", title=t("questionnaire.page.nav"), url_path="questionnaire")
    return {"": [home, *extra], t("nav.section_fill"): [profile, stat_import, questionnaire, gates, *dims],
            t("nav.section_result"): [results, export]}


def set_current(url_path: str) -> None:
    W()["_current"] = url_path or "home"


def current_dimension(rs: RuleSet) -> Dimension | None:
    dim_id = W().get("_dims", {}).get(W().get("_current", ""))
    return next((d for d in rs.dimensions if d.id == dim_id), None)


def page(name: str) -> st.Page | None:
    return W().get("_pages", {}).get(name)


def go(name: str) -> None:
    target = page(name)
    if target is not None:
        st.switch_page(target, query_params=dict(st.query_params))


def pager() -> None:
    """上一步 / 下一步 at the foot of a wizard page."""
    order: list[str] = W().get("_order", [])
    here = W().get("_current", "home")
    if here not in order:
        return
    i = order.index(here)
    left, _, right = st.columns([2, 3, 2])
    names = W().get("_names", {})
    if i > 0 and left.button(t("nav.prev", page=names.get(order[i - 1], "")), key="nav-prev", width="stretch"):
        go(order[i - 1])
    if i < len(order) - 1 and right.button(t("nav.next", page=names.get(order[i + 1], "")), key="nav-next",
                                           type="primary", width="stretch"):
        go(order[i + 1])
