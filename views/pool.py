"""培育库筛选 (cultivation-pool screening): import a pool, rank it, compare it with the district's plan targets.

Use as a page script (`st.Page("views/pool.py")`) or call `render(town_filter=...)` from another page; a town
filter restricts everything on the page to those 镇街 (an official's jurisdiction). `source` is a pool built
elsewhere (an official's enterprises read from the store): it replaces the session's pool and the file intake is
left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from pool.analysis import apply_filter, ranking
from pool.model import Pool
from ui import pool_components as pc
from ui.i18n import lang, t


def render(town_filter: Sequence[str] | None = None, source: Pool | None = None,
           basis: Callable[[], None] | None = None) -> None:
    """The pool page; an official's pool comes from the store (`source`), with `basis` drawn under the title
    (which assessment of each enterprise was taken)."""
    lg = lang()
    st.title(t("pool_page.title"))
    if source is not None:
        st.session_state["pool"] = source
        st.caption(t("pool_page.intro_store"))
    else:
        st.caption(t("pool_page.intro"))
    if basis is not None:
        basis()
    p = pc.pool()
    pc.rules(p)
    if source is None:
        pc.intake(p)
    if not len(p):
        st.info(t("pool_page.empty") if source is None else t("pool_page.empty_store"))
        return
    full = ranking(p)
    if town_filter is not None:
        full = full[full["town"].isin(town_filter)]
    flt = pc.filters(p, full, town_filter)
    rank = pc.in_language(p, apply_filter(full, flt))
    rows = p.frame.index[p.frame["uscc"].isin(rank["uscc"])]
    eligible = int(rank["eligible"].sum())
    st.markdown(t("pool_page.summary", n=len(rank), eligible=eligible, ruleset=p.model.ruleset.name.get(lg),
                  profile=p.model.profile.name.get(lg)))
    tabs = st.tabs([t(f"pool_page.tab_{k}") for k in ("ranking", "distribution", "heatmap", "closest", "targets",
                                                        "detail")])
    with tabs[0]:
        pc.ranking_table(rank)
        pc.export(p, rows, flt if source is not None else None)  # the stored pool: from the store on any replica
    with tabs[1]:
        industry = flt.industries[0] if len(flt.industries) == 1 else ""
        pc.distribution(p, rows, industry)
    with tabs[2]:
        pc.heatmap(p, rows)
    with tabs[3]:
        pc.closest(p, rows)
    with tabs[4]:
        pc.targets(p, rows)
    with tabs[5]:
        pc.drilldown(p, rank)


if __name__ == "__main__":  # as a page script; other pages import render()
    render()
