"""What a typed number updates without a full rerun: the numbers table of a page runs as an ``st.fragment``, and the
parts of the screen that show its result (the sidebar's total and level, the phone's total bar, the save caption,
the page's score line, each card's value line) are slots the fragment redraws.

In Streamlit 1.67 a full rerun costs every element of the frame and the page; a fragment rerun costs only the
fragment and what it writes. A slot is an ``st.empty`` placed in the full run with a function of the Result. On a
page with the fragment only the fragment draws the slots, in the full run and in each of its reruns (a fragment may
write into containers outside itself, and Streamlit replaces what it wrote there on each rerun; drawing one from
the script and again from the fragment in the same run blanked the page now and then); elsewhere they are drawn
at once. Anything else a change could alter (a page's
progress, an indicator's state, a warning, a field error, the status, the signed-in user) is compared with the
full run's, and a notice waiting to be shown needs the frame: then the fragment asks for a full rerun, so the
screen never shows two answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from scoring.models import Result
from ui import auth, progress, state
from ui.catalogue import profile, ruleset
from ui.session import W

Draw = Callable[[Result], None]


def _run() -> int:
    return int(W().get("_guard_run") or 0)  # ui.connection.guard counts the full runs


def _slots() -> dict[str, tuple[Any, Draw]]:
    """This full run's slots (a new run starts a new set)."""
    if W().get("_live_run") != _run():
        W()["_live_run"], W()["_live_slots"], W()["_live_shape"] = _run(), {}, None
    slots: dict[str, tuple[Any, Draw]] = W()["_live_slots"]
    return slots


def defer(on: bool) -> None:
    """Set by the frame before the sidebar: this run's page draws its slots from a fragment (a dimension page), so
    they are only placed now and filled once, by the fragment (``follow``) or at the end of the run (``finish``)."""
    _slots()
    W()["_live_defer"] = on


def slot(name: str, result: Result, draw: Draw) -> None:
    """Keep a place here for ``draw(result)``, so a fragment rerun can draw it again with a new Result; drawn at
    once unless the page's fragment will draw it (``defer``)."""
    box = st.empty()
    if not W().get("_live_defer"):
        with box.container():
            draw(result)
    _slots()[name] = (box, draw)


def finish(result: Result | None) -> None:
    """End of the full run: slots a deferring page did not fill (it had no fragment, or stopped) are drawn now."""
    if W().get("_live_defer") and result is not None and W().get("_live_seen") != _run():
        _draw_all(result)
    W()["_live_defer"] = False


def _draw_all(result: Result) -> None:
    for box, draw in list(_slots().values()):
        with box.container():
            draw(result)


def shape(result: Result) -> str:
    """Everything outside the slots that a change of a number can alter, as one comparable text."""
    draft = W().get("draft") or {}
    errors = state.field_errors()
    pages = progress.all_pages(draft, errors, result, ruleset(draft.get("ruleset") or ""),
                               profile(draft.get("profile") or ""))
    items = [(r.id, r.state, r.implausible, r.missing,
              *((b.origin, b.value is None) if b is not None else (None, True) for b in (r.baseline, r.leading)))
             for r in result.indicators]
    who = auth.actor()
    return repr((sorted(pages.items()), items, result.warnings, sorted(errors), draft.get("carried"),
                 result.eligible, result.failed_gates, W().get("status"), W().get("aid"),
                 getattr(who, "user_id", None), getattr(who, "role", None)))


def follow(result: Result) -> None:
    """Called first in the fragment. In the full run: draw every slot from inside the fragment (Streamlit lets a
    fragment rerun write only into outside containers it wrote into during the full run) and note the shape. In a fragment rerun: redraw every slot with the Result of the changed draft, or rerun the whole app
    when anything beyond the slots changed (or the session's user did)."""
    if W().get("_live_seen") != _run():  # the full run
        W()["_live_seen"] = _run()
        _draw_all(result)
        W()["_live_shape"] = shape(result)
        return
    if auth.current() is None or W().get("_live_run") != _run() or W().get("notices") or W().get("_qp_resend"):
        st.rerun()  # signed out, a notice to show (drawn by the frame), or a new assessment to name in the address
    fresh = state.result()
    if shape(fresh) != W().get("_live_shape"):
        st.rerun()
    _draw_all(fresh)
