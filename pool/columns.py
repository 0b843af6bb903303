"""The column model of an enterprise pool (培育库): one row = one Assessment, flattened.

Template, import, export, error messages and the batch scorer all read this one model, so a column has the same
id, Chinese header (with unit), type and validation everywhere. The model is generated from the catalogue (the
chosen rule-set and profile: gates, answers, choices) and from `scoring.fields.FIELDS` (labels and units).

How an Assessment is flattened (and what the flat form leaves out, on purpose):

* enterprise fields, the evaluation year and a free 备注 column;
* every scalar input of `Inputs` (numbers, counts, 是/否 switches, product name and unit);
* energy by carrier: one column per carrier of the reference data, in the carrier's unit (`energy.<carrier>`);
* 能碳管理平台 functions: one 是/否 column per function (`platform.<id>`); 推荐目录 technologies: one count column per
  catalogue (`tech.<id>`); the lists are rebuilt from them, so nothing is invented;
* pollutants are carried **pre-aggregated**: 主要污染物年排放量合计 (the sum the emission-intensity metrics use) and the
  年均浓度 / 许可限值 of the pollutant closest to its limit (the minimum the margin metric uses). The engine sees two
  summary pollutants built from these columns and computes the same values as from the full list;
* gate, fast-track, qualitative and 是/否 answers: `ans.<item id>`;
* evidence: one list column naming the indicators whose 证明材料 is missing (the only evidence state that changes
  anything in a pool: the filter and the gap list); "ready" and "n/a" are not kept;
* 核算口径 options (电力折标口径, 电网因子地区 and year, 碳核算方法), per row;
* 基准值/引领值 are **not** row columns: a pool shares them, so they come from a pool-level table keyed by indicator
  and optionally by industry code prefix (`BENCH_COLUMNS`, the template's 「基准值与引领值」 sheet). The most specific
  matching row wins, field by field; the result is the Assessment's entered benchmarks, so the engine's order
  (entered > administrator > profile > catalogue > reference default) applies unchanged. The case texts of
  qualitative items are not kept: they are not scored.

The template shows the input columns the chosen rule-set needs (`METRIC_INPUTS`) plus a few the pool always uses
(district targets); import accepts every input column, so a pool can be re-scored under another rule-set.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Literal, cast, get_args

import numpy as np
import pandas as pd

from criteria import Catalogue, load_catalogue
from criteria.schema import Indicator, Profile, RuleSet
from locales import Msg
from pool.messages import joined, pmsg
from scoring.fields import FIELDS
from scoring.inputs_map import METRIC_INPUTS as FORM_INPUTS
from scoring.models import Assessment, Benchmark, Enterprise, Evidence, Inputs, Options, Pollutant

ColumnKind = Literal["text", "uscc", "choice", "bool", "number", "int", "year", "list"]

YES, NO = "是", "否"
EXAMPLE_MARK = "【示例行，导入时自动跳过】"
LIST_SEPARATORS = r"[、,，;；\n]+"

# Which column tokens each metric reads ("@…" names a group of columns): the form inputs of
# scoring.inputs_map, with list-valued inputs mapped to the flat column groups a pool row carries.
_PRODUCT = ("production_volume", "product_name", "product_unit")
_GROUP_TOKENS: dict[str, tuple[str, ...]] = {"energy_platform_functions": ("@platform",), "catalogue_tech": ("@tech",),
                                             "production_volume": _PRODUCT}


def _tokens(metric: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for f in fields:
        if f == "energy":
            out += ["@energy", "@carbon_options" if metric.startswith("carbon") else "@energy_options"]
        elif f == "pollutants":
            out.append("@pollutant_margin" if metric == "pollutant_margin_pct" else "@pollutant_total")
        else:
            out += _GROUP_TOKENS.get(f, (f,))
    return tuple(out)


METRIC_INPUTS: dict[str, tuple[str, ...]] = {m: _tokens(m, fields) for m, fields in FORM_INPUTS.items()}
# Always in the template: the district targets and the summary sheets read them.
POOL_ALWAYS = ("output_value_wan", "solid_waste_generated_t", "solid_waste_utilised_t",
               "solid_waste_past_storage_utilised_t")

# Inputs that are not flat scalars, handled by their own column groups (or, for cases, not kept).
_NON_SCALAR = {"energy", "energy_platform_functions", "catalogue_tech", "pollutants", "material_saving_cases",
               "recycled_material_cases", "green_design_cases"}
_MAX = {"energy_saving_output_share_pct": 100.0}

POLLUTANT_TOTAL = "pollutant_emitted_t"
POLLUTANT_MEAN = "pollutant_worst_mean"
POLLUTANT_LIMIT = "pollutant_worst_limit"
EVIDENCE = "evidence_missing"
NOTE = "note"

def tier_labels(cat: Catalogue | None = None) -> dict[str, str]:
    """Energy-use bands of tiered yardsticks (catalogue reference data), id → Chinese name."""
    return {tier.id: tier.name.zh for tier in (cat or load_catalogue()).reference.energy_tiers.tiers}

_INPUT_GROUPS = [
    ("用地", ("land_area_m2", "building_floor_area_m2", "structure_floor_area_m2", "high_storey_extra_m2",
              "building_footprint_m2", "structure_footprint_m2", "yard_area_m2")),
    ("产值与产量", ("output_value_wan", "output_value_3y_wan", "product_name", "product_unit", "production_volume",
                    "energy_quota_applies", "water_quota_applies")),
    ("能源", ("@energy", "feedstock_energy_tce", "pv_self_use_kwh", "green_power_trade_kwh", "gec_kwh",
              "renewable_other_tce")),
    ("能碳管理平台", ("@platform",)),
    ("资源", ("raw_material_t", "green_material_t", "same_class_material_t", "water_withdrawal_m3", "water_reused_m3",
              "wastewater_m3", "wastewater_treated_m3", "wastewater_reused_m3", "waste_gas_10k_m3",
              "solid_waste_generated_t", "solid_waste_utilised_t", "solid_waste_past_storage_utilised_t",
              "solid_waste_stored_t")),
    ("生产洁净化", ("@tech", "retrofit_projects_3y", "retrofit_investment_3y_wan", "@pollutant_total",
                    "@pollutant_margin")),
    ("产品", ("product_categories", "footprint_categories", "efficiency_standard_applies",
              "energy_saving_output_share_pct")),
]


@dataclass(frozen=True)
class Column:
    """One pool column: `id` in code and in the frame, `header` in the template (Chinese name with unit)."""

    id: str
    header: str
    kind: ColumnKind
    group: str
    name: str = ""  # the header without its format hint, for messages and charts
    unit: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label in the drop-down)
    help: str = ""
    max_value: float | None = None
    positive: bool = False  # strictly > 0 (e.g. a permit limit)
    width: int = 14

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]

    def display(self, value: Any) -> Any:
        """The stored value as the user writes it (a code's label, 是/否, the number)."""
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        if self.kind == "bool":
            return YES if bool(value) else NO
        if self.kind == "choice":
            return dict(self.choices).get(value, value)
        if self.kind in ("int", "year"):
            return int(value)
        return value


def normalise_header(text: str) -> str:
    """Headers compare after NFKC (full-width → ASCII, ² → 2), without spaces, * marks and case."""
    t = unicodedata.normalize("NFKC", str(text)).lower()
    t = t.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    return re.sub(r"[\s*＊_\-:：]", "", t)


def split_header(text: str) -> tuple[str, str]:
    """'工业总产值（万元）' → ('工业总产值', '万元'); no trailing brackets → (text, '')."""
    t = unicodedata.normalize("NFKC", str(text)).strip()
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", t)
    return (m.group(1), m.group(2)) if m else (t, "")


def _dtype(kind: ColumnKind) -> str:
    return {"bool": "boolean", "number": "float64", "int": "float64", "year": "float64"}.get(kind, "str")


def _header(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else name


@dataclass(frozen=True)
class ColumnModel:
    """The columns of one (rule-set, profile): `template` in template order, `accepted` = everything import reads."""

    ruleset: RuleSet
    profile: Profile
    template: tuple[Column, ...]
    accepted: dict[str, Column]
    _by_header: dict[str, Column] = field(default_factory=dict, repr=False)
    _by_name: dict[str, list[Column]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for col in self.accepted.values():
            self._by_header.setdefault(normalise_header(col.header), col)
            self._by_header.setdefault(normalise_header(col.id), col)
            self._by_name.setdefault(normalise_header(split_header(col.header)[0]), []).append(col)

    def match(self, header: str) -> tuple[Column | None, str]:
        """The column a header names, and a note ('' if exact). A header whose name matches but whose unit
        differs gives (column, 'unit:<unit found>'): the caller must refuse it, the numbers are in another unit."""
        key = normalise_header(header)
        if key in self._by_header:
            return self._by_header[key], ""
        name, unit = split_header(header)
        cands = self._by_name.get(normalise_header(name), [])
        if len(cands) == 1:
            col = cands[0]
            if not unit:
                return col, "no_unit"
            if normalise_header(unit) != normalise_header(col.unit) and col.kind in ("number", "int"):
                return col, f"unit:{unit}"
            return col, "hint"
        return None, ""

    def answer_columns(self) -> list[Column]:
        return [c for c in self.accepted.values() if c.id.startswith("ans.")]

    def frame_dtypes(self) -> dict[str, str]:
        return {c.id: _dtype(c.kind) for c in self.accepted.values()}

    def empty_frame(self) -> pd.DataFrame:
        return self._empty.copy(deep=False)  # copy-on-write: the caller may change its copy

    @cached_property
    def _empty(self) -> pd.DataFrame:
        return pd.DataFrame({cid: pd.Series([], dtype=dt) for cid, dt in self.frame_dtypes().items()})


# ---- building the model ----------------------------------------------------------------------------------


def _scalar_kind(name: str) -> ColumnKind:
    ann = Inputs.model_fields[name].annotation
    args = set(get_args(ann)) or {ann}
    if bool in args:
        return "bool"
    if int in args:
        return "int"
    if float in args:
        return "number"
    return "text"


def _input_column(name: str, group: str) -> Column:
    info = FIELDS[name]
    kind = _scalar_kind(name)
    unit = info.unit if kind in ("number", "int") else ""
    hint = "是/否" if kind == "bool" else unit
    return Column(id=name, header=_header(info.zh, hint), kind=kind, group=group, name=info.zh, unit=unit,
                  help=info.help_zh, max_value=_MAX.get(name), width=16 if kind != "text" else 14)


def _all_choices(cat: Catalogue, key: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for rs in cat.rulesets.values():
        for ch in rs.choices.get(key, ()):
            seen.setdefault(ch.id, ch.name.zh)
    return list(seen.items())


def _expand(token: str, cat: Catalogue) -> list[Column]:
    """Columns of an input or a '@group' token."""
    if token == "@energy":
        return [Column(id=f"energy.{c.id}", header=_header(c.name.zh, c.unit), kind="number", group="能源",
                       name=c.name.zh, unit=c.unit, help=f"折标系数 {c.kgce_per_unit.value:g} kgce/{c.unit}（{c.kgce_per_unit.source}）")
                for c in cat.reference.carriers]
    if token == "@platform":
        return [Column(id=f"platform.{fid}", header=f"平台功能：{name}（是/否）", kind="bool", group="能碳管理平台",
                       name=f"平台功能：{name}", help="能碳管理平台已具备该功能填“是”") for fid, name in
                _all_choices(cat, "platform_functions")]
    if token == "@tech":
        return [Column(id=f"tech.{tid}", header=f"目录技术：{name}（项）", kind="int", group="生产洁净化",
                       name=f"目录技术：{name}", unit="项", help="采用该目录所列技术装备的项数") for tid, name in
                _all_choices(cat, "tech_catalogues")]
    if token == "@pollutant_total":
        return [Column(id=POLLUTANT_TOTAL, header="主要污染物年排放量合计（t）", kind="number", group="生产洁净化",
                       name="主要污染物年排放量合计", unit="t",
                       help="各主要污染物年排放量之和（资源池按合计值计算排放强度）")]
    if token == "@pollutant_margin":
        return [
            Column(id=POLLUTANT_MEAN, header="最接近限值的污染物年均排放浓度（mg/L 或 mg/m³）", kind="number",
                   group="生产洁净化", name="最接近限值的污染物年均排放浓度", unit="mg/L 或 mg/m³",
                   help="取（许可限值 − 年均浓度）÷ 许可限值 最小的那一种污染物；与下一列单位相同"),
            Column(id=POLLUTANT_LIMIT, header="该污染物许可排放浓度限值（mg/L 或 mg/m³）", kind="number",
                   group="生产洁净化", name="该污染物许可排放浓度限值", unit="mg/L 或 mg/m³", positive=True,
                   help="排污许可证载明的浓度限值，必须大于 0"),
        ]
    if token == "@energy_options":
        return [
            Column(id="opt.electricity_basis", header="电力折标口径", kind="choice", group="核算口径（可选）",
                   name="电力折标口径", choices=(("equivalent_heat", "当量值"), ("equivalent_coal", "等价值")),
                   help="空白 = 当量值（GB/T 2589）"),
            Column(id="opt.electricity_equivalent_kgce_per_kwh", header="电力等价值系数（kgce/kWh）", kind="number",
                   group="核算口径（可选）", name="电力等价值系数", unit="kgce/kWh", positive=True,
                   help=f"仅在选择等价值时使用；空白 = {cat.reference.electricity_equivalent_kgce_per_kwh.value:g}"),
        ]
    if token == "@carbon_options":
        regions: dict[str, str] = {}
        for g in cat.reference.grid_factors:
            regions.setdefault(g.region, g.name.zh)
        return [
            Column(id="opt.grid_region", header="电网排放因子地区", kind="choice", group="核算口径（可选）",
                   name="电网排放因子地区", choices=tuple(regions.items()),
                   help=f"空白 = {regions.get(cat.reference.default_grid_region, cat.reference.default_grid_region)}"),
            Column(id="opt.grid_year", header="电网排放因子年份", kind="year", group="核算口径（可选）",
                   name="电网排放因子年份", help="空白 = 评价年度（取不晚于该年的最近公布值）"),
            Column(id="opt.carbon_method", header="碳排放核算方法", kind="choice", group="核算口径（可选）",
                   name="碳排放核算方法", choices=(("location", "基于位置"), ("market", "市场法（扣除绿电绿证）")),
                   help="空白 = 基于位置"),
        ]
    return [_input_column(token, "")]


def _enterprise_columns(cat: Catalogue) -> list[Column]:
    ref, dist = cat.reference, cat.district
    g = "企业信息"
    return [
        Column(id="name", header="企业名称", kind="text", group=g, name="企业名称", required=True, width=30,
               help="营业执照上的全称"),
        Column(id="uscc", header="统一社会信用代码", kind="uscc", group=g, name="统一社会信用代码", required=True,
               width=22, help="18 位，末位为校验码；重复导入时按此代码更新企业"),
        Column(id="town", header="所在镇街", kind="choice", group=g, name="所在镇街", width=12,
               choices=tuple((t.id, t.name.zh) for t in dist.towns), help=f"{dist.name.zh}的镇（乡、街道）"),
        Column(id="industry", header="所属行业（GB/T 4754 大类）", kind="choice", group=g, name="所属行业", width=26,
               choices=tuple((i.code, f"{i.code} {i.name.zh}") for i in ref.industries),
               help="下拉选择，或填写 2–4 位行业代码"),
        Column(id="scale", header="企业规模", kind="choice", group=g, name="企业规模", width=10,
               choices=(("above", "规上"), ("below", "规下"))),
        Column(id="year", header="评价年度", kind="year", group=g, name="评价年度", width=10,
               help="空白 = 资源池的评价年度"),
        Column(id="contact", header="联系人", kind="text", group=g, name="联系人", width=12),
        Column(id="assessor", header="评价人或咨询机构", kind="text", group=g, name="评价人或咨询机构", width=16),
    ]


def _answer_columns(rs: RuleSet, profile: Profile) -> list[Column]:
    cols: list[Column] = []
    for g in rs.gates:
        cols.append(_gate_column(g.id, g.name.zh, g.options, "基本要求与否决项", g.guidance.zh))
    for g in profile.gates:
        cols.append(_gate_column(g.id, g.name.zh, g.options, f"地方条件（{profile.name.zh}）", g.guidance.zh))
    for ft in profile.fast_tracks:
        cols.append(Column(id=f"ans.{ft.id}", header=f"{ft.name.zh}（是/否）", kind="bool",
                           group=f"地方条件（{profile.name.zh}）", name=ft.name.zh,
                           help=f"是 = 可直接认定为 {next(lv.name.zh for lv in profile.levels if lv.id == ft.level)}"))
    for dim, ind in rs.indicators():
        if ind.kind == "qualitative" and ind.rubric:
            levels = rs.rubrics[ind.rubric].levels
            cols.append(Column(id=f"ans.{ind.id}", header=f"{ind.name.zh}（评价等级）", kind="choice",
                               group=dim.name.zh, name=ind.name.zh, width=20,
                               choices=tuple((lv.id, lv.label.zh) for lv in levels), help=ind.guidance.zh))
        elif ind.kind == "yes_no":
            cols.append(Column(id=f"ans.{ind.id}", header=f"{ind.name.zh}（是/否）", kind="bool",
                               group=dim.name.zh, name=ind.name.zh,
                               help=("必选项。" if ind.mandatory else "可选项。") + ind.guidance.zh))
    return _unique_headers(cols)


def _gate_column(gid: str, name: str, options: tuple[str, ...], group: str, guidance: str) -> Column:
    if options:
        return Column(id=f"ans.{gid}", header=f"{name}（{'/'.join(options)}）", kind="choice", group=group,
                      name=name, choices=tuple((o, o) for o in options), help=guidance)
    return Column(id=f"ans.{gid}", header=f"{name}（是/否）", kind="bool", group=group, name=name, help=guidance)


def _unique_headers(cols: list[Column]) -> list[Column]:
    seen: dict[str, int] = {}
    for c in cols:
        seen[normalise_header(c.header)] = seen.get(normalise_header(c.header), 0) + 1
    out = []
    for c in cols:
        if seen[normalise_header(c.header)] > 1:
            c = Column(**{**c.__dict__, "header": f"{c.header}［{c.id.removeprefix('ans.')}］"})
        out.append(c)
    return out


def needed_inputs(rs: RuleSet) -> set[str]:
    """Input tokens the rule-set's metrics (and applicability switches) read, plus those the pool always uses."""
    need = set(POOL_ALWAYS)
    for _, ind in rs.indicators():
        for m in (ind.metric, ind.applicable_if):
            if m:
                need.update(METRIC_INPUTS[m])
    return need


def build_model(rs: RuleSet, profile: Profile, cat: Catalogue) -> ColumnModel:
    need = needed_inputs(rs)
    template: list[Column] = _enterprise_columns(cat)
    accepted_inputs: list[Column] = []
    for group, tokens in _INPUT_GROUPS:
        for token in tokens:
            cols = [Column(**{**c.__dict__, "group": c.group or group}) for c in _expand(token, cat)]
            accepted_inputs.extend(cols)
            if token in need:
                template.extend(cols)
    options = _expand("@energy_options", cat) + _expand("@carbon_options", cat)
    answers = _answer_columns(rs, profile)
    evidence = Column(id=EVIDENCE, header="证明材料缺失的指标（多个用、分隔）", kind="list", group="证明材料",
                      name="证明材料缺失的指标", width=30,
                      choices=tuple((i.id, i.name.zh) for _, i in rs.indicators()),
                      help="填写指标名称或编号；空白 = 无缺失或未核对")
    note = Column(id=NOTE, header="备注", kind="text", group="备注", name="备注", width=20, help="不参与评分")
    template.extend(answers)
    template.append(evidence)
    if "@energy_options" in need:
        template.extend(_expand("@energy_options", cat))
    if "@carbon_options" in need:
        template.extend(_expand("@carbon_options", cat))
    template.append(note)
    extra = [c for c in product_text_columns() if c.id not in {t.id for t in template}]
    accepted = {c.id: c for c in [*template, *accepted_inputs, *options, *extra]}
    return ColumnModel(rs, profile, tuple(template), accepted)


def product_text_columns() -> list[Column]:
    return [_input_column("product_name", "产值与产量"), _input_column("product_unit", "产值与产量")]


@lru_cache(maxsize=32)
def _cached(ruleset_id: str, profile_id: str) -> ColumnModel:
    cat = load_catalogue()
    return build_model(cat.ruleset(ruleset_id), cat.profile(profile_id), cat)


DEFAULT_RULESET = Assessment.model_fields["ruleset"].default
DEFAULT_PROFILE = Assessment.model_fields["profile"].default


def pool_model(ruleset_id: str | None = None, profile_id: str | None = None,
               catalogue: Catalogue | None = None) -> ColumnModel:
    """The column model of a rule-set and profile (cached for the shipped catalogue)."""
    rid, pid = ruleset_id or DEFAULT_RULESET, profile_id or DEFAULT_PROFILE
    if catalogue is None:
        return _cached(rid, pid)
    return build_model(catalogue.ruleset(rid), catalogue.profile(pid), catalogue)


# ---- the benchmark table ---------------------------------------------------------------------------------

BENCH_COLUMNS = ("indicator", "industry", "baseline", "leading", "source")
BENCH_HEADERS = {"indicator": "指标编号", "name": "指标名称", "unit": "单位", "industry": "行业代码（空白=全部行业）",
                 "baseline": "基准值", "leading": "引领值", "source": "来源", "default": "未填写时使用（仅供参考）"}


def bench_keys(rs: RuleSet) -> list[tuple[str, Indicator, str]]:
    """(key, indicator, label) for every benchmark a pool table may set: quantitative indicators, and the
    energy-use tiers of the renewable share."""
    out = []
    for _, ind in rs.indicators():
        if ind.kind not in ("forward", "inverse", "count"):
            continue
        out.append((ind.id, ind, ind.name.zh))
        if ind.variant_by == "energy_tier":
            out.extend((f"{ind.id}@{tier}", ind, f"{ind.name.zh}（{label}）") for tier, label in tier_labels().items())
    return out


def empty_bench() -> pd.DataFrame:
    return pd.DataFrame({"indicator": pd.Series([], dtype="str"), "industry": pd.Series([], dtype="str"),
                         "baseline": pd.Series([], dtype="float64"), "leading": pd.Series([], dtype="float64"),
                         "source": pd.Series([], dtype="str")})


def bench_for(bench: pd.DataFrame | None, industry: str) -> dict[str, Benchmark]:
    """The entered benchmarks of one enterprise: per key and per field, the most specific industry row
    (longest matching code prefix; blank = every industry) that has a value."""
    if bench is None or bench.empty:
        return {}
    industry = industry or ""
    by_key: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    records = cast(list[dict[str, Any]], bench.to_dict("records"))  # the table's columns are names
    for r in records:
        prefix = "" if _na(r["industry"]) else str(r["industry"])
        if industry.startswith(prefix):
            by_key.setdefault(str(r["indicator"]), []).append((len(prefix), r))
    out: dict[str, Benchmark] = {}
    for key, cands in by_key.items():
        cands.sort(key=lambda x: -x[0])
        vals: dict[str, float | None] = {}
        for which in ("baseline", "leading"):
            v = next((r[which] for _, r in cands if not _na(r[which])), None)
            vals[which] = None if v is None else float(v)
        if vals["baseline"] is None and vals["leading"] is None:
            continue
        sources = [str(r["source"]) for _, r in cands if not _na(r["source"]) and str(r["source"])]
        out[key] = Benchmark(baseline=vals["baseline"], leading=vals["leading"],
                             source="；".join(dict.fromkeys(sources))[:300] or "资源池基准值表")
    return out


# ---- row ⇄ Assessment ------------------------------------------------------------------------------------


def _na(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _get(row: Mapping[str, Any], key: str) -> Any:
    v = row.get(key)
    return None if _na(v) else v


def row_to_assessment(row: Mapping[str, Any], model: ColumnModel, bench: pd.DataFrame | None = None,
                      default_year: int = 2025) -> Assessment:
    """The Assessment a pool row stands for (what the batch scorer scores, and what the drill-down shows)."""
    cat_carriers = [k.removeprefix("energy.") for k in model.accepted if k.startswith("energy.")]
    inputs: dict[str, Any] = {}
    for cid, col in model.accepted.items():
        if cid not in Inputs.model_fields or cid in _NON_SCALAR:
            continue
        v = _get(row, cid)
        if v is None:
            continue
        inputs[cid] = int(v) if col.kind == "int" else (bool(v) if col.kind == "bool" else v)
    inputs["energy"] = {c: float(row[f"energy.{c}"]) for c in cat_carriers if _get(row, f"energy.{c}") is not None}
    inputs["energy_platform_functions"] = [k.removeprefix("platform.") for k in model.accepted
                                           if k.startswith("platform.") and _get(row, k) is True]
    inputs["catalogue_tech"] = {k.removeprefix("tech."): int(row[k]) for k in model.accepted
                                if k.startswith("tech.") and _get(row, k) is not None}
    pollutants = []
    if _get(row, POLLUTANT_MEAN) is not None and _get(row, POLLUTANT_LIMIT) is not None:
        pollutants.append(Pollutant(name="最接近限值的污染物（资源池汇总）", medium="water", unit="",
                                    annual_mean=float(row[POLLUTANT_MEAN]), permit_limit=float(row[POLLUTANT_LIMIT])))
    if _get(row, POLLUTANT_TOTAL) is not None:
        pollutants.append(Pollutant(name="主要污染物排放量合计（资源池汇总）", medium="water", unit="",
                                    emitted_t=float(row[POLLUTANT_TOTAL])))
    inputs["pollutants"] = pollutants
    answers: dict[str, bool | str | None] = {}
    for col in model.answer_columns():
        v = _get(row, col.id)
        if v is not None:
            answers[col.id.removeprefix("ans.")] = bool(v) if col.kind == "bool" else str(v)
    evidence = {iid: Evidence(state="missing") for iid in split_list(_get(row, EVIDENCE))}
    opts: dict[str, Any] = {}
    for key in ("electricity_basis", "electricity_equivalent_kgce_per_kwh", "grid_region", "grid_year",
                "carbon_method"):
        v = _get(row, f"opt.{key}")
        if v is not None:
            opts[key] = int(v) if key == "grid_year" else v
    industry = _get(row, "industry") or ""
    year = _get(row, "year")
    return Assessment(
        ruleset=model.ruleset.id, ruleset_version=model.ruleset.version, profile=model.profile.id,
        year=int(year) if year is not None else default_year,
        enterprise=Enterprise(name=_get(row, "name") or "", uscc=_get(row, "uscc") or "", industry=industry,
                              town=_get(row, "town") or "", scale=_get(row, "scale") or "",
                              contact=_get(row, "contact") or "", assessor=_get(row, "assessor") or ""),
        inputs=Inputs(**inputs), answers=answers, evidence=evidence, benchmarks=bench_for(bench, industry),
        options=Options(**opts),
    )


def split_list(v: Any) -> list[str]:
    if _na(v) or not str(v).strip():
        return []
    return [p.strip() for p in re.split(LIST_SEPARATORS, str(v)) if p.strip()]


def assessment_to_row(a: Assessment, model: ColumnModel) -> tuple[dict[str, Any], list[Msg]]:
    """Flatten an Assessment into a pool row, with a note for each part the flat form does not keep."""
    notes: list[Msg] = []
    e, inp = a.enterprise, a.inputs
    row: dict[str, Any] = {"name": e.name or None, "uscc": e.uscc or None, "industry": e.industry or None,
                           "town": e.town or None, "scale": e.scale or None, "contact": e.contact or None,
                           "assessor": e.assessor or None, "year": float(a.year)}
    for cid, col in model.accepted.items():
        if cid in Inputs.model_fields and cid not in _NON_SCALAR:
            v = getattr(inp, cid)
            row[cid] = (v or None) if col.kind == "text" else (float(v) if col.kind in ("number", "int") and
                                                                 v is not None else v)
    carriers = {k.removeprefix("energy.") for k in model.accepted if k.startswith("energy.")}
    for cid, amount in inp.energy.items():
        if cid in carriers:
            row[f"energy.{cid}"] = float(amount)
    unknown = sorted(set(inp.energy) - carriers)
    if unknown:
        notes.append(pmsg("row.unknown_energy", ids=joined(unknown)))
    functions = {k.removeprefix("platform.") for k in model.accepted if k.startswith("platform.")}
    for f in functions:
        row[f"platform.{f}"] = f in set(inp.energy_platform_functions)
    if set(inp.energy_platform_functions) - functions:
        notes.append(pmsg("row.unknown_platform", ids=joined(sorted(set(inp.energy_platform_functions) - functions))))
    techs = {k.removeprefix("tech.") for k in model.accepted if k.startswith("tech.")}
    for t, n in inp.catalogue_tech.items():
        if t in techs:
            row[f"tech.{t}"] = float(n)
    if set(inp.catalogue_tech) - techs:
        notes.append(pmsg("row.unknown_tech", ids=joined(sorted(set(inp.catalogue_tech) - techs))))
    emitted = [p.emitted_t for p in inp.pollutants if p.emitted_t is not None]
    if emitted:
        row[POLLUTANT_TOTAL] = float(sum(p.emitted_t or 0 for p in inp.pollutants if p.emitted_t is not None))
    margins = [p for p in inp.pollutants if p.annual_mean is not None and p.permit_limit]
    if margins:
        worst = min(margins, key=lambda p: (p.permit_limit - p.annual_mean) / p.permit_limit * 100)  # type: ignore[operator]
        row[POLLUTANT_MEAN], row[POLLUTANT_LIMIT] = worst.annual_mean, worst.permit_limit
    if len(inp.pollutants) > 1:
        notes.append(pmsg("row.pollutants", n=len(inp.pollutants)))
    if inp.material_saving_cases or inp.recycled_material_cases or inp.green_design_cases:
        notes.append(pmsg("row.cases"))
    for col in model.answer_columns():
        iid = col.id.removeprefix("ans.")
        ans = a.answers.get(iid)
        if ans is None or ans == "":
            continue
        if col.kind == "bool":
            if isinstance(ans, bool):
                row[col.id] = ans
            else:
                notes.append(pmsg("row.answer_not_bool", name=col.name, answer=str(ans)))
        elif col.kind == "choice":
            valid = {v for v, _ in col.choices}
            if isinstance(ans, str) and ans in valid:
                row[col.id] = ans
            else:
                notes.append(pmsg("row.answer_not_choice", name=col.name, answer=str(ans)))
                if iid in {g.id for g in (*model.ruleset.gates, *model.profile.gates)}:
                    row[col.id] = str(ans)  # a gate keeps its (failing) answer, as the engine would read it
    known = {c.id.removeprefix("ans.") for c in model.answer_columns()}
    extra = sorted(k for k, v in a.answers.items() if k not in known and v not in (None, ""))
    if extra:
        notes.append(pmsg("row.extra_answers", n=len(extra), ruleset=model.ruleset.name, profile=model.profile.name))
    missing_ev = [iid for iid, ev in a.evidence.items() if ev.state == "missing"]
    row[EVIDENCE] = "、".join(missing_ev) or None
    for key in ("electricity_basis", "grid_region", "carbon_method"):
        v = getattr(a.options, key)
        if v and v != Options.model_fields[key].default:
            row[f"opt.{key}"] = v
    if a.options.electricity_equivalent_kgce_per_kwh is not None:
        row["opt.electricity_equivalent_kgce_per_kwh"] = a.options.electricity_equivalent_kgce_per_kwh
    if a.options.grid_year is not None:
        row["opt.grid_year"] = float(a.options.grid_year)
    if a.benchmarks:
        notes.append(pmsg("row.own_benchmarks", n=len(a.benchmarks)))
    if a.ruleset != model.ruleset.id:
        notes.append(pmsg("row.other_ruleset", file=a.ruleset, pool=model.ruleset.id))
    return row, notes


def rows_to_frame(rows: Iterable[Mapping[str, Any]], model: ColumnModel) -> pd.DataFrame:
    """Typed frame (every accepted column, in model order) from row dicts."""
    rows = list(rows)
    return columns_to_frame({cid: [r.get(cid) for r in rows] for cid in model.accepted}, len(rows), model)


def columns_to_frame(columns: Mapping[str, list[Any] | np.ndarray], n: int, model: ColumnModel) -> pd.DataFrame:
    """Typed frame from column lists (None / NaN = empty); columns not given are empty."""
    data = {}
    blank: dict[str, pd.Series] = {}  # one empty column per dtype, shared (copy-on-write keeps them apart)
    for cid, dt in model.frame_dtypes().items():
        vals = columns.get(cid)
        if vals is None:
            if dt not in blank:
                blank[dt] = pd.Series(np.full(n, np.nan)) if dt == "float64" else pd.Series([None] * n, dtype=dt)
            data[cid] = blank[dt]
        elif dt == "float64":
            data[cid] = pd.Series(np.array(vals, dtype=float))
        else:  # None, NaN and NA all become the dtype's missing value
            data[cid] = pd.Series(np.asarray(vals, dtype=object), dtype=dt)
    return pd.DataFrame(data)
