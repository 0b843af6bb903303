"""Each Appendix B formula (and the 2018 / platform ratios) against values worked out by hand.

Expected numbers are computed here from the reference coefficients written as literals, each with a comment
naming the line of shared/reference/green-factory-standards.md (``ref §…``) it comes from; the code under test
is never used to produce an expected value.
"""

from __future__ import annotations

from typing import Any

import pytest

from criteria.schema import Reference
from locales import render
from scoring.metrics import (
    M2_PER_MU,
    Calc,
    Context,
    energy_tier,
    evaluate,
    grid_factor,
    kgce_to_tce,
    m2_to_mu,
    tce_to_kgce,
    wan_per_m2_to_wan_per_mu,
    wan_per_mu_to_wan_per_m2,
)
from scoring.models import Assessment, Inputs, Options, Pollutant

# ---- reference coefficients, copied by hand ------------------------------------------------------------------
ELEC_KGCE_KWH = 0.1229  # ref §2.4.1 line 567: electricity 当量值 0.1229 kgce/kWh
ELEC_EQUIV_KGCE_KWH = 0.30  # ref §2.4.1 line 568: 等价值 ≈ 0.30 kgce/kWh (configurable)
GAS_KGCE_M3 = 1.2143  # ref §2.4.1 line 570: natural gas, engines commonly use 1.2143 kgce/m³
DIESEL_KGCE_KG = 1.4571  # ref §2.4.1 line 571: diesel 1.4571 kgce/kg
COAL_KGCE_KG = 0.7143  # ref §2.4.1 line 569: raw coal 0.7143 kgce/kg
HEAT_KGCE_MJ = 0.03412  # ref §2.4.1 line 575: heat 0.03412 kgce/MJ
GAS_TCO2_M3 = 21.62 / 10_000  # ref §2.4.3 line 600: 21.62 tCO₂/10⁴Nm³
DIESEL_TCO2_T = 3.096  # ref §2.4.3 line 601: diesel, old set, 3.096 t/t
COAL_TCO2_T = 1.900  # ref §2.4.3 line 604: raw coal 1.900 t/t
HEAT_TCO2_GJ = 0.11  # ref §2.4.3 line 606: purchased heat 0.11 tCO₂/GJ
ZJ_2021, ZJ_2022 = 0.5422, 0.5153  # ref §2.4.2 line 589: 浙江 2021 / 2022
ZJ_2023 = 0.4974  # shared/reference/yardsticks.md §6: 浙江 2023, 公告2025年第47号 附件表3
NATIONAL_2021, NATIONAL_2023 = 0.5568, 0.5306  # ref §2.4.2 line 585: national average 2021 / 2023
EXCL_MARKET_2022, EXCL_MARKET_2023 = 0.5856, 0.6096  # ref §2.4.2 line 586: excl. market-traded non-fossil
EAST_CHINA_2022 = 0.5617  # ref §2.4.2 line 588: 华东 2022
NINGBO_GUIDE = 0.64  # ref §2.4.2 line 590: Ningbo 星级 guide fixed factor
M2_PER_MU_HAND = 666.6667  # 1 亩 = 10 000/15 m² (市制面积单位)


def run(reference: Reference, metric_id: str, year: int = 2025, options: Options | None = None,
        **inputs: Any) -> Calc:
    a = Assessment(year=year, inputs=Inputs(**inputs), options=options or Options())
    return evaluate(metric_id, Context(a, reference))


def zh(phrases: Any) -> list[str]:
    """Missing items of a (language-free) Calc in Chinese words."""
    return [render("zh", m) for m in phrases]


def approx(x: float) -> Any:
    return pytest.approx(x, rel=1e-9, abs=1e-12)


# ---- unit conversions ----------------------------------------------------------------------------------------


def test_mu_m2_conversions() -> None:
    assert pytest.approx(M2_PER_MU_HAND, abs=1e-4) == M2_PER_MU
    assert m2_to_mu(40_000) == approx(60.0)  # 40 000 m² = 60 亩
    assert m2_to_mu(M2_PER_MU_HAND) == pytest.approx(1.0, rel=1e-6)


