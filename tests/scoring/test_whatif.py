"""scoring.whatif: the improvement path, the cheapest plan to a level, and re-scoring with changed values."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria import Catalogue, load_catalogue
from locales import render
from scoring.engine import score
from scoring.example import example_assessment
from scoring.io import InputError, dump_assessment
from scoring.models import Assessment, Enterprise, Result
from scoring.whatif import (
    EFFORT_COST,
    UnknownLevel,
    _cheapest_cover,
    _Move,
    apply_changes,
    improvement_path,
    plan_text,
    plan_to_level,
    rescore_with,
    step_effort,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
EPS = 1e-6


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def example(cat: Catalogue) -> tuple[Assessment, Result]:
    a = example_assessment(catalogue=cat)
    return a, score(a, cat)


@pytest.fixture(scope="module")
def failing(cat: Catalogue) -> tuple[Assessment, Result]:
    """The 2018 example with two failed basic requirements and a failed local gate."""
    a = example_assessment("gbt36132_2018", catalogue=cat)
    gates = [g.id for g in cat.ruleset("gbt36132_2018").gates][:2]
    for g in gates:
        a.answers[g] = False
    a.answers["muni_benefit_class"] = "C"
    r = score(a, cat)
    assert len(r.failed_gates) == 3 and not r.eligible
    return a, r


# ---- improvement path ----------------------------------------------------------------------------------


def test_path_adds_every_recoverable_point_in_gap_order(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    path = improvement_path(r, a, cat)
    gaps = [g for g in r.gaps if g.kind != "evidence"]
    assert [s.item_id for s in path] == [g.item_id for g in gaps]
    running = r.total
    for step, gap in zip(path, gaps, strict=True):
        running += gap.recoverable
        assert step.total_after == pytest.approx(running)
        assert step.cost == EFFORT_COST[step_effort(gap, r)[0]]
    assert path[-1].total_after == pytest.approx(r.max_total, abs=1e-4)  # every point recovered


def test_path_crosses_each_level_once_at_its_threshold(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    path = improvement_path(r, a, cat)
    crossed = [(lv, s) for s in path for lv in s.crosses]
    assert [lv for lv, _ in crossed] == ["star4"]  # star3 is already reached
    _, step = crossed[0]
    before = path[path.index(step) - 1].total_after
    assert before < 85 <= step.total_after


def test_path_puts_blockers_first_and_reaches_no_level_before_them(failing: tuple[Assessment, Result],
                                                                   cat: Catalogue) -> None:
    a, r = failing
    path = improvement_path(r, a, cat)
    blockers = [s for s in path if s.blocker]
    assert {s.item_id for s in blockers} == set(r.failed_gates)
    assert path[: len(blockers)] == blockers
    assert all(not s.crosses and not s.eligible_after for s in blockers[:-1])
    assert blockers[-1].eligible_after
    # the score already clears 三星 (79.99 ≥ 75): the level is granted the moment the last gate is closed
    assert blockers[-1].crosses == ["star3"]


def test_path_of_a_full_score_is_empty(cat: Catalogue) -> None:
    a = example_assessment(catalogue=cat)
    r = score(a, cat)
    full = r.model_copy(update={"gaps": []})
    assert improvement_path(full, a, cat) == []


# ---- plans -----------------------------------------------------------------------------------------------


def test_plan_to_the_next_level_is_the_cheapest_set(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    plan = plan_to_level(a, r, "star4", cat)
    assert plan.reachable and not plan.already
    assert plan.final_total >= 85 - EPS
    assert plan.steps[-1].crosses == ["star4"]
    # brute force over every subset of the indicator gaps: nothing cheaper reaches 85
    gaps = [g for g in r.gaps if g.kind == "indicator"]
    need = 85 - r.total
    best = min(sum(EFFORT_COST[step_effort(g, r)[0]] for g in combo)
               for k in range(len(gaps) + 1) for combo in itertools.combinations(gaps, k)
               if sum(g.recoverable for g in combo) >= need - EPS)
    assert plan.total_cost == best


def test_plan_already_reached(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    plan = plan_to_level(a, r, "star3", cat)
    assert plan.already and plan.reachable and plan.steps == [] and plan.total_cost == 0


def test_plan_closes_blockers_first(failing: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = failing
    plan = plan_to_level(a, r, "star4", cat)
    assert plan.reachable
    n = len(r.failed_gates)
    assert all(s.blocker for s in plan.steps[:n]) and not any(s.blocker for s in plan.steps[n:])
    assert plan.final_total >= 85 - EPS


def test_plan_unknown_level_names_the_choices(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    with pytest.raises(KeyError) as info:  # UnknownLevel is a KeyError: callers that catch KeyError still do
        plan_to_level(a, r, "star9", cat)
    assert isinstance(info.value, UnknownLevel)
    assert "star9" in render("zh", info.value.message) and "star4" in render("zh", info.value.message)


def test_plan_out_of_reach_says_so(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    levels = [lv.model_copy(update={"min_total": 150.0}) if lv.id == "star4" else lv for lv in r.levels]
    plan = plan_to_level(a, r.model_copy(update={"levels": levels}), "star4", cat)
    assert not plan.reachable
    assert "150" in render("zh", plan.note) and plan.final_total == pytest.approx(100, abs=1e-4)


def test_plan_without_threshold_lists_what_is_needed_anyway(cat: Catalogue) -> None:
    a = example_assessment(profile_id="national_readiness", catalogue=cat)
    r = score(a, cat)
    level = next(lv for lv in r.levels if lv.min_total is None)
    plan = plan_to_level(a, r, level.id, cat)
    assert not plan.reachable
    assert "未设定" in render("zh", plan.note)
    assert all(s.blocker or s.kind == "indicator" for s in plan.steps)


def test_a_level_that_needs_every_indicator_at_baseline_forces_them(cat: Catalogue) -> None:
    """A level with all_quantitative_at_baseline must close each quantitative indicator below 基准值, even
    when other gaps would bring enough points more cheaply."""
    profile = cat.profile("ningbo_star")
    strict = profile.levels[0].model_copy(update={"all_quantitative_at_baseline": True})
    custom = profile.model_copy(update={"levels": (strict, *profile.levels[1:])})
    cat2 = replace(cat, profiles={**cat.profiles, "ningbo_star": custom})
    a = example_assessment(catalogue=cat2)
    a = apply_changes(a, {"energy.electricity": 30_000_000})  # energy intensity now worse than 基准值
    r = score(a, cat2)
    below = [i.id for i in r.indicators if i.kind in ("forward", "inverse", "count") and i.state == "scored"
             and i.fraction == 0]
    assert below, "the change should push an indicator below its baseline"
    plan = plan_to_level(a, r, strict.id, cat2)
    assert plan.reachable
    assert set(below) <= {s.item_id for s in plan.steps}


def test_plan_text_is_readable(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    text = plan_text(plan_to_level(a, r, "star4", cat), "zh")
    assert "目标等级" in text and "措施" in text and "✓" in text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 10), st.sampled_from(["low", "medium", "high"])), max_size=9),
       st.floats(0, 40))
def test_cheapest_cover_is_exact(items: list[tuple[float, str]], need: float) -> None:
    moves = [_Move(f"i{k}", "indicator", f"i{k}", p, e) for k, (p, e) in enumerate(items)]
    chosen = _cheapest_cover(moves, need)
    feasible = [combo for k in range(len(moves) + 1) for combo in itertools.combinations(moves, k)
                if sum(m.points for m in combo) >= need - 1e-9]
    if not feasible:
        assert chosen is None
        return
    assert chosen is not None
    assert sum(m.points for m in chosen) >= need - 1e-9
    assert sum(m.cost for m in chosen) == min(sum(m.cost for m in combo) for combo in feasible)


# ---- re-scoring ------------------------------------------------------------------------------------------


def test_rescore_with_matches_the_engine_and_leaves_the_original(example: tuple[Assessment, Result],
                                                                 cat: Catalogue) -> None:
    a, r = example
    before = a.model_dump()
    changes = {"pv_self_use_kwh": 3_000_000, "energy.electricity": 8_000_000,
               "benchmarks.plot_ratio.leading": 1.0, "pollutants.0.annual_mean": 60}
    r2 = rescore_with(a, changes, cat)
    assert a.model_dump() == before
    changed = apply_changes(a, changes)
    assert changed.inputs.pv_self_use_kwh == 3_000_000
    assert changed.inputs.energy["electricity"] == 8_000_000
    assert changed.benchmarks["plot_ratio"].leading == 1.0
    assert changed.inputs.pollutants[0].annual_mean == 60
    assert r2 == score(changed, cat)
    assert r2.total > r.total


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"no_such_field": 1}, "未知字段"),
    ({"inputs.no_such_field": 1}, "no_such_field"),
    ({"land_area_m2": -5}, "land_area_m2"),
    ({"pollutants.9.annual_mean": 1}, "9"),
    ({"year": 1800}, "year"),
])
def test_rescore_with_bad_changes_names_the_field(example: tuple[Assessment, Result], changes: dict[str, float],
                                                 fragment: str) -> None:
    a, _ = example
    with pytest.raises(InputError) as info:
        rescore_with(a, changes)
    assert fragment in "\n".join(info.value.messages)


def test_rescore_of_an_empty_assessment(cat: Catalogue) -> None:
    a = Assessment(enterprise=Enterprise(name="空白"))
    r = rescore_with(a, {"output_value_wan": 1000, "energy.electricity": 100_000}, cat)
    energy = next(i for i in r.indicators if i.id == "energy_intensity_output")
    assert energy.value == pytest.approx(100_000 * 0.1229 / 1000 / 1000)  # kWh × 当量值 → tce per 万元


# ---- command line ----------------------------------------------------------------------------------------


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-m", "scoring", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO_ROOT, env=env, timeout=60, check=False)


def test_cli_plan(cat: Catalogue) -> None:
    text = dump_assessment(example_assessment(catalogue=cat))
    p = _run("plan", "-", "--level", "star4", stdin=text)
    assert p.returncode == 0, p.stderr
    # 浙江 2023 grid factor 0.4974; 85.56 since a quantitative gap's effort is the size of its change (was 85.69)
    assert "四星" in p.stdout and "85.56" in p.stdout
    j = _run("plan", "-", "--level", "star4", "--format", "json", stdin=text)
    assert j.returncode == 0 and '"reachable": true' in j.stdout
    bad = _run("plan", "-", "--level", "star9", stdin=text)
    assert bad.returncode == 2 and "未知的等级" in bad.stderr and "Traceback" not in bad.stderr
