"""基本要求与否决项: the gates of the rule-set and the local profile as compact rows (ui.gate_rows) with a 全部符合
shortcut, their 证明材料 in one table; fast tracks."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from criteria.schema import Gate
from scoring.models import Result
from ui import gate_rows, live, nav, state, widgets
from ui.catalogue import profile, ruleset
from ui.i18n import lang, t

lg = lang()
rs = ruleset(state.get("ruleset") or "")
prof = profile(state.get("profile") or "")
result = state.result()

st.title(t("gates.title"))
st.caption(t("gates.intro"))


def _summary(r: Result) -> None:
    failed = [g for g in r.gates if g.state == "fail"]
    open_ = [g for g in r.gates if g.state == "unanswered"]
    if failed:
        st.error(t("gates.failed_summary", n=len(failed)))
    elif open_:
        st.warning(t("gates.open_summary", n=len(open_), total=len(r.gates)))
    else:
        st.success(t("gates.all_passed"))


live.slot("gates-summary", result, _summary)


@st.fragment
def _row(g: Gate) -> None:
    """One gate's row: its answer changed reruns only this and the live slots (ui.live), not the page."""
    fresh = live.part(result, owns=(*live.FRAME_SLOTS, "gates-summary"), inside=[g.id])
    gate_rows.row(g, next((x for x in fresh.gates if x.id == g.id), None))


def _rows(gates: Sequence[Gate]) -> None:
    with st.container(border=True, gap="small"):
        for g in gates:
            live.shows(g.id)
            _row(g)


gate_rows.all_met([*rs.gates, *prof.gates])  # answers them all: a full rerun
st.subheader(t("gates.ruleset", name=rs.name.get(lg)))
_rows(rs.gates)
if prof.gates:
    st.subheader(t("gates.profile", name=prof.name.get(lg)))
    _rows(prof.gates)
st.subheader(t("gates.evidence"))
widgets.evidence_part("gates", [(g.id, g.name.get(lg)) for g in [*rs.gates, *prof.gates]])

if prof.fast_tracks:
    st.subheader(t("gates.fast_tracks", name=prof.name.get(lg)))
    st.caption(t("gates.fast_tracks_help"))
    levels = {lv.id: lv.name.get(lg) for lv in prof.levels}
    for ft in prof.fast_tracks:
        with st.container(border=True):
            widgets.yes_no(f"answers.{ft.id}", ft.name.get(lg))
            st.caption(t("gates.fast_track_level", level=levels.get(ft.level, ft.level), source=ft.source))

nav.pager()
