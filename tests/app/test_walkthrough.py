"""The example enterprise entered page by page through the widgets reaches exactly the CLI's total;
a refresh (a new session with the same ?a=) restores every answer; the score moves with each answer."""

from __future__ import annotations

import pytest

from scoring.engine import score
from scoring.example import example_assessment
from scoring.io import dump_assessment
from scoring.models import Assessment
from tests.app.wizard_helpers import cell, cli_total, current_page, fill_page, goto, new_app, sidebar_total, widget
from tests.draft_paths import used_inputs


def walk(at, example: dict) -> list[str]:
    """From the enterprise page to the results page, filling each page and pressing 下一步."""
    visited = []
    for _ in range(20):
        page = current_page(at)
        visited.append(page)
        fill_page(at, example)
        assert not at.exception, at.exception
        if page == "results":
            return visited
        at.button(key="nav-next").click().run()
    raise AssertionError(f"never reached the results page: {visited}")


@pytest.fixture(scope="module")
def example() -> Assessment:
    return example_assessment()


def test_walkthrough_reaches_the_cli_total(started, example, tmp_path):
    at = started
    assert current_page(at) == "profile"
    visited = walk(at, example.model_dump(mode="json"))
    rs_dims = [f"dim-{d}" for d in ("energy_low_carbon", "resource_efficiency", "clean_production", "green_product",
                                   "land_intensive")]
    assert visited == ["profile", "gates", *rs_dims, "results"]

    expected = cli_total(dump_assessment(example), tmp_path)
    draft = Assessment.model_validate(at.session_state["_wiz"]["draft"])
    used = used_inputs(example.ruleset)
    assert _diff(draft.inputs, example.inputs, used) == {}  # every input the rule-set reads was enterable
    assert draft.answers == example.answers
    result = score(draft)
    applicable = {r.id for r in result.indicators if r.state != "not_applicable"}
    assert {k: v for k, v in draft.evidence.items() if v.state} == {
        k: v for k, v in example.evidence.items() if k in applicable}
    assert result.total == pytest.approx(expected, abs=1e-9)
    assert sidebar_total(at) == f"{expected:.2f} / 100"
    assert at.metric[0].value == f"{expected:.2f}"  # the results page's headline


def test_refresh_restores_every_answer(started, example):
    at = started
    data = example.model_dump(mode="json")
    walk(at, data)
    aid = at.query_params["a"]
    before = at.session_state["_wiz"]["draft"]

    again = new_app()
    again.query_params["a"] = aid
    again.run()
    assert not again.exception
    assert again.session_state["_wiz"]["draft"] == before
    assert again.session_state["_wiz"]["rev"] == at.session_state["_wiz"]["rev"]
    goto(again, "profile")
    assert widget(again, "enterprise.name").value == example.enterprise.name
    goto(again, "dim-energy_low_carbon")
    assert cell(again, "inputs.energy.electricity") == example.inputs.energy["electricity"]
    assert sidebar_total(again) == sidebar_total(at)


def test_score_moves_with_each_answer(started):
    at = goto(started, "dim-energy_low_carbon")
    totals = [float(sidebar_total(at).split(" / ")[0])]
    chosen: list[str] = []
    for function_id in ("energy_query", "energy_flow", "carbon_accounting"):
        chosen.append(function_id)
        widget(at, "inputs.energy_platform_functions").set_value(list(chosen)).run()
        totals.append(float(sidebar_total(at).split(" / ")[0]))
    assert totals == sorted(totals) and len(set(totals)) == len(totals), totals


def test_each_change_is_a_new_revision_and_unchanged_values_are_not_saved(started):
    at = goto(started, "profile")
    assert at.session_state["_wiz"]["rev"] is None  # a blank new assessment is not stored
    widget(at, "enterprise.name").input("甲公司").run()
    rev = at.session_state["_wiz"]["rev"] - 1  # the first entry stores it as revision 1
    assert rev == 0
    widget(at, "enterprise.name").input("甲公司").run()  # same value: nothing to save
    assert at.session_state["_wiz"]["rev"] == rev + 1
    widget(at, "enterprise.contact").input("张三").run()
    assert at.session_state["_wiz"]["rev"] == rev + 2


def test_a_second_tab_sees_and_merges_changes(started):
    first = goto(started, "profile")
    widget(first, "enterprise.name").input("乙公司").run()
    second = new_app()
    second.query_params["a"] = first.query_params["a"]
    goto(second, "profile")
    widget(second, "enterprise.contact").input("李四").run()  # the second tab saves a newer revision
    widget(first, "enterprise.assessor").input("某咨询公司").run()  # the first tab adopts it, then saves
    draft = first.session_state["_wiz"]["draft"]["enterprise"]
    assert (draft["name"], draft["contact"], draft["assessor"]) == ("乙公司", "李四", "某咨询公司")
    assert not [w for w in first.warning if "冲突" in w.value]  # merged field by field, no conflict


def _diff(a, b, fields: set[str]) -> dict:
    da, db = a.model_dump(), b.model_dump()
    return {k: (da[k], db[k]) for k in fields if da[k] != db[k]}
