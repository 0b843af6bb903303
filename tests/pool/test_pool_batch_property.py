"""The batch scorer gives exactly the engine's result for every row (the property the pool's ranking rests on).

Random pools (hypothesis) and realistic demo pools, over every shipped rule-set with several profiles, random
benchmark tables (industry rows, equal and reversed 基准值/引领值) and administrator settings: for each row,
pool.batch agrees with scoring.engine.score(row_to_assessment(row)) on total, eligibility, completeness,
level, next level and distance, each dimension, and each indicator's state, value and weighted points (to 1e-9;
in practice the numbers are bit-identical).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from criteria import load_catalogue
from pool.batch import ColumnReader, metric_column, score_frame
from pool.columns import ColumnModel, bench_keys, pool_model, row_to_assessment, rows_to_frame
from pool.demo import demo_bench, demo_pool, demo_uscc
from scoring.engine import Settings, score
from scoring.metrics import METRICS
from scoring.vec import round6

CASES = [
    ("gbt36132_2025_platform", "ningbo_star"),
    ("gbt36132_2018", "ningbo_star"),
    ("gbt36132_2025_example", "national_readiness"),
    ("gbt36132_2025_textile", "hebei_star"),
    ("gbt36132_2025_machinery", "ningbo_star"),
]
TOL = 1e-9


def _close(a: float | None, b: float | None) -> bool:
    na = a is None or (isinstance(a, float) and math.isnan(a))
    nb = b is None or (isinstance(b, float) and math.isnan(b))
    return (na and nb) or (not na and not nb and abs(float(a) - float(b)) <= TOL)  # type: ignore[arg-type]


def assert_batch_equals_engine(frame: pd.DataFrame, model: ColumnModel, bench: pd.DataFrame | None,
                               stt: Settings | None = None) -> None:
    stt = stt or Settings()
    res = score_frame(frame, model, bench, settings=stt)
    cat = load_catalogue()
    for i in range(len(frame)):
        row = frame.iloc[i].to_dict()
        r = score(row_to_assessment(row, model, bench), cat, settings=stt)
        b = res.iloc[i]
        where = f"row {i} ({row.get('uscc')})"
        assert _close(b["total"], r.total), (where, b["total"], r.total)
        assert bool(b["eligible"]) == r.eligible, (where, "eligible")
        assert bool(b["complete"]) == r.complete, (where, "complete", r.missing)
        assert (b["level"] if isinstance(b["level"], str) else None) == r.level, (where, b["level"], r.level)
        assert (b["next_level"] if isinstance(b["next_level"], str) else None) == r.next_level, where
        assert _close(b["distance_to_next"], r.distance_to_next), (where, "distance")
        assert int(b["missing_count"]) == len(r.missing), (where, "missing")
        assert r.range is not None and _close(b["range_min"], r.range.min) and _close(b["range_max"], r.range.max), \
            (where, "range", b["range_max"], r.range)
        assert b["level_status"] == r.level_status, (where, "level status")
        assert (b["possible_level"] if isinstance(b["possible_level"], str) else None) == r.possible_level, where
        for d in r.dimensions:
            assert _close(b[f"dim.{d.id}"], d.score), (where, d.id, b[f"dim.{d.id}"], d.score)
        for ir in r.indicators:
            assert b[f"state.{ir.id}"] == ir.state, (where, ir.id, b[f"state.{ir.id}"], ir.state)
            assert _close(b[f"val.{ir.id}"], ir.value), (where, ir.id, b[f"val.{ir.id}"], ir.value)
            assert _close(b[f"pts.{ir.id}"], ir.weighted), (where, ir.id, "points")


# ---- random pools --------------------------------------------------------------------------------------------

def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Finite floats in [lo, hi] without the tiny ones (import refuses nothing that small, but no pool has it, and
    a ratio over 1e-300 overflows to inf in both scorers alike)."""
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or x > 1e-6)


NUM = st.one_of(st.none(), st.none(), st.sampled_from([0.0, 1.0, 2.5, 10.0, 100.0, 3000.0, 5000.0, 10000.0]),
                _floats(0, 1e6), _floats(0, 50))
INT = st.one_of(st.none(), st.integers(0, 30).map(float))
BOOL = st.sampled_from([None, True, False])


def _value(col: Any) -> st.SearchStrategy[Any]:
    if col.kind == "number":
        if col.positive:
            return st.one_of(st.none(), _floats(0.01, 1e4))
        if col.max_value is not None:
            return st.one_of(st.none(), _floats(0, col.max_value))
        return NUM
    if col.kind == "int":
        return INT
    if col.kind == "year":
        return st.one_of(st.none(), st.sampled_from([2000.0, 2021.0, 2022.0, 2023.0, 2025.0, 2030.0]))
    if col.kind == "bool":
        return BOOL
    if col.kind == "choice":
        values = [v for v, _ in col.choices]
        extra = ["X"] if col.id.startswith("ans.") else []  # a JSON import may carry an answer outside the list
        return st.one_of(st.none(), st.sampled_from(values + extra))
    return st.none()


