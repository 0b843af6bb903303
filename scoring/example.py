"""A complete, fictitious, eligible sample assessment (示例企业), for demos, tests and the CLI.

The enterprise and every figure are invented and labelled as such. Where the catalogue has no published
基准值/引领值, the sample enters its own, tagged as sample entries; where a secondary source printed
illustrative values (the Jiangsu platform mock, reference §2.2), the sample uses those and says so.
"""

from __future__ import annotations

from criteria import Catalogue, load_catalogue
from criteria.schema import Indicator
from scoring.models import Assessment, Benchmark, Case, Enterprise, Evidence, Inputs, Pollutant, uscc_with_check

SAMPLE = "示例值（虚构企业自行录入）"
JIANGSU = "江苏版平台模拟表数值（二手，仅作示例）"

# metric id → (基准值, 引领值, source) used when the catalogue resolves none
EXAMPLE_BENCHMARKS: dict[str, tuple[float, float, str]] = {
    "energy_per_output_tce_wan": (0.045, 0.02, SAMPLE),
    "energy_per_product": (0.2, 0.1, SAMPLE),
    "energy_per_product_kgce": (200, 100, SAMPLE),
    "carbon_per_output_t_wan": (0.15, 0.06, SAMPLE),
    "carbon_per_product_t": (1.0, 0.4, SAMPLE),
    "renewable_share_pct": (0, 33.03, JIANGSU),
    "platform_function_count": (0, 8, SAMPLE),
    "raw_material_per_output_t_wan": (0.25, 0.12, SAMPLE),
    "raw_material_per_product_t": (1.0, 0.6, SAMPLE),
    "water_per_output_m3_wan": (2.0, 0.8, SAMPLE),
    "water_per_product_m3": (8.0, 4.0, SAMPLE),
    "water_reuse_pct": (50, 90, SAMPLE),
    "solid_waste_utilisation_pct": (80, 100, JIANGSU),
    "catalogue_tech_count": (3, 5, JIANGSU),
    "retrofit_projects_per_year": (1, 3, SAMPLE),
    "retrofit_investment_share_pct": (0.5, 0.57, JIANGSU),
    "pollutant_margin_pct": (0, 75, JIANGSU),
    "pollutant_emission_per_output_kg_wan": (0.3, 0.1, SAMPLE),
    "pollutant_per_product_kg": (1.5, 0.5, SAMPLE),
    "wastewater_per_product_m3": (2.0, 1.0, SAMPLE),
    "waste_gas_per_product_10k_m3": (6.0, 3.0, SAMPLE),
    "footprint_coverage_pct": (80, 100, JIANGSU),
    "energy_saving_product_share_pct": (80, 100, JIANGSU),
    "output_per_land_wan_m2": (1.0, 1.2, JIANGSU),
    "building_coefficient_pct": (40, 51, JIANGSU),
    "plot_ratio": (0.7, 1.12, JIANGSU),
    "green_material_pct": (30, 50, "河北 DB13/T 6005-2024 绿色物料使用率分档（示例）"),
    "wastewater_reuse_pct": (20, 60, SAMPLE),
}


