"""绿色工厂自评价向导 (green-factory self-assessment wizard): `streamlit run app.py`.

The frame of every run: who is using the app (ui.auth: the single-user mode, a guest, a signed-in user or nobody
yet), then for the roles that fill in assessments the draft named in the URL and the wizard's pages built from the
chosen rule-set, the role's own page set (ui.roles), the sidebar (live total, progress, selectors, account), then
the page. Pages are views; numbers come from scoring.engine; access is decided in store/.
"""

from __future__ import annotations

import streamlit as st

from ui import auth, chrome, connection, live, nav, repair, roles, sidebar, state
from ui.catalogue import ruleset
from ui.guard import guard
from ui.i18n import t
from ui.session import W

pages = None
who = None
result = None
with guard("frame"):
    state.init_session()
    st.set_page_config(page_title=t("app.title"), layout="wide", initial_sidebar_state="auto")  # open when wide, closed on a phone
    who = auth.current()
    wizard = None
    if auth.has_wizard(who):
        state.bootstrap()
    connection.guard(wizard=auth.has_wizard(who))  # what was typed before a restart is saved now
    chrome.mount()  # Streamlit's own English in the page's language
    if auth.has_wizard(who):
        result = state.result()
        wizard = nav.build(ruleset(W()["draft"].get("ruleset") or ""), live.pages(result))
    pages = roles.page_set(who, wizard)
if pages is None:
    st.stop()

pg = st.navigation(pages, expanded=True)  # every page listed: no "View more" button in English
go = W().pop("_go_start", None)
if go:  # just signed in: the page asked for before (if it is one of this role's), else the role's start page
    target = roles.visible(pages, go) if isinstance(go, str) else None
    target = target or roles.start_page()
    if target is not None and pg.url_path != target.url_path:
        st.switch_page(target, query_params=dict(st.query_params))
if W().pop("_qp_resend", False) and W().get("aid"):  # the first entry stored a new assessment: name it in the address
    st.switch_page(pg, query_params={**st.query_params.to_dict(), "a": W()["aid"]})
nav.set_current(pg.url_path)
live.defer(result is not None and live.defers(pg.url_path))  # its fragments draw the live parts
with guard("sidebar"):
    if result is not None:
        sidebar.render(result)
    else:
        sidebar.language()
    auth.sidebar_box(who)

auth.guest_banner(who)
shown = list(W().get("notices", []))
for kind, message in shown:
    {"error": st.error, "warning": st.warning}.get(kind, st.info)(message)

with guard(pg.url_path or "home"):
    if result is not None:
        repair.box()
    pg.run()
live.finish(result)
connection.finish()
auth.handoff(pg.url_path, W().get("aid"))  # just registered: the session becomes a cookie (one reload)
# Reached only when the page did not switch to another one (st.switch_page raises): notices shown on a page
# that was left at once are shown again on the next.
W()["notices"] = W().get("notices", [])[len(shown):]
