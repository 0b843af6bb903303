"""培育库筛选 (cultivation-pool screening): import a pool, rank it, compare it with the district's plan targets.

Use as a page script (`st.Page("pages/pool.py")`) or call `render(town_filter=...)` from another page; a town
filter restricts everything on the page to those 镇街 (an official's jurisdiction). `source` is a pool built
elsewhere (an official's enterprises read from the store): it replaces the session's pool and the file intake is
left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from pages import pool_components as ui
from scoring.pool import Pool, apply_filter, ranking


def render(town_filter: Sequence[str] | None = None, source: Pool | None = None) -> None:
    st.title("🏭 绿色工厂培育库筛选")
    if source is not None:
        st.session_state["pool"] = source
        st.caption("辖区内各企业最近一次保存的自评价，按同一规则集和基准值评分、排名，找出最接近三星、四星的企业，"
                   "并对照区绿色制造规划目标。")
    else:
        st.caption("导入辖区企业的自评数据，按同一规则集和基准值评分、排名，找出最接近三星、四星的企业，并对照区绿色制造规划目标。")
    p = ui.pool()
    ui.rules(p)
    if source is None:
        ui.intake(p)
    if not len(p):
        st.info("资源池为空：请下载模板填写后导入，或载入虚构示例数据。" if source is None
                else "辖区内还没有企业保存过自评价。")
        return
    full = ranking(p)
    if town_filter is not None:
        full = full[full["town"].isin(town_filter)]
    flt = ui.filters(p, full, town_filter)
    rank = apply_filter(full, flt)
    rows = p.frame.index[p.frame["uscc"].isin(rank["uscc"])]  # type: ignore[union-attr]
    eligible = int(rank["eligible"].sum())
    st.markdown(f"**{len(rank)}** 家企业（满足基本要求 {eligible} 家）· 规则集：{p.model.ruleset.name.zh} · "
                f"方案：{p.model.profile.name.zh}")
    tabs = st.tabs(["📋 排名", "📊 指标分布", "🗺️ 镇街×维度", "🎯 最接近下一等级", "📈 区规划目标", "🔍 企业详情"])
    with tabs[0]:
        ui.ranking_table(rank)
        ui.export(p, rows)
    with tabs[1]:
        industry = flt.industries[0] if len(flt.industries) == 1 else ""
        ui.distribution(p, rows, industry)
    with tabs[2]:
        ui.heatmap(p, rows)
    with tabs[3]:
        ui.closest(p, rows)
    with tabs[4]:
        ui.targets(p, rows)
    with tabs[5]:
        ui.drilldown(p, rank)


def _main() -> None:
    """Run as its own app (`streamlit run pages/pool.py`). Reached by its address inside the wizard's server before
    the wizard's navigation took over (Streamlit's legacy pages/ folder mode on a fresh server), it hands over to
    the wizard's frame, so sign-in and the page sets apply."""
    from pathlib import Path

    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    main = Path(ctx.main_script_path) if ctx is not None else None
    if main is not None and main.resolve() != Path(__file__).resolve():
        st.switch_page(main.name)
    render()


if __name__ == "__main__":
    _main()
