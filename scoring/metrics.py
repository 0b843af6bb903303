"""Derived indicators with their formulas and units (GB/T 36132-2025 Appendix B; 2018 绩效 formulas).

Each formula is written once, against a `Reader`: the engine's `Context` reads one assessment as floats and
records the working (figures) and what was missing; the pool's column reader (pool/batch.py) reads a whole
pool as NumPy columns. The arithmetic is `scoring.vec`, so one row and many rows give bit-identical values.
A zero or missing denominator gives NaN (None in a Result) plus the missing field, never a silent zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from criteria.schema import EnergyCarrier, EnergyTiers, GridFactor, Reference, Text
from locales import Msg, msg
from scoring import vec
from scoring.fields import FIELDS, label, text
from scoring.models import Assessment, Figure, Phrase
from scoring.products import QUOTA_FLAGS, has_quota
from scoring.vec import Flag, Num

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


# ---- rules shared by both readers --------------------------------------------------------------------------


def electricity_coefficient(ref: Reference, basis: str, own: float | None) -> float:
    """kgce/kWh: 当量值 by default; 等价值 (发电煤耗) as an option, the assessment's own figure or the reference's."""
    if basis == "equivalent_coal":
        return float(own or ref.electricity_equivalent_kgce_per_kwh.value or 0)
    elec = ref.carrier("electricity")
    assert elec is not None and elec.kgce_per_unit.value is not None
    return elec.kgce_per_unit.value


def grid_factor_for(ref: Reference, region: str, method: str, year: int) -> GridFactor | None:
    """The factor of the region (the residual national factor under the market method) for the year, else the
    latest published before it, else the earliest published."""
    region = "national_excl_market" if method == "market" else (region or ref.default_grid_region)
    rows = [g for g in ref.grid_factors if g.region == region]
    if not rows:
        return None
    earlier = [g for g in rows if g.year <= year]
    return max(earlier, key=lambda g: g.year) if earlier else min(rows, key=lambda g: g.year)


def pollutant_margin(mean: Num, limit: Num) -> Num:
    """(许可限值 − 年均浓度) ÷ 许可限值 × 100 %."""
    return vec.ratio(limit - mean, limit, 100)


def energy_tier_index(total_tce: Num, tiers: EnergyTiers) -> Num:
    """Index of the annual energy-use band (catalogue reference data), −1 where the total is missing."""
    return vec.tier_index(total_tce, tiers.bounds)


def energy_tier(total_tce: float, tiers: EnergyTiers | None = None) -> str:
    if tiers is None:
        from criteria import load_catalogue

        tiers = load_catalogue().reference.energy_tiers
    return tiers.ids()[int(energy_tier_index(total_tce, tiers))]


# ---- what a formula reads ------------------------------------------------------------------------------


class Reader(Protocol):
    """Inputs of one assessment (floats) or of a pool (columns); NaN = not filled in."""

    ref: Reference
    explains: bool  # True: record the working with `note` (one assessment only)

    def raw(self, name: str) -> Num: ...  # an input as entered, NaN when empty, not recorded
    def num(self, name: str) -> Num: ...  # a required input
    def opt(self, name: str, *, note: bool = True) -> Num: ...  # an optional input: empty counts as 0
    def den(self, name: str) -> Num: ...  # a denominator: must be filled in and above 0
    def carriers(self) -> list[tuple[EnergyCarrier, Num]]: ...  # amount per carrier in its unit (empty = NaN)
    def energy_entered(self) -> Flag: ...  # any carrier amount filled in
    def elec_coef(self) -> Num: ...
    def grid_kg(self) -> Num: ...  # kgCO₂/kWh of the applicable grid factor, NaN where none
    def market(self) -> Flag: ...  # carbon accounted by the market method (B.5)
    def pollutant_t(self) -> Num: ...
    def pollutant_margin(self) -> Num: ...
    def platform_count(self) -> Num: ...
    def tech_count(self) -> Num: ...
    def flag(self, name: str) -> Flag: ...  # a yes/no input answered yes
    def note(self, label: Phrase | str, value: float | None, unit: str | Text) -> None: ...
    def lack(self, cond: Flag, text: Phrase) -> None: ...  # record `text` as missing where `cond`
    def memo(self, key: str, fn: Callable[[Reader], Num]) -> Num: ...
    def label(self, name: str, with_unit: bool = True) -> Text: ...


# ---- one assessment -------------------------------------------------------------------------------------

@dataclass
class Calc:
    """One metric evaluation: value, working and what was missing."""

    value: float | None = None
    figures: list[Figure] = field(default_factory=list)
    missing: list[Phrase] = field(default_factory=list)


class Context:
    """Reads one assessment; records each metric's working and missing inputs (memoised energy and CO₂)."""

    explains = True

    def __init__(self, assessment: Assessment, reference: Reference) -> None:
        self.a = assessment
        self.inp = assessment.inputs
        self.ref = reference
        self._calc = Calc()
        self._memo: dict[str, tuple[Num, Calc]] = {}

    def label(self, name: str, with_unit: bool = True) -> Text:
        return text(name, with_unit)

    def _read(self, name: str) -> float | None:
        v = getattr(self.inp, name)
        return None if v is None else float(v)

    def raw(self, name: str) -> Num:
        v = self._read(name)
        return vec.NAN if v is None else v

    def num(self, name: str) -> Num:
        v = self._read(name)
        self.note(self.label(name, False), v, _unit(name))
        if v is None:
            self._calc.missing.append(self.label(name))
            return vec.NAN
        return v

    def opt(self, name: str, *, note: bool = True) -> Num:
        v = self._read(name)
        if v is None:
            return 0.0
        if note:
            self.note(self.label(name, False), v, _unit(name))
        return v

    def den(self, name: str) -> Num:
        v = self.num(name)
        if not math.isnan(v) and v <= 0:
            self._calc.missing.append(nonzero(self.label(name)))
            return vec.NAN
        return v

    def carriers(self) -> list[tuple[EnergyCarrier, Num]]:
        out: list[tuple[EnergyCarrier, Num]] = []
        for cid, amount in self.inp.energy.items():
            carrier = self.ref.carrier(cid)
            if carrier is None:
                self._calc.missing.append(msg("metric.unknown_carrier", id=cid))
                continue
            out.append((carrier, float(amount)))
        return out

    def energy_entered(self) -> Flag:
        return bool(self.inp.energy)

    def elec_coef(self) -> Num:
        o = self.a.options
        return electricity_coefficient(self.ref, o.electricity_basis, o.electricity_equivalent_kgce_per_kwh)

    def electricity_basis(self) -> Msg:
        return msg(f"metric.basis_{self.a.options.electricity_basis}")

    def grid(self) -> GridFactor | None:
        o = self.a.options
        return grid_factor_for(self.ref, o.grid_region, o.carbon_method, o.grid_year or self.a.year)

    def grid_kg(self) -> Num:
        gf = self.grid()
        return vec.NAN if gf is None or gf.kg_per_kwh.value is None else gf.kg_per_kwh.value

    def market(self) -> Flag:
        return self.a.options.carbon_method == "market"

    def pollutant_t(self) -> Num:
        rows = [p for p in self.inp.pollutants if p.emitted_t is not None]
        if not rows:
            self._calc.missing.append(msg("metric.pollutant_emissions"))
            return vec.NAN
        for p in rows:
            self.note(p.name, p.emitted_t, "t")
        return float(sum(p.emitted_t or 0 for p in rows))

    def pollutant_margin(self) -> Num:
        rows = [p for p in self.inp.pollutants if p.annual_mean is not None and p.permit_limit]
        if not rows:
            self._calc.missing.append(msg("metric.pollutant_limits"))
            return vec.NAN
        margins = []
        for p in rows:
            m = float(pollutant_margin(float(p.annual_mean or 0), float(p.permit_limit or 0)))
            margins.append(m)
            self.note(f"{p.name}: {p.annual_mean:g} / {p.permit_limit:g} {p.unit}", m, "%")
        return min(margins)

    def platform_count(self) -> Num:
        n = float(len(set(self.inp.energy_platform_functions)))
        self.note(self.label("energy_platform_functions", False), n, "项")
        return n

    def tech_count(self) -> Num:
        n = float(sum(self.inp.catalogue_tech.values()))
        self.note(self.label("catalogue_tech", False), n, "项")
        return n

    def flag(self, name: str) -> Flag:
        v = getattr(self.inp, name)
        if v is None and name in QUOTA_FLAGS:  # not answered: a main product with a quota says it applies
            return has_quota(self.inp.products, QUOTA_FLAGS[name])
        return v is True

    def note(self, label: Phrase | str, value: float | None, unit: str | Text) -> None:
        self._calc.figures.append(Figure(label=label, value=value, unit=unit))

    def lack(self, cond: Flag, text: Phrase) -> None:
        if cond:
            self._calc.missing.append(text)

    def memo(self, key: str, fn: Callable[[Reader], Num]) -> Num:
        if key not in self._memo:
            outer, self._calc = self._calc, Calc()
            try:
                value = fn(self)
            finally:
                sub, self._calc = self._calc, outer
            self._memo[key] = (value, sub)
        value, sub = self._memo[key]
        self._calc.figures.extend(sub.figures)
        if sub.missing:
            self._calc.missing.extend(m for m in sub.missing if m not in self._calc.missing)
        return value

    def evaluate(self, fn: Callable[[Reader], Num]) -> Calc:
        outer, self._calc = self._calc, Calc()
        try:
            value = float(fn(self))
        finally:
            calc, self._calc = self._calc, outer
        calc.value = None if math.isnan(value) else value
        return calc