@pytest.mark.parametrize(("wan_per_m2", "wan_per_mu"), [
    (1.5, 1000.0),  # 1.5 万元/m² × 666.67 m²/亩 = 1000 万元/亩
    (0.15, 100.0),
    (0.0, 0.0),
])
def test_wan_per_m2_and_wan_per_mu(wan_per_m2: float, wan_per_mu: float) -> None:
    assert wan_per_m2_to_wan_per_mu(wan_per_m2) == approx(wan_per_mu)
    assert wan_per_mu_to_wan_per_m2(wan_per_mu) == approx(wan_per_m2)


@pytest.mark.parametrize(("kgce", "tce"), [(1229.0, 1.229), (122_900.0, 122.9), (0.0, 0.0)])
def test_kgce_tce(kgce: float, tce: float) -> None:
    assert kgce_to_tce(kgce) == approx(tce)
    assert tce_to_kgce(tce) == approx(kgce)


# ---- land: B.25–B.27 -----------------------------------------------------------------------------------------

LAND = dict(land_area_m2=40_000, building_floor_area_m2=30_000, structure_floor_area_m2=2_000,
            building_footprint_m2=18_000, structure_footprint_m2=1_500, yard_area_m2=500, output_value_wan=60_000)


def test_plot_ratio_b27(reference: Reference) -> None:
    # (30 000 + 2 000) m² ÷ 40 000 m² = 0.8
    assert run(reference, "plot_ratio", **LAND).value == approx(0.8)


def test_plot_ratio_counts_storeys_over_8m_twice(reference: Reference) -> None:
    # a 4 000 m² workshop storey 10 m high is already in the floor area once and counts once more:
    # (30 000 + 2 000 + 4 000) ÷ 40 000 = 0.9
    c = run(reference, "plot_ratio", **LAND, high_storey_extra_m2=4_000)
    assert c.value == approx(0.9)
    assert c.missing == []


def test_plot_ratio_optional_parts_count_as_zero_but_floor_area_is_required(reference: Reference) -> None:
    c = run(reference, "plot_ratio", land_area_m2=40_000, building_floor_area_m2=30_000)
    assert c.value == approx(0.75)  # 30 000 ÷ 40 000
    c = run(reference, "plot_ratio", land_area_m2=40_000)
    assert c.value is None
    assert any("建筑物总建筑面积" in m for m in zh(c.missing))


def test_building_coefficient_b26(reference: Reference) -> None:
    # (18 000 + 1 500 + 500) m² ÷ 40 000 m² × 100 % = 50 %
    assert run(reference, "building_coefficient_pct", **LAND).value == approx(50.0)


def test_output_per_land_b25_in_wan_per_m2_and_per_mu(reference: Reference) -> None:
    c = run(reference, "output_per_land_wan_m2", **LAND)
    assert c.value == approx(1.5)  # 60 000 万元 ÷ 40 000 m²
    assert c.value is not None
    # the same figure per 亩: 40 000 m² = 60 亩, 60 000 万元 ÷ 60 亩 = 1 000 万元/亩
    assert wan_per_m2_to_wan_per_mu(c.value) == pytest.approx(1000.0, rel=1e-9)


@pytest.mark.parametrize("metric_id", ["plot_ratio", "building_coefficient_pct", "output_per_land_wan_m2"])
def test_land_area_zero_or_missing_gives_no_value(reference: Reference, metric_id: str) -> None:
    zero = run(reference, metric_id, **{**LAND, "land_area_m2": 0})
    assert zero.value is None
    assert any("厂区用地面积" in m and "不能为 0" in m for m in zh(zero.missing))
    gone = run(reference, metric_id, **{k: v for k, v in LAND.items() if k != "land_area_m2"})
    assert gone.value is None
    assert any("厂区用地面积" in m for m in zh(gone.missing))


# ---- energy: 综合能耗, B.1/B.2 -----------------------------------------------------------------------------

CARRIERS = {"electricity": 1_000_000, "natural_gas": 100_000, "diesel": 10}  # kWh, m³, t
# 1 000 000 kWh × 0.1229 = 122 900 kgce; 100 000 m³ × 1.2143 = 121 430 kgce; 10 t × 1 457.1 = 14 571 kgce
TOTAL_TCE = (1_000_000 * ELEC_KGCE_KWH + 100_000 * GAS_KGCE_M3 + 10 * 1000 * DIESEL_KGCE_KG) / 1000  # 258.901 tce


