"""No round trips on a keystroke (issue 9 item 5): a typed number loads the assessment from the store at most once
and validates the draft once per rerun. Calls are counted (store.assessments.load, Assessment.model_validate),
never timed; bench/rerun.py measures the time."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from criteria import load_catalogue
from scoring.models import Assessment
from store import LOCAL
from store import assessments as repo
from tests.app.wizard_helpers import goto, new_app, sidebar_total, type_value, widget


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Store loads of an assessment and validations of a draft made from now on."""
    seen: Counter[str] = Counter()
    load, validate = repo.load, Assessment.model_validate.__func__  # type: ignore[attr-defined]

    def counted_load(*args: Any, **kwargs: Any) -> Any:
        seen["load"] += 1
        return load(*args, **kwargs)

    def counted_validate(cls: type[Assessment], *args: Any, **kwargs: Any) -> Assessment:
        if cls is Assessment:
            seen["validate"] += 1
        return validate(cls, *args, **kwargs)

    monkeypatch.setattr(repo, "load", counted_load)
    monkeypatch.setattr(Assessment, "model_validate", classmethod(counted_validate))
    return seen


def _dimension_page(at: AppTest) -> AppTest:
    at.button(key="home-example").click().run()  # the sample enterprise: every page has its data
    rs = load_catalogue().ruleset(at.session_state["_wiz"]["draft"]["ruleset"])
    return goto(at, f"dim-{rs.dimensions[-1].id}")


def _type(at: AppTest, path: str, value: float) -> None:
    type_value(at, path, value)
    assert not at.exception, at.exception


def test_a_typed_number_loads_at_most_once_and_validates_once(at: AppTest, counts: Counter[str]) -> None:
    at = _dimension_page(at)
    path = "inputs.output_value_wan"
    before_total, before_rev = sidebar_total(at), at.session_state["_wiz"]["rev"]
    for step in (1, 2, 3):  # every keystroke alike, not only the first
        counts.clear()
        _type(at, path, 1000.0 * step)
        assert counts["load"] <= 1, counts
        assert counts["validate"] == 1, counts
    assert at.session_state["_wiz"]["rev"] == before_rev + 3  # each number saved as a revision
    stored, _ = repo.load(LOCAL, at.query_params["a"])
    assert stored["inputs"]["output_value_wan"] == 3000.0
    assert sidebar_total(at) != before_total  # the total shown is the new one


def test_a_rerun_without_change_neither_loads_nor_validates(at: AppTest, counts: Counter[str]) -> None:
    at = _dimension_page(at)
    counts.clear()
    at.run()
    assert counts == Counter(), counts


def test_a_save_from_another_tab_is_still_adopted_with_one_load(at: AppTest, counts: Counter[str]) -> None:
    first = _dimension_page(at)
    second = new_app()
    second.query_params["a"] = first.query_params["a"]
    goto(second, "profile")
    widget(second, "enterprise.contact").input("李四").run()  # a newer revision, saved elsewhere
    counts.clear()
    _type(first, "inputs.output_value_wan", 4321.0)  # adopts it before writing (field by field)
    assert counts["load"] == 1, counts
    assert counts["validate"] == 1, counts
    draft = first.session_state["_wiz"]["draft"]
    assert (draft["enterprise"]["contact"], draft["inputs"]["output_value_wan"]) == ("李四", 4321.0)