def nonzero(field: Text) -> Msg:
    """A denominator that is 0: "<field>（不能为 0）"."""
    return msg("metric.nonzero", field=field)


def _unit(name: str) -> str:
    info = FIELDS.get(name)
    return info.unit if info else ""


# ---- energy and carbon -----------------------------------------------------------------------------------


def _energy_total(r: Reader) -> Num:
    """综合能耗 (tce) = Σ carrier × coefficient + self-used renewable power + other renewables − feedstock."""
    pv_raw = r.opt("pv_self_use_kwh", note=False)
    no_energy = vec.and_(vec.not_(r.energy_entered()), vec.isnan(r.raw("pv_self_use_kwh")))
    r.lack(no_energy, r.label("energy"))
    elec = r.elec_coef()
    total_kgce: Num = 0.0
    for carrier, amount in r.carriers():
        coef = elec if carrier.is_electricity else float(carrier.kgce_per_unit.value or 0)
        total_kgce = total_kgce + vec.fill0(amount * coef)
        if r.explains:
            r.note(msg("metric.fig_factor", name=carrier.name, amount=float(amount), unit=carrier.unit,
                       factor=f"{coef:g} kgce/{carrier.unit}"), float(amount) * float(coef) / 1000, "tce")
    total_kgce = total_kgce + pv_raw * elec
    other = r.opt("renewable_other_tce", note=False)
    feed = r.opt("feedstock_energy_tce", note=False)
    total = total_kgce / 1000 + other - feed
    if r.explains:
        if pv_raw:
            r.note(msg("metric.fig_factor", name=r.label("pv_self_use_kwh", False), amount=float(pv_raw), unit="kWh",
                       factor=f"{elec:g} kgce/kWh"), float(pv_raw) * float(elec) / 1000, "tce")
        if other:
            r.note(r.label("renewable_other_tce", False), float(other), "tce")
        if feed:
            r.note(r.label("feedstock_energy_tce", False), -float(feed), "tce")
        assert isinstance(r, Context)
        r.note(msg("metric.fig_elec_coef", basis=r.electricity_basis()), float(elec), "kgce/kWh")
        r.note(msg("metric.fig_energy_total"), float(total), "tce")
    # all zeros, or feedstock ≥ consumption: not a factory's energy use, and 0 would earn full marks
    bad = vec.and_(vec.not_(no_energy), vec.not_(vec.gt(total, 0.0)))
    r.lack(bad, msg("metric.energy_not_positive"))
    return vec.where(vec.or_(no_energy, bad), vec.NAN, total)


