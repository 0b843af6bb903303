"""Vectorised scoring of a whole pool (pandas / NumPy) with exactly the engine's semantics.

`score_frame(frame, model, bench)` gives, for every row, what `scoring.engine.score(row_to_assessment(row))` gives:
total, eligibility, completeness, level, next level and distance, each dimension's score, and each indicator's
value, state and weighted points. `tests/pool/test_batch_property.py` proves it over random pools.

How it stays identical to the engine:
* What depends on few distinct values is **delegated to the engine's own functions**, once per distinct value:
  gate states (`engine._gate`), 基准值/引领值 resolution per industry and energy tier (`engine._resolve_benchmarks`,
  which also applies the land-use reference defaults), applicability switches (`metrics.evaluate`), grid factors
  (`metrics.grid_factor`), and qualitative / 是否 items (`engine._indicator`).
* The quantitative formulas are restated on columns in the **same order of floating-point operations** as
  `scoring.metrics` (e.g. `first + (r1 + r2)` where the engine writes `first + sum(rest)`), and the engine's
  `round(x, 6)` is reproduced exactly (NumPy's rounding, with the rare half-way cases redone by Python's `round`).
  So the results are bit-identical, not only close, and level thresholds cannot flip on a last-digit difference.
* A new metric in `scoring.metrics` that is not restated here raises at scoring time (and fails a test).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from criteria import Catalogue, load_catalogue
from criteria.schema import Indicator, Profile, RuleSet
from pool.columns import POLLUTANT_LIMIT, POLLUTANT_MEAN, POLLUTANT_TOTAL, ColumnModel, bench_for
from scoring.engine import QUANTITATIVE, Settings, _gate, _indicator, _resolve_benchmarks
from scoring.metrics import Context, evaluate, grid_factor
from scoring.models import Assessment, Enterprise, Inputs, Options

NAN = np.nan
STATES = ("scored", "missing_input", "missing_benchmark", "unanswered", "not_applicable")
_S = {s: i for i, s in enumerate(STATES)}


# ---- exact helpers ---------------------------------------------------------------------------------------


def round6(x: np.ndarray) -> np.ndarray:
    """Python's `round(v, 6)` on every element. NumPy computes rint(v·10⁶)/10⁶, which equals Python's correctly
    rounded result except when v·10⁶ lies within a rounding error of a half; those few are redone in Python."""
    x = np.asarray(x, dtype=float)
    y = np.round(x, 6)
    scaled = x * 1e6
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6 * np.maximum(1.0, np.abs(scaled) * 1e-9)
    for i in np.flatnonzero(near & np.isfinite(x)):
        y[i] = round(float(x[i]), 6)
    return y


def linear_fraction_vec(value: np.ndarray, baseline: np.ndarray, leading: np.ndarray, inverse: bool) -> np.ndarray:
    """engine.linear_fraction on columns (same branches in the same order)."""
    v, b, lead = (-value, -baseline, -leading) if inverse else (value, baseline, leading)
    with np.errstate(divide="ignore", invalid="ignore"):
        ramp = (v - b) / (lead - b)
    graded = np.where(v >= lead, 1.0, np.where(v <= b, 0.0, ramp))
    return np.where(lead == b, np.where(v >= lead, 1.0, 0.0), graded)


# ---- the input columns -----------------------------------------------------------------------------------


class _Cols:
    """Float views of the frame's input columns (NaN = not filled), with the engine's reading rules."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.n = len(frame)
        self._cache: dict[str, np.ndarray] = {}
        self._factors: dict[str, tuple[np.ndarray, list[Any]]] = {}

    def raw(self, name: str) -> np.ndarray:
        if name not in self._cache:
            if name in self.frame.columns:
                col = self.frame[name]
                if col.dtype == "boolean":
                    arr = col.astype("Float64").to_numpy(dtype=float, na_value=NAN)
                else:
                    arr = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=NAN)
            else:
                arr = np.full(self.n, NAN)
            self._cache[name] = arr
        return self._cache[name]

    def num(self, name: str, *, positive: bool = False, optional: bool = False) -> np.ndarray:
        """Context.num: optional → 0 when empty; positive → a value ≤ 0 counts as missing."""
        v = self.raw(name)
        if optional:
            return np.where(np.isnan(v), 0.0, v)
        if positive:
            return np.where(v > 0, v, NAN)
        return v

    def factor(self, name: str) -> tuple[np.ndarray, list[Any]]:
        """Codes of the column's distinct values and the values (as plain Python objects, None for empty)."""
        key = "§" + name
        if key not in self._factors:
            if name not in self.frame.columns:
                self._factors[key] = (np.zeros(self.n, dtype=np.intp), [None] if self.n else [])
            else:
                codes, uniques = pd.factorize(self.frame[name], use_na_sentinel=False)
                self._factors[key] = (np.asarray(codes), [_plain(u) for u in uniques])
        return self._factors[key]

    def eq(self, name: str, value: Any) -> np.ndarray:
        codes, uniques = self.factor(name)
        hits = [k for k, u in enumerate(uniques) if u == value]
        return np.isin(codes, hits)


