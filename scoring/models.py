"""The Assessment (what the enterprise enters) and the Result (what the engine explains).

Assessment validates at the boundary: negative quantities, NaN/inf, text in number fields and a wrong
schema version are rejected with the field's location. Every input is optional, so a draft is always
a valid Assessment; what is missing shows up in the Result, never as a silent zero.
"""

from __future__ import annotations

import math
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from criteria.schema import Action, Text
from locales import Msg
from scoring.cells import normalise_uscc

SCHEMA_VERSION: Final = 1

EvidenceState = Literal["ready", "missing", "na"]  # 已具备 / 缺失 / 不适用


def _finite(v: float | None) -> float | None:
    if v is not None and not math.isfinite(v):
        raise PydanticCustomError("finite_number", "must be a finite number")
    return v


# allow_inf_nan=False makes NaN/inf fail as "finite_number" before the ge check (which would say "不能小于 0")
# validators raise PydanticCustomError types that locales/ words (invalid.type.*); the template is a fallback only
# fields of these types are written `x: Qty = None` (a default inside Annotated is invisible to type checkers)
Qty = Annotated[float | None, Field(ge=0, allow_inf_nan=False), AfterValidator(_finite)]
Count = Annotated[int | None, Field(ge=0)]

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_is_valid(code: str) -> bool:
    """GB 32100-2015 统一社会信用代码: 18 characters, the last a mod-31 check character."""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


