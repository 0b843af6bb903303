"""An address of another role's page (or of a page that needs signing in): go to this user's start page."""

from __future__ import annotations

import streamlit as st

from ui import roles

target = roles.start_page()
if target is not None:
    st.switch_page(target, query_params=dict(st.query_params))
