"""Sections of the results page, each rendering a part of the engine's Result (and scoring.whatif's plan)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from criteria.schema import Text
from scoring.models import Assessment, Gap, IndicatorResult, Result
from store import StoreError
from ui import yardsticks, year_change
from ui.catalogue import catalogue
from ui.fmt import confidence, label_of, local_time, md, num, origin, unit
from ui.i18n import lang, say_msg, t


def eligibility(result: Result) -> None:
    failed = [g for g in result.gates if g.state == "fail"]
    failed_items = [i for i in result.indicators if i.id in result.failed_gates]
    if failed or failed_items:
        lines = [f"- {md(g.name)}：{md(g.reason)}" for g in failed]
        lines += [f"- {md(i.name)}：{t('results.mandatory_failed')}" for i in failed_items]
        st.error(t("results.not_eligible") + "\n" + "\n".join(lines))
    elif not result.eligible:
        st.warning(t("results.gates_open", n=sum(1 for g in result.gates if g.state == "unanswered")))
    else:
        st.success(t("results.eligible"))


def _tile(container: DeltaGenerator, label: str, value: str, note: str = "") -> None:
    """A bordered figure whose text wraps (st.metric cuts long level names such as 四星（可推荐参评，市级绿色工厂）)."""
    with container, st.container(border=True, height="stretch"):
        st.caption(label)
        st.markdown(f"### {value}")
        if note:
            st.caption(note)


def _open_range(result: Result) -> bool:
    return result.range is not None and result.range.max > result.range.min + 1e-9


def short_level(name: Text | str | None) -> str:
    """四星（可推荐参评，市级绿色工厂） → 四星: the level's own name without its explanation."""
    return say_msg(name).split("（", 1)[0].split(" (", 1)[0]


def level_text(result: Result) -> str:
    """已达到 X / 可能达到 Y（待补基准值或待核实数据）/ 未达到, as the sidebar and the ranking say it."""
    if result.level_status == "possible" and result.possible_level_name:
        return t("results.level_possible", level=short_level(result.possible_level_name))
    return say_msg(result.level_name) or t("sb.no_level")


def headline(result: Result) -> None:
    a, b, c = st.columns(3)
    with a, st.container(border=True, height="stretch"):
        st.metric(t("results.total"), f"{result.total:.2f}", help=t("results.total_help", max=f"{result.max_total:g}"))
        if _open_range(result):
            assert result.range is not None
            st.caption(t("results.range_short", lo=f"{result.range.min:.2f}", hi=f"{result.range.max:.2f}"))
    if result.level_status == "possible" and result.possible_level_name:
        note = t("results.level_possible_note") + (
            "；" + t("results.level_reached_note", level=say_msg(result.level_name)) if result.level_name else "")
        _tile(b, t("results.level_possible_label"), short_level(result.possible_level_name), note)
    else:
        _tile(b, t("results.level"), say_msg(result.level_name) or t("sb.no_level"))
    if result.next_level_name and result.distance_to_next is not None:
        _tile(c, t("results.to_next"), t("results.points_short", points=f"{result.distance_to_next:.2f}"),
              t("results.next_level", level=say_msg(result.next_level_name)))
    elif result.next_level_name:
        _tile(c, t("results.to_next"), "—", t("sb.next_unknown", level=say_msg(result.next_level_name)))
    else:
        _tile(c, t("results.to_next"), "—", t("results.whatif_all"))
    rows = [{t("results.col_level"): say_msg(lv.name),
             t("results.col_threshold"): "—" if lv.min_total is None else f"{lv.min_total:g}",
             t("results.col_reached"): ("✓ " + (t("results.via_fast") if lv.via not in ("", "score") else ""))
             if lv.reached else ""} for lv in result.levels]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="content")
    if not result.complete:
        with st.expander(t("results.incomplete", n=len(result.missing))):
            st.markdown("\n".join(f"- {md(m)}" for m in result.missing))


