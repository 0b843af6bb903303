"""客户: the enterprises that granted this consultant access, with their assessments (open one, or start a new
diagnosis)."""

from __future__ import annotations

import streamlit as st

from ui import nav, pickers, roles, state
from ui.fmt import md
from ui.i18n import t
from ui.session import W

st.title(t("clients.title"))
st.caption(t("clients.intro"))
clients = pickers.organisations()
if not clients:
    st.info(t("clients.none"))
    st.stop()
everything = pickers.assessments_of()
for org in clients:
    with st.container(border=True, key=f"client-{org.id}"):
        head = st.columns([5, 2], vertical_alignment="center")
        head[0].markdown(f"**{md(org.name)}**  \n" + t("clients.line", town=pickers.town_name(org.town),
                                                       uscc=org.uscc or "—"))
        if head[1].button(t("clients.new"), key=f"client-new-{org.id}", width="stretch"):
            W()["client"] = org.id
            st.switch_page(roles.PAGES["diagnose"][0])
        mine = [a for a in everything if a.org_id == org.id]
        if not mine:
            st.caption(t("clients.no_assessments"))
        for info in mine[:20]:
            row = st.columns([5, 2], vertical_alignment="center")
            row[0].markdown(md(pickers.assessment_label(info)))  # title, revision, year, status, total, level
            if row[1].button(t("home.open"), key=f"client-open-{info.id}", width="stretch") and \
                    state.open_assessment(info.id):
                nav.go("profile")
