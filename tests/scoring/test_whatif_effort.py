"""The plan's effort for a quantitative gap follows the size of the change it needs (scoring.whatif.CHANGE_BANDS),
not the cheapest listed action: a 25 % cut in 单位产值综合能耗 is a large effort even though installing meters is cheap."""

from __future__ import annotations

import math

import pytest

from criteria import Catalogue, load_catalogue
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import BenchValue, IndicatorResult
from scoring.whatif import (
    EFFORT_COST,
    change_needed_pct,
    effort_of_change,
    improvement_path,
    plan_to_level,
    step_effort,
)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def _ind(kind: str, value: float | None, leading: float | None) -> IndicatorResult:
    lead = None if leading is None else BenchValue(value=leading, origin="catalogue")
    return IndicatorResult(id="x", dimension="d", name={"zh": "x", "en": "x"}, kind=kind, state="scored",
                           value=value, leading=lead, max_points=8)


@pytest.mark.parametrize(("kind", "value", "leading", "pct"), [
    ("inverse", 0.04, 0.03, -25.0),  # a 25 % cut in intensity
    ("inverse", 0.0375, 0.03, -20.0),
    ("forward", 80.0, 100.0, 25.0),
    ("count", 7, 8, 100 / 7),
    ("forward", 0.0, 30.0, math.inf),  # from nothing
    ("inverse", 0.02, 0.03, None),  # already better than 引领值
    ("forward", None, 30.0, None),  # no value
    ("inverse", 0.04, None, None),  # no 引领值
    ("qualitative", 1.0, 2.0, None),
])
def test_change_needed(kind: str, value: float | None, leading: float | None, pct: float | None) -> None:
    got = change_needed_pct(_ind(kind, value, leading))
    assert got == (pct if pct is None or math.isinf(pct) else pytest.approx(pct))


@pytest.mark.parametrize(("pct", "effort"), [(0.5, "low"), (-4.99, "low"), (5.0, "medium"), (-19.9, "medium"),
                                             (-20.0, "high"), (25.0, "high"), (math.inf, "high")])
def test_bands(pct: float, effort: str) -> None:
    assert effort_of_change(pct) == effort


def test_a_quarter_cut_in_energy_intensity_is_a_large_effort_whatever_the_cheapest_action(cat: Catalogue) -> None:
    a = example_assessment("gbt36132_2025_platform", "ningbo_star", catalogue=cat)
    r = score(a, cat)
    gap = next(g for g in r.gaps if g.item_id == "energy_intensity_output")
    assert gap.effort == "low"  # the cheapest listed action (metering) is small …
    effort, pct = step_effort(gap, r)
    assert pct == pytest.approx(-24.9, abs=0.05) and effort == "high"  # … the change needed is not
    step = next(s for s in improvement_path(r, a, cat) if s.item_id == "energy_intensity_output")
    assert (step.effort, step.cost) == ("high", EFFORT_COST["high"]) and step.change_pct == pytest.approx(pct)
    by_id = {s.item_id: s for s in improvement_path(r, a, cat)}
    assert by_id["material_saving_recycled"].change_pct is None  # qualitative: its cheapest action's effort
    assert by_id["material_saving_recycled"].effort == next(g.effort for g in r.gaps
                                                            if g.item_id == "material_saving_recycled")
    plot = by_id["plot_ratio"]  # +12 % 容积率 is "medium" by size, but its cheapest action (building) is "high"
    assert plot.change_pct == pytest.approx(12.0) and plot.effort == "high"


def test_the_plan_prefers_small_changes_at_equal_points(cat: Catalogue) -> None:
    a = example_assessment("gbt36132_2025_platform", "ningbo_star", catalogue=cat)
    r = score(a, cat)
    plan = plan_to_level(a, r, "star4", cat)
    assert plan.reachable
    assert plan.total_cost == sum(EFFORT_COST[s.effort] for s in plan.steps)
    for s in plan.steps:
        if s.change_pct is not None:
            assert s.effort == effort_of_change(s.change_pct)
