"""The scoring engine: gates → items → dimension subtotals → weighted total → level under a profile.

`score(assessment)` is a pure function of the Assessment and the catalogue; every number in the Result
carries its working (inputs, formula, 基准值/引领值 with their origin, points, source and confidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import TypeAdapter

from criteria import Catalogue, load_catalogue
from criteria.schema import Gate, Indicator, Profile, Rubric, RubricLevel, RuleSet, Sourced, Text
from locales import Msg, msg
from scoring import totals, vec
from scoring.gaps import build_gaps
from scoring.memo import per_object
from scoring.metrics import METRICS, Context, energy_tier_index, energy_total, evaluate
from scoring.models import (
    Assessment,
    BenchValue,
    DimensionResult,
    Figure,
    GateResult,
    IndicatorResult,
    LevelInfo,
    Result,
    ScoreRange,
    Warning,
    YardstickRef,
)
from scoring.plausibility import BOUNDS, implausible, plausibility_warnings  # without BOUNDS never implausible
from scoring.products import PRODUCT_METRICS, ProductsOutcome, score_products

QUANTITATIVE = ("forward", "inverse", "count")
PENDING = ("missing_input", "missing_benchmark", "implausible", "unanswered")  # the result is incomplete
OPEN = ("missing_benchmark", "implausible")  # what the score range is made of


class YardstickEntryLike(Protocol):  # read-only members: the sets are frozen pydantic models
    @property
    def baseline(self) -> float | None: ...
    @property
    def leading(self) -> float | None: ...
    @property
    def n(self) -> int: ...
    @property
    def level(self) -> str: ...
    @property
    def industry(self) -> str: ...


class YardsticksLike(Protocol):
    """A published district yardstick set (scoring.yardstick_set.YardstickSet)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def source(self) -> str: ...

    def lookup(self, indicator: str, industry: str) -> YardstickEntryLike | None: ...


@dataclass(frozen=True)
class Settings:
    """What officials set over a profile: the district's published yardsticks, the administrator's 基准值/引领值
    per indicator and level thresholds."""

    benchmarks: dict[str, dict[str, float | None]] | None = None  # id → {"baseline":…, "leading":…}
    level_thresholds: dict[str, float] | None = None  # level id → min_total
    sources: dict[str, str] | None = None  # "<id>.baseline" / "<id>.leading" / "level:<id>" → where it came from
    yardsticks: YardsticksLike | None = None  # the district's published set


def linear_fraction(value: float, baseline: float, leading: float, inverse: bool) -> float:
    """GB/T 36132-2025 §5.2 for one value (the rule itself is `scoring.vec.linear_fraction`)."""
    return float(vec.linear_fraction(value, baseline, leading, inverse))


def variant_of(ind: Indicator, ctx: Context) -> str | None:
    """The yardstick variant of an indicator whose 基准值/引领值 differ by band (catalogue `variant_by`)."""
    if ind.variant_by != "energy_tier":
        return None
    total = energy_total(ctx)
    if vec.isnan(total):
        return None
    tiers = ctx.ref.energy_tiers
    return tiers.ids()[int(energy_tier_index(total, tiers))]


# ---- benchmarks --------------------------------------------------------------------------------------

_MISSING = BenchValue(value=None, origin="missing")
_GATES = TypeAdapter(list[GateResult])  # one validation for all of a result's gates (and indicators, below)
_INDICATORS = TypeAdapter(list[IndicatorResult])


def _bench_from_sourced(s: Sourced | None, origin: str) -> BenchValue | None:
    """A catalogue value as a BenchValue, built once per value and origin (both are frozen)."""
    if s is None or s.value is None:
        return None
    return per_object(s, origin, lambda: BenchValue(
        value=s.value, origin=origin, source=s.source, confidence=s.confidence))


