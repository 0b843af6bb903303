"""Scoring a whole pool (pandas / NumPy) with the engine's own rules.

`score_frame(frame, model, bench)` gives, for every row, what `scoring.engine.score(row_to_assessment(row))` gives:
total, eligibility, completeness, level, next level and distance, each dimension's score, and each indicator's
value, state and weighted points. Nothing here restates a rule:
* the formulas are `scoring.metrics`, read through `ColumnReader` (the pool's columns instead of one assessment);
  linear scoring is `scoring.vec.linear_fraction`; weighting, eligibility and levels are `scoring.totals`;
* what depends on few distinct values is decided by the engine once per distinct value: gate states
  (`engine._gate`), 基准值/引领值 per industry and band (`engine._resolve_benchmarks`, incl. the land-use reference
  defaults), grid factors and electricity coefficients (`scoring.metrics`), and qualitative / 是否 items
  (`engine._indicator`).
`tests/pool/test_pool_batch_property.py` keeps guard over random pools (the results are bit-identical).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from criteria import Catalogue, load_catalogue
from criteria.schema import EnergyCarrier, Indicator, Profile, Reference, RuleSet, Text
from pool.columns import POLLUTANT_LIMIT, POLLUTANT_MEAN, POLLUTANT_TOTAL, ColumnModel, bench_for
from scoring import totals, vec
from scoring.engine import OPEN, PENDING, QUANTITATIVE, Settings, _gate, _indicator, _resolve_benchmarks
from scoring.fields import text as field_text
from scoring.metrics import (
    METRICS,
    Context,
    Reader,
    electricity_coefficient,
    energy_tier_index,
    energy_total,
    grid_factor_for,
    pollutant_margin,
)
from scoring.models import Assessment, Enterprise, Phrase
from scoring.plausibility import implausible
from scoring.vec import Flag, Num

NAN = np.nan
STATES = ("scored", "missing_input", "missing_benchmark", "implausible", "unanswered", "not_applicable")
_S = {s: i for i, s in enumerate(STATES)}


# ---- the pool's columns, read as the formulas read one assessment --------------------------------------------


class ColumnReader:
    """`scoring.metrics.Reader` over a pool frame: float columns (NaN = not filled) with the engine's reading
    rules; options that pick a coefficient are resolved once per distinct value by the engine's lookups."""

    explains = False

    def __init__(self, frame: pd.DataFrame, ref: Reference, years: np.ndarray) -> None:
        self.frame = frame
        self.ref = ref
        self.n = len(frame)
        self.years = years
        self._cache: dict[str, np.ndarray] = {}
        self._factors: dict[str, tuple[np.ndarray, list[Any]]] = {}
        self._memo: dict[str, Num] = {}

    # inputs
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

    def num(self, name: str) -> Num:
        return self.raw(name)

    def opt(self, name: str, *, note: bool = True) -> Num:
        return vec.fill0(self.raw(name))

    def den(self, name: str) -> Num:
        return vec.positive(self.raw(name))

    def factor(self, name: str) -> tuple[np.ndarray, list[Any]]:
        """Codes of the column's distinct values and the values (as plain Python objects, None for empty)."""
        if name not in self._factors:
            if name not in self.frame.columns:
                self._factors[name] = (np.zeros(self.n, dtype=np.intp), [None] if self.n else [])
            else:
                codes, uniques = pd.factorize(self.frame[name], use_na_sentinel=False)
                self._factors[name] = (np.asarray(codes), [_plain(u) for u in uniques])
        return self._factors[name]

    def per_distinct(self, fn: Callable[..., float], *factors: tuple[np.ndarray, list[Any]]) -> np.ndarray:
        """fn(one value of each factor) evaluated once per distinct combination, spread over the rows."""
        codes, combos = _combine(*factors)
        table = np.array([fn(*combo) for combo in combos], dtype=float)
        return table[codes] if len(combos) else np.full(self.n, NAN)

    # energy and carbon
    def carriers(self) -> list[tuple[EnergyCarrier, Num]]:
        return [(c, self.raw(f"energy.{c.id}")) for c in self.ref.carriers]

    def energy_entered(self) -> Flag:
        present = np.zeros(self.n, dtype=bool)
        for c in self.ref.carriers:
            present |= ~np.isnan(self.raw(f"energy.{c.id}"))
        return present

    def elec_coef(self) -> Num:
        if "elec_coef" not in self._memo:
            self._memo["elec_coef"] = self.per_distinct(
                lambda basis, own: electricity_coefficient(self.ref, basis or "", own or None),
                self.factor("opt.electricity_basis"), self.factor("opt.electricity_equivalent_kgce_per_kwh"))
        return self._memo["elec_coef"]

    def grid_kg(self) -> Num:
        if "grid_kg" not in self._memo:
            gyear = self.raw("opt.grid_year")
            eff = np.where(np.isnan(gyear) | (gyear == 0), self.years, gyear)  # the engine: `grid_year or year`
            ycodes, yuniq = pd.factorize(eff)

            def kg(region: Any, method: Any, year: float) -> float:
                gf = grid_factor_for(self.ref, region or "", method or "location", int(year))
                return NAN if gf is None or gf.kg_per_kwh.value is None else gf.kg_per_kwh.value

            self._memo["grid_kg"] = self.per_distinct(
                kg, self.factor("opt.grid_region"), self.factor("opt.carbon_method"),
                (np.asarray(ycodes), [float(y) for y in yuniq]))
        return self._memo["grid_kg"]

    def market(self) -> Flag:
        return self.eq("opt.carbon_method", "market")

    def pollutant_t(self) -> Num:
        return self.raw(POLLUTANT_TOTAL)

    def pollutant_margin(self) -> Num:
        return pollutant_margin(self.raw(POLLUTANT_MEAN), self.raw(POLLUTANT_LIMIT))

    def platform_count(self) -> Num:
        out = np.zeros(self.n)
        for col in [c for c in self.frame.columns if c.startswith("platform.")]:
            out = out + (self.raw(col) == 1.0)
        return out

    def tech_count(self) -> Num:
        out = np.zeros(self.n)
        for col in [c for c in self.frame.columns if c.startswith("tech.")]:
            out = out + vec.fill0(self.raw(col))
        return out

    def flag(self, name: str) -> Flag:
        flag: Flag = self.raw(name) == 1.0  # numpy types elementwise == as Any
        return flag

    def eq(self, name: str, value: Any) -> np.ndarray:
        codes, uniques = self.factor(name)
        return np.isin(codes, [k for k, u in enumerate(uniques) if u == value])

    # working: a pool keeps none
    def note(self, label: Phrase | str, value: float | None, unit: str | Text) -> None:
        return None

    def lack(self, cond: Flag, text: Phrase) -> None:
        return None

    def memo(self, key: str, fn: Callable[[Reader], Num]) -> Num:
        if key not in self._memo:
            self._memo[key] = fn(self)
        return self._memo[key]

    def label(self, name: str, with_unit: bool = True) -> Text:
        return field_text(name, with_unit)