def _co2_total(r: Reader) -> Num:
    """CO₂ (t): fuel combustion (GB/T 32150 parameters) + purchased heat/steam + grid electricity × factor.
    Market method (B.5): green-power trades and GECs are deducted from grid power, and the residual factor applies."""
    entered = r.energy_entered()
    r.lack(vec.not_(entered), r.label("energy"))
    e = energy_total(r)  # same boundary as 综合能耗 (B.3/B.4): no valid energy total, no CO₂ figure either
    total: Num = 0.0
    grid: Num = 0.0
    for carrier, amount in r.carriers():
        if carrier.is_electricity:
            grid = vec.fill0(amount)
            continue
        ef = carrier.co2_t_per_unit.value if carrier.co2_t_per_unit else None
        if ef:
            total = total + vec.fill0(amount * ef)
            if r.explains:
                r.note(msg("metric.fig_factor", name=carrier.name, amount=float(amount), unit=carrier.unit,
                           factor=f"{ef:g} tCO₂/{carrier.unit}"), float(amount) * ef, "tCO₂")
    green = r.opt("green_power_trade_kwh", note=False)
    gec = r.opt("gec_kwh", note=False)
    counted = vec.where(r.market(), vec.maximum(grid - green - gec, 0.0), grid)
    kg = r.grid_kg()
    uses_grid = grid != 0
    r.lack(vec.and_(uses_grid, vec.isnan(kg), vec.not_(vec.isnan(e))), msg("metric.grid_factor"))
    value = vec.where(uses_grid, total + counted * kg / 1000, total)
    if r.explains and not vec.isnan(e):
        assert isinstance(r, Context)
        gf = r.grid()
        if uses_grid and gf is not None and gf.kg_per_kwh.value is not None:
            r.note(msg("metric.fig_grid", name=gf.name, year=gf.year, factor=f"{gf.kg_per_kwh.value:g} kgCO₂/kWh"),
                   float(counted), "kWh")
        r.note(msg("metric.fig_co2_total"), float(value), "tCO₂")
    return vec.where(vec.and_(entered, vec.not_(vec.isnan(e))), value, vec.NAN)