def test_total_energy_hand_value() -> None:
    assert pytest.approx(258.901) == TOTAL_TCE  # guards the hand arithmetic itself


def test_energy_per_output_b2(reference: Reference) -> None:
    c = run(reference, "energy_per_output_tce_wan", energy=CARRIERS, output_value_wan=5_000)
    assert c.value == approx(258.901 / 5_000)  # tce/万元
    assert c.missing == []


def test_energy_per_product_b1_tce_and_kgce(reference: Reference) -> None:
    tce = run(reference, "energy_per_product", energy=CARRIERS, production_volume=1_000)
    kgce = run(reference, "energy_per_product_kgce", energy=CARRIERS, production_volume=1_000)
    assert tce.value == approx(0.258901)  # 258.901 tce ÷ 1 000 units
    assert kgce.value == approx(258.901)  # 258 901 kgce ÷ 1 000 units


def test_feedstock_energy_is_excluded(reference: Reference) -> None:
    # 258.901 tce − 8.901 tce used as raw material = 250 tce → 250 ÷ 5 000 万元 = 0.05 tce/万元
    c = run(reference, "energy_per_output_tce_wan", energy=CARRIERS, feedstock_energy_tce=8.901, output_value_wan=5_000)
    assert c.value == approx(0.05)


def test_coal_and_heat_coefficients(reference: Reference) -> None:
    # 100 t coal × 714.3 kgce/t + 2 000 GJ heat × 34.12 kgce/GJ = 71 430 + 68 240 kgce = 139.67 tce
    c = run(reference, "energy_per_output_tce_wan", energy={"raw_coal": 100, "heat": 2_000}, output_value_wan=1)
    assert c.value == approx((100 * 1000 * COAL_KGCE_KG + 2_000 * 1000 * HEAT_KGCE_MJ) / 1000)


def test_electricity_equivalent_coal_option(reference: Reference) -> None:
    # 等价值: 1 000 000 kWh × 0.30 = 300 000 kgce instead of 122 900 → 300 + 121.43 + 14.571 = 436.001 tce
    opts = Options(electricity_basis="equivalent_coal")
    c = run(reference, "energy_per_output_tce_wan", options=opts, energy=CARRIERS, output_value_wan=1)
    assert c.value == approx((1_000_000 * ELEC_EQUIV_KGCE_KWH + 121_430 + 14_571) / 1000)
    # a user-entered 等价值 (Shanghai DB31 0.28078, ref line 568) wins over the reference one
    opts = Options(electricity_basis="equivalent_coal", electricity_equivalent_kgce_per_kwh=0.28078)
    c = run(reference, "energy_per_output_tce_wan", options=opts, energy=CARRIERS, output_value_wan=1)
    assert c.value == approx((280_780 + 121_430 + 14_571) / 1000)


def test_self_used_pv_enters_total_energy_at_equivalent_heat(reference: Reference) -> None:
    # 200 000 kWh own PV × 0.1229 = 24.58 tce on top of 258.901
    c = run(reference, "energy_per_output_tce_wan", energy=CARRIERS, pv_self_use_kwh=200_000, output_value_wan=1)
    assert c.value == approx(258.901 + 24.58)


def test_energy_missing_and_zero_output(reference: Reference) -> None:
    none = run(reference, "energy_per_output_tce_wan", output_value_wan=5_000)
    assert none.value is None and any("能源" in m for m in zh(none.missing))
    zero = run(reference, "energy_per_output_tce_wan", energy=CARRIERS, output_value_wan=0)
    assert zero.value is None and any("工业总产值" in m and "不能为 0" in m for m in zh(zero.missing))


@pytest.mark.parametrize("inputs", [
    {"energy": {}, "pv_self_use_kwh": 0},  # "no PV" and no carrier: nothing was entered
    {"energy": {"electricity": 0, "natural_gas": 0}},
    {"energy": {"electricity": 1_000}, "feedstock_energy_tce": 5},  # 0.1229 tce used, 5 tce "feedstock"
])
@pytest.mark.parametrize("metric_id", ["energy_per_output_tce_wan", "renewable_share_pct", "carbon_per_output_t_wan"])
def test_total_energy_of_zero_or_less_is_missing_not_full_marks(reference: Reference, inputs: dict[str, Any],
                                                                metric_id: str) -> None:
    # a total of 0 tce would score an inverse indicator at full marks; it is a data slip and reported as one
    c = run(reference, metric_id, output_value_wan=1_000, **inputs)
    assert c.value is None
    assert c.missing


