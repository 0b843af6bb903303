"""注册: an enterprise registers itself: a pending organisation and its user, signed in, and the claim of its
统一社会信用代码 that a reviewer confirms (store/registration.py); a guest's draft is kept. Rate-limited per client
address and in all (ui/session_routes.registration_allowed)."""

from __future__ import annotations

import streamlit as st

from store import StoreError, accounts, registration
from ui import auth, roles, session_routes
from ui.catalogue import catalogue
from ui.fmt import label_of, md
from ui.i18n import lang, t
from ui.session import W

who = auth.actor()
if who is not None and who.role != "guest":
    target = roles.start_page()
    if target is not None:
        st.switch_page(target)

st.title(t("register.title"))
if not accounts.registration_open():
    st.info(t("register.closed"))
    st.stop()
st.caption(t("register.intro"))
if who is not None and who.role == "guest":
    st.info(t("register.keeps_draft"))

cat = catalogue()
draft = (W().get("draft") or {}).get("enterprise") or {}
towns = {tw.id: tw.name.get(lang()) for tw in cat.district.towns}
town_ids = list(towns)
with st.form("register", border=True):
    left, right = st.columns(2)
    org_name = left.text_input(t("register.org_name"), value=draft.get("name") or "", max_chars=200, key="reg-org")
    uscc = left.text_input(t("profile.uscc"), value=draft.get("uscc") or "", max_chars=18, key="reg-uscc",
                           help=t("profile.uscc_help"))
    town = left.selectbox(t("profile.town", district=cat.district.name.get(lang())), town_ids, key="reg-town",
                          index=town_ids.index(draft["town"]) if draft.get("town") in town_ids else None,
                          format_func=label_of(towns), placeholder=t("input.choose"))
    username = right.text_input(t("login.username"), max_chars=64, key="reg-user", help=t("register.username_help"),
                                autocomplete="username")
    display = right.text_input(t("register.display_name"), max_chars=100, key="reg-display")
    password = right.text_input(t("login.password"), type="password", max_chars=256, key="reg-pass",
                                help=t("account.policy"), autocomplete="new-password")
    again = right.text_input(t("account.repeat"), type="password", max_chars=256, key="reg-pass2",
                             autocomplete="new-password")
    submitted = st.form_submit_button(t("register.submit"), type="primary")

if submitted:
    if password != again:
        st.error(t("account.mismatch"))
    elif not town:
        st.error(t("register.need_town"))
    elif not session_routes.registration_allowed(session_routes.streamlit_ip()):
        st.error(t("signin_guard.register_limited", minutes=session_routes.REGISTER_WINDOW_SECONDS // 60))
    else:
        try:
            actor = registration.register_enterprise(username, password, org_name=org_name, uscc=uscc, town=town,
                                                     district=cat.district.id, display_name=display)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            auth.registered(actor)
            W().setdefault("notices", []).append(("info", t("claims.registered", name=md(actor.display_name))))
            st.rerun()
