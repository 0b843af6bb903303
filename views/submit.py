"""提交与审核 (enterprise, consultant): submit the open assessment for the official's 初审 once it is complete, see
what came back and why, and open a new draft from a submitted or returned one (store.submissions)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, submissions
from ui import auth, pickers, state
from ui.fmt import md
from ui.i18n import say_msg, t
from ui.session import W

who = auth.actor()
st.title(t("submit.title"))
st.caption(t("submit.intro"))
aid = W().get("aid")
if who is None or not aid or not auth.stores(who):
    st.info(t("submit.none_open"))
    st.stop()
try:
    info = submissions.info(who, aid)
    verdicts = submissions.verdicts_of(who, aid)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
W()["status"] = info.status
returned = state.returned_comments()
result = state.result()
names = {i.id: say_msg(i.name) for i in result.indicators}
st.markdown(f"**{md(info.title or t('sb.unnamed'))}**  \n{md(pickers.facts(info))}")


def _redraft() -> None:
    try:
        new = submissions.redraft(who, aid)  # type: ignore[arg-type]
    except StoreError as exc:
        state.notice(md(str(exc)), "error")
        return
    if state.open_assessment(new):
        state.notice(t("submit.redrafted"), "info")


if returned:
    st.subheader(t("submit.returned_title", n=len(returned)))
    for item_id, comment in returned.items():
        st.warning(t("submit.returned_line", name=md(names.get(item_id, item_id)), comment=md(comment)))

if info.status == "draft":
    problems = submissions.submission_problems(result)
    if problems:
        st.warning(t("submit.not_ready", n=len(problems)))
        st.markdown("\n".join(f"- {md(p)}" for p in problems))
    else:
        st.success(t("submit.ready"))
    if st.button(t("submit.button"), key="submit-go", type="primary", disabled=bool(problems)):
        try:
            submissions.submit(who, aid, result, revision=int(W()["rev"]))
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            W()["status"] = "submitted"
            state.notice(t("submit.done"), "info")
            st.rerun()
else:
    st.info(t(f"submit.state_{info.status}"))
    st.button(t("submit.redraft"), key="submit-redraft", on_click=_redraft, help=t("submit.redraft_help"))

if verdicts:
    st.subheader(t("submit.verdicts"))
    st.dataframe(pd.DataFrame({
        t("submit.col_indicator"): [names.get(v.item_id, v.item_id) for v in verdicts],
        t("submit.col_verdict"): [t(f"review.{v.verdict}") for v in verdicts],
        t("submit.col_comment"): [v.comment for v in verdicts],
    }), hide_index=True, width="stretch")