def test_unknown_carrier_is_reported(reference: Reference) -> None:
    c = run(reference, "energy_per_output_tce_wan", energy={"electricity": 1000, "moonbeams": 5}, output_value_wan=1)
    assert any("moonbeams" in m for m in zh(c.missing))


@pytest.mark.parametrize(("tce", "tier"), [
    (0, "lt3000"), (2_999.9, "lt3000"), (3_000, "3000_5000"), (5_000, "5000_10000"), (9_999, "5000_10000"),
    (10_000, "ge10000"),
])
def test_energy_tiers_of_the_renewable_item(tce: float, tier: str) -> None:
    assert energy_tier(tce) == tier  # ref §2.2: tiers ≥10000 / 5000–10000 / 3000–5000 / <3000 tce


# ---- CO₂: B.3/B.4 --------------------------------------------------------------------------------------------


def fuels_tco2() -> float:
    # 100 000 m³ gas × 0.002162 + 10 t diesel × 3.096 = 216.2 + 30.96 = 247.16 tCO₂
    return 100_000 * GAS_TCO2_M3 + 10 * DIESEL_TCO2_T


@pytest.mark.parametrize(("year", "region", "grid_year", "factor"), [
    (2022, "", None, ZJ_2022),  # default region 浙江, its own year
    (2021, "", None, ZJ_2021),
    (2025, "", None, ZJ_2023),  # 2024–2025 not published for 浙江: latest year not after 2025 is 2023
    (2024, "", None, ZJ_2023),
    (2023, "zhejiang", None, ZJ_2023),
    (2025, "", 2021, ZJ_2021),  # an explicit factor year overrides the evaluation year
    (2025, "national", None, NATIONAL_2023),
    (2022, "east_china", None, EAST_CHINA_2022),
    (2025, "ningbo_guide", None, NINGBO_GUIDE),
])
def test_co2_location_method_grid_factor_by_region_and_year(
    reference: Reference, year: int, region: str, grid_year: int | None, factor: float,
) -> None:
    opts = Options(grid_region=region, grid_year=grid_year)
    c = run(reference, "carbon_per_output_t_wan", year=year, options=opts, energy=CARRIERS, output_value_wan=5_000)
    expected_t = fuels_tco2() + 1_000_000 * factor / 1000  # kWh × kgCO₂/kWh ÷ 1000 = t
    assert c.value == approx(expected_t / 5_000)


def test_co2_zhejiang_2022_worked_example(reference: Reference) -> None:
    # 515.3 t (grid) + 216.2 t (gas) + 30.96 t (diesel) = 762.46 tCO₂ ÷ 5 000 万元 = 0.152492 tCO₂/万元
    c = run(reference, "carbon_per_output_t_wan", year=2022, energy=CARRIERS, output_value_wan=5_000)
    assert c.value == pytest.approx(0.152492, rel=1e-9)
    per_product = run(reference, "carbon_per_product_t", year=2022, energy=CARRIERS, production_volume=1_000)
    assert per_product.value == pytest.approx(0.76246, rel=1e-9)


def test_grid_factor_before_any_publication_falls_back_to_the_earliest(reference: Reference) -> None:
    # No factor exists for 2019; the engine uses the first published one (2021) rather than none.
    a = Assessment(year=2019)
    gf = grid_factor(Context(a, reference))
    assert gf is not None and (gf.region, gf.year) == ("zhejiang", 2021)


def test_co2_coal_and_heat(reference: Reference) -> None:
    # 100 t coal × 1.900 + 2 000 GJ heat × 0.11 = 190 + 220 = 410 tCO₂
    c = run(reference, "carbon_per_output_t_wan", energy={"raw_coal": 100, "heat": 2_000}, output_value_wan=1)
    assert c.value == approx(100 * COAL_TCO2_T + 2_000 * HEAT_TCO2_GJ)


@pytest.mark.parametrize(("year", "factor"), [(2025, EXCL_MARKET_2023), (2023, EXCL_MARKET_2023),
                                              (2022, EXCL_MARKET_2022)])
