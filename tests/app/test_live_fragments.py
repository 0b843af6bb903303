"""A change inside a fragment of a wizard page reruns that fragment alone (ui/live.py), unless something else on
screen changes, then the whole app reruns. AppTest always runs the whole script; bench/steady.py reruns one
fragment as the browser asks for it. The frame counts its full runs (ui.connection.guard), so the count tells which
of the two happened."""

from __future__ import annotations

from typing import Any

from bench import steady
from tests.app.wizard_helpers import goto, new_app

CARD = "material_saving_reduce"  # graded, on 资源高效化 of the sample enterprise


def _sample_on(url_path: str) -> Any:
    at = new_app()
    at.run()
    at.button(key="home-example").click().run()
    return goto(at, url_path)


def _fragment(at: Any, name: str, index: int = 0) -> str:
    return [f for f in steady.fragments(at) if steady.fragment_name(at, f).endswith(name)][index]


def _change(at: Any, apply: Any) -> None:
    """A change of the draft as a widget callback makes it (ui.state counts each change)."""
    wiz = at.session_state["_wiz"]
    apply(wiz["draft"])
    wiz["serial"] += 1


def _full_runs(at: Any) -> int:
    return int(at.session_state["_wiz"]["_guard_run"])


def test_an_answer_in_a_card_reruns_only_the_card() -> None:
    at = _sample_on("dim-resource_efficiency")
    card = _fragment(at, "cards._inputs")  # the page's first card: CARD
    runs = _full_runs(at)
    _change(at, lambda d: d["answers"].__setitem__(CARD, "none"))
    steady.run_fragment(at, card)
    assert not at.exception
    assert _full_runs(at) == runs  # the card and the live slots only


def test_a_change_that_reaches_another_card_reruns_the_page() -> None:
    at = _sample_on("dim-resource_efficiency")
    evidence = _fragment(at, "evidence_part")
    runs = _full_runs(at)
    _change(at, lambda d: d["answers"].__setitem__(CARD, "none"))  # CARD's value line: not the table's to redraw
    steady.run_fragment(at, evidence)
    assert not at.exception
    assert _full_runs(at) == runs + 1


def test_a_gate_answered_no_reruns_only_its_row() -> None:
    at = _sample_on("gates")
    row = _fragment(at, "_row")
    gate = next(iter(at.session_state["_wiz"]["draft"]["answers"]))
    runs = _full_runs(at)
    _change(at, lambda d: d["answers"].__setitem__(gate, False))
    steady.run_fragment(at, row)
    assert not at.exception
    assert _full_runs(at) == runs