def metric_column(metric_id: str, reader: ColumnReader) -> np.ndarray:
    """A registered metric on every row (the same function the engine evaluates for one assessment)."""
    return np.asarray(METRICS[metric_id].fn(reader), dtype=float) * np.ones(reader.n)


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


# ---- the whole pool ---------------------------------------------------------------------------------------


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
    years = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype=float, na_value=NAN) \
        if "year" in frame.columns else np.full(n, NAN)
    r = ColumnReader(frame, cat.reference, np.where(np.isnan(years), float(default_year), years))
    out: dict[str, Any] = {}

    # gates: the engine decides each distinct answer
    gate_fail = np.zeros(n, dtype=bool)
    gate_unanswered = np.zeros(n, dtype=bool)
    fail_count = np.zeros(n, dtype=int)
    unanswered_count = np.zeros(n, dtype=int)
    for origin, gates in (("ruleset", rs.gates), ("profile", profile.gates)):
        for g in gates:
            codes, uniques = r.factor(f"ans.{g.id}")
            states = np.array([_gate(g, Assessment(answers={g.id: u}), origin).state for u in uniques])
            st = states[codes] if len(uniques) else np.full(n, "unanswered")
            gate_fail |= st == "fail"
            gate_unanswered |= st == "unanswered"
            fail_count += st == "fail"
            unanswered_count += st == "unanswered"

    # benchmark resolution per distinct industry (entered from the pool table, then the engine's order)
    industry = r.factor("industry")
    bench_assessments = [Assessment(enterprise=Enterprise(industry=u or ""), benchmarks=bench_for(bench, u or ""))
                         for u in industry[1]]

    quant_ok: Flag = np.ones(n, dtype=bool)
    quant_possible: Flag = np.ones(n, dtype=bool)  # at 基准值, or open (counted as reachable)
    open_max: Num = np.zeros(n)  # weighted maximum of the open items: the score range
    mandatory_pending_closed = np.zeros(n, dtype=bool)
    incomplete_items = np.zeros(n, dtype=int)
    mandatory_failed = np.zeros(n, dtype=bool)
    mandatory_pending = np.zeros(n, dtype=bool)
    total: Num = np.zeros(n)
    max_total = 0.0
    for dim in rs.dimensions:
        points, maxes, applicables, opens = [], [], [], []
        for ind in dim.indicators:
            maxp = float(ind.points.value or 0)
            applicable = metric_column(ind.applicable_if, r) != 0 if ind.applicable_if else np.ones(n, dtype=bool)
            value = np.full(n, NAN)
            if ind.kind in QUANTITATIVE:
                assert ind.metric is not None
                value = metric_column(ind.metric, r)
                baseline, leading = _bench_columns(ind, r, industry, bench_assessments, profile, settings, cat)
                fraction = np.asarray(vec.linear_fraction(value, baseline, leading, ind.kind == "inverse"))
                state = np.where(np.isnan(value), _S["missing_input"],
                                 np.where(np.isnan(baseline) | np.isnan(leading), _S["missing_benchmark"],
                                          _S["scored"])).astype(np.int8)
                slip = np.asarray(implausible(ind.metric, value), dtype=bool) & ~np.isnan(value)
                state = np.where(slip, _S["implausible"], state).astype(np.int8)
                out[f"warn.{ind.id}"] = slip & applicable
                fraction = np.where(state == _S["scored"], fraction, 0.0)
                at_base = (state == _S["scored"]) & ~np.isnan(baseline) & (
                    (value <= baseline) if ind.kind == "inverse" else (value >= baseline))
                quant_ok = vec.and_(quant_ok, at_base | ~applicable)
                is_open = np.isin(state, [_S[o] for o in OPEN])
                quant_possible = vec.and_(quant_possible, at_base | is_open | ~applicable)
            else:  # qualitative / 是否: decided by the answer alone, so the engine scores each distinct answer
                fraction, state = _answered(dim.id, ind, r, rs, profile, settings, cat)
            state = np.where(applicable, state, _S["not_applicable"]).astype(np.int8)
            fraction = np.where(applicable, fraction, 0.0)
            pts = vec.round6(fraction * maxp)
            points.append(pts)
            maxes.append(maxp)
            applicables.append(applicable)
            pending = np.isin(state, [_S[p] for p in PENDING])
            opens.append(np.isin(state, [_S[o] for o in OPEN]))
            incomplete_items += pending
            if ind.mandatory:
                failed = (state == _S["scored"]) & (fraction < 1)
                mandatory_failed |= failed
                mandatory_pending |= pending
                mandatory_pending_closed |= pending & ~opens[-1]
                if rs.mandatory_is_gate:
                    fail_count += failed
            out[f"val.{ind.id}"] = np.where(applicable, value, NAN) if ind.kind in QUANTITATIVE else value
            out[f"state.{ind.id}"] = state
        weight = float(dim.weight.value or 0)
        weighted = totals.weighted_points(points, maxes, applicables, weight)
        for wmax, is_open in zip(totals.weighted_points(maxes, maxes, applicables, weight), opens, strict=True):
            open_max = open_max + np.where(is_open, wmax, 0.0)
        dscore: Num = 0.0
        for ind, w in zip(dim.indicators, weighted, strict=True):
            out[f"pts.{ind.id}"] = np.asarray(w, dtype=float) * np.ones(n)
            dscore = dscore + w
        out[f"dim.{dim.id}"] = np.asarray(dscore, dtype=float) * np.ones(n)
        total = total + out[f"dim.{dim.id}"]
        max_total += weight

    total = vec.round6(total)
    eligible = totals.eligible(gate_fail, gate_unanswered, mandatory_failed, mandatory_pending, rs.mandatory_is_gate)
    complete = ~gate_unanswered & (incomplete_items == 0)

    range_min, range_max = totals.score_range(total, open_max)
    eligible_possible = totals.eligible(gate_fail, gate_unanswered, mandatory_failed, mandatory_pending_closed,
                                        rs.mandatory_is_gate)
    rules = totals.level_rules(profile, settings.level_thresholds)
    reached, possible = [], []
    for lv, rule in zip(profile.levels, rules, strict=True):
        fast = np.zeros(n, dtype=bool)
        for ft in profile.fast_tracks:
            if ft.level == lv.id:
                fast |= _is_bool(r.factor(f"ans.{ft.id}"), True)
        reached.append(totals.reached(rule, total, eligible, quant_ok, fast))
        possible.append(totals.reached(rule, range_max, eligible_possible, quant_possible, fast))
    rank = np.asarray(totals.level_rank(reached)) * np.ones(n)
    best = np.maximum(rank, np.asarray(totals.level_rank(possible)) * np.ones(n))
    status = np.asarray(totals.level_status(rank, best)).astype(int)
    nxt = np.asarray(totals.next_rank(rank, rules)) * np.ones(n)
    distance = totals.distance(total, nxt, rules)
    level_rank = rank.astype(int)
    ids = np.array([lv.id for lv in profile.levels] + [None], dtype=object)
    names = np.array([lv.name.get(lang) for lv in profile.levels] + [""], dtype=object)
    nxt_i = nxt.astype(int)

    out.update(total=total, max_total=np.full(n, max_total), eligible=eligible, complete=complete,
               missing_count=unanswered_count + incomplete_items, failed_count=fail_count,
               level=ids[level_rank], level_name=names[level_rank], level_rank=level_rank,
               next_level=ids[nxt_i], next_level_name=names[nxt_i], distance_to_next=distance,
               range_min=range_min, range_max=range_max,
               level_status=np.array(totals.LEVEL_STATUS, dtype=object)[status],
               possible_level=np.where(best > rank, ids[best.astype(int)], None))
    for key in list(out):
        if key.startswith("state."):
            out[key] = pd.Categorical.from_codes(out[key], categories=pd.Index(STATES))
    for key in ("level", "level_name", "next_level", "next_level_name", "level_status", "possible_level"):
        out[key] = pd.Series(out[key], dtype="str", index=frame.index)
    return pd.DataFrame(out, index=frame.index)