def _resolve_benchmarks(
    ind: Indicator, variant: str | None, a: Assessment, profile: Profile, settings: Settings, cat: Catalogue
) -> tuple[BenchValue, BenchValue]:
    """Order (a quota is applied per product, before this): the district's published set > administrator >
    profile > catalogue > regulation default > entered by the enterprise (企业自报) > missing."""
    keys = [f"{ind.id}@{variant}", ind.id] if variant else [ind.id]
    industry = a.enterprise.industry
    found: list[BenchValue] = []
    for which in ("baseline", "leading"):  # each source is asked only when it holds anything
        got = _district(settings, keys, industry, which) if settings.yardsticks is not None else None
        if got is None and settings.benchmarks:
            got = _admin(settings, keys, which)
        if got is None and profile.benchmarks:
            got = _from_profile(profile, keys, which)
        if got is None:
            got = _bench_from_sourced(getattr(ind, which), "catalogue")
        if got is None and which == "baseline" and ind.baseline_default:
            got = _reference_default(ind.baseline_default, a, cat)
        if got is None and a.benchmarks:
            got = _entered(a, keys, which)
        found.append(got or _MISSING)
    return found[0], found[1]


def _district(settings: Settings, keys: list[str], industry: str, which: str) -> BenchValue | None:
    ys = settings.yardsticks
    if ys is None:
        return None
    for key in keys:
        entry = ys.lookup(key, industry)
        v = getattr(entry, which) if entry is not None else None
        if v is not None:
            assert entry is not None
            where = f"（{entry.industry} 类，n={entry.n}）" if entry.industry else f"（n={entry.n}）"
            return BenchValue(value=v, origin="district", source=f"{ys.name} v{ys.version}{where}：{ys.source}",
                              confidence="R")
    return None


def _admin(settings: Settings, keys: list[str], which: str) -> BenchValue | None:
    for key in keys:
        v = (settings.benchmarks or {}).get(key, {}).get(which)
        if v is not None:
            src = (settings.sources or {}).get(f"{key}.{which}") or ""
            return BenchValue(value=v, origin="admin", source=f"管理员设置：{src}" if src else "管理员设置")
    return None


def _from_profile(profile: Profile, keys: list[str], which: str) -> BenchValue | None:
    for key in keys:
        prof = profile.benchmarks.get(key)
        got = _bench_from_sourced(getattr(prof, which) if prof else None, "profile")
        if got:
            return got
    return None


def _entered(a: Assessment, keys: list[str], which: str) -> BenchValue | None:
    for key in keys:
        entered = a.benchmarks.get(key)
        v = getattr(entered, which) if entered else None
        if v is not None:
            return BenchValue(value=v, origin="entered", source=entered.source if entered else "")
    return None


def _reference_default(name: str, a: Assessment, cat: Catalogue) -> BenchValue | None:
    """Defaults tied to regulations: land-use control minimums as 基准值 (reference 2.2 / 2.4.4)."""
    ref = cat.reference
    row = ref.land_control(a.enterprise.industry) if a.enterprise.industry else None
    if name == "land_plot_ratio_min":
        s = row.plot_ratio_min if row else None
    elif name == "land_building_coefficient_min":
        s = (row.building_coefficient_min if row else None) or ref.land_control_default.building_coefficient_min
    else:
        return None
    return _bench_from_sourced(s, "defaulted")


# ---- items -------------------------------------------------------------------------------------------


def _gate(g: Gate, a: Assessment, origin: str) -> GateResult:
    return GateResult(**_gate_fields(g, a, origin))


_UNANSWERED = msg("engine.gate_unanswered")
_MET = msg("engine.gate_met")


