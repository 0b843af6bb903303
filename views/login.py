"""登录: user name and password; the organisation's single sign-on when configured; or a guest self-check."""

from __future__ import annotations

import streamlit as st

from store import accounts
from ui import auth, roles, session_routes
from ui.i18n import t
from ui.session import W

who = auth.actor()
if who is not None and who.role != "guest":  # signed in already (e.g. an old address): go to the start page
    target = roles.start_page()
    if target is not None:
        st.switch_page(target)

st.title(t("login.title"))
st.caption(t("login.intro"))
left, right = st.columns([3, 2], gap="large")
if session_routes.active():  # a real HTML form posting to the sign-in route, which sets the session cookie
    notice = auth.route_notice()
    if notice is not None:
        (left.error if notice[0] == "error" else left.info)(notice[1])
    labels = {key: t(f"login.{key}") for key in ("username", "password", "submit")}
    with left:
        st.html(session_routes.login_form(auth.csrf_token(), labels, next_page=W().get("_next_page") or "",
                                          next_a=st.query_params.get("a") or ""))
else:  # AppTest, or `streamlit run app.py`: the Streamlit form, signed in for this tab only
    with left, st.form("login", border=True):
        username = st.text_input(t("login.username"), key="login-user", max_chars=64, autocomplete="username")
        password = st.text_input(t("login.password"), key="login-pass", type="password", max_chars=256,
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if submitted:
        problem = auth.sign_in(username, password)
        if problem is None:
            st.rerun()
        left.error(problem)

with left:
    for provider in auth.oidc_providers():
        label = t("login.oidc", provider=provider) if provider else t("login.oidc_default")
        if st.button(label, key=f"oidc-{provider or 'default'}"):
            st.login(provider) if provider else st.login()
    refused = auth.oidc_refusal()
    if refused:
        st.error(refused)

with right, st.container(border=True):
    st.subheader(t("login.guest_title"))
    st.markdown(t("login.guest_help"))
    if who is None and st.button(t("login.guest_start"), key="guest-start"):
        auth.enter_guest()
        st.rerun()
    if accounts.registration_open():
        st.markdown(t("login.register_hint"))
        if st.button(t("login.register_go"), key="go-register"):
            st.switch_page(roles.PAGES["register"][0])
    st.caption(t("login.forgot"))
