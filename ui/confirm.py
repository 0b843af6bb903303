"""A button for an action that cannot be taken back (清空资源池, 删除此项): the first click only asks, in Chinese,
and the action runs on 确认; 取消 leaves everything as it was.

Two steps in place rather than ``st.dialog``: the question stands next to the row it is about, costs no widget
until asked (pages with many rows stay light), and works the same in AppTest. One question is open at a time: asking
another one, confirming or cancelling closes it, so a question about row 2 can never delete what became row 2
after another row went.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.i18n import t
from ui.session import W

_OPEN = "_confirm_open"  # the key of the button whose question is on screen


def is_open(key: str) -> bool:
    """Whether the question of the button ``key`` is on screen (e.g. to keep its expander open)."""
    return W().get(_OPEN) == key


def _ask(key: str) -> None:
    W()[_OPEN] = key


def _close() -> None:
    W().pop(_OPEN, None)


def _confirmed(action: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _close()
    action(*args)


def button(label: str, *, key: str, action: Callable[..., Any], args: tuple[Any, ...] = (), question: str,
           confirm_label: str, where: Any = None) -> None:
    """``label`` asks ``question`` first; ``confirm_label`` runs ``action(*args)`` (as a callback, before the
    rerun). Keys: ``key`` for the button, ``key + ".yes"`` and ``key + ".no"`` for the answers."""
    target = st if where is None else where
    if not is_open(key):
        target.button(label, key=key, on_click=_ask, args=(key,))
        return
    with target.container(border=True):
        st.warning(question)
        yes, no = st.columns(2)
        yes.button(confirm_label, key=f"{key}.yes", type="primary", on_click=_confirmed, args=(action, args))
        no.button(t("confirm.cancel"), key=f"{key}.no", on_click=_close)
