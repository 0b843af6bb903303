"""我的评价: the organisation's assessments with their revision history; open one, or start next year's from it
(复制上年数据新建: answers carried over, year + 1, evidence states reset — scoring.rollover)."""

from __future__ import annotations

import streamlit as st

from scoring.rollover import copy_forward
from store import StoreError
from store import assessments as repo
from ui import auth, confirm, nav, pickers, revisions, state
from ui.fmt import local_time, md
from ui.i18n import t
from ui.session import W

MAX_SHOWN = 50


def _open(aid: str) -> None:
    if state.open_assessment(aid):
        nav.go("profile")


def _copy_forward(aid: str) -> None:
    try:
        data, _ = repo.load(auth.actor(), aid)  # type: ignore[arg-type]
    except StoreError as exc:
        st.error(md(str(exc)))
        return
    new = copy_forward(data)
    state.new_assessment(data=new)
    if W().get("aid"):
        state.notice(t("my.copied", year=new.get("year")), "info")
        nav.go("profile")


def _delete(aid: str) -> None:
    try:
        repo.delete(auth.actor(), aid)  # type: ignore[arg-type]
    except StoreError as exc:
        state.notice(md(str(exc)), "error")
        return
    if W().get("aid") == aid:
        state.close()
    state.notice(t("my.deleted"), "info")


who = auth.actor()
st.title(t("my.title"))
st.caption(t("my.intro"))
if st.button(t("my.new"), key="my-new", type="primary"):
    nav.go("home")

found = pickers.assessments_of()[:MAX_SHOWN]
if not found:
    st.info(t("home.none_saved"))
for i, info in enumerate(found):
    with st.container(border=True, key=f"my-{info.id}"):
        head = st.columns([5, 2, 2, 2], vertical_alignment="center")
        current = t("home.current") if info.id == W().get("aid") else ""
        head[0].markdown(f"**{md(info.title) if info.title else t('sb.unnamed')}**{current}  \n"
                         + t("home.saved_line", rev=info.latest_revision,
                             time=local_time(info.updated_at, "%Y-%m-%d %H:%M"))
                         + "  \n" + md(pickers.facts(info)))
        if head[1].button(t("home.open"), key=f"my-open-{info.id}", width="stretch"):
            _open(info.id)
        if head[2].button(t("my.copy_forward"), key=f"my-copy-{info.id}", width="stretch",
                          type="primary" if i == 0 else "secondary", help=t("my.copy_forward_help")):
            _copy_forward(info.id)
        if info.status == "draft":
            confirm.button(t("my.delete"), key=f"my-delete-{info.id}", action=_delete, args=(info.id,),
                           question=t("my.delete_question"), confirm_label=t("my.delete_confirm"), where=head[3])
        with st.expander(t("my.history")):
            revisions.history(who, info.id, key=f"my-history-{info.id}")
