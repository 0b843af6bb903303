"""Main products scored against their own national quotas (GB/T 36132-2025 表C.1: 引领值 = 1级, 基准值 = 2级),
weighted by 综合能耗 over the top three, and the sector samples `--sample cement|fibre`."""

from __future__ import annotations

import json

import pytest

from locales import render
from scoring.cli import main as cli
from scoring.engine import score
from scoring.models import Product, Result
from scoring.products import score_products
from scoring.samples import FIBRE_PRODUCTS, sample_assessment


def _ind(r: Result, ind_id: str):
    return next(i for i in r.indicators if i.id == ind_id)


def test_cement_sample_uses_gb16780_clinker_grades() -> None:
    r = score(sample_assessment("cement"))
    ind = _ind(r, "energy_intensity_product")
    assert ind.state == "scored"
    assert (ind.baseline.value, ind.leading.value) == (107, 100)
    assert ind.baseline.origin == ind.leading.origin == "quota"
    source = render("zh", ind.baseline.source)
    assert "GB 16780-2021" in source and "2级" in source
    assert ind.value == pytest.approx(103.0)
    assert ind.fraction == pytest.approx((107 - 103) / (107 - 100))
    assert _ind(r, "energy_intensity_output").state == "not_applicable"  # the per-output alternative drops out
    water = _ind(r, "water_intensity_product")
    assert (water.baseline.value, water.leading.value) == (0.51, 0.225)  # GB/T 18916.62 通用值 / 先进值
    assert "通用值" in render("zh", water.baseline.source)
    assert _ind(r, "water_intensity_output").state == "not_applicable"
    assert r.eligible


def test_fibre_sample_weights_the_top_three_by_energy() -> None:
    r = score(sample_assessment("fibre"))
    ind = _ind(r, "energy_intensity_product")
    # by hand: 聚合 88 on 90→85 = 0.4 (26,400 tce); POY 42 on 45→40 = 0.6 (8,400); DTY 125 on 130→120 = 0.5
    # (6,250); FDY (4,400 tce) is fourth and does not count
    expected = (26_400 * 0.4 + 8_400 * 0.6 + 6_250 * 0.5) / (26_400 + 8_400 + 6_250)
    assert ind.fraction == pytest.approx(expected)
    counted = {p.name: p.counted for p in ind.products}
    assert counted == {FIBRE_PRODUCTS[0][0]: True, FIBRE_PRODUCTS[1][0]: True, FIBRE_PRODUCTS[2][0]: False,
                       FIBRE_PRODUCTS[3][0]: True}
    assert ind.points == pytest.approx(round(expected * ind.max_points, 6))


def test_before_gb36889_2025_is_in_force_no_values_are_invented() -> None:
    a = sample_assessment("fibre")
    a.year = 2025  # GB 36889-2018 applies; its values are not shipped
    ind = _ind(score(a), "energy_intensity_product")
    assert ind.state == "missing_benchmark" and ind.points == 0
    assert ind.baseline.value is None and ind.baseline.origin == "missing"
    assert any("评价年度没有可用的限额值" in render("zh", m) for m in ind.missing)
    assert all(p.fraction is None for p in ind.products)


def test_cement_clinker_ratio_correction() -> None:
    p = Product(name="P·O 42.5", quota="gb16780_2021/cement", output=1_000_000, unit_consumption=88,
                energy_tce=88_000, params={"clinker_ratio_pct": 80})
    out = score_products([p], 2025, "energy")
    row = out.rows[0]
    # 5 points above 75 %: 1级 80 + 5 × 1.10 = 85.5; 2级 87 + 5 × 1.15 = 92.75; 3级 94 + 5 × 1.20 = 100
    assert (row.leading, row.baseline, row.limit) == pytest.approx((85.5, 92.75, 100.0))
    assert row.fraction == pytest.approx((92.75 - 88) / (92.75 - 85.5))


def test_value_derived_from_energy_and_output_in_kgce() -> None:
    p = Product(name="熟料", quota="gb16780_2021/clinker", output=500_000, energy_tce=52_000)
    row = score_products([p], 2025, "energy").rows[0]
    assert row.value == pytest.approx(104.0)  # 52,000 tce × 1000 ÷ 500,000 t


def test_a_unit_slip_in_a_product_earns_nothing_until_confirmed() -> None:
    a = sample_assessment("cement")
    a.inputs.products[0].energy_tce = 123.6  # typed in 千 tce: 0.103 kgce/t
    r = score(a)
    ind = _ind(r, "energy_intensity_product")
    assert ind.state == "implausible" and ind.points == 0 and ind.implausible
    assert r.range.max > r.range.min
    a.confirmed = ["energy_intensity_product"]
    assert _ind(score(a), "energy_intensity_product").state == "scored"


def test_explicit_no_keeps_the_per_output_indicator() -> None:
    a = sample_assessment("cement")
    a.inputs.energy_quota_applies = False
    r = score(a)
    assert _ind(r, "energy_intensity_product").state == "not_applicable"
    assert _ind(r, "energy_intensity_output").state != "not_applicable"


def test_products_without_grades_or_data_are_not_counted() -> None:
    products = [
        Product(name="小线", quota="gb21340_2019/flat_le500", output=100, energy_tce=5000),
        Product(name="熟料", quota="gb16780_2021/clinker", output=None, energy_tce=100),
    ]
    out = score_products(products, 2025, "energy")
    assert out.fraction is None and not out.counted
    codes = [code for code, _ in out.missing]
    assert "product.no_grades" in codes and "product.no_value" in codes


def test_result_json_round_trips_products() -> None:
    r = score(sample_assessment("fibre"))
    again = Result.model_validate_json(r.model_dump_json())
    assert _ind(again, "energy_intensity_product").products == _ind(r, "energy_intensity_product").products


def test_cli_sample_cement(capsys) -> None:
    assert cli(["example", "--sample", "cement"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["inputs"]["products"][0]["quota"] == "gb16780_2021/clinker"
