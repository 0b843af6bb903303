"""The repair view: a stored draft that fails validation (a bad import, an older version, a hand-edited export)
opens with what is wrong, per field, and three ways on: fix (keep what is valid, drop the rest, as a new revision;
the old one stays in the history), keep it as it is (the pages mark the problems), or do not open it now.
Navigation and the account box stay, so a bad draft is never a dead end."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.fmt import md
from ui.i18n import t


def box() -> None:
    problems = state.repair_problems()
    if not problems:
        return
    with st.container(border=True, key="repair-box"):
        st.warning(t("repair.title", n=len(problems)))
        st.markdown("\n".join(f"- {md(p)}" for p in problems[:30]))
        if len(problems) > 30:
            st.caption(t("repair.more", n=len(problems) - 30))
        fix, keep, close = st.columns(3)
        fix.button(t("repair.fix"), key="repair-fix", type="primary", on_click=state.repair, args=("fix",),
                   help=t("repair.fix_help"))
        keep.button(t("repair.keep"), key="repair-keep", on_click=state.repair, args=("keep",),
                    help=t("repair.keep_help"))
        close.button(t("repair.close"), key="repair-close", on_click=state.repair, args=("close",))
