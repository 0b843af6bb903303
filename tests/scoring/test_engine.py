"""The engine's rules, table-driven: linear 基准值→引领值 scoring, gates, 必选 items, applicability, benchmark origin,
missing inputs, levels and the JSON result. Most cases use the small synthetic catalogue of conftest.py; the
shipped profiles and rule-sets are checked where their numbers are the point (75/85, 60/75/90, 5 and 6 dimensions).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from criteria import Catalogue, load_catalogue
from criteria.schema import Reference, RuleSet
from locales import render
from scoring.engine import Settings, linear_fraction, score
from scoring.example import example_assessment
from scoring.models import Assessment, Benchmark, Result
from tests.scoring.scoring_synthetic import (
    make_catalogue,
    perfect_assessment,
    synthetic_profile,
    synthetic_ruleset,
    text,
)

# ---- linear_fraction (GB/T 36132-2025 §5.2; ref §2.1.3) ----------------------------------------------------------

# (value, baseline B, leading L, inverse, expected fraction)
LINEAR_CASES: list[tuple[float, float, float, bool, float]] = [
    # forward: B = 0, L = 8 (能碳平台功能数, Table C.1 item 4)
    (0, 0, 8, False, 0.0),  # at B → 0
    (-1, 0, 8, False, 0.0),  # below B → 0
    (2, 0, 8, False, 0.25),
    (4, 0, 8, False, 0.5),
    (8, 0, 8, False, 1.0),  # at L → full
    (12, 0, 8, False, 1.0),  # beyond L → still full
    (45, 40, 60, False, 0.25),
    # inverse: B = 0.05, L = 0.02 tce/万元
    (0.05, 0.05, 0.02, True, 0.0),  # at B → 0
    (0.08, 0.05, 0.02, True, 0.0),  # worse than B → 0
    (0.035, 0.05, 0.02, True, 0.5),
    (0.02, 0.05, 0.02, True, 1.0),  # at L → full
    (0.001, 0.05, 0.02, True, 1.0),  # better than L → full
    # L == B: all or nothing, no division by zero
    (5, 5, 5, False, 1.0),
    (4.99, 5, 5, False, 0.0),
    (6, 5, 5, False, 1.0),
    (5, 5, 5, True, 1.0),
    (5.01, 5, 5, True, 0.0),
    (4, 5, 5, True, 1.0),
]


@pytest.mark.parametrize(("value", "baseline", "leading", "inverse", "expected"), LINEAR_CASES)
def test_linear_fraction(value: float, baseline: float, leading: float, inverse: bool, expected: float) -> None:
    assert linear_fraction(value, baseline, leading, inverse) == pytest.approx(expected, abs=1e-12)


# ---- the synthetic catalogue --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cat(reference: Reference) -> Catalogue:
    return make_catalogue(reference)


def with_answers(a: Assessment, **answers: Any) -> Assessment:
    merged = {**a.answers, **answers}
    return a.model_copy(update={"answers": {k: v for k, v in merged.items() if v is not DROP}})


DROP = object()  # marks an answer to remove


def zh(messages: Any) -> list[str]:
    """Messages of a (language-free) Result in Chinese words."""
    return [render("zh", m) for m in messages]


def by_id(r: Result) -> dict[str, Any]:
    return {i.id: i for i in r.indicators}


def test_perfect_assessment_scores_full_marks(cat: Catalogue) -> None:
    r = score(perfect_assessment(), cat)
    assert (r.total, r.max_total, r.eligible, r.complete) == (100.0, 100.0, True, True)
    assert r.level == "l3" and r.next_level is None and r.distance_to_next is None
    assert [(d.id, d.score, d.max) for d in r.dimensions] == [("d_energy", 50, 50), ("d_land", 30, 30),
                                                              ("d_mgmt", 20, 20)]
    assert r.failed_gates == [] and r.missing == [] and r.gaps == []


# ---- gates --------------------------------------------------------------------------------------------------------


def test_failed_gate_makes_the_result_not_eligible_whatever_the_total(cat: Catalogue) -> None:
    r = score(with_answers(perfect_assessment(), g_safe=False), cat)
    assert r.total == 100.0
    assert r.eligible is False and r.level is None
    assert r.failed_gates == ["g_safe"]
    assert (r.gaps[0].kind, r.gaps[0].item_id) == ("gate", "g_safe")
    assert r.gaps[0].actions and r.gaps[0].clause == "T g_safe"
    assert render("zh", next(g for g in r.gates if g.id == "g_safe").reason)  # says why


def test_failed_gate_comes_before_indicator_gaps(cat: Catalogue) -> None:
    r = score(with_answers(perfect_assessment(), g_plan=False, m_opt=False, m_design="partial"), cat)
    assert r.gaps[0].kind == "gate"
    assert {g.item_id for g in r.gaps[1:]} == {"m_opt", "m_design"}


@pytest.mark.parametrize("answer", [DROP, None, ""])
def test_unanswered_gate_is_not_eligible_and_listed_as_missing(cat: Catalogue, answer: Any) -> None:
    r = score(with_answers(perfect_assessment(), g_plan=answer), cat)
    assert r.eligible is False and r.complete is False
    assert r.failed_gates == []  # not failed, only unanswered
    assert any("门槛g_plan" in m for m in zh(r.missing))
    assert next(g for g in r.gates if g.id == "g_plan").state == "unanswered"


@pytest.mark.parametrize("answer", ["false", "否", "no", "true"])
def test_yes_no_gate_answered_with_text_is_not_a_pass(cat: Catalogue, answer: str) -> None:
    # A JSON answer "否" once passed the gate because bool("否") is True; it is now treated as unanswered.
    r = score(with_answers(perfect_assessment(), g_safe=answer), cat)
    gate = next(g for g in r.gates if g.id == "g_safe")
    assert gate.state == "unanswered" and answer in render("zh", gate.reason)
    assert r.eligible is False


# (answer to the profile's 亩均 class gate, gate state, eligible)
MUJUN_CASES = [("A", "pass", True), ("B", "pass", True), ("C", "fail", False), ("D", "fail", False),
               (True, "fail", False), (DROP, "unanswered", False)]


@pytest.mark.parametrize(("answer", "state", "eligible"), MUJUN_CASES)
def test_profile_choice_gate(cat: Catalogue, answer: Any, state: str, eligible: bool) -> None:
    r = score(with_answers(perfect_assessment(), p_mujun=answer), cat)
    gate = next(g for g in r.gates if g.id == "p_mujun")
    assert (gate.state, gate.origin, r.eligible) == (state, "profile", eligible)
    assert ("p_mujun" in r.failed_gates) == (state == "fail")


@pytest.mark.parametrize(("answer", "state", "eligible"), [("A", "pass", True), ("B", "pass", True),
                                                           ("C", "fail", False)])
def test_ningbo_muni_benefit_class_gate(answer: str, state: str, eligible: bool) -> None:
    shipped = load_catalogue()
    a = example_assessment("gbt36132_2025_platform", "ningbo_star", shipped)
    a = with_answers(a, muni_benefit_class=answer)
    r = score(a, shipped)
    gate = next(g for g in r.gates if g.id == "muni_benefit_class")
    assert (gate.state, r.eligible) == (state, eligible)


# ---- fast track ---------------------------------------------------------------------------------------------------


def low_scoring(a: Assessment) -> Assessment:
    """Qualitative and optional items not done, energy worse than 基准值: total well under 60."""
    a = with_answers(a, m_design="none", m_opt=False)
    inputs = a.inputs.model_copy(update={"output_value_wan": 1_000, "energy_platform_functions": [],
                                         "pv_self_use_kwh": None})
    return a.model_copy(update={"inputs": inputs})


def test_fast_track_grants_its_level(cat: Catalogue) -> None:
    base = low_scoring(perfect_assessment())
    without = score(base, cat)
    assert without.total < 60 and without.level is None
    r = score(with_answers(base, ft_audit=True), cat)
    assert r.total == without.total
    assert r.level == "l2"
    assert next(lv for lv in r.levels if lv.id == "l2").via == "ft_audit"
    assert r.next_level == "l3" and r.distance_to_next == pytest.approx(90 - r.total)


def test_fast_track_does_not_override_a_failed_gate(cat: Catalogue) -> None:
    r = score(with_answers(low_scoring(perfect_assessment()), ft_audit=True, g_safe=False), cat)
    assert r.eligible is False and r.level is None


@pytest.mark.parametrize("fast_track", ["cleaner_production_audit_3y", "municipal_water_saving"])
def test_ningbo_fast_track_grants_three_stars(fast_track: str) -> None:
    shipped = load_catalogue()
    a = example_assessment("gbt36132_2025_platform", "ningbo_star", shipped)
    # lose points until the score alone is below 75
    answers = {k: ("none" if v in ("full", "partial") else v) for k, v in a.answers.items()}
    a = a.model_copy(update={"answers": answers})
    low = score(a, shipped)
    assert low.eligible and low.total < 75 and low.level is None
    r = score(with_answers(a, **{fast_track: True}), shipped)
    assert r.level == "star3"
    assert next(lv for lv in r.levels if lv.id == "star3").via == fast_track


# ---- 必选 (mandatory) items ----------------------------------------------------------------------------------------


def test_failed_mandatory_item_makes_2018_style_result_not_eligible(reference: Reference) -> None:
    cat = make_catalogue(reference, [synthetic_ruleset(mandatory_is_gate=True)])
    r = score(with_answers(perfect_assessment(), m_check=False), cat)
    assert r.eligible is False and r.level is None
    assert r.failed_gates == ["m_check"]
    assert (r.gaps[0].kind, r.gaps[0].item_id) == ("mandatory", "m_check")


def test_failed_mandatory_item_only_costs_points_when_not_a_gate(cat: Catalogue) -> None:
    r = score(with_answers(perfect_assessment(), m_check=False), cat)
    assert r.eligible is True and r.failed_gates == []
    assert r.total == pytest.approx(100 - 20 * 4 / 12)  # m_check: 4 of 12 points in a dimension weighted 20


def test_unanswered_mandatory_item_blocks_eligibility_when_it_is_a_gate(reference: Reference) -> None:
    cat = make_catalogue(reference, [synthetic_ruleset(mandatory_is_gate=True)])
    r = score(with_answers(perfect_assessment(), m_check=DROP), cat)
    assert r.eligible is False and r.complete is False
    assert any("指标m_check" in m for m in zh(r.missing))


def test_mandatory_item_under_gbt36132_2018() -> None:
    shipped = load_catalogue()
    rs = shipped.ruleset("gbt36132_2018")
    assert rs.mandatory_is_gate
    a = example_assessment("gbt36132_2018", "ningbo_star", shipped)
    assert score(a, shipped).eligible
    mandatory = next(i for _, i in rs.indicators() if i.mandatory and i.kind == "yes_no" and not i.applicable_if)
    optional = next(i for _, i in rs.indicators() if not i.mandatory and i.kind == "yes_no" and not i.applicable_if)
    r = score(with_answers(a, **{mandatory.id: False}), shipped)
    assert r.eligible is False and mandatory.id in r.failed_gates
    assert any(g.kind == "mandatory" and g.item_id == mandatory.id for g in r.gaps)
    r = score(with_answers(a, **{optional.id: False}), shipped)
    assert r.eligible is True and r.failed_gates == []


# ---- applicability -------------------------------------------------------------------------------------------------


def test_not_applicable_item_is_excluded_and_the_dimension_rescaled(cat: Catalogue) -> None:
    r = score(perfect_assessment(), cat)
    rows = by_id(r)
    assert rows["e_prod"].state == "not_applicable"
    assert (rows["e_prod"].weighted, rows["e_prod"].weighted_max) == (0.0, 0.0)
    # applicable points in d_energy: 8 + 4 + 4 = 16, so e_out is worth 50 × 8/16 = 25 on the total
    assert rows["e_out"].weighted_max == pytest.approx(25.0)
    assert rows["e_platform"].weighted_max == pytest.approx(12.5)
    energy = [i for i in r.indicators if i.dimension == "d_energy"]
    assert sum(i.weighted_max for i in energy) == pytest.approx(50.0)
    assert not any("e_prod" in m or "指标e_prod" in m for m in zh(r.missing))


def test_applicability_switch_swaps_the_energy_items(cat: Catalogue) -> None:
    a = perfect_assessment()
    # quota applies: per product, 245.8 tce ÷ 2 000 units = 0.1229 tce/unit; B = 0.3, L = 0.1 → 0.8855 of 8 points
    inputs = a.inputs.model_copy(update={"energy_quota_applies": True, "production_volume": 2_000})
    r = score(a.model_copy(update={"inputs": inputs}), cat)
    rows = by_id(r)
    assert rows["e_out"].state == "not_applicable" and rows["e_prod"].state == "scored"
    assert rows["e_prod"].fraction == pytest.approx((0.3 - 0.1229) / (0.3 - 0.1))
    assert rows["e_prod"].weighted == pytest.approx(25 * (0.3 - 0.1229) / 0.2)


# ---- benchmark resolution: district set > admin > profile > catalogue > reference default > entered > missing ------
# (a quota comes first, per product; the enterprise's own value is only a fallback, shown as 企业自报)

# (entered, admin settings, profile, expected 基准值 of e_out, its origin)
BASELINE_ORDER = [
    (None, None, None, 0.05, "catalogue"),
    (None, None, 0.045, 0.045, "profile"),
    (None, 0.04, 0.045, 0.04, "admin"),
    (0.035, 0.04, 0.045, 0.04, "admin"),
    (0.035, None, None, 0.05, "catalogue"),
]


@pytest.mark.parametrize(("entered", "admin", "profile", "expected", "origin"), BASELINE_ORDER)
def test_benchmark_resolution_order(reference: Reference, entered: float | None, admin: float | None,
                                    profile: float | None, expected: float, origin: str) -> None:
    prof_bench = {"e_out": {"baseline": {"value": profile, "source": "方案", "confidence": "S"}}} if profile else {}
    cat = make_catalogue(reference, profiles=[synthetic_profile(benchmarks=prof_bench)])
    a = perfect_assessment()
    if entered is not None:
        a = a.model_copy(update={"benchmarks": {**a.benchmarks, "e_out": Benchmark(baseline=entered, source="企业")}})
    settings = Settings(benchmarks={"e_out": {"baseline": admin}}) if admin is not None else None
    row = by_id(score(a, cat, settings=settings))["e_out"]
    assert row.baseline is not None
    assert (row.baseline.value, row.baseline.origin) == (expected, origin)
    assert row.leading is not None and (row.leading.value, row.leading.origin) == (0.02, "catalogue")


# (industry code, 容积率 基准值, origin) — land-use control minimums, ref §2.4.4
PLOT_DEFAULTS = [
    ("34", 0.7, "defaulted"),  # 通用设备制造业
    ("3411", 0.7, "defaulted"),  # a 小类 code uses its division's row
    ("36", 0.8, "defaulted"),  # 汽车制造业, 2023 edition
    ("17", 0.8, "defaulted"),
    ("292", 1.0, "defaulted"),  # 塑料制品业, the longer prefix wins over 29
    ("13", None, "missing"),  # no row for 农副食品加工业
    ("", None, "missing"),  # industry not entered
]


@pytest.mark.parametrize(("industry", "expected", "origin"), PLOT_DEFAULTS)
def test_reference_default_baseline_by_industry(cat: Catalogue, industry: str, expected: float | None,
                                                origin: str) -> None:
    a = perfect_assessment()
    a = a.model_copy(update={"enterprise": a.enterprise.model_copy(update={"industry": industry})})
    r = score(a, cat)
    row = by_id(r)["l_plot"]
    assert row.baseline is not None and (row.baseline.value, row.baseline.origin) == (expected, origin)
    if expected is None:
        assert row.state == "missing_benchmark" and row.points == 0
        assert r.complete is False and any("指标l_plot" in m and "基准值" in m for m in zh(r.missing))
    else:
        assert row.state == "scored"


def test_reference_default_beats_the_entered_benchmark(cat: Catalogue) -> None:
    a = perfect_assessment()
    a = a.model_copy(update={"benchmarks": {**a.benchmarks, "l_plot": Benchmark(baseline=0.9)}})
    row = by_id(score(a, cat))["l_plot"]
    assert row.baseline is not None and (row.baseline.value, row.baseline.origin) == (0.7, "defaulted")


def test_entered_benchmark_fills_only_what_nobody_official_gives(cat: Catalogue) -> None:
    a = perfect_assessment()
    own = {k: v for k, v in a.benchmarks.items() if not k.startswith("e_renew")}
    a = a.model_copy(update={"benchmarks": {**own, "e_renew": Benchmark(baseline=5, leading=30, source="自报")}})
    row = by_id(score(a, cat))["e_renew"]
    assert row.baseline is not None and row.leading is not None
    assert (row.baseline.value, row.baseline.origin, row.leading.value, row.leading.origin) == (5, "entered", 30,
                                                                                                "entered")


def test_building_coefficient_default_applies_to_every_industry(cat: Catalogue) -> None:
    for industry in ("34", "13", ""):
        a = perfect_assessment()
        a = a.model_copy(update={"enterprise": a.enterprise.model_copy(update={"industry": industry})})
        row = by_id(score(a, cat))["l_bc"]
        assert row.baseline is not None and (row.baseline.value, row.baseline.origin) == (40.0, "defaulted")


def test_renewable_benchmarks_by_energy_tier(cat: Catalogue) -> None:
    a = perfect_assessment()
    # 245.8 tce is in the < 3000 tce tier; a benchmark entered for another tier does not apply
    a = a.model_copy(update={"benchmarks": {"e_renew@ge10000": Benchmark(baseline=0, leading=5)}})
    row = by_id(score(a, cat))["e_renew"]
    assert row.state == "missing_benchmark" and row.baseline is not None and row.baseline.origin == "missing"
    a = a.model_copy(update={"benchmarks": {"e_renew": Benchmark(baseline=0, leading=100)}})
    row = by_id(score(a, cat))["e_renew"]
    assert row.state == "scored" and row.fraction == pytest.approx(0.5)  # 50 % of the way to 100 %


# ---- missing inputs ------------------------------------------------------------------------------------------------


def test_missing_input_is_never_a_silent_zero(cat: Catalogue) -> None:
    a = perfect_assessment()
    a = a.model_copy(update={"inputs": a.inputs.model_copy(update={"output_value_wan": None})})
    r = score(a, cat)
    rows = by_id(r)
    for iid in ("e_out", "l_out"):
        assert rows[iid].state == "missing_input"
        assert rows[iid].value is None and rows[iid].points == 0
        assert any("工业总产值" in m for m in zh(rows[iid].missing))
        assert any(f"指标{iid}" in m for m in zh(r.missing))
    assert r.complete is False
    assert r.eligible is True  # missing data is incomplete, not a failed gate
    gap = next(g for g in r.gaps if g.item_id == "e_out")
    assert "缺少数据" in render("zh", gap.problem)


def test_unanswered_qualitative_and_yes_no_are_missing(cat: Catalogue) -> None:
    r = score(with_answers(perfect_assessment(), m_design=DROP, m_opt="maybe"), cat)
    rows = by_id(r)
    assert rows["m_design"].state == "unanswered" and rows["m_opt"].state == "unanswered"
    assert r.complete is False
    assert sum("指标m_" in m for m in zh(r.missing)) == 2


@pytest.mark.parametrize(("level", "fraction"), [("none", 0.0), ("partial", 0.5), ("full", 1.0)])
def test_qualitative_rubric_levels(cat: Catalogue, level: str, fraction: float) -> None:
    row = by_id(score(with_answers(perfect_assessment(), m_design=level), cat))["m_design"]
    assert row.fraction == fraction and row.points == 6 * fraction
    assert row.weighted == pytest.approx(20 * 6 * fraction / 12)


def test_partial_assessment_scores_without_crashing(cat: Catalogue) -> None:
    r = score(Assessment(ruleset="t_rs", profile="t_prof"), cat)
    assert r.complete is False and r.eligible is False
    assert r.total >= 0 and len(r.missing) >= 3


# ---- levels --------------------------------------------------------------------------------------------------------


def dial_ruleset() -> RuleSet:
    """One forward item worth the whole 100 points, 0 at 0 % and full at 100 %: the total equals the input %."""
    return synthetic_ruleset(
        id="t_dial", gates=[], rubrics={},
        dimensions=[{"id": "d", "name": text("全部"), "weight": {"value": 100, "source": "测试", "confidence": "V"},
                     "indicators": [{"id": "dial", "name": text("拨盘"), "guidance": text("g"), "clause": "T",
                                     "kind": "forward", "metric": "energy_saving_product_share_pct",
                                     "points": {"value": 10, "source": "测试", "confidence": "V"},
                                     "baseline": {"value": 0, "source": "测试", "confidence": "V"},
                                     "leading": {"value": 100, "source": "测试", "confidence": "V"}}]}],
    )


def dial_result(cat: Catalogue, profile: str, total: float, **answers: Any) -> Result:
    a = Assessment.model_validate({"ruleset": "t_dial", "profile": profile, "answers": answers,
                                   "inputs": {"energy_saving_output_share_pct": total}})
    return score(a, cat)


@pytest.fixture(scope="module")
def shipped_dial(reference: Reference) -> Catalogue:
    shipped = load_catalogue()
    return make_catalogue(reference, [dial_ruleset()], list(shipped.profiles.values()))


NINGBO_GATES = {"muni_benefit_class": "B", "local_independent_legal_person": True}

# (total, level, next level, distance)
NINGBO_LEVELS = [
    (0, None, "star3", 75),
    (74.99, None, "star3", 0.01),
    (75, "star3", "star4", 10),
    (84.5, "star3", "star4", 0.5),
    (85, "star4", None, None),
    (100, "star4", None, None),
]


@pytest.mark.parametrize(("total", "level", "nxt", "distance"), NINGBO_LEVELS)
def test_ningbo_star_levels(shipped_dial: Catalogue, total: float, level: str | None, nxt: str | None,
                            distance: float | None) -> None:
    assert [lv.min_total.value for lv in shipped_dial.profile("ningbo_star").levels] == [75, 85]
    r = dial_result(shipped_dial, "ningbo_star", total, **NINGBO_GATES)
    assert r.eligible and r.total == pytest.approx(total)
    assert (r.level, r.next_level) == (level, nxt)
    assert r.distance_to_next == (None if distance is None else pytest.approx(distance))


HEBEI_LEVELS = [
    (59, None, "star3", 1),
    (60, "star3", "star4", 15),
    (74.9, "star3", "star4", 0.1),
    (75, "star4", "star5", 15),
    (89.99, "star4", "star5", 0.01),
    (90, "star5", None, None),
]


@pytest.mark.parametrize(("total", "level", "nxt", "distance"), HEBEI_LEVELS)
def test_hebei_star_levels(shipped_dial: Catalogue, total: float, level: str | None, nxt: str | None,
                           distance: float | None) -> None:
    prof = shipped_dial.profile("hebei_star")
    assert [lv.min_total.value for lv in prof.levels] == [60, 75, 90]
    answers = {g.id: (g.pass_options[0] if g.options else g.pass_if) for g in prof.gates}
    r = dial_result(shipped_dial, "hebei_star", total, **answers)
    assert r.eligible
    assert (r.level, r.next_level) == (level, nxt)
    assert r.distance_to_next == (None if distance is None else pytest.approx(distance))


def test_national_readiness_without_a_threshold_has_no_level(shipped_dial: Catalogue) -> None:
    prof = shipped_dial.profile("national_readiness")
    assert all(lv.min_total.value is None for lv in prof.levels)
    answers = {g.id: (g.pass_options[0] if g.options else g.pass_if) for g in prof.gates}
    r = dial_result(shipped_dial, "national_readiness", 100, **answers)
    assert r.eligible and r.total == 100
    assert r.level is None and r.next_level is None and r.distance_to_next is None


def test_national_readiness_with_an_administrator_threshold(shipped_dial: Catalogue) -> None:
    prof = shipped_dial.profile("national_readiness")
    answers = {g.id: (g.pass_options[0] if g.options else g.pass_if) for g in prof.gates}
    settings = Settings(level_thresholds={"national_candidate": 80})
    a = Assessment.model_validate({"ruleset": "t_dial", "profile": "national_readiness", "answers": answers,
                                   "inputs": {"energy_saving_output_share_pct": 70}})
    r = score(a, shipped_dial, settings=settings)
    assert r.level is None and r.next_level == "national_candidate" and r.distance_to_next == pytest.approx(10)
    a.inputs.energy_saving_output_share_pct = 80
    assert score(a, shipped_dial, settings=settings).level == "national_candidate"


def test_not_eligible_gets_no_level_but_keeps_its_distance(cat: Catalogue) -> None:
    r = score(with_answers(perfect_assessment(), p_mujun="C", m_design="none"), cat)
    assert r.eligible is False and r.level is None
    assert r.next_level == "l1" and r.distance_to_next == 0  # the score is there; the gate is what blocks


# ---- the result and the shipped rule-sets --------------------------------------------------------------------------

RESULT_KEYS = {"ruleset", "profile", "eligible", "failed_gates", "total", "max_total", "level", "dimensions",
               "missing", "warnings", "gaps"}


@pytest.mark.parametrize(("ruleset", "dimensions"), [("gbt36132_2025_platform", 5), ("gbt36132_2025_example", 5),
                                                      ("gbt36132_2018", 6)])
def test_shipped_rulesets_score_the_example(ruleset: str, dimensions: int) -> None:
    shipped = load_catalogue()
    r = score(example_assessment(ruleset, "ningbo_star", shipped), shipped)
    data = json.loads(json.dumps(r.model_dump(mode="json"), ensure_ascii=False))
    assert data.keys() >= RESULT_KEYS
    assert data["ruleset"] == ruleset and data["profile"] == "ningbo_star"
    assert data["eligible"] is True and data["failed_gates"] == [] and data["missing"] == []
    assert data["max_total"] == 100
    assert 0 <= data["total"] <= 100
    assert len(data["dimensions"]) == dimensions
    for d in data["dimensions"]:
        assert {"id", "name", "score", "max"} <= d.keys()
        assert 0 <= d["score"] <= d["max"] + 1e-9
    assert sum(d["max"] for d in data["dimensions"]) == pytest.approx(100)
    assert sum(d["score"] for d in data["dimensions"]) == pytest.approx(data["total"])


def test_result_is_reproducible_and_names_the_ruleset_version(cat: Catalogue) -> None:
    a = perfect_assessment()
    r1, r2 = score(a, cat), score(a, cat)
    assert r1 == r2
    assert (r1.ruleset, r1.ruleset_version, r1.profile) == ("t_rs", 3, "t_prof")


def test_english_result(cat: Catalogue) -> None:
    r = score(with_answers(perfect_assessment(), g_plan=DROP), cat)
    assert any("not answered" in m for m in (render("en", m) for m in r.missing))