@dataclass
class _Env:
    """Per-row settings that several metrics share: the electricity coefficient and the grid factor."""

    elec_coef: np.ndarray
    grid_kg: np.ndarray  # kgCO₂/kWh, NaN where no factor is available
    energy_present: np.ndarray
    carriers: list[Any]


def _options_of(c: _Cols, i: int) -> Options:
    vals: dict[str, Any] = {}
    for key in ("electricity_basis", "electricity_equivalent_kgce_per_kwh", "grid_region", "grid_year",
                "carbon_method"):
        col = f"opt.{key}"
        if col in c.frame.columns:
            v = c.frame[col].iloc[i]
            if not pd.isna(v):
                vals[key] = int(v) if key == "grid_year" else v
    return Options(**vals)


def _env(c: _Cols, cat: Catalogue, years: np.ndarray) -> _Env:
    ref = cat.reference
    carriers = list(ref.carriers)
    present = np.zeros(c.n, dtype=bool)
    for car in carriers:
        present |= ~np.isnan(c.raw(f"energy.{car.id}"))
    elec = ref.carrier("electricity")
    assert elec is not None and elec.kgce_per_unit.value is not None
    own = c.raw("opt.electricity_equivalent_kgce_per_kwh")
    ref_eq = ref.electricity_equivalent_kgce_per_kwh.value
    coal = np.where(~np.isnan(own) & (own != 0), own, float(ref_eq or 0) if ref_eq else 0.0)
    elec_coef = np.where(c.eq("opt.electricity_basis", "equivalent_coal"), coal, elec.kgce_per_unit.value)
    # grid factor per distinct (region, method, year): the engine's own lookup
    gyear = c.raw("opt.grid_year")
    eff_year = np.where(np.isnan(gyear) | (gyear == 0), years, gyear)  # the engine: `grid_year or year`
    ycodes, yuniq = pd.factorize(eff_year)
    codes, combos = _combine(c.factor("opt.grid_region"), c.factor("opt.carbon_method"),
                             (np.asarray(ycodes), [float(y) for y in yuniq]))
    table = np.empty(len(combos))
    for k, (r, m, y) in enumerate(combos):
        ns = SimpleNamespace(a=SimpleNamespace(options=SimpleNamespace(grid_region=r or "",
                                                                       carbon_method=m or "location", grid_year=None),
                                               year=int(y)), ref=ref)
        gf = grid_factor(ns)  # type: ignore[arg-type]
        table[k] = NAN if gf is None or gf.kg_per_kwh.value is None else gf.kg_per_kwh.value
    return _Env(elec_coef=elec_coef, grid_kg=table[codes] if len(table) else np.full(c.n, NAN),
                energy_present=present, carriers=carriers)


# ---- metrics on columns (same formulas and operation order as scoring.metrics) ----------------------------