def _answered(dim_id: str, ind: Indicator, r: ColumnReader, rs: RuleSet, profile: Profile, settings: Settings,
              cat: Catalogue) -> tuple[np.ndarray, np.ndarray]:
    """Fraction and state of a qualitative or 是否 item: the engine scores each distinct answer once."""
    codes, uniques = r.factor(f"ans.{ind.id}")
    free = ind.model_copy(update={"applicable_if": None}) if ind.applicable_if else ind
    fr, sts = [], []
    for u in uniques:
        a = Assessment(answers={ind.id: u})
        res = _indicator(dim_id, free, rs, a, profile, settings, Context(a, cat.reference), cat)
        fr.append(res.fraction)
        sts.append(_S[res.state])
    return np.array(fr, dtype=float)[codes], np.array(sts, dtype=np.int8)[codes]


def _bench_columns(ind: Indicator, r: ColumnReader, industry: tuple[np.ndarray, list[Any]],
                   bench_assessments: list[Assessment], profile: Profile, settings: Settings,
                   cat: Catalogue) -> tuple[np.ndarray, np.ndarray]:
    """基准值 and 引领值 per row, resolved by the engine for each distinct (industry, band)."""
    if ind.variant_by == "energy_tier":
        tiers = cat.reference.energy_tiers
        band = np.asarray(energy_tier_index(energy_total(r), tiers)).astype(np.int64)
        codes, combos = _combine(industry, (band + 1, [None, *tiers.ids()]))
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