def _gate_fields(g: Gate, a: Assessment, origin: str) -> dict[str, Any]:
    """The fields of a GateResult (the engine validates all gates of a result in one call)."""
    ans = a.answers.get(g.id)
    reason: Msg
    if ans is None or ans == "":
        state, reason = "unanswered", _UNANSWERED
    elif g.options:
        ok = ans in g.pass_options
        state = "pass" if ok else "fail"
        reason = msg("engine.gate_option", answer=ans, required="/".join(g.pass_options))
    elif not isinstance(ans, bool):  # a yes/no gate answered with text ("否", "false") is not an answer
        state, reason = "unanswered", msg("engine.gate_not_yes_no", answer=ans)
    else:
        ok = ans == g.pass_if
        state = "pass" if ok else "fail"
        reason = _MET if ok else msg("engine.gate_not_met", name=g.name)
    return {"id": g.id, "name": g.name, "state": state, "answer": ans, "reason": reason, "clause": g.clause,
            "origin": origin}


def _rubric_view(rubric: Rubric) -> tuple[dict[str, RubricLevel], Text]:
    """A rubric's levels by id and its formula text (pure per catalogue object: cached)."""
    def formula(lang: str) -> str:
        return " / ".join(f"{lv.label.get(lang)} = {lv.fraction:g}" for lv in rubric.levels)

    return per_object(rubric, "view", lambda: (
        {lv.id: lv for lv in reversed(rubric.levels)},  # reversed: the first level of an id wins, as with next()
        Text(zh=formula("zh"), en=formula("en"))))


_MISSING_BASELINE = msg("engine.missing_baseline")
_MISSING_LEADING = msg("engine.missing_leading")
_MISSING_CHECK = msg("engine.missing_check")
_MISSING_RUBRIC = msg("engine.missing_rubric")
_MISSING_YES_NO = msg("engine.missing_yes_no")


def _indicator(
    dim_id: str, ind: Indicator, rs: RuleSet, a: Assessment, profile: Profile, settings: Settings,
    ctx: Context, cat: Catalogue, products: dict[str, ProductsOutcome | None] | None = None,
) -> IndicatorResult:
    """One indicator on its own, not weighted (the pool asks this for items decided by few distinct answers)."""
    return IndicatorResult(**_indicator_fields(dim_id, ind, rs, a, profile, settings, ctx, cat, products))


def _indicator_fields(
    dim_id: str, ind: Indicator, rs: RuleSet, a: Assessment, profile: Profile, settings: Settings,
    ctx: Context, cat: Catalogue, products: dict[str, ProductsOutcome | None] | None = None,
) -> dict[str, Any]:
    """The fields of one IndicatorResult, weighted 0 (`score` weights them within the dimension, then validates
    every indicator of the result in one call: no attribute assignment after construction)."""
    points = ind.points
    ev = a.evidence.get(ind.id)
    f: dict[str, Any] = {
        "id": ind.id, "dimension": dim_id, "name": ind.name, "kind": ind.kind, "metric": ind.metric,
        "unit": ind.unit, "state": "scored", "value": None, "formula": None, "figures": [], "baseline": None,
        "leading": None, "answer": None, "answer_label": None, "fraction": 0.0, "points": 0.0, "max_points": float(points.value or 0),
        "source": points.source, "confidence": points.confidence, "mandatory": ind.mandatory, "missing": [],
        "evidence_state": ev.state if ev else None, "implausible": False, "products": [], "weighted": 0.0,
        "weighted_max": 0.0,
    }
    if ind.applicable_if and not evaluate(ind.applicable_if, ctx).value:
        f["state"] = "not_applicable"
        return f
    kind = PRODUCT_METRICS.get(ind.metric or "")
    outcome = None
    if kind is not None:  # the pool calls without the assessment's precomputed products
        outcome = products.get(kind) if products is not None else score_products(a.inputs.products, a.year, kind)
    if outcome is not None:
        _from_products(f, outcome, ind.id in a.confirmed)
    elif ind.kind in QUANTITATIVE:
        assert ind.metric is not None
        calc = evaluate(ind.metric, ctx)
        m = METRICS[ind.metric]
        value = calc.value
        f["formula"], f["figures"], f["value"] = m.formula, calc.figures, value
        f["unit"] = ind.unit or m.unit
        variant = variant_of(ind, ctx)
        baseline, leading = _resolve_benchmarks(ind, variant, a, profile, settings, cat)
        f["baseline"], f["leading"] = baseline, leading
        if value is None:
            f["state"], f["missing"] = "missing_input", calc.missing
        elif baseline.value is None or leading.value is None:
            f["state"] = "missing_benchmark"
            f["missing"] = [_MISSING_BASELINE] * (baseline.value is None) + [_MISSING_LEADING] * (leading.value is None)
        else:
            f["fraction"] = linear_fraction(value, baseline.value, leading.value, ind.kind == "inverse")
        if value is not None and ind.metric in BOUNDS and ind.id not in a.confirmed and implausible(ind.metric, value):
            f["state"], f["fraction"], f["implausible"] = "implausible", 0.0, True
            f["missing"] = [_MISSING_CHECK]
    elif ind.kind == "qualitative":
        assert ind.rubric is not None
        levels, f["formula"] = _rubric_view(rs.rubrics[ind.rubric])
        ans = a.answers.get(ind.id)
        level = levels.get(ans) if isinstance(ans, str) else None
        if level is None:
            f["answer"] = ans if isinstance(ans, str) else None
            f["state"], f["missing"] = "unanswered", [_MISSING_RUBRIC]
        else:
            f["fraction"] = level.fraction
            f["answer"], f["answer_label"] = level.id, level.label
    else:  # yes_no
        ans = a.answers.get(ind.id)
        if not isinstance(ans, bool):
            f["state"], f["missing"] = "unanswered", [_MISSING_YES_NO]
        else:
            f["answer"] = ans
            f["fraction"] = 1.0 if ans else 0.0
    f["points"] = float(vec.round6(f["fraction"] * f["max_points"]))
    return f


