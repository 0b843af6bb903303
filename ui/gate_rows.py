"""The gates as compact rows: a 全部符合 shortcut, then per gate one line (name, answer, state) with its guidance in a
popover, the failures named under the rows, and the gates' 证明材料 gathered in one table. Gates carry no points,
so no 分值来源 is shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from criteria.schema import Gate
from scoring.models import GateResult
from ui import cards, state, widgets
from ui.fmt import md
from ui.i18n import lang, t
from ui.session import W

STATE_ICON = {"pass": ":green[✔]", "fail": ":red[✘]", "unanswered": ":gray[○]"}


def passing_answer(g: Gate) -> Any:
    """The answer that makes `g` pass: 是 for a yes/no gate, the first passing option for a graded one."""
    if g.options:
        return g.pass_options[0] if g.pass_options else None
    return True


def _set_all(gates: Sequence[Gate]) -> None:
    changes = {f"answers.{g.id}": passing_answer(g) for g in gates if passing_answer(g) is not None}
    changes = {p: v for p, v in changes.items() if state.get(p) != v}
    if not changes:
        return
    state.update_many(changes)
    W()["gen"] += 1  # the row controls are drawn again from the draft


def all_met(gates: Sequence[Gate]) -> None:
    """One button that answers every gate 符合; each row can then be changed as an exception."""
    if state.locked():
        return
    c1, c2 = st.columns([1, 3], vertical_alignment="center")
    with c1:
        st.button(t("gates.all_met"), key=widgets.wkey("gates.all_met"), on_click=_set_all, args=(list(gates),),
                  type="primary", width="stretch")
    with c2:
        st.caption(t("gates.all_met_help"))


def _guidance(g: Gate) -> None:
    lg = lang()
    st.markdown(f"**{t('guide.guidance')}**　{g.guidance.get(lg)}")
    if g.evidence:
        st.markdown(f"**{t('guide.evidence')}**\n" + "\n".join(f"- {e.get(lg)}" for e in g.evidence))
    st.markdown(f"**{t('guide.clause')}**　{g.clause}")
    if g.example:
        st.markdown(f"**{t('guide.example')}**　{g.example.get(lg)}")


def _answer(g: Gate) -> None:
    """The row's segmented control, its label hidden (the name stands left of it); bound and autosaved as every
    other input (ui.widgets)."""
    path = f"answers.{g.id}"
    cur = state.get(path)
    if g.options:
        options: list[Any] = list(g.options)
        shown: dict[Any, str] = {o: o for o in g.options}
        helptext: str | None = t("gate.pass_options", options="、".join(g.pass_options))
    else:
        options, shown, helptext = [True, False], {True: t("gate.met"), False: t("gate.not_met")}, None
    st.segmented_control(t("gate.answer"), options, default=cur if cur in options else None,
                         format_func=lambda v: shown.get(v, str(v)), help=helptext, label_visibility="collapsed",
                         **widgets._bind(path))  # the binding every input shares
    widgets.error(path)
    widgets.carried_mark(path)


def row(g: Gate, res: GateResult | None) -> None:
    lg = lang()
    name, right = st.columns([5, 5], vertical_alignment="center", gap="small")
    with name:
        icon = STATE_ICON.get(res.state if res else "unanswered", "")
        st.markdown(f"{icon} {md(g.name.get(lg))}")
    # answer and 要点 side by side, also when the columns stack on a phone
    with right, st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
        _answer(g)
        # keyed and filled only while open: closed, it costs one element on every rerun instead of five
        key = f"gate-more-{g.id}"
        box = st.popover(t("gate.more"), help=t("guide.title"), key=key, on_change="rerun")
        if st.session_state.get(key):
            with box:
                _guidance(g)
    if res is not None and res.state == "fail":
        st.error(t("gate.failed", reason=md(res.reason)))
    cards.returned(g.id)