def energy_total(r: Reader) -> Num:
    return r.memo("energy_total", _energy_total)


def co2_total(r: Reader) -> Num:
    return r.memo("co2_total", _co2_total)


# ---- the metric registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    id: str
    unit: str
    formula: Text
    fn: Callable[[Reader], Num]


METRICS: dict[str, Metric] = {}


def metric(mid: str, unit: str, zh: str, en: str) -> Callable[[Callable[[Reader], Num]], Callable[[Reader], Num]]:
    def register(fn: Callable[[Reader], Num]) -> Callable[[Reader], Num]:
        METRICS[mid] = Metric(mid, unit, Text(zh=zh, en=en), fn)
        return fn

    return register


Part = Callable[[Reader], Num]


def _per(num: Part, den: str, scale: float = 1.0) -> Part:
    """A ratio metric: numerator from a function, denominator an input that must be positive."""
    return lambda r: vec.ratio(num(r), r.den(den), scale)


def _input(name: str) -> Part:
    return lambda r: r.num(name)


def _sum_inputs(first: str, *rest: str) -> Part:
    """The first input is required, the others count as 0 when empty."""

    def f(r: Reader) -> Num:
        total = r.num(first)
        for name in rest:
            total = total + r.opt(name)
        return total

    return f


def _energy(scale: float = 1.0) -> Part:
    return lambda r: energy_total(r) * scale


def _co2(r: Reader) -> Num:
    return co2_total(r)


def _pollutant_kg(r: Reader) -> Num:
    return r.pollutant_t() * 1000


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
         "total energy ÷ output value (B.2, feedstock excluded)", _energy(), "output_value_wan", 1),
        ("energy_per_product", "tce/产品单位", "综合能耗 ÷ 合格产品产量（B.1）",
         "total energy ÷ product output (B.1)", _energy(), "production_volume", 1),
        ("energy_per_product_kgce", "kgce/产品单位", "综合能耗 × 1000 ÷ 合格产品产量",
         "total energy × 1000 ÷ product output", _energy(1000), "production_volume", 1),
        ("carbon_per_output_t_wan", "tCO₂/万元", "二氧化碳排放量 ÷ 工业总产值（B.4，GB/T 32150）",
         "CO₂ emissions ÷ output value (B.4, GB/T 32150)", _co2, "output_value_wan", 1),
        ("carbon_per_product_t", "tCO₂/产品单位", "二氧化碳排放量 ÷ 合格产品产量（B.3）",
         "CO₂ emissions ÷ product output (B.3)", _co2, "production_volume", 1),
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
         "main pollutant emissions × 1000 ÷ output value (B.12–B.23)", _pollutant_kg, "output_value_wan", 1),
        ("pollutant_per_product_kg", "kg/产品单位", "主要污染物产生量 × 1000 ÷ 合格产品产量",
         "main pollutants × 1000 ÷ product output", _pollutant_kg, "production_volume", 1),
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
def _renewable_share(r: Reader) -> Num:
    e = energy_total(r)
    kwh = r.opt("pv_self_use_kwh") + r.opt("green_power_trade_kwh") + r.opt("gec_kwh")
    other = r.opt("renewable_other_tce", note=False)
    value = vec.ratio(kwh * r.elec_coef() / 1000 + other, e, 100)
    if r.explains and not vec.isnan(e):
        tiers = r.ref.energy_tiers
        tier = tiers.tiers[int(energy_tier_index(e, tiers))]
        r.note(msg("metric.fig_energy_tier", total=float(e), tier=tier.name), None, "")  # a sentence, no value
    return value