def range_notice(result: Result) -> None:
    """While yardsticks are missing or values unconfirmed: the confirmed total and what it can still reach."""
    if not _open_range(result):
        return
    assert result.range is not None
    names = {r.id: r.name for r in result.indicators}
    items = t("common.list_sep").join(md(names.get(i, i)) for i in result.range.open_items)
    st.info(t("results.range", lo=f"{result.range.min:.2f}", hi=f"{result.range.max:.2f}",
              n=len(result.range.open_items), items=items))


def standard_line(result: Result) -> str:
    """Which edition of GB/T 36132 and which rule-set (and its version) the result was scored with, and the profile."""
    rs = catalogue().rulesets.get(result.ruleset)
    return t("results.standard_line", edition=rs.edition if rs else "", ruleset=md(result.ruleset_name),
             version=result.ruleset_version, profile=md(result.profile_name))


def profile_basis(result: Result) -> None:
    """The profile's caveat on how its level follows from the score (宁波: the national score against 75/85 because
    the Ningbo point table is unpublished), as a notice beside the level, not small print."""
    prof = catalogue().profiles.get(result.profile)
    if prof is not None and prof.basis is not None:
        st.warning(t("results.profile_basis", profile=md(result.profile_name), basis=md(prof.basis)))


def yardstick_basis(result: Result) -> None:
    """Which yardsticks the result stands on: the district's published set, national quotas, 企业自报 values."""
    ys = result.yardstick_set
    if ys is not None:
        st.caption(t("results.yardstick_set", name=md(ys.name), version=ys.version, source=md(ys.source)))
    quota = {r.id for r in result.indicators if r.baseline is not None and r.baseline.origin == "quota"}
    entered = {r.id for r in result.indicators if r.state != "not_applicable"
               and any(b is not None and b.origin == "entered" for b in (r.baseline, r.leading))}
    if quota:
        st.caption(t("results.quota_items", n=len(quota)))
    if entered:
        st.caption(t("results.self_reported_items", n=len(entered)))


def newer_yardsticks(a: Assessment, result: Result) -> None:
    """The district has published a set newer than the one this assessment is pinned to: what it would change,
    and the explicit re-scoring."""
    newer = yardsticks.newer()
    if newer is None:
        return
    try:
        preview = yardsticks.preview(a, newer.id)
    except StoreError:
        return
    st.info(t("results.newer_set", name=md(newer.name), version=newer.version,
              at=local_time(newer.published_at, "%Y-%m-%d"), before=f"{result.total:.2f}",
              after=f"{preview.total:.2f}", lv_before=level_text(result), lv_after=level_text(preview)))
    st.button(t("results.adopt_set"), key="adopt-yardsticks", on_click=yardsticks.adopt, args=(newer.id,))


def warnings(result: Result) -> None:
    if result.warnings:
        st.warning(t("results.warnings") + "\n" + "\n".join(f"- {md(w.message)}" for w in result.warnings))
    year_change.section(result)  # 与上年对比 and the count of 待核对 values (ui/year_change.py)


def _gap_details(n: int, g: Gap, dims: dict[str, str]) -> None:
    head = f"**{n}. {md(g.name)}**" + (f"（{dims.get(g.dimension, g.dimension)}）" if g.dimension else "")
    lines = [head, md(g.problem)]
    if g.actions:
        lines.append(f"{t('guide.actions')}：" + "；".join(
            f"{md(a)}（{t('effort.' + a.effort)}）" for a in g.actions))
    if g.evidence:
        lines.append(f"{t('guide.evidence')}：" + "；".join(md(e) for e in g.evidence))
    if g.clause:
        lines.append(f"{t('guide.clause')}：{g.clause}")
    st.markdown("  \n".join(lines))


