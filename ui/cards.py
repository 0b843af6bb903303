"""One card per gate or indicator: the inputs by item kind, the live working from the engine's Result,
the benchmark entry, the guidance (判定要点, 证明材料, clause, example) and the evidence status."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from criteria.schema import Gate, Indicator, RuleSet, Text
from locales import Msg, msg
from scoring.engine import QUANTITATIVE
from scoring.inputs_map import inputs_for
from scoring.models import IndicatorResult, Warning
from ui import live, state, widgets
from ui.fmt import confidence, md, num, origin, unit
from ui.i18n import lang, say_msg, t
from ui.session import W

STATE_COLOR = {"scored": "green", "missing_input": "orange", "missing_benchmark": "orange", "unanswered": "gray",
               "not_applicable": "gray", "implausible": "orange"}
EDITABLE_ORIGINS = ("entered", "missing", "defaulted")


def guidance(item: Gate | Indicator, formula: Msg | Text | None = None) -> None:
    lg = lang()
    # keyed and drawn only while open: closed, it costs one element on every rerun instead of seven
    key = f"guide-{item.id}"
    box = st.expander(t("guide.title"), key=key, on_change="rerun")
    if not st.session_state.get(key):
        return
    with box:
        st.markdown(f"**{t('guide.guidance')}**　{item.guidance.get(lg)}")
        if item.evidence:
            st.markdown(f"**{t('guide.evidence')}**\n" + "\n".join(f"- {e.get(lg)}" for e in item.evidence))
        if formula is not None:
            st.markdown(f"**{t('guide.formula')}**　{say_msg(formula)}")
        st.markdown(f"**{t('guide.clause')}**　{item.clause}")
        if item.example:
            st.markdown(f"**{t('guide.example')}**　{item.example.get(lg)}")
        if item.actions:
            st.markdown(f"**{t('guide.actions')}**\n" + "\n".join(
                f"- {a.get(lg)}（{t('effort.' + a.effort)}）" for a in item.actions))
        src = item.points if isinstance(item, Indicator) else item
        st.caption(t("guide.source", source=src.source, confidence=confidence(src.confidence)))


def evidence(item_id: str) -> None:
    left, right = st.columns([2, 3])
    with left:
        widgets.choice(f"evidence.{item_id}.state", t("evidence.state"),
                       {v: t(f"evidence.{v}") for v in ("ready", "missing", "na")}, radio=True)
    with right:
        widgets.text(f"evidence.{item_id}.note", t("evidence.note"), max_chars=1000)


def _bench_text(label: str, b: object) -> str:
    value = getattr(b, "value", None)
    if value is None:
        return t("card.bench_missing", label=label)
    conf = confidence(getattr(b, "confidence", ""))
    where = origin(getattr(b, "origin", "missing")) + (f"·{conf}" if conf else "")
    return f"{label} {num(value)}（{where}）"


def value_line(res: IndicatorResult) -> None:
    if res.kind in QUANTITATIVE:
        u = unit(res.unit, state.get("inputs.product_unit") or "")
        value = t("card.no_value") if res.value is None else f"**{num(res.value)}** {u}".rstrip()
        parts = [f"{md(res.name)} {value}", _bench_text(t("bench.baseline_short"), res.baseline),
                 _bench_text(t("bench.leading_short"), res.leading)]
    elif isinstance(res.answer, bool):
        parts = [t("card.answer", answer=t("card.met_yes") if res.answer else t("card.met_no"))]
    elif res.answer:
        parts = [t("card.answer", answer=md(res.answer_label or str(res.answer)))]
    else:
        parts = []
    same = abs(res.weighted - res.points) < 0.005 and abs(res.weighted_max - res.max_points) < 0.005
    parts.append(t("card.points_line" if not same else "card.points_only", pts=num(res.points),
                   max=num(res.max_points), w=f"{res.weighted:.2f}", wmax=f"{res.weighted_max:.2f}"))
    badge = f":{STATE_COLOR[res.state]}-badge[{md(t(f'istate.{res.state}'))}]"
    st.info(f"{badge} " + " — ".join(parts))
    if res.missing:
        st.caption(t("card.missing", items=md(msg("common.list", items=res.missing))))


def bench_entry(ind: Indicator, res: IndicatorResult) -> None:
    """基准值/引领值 the enterprise enters itself where neither the catalogue nor the profile gives one."""
    b, lead = res.baseline, res.leading
    if b is None or lead is None or (b.origin not in EDITABLE_ORIGINS and lead.origin not in EDITABLE_ORIGINS):
        return
    entered = state.get("benchmarks") or {}
    bench_key = next((k for k in entered if k.startswith(f"{ind.id}@")), ind.id)
    u = unit(res.unit, state.get("inputs.product_unit") or "")
    # Keyed, so entering the values does not collapse it under the user's hands; its fields are only built
    # while it is open (each widget costs time on every rerun of the page).
    key = f"bench-{ind.id}"
    # open at first while a value is missing; the default stays as first drawn (a changed default is a new widget)
    first = W().setdefault("_bench_open", {}).setdefault(ind.id, b.value is None or lead.value is None)
    box = st.expander(t("bench.enter_title"), expanded=first, key=key, on_change="rerun")
    if not st.session_state.get(key):
        return
    with box:
        st.caption(t("bench.enter_help_inverse" if ind.kind == "inverse" else "bench.enter_help"))
        c1, c2, c3 = st.columns([2, 2, 3])
        with c1:
            widgets.number(f"benchmarks.{bench_key}.baseline", t("bench.baseline", unit=u), fmt="%.4f")
        with c2:
            widgets.number(f"benchmarks.{bench_key}.leading", t("bench.leading", unit=u), fmt="%.4f")
        with c3:
            widgets.text(f"benchmarks.{bench_key}.source", t("bench.source"), max_chars=300)


def _toggle_confirmed(ind_id: str, key: str) -> None:
    confirmed = [c for c in (state.get("confirmed") or []) if c != ind_id]
    state.update("confirmed", [*confirmed, ind_id] if st.session_state.get(key) else confirmed)


def plausibility(ind_id: str, res: IndicatorResult, warnings: Sequence[Warning]) -> None:
    """A probable unit slip, shown under the inputs as they are typed; the value earns nothing until the user
    corrects it or confirms it is right."""
    messages = [w.message for w in warnings if w.field == ind_id]
    confirmed = ind_id in (state.get("confirmed") or [])
    if not messages and not res.implausible and not confirmed:
        return
    if messages or res.implausible:
        text = "；".join(md(m) for m in messages) or md(msg("common.list", items=res.missing))
        st.warning(f"⚠ {text}" + ("" if confirmed else t("card.slip_no_points")))
    key = widgets.wkey(f"confirmed.{ind_id}")
    st.checkbox(t("card.confirm_value"), value=confirmed, key=key, on_change=_toggle_confirmed, args=(ind_id, key))


def returned(item_id: str) -> None:
    """The official's reason when this indicator or gate was returned (退回补充), where the user fills it in again."""
    comment = state.returned_comments().get(item_id)
    if comment:
        st.error(t("submit.card_returned", comment=md(comment)), icon="↩")