def test_co2_market_method_deducts_green_power_and_gec(reference: Reference, year: int, factor: float) -> None:
    # 1 000 000 kWh − 300 000 kWh green trade − 100 000 kWh GEC = 600 000 kWh at the residual factor
    opts = Options(carbon_method="market", grid_region="zhejiang")  # market method ignores the location region
    c = run(reference, "carbon_per_output_t_wan", year=year, options=opts, energy=CARRIERS,
            green_power_trade_kwh=300_000, gec_kwh=100_000, output_value_wan=5_000)
    assert c.value == approx((fuels_tco2() + 600_000 * factor / 1000) / 5_000)


def test_co2_market_method_never_goes_below_zero_grid_power(reference: Reference) -> None:
    opts = Options(carbon_method="market")
    c = run(reference, "carbon_per_output_t_wan", options=opts, energy={"electricity": 1_000},
            green_power_trade_kwh=5_000, output_value_wan=1)
    assert c.value == approx(0.0)


def test_co2_missing_energy(reference: Reference) -> None:
    c = run(reference, "carbon_per_output_t_wan", output_value_wan=1)
    assert c.value is None and c.missing


# ---- renewable share: B.5 ------------------------------------------------------------------------------------


def test_renewable_share_b5_counts_pv_trades_and_gec_once(reference: Reference) -> None:
    # denominator: 1 000 000 kWh grid + 200 000 kWh own PV at 0.1229, + 100 000 m³ gas × 1.2143
    #   = 122.9 + 24.58 + 121.43 = 268.91 tce
    # numerator: (200 000 PV + 300 000 trade + 100 000 GEC) kWh × 0.1229 = 73.74 tce
    energy = {"electricity": 1_000_000, "natural_gas": 100_000}
    c = run(reference, "renewable_share_pct", energy=energy, pv_self_use_kwh=200_000,
            green_power_trade_kwh=300_000, gec_kwh=100_000)
    den = (1_000_000 + 200_000) * ELEC_KGCE_KWH / 1000 + 100_000 * GAS_KGCE_M3 / 1000
    num = 600_000 * ELEC_KGCE_KWH / 1000
    assert den == pytest.approx(268.91) and num == pytest.approx(73.74)
    assert c.value == approx(num / den * 100)  # ≈ 27.42 %


def test_renewable_share_with_non_electric_renewables_and_feedstock(reference: Reference) -> None:
    # + 10 tce solar heat in both numerator and total; − 20 tce feedstock from the total only
    energy = {"electricity": 1_000_000, "natural_gas": 100_000}
    c = run(reference, "renewable_share_pct", energy=energy, pv_self_use_kwh=200_000, renewable_other_tce=10,
            feedstock_energy_tce=20)
    assert c.value == approx((24.58 + 10) / (268.91 + 10 - 20) * 100)


def test_renewable_share_without_energy_is_missing(reference: Reference) -> None:
    c = run(reference, "renewable_share_pct", green_power_trade_kwh=1_000)
    assert c.value is None and c.missing


# ---- water and solid waste: B.9–B.11 -------------------------------------------------------------------------


def test_water_reuse_b10(reference: Reference) -> None:
    # R = Vr / (V + Vr) = 240 000 / (60 000 + 240 000) = 80 %
    assert run(reference, "water_reuse_pct", water_withdrawal_m3=60_000, water_reused_m3=240_000).value == approx(80.0)


@pytest.mark.parametrize("inputs", [{"water_withdrawal_m3": 60_000}, {"water_reused_m3": 1_000}])
def test_water_reuse_needs_both_inputs(reference: Reference, inputs: dict[str, float]) -> None:
    c = run(reference, "water_reuse_pct", **inputs)
    assert c.value is None and c.missing


def test_water_reuse_zero_denominator(reference: Reference) -> None:
    c = run(reference, "water_reuse_pct", water_withdrawal_m3=0, water_reused_m3=0)
    assert c.value is None and any("不能为 0" in m for m in zh(c.missing))


def test_water_per_output_b9(reference: Reference) -> None:
    assert run(reference, "water_per_output_m3_wan", water_withdrawal_m3=60_000,
               output_value_wan=48_000).value == approx(1.25)  # m³/万元