def gaps(result: Result) -> None:
    st.subheader(t("results.gaps", n=len(result.gaps)))
    if not result.gaps:
        st.success(t("results.no_gaps"))
        return
    dims = {d.id: say_msg(d.name) for d in result.dimensions}
    rows = [{t("gaps.no"): i,
             t("gaps.item"): say_msg(g.name) + (f"（{dims.get(g.dimension, g.dimension)}）" if g.dimension else ""),
             t("gaps.kind"): t(f"gap.{g.kind}"),
             t("gaps.points"): f"+{g.recoverable:.2f}" if g.recoverable > 0 else "—",
             t("gaps.problem"): say_msg(g.problem),
             t("gaps.first_action"): say_msg(g.actions[0]) if g.actions else "—"}
            for i, g in enumerate(result.gaps, 1)]
    st.table(pd.DataFrame(rows).set_index(t("gaps.no")))
    with st.expander(t("results.gap_details")):
        for i, g in enumerate(result.gaps, 1):
            _gap_details(i, g, dims)


def whatif(a: Assessment, result: Result) -> None:
    try:
        from scoring.whatif import change_text, plan_to_level
    except ImportError:  # the planner is optional
        return
    targets = [lv for lv in result.levels if not lv.reached]
    st.subheader(t("results.whatif"))
    if not targets:
        st.success(t("results.whatif_all"))
        return
    names = {lv.id: say_msg(lv.name) for lv in targets}  # in words here: format_func runs outside the script too
    level = st.selectbox(t("results.whatif_target"), list(names), format_func=label_of(names), key="whatif-level",
                         placeholder=t("input.choose"))
    plan = plan_to_level(a, result, level, catalogue())
    (st.info if plan.reachable else st.warning)(md(plan.note))
    if plan.steps:
        # a numbered list, not a table: 建议措施 is long text, and a list wraps at every width (390 px included)
        lines = []
        for i, s in enumerate(plan.steps, 1):
            effort = t("effort." + s.effort) + (f"（{md(say_msg(change))}）" if (change := change_text(s)) else "")
            parts = [t("whatif.step_points", pts=num(s.points), total=num(s.total_after)), effort]  # 工作量小 …
            if s.crosses_names:
                parts.append(f"{t('whatif.reaches')}：{md(t('common.list_sep').join(say_msg(n) for n in s.crosses_names))}")
            lines.append(f"{i}. **{md(say_msg(s.name))}**　" + " · ".join(parts)
                         + (f"  \n{t('whatif.action')}：{md(say_msg(s.action))}" if s.action else ""))
        st.markdown("\n".join(lines))
        st.caption(t("plan.effort_rule"))


def answer_text(r: IndicatorResult) -> str:
    """A qualitative or 是否 item's answer as shown: the rubric level's label, 是/否, or — when unanswered."""
    if r.answer_label is not None:
        return say_msg(r.answer_label)
    if isinstance(r.answer, bool):
        return t("common.yes" if r.answer else "common.no")
    return str(r.answer) if r.answer else "—"


def detail_table(result: Result, product_unit: str) -> None:
    with st.expander(t("results.details")):
        dims = {d.id: say_msg(d.name) for d in result.dimensions}
        rows = []
        for r in result.indicators:
            b, lead = r.baseline, r.leading
            rows.append({
                t("detail.dimension"): dims.get(r.dimension, r.dimension), t("detail.indicator"): say_msg(r.name),
                t("detail.value"): num(r.value) if r.value is not None else answer_text(r),
                t("detail.unit"): unit(r.unit, product_unit),
                t("detail.baseline"): f"{num(b.value)}（{origin(b.origin)}）" if b else "",
                t("detail.leading"): f"{num(lead.value)}（{origin(lead.origin)}）" if lead else "",
                t("detail.points"): f"{r.weighted:.2f} / {r.weighted_max:.2f}",
                t("detail.state"): t(f"istate.{r.state}"),
                t("detail.confidence"): confidence(r.confidence),
                t("detail.evidence"): t(f"evidence.{r.evidence_state}") if r.evidence_state else "",
            })
        st.dataframe(pd.DataFrame(rows), hide_index=True)
        st.caption(t("detail.note", lang=lang()))