@st.composite
def pools(draw: st.DrawFn, model: ColumnModel) -> pd.DataFrame:
    n = draw(st.integers(1, 5))
    cols = [c for c in model.accepted.values() if c.id not in ("name", "uscc", "contact", "assessor", "note")]
    rows = []
    for i in range(n):
        row: dict[str, Any] = {"name": f"示例企业{i}", "uscc": demo_uscc(i + 1)}
        for c in cols:
            row[c.id] = draw(_value(c))
        rows.append(row)
    return rows_to_frame(rows, model)


BENCH_NUM = st.one_of(st.none(), st.sampled_from([0.0, 1.0, 50.0, 80.0, 100.0]), _floats(0, 200))


@st.composite
def bench_tables(draw: st.DrawFn, model: ColumnModel) -> pd.DataFrame | None:
    if draw(st.booleans()):
        return demo_bench(model.ruleset.id, model.profile.id)
    rows = []
    for key, _, _ in bench_keys(model.ruleset):
        for industry in draw(st.lists(st.sampled_from([None, "17", "34", "3", "29"]), max_size=2, unique=True)):
            rows.append({"indicator": key, "industry": industry, "baseline": draw(BENCH_NUM),
                         "leading": draw(BENCH_NUM), "source": "测试"})
    if not rows:
        return None
    return pd.DataFrame(rows).astype({"indicator": "str", "industry": "str", "baseline": "float64",
                                      "leading": "float64", "source": "str"})


@st.composite
def admin_settings(draw: st.DrawFn, model: ColumnModel) -> Settings:
    thresholds = {lv.id: draw(st.floats(0, 100, allow_nan=False)) for lv in model.profile.levels
                  if draw(st.booleans())}
    benchmarks = {}
    for key, _, _ in bench_keys(model.ruleset)[:4]:
        if draw(st.booleans()):
            benchmarks[key] = {"baseline": draw(BENCH_NUM), "leading": draw(BENCH_NUM)}
    return Settings(benchmarks=benchmarks or None, level_thresholds=thresholds or None)


@pytest.mark.parametrize(("ruleset", "profile"), CASES)
def test_batch_equals_engine_on_random_pools(ruleset: str, profile: str) -> None:
    model = pool_model(ruleset, profile)

    @settings(max_examples=40, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # a pool is too wide to shrink
    @given(frame=pools(model), bench=bench_tables(model), stt=admin_settings(model))
    def check(frame: pd.DataFrame, bench: pd.DataFrame | None, stt: Settings) -> None:
        assert_batch_equals_engine(frame, model, bench, stt)

    check()


@pytest.mark.parametrize(("ruleset", "profile"), CASES)
def test_batch_equals_engine_on_demo_pools(ruleset: str, profile: str) -> None:
    model = pool_model(ruleset, profile)
    frame = demo_pool(80, seed=11, ruleset_id=ruleset, profile_id=profile)
    assert_batch_equals_engine(frame, model, demo_bench(ruleset, profile))


def test_batch_is_bit_identical_on_a_demo_pool() -> None:
    """Not only within 1e-9: the same floating-point operations in the same order give the same bits."""
    model = pool_model()
    frame = demo_pool(60, seed=2)
    bench = demo_bench()
    res = score_frame(frame, model, bench)
    for i in range(len(frame)):
        r = score(row_to_assessment(frame.iloc[i].to_dict(), model, bench))
        assert res["total"].iloc[i] == r.total
        assert all(res[f"dim.{d.id}"].iloc[i] == d.score for d in r.dimensions)


def test_every_metric_evaluates_on_columns() -> None:
    model = pool_model()
    frame = demo_pool(20, seed=3, ruleset_id=model.ruleset.id, profile_id=model.profile.id)
    reader = ColumnReader(frame, load_catalogue().reference, np.full(len(frame), 2025.0))
    for mid in METRICS:
        assert metric_column(mid, reader).shape == (len(frame),), mid


def test_round6_matches_python_round() -> None:
    rng = np.random.default_rng(0)
    xs = np.concatenate([rng.random(100_000) * 100, np.arange(0, 200_000) / 2e6, [0.0, 1e-7, 5e-7, 2.5e-6]])
    assert np.array_equal(round6(xs), np.array([round(float(x), 6) for x in xs]))


def test_empty_pool_scores_to_an_empty_frame() -> None:
    model = pool_model()
    res = score_frame(model.empty_frame(), model)
    assert len(res) == 0 and "total" in res.columns
