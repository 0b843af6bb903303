"""Plausibility warnings: values that are probably unit mistakes (m² vs 亩, kgce vs tce, 元 vs 万元).

The bounds are sanity limits chosen to catch slips of a factor 10–1000, not standard values: a factory
outside them is not wrong by rule, it is asked to check its units.
"""

from __future__ import annotations

from scoring import vec
from scoring.metrics import Context, energy_total
from scoring.models import Assessment, IndicatorResult, Warning
from scoring.vec import Flag, Num

# metric id → (low, high, zh message, en message)
BOUNDS: dict[str, tuple[float, float, str, str]] = {
    "plot_ratio": (0.05, 8.0, "容积率 {v:.2f} 超出常见范围（0.05–8），请检查面积是否混用了 m² 与亩",
                   "plot ratio {v:.2f} is outside the usual 0.05–8: check m² vs 亩"),
    "building_coefficient_pct": (5.0, 100.0, "建筑系数 {v:.1f}% 不合理（应在 5%–100%），请检查占地面积与用地面积",
                                 "building coefficient {v:.1f} % is implausible: check footprints and land area"),
    "output_per_land_wan_m2": (0.001, 20.0, "单位用地面积产值 {v:.4g} 万元/m² 异常，请检查产值单位（元/万元）或面积单位（m²/亩）",
                               "output per land {v:.4g} 万元/m² looks off: check 元 vs 万元 and m² vs 亩"),
    "energy_per_output_tce_wan": (0.0005, 20.0, "单位产值综合能耗 {v:.4g} tce/万元 异常，请检查能耗（kgce/tce）或产值（元/万元）单位",
                                  "energy per output {v:.4g} tce/万元 looks off: check kgce vs tce and 元 vs 万元"),
    "carbon_per_output_t_wan": (0.001, 50.0, "单位产值碳排放 {v:.4g} tCO₂/万元 异常，请检查电量（kWh/万kWh）或产值单位",
                                "carbon per output {v:.4g} tCO₂/万元 looks off: check kWh and 万元"),
    "water_per_output_m3_wan": (0.01, 1000.0, "单位产值取水量 {v:.4g} m³/万元 异常，请检查取水量（m³/万m³）或产值单位",
                                "water per output {v:.4g} m³/万元 looks off: check m³ and 万元"),
    "renewable_share_pct": (0.0, 100.0, "可再生能源利用率 {v:.1f}% 超过 100%，绿电或绿证可能被重复计算",
                            "renewable share {v:.1f} % exceeds 100 %: green power or GECs may be double counted"),
    "solid_waste_utilisation_pct": (0.0, 100.0, "固废综合利用率 {v:.1f}% 超过 100%，请核对利用量是否含外购固废",
                                    "solid-waste utilisation {v:.1f} % exceeds 100 %: purchased waste must be excluded"),
    "pollutant_margin_pct": (0.0, 100.0, "主要污染物年均浓度高于许可限值（优于限值比例 {v:.1f}%），属于超标排放，请先整改",
                             "a pollutant's annual mean exceeds its permit limit ({v:.1f} %): fix this first"),
    "retrofit_investment_share_pct": (0.0, 50.0, "改造投资占比 {v:.1f}% 异常，请检查投资额与产值单位",
                                      "retrofit investment share {v:.1f} % looks off: check units"),
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


def bound_message(metric_id: str, value: float, lang: str) -> str:
    _, _, zh, en = BOUNDS[metric_id]
    return (en if lang == "en" else zh).format(v=value)


def plausibility_warnings(a: Assessment, indicators: list[IndicatorResult], ctx: Context, lang: str) -> list[Warning]:
    out: list[Warning] = []
    seen: set[str] = set()
    for r in indicators:
        if r.value is None or r.metric is None or r.metric in seen or r.metric not in BOUNDS:
            continue
        seen.add(r.metric)
        if outside(r.metric, r.value):
            out.append(Warning(field=r.id, message=bound_message(r.metric, r.value, lang)))
    inp = a.inputs
    green = (inp.green_power_trade_kwh or 0) + (inp.gec_kwh or 0)
    grid = inp.energy.get("electricity")
    if grid is not None and green > grid:
        out.append(Warning(field="green_power_trade_kwh", message=(
            "绿电交易电量与绿证电量之和超过外购电量，请检查是否重复计算" if lang != "en"
            else "green power plus GECs exceed purchased electricity: check for double counting")))
    e_raw = energy_total(ctx)
    e = None if vec.isnan(e_raw) else float(e_raw)
    if e is not None and inp.output_value_wan and e > 0 and inp.output_value_wan / e > 1000:
        out.append(Warning(field="energy", message=(
            f"每吨标准煤产值 {inp.output_value_wan / e:.0f} 万元，能耗可能少填了一个数量级（kWh 与 万kWh？）" if lang != "en"
            else "output per tce is very high: energy may be entered in the wrong unit")))
    return out