def uscc_with_check(first17: str) -> str:
    """Complete 17 characters with their check character (used by the demo data generator)."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_CHARS[(31 - total % 31) % 31]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Enterprise(_Model):
    name: str = Field(default="", max_length=200)
    uscc: str = Field(default="", description="统一社会信用代码")
    industry: str = Field(default="", description="GB/T 4754-2017 行业代码（大类两位）")
    town: str = Field(default="", description="所在镇街 id")
    scale: Literal["", "above", "below"] = Field(default="", description="规上 above / 规下 below")
    contact: str = Field(default="", max_length=100)
    assessor: str = Field(default="", max_length=100, description="评价人或咨询机构")

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, v: str) -> str:
        v = normalise_uscc(v)  # the pool's rule too: full-width characters and inner spaces are the same code
        if v and not uscc_is_valid(v):
            raise PydanticCustomError("uscc_invalid", "not a valid unified social credit code")
        return v

    @field_validator("industry")
    @classmethod
    def _industry(cls, v: str) -> str:
        v = v.strip()
        if v and not (v.isdigit() and 2 <= len(v) <= 4):
            raise PydanticCustomError("industry_code", "industry code must be 2-4 digits of GB/T 4754")
        return v


class Pollutant(_Model):
    name: str = Field(min_length=1, max_length=50)
    medium: Literal["water", "air"]
    unit: str = Field(default="mg/L", max_length=20)
    annual_mean: Qty = None  # 年均排放浓度
    permit_limit: Qty = None  # 许可排放浓度限值
    emitted_t: Qty = None  # 年排放量 t

    @field_validator("permit_limit")
    @classmethod
    def _limit(cls, v: float | None) -> float | None:
        if v is not None and v <= 0:
            raise PydanticCustomError("permit_limit_positive", "the permit limit must be above 0")
        return v


class Case(_Model):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)


class Product(_Model):
    """A main product (the platform asks for the top three by 综合能耗) scored against its own national quota."""

    name: str = Field(default="", max_length=100)
    quota: str = Field(default="", max_length=120, description="能耗限额产品：<标准 id>/<产品 id>，空 = 无适用限额")
    output: Qty = None  # 合格产品产量, in the quota's denominator unit (t, 重量箱, m², kL …)
    energy_tce: Qty = None  # 该产品综合能耗 (tce): the weight of the product in the indicator
    unit_consumption: Qty = None  # 单位产品能耗 in the quota's unit; empty = energy_tce × 1000 ÷ output (kgce-based units)
    params: dict[str, Annotated[float, Field(allow_inf_nan=False)]] = {}  # correction parameters (熟料配比 …)
    water_quota: str = Field(default="", max_length=120, description="取水定额产品：<标准 id>/<产品 id>")
    water_m3: Qty = None  # 该产品取水量 (m³)


class Inputs(_Model):
    """Raw inputs of the evaluation year, with units in the field names."""

    # 用地 land (GB/T 36132-2025 B.25–B.27)
    land_area_m2: Qty = None  # 厂区用地面积（按土地证）
    building_floor_area_m2: Qty = None  # 建筑物总建筑面积
    structure_floor_area_m2: Qty = None  # 构筑物建筑面积
    high_storey_extra_m2: Qty = None  # 层高超过 8 m 部分的面积（按两倍计，此处填写需再计入一次的面积）
    building_footprint_m2: Qty = None  # 建筑物占地面积
    structure_footprint_m2: Qty = None  # 生产性构筑物占地面积
    yard_area_m2: Qty = None  # 露天堆场和操作场地面积
    # 产值与产量 output
    output_value_wan: Qty = None  # 工业总产值（当年价，万元）
    product_name: str = Field(default="", max_length=100)
    product_unit: str = Field(default="", max_length=20)
    production_volume: Qty = None  # 合格产品产量（产品单位）
    products: list[Product] = Field(default=[], max_length=20)  # 主要产品及其能耗限额
    energy_quota_applies: bool | None = None  # 主要产品有国家能耗限额标准（单位产品能耗评价）
    water_quota_applies: bool | None = None  # 主要产品有国家取水定额标准（单位产品取水量评价）
    # 能源 energy (GB/T 2589) — amounts by carrier id in the carrier's unit
    energy: dict[str, Annotated[float, Field(ge=0, allow_inf_nan=False), AfterValidator(_finite)]] = {}
    feedstock_energy_tce: Qty = None  # 用作原料的能源（不计入综合能耗）
    pv_self_use_kwh: Qty = None  # 自发自用可再生电力
    green_power_trade_kwh: Qty = None  # 绿电交易电量（含专线直供并有结算凭证）
    gec_kwh: Qty = None  # 单独购买的绿证（GEC）对应电量
    renewable_other_tce: Qty = None  # 非电可再生能源（太阳能热、生物质等）
    energy_platform_functions: list[str] = []  # 能碳管理平台已具备的功能 id
    # 资源 resources
    raw_material_t: Qty = None  # 主要原材料消耗量
    green_material_t: Qty = None  # 绿色物料使用量（2018）
    same_class_material_t: Qty = None  # 同类物料总使用量（2018）
    water_withdrawal_m3: Qty = None  # 取水量 V
    water_reused_m3: Qty = None  # 重复利用水量 V_r（循环 + 串联 + 回用）
    wastewater_m3: Qty = None  # 废水产生量
    wastewater_treated_m3: Qty = None  # 废水处理量（2018 回用率分母）
    wastewater_reused_m3: Qty = None  # 处理后回用量（2018）
    waste_gas_10k_m3: Qty = None  # 废气产生量（万 m³）
    solid_waste_generated_t: Qty = None  # 一般工业固废产生量 Z
    solid_waste_utilised_t: Qty = None  # 综合利用量 Z_r（不含外购）
    solid_waste_past_storage_utilised_t: Qty = None  # 综合利用往年贮存量 Z_w
    solid_waste_stored_t: Qty = None  # 当年贮存量（参考）
    # 生产洁净化 cleaner production
    catalogue_tech: dict[str, Annotated[int, Field(ge=0)]] = {}  # 八类目录 id → 采用项数
    retrofit_projects_3y: Count = None  # 近三年绿色低碳改造项目数
    retrofit_investment_3y_wan: Qty = None  # 近三年改造投资额（万元）
    output_value_3y_wan: Qty = None  # 近三年工业总产值合计（万元）
    pollutants: list[Pollutant] = []
    # 产品 products
    product_categories: Count = None  # 主要产品类别数
    footprint_categories: Count = None  # 已核算碳足迹的产品类别数
    efficiency_standard_applies: bool | None = None  # 产品有国家能效标准（如电机、泵）
    energy_saving_output_share_pct: Qty = None  # 达到节能评价值（能效 2 级及以上）的产品产值占比 %
    # 案例 cases (qualitative items' supporting text)
    material_saving_cases: list[Case] = []
    recycled_material_cases: list[Case] = []
    green_design_cases: list[Case] = []

    @field_validator("energy_saving_output_share_pct")
    @classmethod
    def _pct(cls, v: float | None) -> float | None:
        if v is not None and v > 100:
            raise PydanticCustomError("percent_over_100", "a percentage cannot exceed 100")
        return v


class Benchmark(_Model):
    """基准值 / 引领值 entered by the user or an administrator for one indicator."""

    baseline: float | None = None
    leading: float | None = None
    source: str = Field(default="", max_length=300)

    _fin = field_validator("baseline", "leading")(classmethod(lambda cls, v: _finite(v)))


class Evidence(_Model):
    state: EvidenceState | None = None
    note: str = Field(default="", max_length=1000)


class Options(_Model):
    electricity_basis: Literal["equivalent_heat", "equivalent_coal"] = "equivalent_heat"  # 当量值 / 等价值
    electricity_equivalent_kgce_per_kwh: Annotated[float | None, Field(default=None, gt=0, allow_inf_nan=False)] = None
    grid_region: str = ""  # '' = reference default (浙江)
    grid_year: int | None = None  # None = evaluation year (latest published not after it)
    carbon_method: Literal["location", "market"] = "location"


class Assessment(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = ""
    ruleset: str = "gbt36132_2025_platform"
    ruleset_version: int | None = None
    profile: str = "ningbo_star"
    year: int = Field(default=2025, ge=2000, le=2100)
    enterprise: Enterprise = Enterprise()
    inputs: Inputs = Inputs()
    answers: dict[str, bool | str | None] = {}  # gates (bool / option) and qualitative items (rubric level)
    evidence: dict[str, Evidence] = {}
    benchmarks: dict[str, Benchmark] = {}
    confirmed: list[str] = []  # indicator ids whose implausible-looking value the user has checked and confirmed
    carried: list[str] = []  # draft paths (inputs.energy.electricity) copied from last year, not yet confirmed: 待核对
    # the unit each value is shown and typed in (scoring.units symbol, e.g. 万千瓦时), by draft path; the value itself is
    # stored in the canonical unit, so a unit unknown to a later version is simply shown in the canonical one
    units: dict[Annotated[str, Field(max_length=200)], Annotated[str, Field(max_length=20)]] = Field(
        default={}, max_length=500)
    options: Options = Options()


# ---- Result --------------------------------------------------------------------------------------
# A Result carries no language: names are catalogue `Text` (Chinese and English), explanations are `Msg` codes with
# parameters (words in locales/). The edge (UI, CLI, PDF) renders either with `locales.render(lang, x)`, so one
# Result serves every language and switching language never rescores.

Phrase = Msg | Text

GateState = Literal["pass", "fail", "unanswered"]
ItemState = Literal["scored", "missing_input", "missing_benchmark", "implausible", "unanswered", "not_applicable"]
# where a 基准值/引领值 came from, in the order of precedence (GB/T 36132-2025 表C.1: a quota first)
BenchOrigin = Literal["quota", "district", "admin", "profile", "catalogue", "defaulted", "entered", "missing"]
LevelStatus = Literal["reached", "possible", "not_reached"]


class Figure(BaseModel):
    """An input or intermediate value, as shown in the working of an indicator."""

    label: Phrase | str  # a plain string is the user's own name (a pollutant, a product)
    value: float | None
    unit: str | Text = ""


class BenchValue(BaseModel):
    """A 基准值/引领值 with where it came from. Frozen: the engine shares one per catalogue value between results."""

    model_config = ConfigDict(frozen=True)

    value: float | None
    origin: BenchOrigin
    source: str | Msg = ""  # a citation or an administrator's note as entered; a quota's is a code
    confidence: str = ""


class ProductScore(BaseModel):
    """One product against its quota: 引领值 = 1级, 基准值 = 2级 after the standard's corrections."""

    name: str
    quota: str
    standard: str = ""  # e.g. GB 16780-2021
    unit: str = ""
    value: float | None = None
    baseline: float | None = None  # 2级
    leading: float | None = None  # 1级
    limit: float | None = None  # 3级, the limit existing plants must meet
    weight: float = 0.0  # 综合能耗 (tce) for an energy quota, 取水量 (m³) for a water quota
    fraction: float | None = None
    counted: bool = False  # among the top three by 综合能耗 with both grades
    notes: list[Msg] = []  # corrections applied, edition chosen, why it is not scored


