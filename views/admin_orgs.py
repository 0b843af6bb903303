"""机构管理: the registered enterprises (name, 统一社会信用代码, 镇街); register one or correct one. Pending
self-registrations are not listed here: a notice counts them and links to 注册申请审核 (views/claims.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, orgs, registration
from ui import auth, pickers, roles
from ui.catalogue import catalogue
from ui.fmt import local_time, md
from ui.i18n import lang, t
from ui.session import W

who = auth.actor()
cat = catalogue()
st.title(t("orgs.title"))
st.caption(t("orgs.intro", district=cat.district.name.get(lang())))
if who is None:
    st.stop()
try:
    waiting = len(registration.list_claims(who))
except StoreError:
    waiting = 0
if waiting:
    st.info(t("claims.waiting", n=waiting))
    st.page_link(roles.PAGES["claims"][0], label=t("nav.claims"), icon=":material/how_to_reg:")
found = pickers.organisations()
towns = {tw.id: tw.name.get(lang()) for tw in cat.district.towns}
st.dataframe(pd.DataFrame([{t("orgs.name"): o.name, t("profile.uscc"): o.uscc or "—",
                            t("orgs.town"): pickers.town_name(o.town), t("orgs.district"): o.district,
                            t("users.created"): local_time(o.created_at, "%Y-%m-%d")} for o in found]),
             hide_index=True, width="stretch")


def form(key: str, current: orgs.OrgInfo | None) -> tuple[str, str, str] | None:
    with st.form(key):
        name = st.text_input(t("orgs.name"), value=current.name if current else "", max_chars=200, key=f"{key}-name")
        uscc = st.text_input(t("profile.uscc"), value=(current.uscc or "") if current else "", max_chars=18,
                             key=f"{key}-uscc", help=t("profile.uscc_help"))
        ids = list(towns) + ([current.town] if current and current.town not in towns else [])
        town = st.selectbox(t("orgs.town"), ids, format_func=lambda i: towns.get(i, i), key=f"{key}-town",
                            index=ids.index(current.town) if current and current.town in ids else None,
                            placeholder=t("input.choose"))
        if st.form_submit_button(t("users.save") if current else t("orgs.create_go"), type="primary"):
            if not town:
                st.error(t("register.need_town"))
                return None
            return name, uscc, town
    return None


with st.expander(t("orgs.create"), expanded=not found):
    got = form("org-new", None)
    if got:
        try:
            orgs.create_organisation(who, got[0], uscc=got[1] or None, town=got[2], district=cat.district.id)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            W().setdefault("notices", []).append(("info", t("orgs.created_ok", name=md(got[0]))))
            st.rerun()

if found:
    st.subheader(t("orgs.edit"))
    chosen = pickers.organisation("org-edit-pick", t("orgs.pick"))
    if chosen is not None:
        got = form(f"org-edit-{chosen.id}", chosen)
        if got:
            try:
                orgs.update_organisation(who, chosen.id, name=got[0], uscc=got[1] or None, town=got[2])
            except StoreError as exc:
                st.error(md(str(exc)))
            else:
                W().setdefault("notices", []).append(("info", t("orgs.saved", name=md(got[0]))))
                st.rerun()
