"""绿色工厂自评价向导 (green-factory self-assessment wizard): `streamlit run app.py`.

The frame of every run: restore the draft named in the URL, build the pages from the chosen rule-set, show the
sidebar (live total, progress, selectors), then the page. Pages are views; numbers come from scoring.engine.
"""

from __future__ import annotations

import streamlit as st

from ui import nav, progress, sidebar, state
from ui.catalogue import profile, ruleset
from ui.guard import guard
from ui.i18n import t
from ui.session import W

pages = None
with guard("frame"):
    state.bootstrap()
    st.set_page_config(page_title=t("app.title"), layout="wide", initial_sidebar_state="expanded")
    draft = W()["draft"]
    rs, prof = ruleset(draft.get("ruleset") or ""), profile(draft.get("profile") or "")
    result = state.result()
    per_page = progress.all_pages(draft, state.field_errors(), result, rs, prof)
    pages = nav.build(rs, per_page)
if pages is None:
    st.stop()

pg = st.navigation(pages)
nav.set_current(pg.url_path)
with guard("sidebar"):
    done = sum(p[0] for p in per_page.values())
    sidebar.render(result, done, sum(p[1] for p in per_page.values()))

shown = list(W().get("notices", []))
for kind, message in shown:
    {"error": st.error, "warning": st.warning}.get(kind, st.info)(message)

with guard(pg.url_path or "home"):
    pg.run()
# Reached only when the page did not switch to another one (st.switch_page raises): notices shown on a page
# that was left at once are shown again on the next.
W()["notices"] = W().get("notices", [])[len(shown):]
