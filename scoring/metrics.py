"""Derived indicators with their formulas and units (GB/T 36132-2025 Appendix B; 2018 绩效 formulas).

Each metric reads raw inputs, returns its value with the working (figures) and the inputs it lacked.
A zero or missing denominator gives `None` plus the missing field, never a silent zero or a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from criteria.schema import GridFactor, Reference
from scoring.fields import FIELDS, label
from scoring.models import Assessment, Figure

# ---- unit conversions --------------------------------------------------------------------------------
M2_PER_MU = 10000 / 15  # 1 亩 = 666.67 m²


def wan_per_m2_to_wan_per_mu(x: float) -> float:
    return x * M2_PER_MU


def wan_per_mu_to_wan_per_m2(x: float) -> float:
    return x / M2_PER_MU


def m2_to_mu(x: float) -> float:
    return x / M2_PER_MU


def kgce_to_tce(x: float) -> float:
    return x / 1000


def tce_to_kgce(x: float) -> float:
    return x * 1000


# ---- context -------------------------------------------------------------------------------------------


@dataclass
class Calc:
    """One metric evaluation: value, working and what was missing."""

    value: float | None = None
    figures: list[Figure] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


class Context:
    """Inputs plus reference data, with memoised shared sub-results (energy and CO₂ totals)."""

    def __init__(self, assessment: Assessment, reference: Reference, lang: str = "zh") -> None:
        self.a = assessment
        self.inp = assessment.inputs
        self.ref = reference
        self.lang = lang
        self._cache: dict[str, Calc] = {}

    def num(self, calc: Calc, name: str, *, positive: bool = False, optional: bool = False) -> float | None:
        """Read an input, record it in the working, note it as missing (or as a zero denominator).
        An optional input that is not filled in counts as 0 and is not reported missing."""
        v = getattr(self.inp, name)
        if v is None and optional:
            return 0.0
        calc.figures.append(Figure(label=label(name, self.lang, with_unit=False), value=v, unit=_unit(name)))
        if v is None:
            calc.missing.append(label(name, self.lang))
            return None
        if positive and v <= 0:
            calc.missing.append(label(name, self.lang) + ("（不能为 0）" if self.lang == "zh" else " (must not be 0)"))
            return None
        return float(v)

    def memo(self, key: str, fn: Callable[[Context], Calc]) -> Calc:
        if key not in self._cache:
            self._cache[key] = fn(self)
        return self._cache[key]


def _unit(name: str) -> str:
    info = FIELDS.get(name)
    return info.unit if info else ""


def _merge(target: Calc, *parts: Calc) -> None:
    for p in parts:
        target.figures.extend(p.figures)
        target.missing.extend(m for m in p.missing if m not in target.missing)


def _ratio(ctx: Context, num: float | None, den: float | None, calc: Calc, scale: float = 1.0) -> Calc:
    if num is not None and den is not None and den > 0:
        calc.value = num / den * scale
    return calc


# ---- energy and carbon -----------------------------------------------------------------------------------


def electricity_kgce_per_kwh(ctx: Context) -> tuple[float, str]:
    """当量值 by default; 等价值 (发电煤耗) as an option, from the assessment or the reference."""
    opts = ctx.a.options
    if opts.electricity_basis == "equivalent_coal":
        v = opts.electricity_equivalent_kgce_per_kwh or ctx.ref.electricity_equivalent_kgce_per_kwh.value
        return float(v or 0), "等价值" if ctx.lang == "zh" else "equivalent (coal)"
    elec = ctx.ref.carrier("electricity")
    assert elec is not None and elec.kgce_per_unit.value is not None
    return elec.kgce_per_unit.value, "当量值" if ctx.lang == "zh" else "equivalent (heat)"


def _energy_total(ctx: Context) -> Calc:
    """综合能耗 (tce) = Σ carrier × coefficient + self-used renewable power + other renewables − feedstock."""
    calc = Calc()
    if not ctx.inp.energy and ctx.inp.pv_self_use_kwh is None:
        calc.missing.append(label("energy", ctx.lang))
        return calc
    elec_coef, basis = electricity_kgce_per_kwh(ctx)
    total_kgce = 0.0
    for cid, amount in ctx.inp.energy.items():
        carrier = ctx.ref.carrier(cid)
        if carrier is None:
            calc.missing.append(f"未知能源品种 {cid}" if ctx.lang == "zh" else f"unknown energy carrier {cid}")
            continue
        coef = elec_coef if carrier.is_electricity else float(carrier.kgce_per_unit.value or 0)
        total_kgce += amount * coef
        calc.figures.append(Figure(label=f"{carrier.name.get(ctx.lang)} × {coef:g} kgce/{carrier.unit}",
                                   value=amount, unit=carrier.unit))
    pv = ctx.inp.pv_self_use_kwh or 0.0
    if pv:
        total_kgce += pv * elec_coef
        calc.figures.append(Figure(label=label("pv_self_use_kwh", ctx.lang, False), value=pv, unit="kWh"))
    other = ctx.inp.renewable_other_tce or 0.0
    feed = ctx.inp.feedstock_energy_tce or 0.0
    total = total_kgce / 1000 + other - feed
    if other:
        calc.figures.append(Figure(label=label("renewable_other_tce", ctx.lang, False), value=other, unit="tce"))
    if feed:
        calc.figures.append(Figure(label=label("feedstock_energy_tce", ctx.lang, False), value=-feed, unit="tce"))
    calc.figures.append(Figure(label=("电力折标系数（" + basis + "）") if ctx.lang == "zh" else f"Electricity ({basis})",
                               value=elec_coef, unit="kgce/kWh"))
    calc.figures.append(Figure(label="综合能耗" if ctx.lang == "zh" else "Total energy", value=total, unit="tce"))
    if total <= 0:  # all zeros, or feedstock ≥ consumption: not a factory's energy use, and 0 would earn full marks
        calc.missing.append("综合能耗（计算结果须大于 0，请检查各品种消费量和用作原料的能源）" if ctx.lang == "zh"
                            else "total energy (must be above 0: check the carriers and the feedstock energy)")
        return calc
    calc.value = total
    return calc


def grid_factor(ctx: Context) -> GridFactor | None:
    """The factor of the chosen region for the evaluation year, else the latest published before it."""
    region = ctx.a.options.grid_region or ctx.ref.default_grid_region
    if ctx.a.options.carbon_method == "market":
        region = "national_excl_market"
    year = ctx.a.options.grid_year or ctx.a.year
    rows = [g for g in ctx.ref.grid_factors if g.region == region]
    if not rows:
        return None
    earlier = [g for g in rows if g.year <= year]
    return max(earlier, key=lambda g: g.year) if earlier else min(rows, key=lambda g: g.year)


def _co2_total(ctx: Context) -> Calc:
    """CO₂ (t): fuel combustion (GB/T 32150 parameters) + purchased heat/steam + grid electricity × factor.
    Market method (B.5): green-power trades and GECs are deducted from grid power, and the residual factor applies."""
    calc = Calc()
    if not ctx.inp.energy:
        calc.missing.append(label("energy", ctx.lang))
        return calc
    e = energy_total(ctx)
    if e.value is None:  # same boundary as 综合能耗 (B.3/B.4): no valid energy total, no CO₂ figure either
        calc.missing.extend(e.missing)
        return calc
    total = 0.0
    for cid, amount in ctx.inp.energy.items():
        carrier = ctx.ref.carrier(cid)
        if carrier is None or carrier.is_electricity:
            continue
        ef = carrier.co2_t_per_unit.value if carrier.co2_t_per_unit else None
        if ef:
            total += amount * ef
            calc.figures.append(Figure(label=f"{carrier.name.get(ctx.lang)} × {ef:g} tCO₂/{carrier.unit}",
                                       value=amount, unit=carrier.unit))
    grid_kwh = float(ctx.inp.energy.get("electricity", 0.0))
    if grid_kwh:
        gf = grid_factor(ctx)
        if gf is None or gf.kg_per_kwh.value is None:
            calc.missing.append("电网排放因子" if ctx.lang == "zh" else "grid emission factor")
            return calc
        counted = grid_kwh
        if ctx.a.options.carbon_method == "market":
            counted = max(grid_kwh - (ctx.inp.green_power_trade_kwh or 0) - (ctx.inp.gec_kwh or 0), 0.0)
        total += counted * gf.kg_per_kwh.value / 1000
        calc.figures.append(Figure(label=f"{gf.name.get(ctx.lang)} {gf.year} × {gf.kg_per_kwh.value:g} kgCO₂/kWh",
                                   value=counted, unit="kWh"))
    calc.value = total
    calc.figures.append(Figure(label="二氧化碳排放量" if ctx.lang == "zh" else "CO₂ emissions", value=total,
                               unit="tCO₂"))
    return calc


def energy_total(ctx: Context) -> Calc:
    return ctx.memo("energy_total", _energy_total)


def co2_total(ctx: Context) -> Calc:
    return ctx.memo("co2_total", _co2_total)


def energy_tier(total_tce: float) -> str:
    """MIIT platform renewable-share tiers by annual energy use."""
    if total_tce >= 10000:
        return "ge10000"
    if total_tce >= 5000:
        return "5000_10000"
    if total_tce >= 3000:
        return "3000_5000"
    return "lt3000"


# ---- the metric registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    id: str
    unit: str
    formula_zh: str
    formula_en: str
    fn: Callable[[Context], Calc]

    def formula(self, lang: str = "zh") -> str:
        return self.formula_en if lang == "en" else self.formula_zh


METRICS: dict[str, Metric] = {}


def metric(mid: str, unit: str, zh: str, en: str) -> Callable[[Callable[[Context], Calc]], Callable[[Context], Calc]]:
    def register(fn: Callable[[Context], Calc]) -> Callable[[Context], Calc]:
        METRICS[mid] = Metric(mid, unit, zh, en, fn)
        return fn

    return register


def _per(num_fn: Callable[[Context, Calc], float | None], den: str, scale: float = 1.0) -> Callable[[Context], Calc]:
    """A ratio metric: numerator from a function, denominator an input that must be positive."""

    def fn(ctx: Context) -> Calc:
        calc = Calc()
        n = num_fn(ctx, calc)
        d = ctx.num(calc, den, positive=True)
        return _ratio(ctx, n, d, calc, scale)

    return fn


def _input(name: str) -> Callable[[Context, Calc], float | None]:
    return lambda ctx, calc: ctx.num(calc, name)


def _energy_num(scale: float = 1.0) -> Callable[[Context, Calc], float | None]:
    def f(ctx: Context, calc: Calc) -> float | None:
        e = energy_total(ctx)
        _merge(calc, e)
        return None if e.value is None else e.value * scale

    return f


def _co2_num(ctx: Context, calc: Calc) -> float | None:
    c = co2_total(ctx)
    _merge(calc, c)
    return c.value


def _pollutant_t(ctx: Context, calc: Calc) -> float | None:
    rows = [p for p in ctx.inp.pollutants if p.emitted_t is not None]
    if not rows:
        calc.missing.append("主要污染物排放量" if ctx.lang == "zh" else "pollutant emissions")
        return None
    for p in rows:
        calc.figures.append(Figure(label=p.name, value=p.emitted_t, unit="t"))
    return sum(p.emitted_t or 0 for p in rows)


def _pollutant_kg(ctx: Context, calc: Calc) -> float | None:
    t = _pollutant_t(ctx, calc)
    return None if t is None else t * 1000


def _sum_inputs(*names: str) -> Callable[[Context, Calc], float | None]:
    def f(ctx: Context, calc: Calc) -> float | None:
        first = ctx.num(calc, names[0])
        rest = [ctx.num(calc, n, optional=True) or 0.0 for n in names[1:]]
        return None if first is None else first + sum(rest)

    return f


def _register_ratios() -> None:
    ratios = [
        ("plot_ratio", "—", "(建筑物总建筑面积 + 构筑物建筑面积 + 层高超 8 m 部分面积) ÷ 厂区用地面积（B.27）",
         "(building + structure floor area, storeys over 8 m counted twice) ÷ land area (B.27)",
         _sum_inputs("building_floor_area_m2", "structure_floor_area_m2", "high_storey_extra_m2"), "land_area_m2", 1),
        ("building_coefficient_pct", "%", "(建筑物 + 生产性构筑物占地 + 堆场面积) ÷ 厂区用地面积 × 100%（B.26）",
         "(building + structure footprint + yards) ÷ land area × 100 % (B.26)",
         _sum_inputs("building_footprint_m2", "structure_footprint_m2", "yard_area_m2"), "land_area_m2", 100),
        ("output_per_land_wan_m2", "万元/m²", "工业总产值 ÷ 厂区用地面积（B.25）",
         "output value ÷ land area (B.25)", _input("output_value_wan"), "land_area_m2", 1),
        ("energy_per_output_tce_wan", "tce/万元", "综合能耗 ÷ 工业总产值（B.2，不含用作原料的能源）",
         "total energy ÷ output value (B.2, feedstock excluded)", _energy_num(), "output_value_wan", 1),
        ("energy_per_product", "tce/产品单位", "综合能耗 ÷ 合格产品产量（B.1）",
         "total energy ÷ product output (B.1)", _energy_num(), "production_volume", 1),
        ("energy_per_product_kgce", "kgce/产品单位", "综合能耗 × 1000 ÷ 合格产品产量",
         "total energy × 1000 ÷ product output", _energy_num(1000), "production_volume", 1),
        ("carbon_per_output_t_wan", "tCO₂/万元", "二氧化碳排放量 ÷ 工业总产值（B.4，GB/T 32150）",
         "CO₂ emissions ÷ output value (B.4, GB/T 32150)", _co2_num, "output_value_wan", 1),
        ("carbon_per_product_t", "tCO₂/产品单位", "二氧化碳排放量 ÷ 合格产品产量（B.3）",
         "CO₂ emissions ÷ product output (B.3)", _co2_num, "production_volume", 1),
        ("raw_material_per_output_t_wan", "t/万元", "主要原材料消耗量 ÷ 工业总产值（B.7）",
         "main raw material ÷ output value (B.7)", _input("raw_material_t"), "output_value_wan", 1),
        ("raw_material_per_product_t", "t/产品单位", "主要原材料消耗量 ÷ 合格产品产量（B.6）",
         "main raw material ÷ product output (B.6)", _input("raw_material_t"), "production_volume", 1),
        ("water_per_output_m3_wan", "m³/万元", "取水量 ÷ 工业总产值（B.9）",
         "water withdrawal ÷ output value (B.9)", _input("water_withdrawal_m3"), "output_value_wan", 1),
        ("water_per_product_m3", "m³/产品单位", "取水量 ÷ 合格产品产量（B.8）",
         "water withdrawal ÷ product output (B.8)", _input("water_withdrawal_m3"), "production_volume", 1),
        ("retrofit_investment_share_pct", "%", "近三年改造投资额 ÷ 近三年工业总产值 × 100%",
         "3-year retrofit investment ÷ 3-year output value × 100 %", _input("retrofit_investment_3y_wan"),
         "output_value_3y_wan", 100),
        ("pollutant_emission_per_output_kg_wan", "kg/万元", "主要污染物排放量 × 1000 ÷ 工业总产值（B.12–B.23）",
         "main pollutant emissions × 1000 ÷ output value (B.12–B.23)",
         _pollutant_kg, "output_value_wan", 1),
        ("pollutant_per_product_kg", "kg/产品单位", "主要污染物产生量 × 1000 ÷ 合格产品产量",
         "main pollutants × 1000 ÷ product output",
         _pollutant_kg, "production_volume", 1),
        ("wastewater_per_product_m3", "m³/产品单位", "废水产生量 ÷ 合格产品产量",
         "wastewater ÷ product output", _input("wastewater_m3"), "production_volume", 1),
        ("waste_gas_per_product_10k_m3", "万m³/产品单位", "废气产生量 ÷ 合格产品产量",
         "waste gas ÷ product output", _input("waste_gas_10k_m3"), "production_volume", 1),
        ("green_material_pct", "%", "绿色物料使用量 ÷ 同类物料总使用量 × 100%",
         "green material ÷ same-class material × 100 %", _input("green_material_t"), "same_class_material_t", 100),
        ("wastewater_reuse_pct", "%", "处理后回用水量 ÷ 废水处理量 × 100%",
         "treated wastewater reused ÷ wastewater treated × 100 %", _input("wastewater_reused_m3"),
         "wastewater_treated_m3", 100),
        ("footprint_coverage_pct", "%", "已核算碳足迹的产品类别数 ÷ 主要产品类别数 × 100%",
         "categories with a footprint ÷ product categories × 100 %", _input("footprint_categories"),
         "product_categories", 100),
    ]
    for mid, unit, zh, en, num, den, scale in ratios:
        metric(mid, unit, zh, en)(_per(num, den, scale))


_register_ratios()


@metric("renewable_share_pct", "%", "可再生能源消费量 ÷ 综合能耗 × 100%（B.5：自发自用、绿电交易、绿证均计入，不重复计算）",
        "renewable energy ÷ total energy × 100 % (B.5: own generation, green-power trades and GECs count once)")
def _renewable_share(ctx: Context) -> Calc:
    calc = Calc()
    e = energy_total(ctx)
    _merge(calc, e)
    coef, _ = electricity_kgce_per_kwh(ctx)
    kwh = sum(ctx.num(calc, n, optional=True) or 0 for n in ("pv_self_use_kwh", "green_power_trade_kwh", "gec_kwh"))
    other = ctx.inp.renewable_other_tce or 0.0
    if e.value:
        calc.value = (kwh * coef / 1000 + other) / e.value * 100
        calc.figures.append(Figure(label="年综合能耗档位" if ctx.lang == "zh" else "energy-use tier",
                                   value=e.value, unit=energy_tier(e.value)))
    return calc


def _pct_of_sum(part: str, base: tuple[str, ...], add_part: bool = False) -> Callable[[Context], Calc]:
    """part ÷ (Σ base [+ part]) × 100; the first base input is required, the others count as 0 when empty."""

    def fn(ctx: Context) -> Calc:
        calc = Calc()
        p = ctx.num(calc, part)
        first = ctx.num(calc, base[0])
        if p is None or first is None:
            return calc
        den = first + sum(ctx.num(calc, b, optional=True) or 0.0 for b in base[1:]) + (p if add_part else 0)
        if den > 0:
            calc.value = p / den * 100
        else:
            calc.missing.append(label(base[0], ctx.lang) + ("（不能为 0）" if ctx.lang == "zh" else " (must not be 0)"))
        return calc

    return fn


metric("water_reuse_pct", "%", "重复利用水量 ÷ (取水量 + 重复利用水量) × 100%（B.10）",
       "reused ÷ (withdrawal + reused) × 100 % (B.10)")(
    _pct_of_sum("water_reused_m3", ("water_withdrawal_m3",), add_part=True))
metric("solid_waste_utilisation_pct", "%", "综合利用量 ÷ (产生量 + 综合利用往年贮存量) × 100%（B.11）",
       "utilised ÷ (generated + past storage utilised) × 100 % (B.11)")(
    _pct_of_sum("solid_waste_utilised_t", ("solid_waste_generated_t", "solid_waste_past_storage_utilised_t")))


@metric("platform_function_count", "项", "能碳管理平台已具备的功能数（共 12 项）",
        "functions of the energy-carbon platform in place (of 12)")
def _platform(ctx: Context) -> Calc:
    funcs = set(ctx.inp.energy_platform_functions)
    return Calc(value=float(len(funcs)), figures=[Figure(label=label("energy_platform_functions", ctx.lang, False),
                                                         value=float(len(funcs)), unit="项")])


@metric("catalogue_tech_count", "项", "采用国家八类推荐目录所列技术装备的项数合计",
        "technologies and equipment adopted from the eight national catalogues")
def _tech(ctx: Context) -> Calc:
    n = float(sum(ctx.inp.catalogue_tech.values()))
    return Calc(value=n, figures=[Figure(label=label("catalogue_tech", ctx.lang, False), value=n, unit="项")])


@metric("retrofit_projects_per_year", "项/年", "近三年绿色低碳改造项目数 ÷ 3",
        "retrofit projects in the last 3 years ÷ 3")
def _retrofit_projects(ctx: Context) -> Calc:
    calc = Calc()
    n = ctx.num(calc, "retrofit_projects_3y")
    calc.value = None if n is None else n / 3
    return calc


@metric("pollutant_margin_pct", "%", "min over 主要污染物 [(许可限值 − 年均浓度) ÷ 许可限值 × 100%]",
        "min over main pollutants of (permit limit − annual mean) ÷ permit limit × 100 %")
def _pollutant_margin(ctx: Context) -> Calc:
    calc = Calc()
    rows = [p for p in ctx.inp.pollutants if p.annual_mean is not None and p.permit_limit]
    if not rows:
        calc.missing.append("主要污染物年均浓度及许可限值" if ctx.lang == "zh" else "pollutant concentrations and limits")
        return calc
    margins = []
    for p in rows:
        assert p.permit_limit is not None and p.annual_mean is not None
        m = (p.permit_limit - p.annual_mean) / p.permit_limit * 100
        margins.append(m)
        calc.figures.append(Figure(label=f"{p.name}: {p.annual_mean:g} / {p.permit_limit:g} {p.unit}", value=m,
                                   unit="%"))
    calc.value = min(margins)
    return calc


@metric("energy_saving_product_share_pct", "%", "达到节能评价值的产品产值 ÷ 适用能效标准的产品产值 × 100%",
        "output of products at the energy-saving grade ÷ output under efficiency standards × 100 %")
def _energy_saving(ctx: Context) -> Calc:
    calc = Calc()
    calc.value = ctx.num(calc, "energy_saving_output_share_pct")
    return calc


# ---- applicability switches (truthy value = the item applies) ---------------------------------------------


def _flag(name: str, invert: bool) -> Callable[[Context], Calc]:
    def fn(ctx: Context) -> Calc:
        v = getattr(ctx.inp, name) is True
        return Calc(value=float(v != invert))

    return fn


for _name in ("energy_quota_applies", "water_quota_applies", "efficiency_standard_applies"):
    metric(_name, "", f"{label(_name)}：是", f"{label(_name, 'en')}: yes")(_flag(_name, False))
    _not = _name.replace("_applies", "_not_applies")
    metric(_not, "", f"{label(_name)}：否或未填", f"{label(_name, 'en')}: no or not answered")(_flag(_name, True))


def evaluate(metric_id: str, ctx: Context) -> Calc:
    """Evaluate a registered metric; unknown ids are a catalogue error caught by the catalogue tests."""
    return METRICS[metric_id].fn(ctx)