def _from_products(f: dict[str, Any], out: ProductsOutcome, confirmed: bool) -> None:
    """The per-product indicator where a quota applies: each product against its own 1级/2级, the fraction
    weighted by 综合能耗 over the top three (``scoring.products``); the largest product's figures are shown."""
    f["products"] = out.rows
    f["formula"] = msg(f"product.formula_{out.kind}", n=len(out.counted))
    f["figures"] = [Figure(label=r.name, value=r.value, unit=r.unit) for r in out.rows]
    lead, g = out.lead, out.lead_grades
    if lead is None or g is None or out.fraction is None:
        f["baseline"] = f["leading"] = _MISSING
        blocked_by_quota = any(code != "product.no_value" and code != "product.no_weight" for code, _ in out.missing)
        f["state"] = "missing_benchmark" if blocked_by_quota else "missing_input"
        f["missing"] = [msg(code, **params) for code, params in out.missing]
        return
    where = msg("product.source" if g.table and g.page else "product.source_short",
                standard=g.standard, table=g.table, page=g.page)
    f["value"], f["unit"] = lead.value, lead.unit
    f["baseline"] = BenchValue(value=lead.baseline, origin="quota", confidence=g.confidence,
                               source=msg("product.grade_source", where=where, grade=msg(f"product.grade2_{out.kind}")))
    f["leading"] = BenchValue(value=lead.leading, origin="quota", confidence=g.confidence,
                              source=msg("product.grade_source", where=where, grade=msg(f"product.grade1_{out.kind}")))
    f["fraction"] = out.fraction
    if out.implausible and not confirmed:
        f["state"], f["fraction"], f["implausible"] = "implausible", 0.0, True
        f["missing"] = [msg("product.implausible", products=[r.name for r in out.implausible])]


# ---- levels ------------------------------------------------------------------------------------------


def _at_baseline(r: IndicatorResult) -> bool:
    """The value is scored and at least as good as 基准值 (the industry average, §4.4.3)."""
    if r.products:
        return r.state == "scored" and bool(counted := [p for p in r.products if p.counted]) and all(
            p.value is not None and p.baseline is not None and p.value <= p.baseline for p in counted)
    if r.state != "scored" or r.value is None or r.baseline is None or r.baseline.value is None:
        return False
    return r.value <= r.baseline.value if r.kind == "inverse" else r.value >= r.baseline.value


