"""An address of another role's page (or of a page that needs signing in): go to this user's start page.
Nobody signed in yet (e.g. a browser reload, which starts a new session): the address is remembered, so signing in
leads back to it when it is one of the user's pages."""

from __future__ import annotations

import streamlit as st

from ui import auth, roles
from ui.session import W

if auth.actor() is None:
    W()["_next_page"] = W().get("_current")
target = roles.start_page()
if target is not None:
    st.switch_page(target, query_params=dict(st.query_params))
