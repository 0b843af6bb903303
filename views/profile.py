"""企业概况: the enterprise profile, the rule-set and local profile, and the production data shared by pages."""

from __future__ import annotations

import streamlit as st

from scoring.inputs_map import SHARED_INPUTS
from scoring.models import uscc_is_valid
from ui import live, nav, sidebar, state, widgets
from ui.catalogue import catalogue, profile, ruleset
from ui.i18n import lang, t

cat = catalogue()
lg = lang()
rs = ruleset(state.get("ruleset") or "")
prof = profile(state.get("profile") or "")

st.title(t("profile.title"))
st.caption(t("profile.intro"))

with st.container(border=True):
    st.subheader(t("profile.standard"))
    left, right = st.columns(2)
    with left:
        sidebar.selectors("profile")
    with right:
        st.caption(rs.description.get(lg))
        st.caption(prof.description.get(lg))
        levels = "；".join(
            f"{lv.name.get(lg)} ≥ {lv.min_total.value:g}" if lv.min_total.value is not None
            else t("profile.level_unset", level=lv.name.get(lg)) for lv in prof.levels)
        st.markdown(t("profile.levels", levels=levels))


@st.fragment
def _enterprise() -> None:
    """Each box of the profile is a fragment: a change reruns it and the live total (ui.live), not the page."""
    live.part(state.result(), owns=live.FRAME_SLOTS)
    st.subheader(t("profile.enterprise"))
    a, b = st.columns(2)
    with a:
        widgets.text("enterprise.name", t("profile.name"), max_chars=200)
        widgets.text("enterprise.uscc", t("profile.uscc"), help=t("profile.uscc_help"), max_chars=18)
        code = (state.get("enterprise.uscc") or "").strip().upper()
        if code and uscc_is_valid(code):
            st.caption(t("profile.uscc_ok"))
        industries = {i.code: f"{i.code} {i.name.get(lg)}" for i in cat.reference.industries}
        current = state.get("enterprise.industry")
        if current and current not in industries:
            industries[current] = current
        widgets.choice("enterprise.industry", t("profile.industry"), industries, help=t("profile.industry_help"))
    with b:
        towns = {tw.id: tw.name.get(lg) for tw in cat.district.towns}
        widgets.choice("enterprise.town", t("profile.town", district=cat.district.name.get(lg)), towns)
        widgets.choice("enterprise.scale", t("profile.scale"), {v: t(f"scale.{v}") for v in ("above", "below")},
                       radio=True)
        widgets.number("year", t("profile.year"), integer=True)
        c, d = st.columns(2)
        with c:
            widgets.text("enterprise.contact", t("profile.contact"), max_chars=100)
        with d:
            widgets.text("enterprise.assessor", t("profile.assessor"), max_chars=100)


@st.fragment
def _production() -> None:
    live.part(state.result(), owns=live.FRAME_SLOTS)
    st.subheader(t("profile.production"))
    st.caption(t("profile.production_help"))
    cols = st.columns(2)
    for i, name in enumerate(SHARED_INPUTS):
        with cols[i % 2]:
            widgets.field(name, rs, set())


@st.fragment
def _options() -> None:
    live.part(state.result(), owns=live.FRAME_SLOTS)
    st.caption(t("profile.options_help"))
    widgets.choice("options.electricity_basis", t("options.electricity_basis"),
                   {v: t(f"options.{v}") for v in ("equivalent_heat", "equivalent_coal")}, radio=True)
    widgets.choice("options.carbon_method", t("options.carbon_method"),
                   {v: t(f"options.{v}") for v in ("location", "market")}, radio=True)
    regions = {"": t("options.grid_default")} | {g.region: g.name.get(lg) for g in cat.reference.grid_factors}
    widgets.choice("options.grid_region", t("options.grid_region"), regions)


with st.container(border=True):
    _enterprise()
with st.container(border=True):
    _production()
with st.expander(t("profile.options")):
    _options()

nav.pager()