def _levels(
    profile: Profile, rules: list[totals.LevelRule], total: float, eligible: bool, indicators: list[IndicatorResult],
    a: Assessment,
) -> list[LevelInfo]:
    quantitative_ok = all(_at_baseline(r) for r in indicators if r.kind in QUANTITATIVE and r.state != "not_applicable")
    fast = {ft.level: ft for ft in profile.fast_tracks if a.answers.get(ft.id) is True}
    out = []
    for lv, rule in zip(profile.levels, rules, strict=True):
        score_ok = bool(totals.by_score(rule, total, quantitative_ok))
        via = "score" if score_ok else (fast[lv.id].id if lv.id in fast else "")
        hit = bool(totals.reached(rule, total, eligible, quantitative_ok, lv.id in fast))
        out.append(LevelInfo(id=lv.id, name=lv.name, min_total=rule.threshold, reached=hit,
                             via=via if eligible else ""))
    return out


def _range(profile: Profile, rules: list[totals.LevelRule], total: float, indicators: list[IndicatorResult],
           gates: list[GateResult], mandatory_is_gate: bool, a: Assessment,
           ) -> tuple[ScoreRange, list[bool]]:
    """The score range while yardsticks are missing or values unconfirmed, and which levels it can still reach
    (the open items at full marks, counted as at 基准值, and not blocking eligibility)."""
    open_items = [r for r in indicators if r.state in OPEN]
    lo, hi = totals.score_range(total, sum(r.weighted_max for r in open_items))
    fast = {ft.level for ft in profile.fast_tracks if a.answers.get(ft.id) is True}
    quant_ok = all(_at_baseline(r) or r.state in OPEN for r in indicators
                   if r.kind in QUANTITATIVE and r.state != "not_applicable")
    pending = any(r.mandatory and r.state in PENDING and r.state not in OPEN for r in indicators)
    mandatory_failed = any(r.mandatory and r.state == "scored" and r.fraction < 1 for r in indicators)
    elig = bool(totals.eligible(any(g.state == "fail" for g in gates), any(g.state == "unanswered" for g in gates),
                                mandatory_failed, pending, mandatory_is_gate))
    possible = [bool(totals.reached(rule, float(hi), elig, quant_ok, rule.id in fast)) for rule in rules]
    return ScoreRange(min=float(lo), max=float(hi), open_items=[r.id for r in open_items]), possible


# ---- the whole assessment ----------------------------------------------------------------------------