def test_solid_waste_b11_with_past_storage(reference: Reference) -> None:
    # K = Zr / (Z + Zw) = 950 / (1 000 + 200) = 79.1667 %
    c = run(reference, "solid_waste_utilisation_pct", solid_waste_generated_t=1_000, solid_waste_utilised_t=950,
            solid_waste_past_storage_utilised_t=200)
    assert c.value == approx(950 / 1_200 * 100)


def test_solid_waste_b11_without_past_storage(reference: Reference) -> None:
    c = run(reference, "solid_waste_utilisation_pct", solid_waste_generated_t=1_000, solid_waste_utilised_t=950)
    assert c.value == approx(95.0)


# ---- clean production, products, 2018 ratios -----------------------------------------------------------------


def test_retrofit_share_and_projects(reference: Reference) -> None:
    # 1 800 万元 ÷ 170 000 万元 × 100 % = 1.0588 %; 9 projects ÷ 3 years = 3 per year
    assert run(reference, "retrofit_investment_share_pct", retrofit_investment_3y_wan=1_800,
               output_value_3y_wan=170_000).value == approx(1_800 / 170_000 * 100)
    assert run(reference, "retrofit_projects_per_year", retrofit_projects_3y=9).value == approx(3.0)
    assert run(reference, "retrofit_projects_per_year").value is None


POLLUTANTS = [
    Pollutant(name="化学需氧量", medium="water", annual_mean=120, permit_limit=500, emitted_t=1.8),  # 76 % below
    Pollutant(name="颗粒物", medium="air", unit="mg/m³", annual_mean=8, permit_limit=20, emitted_t=0.9),  # 60 %
    Pollutant(name="非甲烷总烃", medium="air", unit="mg/m³", annual_mean=15, permit_limit=60, emitted_t=1.2),  # 75 %
]


def test_pollutant_margin_takes_the_lowest(reference: Reference) -> None:
    c = run(reference, "pollutant_margin_pct", pollutants=POLLUTANTS)
    assert c.value == approx(60.0)  # (20 − 8) ÷ 20 = 60 %, the lowest of 76 / 60 / 75
    assert len(c.figures) == 3


def test_pollutant_margin_negative_when_over_the_limit(reference: Reference) -> None:
    over = Pollutant(name="氨氮", medium="water", annual_mean=30, permit_limit=20)
    assert run(reference, "pollutant_margin_pct", pollutants=[*POLLUTANTS, over]).value == approx(-50.0)


def test_pollutant_margin_missing(reference: Reference) -> None:
    c = run(reference, "pollutant_margin_pct")
    assert c.value is None and c.missing


def test_pollutant_emission_per_output(reference: Reference) -> None:
    # (1.8 + 0.9 + 1.2) t × 1000 kg/t ÷ 60 000 万元 = 0.065 kg/万元
    c = run(reference, "pollutant_emission_per_output_kg_wan", pollutants=POLLUTANTS, output_value_wan=60_000)
    assert c.value == approx(0.065)


@pytest.mark.parametrize(("done", "total", "pct"), [(2, 3, 200 / 3), (3, 3, 100.0), (0, 4, 0.0)])
def test_footprint_coverage(reference: Reference, done: int, total: int, pct: float) -> None:
    c = run(reference, "footprint_coverage_pct", footprint_categories=done, product_categories=total)
    assert c.value == approx(pct)


def test_footprint_coverage_zero_categories(reference: Reference) -> None:
    c = run(reference, "footprint_coverage_pct", footprint_categories=0, product_categories=0)
    assert c.value is None and any("不能为 0" in m for m in zh(c.missing))


def test_2018_ratios(reference: Reference) -> None:
    assert run(reference, "green_material_pct", green_material_t=3_000,
               same_class_material_t=9_000).value == approx(100 / 3)
    assert run(reference, "wastewater_reuse_pct", wastewater_reused_m3=6_000,
               wastewater_treated_m3=15_000).value == approx(40.0)


def test_counts(reference: Reference) -> None:
    assert run(reference, "platform_function_count",
               energy_platform_functions=["energy_query", "carbon_accounting"]).value == 2.0
    assert run(reference, "catalogue_tech_count", catalogue_tech={"energy_carbon": 2, "water_saving": 1}).value == 3.0


def test_working_carries_units(reference: Reference) -> None:
    c = run(reference, "output_per_land_wan_m2", **LAND)
    units = {f.unit for f in c.figures}
    assert {"万元", "m²"} <= units
