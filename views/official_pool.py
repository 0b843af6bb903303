"""培育库筛选 (official): the pool of the jurisdiction's enterprises, each with its latest submitted or reviewed self-assessment,
ranked and compared with the district plan (views/pool.py with the jurisdiction's towns as its filter)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError
from ui import auth, official, pickers
from ui.fmt import md
from ui.i18n import lang, t
from ui.session import W
from views import pool as pool_page

who = auth.actor()
if who is None or who.role != "official":
    st.stop()
with st.sidebar:
    reload = st.button(t("pool.reload"), key="pool-reload", help=t("pool.reload_help"), width="stretch")
if reload or "_official_pool" not in W():
    try:
        built, read, count, basis = official.build_pool_with_basis(who)
        W()["_official_pool"], W()["_official_basis"] = (built, read, count), basis
        W()["_official_towns"] = official.jurisdiction_towns(who)
    except StoreError as exc:
        st.error(md(str(exc)))
        st.stop()
pool, issues, n = W()["_official_pool"]
st.sidebar.caption(t("pool.from_store", n=n))


def _basis() -> None:
    """Which assessment of each enterprise the screening took (the latest submitted or reviewed one)."""
    basis = W().get("_official_basis") or []
    if basis:
        with st.expander(t("official_pool.basis", n=len(basis))):
            st.dataframe(pd.DataFrame({t("official_pool.col_enterprise"): [b.org_name for b in basis],
                                       t("official_pool.col_basis"): [pickers.facts(b.info) for b in basis]}),
                         hide_index=True, width="stretch")


pool_page.render(town_filter=W().get("_official_towns"), source=pool, basis=_basis)
if issues:
    with st.expander(t("pool.issues", n=len(issues))):
        st.dataframe(pd.DataFrame({t("official_pool.col_level"): [t(f"pool_msg.level.{i.level}") for i in issues],
                                   t("official_pool.col_enterprise"): [i.row for i in issues],
                                   t("official_pool.col_problem"): [i.text(lang()) for i in issues]}),
                     hide_index=True, width="stretch")
