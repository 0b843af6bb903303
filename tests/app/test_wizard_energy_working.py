"""The energy page's live 综合能耗 working agrees with the engine's figure and reads value × coefficient = tce."""

from __future__ import annotations

import pytest

from criteria import load_catalogue
from scoring.engine import score
from scoring.models import Assessment
from ui.energy_working import working


def _engine_total(a: Assessment) -> float:
    res = score(a, load_catalogue())
    for ind in res.indicators:
        for f in ind.figures:
            if getattr(f.label, "code", "") == "metric.fig_energy_total":
                return float(f.value)
    raise AssertionError("no 综合能耗 figure in the result")


def test_working_matches_engine_and_reads_forwards() -> None:
    a = Assessment.model_validate({"inputs": {"energy": {"electricity": 9_000_000.0}, "pv_self_use_kwh": 100_000.0,
                                              "feedstock_energy_tce": 10.0, "output_value_wan": 50_000.0}})
    w = working(a, load_catalogue().reference)
    assert w.total_tce == pytest.approx(_engine_total(a))
    assert w.total_tce == pytest.approx((9_000_000 + 100_000) * 0.1229 / 1000 - 10)
    assert any(line.startswith("电力 9,000,000 kWh × 0.1229 kgce/kWh = 1,106.10 tce") for line in w.lines), w.lines


def test_nothing_entered_has_no_total() -> None:
    assert working(Assessment(), load_catalogue().reference).total_tce is None
