"""授权咨询机构: the enterprise lets a consultant read and work on its assessments, and can withdraw that."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, orgs
from ui import auth
from ui.fmt import label_of, local_time, md
from ui.i18n import t
from ui.session import W

who = auth.actor()
st.title(t("grants.title"))
st.caption(t("grants.intro"))
org_id = who.org_id if who is not None else None
if who is None or org_id is None:
    st.info(t("grants.no_org"))
    st.stop()

try:
    grants = orgs.list_grants(who, include_revoked=True)
    consultants = orgs.list_consultants(who)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
active = [g for g in grants if g.active]

with st.container(border=True):
    st.subheader(t("grants.active"))
    if not active:
        st.caption(t("grants.none"))
    for g in active:
        row = st.columns([5, 2], vertical_alignment="center")
        row[0].markdown(f"**{md(g.consultant_name)}**（{md(g.consultant_username)}）  \n"
                        + t("grants.since", time=local_time(g.created_at, "%Y-%m-%d %H:%M")))
        if row[1].button(t("grants.revoke"), key=f"revoke-{g.id}", width="stretch"):
            try:
                orgs.revoke_access(who, g.id)
            except StoreError as exc:
                st.error(md(str(exc)))
            else:
                W().setdefault("notices", []).append(("info", t("grants.revoked", name=md(g.consultant_name))))
                st.rerun()

with st.container(border=True):
    st.subheader(t("grants.add"))
    taken = {g.consultant_id for g in active}
    offer = {c.username: f"{c.display_name}（{c.username}）" for c in consultants if c.id not in taken}
    if not offer:
        st.caption(t("grants.no_consultants"))
    else:
        name = st.selectbox(t("grants.consultant"), list(offer), format_func=label_of(offer), key="grant-who", index=None,
                            placeholder=t("input.choose"))
        st.caption(t("grants.what"))
        if st.button(t("grants.grant"), key="grant-go", type="primary", disabled=name is None) and name:
            try:
                orgs.grant_access(who, org_id, name)
            except StoreError as exc:
                st.error(md(str(exc)))
            else:
                W().setdefault("notices", []).append(("info", t("grants.granted", name=md(offer[name]))))
                st.rerun()

revoked = [g for g in grants if not g.active]
if revoked:
    with st.expander(t("grants.history")):
        st.dataframe(pd.DataFrame([{t("grants.consultant"): f"{g.consultant_name}（{g.consultant_username}）",
                                    t("grants.granted_at"): local_time(g.created_at, "%Y-%m-%d %H:%M"),
                                    t("grants.revoked_at"): local_time(g.revoked_at, "%Y-%m-%d %H:%M")}
                                   for g in revoked if g.revoked_at]), hide_index=True)