def _pct_of_sum(part: str, base: tuple[str, ...], add_part: bool = False) -> Part:
    """part ÷ (Σ base [+ part]) × 100; the first base input is required, the others count as 0 when empty."""

    def fn(r: Reader) -> Num:
        p = r.num(part)
        first = r.num(base[0])
        den = first
        for b in base[1:]:
            den = den + r.opt(b)
        if add_part:
            den = den + p
        known = vec.and_(vec.not_(vec.isnan(p)), vec.not_(vec.isnan(first)))
        r.lack(vec.and_(known, vec.not_(vec.gt(den, 0.0))), nonzero(r.label(base[0])))
        return vec.ratio(p, den, 100)

    return fn


metric("water_reuse_pct", "%", "重复利用水量 ÷ (取水量 + 重复利用水量) × 100%（B.10）",
       "reused ÷ (withdrawal + reused) × 100 % (B.10)")(
    _pct_of_sum("water_reused_m3", ("water_withdrawal_m3",), add_part=True))
metric("solid_waste_utilisation_pct", "%", "综合利用量 ÷ (产生量 + 综合利用往年贮存量) × 100%（B.11）",
       "utilised ÷ (generated + past storage utilised) × 100 % (B.11)")(
    _pct_of_sum("solid_waste_utilised_t", ("solid_waste_generated_t", "solid_waste_past_storage_utilised_t")))
metric("platform_function_count", "项", "能碳管理平台已具备的功能数（共 12 项）",
       "functions of the energy-carbon platform in place (of 12)")(lambda r: r.platform_count())
metric("catalogue_tech_count", "项", "采用国家八类推荐目录所列技术装备的项数合计",
       "technologies and equipment adopted from the eight national catalogues")(lambda r: r.tech_count())
metric("retrofit_projects_per_year", "项/年", "近三年绿色低碳改造项目数 ÷ 3",
       "retrofit projects in the last 3 years ÷ 3")(lambda r: r.num("retrofit_projects_3y") / 3)
metric("pollutant_margin_pct", "%", "各主要污染物 (许可限值 − 年均浓度) ÷ 许可限值 × 100% 中的最小值",
       "min over main pollutants of (permit limit − annual mean) ÷ permit limit × 100 %")(
    lambda r: r.pollutant_margin())
metric("energy_saving_product_share_pct", "%", "达到节能评价值的产品产值 ÷ 适用能效标准的产品产值 × 100%",
       "output of products at the energy-saving grade ÷ output under efficiency standards × 100 %")(
    lambda r: r.num("energy_saving_output_share_pct"))


# ---- applicability switches (truthy value = the item applies) ---------------------------------------------


def _flag(name: str, invert: bool) -> Part:
    return lambda r: vec.where(r.flag(name), 0.0 if invert else 1.0, 1.0 if invert else 0.0)


for _name in ("energy_quota_applies", "water_quota_applies", "efficiency_standard_applies"):
    metric(_name, "", f"{label(_name)}：是", f"{label(_name, 'en')}: yes")(_flag(_name, False))
    _not = _name.replace("_applies", "_not_applies")
    metric(_not, "", f"{label(_name)}：否或未填", f"{label(_name, 'en')}: no or not answered")(_flag(_name, True))


def grid_factor(ctx: Context) -> GridFactor | None:
    """The grid factor that applies to one assessment."""
    return ctx.grid()


def evaluate(metric_id: str, ctx: Context) -> Calc:
    """Evaluate a registered metric on one assessment; unknown ids are a catalogue error caught by its tests."""
    return ctx.evaluate(METRICS[metric_id].fn)