def example_inputs() -> Inputs:
    return Inputs(
        land_area_m2=40000, building_floor_area_m2=38000, structure_floor_area_m2=2000, high_storey_extra_m2=0,
        building_footprint_m2=19000, structure_footprint_m2=1500, yard_area_m2=1500,
        output_value_wan=60000, product_name="离心泵", product_unit="台", production_volume=12000,
        energy_quota_applies=False, water_quota_applies=False,
        energy={"electricity": 9_000_000, "natural_gas": 300_000, "diesel": 20},
        pv_self_use_kwh=800_000, green_power_trade_kwh=1_000_000, gec_kwh=0,
        energy_platform_functions=["energy_query", "energy_intensity_calc", "consumption_analysis",
                                   "efficiency_benchmarking", "energy_flow", "carbon_accounting",
                                   "footprint_accounting"],
        raw_material_t=9000, green_material_t=3000, same_class_material_t=9000,
        water_withdrawal_m3=60000, water_reused_m3=240000,
        wastewater_m3=15000, wastewater_treated_m3=15000, wastewater_reused_m3=6000, waste_gas_10k_m3=50000,
        solid_waste_generated_t=1200, solid_waste_utilised_t=1150, solid_waste_past_storage_utilised_t=0,
        solid_waste_stored_t=50,
        catalogue_tech={"energy_carbon": 2, "water_saving": 1, "resource_utilisation": 1, "encouraged_industry": 1},
        retrofit_projects_3y=9, retrofit_investment_3y_wan=1800, output_value_3y_wan=170000,
        pollutants=[
            Pollutant(name="化学需氧量 COD", medium="water", unit="mg/L", annual_mean=120, permit_limit=500,
                      emitted_t=1.8),
            Pollutant(name="颗粒物", medium="air", unit="mg/m³", annual_mean=8, permit_limit=20, emitted_t=0.9),
            Pollutant(name="非甲烷总烃", medium="air", unit="mg/m³", annual_mean=15, permit_limit=60, emitted_t=1.2),
        ],
        product_categories=3, footprint_categories=3,
        efficiency_standard_applies=True, energy_saving_output_share_pct=90,
        material_saving_cases=[Case(title="泵壳铸件轻量化", description="优化流道与壁厚设计，单台铸件减重 8%（示例）")],
        recycled_material_cases=[Case(title="包装托盘改用再生塑料", description="再生塑料托盘替代木托盘（示例）")],
        green_design_cases=[Case(title="高效泵型开发", description="新一代泵型效率达到能效 1 级（示例）")],
    )


def _answer_for(ind: Indicator, index: int) -> bool | str:
    if ind.kind == "qualitative":
        return "partial" if index % 4 == 2 else "full"
    return ind.mandatory or index % 4 != 3  # most optional items met, some not, so the gap list has content


def example_assessment(ruleset_id: str = "gbt36132_2025_platform", profile_id: str | None = None,
                       catalogue: Catalogue | None = None) -> Assessment:
    cat = catalogue or load_catalogue()
    rs = cat.ruleset(ruleset_id)
    profile = cat.profile(profile_id or "ningbo_star")
    a = Assessment(
        ruleset=rs.id, ruleset_version=rs.version, profile=profile.id, year=2025,
        enterprise=Enterprise(name="示例企业·海曙绿源泵业有限公司（虚构）", uscc=uscc_with_check("91330203MA2GY0001"),
                              industry="34", town="gaoqiao", scale="above", contact="示例联系人",
                              assessor="示例评价人"),
        inputs=example_inputs(),
    )
    answers: dict[str, bool | str | None] = {}
    for g in (*rs.gates, *profile.gates):
        answers[g.id] = g.pass_options[-1] if g.options else g.pass_if
    for ft in profile.fast_tracks:
        answers[ft.id] = False
    evidence: dict[str, Evidence] = {}
    benchmarks: dict[str, Benchmark] = {}
    for index, (_, ind) in enumerate(rs.indicators()):
        evidence[ind.id] = Evidence(state="missing" if index % 7 == 6 else "ready")
        if ind.kind in ("qualitative", "yes_no"):
            answers[ind.id] = _answer_for(ind, index)
            continue
        known = ind.baseline is not None and ind.baseline.value is not None and ind.leading is not None \
            and ind.leading.value is not None
        if not known and ind.metric in EXAMPLE_BENCHMARKS:
            base, lead, source = EXAMPLE_BENCHMARKS[ind.metric]
            key = f"{ind.id}@lt3000" if ind.metric == "renewable_share_pct" else ind.id
            benchmarks[key] = Benchmark(baseline=base, leading=lead, source=source)
    a.answers, a.evidence, a.benchmarks = answers, evidence, benchmarks
    return a
