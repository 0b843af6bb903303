"""Components of the pool page (views/pool.py): data intake, filters, tables, charts, drill-down.

Each reads the Pool (pool.model) and renders; numbers and rules come from scoring/, never from here.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from criteria import load_catalogue
from criteria.rules import GRADE_SOURCE, MAX_FILE_BYTES
from locales import msg
from pool.analysis import (
    RankFilter,
    closest_to_levels,
    indicator_thresholds,
    indicator_values,
    town_dimension,
)
from pool.demo import demo_bench, demo_pool
from pool.intake import import_files, peek_template
from pool.messages import Joined, pmsg
from pool.model import Pool
from pool.targets import district_progress, progress_frame, target_text
from pool.validation import issues_frame
from pool.workbook import build_template
from scoring.io import dump_assessment
from scoring.models import Assessment, Result
from ui import confirm, downloads, pool_routes, results_view
from ui.catalogue import profiles_for, ruleset_ids
from ui.fmt import label_of, md
from ui.i18n import lang, say_msg, t
from ui.upload_budget import charge as upload_charge

S = st.session_state


def pool() -> Pool:
    if "pool" not in S:
        S["pool"] = Pool()
    return S["pool"]


def _names(p: Pool) -> tuple[dict[str, str], dict[str, str]]:
    """Town and industry names in the page's language (catalogue names; Chinese where there is no English)."""
    lg = lang()
    towns = {tw.id: tw.name.get(lg) for tw in p.cat.district.towns}
    industries = {i.code: i.name.get(lg) for i in p.cat.reference.industries}
    return towns, industries


def rules(p: Pool) -> None:
    """Rule-set, profile and (for the national profile) the administrator's score line."""
    cat, lg = load_catalogue(), lang()
    if S.pop("pool-sync", False) or "pool-ruleset" not in S:  # the pool changed its rules (e.g. a template's)
        S["pool-ruleset"], S["pool-profile"] = p.model.ruleset.id, p.model.profile.id
    c1, c2, c3 = st.columns([3, 3, 2])
    rs = c1.selectbox(t("select.ruleset"), ruleset_ids(), key="pool-ruleset",
                      format_func=lambda i: cat.rulesets[i].name.get(lg), placeholder=t("input.choose"))
    prof_ids = [pr.id for pr in profiles_for(rs)]  # the district's default first
    if S.get("pool-profile") not in prof_ids:
        S["pool-profile"] = prof_ids[0]
    prof = c2.selectbox(t("select.profile"), prof_ids, key="pool-profile",
                        format_func=lambda i: cat.profiles[i].name.get(lg), placeholder=t("input.choose"))
    unset = [lv for lv in cat.profiles[prof].levels if lv.min_total.value is None]
    thresholds = dict(p.settings.level_thresholds or {})
    for lv in unset:
        v = c3.number_input(t("pool_page.threshold", level=lv.name.get(lg)), min_value=0.0, max_value=100.0,
                            value=thresholds.get(lv.id), key=f"pool-thr-{lv.id}", help=lv.min_total.source)
        if v is None:
            thresholds.pop(lv.id, None)
        else:
            thresholds[lv.id] = float(v)
    pool_routes.apply_rules(p, rs, prof, thresholds)


