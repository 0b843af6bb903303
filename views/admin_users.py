"""用户管理: every account; create one; disable or enable, unlock, change role or organisation, set a password."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, accounts
from store.access import ACCOUNT_ROLES
from ui import auth, pickers
from ui.fmt import label_of, local_time, md
from ui.i18n import t
from ui.session import W

who = auth.actor()
st.title(t("users.title"))
if who is None:
    st.stop()
try:
    users = accounts.list_users(who)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
orgs = {o.id: pickers.org_label(o) for o in pickers.organisations()}
roles = {r: t(f"role.{r}") for r in ACCOUNT_ROLES}


def done(message: str) -> None:
    W().setdefault("notices", []).append(("info", message))
    st.rerun()


st.dataframe(pd.DataFrame([{
    t("users.username"): u.username, t("users.display"): u.display_name, t("users.role"): roles.get(u.role, u.role),
    t("users.org"): orgs.get(u.org_id or "", "—"), t("users.state"): t("users.disabled") if u.disabled else
    (t("users.locked") if u.locked() else t("users.active")), t("users.sso_only"): "" if u.has_password else "✓",
    t("users.created"): local_time(u.created_at, "%Y-%m-%d")} for u in users]), hide_index=True, width="stretch")

with st.expander(t("users.create"), expanded=len(users) <= 1), st.form("user-create"):
    c1, c2 = st.columns(2)
    username = c1.text_input(t("login.username"), max_chars=64, key="uc-user", help=t("register.username_help"))
    display = c1.text_input(t("register.display_name"), max_chars=100, key="uc-display")
    role = c1.selectbox(t("users.role"), list(roles), format_func=label_of(roles), key="uc-role",
                        placeholder=t("input.choose"))
    org = c2.selectbox(t("users.org_for_enterprise"), ["", *orgs], format_func=lambda i: orgs.get(i, "—"),
                       key="uc-org", placeholder=t("input.choose"))
    password = c2.text_input(t("login.password"), type="password", max_chars=256, key="uc-pass",
                             help=t("users.password_help"), autocomplete="new-password")
    if st.form_submit_button(t("users.create_go"), type="primary"):
        try:
            accounts.create_user(who, username, password or None, role, display_name=display,
                                 org_id=(org or None) if role == "enterprise" else None)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            done(t("users.created_ok", name=md(username)))

st.subheader(t("users.manage"))
by_id = {u.id: u for u in users}
uid = st.selectbox(t("users.pick"), list(by_id), key="um-user", index=None, placeholder=t("input.choose"),
                   format_func=lambda i: f"{by_id[i].username}（{roles.get(by_id[i].role)}）")
if uid is None:
    st.stop()
u = by_id[uid]
try:
    c1, c2, c3 = st.columns(3)
    if c1.button(t("users.enable") if u.disabled else t("users.disable"), key="um-disable", width="stretch"):
        accounts.set_disabled(who, uid, not u.disabled)
        done(t("users.saved", name=md(u.username)))
    if c2.button(t("users.unlock"), key="um-unlock", width="stretch", disabled=not u.locked()):
        accounts.unlock_user(who, uid)
        done(t("users.saved", name=md(u.username)))
    with st.form("user-role"):
        new_role = st.selectbox(t("users.role"), list(roles), index=list(roles).index(u.role), format_func=label_of(roles),
                                key=f"um-role-{uid}", placeholder=t("input.choose"))
        ids = ["", *orgs]
        new_org = st.selectbox(t("users.org_for_enterprise"), ids, format_func=lambda i: orgs.get(i, "—"),
                               index=ids.index(u.org_id) if u.org_id in ids else 0, key=f"um-org-{uid}",
                               placeholder=t("input.choose"))
        new_display = st.text_input(t("register.display_name"), value=u.display_name, max_chars=100,
                                    key=f"um-display-{uid}")
        st.caption(t("users.role_change_help"))
        if st.form_submit_button(t("users.save")):
            accounts.update_user(who, uid, role=new_role, display_name=new_display,
                                 org_id=(new_org or None) if new_role == "enterprise" else None)
            done(t("users.saved", name=md(u.username)))
    with st.form("user-password", clear_on_submit=True):
        pw = st.text_input(t("users.new_password"), type="password", max_chars=256, key="um-pass",
                           help=t("account.policy"), autocomplete="new-password")
        if st.form_submit_button(t("users.set_password")):
            accounts.set_password(who, uid, pw)
            done(t("users.password_set", name=md(u.username)))
except StoreError as exc:
    st.error(md(str(exc)))
