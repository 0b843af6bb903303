"""审计日志: who did what, to what, when (sign-ins, account and permission changes, files, settings, 初审);
every save of an assessment is in its revision history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, audit
from ui import auth
from ui.fmt import label_of, local_time, md
from ui.i18n import say_msg, t

who = auth.actor()
st.title(t("audit.title"))
st.caption(t("audit.intro"))
if who is None:
    st.stop()
c1, c2 = st.columns([3, 1])
choices = {"": t("audit.all"), **audit.ACTIONS}
action = c1.selectbox(t("audit.action"), list(choices), key="audit-action", format_func=label_of(choices),
                      placeholder=t("input.choose"))
limit = c2.number_input(t("audit.limit"), min_value=10, max_value=5000, value=200, step=50, key="audit-limit")
try:
    entries = audit.list_audit(who, limit=int(limit), action=action or None)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
st.dataframe(pd.DataFrame([{t("audit.at"): local_time(e.at), t("audit.who"): e.who_name or "—",
                            t("audit.action"): e.action_label,
                            t("audit.detail"): "；".join(say_msg(m) for m in audit.describe(e)) or "—"}
                           for e in entries]),
             hide_index=True, width="stretch", height=600)
st.caption(t("audit.count", n=len(entries)))