def intake(p: Pool) -> None:
    """Template download, upload with progress and an error table, the demo pool, clearing."""
    # open while the pool is empty, and while 清空资源池 asks (a rerun would fold it over the question)
    with st.expander(t("pool_page.intake"), expanded=not len(p) or confirm.is_open("pool-clear")):
        c1, c2 = st.columns([3, 2])
        files = c1.file_uploader(t("pool_page.upload"), type=["xlsx", "csv", "json", "zip"],
                                 accept_multiple_files=True, key="pool-upload")
        c1.caption(t("pool_page.upload_note"))
        if c1.button(t("pool_page.import"), type="primary", key="pool-import", disabled=not files):
            _import(p, files or [])
        bench = p.bench if len(p.bench) else None  # a pool's own benchmarks exist in this session only
        downloads.offer(t("pool_page.template"), key="pool-template", file_name=t("pool_page.template_file"),
                        url=None if bench is not None else pool_routes.template_url(
                            p.model.ruleset.id, p.model.profile.id, lang=lang()),
                        data=lambda: build_template(p.model, bench), mime=pool_routes.XLSX, where=c2)
        n = c2.number_input(t("pool_page.demo_n"), min_value=5, max_value=5000, value=60, step=5, key="pool-demo-n")
        if c2.button(t("pool_page.demo"), key="pool-demo"):
            p.frame = demo_pool(int(n), seed=0, ruleset_id=p.model.ruleset.id, profile_id=p.model.profile.id)
            p.bench = demo_bench(p.model.ruleset.id, p.model.profile.id)
            p.set_rules(p.ruleset or p.model.ruleset.id, p.profile or p.model.profile.id)
            S["pool-msg"] = ("info", msg("pool_page.demo_loaded", n=int(n)))
        if len(p):
            confirm.button(t("pool_page.clear"), key="pool-clear", action=_clear, args=(p,), where=c2,
                           question=t("pool_page.clear_question", n=len(p)), confirm_label=t("pool_page.clear_yes"))
    kind, note = S.pop("pool-msg", (None, None))  # a message (locales.Msg), worded now in the page's language
    if note:
        {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(md(note))
    issues = S.get("pool-issues")  # the last import's issues (pool.validation.Issue), worded at display
    if issues:
        with st.expander(t("pool_page.issues", n=len(issues)), expanded=True):
            st.dataframe(issues_frame(issues, lang()), hide_index=True, width="stretch")


def _clear(p: Pool) -> None:
    """An empty pool with the same rules (on 确认清空)."""
    S["pool"] = Pool(ruleset=p.ruleset, profile=p.profile, settings=p.settings)
    S.pop("pool-issues", None)
    S["pool-msg"] = ("info", msg("pool_page.cleared", n=len(p)))


def _import(p: Pool, files: Sequence) -> None:
    big = [f.name for f in files if f.size > MAX_FILE_BYTES]
    if big:
        S["pool-msg"] = ("error", msg("pool_page.too_big", names=Joined(tuple(big))))
        return
    if (over := upload_charge(sum(f.size for f in files))) is not None:
        S["pool-msg"] = ("error", over)
        return
    payload = [(f.name, f.getvalue()) for f in files]
    if len(payload) == 1:
        meta = peek_template(*payload[0][::-1])
        if meta.get("ruleset") and meta["ruleset"] != p.model.ruleset.id and not len(p):
            p.set_rules(meta["ruleset"], meta.get("profile"))  # an empty pool follows the template's rule-set
            S["pool-sync"] = True
    bar = st.progress(0.0, text=t("pool_page.reading"))

    def progress(f: float, m: object) -> None:
        bar.progress(min(f, 1.0), text=md(m))  # type: ignore[arg-type]

    res = import_files(payload, p.model, default_year=p.year, progress=progress)
    bar.empty()
    S["pool-issues"] = res.issues or None
    if res.blocked:
        S["pool-msg"] = ("error", res.summary())
        return
    rep = p.upsert(res)
    notes = Joined(tuple(res.notices[:3]), "clause")
    S["pool-msg"] = ("success" if not res.rejected_rows else "warning",
                     pmsg("page.imported_notes" if res.notices else "page.imported", summary=res.summary(),
                          upsert=rep.summary(), notes=notes))


def filters(p: Pool, rank: pd.DataFrame, towns: Sequence[str] | None) -> RankFilter:
    m, lg = p.model, lang()
    town_labels, labels = dict(m.accepted["town"].choices), dict(m.accepted["industry"].choices)
    if lg != "zh":
        towns_lg, inds_lg = _names(p)
        town_labels = {k: towns_lg.get(k, v) for k, v in town_labels.items()}
        labels = {k: f"{k} {inds_lg[k]}" if k in inds_lg else v for k, v in labels.items()}
    allowed = [tw for tw in town_labels if towns is None or tw in towns]
    present = [i for i in labels if i in set(rank["industry"].dropna())]
    levels = [lv.id for lv in m.profile.levels] + [""]
    lv_names = {lv.id: lv.name.get(lg) for lv in m.profile.levels} | {"": t("pool_page.no_level")}
    c = st.columns(3)
    sel_towns = c[0].multiselect(t("pool_page.town"), allowed, format_func=label_of(town_labels),
                                 key="pool-f-town", placeholder=t("pool_page.all_towns"))
    sel_ind = c[1].multiselect(t("pool_page.industry"), present, key="pool-f-industry",
                               format_func=label_of(labels),
                               placeholder=t("pool_page.all_industries"))
    sel_lv = c[2].multiselect(t("pool_page.level"), levels, format_func=label_of(lv_names), key="pool-f-level",
                              placeholder=t("pool_page.all_levels"))
    c = st.columns(3)
    elig = c[0].checkbox(t("pool_page.eligible_only"), key="pool-f-eligible")
    ev = c[1].checkbox(t("pool_page.evidence_only"), key="pool-f-evidence")
    return RankFilter(tuple(sel_towns) or (tuple(allowed) if towns is not None else ()), tuple(sel_ind),
                      tuple(sel_lv), elig, ev)


RANK_COLUMNS = ("rank", "name", "town_name", "industry_name", "total", "range", "eligible", "level_name", "grade_pool",
                "grade_industry", "next_level_name", "distance_to_next", "missing_count", "self_reported",
                "evidence_missing", "uscc")


def _level_names(p: Pool) -> dict[str, str]:
    lg = lang()
    return {lv.id: lv.name.get(lg) for lv in p.model.profile.levels}


def in_language(p: Pool, rank: pd.DataFrame) -> pd.DataFrame:
    """The ranking with catalogue names (towns, industries, levels) in the page's language."""
    if lang() == "zh" or rank.empty:
        return rank
    towns, industries = _names(p)
    levels = _level_names(p)
    by_name = {lv.name.zh: lv.id for lv in p.model.profile.levels}
    out = rank.copy()
    out["town_name"] = out["town"].map(lambda v: towns.get(v, v))
    out["industry_name"] = out["industry"].map(lambda v: industries.get(v, v) if isinstance(v, str) else v)
    out["level_name"] = out["level"].map(lambda v: levels.get(v, pd.NA) if isinstance(v, str) and v else pd.NA)
    out["next_level_name"] = out["next_level_name"].map(
        lambda v: levels.get(by_name.get(v, ""), v) if isinstance(v, str) else v)
    out["possible_level_name"] = out["possible_level_name"].map(
        lambda v: levels.get(by_name.get(v, ""), v) if isinstance(v, str) else v)
    return out


def _with_range(rank: pd.DataFrame) -> pd.DataFrame:
    """The range a total can still reach while yardsticks are missing or values unconfirmed, and 可能达到."""
    out = rank.copy()
    open_ = out["range_max"] > out["range_min"] + 1e-9
    out["range"] = [f"{lo:.2f}–{hi:.2f}" if o else "" for lo, hi, o in
                    zip(out["range_min"], out["range_max"], open_, strict=True)]
    possible = (out["level_status"] == "possible") & out["possible_level_name"].notna()
    out.loc[possible, "level_name"] = [t("results.level_possible", level=results_view.short_level(v))
                                       for v in out.loc[possible, "possible_level_name"]]
    return out


def ranking_table(rank: pd.DataFrame) -> None:
    heads = {c: t(f"pool_page.col.{c}") for c in RANK_COLUMNS}
    view = _with_range(rank)[list(RANK_COLUMNS)].rename(columns=heads)
    view[heads["level_name"]] = view[heads["level_name"]].fillna(t("pool_page.no_level"))
    view[heads["eligible"]] = view[heads["eligible"]].map({True: t("common.yes"), False: t("common.no")})
    st.dataframe(view, hide_index=True, width="stretch", key="pool-ranking",
                 column_config={heads["total"]: st.column_config.NumberColumn(format="%.2f"),
                                heads["distance_to_next"]: st.column_config.NumberColumn(format="%.2f")})
    st.caption(t("pool_page.grades_note", source=GRADE_SOURCE if lang() == "zh" else t("pool_page.grades_source")))


def distribution(p: Pool, rows: pd.Index, industry: str) -> None:
    vals = indicator_values(p, rows)
    if vals.empty:
        st.info(t("pool_page.no_values"))
        return
    rs, lg = p.model.ruleset, lang()
    names = {i: (item.name.get(lg) if (item := rs.item(i)) else n)
             for i, n in zip(vals["indicator"], vals["name"], strict=False)}
    ind = st.selectbox(t("pool_page.indicator"), list(names), format_func=label_of(names), key="pool-dist-indicator",
                       placeholder=t("input.choose"))
    data = vals[vals["indicator"] == ind]
    thr = indicator_thresholds(p, industry)
    row = thr[thr["indicator"] == ind].iloc[0]
    unit = data["unit"].iloc[0]
    baseline, leading = t("pool_page.baseline"), t("pool_page.leading")
    bars = alt.Chart(data).mark_bar(color="#5B8FF9").encode(
        x=alt.X("value:Q", bin=alt.Bin(maxbins=30), title=t("pool_page.axis_value", name=names[ind], unit=unit)),
        y=alt.Y("count():Q", title=t("pool_page.axis_count")))
    marks = pd.DataFrame([{"v": row[k], "label": lab} for k, lab in (("baseline", baseline), ("leading", leading))
                          if pd.notna(row[k])])
    chart: alt.Chart | alt.LayerChart = bars
    if not marks.empty:
        rules_ = alt.Chart(marks).mark_rule(strokeWidth=2, strokeDash=[6, 3]).encode(
            x="v:Q", color=alt.Color("label:N", title="", scale=alt.Scale(domain=[baseline, leading],
                                                                           range=["#E8684A", "#2E9E5B"])))
        chart = bars + rules_
    st.altair_chart(chart.properties(height=300), width="stretch")
    scope = t("pool_page.dist_industry", industry=md(industry)) if industry else t("pool_page.dist_all")
    st.caption(t("pool_page.dist_note", scope=scope, n=len(data)))


def heatmap(p: Pool, rows: pd.Index) -> None:
    m = town_dimension(p, rows)
    if m.empty:
        st.info(t("pool_page.no_data"))
        return
    if lang() != "zh":
        towns, _ = _names(p)
        dims = {d.id: d.name.get(lang()) for d in p.model.ruleset.dimensions}
        m = m.assign(town_name=m["town"].map(lambda v: towns.get(v, v)), dimension_name=m["dimension"].map(dims))
    base = alt.Chart(m).encode(x=alt.X("dimension_name:N", title=t("pool_page.dimension"), sort=None),
                               y=alt.Y("town_name:N", title=t("pool_page.town"),
                                       axis=alt.Axis(labelOverlap=False, labelLimit=240)))  # every town labelled
    rect = base.mark_rect().encode(color=alt.Color("rate:Q", title=t("pool_page.mean_rate"),
                                                   scale=alt.Scale(scheme="greens", domain=[0, 100])),
                                   tooltip=[alt.Tooltip("town_name:N", title=t("pool_page.town")),
                                            alt.Tooltip("dimension_name:N", title=t("pool_page.dimension")),
                                            alt.Tooltip("rate:Q", title=t("pool_page.mean_rate"), format=".1f"),
                                            alt.Tooltip("n:Q", title=t("pool_page.heatmap_n"))])
    text = base.mark_text(fontSize=11).encode(text=alt.Text("rate:Q", format=".0f"))
    st.altair_chart((rect + text).properties(height=max(220, 26 * m["town"].nunique())), width="stretch")
    st.caption(t("pool_page.heatmap_note"))


CLOSEST_COLUMNS = ("level_name", "name", "town_name", "total", "gap", "eligible", "steps", "cost", "actions")


def closest(p: Pool, rows: pd.Index) -> None:
    table = closest_to_levels(p, per_level=5, lang=lang(), usccs=p.frame.loc[rows, "uscc"])
    if table.empty:
        st.info(t("pool_page.closest_none"))
        return
    if lang() != "zh":
        towns, _ = _names(p)
        town_of = dict(zip(p.frame["uscc"], p.frame["town"], strict=False))
        table = table.assign(town_name=table["uscc"].map(lambda u: towns.get(town_of[u], town_of[u])))
    table = table.assign(eligible=table["eligible"].map({True: t("common.yes"), False: t("common.no")}),
                         actions=table["actions"].map(say_msg))
    view = table[list(CLOSEST_COLUMNS)].rename(columns={c: t(f"pool_page.closest_col.{c}") for c in CLOSEST_COLUMNS})
    st.dataframe(view, hide_index=True, width="stretch")
    st.caption(t("pool_page.closest_note"))


def targets(p: Pool, rows: pd.Index) -> None:
    growth = [tg for tg in p.cat.district.targets if tg.metric == "cleaner_production_audit_count"]
    previous = {}
    if growth:
        prev = st.number_input(t("pool_page.prev_cp"), min_value=0, value=None, step=1, key="pool-prev-cp")
        if prev:
            previous[growth[0].id] = float(prev)
    items = district_progress(p.frame.loc[rows], p.scores().loc[rows], p.model.profile, p.cat.district,
                              previous=previous)
    lg = lang()
    cols = st.columns(len(items) or 1)
    for c, it in zip(cols, items, strict=False):
        c.metric(it.name.get(lg), say_msg(it.value_text), help=say_msg(it.basis))
        c.caption(t("pool_page.target_line", target=target_text(lg, it), status=t(f"pool_page.status.{it.status}")))
    st.dataframe(progress_frame(items, lg), hide_index=True, width="stretch")


def drilldown(p: Pool, rank: pd.DataFrame) -> None:
    if rank.empty:
        return
    labels = dict(zip(rank["uscc"], rank["rank"].astype(str) + ". " + rank["name"], strict=True))
    code = st.selectbox(t("pool_page.enterprise"), list(labels), format_func=label_of(labels), key="pool-detail",
                        placeholder=t("input.choose"))
    a = p.assessment(code)
    r = p.result(code)
    c = st.columns(4)
    c[0].metric(t("pool_page.total"), f"{r.total:.2f}")
    c[1].metric(t("pool_page.level"), say_msg(r.level_name) or t("pool_page.no_level"))
    c[2].metric(t("pool_page.requirements"), t("pool_page.met") if r.eligible else t("pool_page.not_met"))
    c[3].metric(t("pool_page.to_next"), "—" if r.distance_to_next is None
                else t("pool_page.points", v=f"{r.distance_to_next:.2f}"))
    results_view.range_notice(r)
    results_view.yardstick_basis(r)  # the district set, quota items and 企业自报 items, as the enterprise sees them
    st.dataframe(pd.DataFrame({t("pool_page.dimension"): [say_msg(d.name) for d in r.dimensions],
                               t("pool_page.score"): [round(d.score, 2) for d in r.dimensions],
                               t("pool_page.max"): [d.max for d in r.dimensions]}), hide_index=True)
    gaps = pd.DataFrame([{t("pool_page.gap_col.kind"): t(f"gap.{g.kind}"), t("pool_page.gap_col.item"): say_msg(g.name),
                          t("pool_page.gap_col.points"): round(g.recoverable, 2), t("pool_page.gap_col.problem"): say_msg(g.problem),
                          t("pool_page.gap_col.effort"): t(f"effort.{g.effort}")} for g in r.gaps[:15]])
    if not gaps.empty:
        st.dataframe(gaps, hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    aid = a.id if code in p.stored else None  # a stored enterprise: its report and JSON come from the store
    downloads.report_pdf(t("pool_page.pdf"), aid=aid, key="pool-pdf", file_name=t("pool_page.pdf_file", code=code),
                         data=lambda: _pdf(a, r), where=d1)
    downloads.assessment_json(t("pool_page.json"), aid=aid, key="pool-json", file_name=f"{code}.json",
                              data=lambda: dump_assessment(a).encode("utf-8"), where=d2)


def _pdf(a: Assessment, r: Result) -> bytes:
    from report import build_report  # imported on click: reportlab and the font load only when needed

    return build_report(a, r, lang=lang())


def export(p: Pool, rows: pd.Index, route: RankFilter | None = None) -> None:
    """The ranked export of ``rows``. ``route``: the page's filter when ``p`` is the official's stored pool, which
    the download route rebuilds from the store on any replica (an uploaded pool is built here, on click)."""
    url = None if route is None else pool_routes.ranked_url(pool_routes.Rules(
        p.model.ruleset.id, p.model.profile.id, dict(p.settings.level_thresholds or {})), route, lang=lang())
    downloads.offer(t("pool_page.export"), url=url, key="pool-export", data=lambda: pool_routes.ranked_workbook(p, rows),
                    file_name=t("pool_page.export_file"), mime=pool_routes.XLSX)