def score(
    a: Assessment,
    catalogue: Catalogue | None = None,
    *,
    ruleset_id: str | None = None,
    profile_id: str | None = None,
    settings: Settings | None = None,
) -> Result:
    cat = catalogue or load_catalogue()
    rs = cat.ruleset(ruleset_id or a.ruleset)
    profile = cat.profile(profile_id or a.profile)
    settings = settings or Settings()
    ctx = Context(a, cat.reference)
    products = {kind: score_products(a.inputs.products, a.year, kind) for kind in ("energy", "water")}

    gates = _GATES.validate_python([_gate_fields(g, a, "ruleset") for g in rs.gates]
                                   + [_gate_fields(g, a, "profile") for g in profile.gates])
    fields: list[dict[str, Any]] = []
    dimensions: list[DimensionResult] = []
    for dim in rs.dimensions:
        rows = [_indicator_fields(dim.id, i, rs, a, profile, settings, ctx, cat, products)
                for i in dim.indicators]
        weight = float(dim.weight.value or 0)
        applicable = [f["state"] != "not_applicable" for f in rows]
        maxes = [f["max_points"] for f in rows]
        # the weighted maximum depends on the dimension and which of its items apply only: worked out once
        wmaxes = per_object(dim, ("weighted_max", *applicable), lambda: [
            float(w) for w in totals.weighted_points(maxes, maxes, applicable, weight)])  # noqa: B023 (called here)
        weighted = [float(w) for w in totals.weighted_points([f["points"] for f in rows], maxes, applicable, weight)]
        for f, w, wmax in zip(rows, weighted, wmaxes, strict=True):
            f["weighted"], f["weighted_max"] = w, wmax
        dimensions.append(DimensionResult(
            id=dim.id, name=dim.name, score=sum(weighted), max=weight,
            weight_source=dim.weight.source, weight_confidence=dim.weight.confidence,
        ))
        fields.extend(rows)
    indicators = _INDICATORS.validate_python(fields)

    failed = [g.id for g in gates if g.state == "fail"]
    mandatory_failed = [r.id for r in indicators if r.mandatory and r.state == "scored" and r.fraction < 1]
    if rs.mandatory_is_gate:
        failed += mandatory_failed
    unanswered_gates = [g for g in gates if g.state == "unanswered"]
    # a 必选 item that acts as a gate but is not yet answered blocks eligibility like an unanswered gate
    pending_mandatory = any(r.mandatory and r.state in PENDING for r in indicators)
    eligible = bool(totals.eligible(any(g.state == "fail" for g in gates), bool(unanswered_gates),
                                    bool(mandatory_failed), pending_mandatory, rs.mandatory_is_gate))

    missing = [msg("engine.gate_missing", name=g.name) for g in unanswered_gates]
    missing += [msg("engine.item_missing", name=r.name, items=r.missing) for r in indicators if r.state in PENDING]

    total = float(vec.round6(sum(d.score for d in dimensions)))
    max_total = float(sum(d.max for d in dimensions))
    rules = totals.level_rules(profile, settings.level_thresholds)
    levels = _levels(profile, rules, total, eligible, indicators, a)
    rank = int(totals.level_rank([lv.reached for lv in levels]))
    level = levels[rank] if rank >= 0 else None
    nxt_rank = int(totals.next_rank(float(rank), rules))
    nxt = levels[nxt_rank] if nxt_rank >= 0 else None
    gap = float(totals.distance(total, float(nxt_rank), rules))
    score_range, possible = _range(profile, rules, total, indicators, gates, rs.mandatory_is_gate, a)
    best = max([rank] + [i for i, lv in enumerate(possible) if lv])
    for lv, ok in zip(levels, possible, strict=True):
        lv.status = "reached" if lv.reached else ("possible" if ok else "not_reached")
    status = totals.LEVEL_STATUS[int(totals.level_status(float(rank), float(best)))]

    result = Result(
        ruleset=rs.id, ruleset_version=rs.version, ruleset_name=rs.name, profile=profile.id,
        profile_name=profile.name, eligible=eligible, complete=not missing,
        failed_gates=failed, total=total, max_total=max_total,
        level=level.id if level else None, level_name=level.name if level else None,
        next_level=nxt.id if nxt else None, next_level_name=nxt.name if nxt else None,
        distance_to_next=None if vec.isnan(gap) else gap,
        levels=levels, range=score_range, level_status=status,
        possible_level=levels[best].id if best > rank else None,
        possible_level_name=levels[best].name if best > rank else None,
        yardstick_set=YardstickRef(id=settings.yardsticks.id, name=settings.yardsticks.name,
                                   version=settings.yardsticks.version, source=settings.yardsticks.source)
        if settings.yardsticks is not None else None,
        dimensions=dimensions, gates=gates, indicators=indicators, missing=missing,
        warnings=plausibility_warnings(a, indicators, ctx), gaps=[],
    )
    if a.ruleset_version is not None and a.ruleset_version != rs.version and rs.id == a.ruleset:
        result.warnings.append(Warning(field="ruleset_version", message=msg(
            "engine.ruleset_version", saved=a.ruleset_version, now=rs.version)))
    if not profile.allows(rs.id):
        result.warnings.append(Warning(field="profile", message=msg(
            "engine.profile_mismatch", profile=profile.name, ruleset=rs.name)))
    result.gaps = build_gaps(result, rs, profile)
    return result
