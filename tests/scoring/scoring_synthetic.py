"""A small synthetic catalogue, so the engine's rules are tested apart from the shipped YAML.

Imported by the scoring tests as `tests.scoring.scoring_synthetic`.
"""

from __future__ import annotations

from typing import Any

from criteria import Catalogue
from criteria.schema import District, Profile, Reference, RuleSet, Text
from scoring.models import Assessment, Benchmark, Enterprise, Inputs


def sourced(value: float | None) -> dict[str, Any]:
    return {"value": value, "source": "测试用值", "confidence": "V"}


def text(zh: str) -> dict[str, str]:
    return {"zh": zh, "en": zh}


def gate(gid: str, **extra: Any) -> dict[str, Any]:
    return {"id": gid, "name": text(f"门槛{gid}"), "guidance": text("判定要点"), "clause": f"T {gid}",
            "source": "测试", "confidence": "V",
            "actions": [{"zh": f"整改{gid}", "effort": "low"}], **extra}


def indicator(iid: str, kind: str, points: float, **extra: Any) -> dict[str, Any]:
    return {"id": iid, "name": text(f"指标{iid}"), "guidance": text("判定要点"), "clause": f"T {iid}", "kind": kind,
            "points": sourced(points), **extra}


def synthetic_ruleset(mandatory_is_gate: bool = False, **overrides: Any) -> RuleSet:
    """Three dimensions, 50/30/20, exercising every item kind, applicability switches and reference defaults."""
    data: dict[str, Any] = {
        "id": "t_rs", "edition": "测试", "version": 3, "name": text("测试规则集"), "status": "example",
        "description": text("测试"), "mandatory_is_gate": mandatory_is_gate,
        "rubrics": {"r3": {"source": "测试", "confidence": "R", "levels": [
            {"id": "none", "fraction": 0, "label": text("未开展")},
            {"id": "partial", "fraction": 0.5, "label": text("部分")},
            {"id": "full", "fraction": 1, "label": text("全面")}]}},
        "gates": [gate("g_safe"), gate("g_plan")],
        "dimensions": [
            {"id": "d_energy", "name": text("能源"), "weight": sourced(50), "indicators": [
                indicator("e_out", "inverse", 8, metric="energy_per_output_tce_wan",
                          applicable_if="energy_quota_not_applies", baseline=sourced(0.05), leading=sourced(0.02),
                          actions=[{"zh": "节能改造", "effort": "high"}]),
                indicator("e_prod", "inverse", 8, metric="energy_per_product", applicable_if="energy_quota_applies",
                          baseline=sourced(0.3), leading=sourced(0.1)),
                indicator("e_platform", "count", 4, metric="platform_function_count", baseline=sourced(0),
                          leading=sourced(8)),
                indicator("e_renew", "forward", 4, metric="renewable_share_pct", variant_by="energy_tier"),
            ]},
            {"id": "d_land", "name": text("用地"), "weight": sourced(30), "indicators": [
                indicator("l_plot", "forward", 2, metric="plot_ratio", leading=sourced(1.2),
                          baseline_default="land_plot_ratio_min"),
                indicator("l_bc", "forward", 2, metric="building_coefficient_pct", leading=sourced(60),
                          baseline_default="land_building_coefficient_min"),
                indicator("l_out", "forward", 2, metric="output_per_land_wan_m2", baseline=sourced(1.0),
                          leading=sourced(1.2)),
            ]},
            {"id": "d_mgmt", "name": text("管理"), "weight": sourced(20), "indicators": [
                indicator("m_design", "qualitative", 6, rubric="r3"),
                indicator("m_check", "yes_no", 4, mandatory=True),
                indicator("m_opt", "yes_no", 2),
            ]},
        ],
        **overrides,
    }
    return RuleSet.model_validate(data)


def synthetic_profile(pid: str = "t_prof", thresholds: tuple[float | None, ...] = (60, 75, 90),
                      **extra: Any) -> Profile:
    levels = [{"id": f"l{i + 1}", "name": text(f"{i + 1}级"), "min_total": sourced(t)} for i, t in enumerate(thresholds)]
    data: dict[str, Any] = {
        "id": pid, "name": text("测试方案"), "description": text("测试"), "rulesets": ["*"], "default_ruleset": "t_rs",
        "levels": levels,
        "gates": [gate("p_mujun", options=["A", "B", "C", "D"], pass_options=["A", "B"])],
        "fast_tracks": [{"id": "ft_audit", "name": text("通过清洁生产审核"), "level": "l2", "source": "测试",
                         "confidence": "V"}] if len(levels) >= 2 else [],
        **extra,
    }
    return Profile.model_validate(data)


def make_catalogue(reference: Reference, rulesets: list[RuleSet] | None = None,
                   profiles: list[Profile] | None = None) -> Catalogue:
    rss = rulesets or [synthetic_ruleset()]
    profs = profiles or [synthetic_profile()]
    district = District(id="t", name=Text(zh="测试区"), towns=(), towns_source="测试", towns_confidence="R")
    return Catalogue({r.id: r for r in rss}, {p.id: p for p in profs}, reference, district)


def perfect_assessment() -> Assessment:
    """Every synthetic item at or beyond its 引领值 and every gate passed: total 100."""
    return Assessment(
        ruleset="t_rs", profile="t_prof", year=2025,
        enterprise=Enterprise(name="测试企业（虚构）", industry="34"),
        inputs=Inputs(
            # (1 000 000 kWh grid + 1 000 000 kWh own PV) × 0.1229 = 245.8 tce ÷ 20 000 万元 = 0.01229 ≤ 0.02;
            # renewable share 50 % ≥ 30
            energy={"electricity": 1_000_000}, pv_self_use_kwh=1_000_000,
            output_value_wan=20_000, energy_quota_applies=False,
            energy_platform_functions=[f"f{i}" for i in range(8)],
            land_area_m2=8_000, building_floor_area_m2=15_000,  # plot ratio 1.875 ≥ 1.2
            building_footprint_m2=7_000,  # building coefficient 87.5 % ≥ 60; output 2.5 万元/m² ≥ 1.2
        ),
        answers={"g_safe": True, "g_plan": True, "p_mujun": "A", "ft_audit": False,
                 "m_design": "full", "m_check": True, "m_opt": True},
        benchmarks={"e_renew@lt3000": Benchmark(baseline=0, leading=30, source="测试录入")},
    )
