"""培育库筛选 (cultivation-pool screening): import a pool, rank it, compare it with the district's plan targets.

Use as a page script (`st.Page("views/pool.py")`) or call `render(town_filter=...)` from another page; a town
filter restricts everything on the page to those 镇街 (an official's jurisdiction). `source` is a pool built
elsewhere (an official's enterprises read from the store): it replaces the session's pool and the file intake is
left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from pool.model import Pool, apply_filter, ranking
from ui import pool_components as pc


def render(town_filter: Sequence[str] | None = None, source: Pool | None = None) -> None:
    st.title("绿色工厂培育库筛选")
    if source is not None:
        st.session_state["pool"] = source
        st.caption("辖区内各企业最近一次保存的自评价，按同一规则集和基准值评分、排名，找出最接近三星、四星的企业，"
                   "并对照区绿色制造规划目标。")
    else:
        st.caption("导入辖区企业的自评数据，按同一规则集和基准值评分、排名，找出最接近三星、四星的企业，并对照区绿色制造规划目标。")
    p = pc.pool()
    pc.rules(p)
    if source is None:
        pc.intake(p)
    if not len(p):
        st.info("资源池为空：请下载模板填写后导入，或载入虚构示例数据。" if source is None
                else "辖区内还没有企业保存过自评价。")
        return
    full = ranking(p)
    if town_filter is not None:
        full = full[full["town"].isin(town_filter)]
    flt = pc.filters(p, full, town_filter)
    rank = apply_filter(full, flt)
    rows = p.frame.index[p.frame["uscc"].isin(rank["uscc"])]  # type: ignore[union-attr]
    eligible = int(rank["eligible"].sum())
    st.markdown(f"**{len(rank)}** 家企业（满足基本要求 {eligible} 家）· 规则集：{p.model.ruleset.name.zh} · "
                f"方案：{p.model.profile.name.zh}")
    tabs = st.tabs(["排名", "指标分布", "镇街×维度", "最接近下一等级", "区规划目标", "企业详情"])
    with tabs[0]:
        pc.ranking_table(rank)
        pc.export(p, rows)
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
