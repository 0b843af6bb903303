"""Components of the pool page (views/pool.py): data intake, filters, tables, charts, drill-down.

Each reads the Pool (pool.model) and renders; numbers and rules come from scoring/, never from here.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from criteria import load_catalogue
from pool.demo import demo_bench, demo_pool
from pool.io import MAX_FILE_BYTES, build_template, export_ranked_xlsx, import_files, peek_template
from pool.model import (
    GRADE_SOURCE,
    Pool,
    RankFilter,
    closest_to_levels,
    indicator_summary,
    indicator_thresholds,
    indicator_values,
    plan_summary,
    town_dimension,
)
from pool.targets import district_progress, progress_frame
from scoring.engine import Settings
from scoring.io import dump_assessment
from scoring.models import Assessment, Result

S = st.session_state


def pool() -> Pool:
    if "pool" not in S:
        S["pool"] = Pool()
    return S["pool"]


def rules(p: Pool) -> None:
    """Rule-set, profile and (for the national profile) the administrator's score line."""
    cat = load_catalogue()
    if S.pop("pool-sync", False) or "pool-ruleset" not in S:  # the pool changed its rules (e.g. a template's)
        S["pool-ruleset"], S["pool-profile"] = p.model.ruleset.id, p.model.profile.id
    c1, c2, c3 = st.columns([3, 3, 2])
    rs = c1.selectbox("评价规则集", list(cat.rulesets), key="pool-ruleset", format_func=lambda i: cat.rulesets[i].name.zh)
    prof_ids = [pid for pid, pr in cat.profiles.items() if pr.allows(rs)]
    if S.get("pool-profile") not in prof_ids:
        S["pool-profile"] = prof_ids[0]
    prof = c2.selectbox("地方评价方案", prof_ids, key="pool-profile", format_func=lambda i: cat.profiles[i].name.zh)
    unset = [lv for lv in cat.profiles[prof].levels if lv.min_total.value is None]
    thresholds = dict(p.settings.level_thresholds or {})
    for lv in unset:
        v = c3.number_input(f"{lv.name.zh} 分数线（管理员录入）", min_value=0.0, max_value=100.0,
                            value=thresholds.get(lv.id), key=f"pool-thr-{lv.id}", help=lv.min_total.source)
        if v is None:
            thresholds.pop(lv.id, None)
        else:
            thresholds[lv.id] = float(v)
    settings = Settings(benchmarks=p.settings.benchmarks, level_thresholds=thresholds or None)
    if (rs, prof) != (p.model.ruleset.id, p.model.profile.id) or settings != p.settings:
        p.set_rules(rs, prof, settings)