class GateResult(BaseModel):
    id: str
    name: Text
    state: GateState
    answer: bool | str | None = None
    reason: Msg
    clause: str = ""
    origin: Literal["ruleset", "profile"] = "ruleset"


class IndicatorResult(BaseModel):
    id: str
    dimension: str
    name: Text
    kind: str
    metric: str | None = None
    unit: str = ""
    state: ItemState
    value: float | None = None
    formula: Phrase | None = None
    figures: list[Figure] = []
    baseline: BenchValue | None = None
    leading: BenchValue | None = None
    answer: str | bool | None = None  # as entered: yes/no, or the rubric level id
    answer_label: Text | None = None  # the rubric level's label
    fraction: float = 0.0
    points: float = 0.0  # earned, in the indicator's own points
    max_points: float
    weighted: float = 0.0  # contribution to the 100-point total
    weighted_max: float = 0.0
    source: str = ""
    confidence: str = ""
    mandatory: bool = False
    missing: list[Phrase] = []
    evidence_state: EvidenceState | None = None
    implausible: bool = False  # the value looks like a unit slip and the user has not confirmed it
    products: list[ProductScore] = []


class DimensionResult(BaseModel):
    id: str
    name: Text
    score: float  # contribution to the total
    max: float  # the dimension's weight
    weight_source: str = ""
    weight_confidence: str = ""


