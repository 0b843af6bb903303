"""ui.live decides after a fragment rerun whether the rest of the screen still holds: it redraws only the slots a
fragment owns when nothing else on screen changed, and asks for a full rerun otherwise. These tests feed it the
engine's Results of the sample enterprise before and after a change."""

from __future__ import annotations

from typing import Any

import pytest

from criteria import load_catalogue
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Assessment, Result
from ui import live
from ui.session import W

CARD = "material_saving_reduce"  # graded, on the 资源高效化 page of the sample enterprise
PAGE = "resource_efficiency"


@pytest.fixture()
def draft() -> dict[str, Any]:
    W().clear()
    data = example_assessment().model_dump(mode="json")
    W().update(draft=data, serial=1, _guard_run=1)
    rs = load_catalogue().ruleset(data["ruleset"])
    for ind in next(d for d in rs.dimensions if d.id == PAGE).indicators:
        live.shows(ind.id)  # the page's cards, as views/dimension.py registers them
    return data


def _result() -> Result:
    W()["serial"] += 1  # a change of the draft, as ui.state counts them
    data = W()["draft"]
    return score(Assessment.model_validate(data), load_catalogue(), ruleset_id=data["ruleset"],
                 profile_id=data["profile"])


def _card(ind_id: str) -> tuple[tuple[str, ...], set[str]]:
    return (*live.FRAME_SLOTS, f"value-{ind_id}"), {ind_id}


def test_an_answer_in_a_card_needs_only_that_card_and_the_slots(draft: dict[str, Any]) -> None:
    before = live._screen(_result())
    levels = [lv.id for lv in load_catalogue().ruleset(draft["ruleset"]).rubrics[
        next(i.rubric for d in load_catalogue().ruleset(draft["ruleset"]).dimensions for i in d.indicators
             if i.id == CARD)].levels]
    draft["answers"][CARD] = next(lv for lv in levels if lv != draft["answers"][CARD])
    after = live._screen(_result())
    assert after["line"][CARD] != before["line"][CARD]  # its value line and the total change
    owns, inside = _card(CARD)
    assert live._outside(after, owns, inside) == live._outside(before, owns, inside)
    # the evidence table's fragment draws neither that card nor its value line: it would need a full rerun
    assert live._outside(after, live.FRAME_SLOTS, ()) != live._outside(before, live.FRAME_SLOTS, ())


def test_a_typed_number_redraws_the_value_lines_unless_a_card_body_changes(draft: dict[str, Any]) -> None:
    start = draft["inputs"]["output_value_wan"]
    before = live._screen(_result())
    draft["inputs"]["output_value_wan"] = start * 1.1  # scores move, nothing else
    after = live._screen(_result())
    assert after["line"] != before["line"]
    assert live._outside(after, None, ()) == live._outside(before, None, ())  # the numbers table owns every slot
    draft["inputs"]["output_value_wan"] = start / 10_000  # 元 typed as 万元: 取水量/产值 looks like a unit slip
    slipped = live._screen(_result())
    assert live._outside(slipped, None, ()) != live._outside(after, None, ())


def test_a_page_completed_changes_the_navigation_so_the_frame_reruns(draft: dict[str, Any]) -> None:
    answer = draft["answers"].pop(CARD)
    before = live._screen(_result())
    draft["answers"][CARD] = answer
    after = live._screen(_result())
    owns, inside = _card(CARD)
    assert live._outside(after, owns, inside) != live._outside(before, owns, inside)  # ✓ in the navigation
    assert dict(after["frame"][0])[f"dim-{PAGE}"] and not dict(before["frame"][0])[f"dim-{PAGE}"]


def test_a_card_on_another_page_is_not_compared(draft: dict[str, Any]) -> None:
    before = live._screen(_result())
    draft["inputs"]["land_area_m2"] = draft["inputs"]["land_area_m2"] * 1.2  # 用地集约化's cards, not on this page
    after = live._screen(_result())
    owns, inside = _card(CARD)
    assert after["line"] != before["line"]
    assert live._outside(after, owns, inside) == live._outside(before, owns, inside)
