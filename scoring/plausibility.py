"""Plausibility warnings: values that are probably unit mistakes (m² vs 亩, kgce vs tce, 元 vs 万元).

The bounds are sanity limits chosen to catch slips of a factor 10–1000, not standard values: a factory
outside them is not wrong by rule, it is asked to check its units.
"""

from __future__ import annotations

from locales import Msg, msg
from scoring import vec
from scoring.cells import fraction_for_percent
from scoring.metrics import Context, energy_total
from scoring.models import Assessment, IndicatorResult, Warning
from scoring.vec import Flag, Num

# metric id → (low, high); the warning is `warn.<metric id>` in locales/ with the value as {v}
BOUNDS: dict[str, tuple[float, float]] = {
    "plot_ratio": (0.05, 8.0),
    "building_coefficient_pct": (5.0, 100.0),
    "output_per_land_wan_m2": (0.001, 20.0),
    "energy_per_output_tce_wan": (0.0005, 20.0),
    "carbon_per_output_t_wan": (0.001, 50.0),
    "water_per_output_m3_wan": (0.01, 1000.0),
    "renewable_share_pct": (0.0, 100.0),
    "solid_waste_utilisation_pct": (0.0, 100.0),
    "pollutant_margin_pct": (0.0, 100.0),
    "retrofit_investment_share_pct": (0.0, 50.0),
}


# outside its bounds this value is a finding to act on (超标排放), not a probable typing slip: it keeps its score
NOT_A_SLIP = frozenset({"pollutant_margin_pct"})


def outside(metric_id: str | None, value: Num) -> Flag:
    """The value is outside the sanity bounds of its metric; False where the metric has none."""
    bounds = BOUNDS.get(metric_id or "")
    if bounds is None:
        return vec.and_(vec.isnan(value), False)
    lo, hi = bounds[0], bounds[1]
    return vec.and_(vec.not_(vec.isnan(value)), vec.or_(vec.gt(lo, value), vec.gt(value, hi)))


def implausible(metric_id: str | None, value: Num) -> Flag:
    """A probable unit slip: such a value earns no points until the user corrects or confirms it."""
    if metric_id in NOT_A_SLIP:
        return vec.and_(vec.isnan(value), False)
    return outside(metric_id, value)


def bound_msg(metric_id: str, value: float) -> Msg:
    return msg(f"warn.{metric_id}", v=value)


def plausibility_problems(a: Assessment, indicators: list[IndicatorResult], ctx: Context) -> list[tuple[str, Msg]]:
    """(field, message code) for each value that is probably a unit slip."""
    out: list[tuple[str, Msg]] = []
    seen: set[str] = set()
    for r in indicators:
        if r.value is None or r.metric is None or r.metric in seen or r.metric not in BOUNDS:
            continue
        seen.add(r.metric)
        if outside(r.metric, r.value):
            out.append((r.id, bound_msg(r.metric, r.value)))
    inp = a.inputs
    green = (inp.green_power_trade_kwh or 0) + (inp.gec_kwh or 0)
    grid = inp.energy.get("electricity")
    if grid is not None and green > grid:
        out.append(("green_power_trade_kwh", msg("warn.green_power_exceeds")))
    share = inp.energy_saving_output_share_pct
    if share is not None and fraction_for_percent(share):  # 0.95 typed for 95 %: asked, never changed
        out.append(("energy_saving_output_share_pct", msg("intake.fraction_pct", v=f"{share:g}", pct=f"{share * 100:g}")))
    e_raw = energy_total(ctx)
    e = None if vec.isnan(e_raw) else float(e_raw)
    if e is not None and inp.output_value_wan and e > 0 and inp.output_value_wan / e > 1000:
        out.append(("energy", msg("warn.output_per_tce", v=inp.output_value_wan / e)))
    return out


def plausibility_warnings(a: Assessment, indicators: list[IndicatorResult], ctx: Context) -> list[Warning]:
    return [Warning(field=f, message=m) for f, m in plausibility_problems(a, indicators, ctx)]
