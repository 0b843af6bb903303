"""评价参数: per local profile, the level thresholds (分数线) and 基准值/引领值 per indicator that everyone's scoring
uses, each with the source it was taken from (store.profile_settings; the engine reads them as Settings)."""

from __future__ import annotations

import streamlit as st

from scoring.engine import QUANTITATIVE
from store import StoreError
from store import profile_settings as ps
from ui import auth, params
from ui.catalogue import catalogue, profile_ids
from ui.fmt import label_of, local_time, md, num
from ui.i18n import lang, t
from ui.session import W

lg = lang()
who = auth.actor()
cat = catalogue()
st.title(t("params.title"))
st.caption(t("params.intro"))
if who is None:
    st.stop()
pid = st.selectbox(t("select.profile"), profile_ids(), key="params-profile",
                   format_func=lambda i: cat.profiles[i].name.get(lg), placeholder=t("input.choose"))
prof = cat.profiles[pid]
try:
    current = {(e.kind, e.key): e for e in ps.entries(pid)}
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()


def _saved(message: str) -> None:
    params.invalidate()
    W().setdefault("notices", []).append(("info", message))
    st.rerun()


def _set(kind: str, key: str, value: float | None, source: str) -> None:
    if value is None:
        return
    try:
        ps.set_value(who, pid, kind, key, value, source)  # type: ignore[arg-type]
    except StoreError as exc:
        st.error(md(str(exc)))
        st.stop()


with st.container(border=True):
    st.subheader(t("params.levels"))
    with st.form(f"levels-{pid}"):
        for lv in prof.levels:
            mine = current.get(("level", lv.id))
            c1, c2 = st.columns([1, 2])
            c1.number_input(lv.name.get(lg), min_value=0.0, max_value=100.0, step=1.0, key=f"lv-{pid}-{lv.id}",
                            value=mine.value if mine else None, placeholder=t("params.unset"),
                            help=t("params.catalogue_value", value=num(lv.min_total.value), source=lv.min_total.source))
            c2.text_input(t("params.source"), value=mine.source if mine else "", max_chars=ps.MAX_SOURCE_CHARS,
                          key=f"lv-src-{pid}-{lv.id}")
        if st.form_submit_button(t("params.save_levels"), type="primary"):
            for lv in prof.levels:
                value, source = st.session_state.get(f"lv-{pid}-{lv.id}"), st.session_state.get(f"lv-src-{pid}-{lv.id}")
                mine = current.get(("level", lv.id))
                if value is not None and (mine is None or (value, source) != (mine.value, mine.source)):
                    _set("level", lv.id, value, source or "")
            _saved(t("params.saved"))

indicators: dict[str, tuple] = {}
for rs in cat.rulesets.values():
    if prof.allows(rs.id):
        for _, i in rs.indicators():
            if i.kind in QUANTITATIVE:
                indicators.setdefault(i.id, (rs, i))  # settings are per indicator id, whichever rule-set
# an indicator by its name and unit; where two share both, the rule-set tells them apart (ids stay off screen)
names = {i: f"{ind.name.get(lg)}（{ind.unit}）" if ind.unit else ind.name.get(lg) for i, (_rs, ind) in indicators.items()}
twice = {n for n in names.values() if list(names.values()).count(n) > 1}
names = {i: f"{n} · {indicators[i][0].name.get(lg)}" if n in twice else n for i, n in names.items()}
with st.container(border=True):
    st.subheader(t("params.benchmarks"))
    iid = st.selectbox(t("params.indicator"), list(indicators), key=f"bench-ind-{pid}", format_func=label_of(names),
                       placeholder=t("input.choose"))
    rs, ind = indicators[iid]
    for which in ("baseline", "leading"):
        s = getattr(ind, which)
        over = prof.benchmarks.get(iid)
        po = getattr(over, which) if over else None
        unit = ind.unit if ind.unit and ind.unit != "—" else ""
        st.caption(t(f"params.{which}_now", catalogue=f"{num(s.value)} {unit}".strip() if s and s.value is not None
                     else t("params.none_given"), source=(s.source if s else "") or "—",
                     profile=num(po.value) if po and po.value is not None else t("params.none_given")))
    with st.form(f"bench-{pid}-{iid}"):
        c1, c2 = st.columns(2)
        b = c1.number_input(t("bench.baseline", unit=ind.unit or ""), value=getattr(current.get(("baseline", iid)),
                            "value", None), format="%.4f", key=f"bb-{pid}-{iid}", placeholder=t("params.unset"))
        lead = c2.number_input(t("bench.leading", unit=ind.unit or ""), value=getattr(current.get(("leading", iid)),
                               "value", None), format="%.4f", key=f"bl-{pid}-{iid}", placeholder=t("params.unset"))
        src = st.text_input(t("params.source"), max_chars=ps.MAX_SOURCE_CHARS, key=f"bs-{pid}-{iid}",
                            value=getattr(current.get(("baseline", iid)) or current.get(("leading", iid)), "source", ""))
        if st.form_submit_button(t("params.save_bench"), type="primary"):
            if b is None and lead is None:
                st.error(t("params.need_value"))
            else:
                _set("baseline", iid, b, src)
                _set("leading", iid, lead, src)
                _saved(t("params.saved"))

st.subheader(t("params.current"))
if not current:
    st.caption(t("params.none"))
for (kind, key), e in current.items():
    row = st.columns([6, 1], vertical_alignment="center")
    label = dict(((i, f"{indicators[i][1].name.get(lg)}") for i in indicators),
                 **{lv.id: lv.name.get(lg) for lv in prof.levels}).get(key.split("@")[0], key)
    row[0].markdown(t("params.line", kind=e.kind_label, item=md(label), value=num(e.value), source=md(e.source),
                      who=md(e.updated_by_name or "—"), time=local_time(e.updated_at, "%Y-%m-%d %H:%M")))
    if row[1].button(t("params.clear"), key=f"clear-{pid}-{kind}-{key}"):
        try:
            ps.clear_value(who, pid, kind, key)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            _saved(t("params.cleared"))