def intake(p: Pool) -> None:
    """Template download, upload with progress and an error table, the demo pool, clearing."""
    with st.expander("导入数据 / 下载模板", expanded=not len(p)):
        c1, c2 = st.columns([3, 2])
        files = c1.file_uploader("上传培育库数据：一个 .xlsx 或 .csv，或多个向导导出的 .json（可打包成 .zip）",
                                 type=["xlsx", "csv", "json", "zip"], accept_multiple_files=True, key="pool-upload")
        c1.caption("单个文件不超过 50 MB。按统一社会信用代码更新已有企业，不会重复。")
        if c1.button("导入", type="primary", key="pool-import", disabled=not files):
            _import(p, files or [])
        c2.download_button("下载导入模板（当前规则集）", on_click="ignore", key="pool-template", file_name="培育库导入模板.xlsx",
                           data=lambda: build_template(p.model, p.bench if len(p.bench) else None),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        n = c2.number_input("示例企业数", min_value=5, max_value=5000, value=60, step=5, key="pool-demo-n")
        if c2.button("载入虚构示例数据", key="pool-demo"):
            p.frame = demo_pool(int(n), seed=0, ruleset_id=p.model.ruleset.id, profile_id=p.model.profile.id)
            p.bench = demo_bench(p.model.ruleset.id, p.model.profile.id)
            p.set_rules(p.ruleset or p.model.ruleset.id, p.profile or p.model.profile.id)
            S["pool-msg"] = ("info", f"已载入 {int(n)} 家虚构示例企业（示例企业，全部数据为随机生成，非真实企业）")
        if len(p) and c2.button("清空资源池", key="pool-clear"):
            S["pool"] = Pool(ruleset=p.ruleset, profile=p.profile, settings=p.settings)
            st.rerun()
    kind, msg = S.pop("pool-msg", (None, None))
    if msg:
        {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(msg)
    issues = S.get("pool-issues")
    if issues is not None and len(issues):
        with st.expander(f"导入问题（{len(issues)} 条）", expanded=True):
            st.dataframe(issues, hide_index=True, width="stretch")


def _import(p: Pool, files: Sequence) -> None:
    big = [f.name for f in files if f.size > MAX_FILE_BYTES]
    if big:
        S["pool-msg"] = ("error", f"文件超过 50 MB，未读取：{'、'.join(big)}（请拆分后分批导入）")
        return
    payload = [(f.name, f.getvalue()) for f in files]
    if len(payload) == 1:
        meta = peek_template(*payload[0][::-1])
        if meta.get("ruleset") and meta["ruleset"] != p.model.ruleset.id and not len(p):
            p.set_rules(meta["ruleset"], meta.get("profile"))  # an empty pool follows the template's rule-set
            S["pool-sync"] = True
    bar = st.progress(0.0, text="读取文件…")
    res = import_files(payload, p.model, default_year=p.year, progress=lambda f, m: bar.progress(min(f, 1.0), text=m))
    bar.empty()
    S["pool-issues"] = res.issues_frame() if res.issues else None
    if res.blocked:
        S["pool-msg"] = ("error", res.summary())
        return
    rep = p.upsert(res)
    notes = "；".join(res.notices[:3])
    S["pool-msg"] = ("success" if not res.rejected_rows else "warning",
                     f"{res.summary()}。{rep.text()}" + (f"。{notes}" if notes else ""))


def filters(p: Pool, rank: pd.DataFrame, towns: Sequence[str] | None) -> RankFilter:
    m = p.model
    town_names = dict(m.accepted["town"].choices)
    allowed = [t for t in town_names if towns is None or t in towns]
    ind_names = dict(m.accepted["industry"].choices)
    present = [i for i in ind_names if i in set(rank["industry"].dropna())]
    levels = [lv.id for lv in m.profile.levels] + [""]
    lv_names = {lv.id: lv.name.zh for lv in m.profile.levels} | {"": "未达到"}
    c = st.columns(3)
    sel_towns = c[0].multiselect("镇街", allowed, format_func=town_names.get, key="pool-f-town", placeholder="全部镇街")
    sel_ind = c[1].multiselect("行业", present, format_func=ind_names.get, key="pool-f-industry", placeholder="全部行业")
    sel_lv = c[2].multiselect("等级", levels, format_func=lv_names.get, key="pool-f-level", placeholder="全部等级")
    c = st.columns(3)
    elig = c[0].checkbox("仅看满足基本要求的企业", key="pool-f-eligible")
    ev = c[1].checkbox("仅看缺证明材料的企业", key="pool-f-evidence")
    return RankFilter(tuple(sel_towns) or (tuple(allowed) if towns is not None else ()), tuple(sel_ind),
                      tuple(sel_lv), elig, ev)


RANK_COLUMNS = {"rank": "名次", "name": "企业名称", "town_name": "镇街", "industry_name": "行业", "total": "总分",
                "eligible": "满足基本要求", "level_name": "当前等级", "grade_pool": "池内相对等级",
                "grade_industry": "行业内相对等级", "next_level_name": "下一等级", "distance_to_next": "差距（分）",
                "missing_count": "缺失项", "evidence_missing": "缺证明材料", "uscc": "统一社会信用代码"}


def ranking_table(rank: pd.DataFrame) -> None:
    view = rank[list(RANK_COLUMNS)].rename(columns=RANK_COLUMNS)
    view["当前等级"] = view["当前等级"].fillna("未达到")
    view["满足基本要求"] = view["满足基本要求"].map({True: "是", False: "否"})
    st.dataframe(view, hide_index=True, width="stretch", key="pool-ranking",
                 column_config={"总分": st.column_config.NumberColumn(format="%.2f"),
                                "差距（分）": st.column_config.NumberColumn(format="%.2f")})
    st.caption(f"相对等级只在满足基本要求的企业中评定：前 5% 为 A+、其后 35% 为 A、其余为 B，同分同级。{GRADE_SOURCE}")


def distribution(p: Pool, rows: pd.Index, industry: str) -> None:
    vals = indicator_values(p, rows)
    if vals.empty:
        st.info("所选企业没有可计算的定量指标。")
        return
    names = dict(zip(vals["indicator"], vals["name"], strict=False))
    ind = st.selectbox("指标", list(names), format_func=names.get, key="pool-dist-indicator")
    data = vals[vals["indicator"] == ind]
    thr = indicator_thresholds(p, industry)
    row = thr[thr["indicator"] == ind].iloc[0]
    unit = data["unit"].iloc[0]
    bars = alt.Chart(data).mark_bar(color="#5B8FF9").encode(
        x=alt.X("value:Q", bin=alt.Bin(maxbins=30), title=f"{names[ind]}（{unit}）"),
        y=alt.Y("count():Q", title="企业数"))
    marks = pd.DataFrame([{"v": row[k], "label": lab} for k, lab in (("baseline", "基准值"), ("leading", "引领值"))
                          if pd.notna(row[k])])
    chart: alt.Chart | alt.LayerChart = bars
    if not marks.empty:
        rules_ = alt.Chart(marks).mark_rule(strokeWidth=2, strokeDash=[6, 3]).encode(
            x="v:Q", color=alt.Color("label:N", title="", scale=alt.Scale(domain=["基准值", "引领值"],
                                                                           range=["#E8684A", "#2E9E5B"])))
        chart = bars + rules_
    st.altair_chart(chart.properties(height=300), width="stretch")
    st.caption("虚线为该指标的基准值（0 分）与引领值（满分）" + (f"（行业 {industry}）" if industry else "（全部行业的取值）")
               + f"；{len(data)} 家企业有该指标的数值。")


def heatmap(p: Pool, rows: pd.Index) -> None:
    m = town_dimension(p, rows)
    if m.empty:
        st.info("没有数据。")
        return
    base = alt.Chart(m).encode(x=alt.X("dimension_name:N", title="维度", sort=None),
                               y=alt.Y("town_name:N", title="镇街"))
    rect = base.mark_rect().encode(color=alt.Color("rate:Q", title="平均得分率（%）",
                                                   scale=alt.Scale(scheme="greens", domain=[0, 100])),
                                   tooltip=["town_name", "dimension_name", "rate", "n"])
    text = base.mark_text(fontSize=11).encode(text=alt.Text("rate:Q", format=".0f"))
    st.altair_chart((rect + text).properties(height=max(220, 26 * m["town"].nunique())), width="stretch")
    st.caption("单元格为该镇街企业在该维度的平均得分率（维度得分 ÷ 维度权重）。")


def closest(p: Pool, rows: pd.Index) -> None:
    table = closest_to_levels(p, per_level=5, usccs=p.frame.loc[rows, "uscc"])  # type: ignore[union-attr]
    if table.empty:
        st.info("所选方案的等级没有分数线，或所有企业都已达到最高等级。")
        return
    view = table.rename(columns={"level_name": "目标等级", "name": "企业名称", "town_name": "镇街", "total": "总分",
                                 "gap": "差距（分）", "eligible": "满足基本要求", "steps": "步骤数",
                                 "cost": "工作量", "actions": "最省力的改进措施"})
    st.dataframe(view[["目标等级", "企业名称", "镇街", "总分", "差距（分）", "满足基本要求", "步骤数", "工作量",
                       "最省力的改进措施"]], hide_index=True, width="stretch")
    st.caption("按距分数线的差距排序（满足基本要求的优先）；措施来自改进方案（先补否决项，再按工作量最小凑足分数；"
               "工作量按 低=1、中=3、高=9 估算）。")


def targets(p: Pool, rows: pd.Index) -> None:
    growth = [t for t in p.cat.district.targets if t.metric == "cleaner_production_audit_count"]
    previous = {}
    if growth:
        prev = st.number_input("上年已通过清洁生产审核的企业数（用于判断年度增长率）", min_value=0, value=None,
                               step=1, key="pool-prev-cp")
        if prev:
            previous[growth[0].id] = float(prev)
    items = district_progress(p.frame.loc[rows], p.scores().loc[rows], p.model.profile, p.cat.district,  # type: ignore[union-attr]
                              previous=previous)
    cols = st.columns(len(items) or 1)
    for c, it in zip(cols, items, strict=False):
        c.metric(it.name, it.value_text, help=it.basis)
        c.caption(f"目标 {'—' if it.target is None else f'{it.target:g} {it.unit}'} · {it.status_zh}")
    st.dataframe(progress_frame(items), hide_index=True, width="stretch")


def drilldown(p: Pool, rank: pd.DataFrame) -> None:
    if rank.empty:
        return
    labels = dict(zip(rank["uscc"], rank["rank"].astype(str) + ". " + rank["name"], strict=True))
    code = st.selectbox("企业", list(labels), format_func=labels.get, key="pool-detail")
    a = p.assessment(code)
    r = p.result(code)
    c = st.columns(4)
    c[0].metric("总分", f"{r.total:.2f}")
    c[1].metric("等级", r.level_name or "未达到")
    c[2].metric("基本要求", "满足" if r.eligible else "不满足")
    c[3].metric("距下一等级", "—" if r.distance_to_next is None else f"{r.distance_to_next:.2f} 分")
    st.dataframe(pd.DataFrame({"维度": [d.name for d in r.dimensions], "得分": [round(d.score, 2) for d in r.dimensions],
                               "满分": [d.max for d in r.dimensions]}), hide_index=True)
    gaps = pd.DataFrame([{"类型": g.kind, "项目": g.name, "可提升（分）": round(g.recoverable, 2), "问题": g.problem,
                          "工作量": g.effort} for g in r.gaps[:15]])
    if not gaps.empty:
        st.dataframe(gaps, hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    d1.download_button("下载该企业的差距报告（PDF）", on_click="ignore", key="pool-pdf", file_name=f"{code}-差距报告.pdf",
                       mime="application/pdf", data=lambda: _pdf(a, r))
    d2.download_button("下载该企业的评价数据（JSON，可在向导中打开）", on_click="ignore", key="pool-json", file_name=f"{code}.json",
                       mime="application/json", data=dump_assessment(a))


def _pdf(a: Assessment, r: Result) -> bytes:
    from report import build_report  # imported on click: reportlab and the font load only when needed

    return build_report(a, r)


def export(p: Pool, rows: pd.Index) -> None:
    def build() -> bytes:
        sub = Pool(ruleset=p.ruleset, profile=p.profile, year=p.year, frame=p.frame.loc[rows], bench=p.bench,  # type: ignore[union-attr]
                   settings=p.settings)
        items = district_progress(sub.frame, sub.scores(), sub.model.profile, sub.cat.district)  # type: ignore[arg-type]
        return export_ranked_xlsx([("培育计划汇总表", plan_summary(sub)), ("绩效指标汇总表", indicator_summary(sub)),
                                   ("区规划目标", progress_frame(items))], sub.model, sub.frame, sub.bench,  # type: ignore[arg-type]
                                  [f"导出范围：{len(sub)} 家企业（按页面筛选条件）"])
    st.download_button("导出排名（Excel：培育计划汇总表、绩效指标汇总表）", on_click="ignore", key="pool-export", data=build,
                       file_name="培育库排名.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
