"""What an answer on a wizard page updates without a full rerun.

Each part of 企业概况, 基本要求与否决项 and the dimension pages a user changes runs as an ``st.fragment``: a
dimension page's numbers table, each indicator card's inputs, the evidence table; each gate's row; the boxes of the
profile. The parts of the screen that show their result (the sidebar's enterprise name, total and level,
the phone's total bar, the save caption, the page's score line, each card's value line) are slots: an ``st.empty``
placed in the full run with a function of the Result. A fragment rerun costs only the fragment and the slots it
redraws; a full rerun costs the frame and the whole page (Streamlit 1.67).

Streamlit lets a fragment rerun write into a container outside itself only where it wrote in the full run, and
two writers of one place in one run must be fragments (a script write and a fragment write to one ``st.empty``
blanked the page now and then). So on a page with fragments (``defer``) the slots are only placed by the script;
each fragment writes a placeholder into the slots it redraws (``part``) and one last fragment, run by the frame
after the page (``finish``), draws them all. Elsewhere slots are drawn at once.

Whatever else a change could alter on the screen (a page completed in the navigation, the body or value line of a
card the page shows outside the fragment, a gate's row, a warning, a field error, the status, the signed-in user)
is compared with what the screen shows; if it differs, or a notice waits for the frame, the fragment asks for a
full rerun, so the screen never shows two answers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from scoring.models import IndicatorResult, Result
from ui import auth, progress, state
from ui.catalogue import profile, ruleset
from ui.session import W

Draw = Callable[[Result], None]
FRAME_SLOTS = ("phone", "sb-name", "sb-score", "sb-saved", "dim-summary")  # name, total, level, save


def defers(url_path: str) -> bool:
    """The pages drawn from fragments: 企业概况, 基本要求与否决项 and the dimension pages."""
    return url_path.startswith("dim-") or url_path in ("profile", "gates")


def _run() -> int:
    return int(W().get("_guard_run") or 0)  # ui.connection.guard counts the full runs


def _slots() -> dict[str, tuple[Any, Draw]]:
    """This full run's slots (a new run starts a new set, and a new set of items shown)."""
    if W().get("_live_run") != _run():
        W()["_live_run"], W()["_live_slots"], W()["_live_items"] = _run(), {}, set()
    slots: dict[str, tuple[Any, Draw]] = W()["_live_slots"]
    return slots


def shows(item_id: str) -> None:
    """The page draws this indicator's card or this gate's row: a change to it elsewhere needs a redraw."""
    _slots()
    W()["_live_items"].add(item_id)


def defer(on: bool) -> None:
    """Set by the frame before the sidebar, at the start of the full run: this run's page draws from fragments
    (``defers``), so its slots are only placed now and drawn once, by the frame's last fragment."""
    _slots()
    W()["_live_defer"] = on


def _fragment_rerun() -> bool:
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def slot(name: str, result: Result, draw: Draw) -> None:
    """Keep a place here for ``draw(result)``, so a fragment rerun can draw it again with a new Result; drawn at
    once unless the page draws from fragments (``defer``)."""
    box = st.empty()
    if not W().get("_live_defer"):
        with box.container():
            draw(result)
    _slots()[name] = (box, draw)


def pages(result: Result) -> dict[str, tuple[int, int]]:
    """Page key → (answered, required) for the current draft: the navigation, the sidebar and the phone bar
    (computed once per change of the draft)."""
    key, hit = (W().get("serial"), id(result)), W().get("_live_pages")
    if hit is not None and hit[0] == key:
        return dict(hit[1])
    draft = W().get("draft") or {}
    value = progress.all_pages(draft, state.field_errors(), result, ruleset(draft.get("ruleset") or ""),
                               profile(draft.get("profile") or ""))
    W()["_live_pages"] = (key, value)
    return dict(value)


def totals(result: Result) -> tuple[int, int]:
    per_page = pages(result).values()
    return sum(p[0] for p in per_page), sum(p[1] for p in per_page)


