"""The wizard's own session values live in one dict under one session-state key.

Streamlit rebuilds a view of the whole session state for every widget it renders, so every top-level key costs
time on every widget of every rerun; the wizard keeps its values (draft, ids, caches, page registry) together.
The dict is looked up once per session and thread (a session-state read costs more than a page's worth of
dict reads when done for every UI string).
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

KEY = "_wiz"
_local = threading.local()


def W() -> dict[str, Any]:  # short on purpose: it is read everywhere
    ctx = get_script_run_ctx()
    sid = ctx.session_id if ctx is not None else None
    hit = getattr(_local, "box", None)
    if hit is not None and sid is not None and hit[0] == sid:
        return hit[1]
    box = st.session_state.get(KEY)
    if box is None:
        box = {}
        st.session_state[KEY] = box
    _local.box = (sid, box)
    return box
