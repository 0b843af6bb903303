"""已删除的评价 (admin): drafts their owners deleted (soft delete); restore one (store.assessments.undelete)."""

from __future__ import annotations

import streamlit as st

from store import StoreError
from store import assessments as repo
from ui import auth, pickers, state
from ui.fmt import md
from ui.i18n import t


def _restore(aid: str, title: str) -> None:
    try:
        repo.undelete(auth.actor(), aid)
    except StoreError as exc:
        state.notice(md(str(exc)), "error")
    else:
        state.notice(t("deleted.restored", title=md(title or t("sb.unnamed"))), "info")


who = auth.actor()
st.title(t("deleted.title"))
st.caption(t("deleted.intro"))
if who is None or who.role != "admin":
    st.stop()
try:
    found = repo.list_deleted(who)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
if not found:
    st.info(t("deleted.none"))
for info in found[:200]:
    row = st.columns([6, 2], vertical_alignment="center")
    row[0].markdown(md(pickers.assessment_label(info)))
    row[1].button(t("deleted.restore"), key=f"deleted-restore-{info.id}", width="stretch", on_click=_restore,
                  args=(info.id, info.title))