class _Metrics:
    def __init__(self, c: _Cols, env: _Env) -> None:
        self.c, self.env = c, env
        self._memo: dict[str, np.ndarray] = {}

    def energy_total(self) -> np.ndarray:
        if "energy" not in self._memo:
            c, env = self.c, self.env
            total_kgce = np.zeros(c.n)
            for car in env.carriers:
                amount = c.raw(f"energy.{car.id}")
                coef = env.elec_coef if car.is_electricity else float(car.kgce_per_unit.value or 0)
                total_kgce = total_kgce + np.where(np.isnan(amount), 0.0, amount * coef)
            pv = c.num("pv_self_use_kwh", optional=True)
            total_kgce = np.where(pv != 0, total_kgce + pv * env.elec_coef, total_kgce)
            other = c.num("renewable_other_tce", optional=True)
            feed = c.num("feedstock_energy_tce", optional=True)
            total = total_kgce / 1000 + other - feed
            missing = ~env.energy_present & np.isnan(c.raw("pv_self_use_kwh"))
            # a total of 0 tce or less is missing input (all zeros, or feedstock ≥ consumption), as in the engine
            self._memo["energy"] = np.where(missing | ~(total > 0), NAN, total)
        return self._memo["energy"]

    def co2_total(self) -> np.ndarray:
        if "co2" not in self._memo:
            c, env = self.c, self.env
            total = np.zeros(c.n)
            for car in env.carriers:
                if car.is_electricity:
                    continue
                ef = car.co2_t_per_unit.value if car.co2_t_per_unit else None
                if ef:
                    amount = c.raw(f"energy.{car.id}")
                    total = total + np.where(np.isnan(amount), 0.0, amount * ef)
            grid = c.num("energy.electricity", optional=True)
            market = c.eq("opt.carbon_method", "market")
            green = c.num("green_power_trade_kwh", optional=True)
            gec = c.num("gec_kwh", optional=True)
            counted = np.where(market, np.maximum(grid - green - gec, 0.0), grid)
            with_grid = total + counted * env.grid_kg / 1000
            value = np.where(grid != 0, with_grid, total)  # NaN where a grid factor is needed and missing
            # same boundary as 综合能耗: no valid energy total, no CO₂ figure either
            self._memo["co2"] = np.where(env.energy_present & ~np.isnan(self.energy_total()), value, NAN)
        return self._memo["co2"]

    def pollutant_t(self) -> np.ndarray:
        return self.c.raw(POLLUTANT_TOTAL)

    # numerators
    def sum_inputs(self, first: str, *rest: str) -> np.ndarray:
        f = self.c.num(first)
        acc: np.ndarray | float = 0
        for r in rest:
            acc = acc + self.c.num(r, optional=True)
        return f + acc

    def ratio(self, num: np.ndarray, den: str, scale: float) -> np.ndarray:
        d = self.c.num(den, positive=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(~np.isnan(num) & ~np.isnan(d) & (d > 0), num / d * scale, NAN)

    def pct_of_sum(self, part: str, base: tuple[str, ...], add_part: bool) -> np.ndarray:
        p = self.c.num(part)
        first = self.c.num(base[0])
        others: np.ndarray | float = 0
        for b in base[1:]:
            others = others + self.c.num(b, optional=True)
        den = first + others + (p if add_part else 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(~np.isnan(p) & ~np.isnan(first) & (den > 0), p / den * 100, NAN)

    def renewable_share(self) -> np.ndarray:
        e = self.energy_total()
        kwh = (self.c.num("pv_self_use_kwh", optional=True) + self.c.num("green_power_trade_kwh", optional=True)
               + self.c.num("gec_kwh", optional=True))
        other = self.c.num("renewable_other_tce", optional=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = (kwh * self.env.elec_coef / 1000 + other) / e * 100
        return np.where(~np.isnan(e) & (e != 0), v, NAN)

    def count_true(self, prefix: str) -> np.ndarray:
        cols = [col for col in self.c.frame.columns if col.startswith(prefix)]
        out = np.zeros(self.c.n)
        for col in cols:
            out = out + (self.c.raw(col) == 1.0)
        return out

    def tech_count(self) -> np.ndarray:
        out = np.zeros(self.c.n)
        for col in [col for col in self.c.frame.columns if col.startswith("tech.")]:
            out = out + self.c.num(col, optional=True)
        return out

    def margin(self) -> np.ndarray:
        mean, limit = self.c.raw(POLLUTANT_MEAN), self.c.raw(POLLUTANT_LIMIT)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = (limit - mean) / limit * 100
        return np.where(~np.isnan(mean) & ~np.isnan(limit) & (limit != 0), v, NAN)


def _ratios(m: _Metrics) -> dict[str, Callable[[], np.ndarray]]:
    c = m.c
    inp = c.num
    return {
        "plot_ratio": lambda: m.ratio(m.sum_inputs("building_floor_area_m2", "structure_floor_area_m2",
                                                   "high_storey_extra_m2"), "land_area_m2", 1),
        "building_coefficient_pct": lambda: m.ratio(m.sum_inputs("building_footprint_m2", "structure_footprint_m2",
                                                                 "yard_area_m2"), "land_area_m2", 100),
        "output_per_land_wan_m2": lambda: m.ratio(inp("output_value_wan"), "land_area_m2", 1),
        "energy_per_output_tce_wan": lambda: m.ratio(m.energy_total(), "output_value_wan", 1),
        "energy_per_product": lambda: m.ratio(m.energy_total(), "production_volume", 1),
        "energy_per_product_kgce": lambda: m.ratio(m.energy_total() * 1000, "production_volume", 1),
        "carbon_per_output_t_wan": lambda: m.ratio(m.co2_total(), "output_value_wan", 1),
        "carbon_per_product_t": lambda: m.ratio(m.co2_total(), "production_volume", 1),
        "raw_material_per_output_t_wan": lambda: m.ratio(inp("raw_material_t"), "output_value_wan", 1),
        "raw_material_per_product_t": lambda: m.ratio(inp("raw_material_t"), "production_volume", 1),
        "water_per_output_m3_wan": lambda: m.ratio(inp("water_withdrawal_m3"), "output_value_wan", 1),
        "water_per_product_m3": lambda: m.ratio(inp("water_withdrawal_m3"), "production_volume", 1),
        "retrofit_investment_share_pct": lambda: m.ratio(inp("retrofit_investment_3y_wan"), "output_value_3y_wan", 100),
        "pollutant_emission_per_output_kg_wan": lambda: m.ratio(m.pollutant_t() * 1000, "output_value_wan", 1),
        "pollutant_per_product_kg": lambda: m.ratio(m.pollutant_t() * 1000, "production_volume", 1),
        "wastewater_per_product_m3": lambda: m.ratio(inp("wastewater_m3"), "production_volume", 1),
        "waste_gas_per_product_10k_m3": lambda: m.ratio(inp("waste_gas_10k_m3"), "production_volume", 1),
        "green_material_pct": lambda: m.ratio(inp("green_material_t"), "same_class_material_t", 100),
        "wastewater_reuse_pct": lambda: m.ratio(inp("wastewater_reused_m3"), "wastewater_treated_m3", 100),
        "footprint_coverage_pct": lambda: m.ratio(inp("footprint_categories"), "product_categories", 100),
        "renewable_share_pct": m.renewable_share,
        "water_reuse_pct": lambda: m.pct_of_sum("water_reused_m3", ("water_withdrawal_m3",), True),
        "solid_waste_utilisation_pct": lambda: m.pct_of_sum(
            "solid_waste_utilised_t", ("solid_waste_generated_t", "solid_waste_past_storage_utilised_t"), False),
        "platform_function_count": lambda: m.count_true("platform."),
        "catalogue_tech_count": m.tech_count,
        "retrofit_projects_per_year": lambda: inp("retrofit_projects_3y") / 3,
        "pollutant_margin_pct": m.margin,
        "energy_saving_product_share_pct": lambda: inp("energy_saving_output_share_pct"),
    }


VECTOR_METRICS = frozenset(_ratios(_Metrics(_Cols(pd.DataFrame()), None)).keys())  # type: ignore[arg-type]


TIERS = ["lt3000", "3000_5000", "5000_10000", "ge10000"]  # metrics.energy_tier, ascending


def energy_tier_codes(total: np.ndarray) -> np.ndarray:
    """metrics.energy_tier on a column, as an index into TIERS (−1 where the total is missing)."""
    out = np.full(total.shape, -1, dtype=np.int64)
    ok = ~np.isnan(total)
    out[ok] = 0
    out[ok & (total >= 3000)] = 1
    out[ok & (total >= 5000)] = 2
    out[ok & (total >= 10000)] = 3
    return out


# ---- distinct-value delegation to the engine ------------------------------------------------------------


def _combine(*factors: tuple[np.ndarray, list[Any]]) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Codes of the distinct combinations of several factorised columns, and the combinations."""
    n = len(factors[0][0])
    combined = np.zeros(n, dtype=np.int64)
    for codes, uniques in factors:
        combined = combined * (len(uniques) + 1) + codes
    codes, _ = pd.factorize(combined)
    _, first = np.unique(codes, return_index=True)  # codes run 0..k−1 in first-seen order
    return np.asarray(codes), [tuple(u[c[i]] for c, u in factors) for i in first]


def _is_bool(factor: tuple[np.ndarray, list[Any]], value: bool) -> np.ndarray:
    """Rows whose value `is` the bool (the engine reads fast tracks with `is True`)."""
    codes, uniques = factor
    return np.isin(codes, [k for k, u in enumerate(uniques) if u is value])


def _plain(u: Any) -> Any:
    """NumPy scalars to Python ones (the engine tests `isinstance(answer, bool)`), NaN/NA to None."""
    if u is None or u is pd.NA or (isinstance(u, float) and np.isnan(u)):
        return None
    if isinstance(u, np.bool_):
        return bool(u)
    if isinstance(u, np.generic):
        return u.item()
    return u


def _flag(metric: str, factor: tuple[np.ndarray, list[Any]], ref: Any) -> np.ndarray:
    """An applicability switch, evaluated by scoring.metrics once per distinct input value."""
    field = metric.replace("_not_applies", "_applies")
    codes, uniques = factor
    table = np.array([bool(evaluate(metric, Context(Assessment(inputs=Inputs(**{field: u})), ref)).value)
                      for u in uniques], dtype=bool)
    return table[codes] if len(uniques) else np.zeros(len(codes), dtype=bool)


# ---- the whole pool ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInfo:
    dimension: str
    indicator: Indicator


def score_frame(frame: pd.DataFrame, model: ColumnModel, bench: pd.DataFrame | None = None, *,
                catalogue: Catalogue | None = None, settings: Settings | None = None,
                default_year: int = 2025, lang: str = "zh") -> pd.DataFrame:
    """Score every row; the returned frame has the input's index and these columns:
    total, max_total, eligible, complete, missing_count, failed_count, level, level_name, level_rank (−1 = none),
    next_level, next_level_name, distance_to_next, dim.<id>, val.<indicator>, state.<indicator>, pts.<indicator>
    (weighted points on the 100-point total)."""
    cat = catalogue or load_catalogue()
    rs: RuleSet = model.ruleset
    profile: Profile = model.profile
    settings = settings or Settings()
    n = len(frame)
    c = _Cols(frame)
    years = c.raw("year")
    years = np.where(np.isnan(years), float(default_year), years)
    env = _env(c, cat, years)
    m = _Metrics(c, env)
    formulas = _ratios(m)
    out: dict[str, Any] = {}

    # gates
    gate_fail = np.zeros(n, dtype=bool)
    gate_unanswered = np.zeros(n, dtype=bool)
    fail_count = np.zeros(n, dtype=int)
    unanswered_count = np.zeros(n, dtype=int)
    for origin, gates in (("ruleset", rs.gates), ("profile", profile.gates)):
        for g in gates:
            codes, uniques = c.factor(f"ans.{g.id}")
            states = np.array([_gate(g, Assessment(answers={g.id: u}), lang, origin).state for u in uniques])
            st = states[codes] if len(uniques) else np.full(n, "unanswered")
            gate_fail |= st == "fail"
            gate_unanswered |= st == "unanswered"
            fail_count += st == "fail"
            unanswered_count += st == "unanswered"

    # benchmark resolution per distinct industry (entered from the pool table, then the engine's order)
    ind_codes, ind_uniques = c.factor("industry")
    bench_assessments = [Assessment(enterprise=Enterprise(industry=u or ""), benchmarks=bench_for(bench, u or ""))
                         for u in ind_uniques]

    flags: dict[str, np.ndarray] = {}
    quant_ok = np.ones(n, dtype=bool)
    incomplete_items = np.zeros(n, dtype=int)
    mandatory_failed = np.zeros(n, dtype=bool)
    mandatory_pending = np.zeros(n, dtype=bool)
    total = np.zeros(n)
    max_total = 0.0
    for dim in rs.dimensions:
        rows = []
        for ind in dim.indicators:
            maxp = float(ind.points.value or 0)
            if ind.applicable_if:
                if ind.applicable_if not in flags:
                    field = ind.applicable_if.replace("_not_applies", "_applies")
                    flags[ind.applicable_if] = _flag(ind.applicable_if, c.factor(field), cat.reference)
                applicable = flags[ind.applicable_if]
            else:
                applicable = np.ones(n, dtype=bool)
            value = np.full(n, NAN)
            state = np.full(n, _S["scored"], dtype=np.int8)
            if ind.kind in QUANTITATIVE:
                assert ind.metric is not None
                if ind.metric not in formulas:
                    raise NotImplementedError(f"batch: metric {ind.metric} is not vectorised")
                value = formulas[ind.metric]()
                baseline, leading = _bench_columns(ind, m, (ind_codes, ind_uniques), bench_assessments, profile,
                                                   settings, cat)
                fraction = linear_fraction_vec(value, baseline, leading, ind.kind == "inverse")
                state = np.where(np.isnan(value), _S["missing_input"],
                                 np.where(np.isnan(baseline) | np.isnan(leading), _S["missing_benchmark"],
                                          _S["scored"])).astype(np.int8)
                fraction = np.where(state == _S["scored"], fraction, 0.0)
                at_base = (state == _S["scored"]) & ~np.isnan(baseline) & (
                    (value <= baseline) if ind.kind == "inverse" else (value >= baseline))
                quant_ok &= at_base | ~applicable
            else:  # qualitative / 是否: decided by the answer alone, so the engine scores each distinct answer
                codes, uniques = c.factor(f"ans.{ind.id}")
                free = ind.model_copy(update={"applicable_if": None}) if ind.applicable_if else ind
                fr, sts = [], []
                for u in uniques:
                    a = Assessment(answers={ind.id: u})
                    r = _indicator(dim.id, free, rs, a, profile, settings, Context(a, cat.reference, lang), cat, lang)
                    fr.append(r.fraction)
                    sts.append(_S[r.state])
                fraction = np.array(fr, dtype=float)[codes]
                state = np.array(sts, dtype=np.int8)[codes]
            state = np.where(applicable, state, _S["not_applicable"]).astype(np.int8)
            fraction = np.where(applicable, fraction, 0.0)
            points = round6(fraction * maxp)
            rows.append((ind, maxp, applicable, points, value, state, fraction))
            incomplete_items += np.isin(state, (_S["missing_input"], _S["missing_benchmark"], _S["unanswered"]))
            if ind.mandatory and rs.mandatory_is_gate:
                mandatory_failed |= (state == _S["scored"]) & (fraction < 1)
                mandatory_pending |= np.isin(state, (_S["unanswered"], _S["missing_input"], _S["missing_benchmark"]))
                fail_count += (state == _S["scored"]) & (fraction < 1)
            out[f"val.{ind.id}"] = np.where(applicable, value, NAN) if ind.kind in QUANTITATIVE else value
            out[f"state.{ind.id}"] = state
        amax: np.ndarray | float = 0
        for _, maxp, applicable, *_ in rows:
            amax = amax + np.where(applicable, maxp, 0.0)
        amax = np.asarray(amax, dtype=float) * np.ones(n)
        weight = float(dim.weight.value or 0)
        dscore: np.ndarray | float = 0
        for ind, _maxp, applicable, points, *_ in rows:
            ok = applicable & (amax > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                weighted = np.where(ok, weight * points / amax, 0.0)
            out[f"pts.{ind.id}"] = weighted
            dscore = dscore + weighted
        out[f"dim.{dim.id}"] = np.asarray(dscore, dtype=float) * np.ones(n)
        total = total + out[f"dim.{dim.id}"]
        max_total += weight

    total = round6(total)
    eligible = ~gate_fail & ~mandatory_failed & ~gate_unanswered & ~(rs.mandatory_is_gate & mandatory_pending)
    complete = ~gate_unanswered & (incomplete_items == 0)

    # levels
    thresholds = [(settings.level_thresholds or {}).get(lv.id, lv.min_total.value) for lv in profile.levels]
    reached = []
    for lv, thr in zip(profile.levels, thresholds, strict=True):
        by_score = np.zeros(n, dtype=bool) if thr is None else total >= thr - 1e-9
        if lv.all_quantitative_at_baseline:
            by_score &= quant_ok
        fast = np.zeros(n, dtype=bool)
        for ft in profile.fast_tracks:
            if ft.level == lv.id:
                fast |= _is_bool(c.factor(f"ans.{ft.id}"), True)
        reached.append(eligible & (by_score | fast))
    level_rank = np.full(n, -1)
    for i, r in enumerate(reached):
        level_rank = np.where(r, i, level_rank)
    ids = np.array([lv.id for lv in profile.levels] + [None], dtype=object)
    names = np.array([lv.name.get(lang) for lv in profile.levels] + [""], dtype=object)
    nxt = np.full(n, -1)
    for i in range(len(profile.levels) - 1, -1, -1):
        if thresholds[i] is not None:
            nxt = np.where(level_rank < i, i, nxt)
    thr_arr = np.array([NAN if t is None else float(t) for t in thresholds] + [NAN])
    distance = np.where(nxt >= 0, round6(np.maximum(thr_arr[nxt] - total, 0.0)), NAN)

    out.update(total=total, max_total=np.full(n, max_total), eligible=eligible, complete=complete,
               missing_count=unanswered_count + incomplete_items, failed_count=fail_count,
               level=ids[level_rank], level_name=names[level_rank], level_rank=level_rank,
               next_level=ids[nxt], next_level_name=names[nxt], distance_to_next=distance)
    for key in list(out):
        if key.startswith("state."):
            out[key] = pd.Categorical.from_codes(out[key], categories=list(STATES))
    for key in ("level", "level_name", "next_level", "next_level_name"):
        out[key] = pd.Series(out[key], dtype="str", index=frame.index)
    return pd.DataFrame(out, index=frame.index)


def _bench_columns(ind: Indicator, m: _Metrics, industry: tuple[np.ndarray, list[Any]],
                   bench_assessments: list[Assessment], profile: Profile, settings: Settings,
                   cat: Catalogue) -> tuple[np.ndarray, np.ndarray]:
    """基准值 and 引领值 per row, resolved by the engine for each distinct (industry, energy tier)."""
    if ind.metric == "renewable_share_pct":
        tier = energy_tier_codes(m.energy_total())
        codes, combos = _combine(industry, (tier + 1, [None, *TIERS]))
    else:
        codes, combos = industry[0], [(u,) for u in industry[1]]
    index = {u: k for k, u in enumerate(industry[1])}
    base = np.empty(len(combos))
    lead = np.empty(len(combos))
    for k, combo in enumerate(combos):
        variant = combo[1] if len(combo) > 1 else None
        b, lv = _resolve_benchmarks(ind, variant, bench_assessments[index[combo[0]]], profile, settings, cat)
        base[k] = NAN if b.value is None else b.value
        lead[k] = NAN if lv.value is None else lv.value
    if not len(combos):
        return np.full(len(codes), NAN), np.full(len(codes), NAN)
    return base[codes], lead[codes]


def indicator_infos(rs: RuleSet) -> list[IndicatorInfo]:
    return [IndicatorInfo(d.id, i) for d, i in rs.indicators()]
