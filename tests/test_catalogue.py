"""The shipped criteria catalogue: it loads, its numbers carry provenance, its items are complete, its metric names
exist, overlays inherit from their base, and loader errors name the file, the item and the field."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from criteria import CatalogueError, load_catalogue
from criteria.loader import ROOT, load_catalogue_from
from criteria.schema import Action, Gate, Indicator, RuleSet, Sourced, Text

# Metric names the catalogue may use. The first block is what the 2018 and Table C.1 rule-sets use; the second the
# MIIT platform rule-set; the third the applicability switches. scoring.metrics must implement every one of them.
ALLOWED_METRICS = {
    # Table C.1 example (GB/T 36132-2025)
    "energy_per_product", "energy_per_output_tce_wan", "carbon_per_output_t_wan", "renewable_share_pct",
    "platform_function_count", "raw_material_per_output_t_wan", "water_per_product_m3", "water_per_output_m3_wan",
    "water_reuse_pct", "solid_waste_utilisation_pct", "retrofit_investment_share_pct",
    "pollutant_emission_per_output_kg_wan", "output_per_land_wan_m2",
    # GB/T 36132-2018 绩效
    "plot_ratio", "building_coefficient_pct", "green_material_pct", "pollutant_per_product_kg",
    "waste_gas_per_product_10k_m3", "wastewater_per_product_m3", "raw_material_per_product_t", "wastewater_reuse_pct",
    "energy_per_product_kgce", "carbon_per_product_t",
    # MIIT platform layout
    "catalogue_tech_count", "retrofit_projects_per_year", "pollutant_margin_pct", "footprint_coverage_pct",
    "energy_saving_product_share_pct",
    # applicable_if switches
    "energy_quota_applies", "energy_quota_not_applies", "water_quota_applies", "water_quota_not_applies",
    "efficiency_standard_applies", "efficiency_standard_not_applies",
}
POOL_METRICS = {"municipal_or_higher_count", "solid_waste_utilisation_weighted_pct", "cleaner_production_audit_count"}
OVERLAYS = ("gbt36132_2025_machinery", "gbt36132_2025_textile")


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def _walk(obj: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every pydantic model inside obj (depth first), with a readable path."""
    if isinstance(obj, BaseModel):
        yield path, obj
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), f"{path}.{name}")
    elif isinstance(obj, tuple | list):
        for i, v in enumerate(obj):
            label = getattr(v, "id", None) or getattr(v, "region", None) or getattr(v, "code", None) or i
            yield from _walk(v, f"{path}[{label}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, f"{path}[{k}]")


def _all_models(cat) -> Iterator[tuple[str, Any]]:
    for rs in cat.rulesets.values():
        yield from _walk(rs, rs.id)
    for prof in cat.profiles.values():
        yield from _walk(prof, prof.id)
    yield from _walk(cat.reference, "reference")
    yield from _walk(cat.district, "district")


def _metrics_used(rs: RuleSet) -> set[str]:
    return {m for _, i in rs.indicators() for m in (i.metric, i.applicable_if) if m}


# ---- loading and structure ---------------------------------------------------------------------------------------


def test_shipped_catalogue_loads(cat):
    assert {"gbt36132_2025_example", "gbt36132_2018", *OVERLAYS} <= set(cat.rulesets)
    assert {"ningbo_star", "hebei_star", "national_readiness"} <= set(cat.profiles)
    assert cat.reference.id == "reference" and cat.district.id == "haishu"


def test_weights_add_to_100(cat):
    for rs in cat.rulesets.values():
        total = sum(d.weight.value or 0 for d in rs.dimensions)
        assert total == pytest.approx(100), rs.id


def test_ids_unique(cat):
    for rs in cat.rulesets.values():
        items = [g.id for g in rs.gates] + [i.id for _, i in rs.indicators()]
        assert len(items) == len(set(items)), rs.id
        dims = [d.id for d in rs.dimensions]
        assert len(dims) == len(set(dims)), rs.id
        for rid, rubric in rs.rubrics.items():
            levels = [lv.id for lv in rubric.levels]
            assert len(levels) == len(set(levels)), f"{rs.id} rubric {rid}"
    for prof in cat.profiles.values():
        own = [g.id for g in prof.gates] + [f.id for f in prof.fast_tracks]
        assert len(own) == len(set(own)), prof.id
        # a profile's gate or fast-track answer must not collide with an item of a rule-set it may be used with
        for rs in cat.rulesets.values():
            if prof.allows(rs.id):
                clash = set(own) & {g.id for g in rs.gates} | set(own) & {i.id for _, i in rs.indicators()}
                assert not clash, f"{prof.id} × {rs.id}: {clash}"
    towns = [t.id for t in cat.district.towns]
    assert len(towns) == len(set(towns))
    for seq, key in ((cat.reference.carriers, "id"), (cat.reference.industries, "code"),
                     (cat.reference.land_controls, "industry_prefix"), (cat.district.targets, "id")):
        ids = [getattr(x, key) for x in seq]
        assert len(ids) == len(set(ids)), key
    grid = [(g.region, g.year) for g in cat.reference.grid_factors]
    assert len(grid) == len(set(grid))


def test_every_number_has_a_source(cat):
    seen = 0
    for path, m in _all_models(cat):
        if isinstance(m, Sourced):
            seen += 1
            assert m.source.strip(), f"{path}: source 为空"
            assert m.confidence in ("V", "S", "R"), path
        elif hasattr(m, "confidence") and hasattr(m, "source"):  # gates, fast tracks, rubrics, district targets
            assert m.source.strip(), f"{path}: source 为空"
    assert seen > 100


def test_every_item_is_complete_and_bilingual(cat):
    for rs in cat.rulesets.values():
        items: list[Gate | Indicator] = [*rs.gates, *(i for _, i in rs.indicators())]
        for it in items:
            where = f"{rs.id}/{it.id}"
            for label, t in (("name", it.name), ("guidance", it.guidance)):
                assert t.zh.strip() and t.en.strip(), f"{where}: {label} 缺中文或英文"
            assert it.evidence, f"{where}: 无证明材料"
            assert all(e.zh.strip() and e.en.strip() for e in it.evidence), where
            assert 1 <= len(it.actions) <= 3, f"{where}: 改进建议应为 1–3 条"
            assert all(a.zh.strip() and a.en.strip() for a in it.actions), where
            assert it.clause.strip(), f"{where}: 无条款"
    for prof in cat.profiles.values():
        for g in prof.gates:
            assert g.guidance.zh and g.guidance.en and g.evidence and g.actions and g.clause, f"{prof.id}/{g.id}"


def test_all_bilingual_texts_have_chinese(cat):
    for path, m in _all_models(cat):
        if isinstance(m, Text | Action):
            assert m.zh.strip(), path


def test_metric_names_are_allowed(cat):
    for rs in cat.rulesets.values():
        unknown = _metrics_used(rs) - ALLOWED_METRICS
        assert not unknown, f"{rs.id}: {unknown}"
    for t in cat.district.targets:
        assert t.metric in POOL_METRICS, t.id


def test_metric_names_exist_in_the_engine(cat):
    metrics = pytest.importorskip("scoring.metrics", reason="scoring.metrics 尚未提供，跳过与引擎公式名的核对")
    known = set(metrics.METRICS)
    for rs in cat.rulesets.values():
        assert _metrics_used(rs) <= known, f"{rs.id}: {_metrics_used(rs) - known}"
    assert known >= ALLOWED_METRICS, ALLOWED_METRICS - known


def test_kinds_are_consistent(cat):
    for rs in cat.rulesets.values():
        for _, i in rs.indicators():
            if i.kind in ("forward", "inverse", "count"):
                assert i.metric, i.id
            if i.kind == "qualitative":
                assert i.rubric in rs.rubrics, i.id
            if i.baseline_default:
                assert i.baseline_default in ("land_plot_ratio_min", "land_building_coefficient_min"), i.id


def test_profiles_point_at_existing_rulesets(cat):
    for prof in cat.profiles.values():
        assert prof.default_ruleset in cat.rulesets, prof.id
        assert prof.allows(prof.default_ruleset), prof.id


# ---- the content of each file ------------------------------------------------------------------------------------


def test_gbt36132_2025_example_follows_table_c1(cat):
    rs = cat.ruleset("gbt36132_2025_example")
    assert rs.status == "example"
    assert [(d.id, d.weight.value) for d in rs.dimensions] == [
        ("energy_low_carbon", 30), ("resource_efficiency", 30), ("clean_production", 16), ("green_product", 16),
        ("land_intensive", 8),
    ]
    assert all(d.weight.confidence == "V" and "资料性示例" in d.weight.note for d in rs.dimensions)
    # C.1 rows: energy and water each appear as a per-product / per-output pair, one of which applies
    pairs = {("energy_intensity_product", "energy_quota_applies"), ("energy_intensity_output", "energy_quota_not_applies"),
             ("water_intensity_product", "water_quota_applies"), ("water_intensity_output", "water_quota_not_applies")}
    assert {(i.id, i.applicable_if) for _, i in rs.indicators() if i.applicable_if} == pairs
    # points per dimension, counting each pair once, are the C.1 points and add up to the weights
    for d in rs.dimensions:
        pts = sum(i.points.value or 0 for i in d.indicators if not (i.applicable_if or "").endswith("_not_applies"))
        assert pts == pytest.approx(d.weight.value), d.id
    rows = [i for _, i in rs.indicators() if not (i.applicable_if or "").endswith("_not_applies")]
    assert len(rows) == 14
    assert all(i.points.confidence == "V" and "表C.1" in i.points.source for i in rows)
    # the only published benchmarks are those of the energy-carbon platform
    with_bench = {i.id: (i.baseline.value if i.baseline else None, i.leading.value if i.leading else None)
                  for _, i in rs.indicators() if i.baseline or i.leading}
    assert with_bench == {"energy_platform": (0, 8)}
    levels = {lv.id: lv.fraction for lv in rs.rubrics["evidence_level"].levels}
    assert levels == {"none": 0, "partial": 0.5, "full": 1.0}
    assert rs.rubrics["evidence_level"].confidence == "R"


def test_2025_rulesets_share_one_gate_list(cat):
    example, platform = cat.ruleset("gbt36132_2025_example"), cat.ruleset("gbt36132_2025_platform")
    assert example.gates == platform.gates
    ids = [g.id for g in example.gates]
    assert ids[:3] == ["basic_no_violation_3y", "basic_green_management", "basic_management_systems"]
    assert all(i.startswith("neg_") for i in ids[3:]) and len(ids) > 3


def test_gbt36132_2018(cat):
    rs = cat.ruleset("gbt36132_2018")
    assert rs.status == "legacy" and rs.mandatory_is_gate
    assert [(d.id, d.weight.value) for d in rs.dimensions] == [
        ("infrastructure", 20), ("management", 15), ("energy_resources", 15), ("product", 10), ("emissions", 10),
        ("performance", 30),
    ]
    assert all(d.weight.confidence == "R" for d in rs.dimensions)
    assert len(rs.gates) == 5
    for _, i in rs.indicators():
        assert i.points.value == 1 and i.points.confidence == "R" and "等分" in i.points.source, i.id
    perf = next(d for d in rs.dimensions if d.id == "performance")
    assert all(i.kind in ("forward", "inverse") for i in perf.indicators)
    assert all(i.kind == "yes_no" for d in rs.dimensions if d.id != "performance" for i in d.indicators)
    assert sum(i.mandatory for _, i in rs.indicators()) > 0
    assert all(i.baseline is None and i.leading is None for _, i in rs.indicators())
    defaults = {i.id: i.baseline_default for _, i in rs.indicators() if i.baseline_default}
    assert defaults == {"plot_ratio": "land_plot_ratio_min", "building_coefficient": "land_building_coefficient_min"}


def test_reference_data(cat):
    ref = cat.reference
    assert [c.id for c in ref.carriers] == [
        "electricity", "raw_coal", "natural_gas", "diesel", "gasoline", "lpg", "fuel_oil", "heat", "steam"]
    elec = ref.carrier("electricity")
    assert elec and elec.is_electricity and elec.unit == "kWh" and elec.kgce_per_unit.value == 0.1229
    assert elec.co2_t_per_unit is None
    expected_kgce = {"raw_coal": 714.3, "natural_gas": 1.2143, "diesel": 1457.1, "gasoline": 1471.4, "lpg": 1714.3,
                     "fuel_oil": 1428.6, "heat": 34.12, "steam": 128.6}
    expected_co2 = {"raw_coal": 1.900, "natural_gas": 0.002162, "diesel": 3.096, "gasoline": 2.925, "lpg": 3.101,
                    "fuel_oil": 3.170, "heat": 0.11, "steam": 0.11 * 3.763}
    for cid, v in expected_kgce.items():
        c = ref.carrier(cid)
        assert c and not c.is_electricity and c.kgce_per_unit.value == pytest.approx(v), cid
        assert c.co2_t_per_unit and c.co2_t_per_unit.value == pytest.approx(expected_co2[cid]), cid
    assert ref.electricity_equivalent_kgce_per_kwh.value == 0.30
    assert ref.electricity_equivalent_kgce_per_kwh.confidence == "R"
    assert ref.default_grid_region == "zhejiang"
    assert any(g.region == ref.default_grid_region for g in ref.grid_factors)
    grid = {(g.region, g.year): g.kg_per_kwh.value for g in ref.grid_factors}
    assert grid[("zhejiang", 2022)] == 0.5153 and grid[("ningbo_guide", 2022)] == 0.64
    assert grid[("national_carbon_market", 2022)] == 0.5703


def test_land_controls_and_industries(cat):
    ref = cat.reference
    codes = {i.code for i in ref.industries}
    assert {str(c) for c in range(13, 44)} <= codes
    for row in ref.land_controls:
        assert row.industry_prefix in codes, row.industry_prefix
        assert row.plot_ratio_min and row.plot_ratio_min.value, row.industry_prefix
        assert row.building_coefficient_min is None
    ratio = {code: ref.land_control(code).plot_ratio_min.value for code in ("1711", "1810", "2411", "2911", "2921",
                                                                            "3411", "3670", "3811", "3911")}
    assert ratio == {"1711": 0.8, "1810": 1.0, "2411": 1.0, "2911": 0.8, "2921": 1.0, "3411": 0.7, "3670": 0.8,
                     "3811": 0.7, "3911": 1.0}
    assert ref.land_control("1300") is None
    default = ref.land_control_default
    assert default.industry_prefix == "" and default.building_coefficient_min.value == 40


def test_district(cat):
    d = cat.district
    assert len(d.towns) == 16 and d.towns_confidence == "R"
    targets = {t.metric: t for t in d.targets}
    assert set(targets) == POOL_METRICS
    assert targets["municipal_or_higher_count"].value == 20
    assert targets["solid_waste_utilisation_weighted_pct"].value == 97
    growth = targets["cleaner_production_audit_count"]
    assert growth.value == 5 and growth.unit == "%/年" and "增长率" in growth.note


def test_profiles(cat):
    ningbo = cat.profile("ningbo_star")
    assert ningbo.rulesets == ("*",) and ningbo.default_ruleset == "gbt36132_2018"
    assert [(lv.id, lv.min_total.value) for lv in ningbo.levels] == [("star3", 75), ("star4", 85)]
    benefit = next(g for g in ningbo.gates if g.id == "muni_benefit_class")
    assert benefit.options == ("A", "B", "C", "D") and benefit.pass_options == ("A", "B")
    assert {(f.id, f.level) for f in ningbo.fast_tracks} == {
        ("cleaner_production_audit_3y", "star3"), ("municipal_water_saving", "star3")}
    hebei = cat.profile("hebei_star")
    assert [(lv.id, lv.min_total.value) for lv in hebei.levels] == [("star3", 60), ("star4", 75), ("star5", 90)]
    national = cat.profile("national_readiness")
    (lv,) = national.levels
    assert lv.min_total.value is None and lv.all_quantitative_at_baseline
    assert national.default_ruleset == "gbt36132_2025_platform" and not national.allows("gbt36132_2018")


def test_null_numbers_are_the_expected_ones(cat):
    """Numbers deliberately left empty (the administrator enters them); a new one should be a conscious choice.
    The platform rule-set and its overlays are checked by the engine's own tests."""
    platform = ("gbt36132_2025_platform", *OVERLAYS)
    nulls = {path for path, m in _all_models(cat)
             if isinstance(m, Sourced) and m.value is None and not path.startswith(platform)}
    assert nulls == {"national_readiness.levels[national_candidate].min_total"}


# ---- overlays ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay_id", OVERLAYS)
def test_overlay_inherits_from_its_base(cat, overlay_id):
    ov = cat.ruleset(overlay_id)
    assert ov.status == "overlay" and ov.base == "gbt36132_2025_platform" and ov.industries
    base = cat.ruleset(ov.base)
    assert ov.gates == base.gates and ov.rubrics == base.rubrics
    assert [(d.id, d.weight) for d in ov.dimensions] == [(d.id, d.weight) for d in base.dimensions]
    raw = yaml.safe_load((ROOT / "rulesets" / f"{overlay_id}.yaml").read_text(encoding="utf-8"))
    overridden = set(raw["overrides"])
    assert overridden <= {"plot_ratio", "building_coefficient", "output_per_land", "energy_saving_products"}
    for (_, b), (_, o) in zip(base.indicators(), ov.indicators(), strict=True):
        assert b.id == o.id
        # scoring fields never change in an overlay: only texts and evidence
        for f in ("kind", "metric", "unit", "points", "baseline", "leading", "baseline_default", "applicable_if"):
            assert getattr(o, f) == getattr(b, f), f"{overlay_id}/{o.id}.{f}"
        if o.id in overridden:
            assert o.guidance != b.guidance
            assert set(b.evidence) <= set(o.evidence), f"{overlay_id}/{o.id}: 覆盖后丢失了基础证明材料"
        else:
            assert o == b
    for code in ov.industries:
        assert cat.overlay_for(ov.base, code + "00") == ov


# ---- loader error messages ---------------------------------------------------------------------------------------


def _tmp_catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "criteria"
    for sub in ("rulesets", "profiles", "reference"):
        (root / sub).mkdir(parents=True)
    shutil.copy(ROOT / "reference" / "reference.yaml", root / "reference" / "reference.yaml")
    district = yaml.safe_load((ROOT / "reference" / "district.yaml").read_text(encoding="utf-8"))
    district.pop("default_ruleset"), district.pop("default_profile")  # the real ones are not in this catalogue
    _write(root / "reference" / "district.yaml", district)
    return root


def _text(s: str) -> dict[str, str]:
    return {"zh": s, "en": s}


def _ruleset(**indicator: Any) -> dict[str, Any]:
    ind = {"id": "foo", "name": _text("指标"), "guidance": _text("要点"), "clause": "T 1", "kind": "yes_no",
           "points": {"value": 1, "source": "测试", "confidence": "R"}, **indicator}
    return {"id": "t", "edition": "T", "version": 1, "name": _text("测试"), "status": "current",
            "description": _text("测试"), "gates": [],
            "dimensions": [{"id": "dim", "name": _text("维度"),
                            "weight": {"value": 100, "source": "测试", "confidence": "R"}, "indicators": [ind]}]}


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _load_error(root: Path) -> str:
    with pytest.raises(CatalogueError) as exc:
        load_catalogue_from(root)
    return str(exc.value)


def test_temporary_catalogue_loads(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "t.yaml", _ruleset())
    assert load_catalogue_from(root).ruleset("t").item("foo") is not None


def test_error_names_file_item_and_missing_field(tmp_path):
    root = _tmp_catalogue(tmp_path)
    data = _ruleset()
    del data["dimensions"][0]["indicators"][0]["points"]
    _write(root / "rulesets" / "bad.yaml", data)
    msg = _load_error(root)
    assert "bad.yaml" in msg and "条目 foo" in msg and "points" in msg


def test_error_names_item_of_a_whole_item_check(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "bad.yaml", _ruleset(kind="forward"))  # forward without metric
    msg = _load_error(root)
    assert "bad.yaml" in msg and "条目 foo" in msg and "metric" in msg


def test_error_names_nested_field(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "bad.yaml", _ruleset(points={"value": 1, "source": "测试", "confidence": "X"}))
    msg = _load_error(root)
    assert "bad.yaml" in msg and "条目 foo" in msg and "points.confidence" in msg


def test_error_on_bad_weights(tmp_path):
    root = _tmp_catalogue(tmp_path)
    data = _ruleset()
    data["dimensions"][0]["weight"]["value"] = 90
    _write(root / "rulesets" / "bad.yaml", data)
    msg = _load_error(root)
    assert "bad.yaml" in msg and "条目 t" in msg and "100" in msg


def test_error_on_yaml_syntax(tmp_path):
    root = _tmp_catalogue(tmp_path)
    (root / "rulesets" / "broken.yaml").write_text("id: t\nname: {zh: [\n", encoding="utf-8")
    msg = _load_error(root)
    assert "broken.yaml" in msg and "YAML" in msg


def test_error_on_overlay_of_unknown_indicator(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "t.yaml", _ruleset())
    _write(root / "rulesets" / "ov.yaml", {"extends": "t", "id": "ov", "overrides": {"nope": {"unit": "%"}}})
    msg = _load_error(root)
    assert "ov.yaml" in msg and "条目 nope" in msg and "overrides" in msg


def test_error_on_overlay_of_unknown_base(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "ov.yaml", {"extends": "missing", "id": "ov", "overrides": {}})
    msg = _load_error(root)
    assert "ov.yaml" in msg and "条目 ov" in msg and "extends" in msg


def test_error_in_overlay_override_names_the_item(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "t.yaml", _ruleset())
    _write(root / "rulesets" / "ov.yaml", {"extends": "t", "id": "ov", "overrides": {"foo": {"kind": "sideways"}}})
    msg = _load_error(root)
    assert "ov.yaml" in msg and "条目 foo" in msg and "kind" in msg


def test_error_on_profile_with_unknown_ruleset(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "t.yaml", _ruleset())
    level = {"id": "l1", "name": _text("级"), "min_total": {"value": 60, "source": "测试", "confidence": "R"}}
    _write(root / "profiles" / "p.yaml", {"id": "p", "name": _text("方案"), "description": _text("方案"),
                                          "rulesets": ["nope"], "default_ruleset": "t", "levels": [level]})
    msg = _load_error(root)
    assert "p.yaml" in msg and "条目 p" in msg and "rulesets" in msg


def test_error_in_reference_names_the_carrier(tmp_path):
    root = _tmp_catalogue(tmp_path)
    ref_path = root / "reference" / "reference.yaml"
    ref = yaml.safe_load(ref_path.read_text(encoding="utf-8"))
    del ref["carriers"][3]["kgce_per_unit"]["source"]
    _write(ref_path, ref)
    msg = _load_error(root)
    assert "reference.yaml" in msg and f"条目 {ref['carriers'][3]['id']}" in msg and "kgce_per_unit.source" in msg


def test_error_in_district_target(tmp_path):
    root = _tmp_catalogue(tmp_path)
    path = root / "reference" / "district.yaml"
    dist = yaml.safe_load(path.read_text(encoding="utf-8"))
    del dist["targets"][0]["metric"]
    _write(path, dist)
    msg = _load_error(root)
    assert "district.yaml" in msg and f"条目 {dist['targets'][0]['id']}" in msg and "metric" in msg


def test_district_without_targets_still_loads(tmp_path):
    root = _tmp_catalogue(tmp_path)
    path = root / "reference" / "district.yaml"
    dist = yaml.safe_load(path.read_text(encoding="utf-8"))
    del dist["targets"]
    _write(path, dist)
    assert load_catalogue_from(root).district.targets == ()


def test_the_deployment_defaults_must_name_known_entries(tmp_path):
    root = _tmp_catalogue(tmp_path)
    _write(root / "rulesets" / "t.yaml", _ruleset())
    district = yaml.safe_load((root / "reference" / "district.yaml").read_text(encoding="utf-8"))
    _write(root / "reference" / "district.yaml", {**district, "default_ruleset": "nope"})
    assert "default_ruleset" in _load_error(root) and "nope" in _load_error(root)
    _write(root / "reference" / "district.yaml", {**district, "default_ruleset": "t", "default_profile": "nope"})
    assert "default_profile" in _load_error(root)


def test_haishu_starts_from_the_2025_platform_and_ningbo_stars():
    district = load_catalogue().district
    assert (district.default_ruleset, district.default_profile) == ("gbt36132_2025_platform", "ningbo_star")
