"""Relative grades (A+ / A / B by percentile, within the pool and within each industry), ranking order, filters,
the 镇街 × dimension matrix and the enterprises closest to the next level."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pool.analysis import RankFilter, apply_filter, closest_to_levels, ranking, relative_grades, town_dimension
from pool.demo import demo_bench, demo_pool
from pool.model import Pool
from scoring.engine import Settings
from tests.pool.pool_helpers import zh


def _grades(totals: list[float], eligible: list[bool] | None = None, group: list[str] | None = None) -> list:
    t = pd.Series(totals, dtype=float)
    e = pd.Series(eligible if eligible is not None else [True] * len(totals))
    g = pd.Series(group, dtype="str") if group is not None else None
    return [None if pd.isna(x) else x for x in relative_grades(t, e, g)]


def test_shares_5_35_60_on_a_pool_of_100() -> None:
    grades = _grades(list(range(100, 0, -1)))
    assert grades.count("A+") == 5 and grades.count("A") == 35 and grades.count("B") == 60
    assert grades[:5] == ["A+"] * 5 and grades[5] == "A" and grades[40] == "B"


@pytest.mark.parametrize("n", [1, 2, 7, 19, 20, 21, 33, 101])
def test_top_ceil_5_percent_are_a_plus(n: int) -> None:
    grades = _grades(list(range(n, 0, -1)))
    assert grades.count("A+") == math.ceil(0.05 * n)
    assert grades.count("A+") + grades.count("A") == math.ceil(0.40 * n)


def test_ties_share_a_grade_whatever_the_row_order() -> None:
    totals = [90, 80, 80, 80, 70, 60, 50, 40, 30, 20] * 2
    a = _grades(totals)
    b = _grades(list(reversed(totals)))
    assert a == list(reversed(b))
    assert len({g for t, g in zip(totals, a, strict=True) if t == 80}) == 1


def test_only_eligible_enterprises_are_graded() -> None:
    grades = _grades([99, 50, 40, 30], eligible=[False, True, True, True])
    assert grades == [None, "A+", "A", "B"]


def test_grades_within_industry() -> None:
    grades = _grades([90, 10, 20, 50, 40, 45], group=["17", "17", "17", "34", "34", "34"])
    assert grades == ["A+", "B", "A", "A+", "B", "A"]


def test_ranking_order_and_filters() -> None:
    p = Pool(frame=demo_pool(80, seed=8), bench=demo_bench())
    r = ranking(p)
    assert r["rank"].tolist() == list(range(1, 81))
    key = list(zip(~r["eligible"], -r["total"], r["uscc"], strict=True))
    assert key == sorted(key)
    town = r["town"].iloc[0]
    only = apply_filter(r, RankFilter(towns=(town,)))
    assert set(only["town"]) == {town} and len(only) == (r["town"] == town).sum()
    assert apply_filter(r, RankFilter(eligible_only=True))["eligible"].all()
    assert (apply_filter(r, RankFilter(missing_evidence_only=True))["evidence_missing"] > 0).all()
    assert apply_filter(r, RankFilter(levels=("",)))["level"].isna().all()


def test_town_dimension_matrix() -> None:
    p = Pool(frame=demo_pool(60, seed=8), bench=demo_bench())
    m = town_dimension(p)
    dims = [d.id for d in p.model.ruleset.dimensions]
    assert set(m["dimension"]) == set(dims)
    assert m.groupby("dimension")["n"].sum().eq(60).all()
    assert m["rate"].between(0, 100).all()


def test_closest_to_each_level_with_the_cheapest_plan() -> None:
    p = Pool(frame=demo_pool(60, seed=8), bench=demo_bench())
    table = closest_to_levels(p, per_level=3)
    assert set(table["level"]) == {"star3", "star4"}
    for level, rows in table.groupby("level", sort=False):
        assert len(rows) == 3
        assert rows["eligible"].tolist() == sorted(rows["eligible"].tolist(), reverse=True)
        thr = rows["threshold"].iloc[0]
        assert (rows["total"] < thr + 1e-9).all() or level == "star3"
        assert rows["actions"].map(zh).str.len().gt(0).all()


def test_national_level_needs_an_administrator_threshold() -> None:
    p = Pool(ruleset="gbt36132_2025_platform", profile="national_readiness", frame=demo_pool(
        30, seed=1, profile_id="national_readiness"), bench=demo_bench(profile_id="national_readiness"))
    assert closest_to_levels(p).empty  # the score line is not published
    p.set_rules(p.ruleset, p.profile, Settings(level_thresholds={"national_candidate": 60.0}))
    table = closest_to_levels(p, per_level=2)
    assert table["level"].tolist() == ["national_candidate"] * 2


def test_drilldown_result_and_pdf_of_one_enterprise() -> None:
    p = Pool(frame=demo_pool(10, seed=8), bench=demo_bench())
    code = ranking(p)["uscc"].iloc[0]
    r = p.result(code)
    assert r.total == ranking(p)["total"].iloc[0]
    assert r.gaps  # the engine's full working and gap list
    report = pytest.importorskip("report")
    try:
        pdf = report.build_report(p.assessment(code), r)
    except report.CJKFontError:
        pytest.skip("no embeddable Chinese font on this machine")
    assert pdf.startswith(b"%PDF")


def test_ranking_is_recomputed_after_a_change() -> None:
    p = Pool(frame=demo_pool(10, seed=8), bench=demo_bench())
    first = ranking(p)["uscc"].iloc[0]
    p.frame.loc[p.frame["uscc"] == first, "ans.basic_no_violation_3y"] = False
    p.changed()
    assert ranking(p)["uscc"].iloc[0] != first
