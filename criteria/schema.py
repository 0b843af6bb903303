"""Pydantic schema of the criteria catalogue: rule-sets, local profiles, industry overlays, reference data.

Every number that decides a score is a `Sourced` value carrying its source and a confidence tag
(V = verified, S = secondary, R = recollection / assumption), so the UI and the PDF can show how firm it is.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from locales import DEFAULT, say

Confidence = Literal["V", "S", "R"]
Effort = Literal["low", "medium", "high"]
IndicatorKind = Literal["forward", "inverse", "qualitative", "count", "yes_no"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _invalid(code: str, **params: object) -> ValueError:
    """A catalogue error for its authors, worded in locales/ (catalogue.*), in Chinese."""
    return ValueError(say(DEFAULT, f"catalogue.{code}", **params))


def pick(zh: str, en: str, lang: str) -> str:
    """The one language pick of bilingual data (catalogue text, field names): English where it exists."""
    return en if lang == "en" and en else zh


class _Bilingual(_Strict):
    zh: str
    en: str = ""

    def get(self, lang: str = "zh") -> str:
        return pick(self.zh, self.en, lang)

    def localized(self, lang: str) -> str:  # a catalogue text can be a parameter of a locales.Msg
        return self.get(lang)


class Text(_Bilingual):
    """Bilingual text, Chinese first."""


class Sourced(_Strict):
    """A number with its provenance. `value` may be None where the official figure is not published."""

    value: float | None = None
    source: str
    confidence: Confidence
    note: str = ""


class Action(_Bilingual):
    """A recommended improvement; `effort` orders the what-if planner (low < medium < high)."""

    effort: Effort = "medium"


class RubricLevel(_Strict):
    """One level of a qualitative rubric: the share of the item's points it earns."""

    id: str
    fraction: float = Field(ge=0, le=1)
    label: Text


class Rubric(_Strict):
    levels: tuple[RubricLevel, ...]
    source: str
    confidence: Confidence


class ItemText(_Strict):
    """Fields shared by gates and indicators: what the user reads and what the gap report lists."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    guidance: Text  # 判定要点
    evidence: tuple[Text, ...] = ()  # 证明材料
    actions: tuple[Action, ...] = ()  # 改进建议
    clause: str  # the standard clause or policy article
    example: Text | None = None


class Gate(ItemText):
    """A veto condition or basic requirement. Answered yes/no; `pass_if` says which answer passes,
    or `choice` lists options of which `pass_options` pass (e.g. 亩均效益 class A/B)."""

    source: str
    confidence: Confidence
    pass_if: bool = True
    options: tuple[str, ...] = ()
    pass_options: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _options(self) -> Gate:
        if set(self.pass_options) - set(self.options):
            raise _invalid("pass_options")
        return self


class Indicator(ItemText):
    """A scored item.

    forward / inverse: quantitative, value from `metric` (a formula in scoring.metrics), scored linearly
      between `baseline` (基准值, 0 points) and `leading` (引领值, full points); inverse ones mirrored.
    count: a counted input (e.g. 能碳平台 functions) scored like forward.
    qualitative: a rubric level chosen by the user, scored as the level's fraction of the points.
    yes_no: met or not met (2018 必选/可选 items).
    """

    kind: IndicatorKind
    metric: str | None = None
    unit: str = ""
    points: Sourced
    baseline: Sourced | None = None
    leading: Sourced | None = None
    baseline_default: str | None = None  # name of a reference default, e.g. "land_plot_ratio_min"
    rubric: str | None = None  # id of a rubric in the rule-set
    mandatory: bool = False  # 必选 (2018): not met makes the result not eligible when the rule-set says so
    applicable_if: str | None = None  # metric name whose truthiness makes the item applicable
    variant_by: Literal["energy_tier"] | None = None  # yardsticks differ by a band (key "<id>@<band id>")

    @model_validator(mode="after")
    def _kind_fields(self) -> Indicator:
        if self.kind in ("forward", "inverse", "count") and not self.metric:
            raise _invalid("metric_required", kind=self.kind)
        if self.kind == "qualitative" and not self.rubric:
            raise _invalid("rubric_required")
        if self.points.value is None or self.points.value <= 0:
            raise _invalid("points_positive")
        return self


class Choice(_Strict):
    """An option of a multi-select input, e.g. one of the 12 能碳管理平台 functions."""

    id: str
    name: Text


class Dimension(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    weight: Sourced  # share of the 100-point total
    indicators: tuple[Indicator, ...]


class RuleSet(_Strict):
    id: str
    edition: str
    version: int
    name: Text
    status: Literal["current", "legacy", "example", "overlay"]
    description: Text
    base: str | None = None  # for overlays: the rule-set this one was built from
    industries: tuple[str, ...] = ()  # GB/T 4754 code prefixes an overlay is meant for
    mandatory_is_gate: bool = False  # 2018: a failed 必选 item makes the result not eligible
    gates: tuple[Gate, ...]
    dimensions: tuple[Dimension, ...]
    rubrics: dict[str, Rubric] = {}
    choices: dict[str, tuple[Choice, ...]] = {}  # option lists of inputs, e.g. platform_functions
    choices_source: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        ids = [g.id for g in self.gates] + [i.id for d in self.dimensions for i in d.indicators]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise _invalid("duplicate_ids", ids=", ".join(dupes))
        for dim in self.dimensions:
            for ind in dim.indicators:
                if ind.rubric and ind.rubric not in self.rubrics:
                    raise _invalid("unknown_rubric", id=ind.id, rubric=ind.rubric)
        total = sum(d.weight.value or 0 for d in self.dimensions)
        if abs(total - 100) > 1e-6:
            raise _invalid("weights_sum", total=total)
        return self

    def indicators(self) -> list[tuple[Dimension, Indicator]]:
        return [(d, i) for d in self.dimensions for i in d.indicators]

    def item(self, item_id: str) -> Gate | Indicator | None:
        for g in self.gates:
            if g.id == item_id:
                return g
        for _, i in self.indicators():
            if i.id == item_id:
                return i
        return None


class Level(_Strict):
    id: str
    name: Text
    min_total: Sourced  # value None = the program sets it; the administrator must enter it
    all_quantitative_at_baseline: bool = False  # national readiness: every quantitative indicator ≥ 基准值
    recognition: Literal["district", "municipal", "provincial", "national"] | None = None  # who recognises it


class FastTrack(_Strict):
    """An answer that grants a level directly (Ningbo: passed 清洁生产审核 → 三星)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    level: str
    source: str
    confidence: Confidence


