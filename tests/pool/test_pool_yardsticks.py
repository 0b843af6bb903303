"""District yardsticks from a pool, against hand computations (GB/T 36132-2025 §4.4.3: 基准值 = industry average,
引领值 = the level the best 5 % reach), and the CLI path `pool yardsticks` → `scoring score --yardsticks`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pool.cli import main as pool_main
from pool.yardsticks import derive_yardsticks
from scoring.cli import main as scoring_main
from scoring.example import example_assessment
from scoring.io import dump_assessment
from scoring.yardstick_set import YardstickSet


def _entries(values: dict[str, list[float]], codes: list[str], inverse: dict[str, bool], **kw):
    frame = pd.DataFrame(values)
    return {(e.indicator, e.industry): e for e in derive_yardsticks(frame, pd.Series(codes), inverse, **kw)}


def test_mean_and_95th_percentile_by_hand() -> None:
    got = _entries({"land": [1.0, 2.0, 3.0, 4.0, 5.0]}, ["3811"] * 5, {"land": False}, min_n=5)
    e = got[("land", "3811")]
    assert (e.level, e.n) == ("class", 5)
    assert e.baseline == pytest.approx(3.0)
    # 95th percentile, linear: h = 0.95 × (5 − 1) = 3.8 → 4 + 0.8 × (5 − 4) = 4.8
    assert e.leading == pytest.approx(4.8)
    assert sum(e.spread.counts) == 5 and e.spread.median == pytest.approx(3.0)


def test_inverse_indicator_takes_the_5th_percentile() -> None:
    e = _entries({"energy": [10.0, 20.0, 30.0, 40.0, 50.0]}, ["3811"] * 5, {"energy": True}, min_n=5)[
        ("energy", "3811")]
    assert e.baseline == pytest.approx(30.0)
    assert e.leading == pytest.approx(12.0)  # h = 0.05 × 4 = 0.2 → 10 + 0.2 × 10


def test_class_below_n_falls_back_to_group_then_division() -> None:
    # 3812 has 2 firms (< min_n 3) → group 381 (3811 ×2 + 3812 ×2 = 4 firms); 3899 alone, group 389 has 1 → division 38
    codes = ["3811", "3811", "3812", "3812", "3899"]
    got = _entries({"x": [1.0, 3.0, 5.0, 7.0, 100.0]}, codes, {"x": False}, min_n=3)
    assert (got[("x", "3812")].level, got[("x", "3812")].n) == ("group", 4)
    assert got[("x", "3812")].baseline == pytest.approx(4.0)
    assert (got[("x", "3899")].level, got[("x", "3899")].n) == ("division", 5)
    assert got[("x", "3899")].baseline == pytest.approx(23.2)
    assert got[("x", "381")].level == "group" and got[("x", "38")].level == "division"
    # with min_n above every count there is no entry at all: nothing is invented
    assert _entries({"x": [1.0, 3.0, 5.0, 7.0, 100.0]}, codes, {"x": False}, min_n=6) == {}


def test_missing_and_flagged_values_are_left_out() -> None:
    values = {"x": [1.0, 2.0, np.nan, 3.0, 9999.0]}
    excluded = pd.DataFrame({"x": [False, False, False, False, True]})
    e = _entries(values, ["2811"] * 5, {"x": False}, min_n=3, excluded=excluded)[("x", "2811")]
    assert e.n == 3 and e.baseline == pytest.approx(2.0)


def test_weighted_mean_uses_output_weights() -> None:
    frame = pd.DataFrame({"x": [1.0, 3.0]})
    out = derive_yardsticks(frame, pd.Series(["2811", "2811"]), {"x": True}, weights=pd.Series([3.0, 1.0]),
                            method="weighted_mean", min_n=2)
    assert out[0].baseline == pytest.approx((1 * 3 + 3 * 1) / 4)
    with pytest.raises(ValueError):
        derive_yardsticks(frame, pd.Series(["2811", "2811"]), {"x": True}, method="weighted_mean")


def test_lookup_prefers_the_most_specific_code() -> None:
    got = _entries({"x": [1.0, 3.0, 5.0, 7.0, 100.0]}, ["3811", "3811", "3812", "3812", "3899"], {"x": False},
                   min_n=2)
    ys = YardstickSet(name="t", district="haishu", year=2025, entries=tuple(got.values()))
    assert ys.lookup("x", "3812").industry == "3812"
    assert ys.lookup("x", "3813").industry == "381"  # no firm in 3813: its group serves it
    assert ys.lookup("x", "3850").industry == "38"  # nor in group 385: the division
    assert ys.lookup("x", "3950") is None and ys.lookup("x", "2811") is None


def test_cli_yardsticks_then_score_with_them(tmp_path: Path, capsys) -> None:
    pool = tmp_path / "p.xlsx"
    assert pool_main(["template", "--demo", "200", "-o", str(pool)]) == 0
    out = tmp_path / "set.json"
    assert pool_main(["yardsticks", str(pool), "-o", str(out)]) == 0
    ys = YardstickSet.model_validate_json(out.read_text(encoding="utf-8"))
    assert ys.entries and all(e.n >= ys.min_n for e in ys.entries)
    assert "n=200" in ys.source
    assert pool_main(["yardsticks", str(pool), "-o", str(tmp_path / "set.xlsx")]) == 0
    capsys.readouterr()

    assessment = json.loads(dump_assessment(example_assessment()))
    assessment["benchmarks"] = {}
    assessment["enterprise"]["industry"] = ys.entries[0].industry
    ex = tmp_path / "ex.json"
    ex.write_text(json.dumps(assessment, ensure_ascii=False), encoding="utf-8")
    assert scoring_main(["score", str(ex), "--format", "json", "--yardsticks", str(out)]) in (0, 3)  # 3: scored, some yardstick missing (EXIT_INCOMPLETE)
    result = json.loads(capsys.readouterr().out)
    origins = {i["baseline"]["origin"] for i in result["indicators"] if i.get("baseline")}
    assert "district" in origins
    assert result["yardstick_set"]["name"] == ys.name


def test_cli_rejects_a_file_that_is_not_a_set(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "set.json"
    bad.write_text('{"name": ""}', encoding="utf-8")
    ex = tmp_path / "ex.json"
    ex.write_text(dump_assessment(example_assessment()), encoding="utf-8")
    assert scoring_main(["score", str(ex), "--yardsticks", str(bad)]) == 2
    assert "区级基准值文件" in capsys.readouterr().err