def _value(ind_id: str) -> live.Draw:
    return lambda r: value_line(next(i for i in r.indicators if i.id == ind_id))


def _names(rs: RuleSet, ind: Indicator) -> list[str]:
    """The inputs a card shows (beyond its answer)."""
    if ind.kind in QUANTITATIVE:
        return list(inputs_for(ind.metric, ind.id))
    if ind.kind == "qualitative" and ind.rubric in rs.rubrics:
        return list(inputs_for(None, ind.id))
    return []


def indicator(rs: RuleSet, ind: Indicator, res: IndicatorResult, rendered: set[str],
              with_evidence: bool = True) -> None:
    """One indicator's card; `with_evidence=False` when the page gathers the 证明材料 of its items in one table.
    Its value line (with the indicator's state) is a live slot under the title; the inputs below are a fragment."""
    lg = lang()
    live.shows(ind.id)
    with st.container(border=True, key=f"card-{ind.id}"):
        badges = [(t("card.points", pts=num(ind.points.value)), "blue")]
        if ind.mandatory:
            badges.append((t("card.mandatory"), "violet"))
        st.subheader(f"{md(ind.name.get(lg))} " + " ".join(f":{c}-badge[{md(b)}]" for b, c in badges), anchor=ind.id)
        returned(ind.id)
        if res.state == "not_applicable":
            st.caption(t("card.not_applicable"))
            guidance(ind, res.formula)
            return
        live.slot(f"value-{ind.id}", state.result(), _value(ind.id))
        _inputs(rs, ind, frozenset(rendered), with_evidence)
        rendered.update(_names(rs, ind))


@st.fragment
def _inputs(rs: RuleSet, ind: Indicator, rendered: frozenset[str], with_evidence: bool) -> None:
    """A card's inputs, plausibility check, own 基准值 and guidance: a change here reruns only this and the
    slots that show its result (ui.live)."""
    result = live.part(state.result(), owns=(*live.FRAME_SLOTS, f"value-{ind.id}"), inside={ind.id})
    res = next(r for r in result.indicators if r.id == ind.id)
    lg = lang()
    if ind.kind in QUANTITATIVE:
        widgets.fields(_names(rs, ind), rs, set(rendered))
        plausibility(ind.id, res, result.warnings)
    elif ind.kind == "qualitative" and ind.rubric in rs.rubrics:
        levels = rs.rubrics[ind.rubric].levels
        names = {lv.id: f"{lv.label.get(lg)}（{num(lv.fraction * 100)}%）" for lv in levels}
        widgets.choice(f"answers.{ind.id}", t("card.rubric"), names, radio=True)
        widgets.fields(_names(rs, ind), rs, set(rendered))
    else:
        widgets.yes_no(f"answers.{ind.id}", t("card.met"), labels=(t("card.met_yes"), t("card.met_no")))
    if ind.kind in QUANTITATIVE:
        bench_entry(ind, res)
    guidance(ind, res.formula)
    if with_evidence:
        evidence(ind.id)