class BenchmarkOverride(_Strict):
    baseline: Sourced | None = None
    leading: Sourced | None = None


class Profile(_Strict):
    """A local program: level thresholds, extra gates, fast tracks, benchmark settings."""

    id: str
    name: Text
    description: Text
    basis: Text | None = None  # how its level follows from the score when the local point table is not used
    rulesets: tuple[str, ...]  # rule-sets this profile may be used with ("*" = any)
    default_ruleset: str
    levels: tuple[Level, ...]  # ascending
    gates: tuple[Gate, ...] = ()
    fast_tracks: tuple[FastTrack, ...] = ()
    benchmarks: dict[str, BenchmarkOverride] = {}

    @model_validator(mode="after")
    def _levels(self) -> Profile:
        ids = [lv.id for lv in self.levels]
        if len(ids) != len(set(ids)):
            raise _invalid("duplicate_levels")
        known = [lv.min_total.value for lv in self.levels if lv.min_total.value is not None]
        if known != sorted(known):
            raise _invalid("levels_ascending")
        for ft in self.fast_tracks:
            if ft.level not in ids:
                raise _invalid("unknown_fast_level", id=ft.id, level=ft.level)
        return self

    def allows(self, ruleset_id: str) -> bool:
        return "*" in self.rulesets or ruleset_id in self.rulesets


# ---- reference data -------------------------------------------------------------------------------


class EnergyCarrier(_Strict):
    id: str
    name: Text
    unit: str  # the unit the user enters
    kgce_per_unit: Sourced  # GB/T 2589 当量值 in the entered unit
    co2_t_per_unit: Sourced | None = None  # fuel combustion factor in the entered unit (None: electricity)
    is_electricity: bool = False


class GridFactor(_Strict):
    region: str
    name: Text
    year: int
    kg_per_kwh: Sourced


class LandControl(_Strict):
    industry_prefix: str  # GB/T 4754-2017 code prefix
    name: Text
    plot_ratio_min: Sourced | None = None
    building_coefficient_min: Sourced | None = None


class Industry(_Strict):
    code: str = Field(pattern=r"^\d{2,4}$")  # GB/T 4754-2017 division (大类) code
    name: Text


class Town(_Strict):
    id: str
    name: Text


class DistrictTarget(_Strict):
    """A plan target the enterprise pool is compared with; `metric` names what the pool computes."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    value: float | None = None
    unit: str = ""
    metric: str  # e.g. municipal_or_higher_count, solid_waste_utilisation_weighted_pct
    source: str
    confidence: Confidence
    note: str = ""


class District(_Strict):
    """Administrative data an administrator can correct: towns of the district and its plan targets."""

    id: str
    name: Text
    default_ruleset: str | None = None  # what every page of this deployment starts from (wizard, pool, 评价参数)
    default_profile: str | None = None
    towns: tuple[Town, ...]
    towns_source: str
    towns_confidence: Confidence
    targets: tuple[DistrictTarget, ...] = ()


class EnergyTier(_Strict):
    """One band of annual 综合能耗 (tce): the MIIT platform sets renewable-share yardsticks per band."""

    id: str
    min_tce: float = Field(ge=0)  # the band starts here (inclusive)
    name: Text


class EnergyTiers(_Strict):
    tiers: tuple[EnergyTier, ...]  # ascending by min_tce, the first from 0
    source: str
    confidence: Confidence

    @model_validator(mode="after")
    def _ascending(self) -> EnergyTiers:
        lows = [t.min_tce for t in self.tiers]
        if not lows or lows[0] != 0 or lows != sorted(set(lows)):
            raise _invalid("bands")
        return self

    @property
    def bounds(self) -> tuple[float, ...]:
        """The lower bounds of every band but the first (the cuts between bands)."""
        return tuple(t.min_tce for t in self.tiers[1:])

    def ids(self) -> list[str]:
        return [t.id for t in self.tiers]


class Reference(_Strict):
    id: str
    version: int
    energy_tiers: EnergyTiers
    carriers: tuple[EnergyCarrier, ...]
    electricity_equivalent_kgce_per_kwh: Sourced  # 等价值 (发电煤耗), configurable
    grid_factors: tuple[GridFactor, ...]
    default_grid_region: str
    land_controls: tuple[LandControl, ...]
    land_control_default: LandControl  # all industries (建筑系数)
    industries: tuple[Industry, ...]

    def carrier(self, carrier_id: str) -> EnergyCarrier | None:
        return next((c for c in self.carriers if c.id == carrier_id), None)

    def industry(self, code: str) -> Industry | None:
        return next((i for i in self.industries if i.code == code), None)

    def land_control(self, industry_code: str) -> LandControl | None:
        """The most specific land-use control row whose prefix matches the industry code."""
        rows = [r for r in self.land_controls if industry_code.startswith(r.industry_prefix)]
        return max(rows, key=lambda r: len(r.industry_prefix), default=None)