class Gap(BaseModel):
    kind: Literal["gate", "mandatory", "indicator", "evidence"]
    item_id: str
    name: Text
    dimension: str = ""
    recoverable: float = 0.0  # points on the 100-point total
    problem: Msg
    actions: list[Action] = []
    evidence: list[Text] = []
    clause: str = ""
    effort: str = "medium"


class Warning(BaseModel):
    field: str
    message: Msg


class LevelInfo(BaseModel):
    id: str
    name: Text
    min_total: float | None
    reached: bool
    via: str = ""  # "score" | fast track id
    status: LevelStatus = "not_reached"  # possible: reachable once missing yardsticks or checks are settled


class ScoreRange(BaseModel):
    """The confirmed total (min) and what it can still become (max) once every missing 基准值/引领值 and every
    unconfirmed implausible value is settled: those items at 0 and at full marks."""

    min: float
    max: float
    open_items: list[str] = []  # indicator ids that make the range


class YardstickRef(BaseModel):
    """The published district yardstick set a result was scored with."""

    id: str
    name: str
    version: int
    source: str = ""


class Result(BaseModel):
    ruleset: str
    ruleset_version: int
    ruleset_name: Text
    profile: str
    profile_name: Text
    eligible: bool
    complete: bool
    failed_gates: list[str]
    total: float
    max_total: float
    level: str | None
    level_name: Text | None = None
    next_level: str | None = None
    next_level_name: Text | None = None
    distance_to_next: float | None = None
    levels: list[LevelInfo] = []
    range: ScoreRange | None = None
    level_status: LevelStatus = "not_reached"
    possible_level: str | None = None  # the highest level within reach of range.max
    possible_level_name: Text | None = None
    yardstick_set: YardstickRef | None = None
    dimensions: list[DimensionResult]
    gates: list[GateResult]
    indicators: list[IndicatorResult]
    missing: list[Msg]
    warnings: list[Warning]
    gaps: list[Gap]
