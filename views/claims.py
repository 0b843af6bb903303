"""注册申请审核: pending enterprise registrations (store/registration.py) that this user may decide: every claim for
an administrator, those in the jurisdiction for an official, those naming the enterprise's own 统一社会信用代码 for
one of its users (confirming invites the claimant in). Confirm or refuse; the store checks the right and audits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, registration
from ui import auth, pickers
from ui.fmt import label_of, local_time, md
from ui.i18n import t
from ui.session import W

who = auth.actor()
st.title(t("claims.title"))
if who is None or who.user_id is None:
    st.stop()
st.caption(t("claims.member_intro") if who.role == "enterprise" else t("claims.intro"))
try:
    claims = registration.list_claims(who)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
if not claims:
    st.info(t("claims.none"))
    st.stop()

st.dataframe(pd.DataFrame([{
    t("claims.col_org"): c.org_name, t("claims.col_uscc"): c.uscc, t("claims.col_town"): pickers.town_name(c.town),
    t("claims.col_user"): f"{c.display_name}（{c.username}）", t("claims.col_when"): local_time(c.created_at),
    t("claims.col_existing"): c.existing_org_name or t("claims.existing_none"),
    t("claims.col_others"): c.others_pending} for c in claims]), hide_index=True, width="stretch")

by_id = {c.id: c for c in claims}
labels = {c.id: f"{c.org_name} · {c.uscc} · {c.username}" for c in claims}
chosen = st.selectbox(t("claims.pick"), list(by_id), index=None, key="claim-pick", format_func=label_of(labels),
                      placeholder=t("input.choose"))
if chosen is not None:
    claim = by_id[chosen]
    left, right = st.columns(2)
    if left.button(t("claims.confirm"), key=f"claim-ok-{chosen}", type="primary", help=t("claims.confirm_help"),
                   width="stretch"):
        try:
            done = registration.confirm_claim(who, chosen)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            note = (t("claims.joined", user=md(done.username), name=md(claim.existing_org_name))
                    if claim.existing_org_id else t("claims.confirmed", name=md(claim.org_name)))
            W().setdefault("notices", []).append(("info", note))
            st.rerun()
    if right.button(t("claims.refuse"), key=f"claim-no-{chosen}", help=t("claims.refuse_help"), width="stretch"):
        try:
            registration.refuse_claim(who, chosen)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            W().setdefault("notices", []).append(("info", t("claims.refused", name=md(claim.org_name))))
            st.rerun()
