"""修改密码: a signed-in user changes their own password (the old one is asked for); a self-registered enterprise
user also sees where its registration claim stands (store/registration.py)."""

from __future__ import annotations

import streamlit as st

from store import StoreError, accounts, registration
from ui import auth
from ui.fmt import md
from ui.i18n import t

who = auth.actor()
st.title(t("account.title"))
if who is None or who.user_id is None:
    st.info(t("account.sign_in_first"))
    st.stop()
st.markdown(t("account.who", name=md(who.display_name), role=auth.role_name(who)))
try:
    claim = registration.my_claim(who)
except StoreError:
    claim = None
if claim is not None:
    (st.warning if claim.status == registration.PENDING else st.info)(t(f"claims.{claim.status}_notice"))
with st.form("password", border=True, clear_on_submit=True):
    old = st.text_input(t("account.old"), type="password", max_chars=256, key="pw-old",
                        autocomplete="current-password")
    new = st.text_input(t("account.new"), type="password", max_chars=256, key="pw-new", help=t("account.policy"),
                        autocomplete="new-password")
    again = st.text_input(t("account.repeat"), type="password", max_chars=256, key="pw-again",
                          autocomplete="new-password")
    submitted = st.form_submit_button(t("account.submit"), type="primary")
if submitted:
    if new != again:
        st.error(t("account.mismatch"))
    else:
        try:
            accounts.set_password(who, who.user_id, new, old_password=old)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            st.success(t("account.changed"))