def _line(r: IndicatorResult) -> tuple[Any, ...]:
    """What a card's value line (ui.cards.value_line) shows."""
    return (r.state, r.value, r.unit, r.baseline, r.leading, r.answer, r.answer_label, r.points, r.max_points,
            r.weighted, r.weighted_max, r.missing)


def _screen(result: Result) -> dict[str, Any]:
    """What the screen shows beyond the slots, per part: the frame's, and each indicator card's body and line."""
    draft = W().get("draft") or {}
    who = auth.actor()
    done = sorted((k, d >= n) for k, (d, n) in pages(result).items())  # the navigation marks completed pages
    frame = (done, sorted(state.field_errors()), draft.get("carried"), W().get("status"), W().get("aid"),
             getattr(who, "user_id", None), getattr(who, "role", None))
    body: dict[str, Any] = {g.id: (g.state, g.reason) for g in result.gates}  # a gate's row
    body.update({r.id: (r.state == "not_applicable", r.implausible,
                        *((b.origin, b.value is None) if b is not None else (None, True)
                          for b in (r.baseline, r.leading)),
                        [w.message for w in result.warnings if w.field == r.id]) for r in result.indicators})
    return {"frame": frame, "other": [w for w in result.warnings if w.field not in body], "body": body,
            "line": {r.id: _line(r) for r in result.indicators}}


def _outside(screen: dict[str, Any], owns: Collection[str] | None, inside: Collection[str]) -> tuple[Any, ...]:
    """The part of ``screen`` a fragment neither draws itself (the cards ``inside`` it) nor redraws (``owns``)."""
    shown = W().get("_live_items") or set()
    body = {i: b for i, b in screen["body"].items() if i in shown and i not in inside}
    lines = {i: v for i, v in screen["line"].items()
             if i in shown and i not in inside and not (owns is None or f"value-{i}" in owns)}
    return screen["frame"], screen["other"], body, lines


def _owned(owns: Collection[str] | None) -> list[tuple[Any, Draw]]:
    return [v for k, v in _slots().items() if owns is None or k in owns]


def part(result: Result, owns: Collection[str] | None = None, inside: Collection[str] = ()) -> Result:
    """Called first in each fragment of a deferring page; returns the Result to draw the fragment with.

    ``owns`` names the slots the fragment redraws (None: all the page's slots, so it must be called after the
    last one is placed); ``inside``, the indicators and gates whose card body or row lies in the fragment. In the
    full run the fragment takes its place in those slots. In its own rerun it redraws them with the Result of the
    changed draft, or reruns the whole app when anything else on the screen would change (or the user did)."""
    if not _fragment_rerun():
        for box, _draw in _owned(owns):
            box.empty()  # reserves this fragment's place; finish() draws the content
        return result
    if auth.current() is None or W().get("_live_run") != _run() or W().get("notices") or W().get("_qp_resend"):
        st.rerun()  # signed out, a notice to show (drawn by the frame), or a new assessment to name in the address
    fresh = state.result()
    now, shown = _screen(fresh), W().get("_live_screen")
    if shown is None or _outside(now, owns, inside) != _outside(shown, owns, inside):
        st.rerun()
    W()["_live_screen"] = now  # the rest of the screen equals it, as just compared
    for box, draw in _owned(owns):
        with box.container():
            draw(fresh)
    return fresh


@st.fragment
def _draw_slots(result: Result) -> None:
    """The last writer of every slot in the full run (a fragment, see above); it has no widgets, so it never
    reruns itself."""
    for box, draw in _owned(None):
        with box.container():
            draw(result)
    W()["_live_screen"] = _screen(result)


def finish(result: Result | None) -> None:
    """End of the full run: a deferring page's slots are drawn now."""
    if W().get("_live_defer") and result is not None:
        _draw_slots(result)
    W()["_live_defer"] = False
