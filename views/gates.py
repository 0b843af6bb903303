"""基本要求与否决项: the gates of the rule-set and the local profile as compact rows (ui.gate_rows) with a 全部符合
shortcut, their 证明材料 in one table; fast tracks."""

from __future__ import annotations

import streamlit as st

from ui import gate_rows, nav, state, widgets
from ui.catalogue import profile, ruleset
from ui.i18n import lang, t

lg = lang()
rs = ruleset(state.get("ruleset") or "")
prof = profile(state.get("profile") or "")
result = state.result()
by_id = {g.id: g for g in result.gates}

st.title(t("gates.title"))
st.caption(t("gates.intro"))
failed = [g for g in result.gates if g.state == "fail"]
open_ = [g for g in result.gates if g.state == "unanswered"]
if failed:
    st.error(t("gates.failed_summary", n=len(failed)))
elif open_:
    st.warning(t("gates.open_summary", n=len(open_), total=len(result.gates)))
else:
    st.success(t("gates.all_passed"))

gate_rows.all_met([*rs.gates, *prof.gates])

st.subheader(t("gates.ruleset", name=rs.name.get(lg)))
gate_rows.rows(rs.gates, by_id)

if prof.gates:
    st.subheader(t("gates.profile", name=prof.name.get(lg)))
    gate_rows.rows(prof.gates, by_id)

st.subheader(t("gates.evidence"))
widgets.evidence_table("gates", [(g.id, g.name.get(lg)) for g in [*rs.gates, *prof.gates]])

if prof.fast_tracks:
    st.subheader(t("gates.fast_tracks", name=prof.name.get(lg)))
    st.caption(t("gates.fast_tracks_help"))
    levels = {lv.id: lv.name.get(lg) for lv in prof.levels}
    for ft in prof.fast_tracks:
        with st.container(border=True):
            widgets.yes_no(f"answers.{ft.id}", ft.name.get(lg))
            st.caption(t("gates.fast_track_level", level=levels.get(ft.level, ft.level), source=ft.source))

nav.pager()
