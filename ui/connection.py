"""Nothing typed is lost across a disconnect, a server restart or a switch of replica, and the page says so in Chinese.

Streamlit keeps what is typed into a text or number field in the browser until the field is confirmed (Enter or
leaving it); if the server goes away before that, or the confirmation never reaches a server that saves it, the
value stays on screen but no server has it, and the next server session draws the stored value over it. The guard
(``connection.js``, a components-v2 element in the app page) keeps every value typed since the last run that
followed its confirmation, also in the tab's sessionStorage, and when the page is served by a new server session
(``data.session``, this process and browser session, changed: a restart, another replica, a reload) it sends them back as the trigger ``typed`` (it also asks for that run itself when it sees the connection come back,
because Streamlit reruns nothing on a reconnect). At the end of that run, once the page has drawn (and so
registered) its fields, ``restore`` saves them as one change through ``ui.state`` (so the usual validation and autosave apply) and
tells the user which fields it saved and which it could not.

The numbers of the dimension pages and their 证明材料 are tables (``st.data_editor``, keys ``g{gen}{lang}|table.…``,
ui.widgets.table): a cell is sent to the server as soon as its edit is committed (Enter or leaving the cell), so
they are not registered here; only a cell still being edited when the connection drops is lost.

While the connection is down the guard shows a Chinese banner (with a word on unsaved input) and rewrites
Streamlit's English status label ("Connecting") and connection dialog ("Connection error …"), which no
configuration option changes. What remains English: the browser's own error page when the address is opened or
reloaded while the server is down (no page of ours is there to speak).
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui import state
from ui.fmt import md
from ui.i18n import t
from ui.session import W

Kind = Literal["int", "float", "text"]
KEY = "gf-connection"
_UNSAFE = re.compile(r"[^a-zA-Z0-9_-]")  # what Streamlit replaces by "-" in a widget key's class name
_PROCESS = secrets.token_hex(8)  # a browser session keeps its id across a reconnect; a new process does not
_GUARD = st.components.v2.component("gf_connection", js=(Path(__file__).with_name("connection.js")).read_text("utf-8"))


def field_token(path: str) -> str:
    """The draft path as the guard sees it in the widget's class (``st-key-g3zh-<token>``)."""
    return _UNSAFE.sub("-", path)


def typed_field(path: str, label: str, kind: Kind, max_chars: int | None = None) -> None:
    """Register a text or number field drawn in this session, so a value typed into it can be restored."""
    W().setdefault("_typed_fields", {})[field_token(path)] = (path, label, kind, max_chars)


def _value(raw: str, kind: Kind, max_chars: int | None) -> Any:
    """The typed text as the widget would have confirmed it; ValueError when it would not have."""
    text = raw.strip()
    if kind == "text":
        if max_chars is not None and len(raw) > max_chars:
            raise ValueError(raw)
        return raw
    if not text:
        return None
    number = float(text.replace(",", ""))
    if not math.isfinite(number):
        raise ValueError(raw)
    if kind == "int":
        if number != int(number):
            raise ValueError(raw)
        return int(number)
    return number


def restore(typed: Mapping[str, object]) -> bool:
    """Save the values the guard kept from before the server session changed, as one revision; True when
    something changed (the page is then drawn again)."""
    fields: dict[str, tuple[str, str, Kind, int | None]] = W().get("_typed_fields", {})
    changes: dict[str, Any] = {}
    saved: list[str] = []
    refused: list[str] = []
    for token, raw in list(typed.items())[:200]:
        spec = fields.get(str(token))
        if spec is None:
            continue  # not a field of this wizard session (another page's, a stale entry): nothing to say
        path, label, kind, max_chars = spec
        try:
            if not isinstance(raw, str):
                raise ValueError(raw)
            value = _value(raw, kind, max_chars)
        except ValueError:
            refused.append(label)
            continue
        if value != state.get(path):
            changes[path] = value
            saved.append(label)
    if changes:
        state.update_many(changes)
        W()["gen"] += 1  # the widgets are drawn again with what was saved, not what the browser still shows
    if saved:  # a failed save says so itself (ui.state.autosave)
        state.notice(t("connection.restored", fields=md("、".join(saved))), "info")
    if refused:
        state.notice(t("connection.not_restored", fields=md("、".join(refused))), "warning")
    return bool(changes or refused)


def guard(wizard: bool) -> None:
    """Mount the guard (every run, first thing after the frame): the session it runs in and the page's words. In
    the wizard, what it hands back is kept until the page has drawn its fields (``finish``)."""
    ctx = get_script_run_ctx()
    words = {name: t(f"connection.{name}") for name in
             ("away", "away_unsaved", "connecting", "dialog_title", "dialog_body")}
    W()["_guard_run"] = W().get("_guard_run", 0) + 1  # new data every run: the guard sees each run that follows
    data = {"session": f"{_PROCESS}/{ctx.session_id if ctx else ''}", "run": W()["_guard_run"], "words": words}
    result = _GUARD(key=KEY, data=data, on_typed_change=lambda: None)
    typed = getattr(result, "typed", None)
    if wizard and isinstance(typed, dict) and typed:
        W()["_typed_back"] = typed


def finish() -> None:
    """At the end of a run: save what the guard handed back, now that the page registered its fields (the first
    run of a new server session knows none before), and draw the page again with it."""
    typed = W().pop("_typed_back", None)
    if typed and restore(typed):
        st.rerun()
