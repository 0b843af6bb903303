"""证明材料: evidence files per item of the open assessment (PDF, JPG, PNG, XLSX, DOCX), upload and download."""

from __future__ import annotations

import streamlit as st

from ui import auth, files, nav, state
from ui.catalogue import profile, ruleset
from ui.fmt import label_of, md
from ui.i18n import lang, t
from ui.session import W

lg = lang()
who = auth.actor()
st.title(t("files.title"))
st.caption(t("files.intro"))
aid = W().get("aid")
if who is None or not auth.stores(who):
    st.info(t("files.guest"))
    st.stop()
if not aid:
    st.info(t("files.no_assessment"))
    if st.button(t("my.new"), key="ev-new"):
        nav.go("home")
    st.stop()

rs, prof = ruleset(state.get("ruleset") or ""), profile(state.get("profile") or "")
items = {g.id: g for g in (*rs.gates, *prof.gates)} | {i.id: i for _, i in rs.indicators()}
names = {k: v.name.get(lg) for k, v in items.items()}
st.markdown(t("files.for", name=md(state.get("enterprise.name") or t("sb.unnamed"))))

with st.container(border=True):
    st.subheader(t("files.add"))
    item_id = st.selectbox(t("files.item"), list(names), format_func=label_of(names), key="ev-item",
                           placeholder=t("input.choose"))
    item = items[item_id]
    if item.evidence:
        st.caption(t("files.expected") + "；".join(e.get(lg) for e in item.evidence))
    files.upload(who, aid, item_id)

with st.container(border=True):
    st.subheader(t("files.list"))
    files.listing(who, aid, names, can_delete=True)
