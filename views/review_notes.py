"""初审意见: every preliminary-review note on the enterprises of the jurisdiction, newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, reviews
from ui import auth, pickers
from ui.fmt import label_of, local_time, md
from ui.i18n import t

who = auth.actor()
st.title(t("notes.title"))
st.caption(t("notes.intro"))
if who is None:
    st.stop()
registered = {o.id: pickers.org_label(o) for o in pickers.organisations()}
choices = {"": t("notes.all_orgs"), **registered}
choice = st.selectbox(t("view.org"), list(choices), key="notes-org", format_func=label_of(choices),
                      placeholder=t("input.choose"))
try:
    notes = reviews.list_notes(who, org_id=choice or None)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
if not notes:
    st.info(t("notes.none"))
    st.stop()
st.dataframe(pd.DataFrame([{t("notes.time"): local_time(n.created_at, "%Y-%m-%d %H:%M"), t("view.org"): n.org_name,
                            t("view.revision"): n.revision, t("notes.author"): n.author_name, t("notes.note"): n.note}
                           for n in notes]), hide_index=True, width="stretch",
             column_config={t("notes.note"): st.column_config.TextColumn(width="large")})
