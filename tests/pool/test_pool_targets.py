"""District targets (海曙区绿色制造发展规划 表1) against the pool: 市级 count, weighted 固废 rate, 清洁生产."""

from __future__ import annotations

import pandas as pd
import pytest

from criteria import load_catalogue
from pool.demo import demo_bench, demo_pool
from pool.model import Pool
from pool.targets import district_progress, municipal_level, progress_frame
from tests.pool.pool_helpers import zh


def _progress(p: Pool, **kw):
    return {t.id: t for t in district_progress(p.frame, p.scores(), p.model.profile, load_catalogue().district, **kw)}


def test_targets_have_their_source_and_the_plan_values() -> None:
    items = _progress(Pool(frame=demo_pool(20, seed=1), bench=demo_bench()))
    assert items["green_factories_municipal_or_higher"].target == 20
    assert items["solid_waste_utilisation"].target == 97
    assert all("海曙区绿色制造发展规划" in t.source for t in items.values())


def test_municipal_count_is_the_star4_level_or_higher() -> None:
    p = Pool(ruleset="gbt36132_2018", frame=demo_pool(120, seed=3, ruleset_id="gbt36132_2018"),
             bench=demo_bench("gbt36132_2018"))
    idx = municipal_level(p.model.profile)
    assert p.model.profile.levels[idx].id == "star4"
    t = _progress(p)["green_factories_municipal_or_higher"]
    assert t.value == (p.scores()["level"] == "star4").sum() > 0
    assert t.status == ("met" if t.value >= 20 else "not_met")
    assert "可被推荐" in zh(t.basis)


def test_weighted_solid_waste_rate() -> None:
    p = Pool(frame=demo_pool(4, seed=1), bench=demo_bench())
    p.frame["solid_waste_generated_t"] = [100.0, 900.0, 50.0, None]
    p.frame["solid_waste_utilised_t"] = [100.0, 850.0, None, 10.0]
    p.frame["solid_waste_past_storage_utilised_t"] = [0.0, 0.0, 0.0, None]
    t = _progress(p)["solid_waste_utilisation"]
    assert t.value == pytest.approx(950 / 1000 * 100)
    assert t.status == "not_met" and zh(t.coverage).startswith("2/4")
    p.frame["solid_waste_utilised_t"] = [100.0, 890.0, None, 10.0]
    assert _progress(p)["solid_waste_utilisation"].status == "met"


def test_cleaner_production_needs_last_years_count() -> None:
    p = Pool(frame=demo_pool(10, seed=1), bench=demo_bench())
    p.frame["ans.cleaner_production_audit_3y"] = pd.array([True] * 4 + [False] * 5 + [None], dtype="boolean")
    t = _progress(p)["cleaner_production_growth"]
    assert zh(t.value_text) == "4 家" and t.status == "unknown" and "上年" in zh(t.basis)
    t2 = _progress(p, previous={"cleaner_production_growth": 3})["cleaner_production_growth"]
    assert t2.value == pytest.approx(100 / 3) and t2.status == "met"


def test_profile_without_a_municipal_level_or_fast_track() -> None:
    p = Pool(profile="national_readiness", frame=demo_pool(5, seed=1, profile_id="national_readiness"))
    items = _progress(p)
    assert items["green_factories_municipal_or_higher"].status == "unknown"
    assert items["cleaner_production_growth"].status == "unknown"
    assert len(progress_frame(list(items.values()), "zh")) == 3


def test_overrides_change_the_target() -> None:
    p = Pool(frame=demo_pool(10, seed=1), bench=demo_bench())
    t = _progress(p, overrides={"solid_waste_utilisation": 10})["solid_waste_utilisation"]
    assert t.target == 10 and t.status == "met"
