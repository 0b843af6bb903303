"""What the questionnaire asks, sheet by sheet: one row per draft path, with its label, unit, kind and choices.

Sheets: 基本信息 (enterprise, year, options, the production data every page shares), 否决项与门槛 (the gates of the
rule-set and profile, fast tracks), then one sheet per dimension (applicability switches, the inputs its indicators
read, energy per carrier, platform functions and catalogue counts, the answers of qualitative and yes/no items, the
evidence state and note of every indicator). Lists of records (products, pollutants, cases) and entered 基准值 are
not in the form: they are kept as they are in the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from criteria.loader import Catalogue
from criteria.schema import Profile, RuleSet
from locales import say
from scoring.fields import FIELDS
from scoring.inputs_map import APPLICABILITY_INPUTS, CHOICE_INPUTS, SHARED_INPUTS, inputs_for
from scoring.models import Inputs

Kind = Literal["float", "int", "bool", "choice", "text", "longtext"]
PLATFORM = "inputs.energy_platform_functions"  # rows "<PLATFORM>#<function id>": one 是/否 per function
INFO_SHEET = "基本信息"
GATE_SHEET = "否决项与门槛"
HELP_SHEET = "填写说明"
LIST_SHEET = "选项"
YES, NO = "是", "否"
COMPOUND = ("energy", "energy_platform_functions", "catalogue_tech", "pollutants", "products")


@dataclass(frozen=True)
class Row:
    path: str
    label: str
    kind: Kind
    unit: str = ""
    choices: tuple[tuple[Any, str], ...] = ()  # (stored value, label in the drop-down)
    help: str = ""
    empty: Any = None  # what an empty cell stands for ("" for enterprise text and options, else None)
    max_chars: int = 500


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: str
    rows: tuple[Row, ...]


def _kind(name: str) -> Kind:
    ann = Inputs.model_fields[name].annotation
    args = set(get_args(ann)) or {ann}
    if str in args:
        return "text"
    if bool in args:
        return "bool"
    if int in args:
        return "int"
    return "float"


def _input_row(name: str) -> Row:
    info = FIELDS.get(name)
    kind = _kind(name)
    return Row(f"inputs.{name}", info.zh if info else name, kind, info.unit if info and kind in ("int", "float") else "",
               help=info.help_zh if info else "", empty="" if kind == "text" else None,
               max_chars=100 if name == "product_name" else 20 if name == "product_unit" else 500)


def _zh(code: str, **kw: Any) -> str:
    return say("zh", code, **kw)


def _info_sheet(cat: Catalogue) -> SheetSpec:
    ref = cat.reference
    rows = [
        Row("enterprise.name", _zh("profile.name"), "text", empty="", max_chars=200),
        Row("enterprise.uscc", _zh("profile.uscc"), "text", help="18 位，GB 32100-2015", empty=""),
        Row("enterprise.industry", _zh("profile.industry"), "choice",
            choices=tuple((i.code, f"{i.code} {i.name.zh}") for i in ref.industries), empty=""),
        Row("enterprise.town", _zh("profile.town", district=cat.district.name.zh), "choice",
            choices=tuple((tw.id, tw.name.zh) for tw in cat.district.towns), empty=""),
        Row("enterprise.scale", _zh("profile.scale"), "choice",
            choices=(("above", _zh("scale.above")), ("below", _zh("scale.below"))), empty=""),
        Row("enterprise.contact", _zh("profile.contact"), "text", empty="", max_chars=100),
        Row("enterprise.assessor", _zh("profile.assessor"), "text", empty="", max_chars=100),
        Row("year", _zh("profile.year"), "int", help="2000–2100"),
        Row("options.electricity_basis", _zh("options.electricity_basis"), "choice",
            choices=tuple((v, _zh(f"options.{v}")) for v in ("equivalent_heat", "equivalent_coal")),
            empty="equivalent_heat"),
        Row("options.carbon_method", _zh("options.carbon_method"), "choice",
            choices=tuple((v, _zh(f"options.{v}")) for v in ("location", "market")), empty="location"),
        Row("options.grid_region", _zh("options.grid_region"), "choice",
            choices=(("", _zh("options.grid_default")), *((g.region, g.name.zh) for g in ref.grid_factors)),
            empty=""),
        *(_input_row(n) for n in SHARED_INPUTS),
    ]
    return SheetSpec(INFO_SHEET, "企业基本信息、评价年度与共用的生产数据", tuple(rows))


def _gate_sheet(rs: RuleSet, profile: Profile) -> SheetSpec:
    rows = []
    for g in (*rs.gates, *profile.gates):
        if g.options:
            rows.append(Row(f"answers.{g.id}", g.name.zh, "choice", choices=tuple((o, o) for o in g.options),
                            help=f"符合要求的选项：{'、'.join(g.pass_options)}。{g.guidance.zh}"))
        else:
            rows.append(Row(f"answers.{g.id}", g.name.zh, "bool", choices=((True, YES), (False, NO)),
                            help=g.guidance.zh))
    for ft in profile.fast_tracks:
        rows.append(Row(f"answers.{ft.id}", ft.name.zh, "bool", choices=((True, YES), (False, NO)), help=ft.source))
    return SheetSpec(GATE_SHEET, f"基本要求与否决项（{rs.name.zh}；{profile.name.zh}）", tuple(rows))


def _dimension_sheet(rs: RuleSet, dim: Any, cat: Catalogue, taken: set[str]) -> SheetSpec:
    rows: list[Row] = []
    switches = list(dict.fromkeys(APPLICABILITY_INPUTS[i.applicable_if] for i in dim.indicators
                                  if i.applicable_if in APPLICABILITY_INPUTS))
    for name in switches:
        rows.append(_input_row(name))
    needed = [f for i in dim.indicators for f in inputs_for(i.metric, i.id)]
    for name in dict.fromkeys(needed):
        if name in SHARED_INPUTS or name in switches or name.endswith("_cases") or name in taken:
            continue
        if name == "energy":
            rows.extend(Row(f"inputs.energy.{c.id}", f"{FIELDS['energy'].zh}：{c.name.zh}", "float", c.unit,
                            help=f"折标系数 {c.kgce_per_unit.value:g} kgce/{c.unit}") for c in cat.reference.carriers)
        elif name in CHOICE_INPUTS:
            options = rs.choices.get(CHOICE_INPUTS[name], ())
            if name == "energy_platform_functions":
                rows.extend(Row(f"{PLATFORM}#{c.id}", f"平台功能：{c.name.zh}", "bool", choices=((True, YES), (False, NO)),
                                help="已具备该功能填“是”") for c in options)
            else:
                rows.extend(Row(f"inputs.{name}.{c.id}", f"{FIELDS[name].zh}：{c.name.zh}", "int", "项")
                            for c in options)
        elif name not in COMPOUND:
            rows.append(_input_row(name))
        taken.add(name)
    for ind in dim.indicators:
        if ind.kind == "qualitative" and ind.rubric in rs.rubrics:
            levels = rs.rubrics[ind.rubric].levels
            rows.append(Row(f"answers.{ind.id}", f"{ind.name.zh}（评价）", "choice",
                            choices=tuple((lv.id, lv.label.zh) for lv in levels), help=ind.guidance.zh))
        elif ind.kind == "yes_no":
            rows.append(Row(f"answers.{ind.id}", f"{ind.name.zh}（是否满足）", "bool",
                            choices=((True, YES), (False, NO)), help=ind.guidance.zh))
    states = tuple((v, _zh(f"evidence.{v}")) for v in ("ready", "missing", "na"))
    for ind in dim.indicators:
        rows.append(Row(f"evidence.{ind.id}.state", f"{ind.name.zh}：证明材料", "choice", choices=states,
                        help="；".join(e.zh for e in ind.evidence)))
        rows.append(Row(f"evidence.{ind.id}.note", f"{ind.name.zh}：材料备注", "longtext", empty="", max_chars=1000))
    return SheetSpec(_sheet_name(dim.name.zh), f"{dim.name.zh}（权重 {dim.weight.value:g} 分）", tuple(rows))


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of : \\ / ? * [ ]."""
    for ch in ":\\/?*[]":
        name = name.replace(ch, "_")
    return name[:31]


def sheets(rs: RuleSet, profile: Profile, cat: Catalogue) -> list[SheetSpec]:
    """Every sheet of the form for one rule-set and profile, in workbook order (the help sheet aside)."""
    taken: set[str] = set()
    out = [_info_sheet(cat), _gate_sheet(rs, profile)]
    out += [_dimension_sheet(rs, d, cat, taken) for d in rs.dimensions]
    return out
