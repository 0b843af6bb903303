"""National energy quotas (能耗限额 1级/2级/3级) and water quotas (取水定额 先进值/通用值) as catalogue data.

One YAML file per standard under criteria/quotas/. A product is addressed as ``"<standard id>/<product id>"``.
GB/T 36132-2025 表C.1: 引领值 = 限额 1级 (用水定额 先进值), 基准值 = 限额 2级 (用水定额 通用值). Water quotas store
先进值 as ``grade1`` and 通用值 as ``grade2`` and have no ``grade3``.

A correction is data: ``linear`` adds coefficient × (parameter − reference) per grade, ``factor`` multiplies the
grades by the parameter, ``option`` picks a listed case that multiplies and/or adds. Corrections apply in the
order listed, each to the running value. The arithmetic lives in scoring/quota_rules.py.

No words in the lookup results: edition reasons are codes (``quota.edition.*``) with parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from criteria.loader import CatalogueError
from criteria.schema import pick

QUOTA_DIR = Path(__file__).parent / "quotas"
Grade = Literal["grade1", "grade2", "grade3"]
GRADES: tuple[Grade, Grade, Grade] = ("grade1", "grade2", "grade3")
Kind = Literal["energy", "water"]

_ID = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str = "zh") -> str:
        return pick(self.zh, self.en, lang)

    def localized(self, lang: str) -> str:  # lets a message parameter render in the reader's language
        return self.get(lang)


class GradeValues(_Strict):
    """One number per grade (a correction coefficient or an option's addition); None = not applied to it."""

    grade1: float | None = None
    grade2: float | None = None
    grade3: float | None = None

    def of(self, grade: str) -> float | None:
        value: float | None = getattr(self, grade)
        return value


class Option(_Strict):
    """One case of an ``option`` parameter (e.g. 钢种): multiplies the grade first, then adds."""

    value: int
    label: Text
    multiply: float = 1.0
    add: GradeValues = GradeValues()


class ParamSpec(_Strict):
    """A correction parameter the user enters (熟料配比, 修正系数 …), with its unit, range and default."""

    id: str = Field(pattern=_ID)
    label: Text
    unit: str = Field(min_length=1)  # "1" for a dimensionless factor
    min: float
    max: float
    default: float
    options: tuple[Option, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _range(self) -> ParamSpec:
        if not self.min < self.max:
            raise ValueError(f"参数 {self.id}: 取值范围 min {self.min} 应小于 max {self.max}")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"参数 {self.id}: 默认值 {self.default} 不在 [{self.min}, {self.max}] 内")
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            raise ValueError(f"参数 {self.id}: 选项取值重复")
        if self.options and self.default not in values:
            raise ValueError(f"参数 {self.id}: 默认值 {self.default} 不是选项之一")
        if any(not self.min <= v <= self.max for v in values):
            raise ValueError(f"参数 {self.id}: 选项取值超出 [{self.min}, {self.max}]")
        return self

    def option(self, value: float) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Correction(_Strict):
    id: str = Field(pattern=_ID)
    kind: Literal["linear", "factor", "option"]
    param: str = Field(pattern=_ID)
    grades: tuple[Grade, ...] = GRADES  # grades it applies to
    # linear: amount = coefficient[grade] × clamp(sign × (value − reference))
    reference: float = 0.0
    sign: Literal[1, -1] = 1
    clamp: tuple[float, float] | None = None
    coefficients: GradeValues | None = None
    clause: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _shape(self) -> Correction:
        if not self.grades or len(set(self.grades)) != len(self.grades):
            raise ValueError(f"修正 {self.id}: grades 不能为空或重复")
        if self.kind == "linear":
            if self.coefficients is None or all(self.coefficients.of(g) is None for g in self.grades):
                raise ValueError(f"修正 {self.id}: linear 修正须给出各级系数 coefficients")
        elif self.coefficients is not None or self.clamp is not None or self.reference != 0.0:
            raise ValueError(f"修正 {self.id}: {self.kind} 修正不取 coefficients/clamp/reference")
        if self.clamp is not None and not self.clamp[0] <= self.clamp[1]:
            raise ValueError(f"修正 {self.id}: clamp 下限应不大于上限")
        return self


class QuotaProduct(_Strict):
    id: str = Field(pattern=_ID)
    name: Text
    unit: str = Field(min_length=1)
    grade1: float | None = None  # 1级 / 先进值
    grade2: float | None = None  # 2级 / 通用值
    grade3: float | None = None  # 3级 (限定值); water quotas have none
    industries: tuple[str, ...] = Field(min_length=1)  # GB/T 4754-2017 codes, 2–4 digits
    industries_inferred: bool = False  # True: codes are our reading of GB/T 4754, not stated by the reference
    table: str | None = None  # falls back to the standard's source.tables
    page: str | None = None
    corrections: tuple[Correction, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _check(self) -> QuotaProduct:
        if all(self.grade(g) is None for g in GRADES):
            raise ValueError(f"产品 {self.id}: 1级、2级、3级至少应有一个数值")
        bad = [c for c in self.industries if not (c.isdigit() and 2 <= len(c) <= 4)]
        if bad:
            raise ValueError(f"产品 {self.id}: 行业代码 {bad} 应为 2–4 位数字（GB/T 4754-2017）")
        ids = [c.id for c in self.corrections]
        if len(set(ids)) != len(ids):
            raise ValueError(f"产品 {self.id}: 修正 id 重复")
        return self

    def grade(self, grade: str) -> float | None:
        value: float | None = getattr(self, grade)
        return value


class Source(_Strict):
    ref: str = Field(min_length=1)  # the source id in reference/yardsticks.md (A, B, D …)
    file: str = ""  # where the transcription sits in that source
    tables: str = ""
    pages: str | None = None
    note: str = ""


class QuotaStandard(_Strict):
    id: str = Field(pattern=_ID)
    code: str = Field(min_length=3)  # "GB 16780-2021"
    title: Text
    kind: Kind
    scope: Literal["national", "provincial"] = "national"
    region: str = ""  # provincial only
    direction: Literal["inverse", "forward"] = "inverse"  # inverse: lower is better, 1级 ≤ 2级 ≤ 3级
    issued: date | None = None
    effective: date | None = None
    dates_note: str = ""  # why a date is missing
    replaces: tuple[str, ...] = ()  # codes of the editions this one replaces
    superseded_by: str = ""
    edition_note: str = ""
    source: Source
    confidence: Literal["V", "S", "R"]
    confidence_note: str = Field(min_length=1)
    params: tuple[ParamSpec, ...] = ()
    products: tuple[QuotaProduct, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> QuotaStandard:
        if self.scope == "provincial" and not self.region:
            raise ValueError("地方标准须填写 region")
        if (self.issued is None or self.effective is None) and not self.dates_note:
            raise ValueError("缺少发布或实施日期时须在 dates_note 说明原因")
        if self.issued and self.effective and self.effective < self.issued:
            raise ValueError(f"实施日期 {self.effective} 早于发布日期 {self.issued}")
        if self.code in self.replaces:
            raise ValueError("replaces 不能包含标准自身")
        ids = [p.id for p in self.products]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"产品 id 重复：{', '.join(dup)}")
        params = {p.id: p for p in self.params}
        if len(params) != len(self.params):
            raise ValueError("参数 id 重复")
        for p in self.products:
            present = [(g, v) for g in GRADES if (v := p.grade(g)) is not None]
            for (ga, a), (gb, b) in pairwise(present):
                ok = a <= b if self.direction == "inverse" else a >= b
                if not ok:
                    rel = "≤" if self.direction == "inverse" else "≥"
                    raise ValueError(f"产品 {p.id}: 应满足 {ga} {a} {rel} {gb} {b}")
            if self.kind == "water" and p.grade3 is not None:
                raise ValueError(f"产品 {p.id}: 取水定额只有先进值(grade1)和通用值(grade2)，不应有 grade3")
            for c in p.corrections:
                spec = params.get(c.param)
                if spec is None:
                    raise ValueError(f"产品 {p.id}: 修正 {c.id} 的参数 {c.param} 未在 params 中声明")
                if c.kind == "option" and not spec.options:
                    raise ValueError(f"产品 {p.id}: 修正 {c.id} 为 option，参数 {c.param} 须列出 options")
        return self

    @property
    def series(self) -> str:
        """The code without its year: editions of one standard share it ("GB 36889")."""
        return self.code.rsplit("-", 1)[0] if "-" in self.code else self.code

    def product(self, product_id: str) -> QuotaProduct | None:
        return next((p for p in self.products if p.id == product_id), None)


@dataclass(frozen=True)
class QuotaEntry:
    """One product of one standard, as found by ``get`` or ``search``."""

    ref: str
    standard: QuotaStandard = field(repr=False)
    product: QuotaProduct = field(repr=False)

    def params(self) -> list[ParamSpec]:
        """The parameters this product's corrections read, in first-use order."""
        specs = {p.id: p for p in self.standard.params}
        seen: dict[str, ParamSpec] = {}
        for c in self.product.corrections:
            seen.setdefault(c.param, specs[c.param])
        return list(seen.values())


@dataclass(frozen=True)
class Edition:
    """The edition chosen for an evaluation year: ``ref`` (None = no values shipped) and why, as a code."""

    ref: str | None
    reason: str
    params: dict[str, Any] = field(default_factory=dict)


def split_ref(ref: str) -> tuple[str, str]:
    std, sep, prod = ref.partition("/")
    if not sep or not std or not prod:
        raise KeyError(f"能耗限额产品引用应为 <标准 id>/<产品 id>：{ref!r}")
    return std, prod


@dataclass(frozen=True)
class QuotaLibrary:
    standards: dict[str, QuotaStandard]
    files: dict[str, str] = field(default_factory=dict)  # standard id → file name

    def find(self, ref: str) -> QuotaEntry | None:
        try:
            std_id, prod_id = split_ref(ref)
        except KeyError:
            return None
        std = self.standards.get(std_id)
        prod = std.product(prod_id) if std else None
        return QuotaEntry(ref, std, prod) if std and prod else None

    def get(self, ref: str) -> QuotaEntry:
        entry = self.find(ref)
        if entry is None:
            raise KeyError(f"未知的限额产品 {ref!r}")
        return entry

    def entries(self, kind: str = "") -> list[QuotaEntry]:
        return [
            QuotaEntry(f"{s.id}/{p.id}", s, p)
            for s in self.standards.values()
            if not kind or s.kind == kind
            for p in s.products
        ]

    def search(self, text: str = "", industry: str = "", kind: str = "energy") -> list[QuotaEntry]:
        """Products whose zh/en name (or standard code) contains ``text`` and whose GB/T 4754 codes and
        ``industry`` are prefixes of one another (enterprise 2822 matches 282; enterprise 28 matches 2822).
        ``kind`` "" = energy and water."""
        needle = text.strip().casefold()
        code = industry.strip().upper().removeprefix("C")
        out = []
        for e in self.entries(kind):
            if needle and not any(
                needle in s.casefold() for s in (e.product.name.zh, e.product.name.en, e.standard.code)
            ):
                continue
            if code and not any(c.startswith(code) or code.startswith(c) for c in e.product.industries):
                continue
            out.append(e)
        return out

    def family(self, std_id: str) -> list[QuotaStandard]:
        """The shipped editions linked to ``std_id`` by series or ``replaces``, oldest effective first."""
        by_code = {s.code: s for s in self.standards.values()}
        todo, seen = [self.standards[std_id]], {std_id}
        while todo:
            s = todo.pop()
            linked = [o for o in self.standards.values() if o.series == s.series or s.code in o.replaces]
            linked += [by_code[c] for c in s.replaces if c in by_code]
            for o in linked:
                if o.id not in seen:
                    seen.add(o.id)
                    todo.append(o)
        return sorted((self.standards[i] for i in seen), key=lambda s: s.effective or date.min)

    def edition(self, ref: str, year: int) -> Edition:
        """Edition in force for evaluation year ``year``: the latest linked edition whose effective date falls in
        or before that year. A year before every shipped edition gives ref None: ``predecessor_not_shipped``
        when the earliest one replaces an edition whose values are not shipped, else ``not_yet_effective``."""
        entry = self.find(ref)
        if entry is None:
            return Edition(None, "quota.edition.unknown_ref", {"ref": ref})
        fam = self.family(entry.standard.id)
        usable = [s for s in fam if s.effective is None or s.effective.year <= year]
        if not usable:
            first = fam[0]
            params = {"code": first.code, "effective": str(first.effective), "year": year}
            if first.replaces:
                return Edition(None, "quota.edition.predecessor_not_shipped",
                               {**params, "previous": "、".join(first.replaces)})
            return Edition(None, "quota.edition.not_yet_effective", params)
        chosen = usable[-1]
        product = chosen.product(entry.product.id)
        if product is None:
            return Edition(None, "quota.edition.product_not_in_edition",
                           {"code": chosen.code, "product": entry.product.id, "year": year})
        new_ref = f"{chosen.id}/{product.id}"
        if chosen.effective is None:
            return Edition(new_ref, "quota.edition.effective_unknown", {"code": chosen.code, "year": year})
        params = {"code": chosen.code, "effective": str(chosen.effective), "year": year}
        if chosen.id != entry.standard.id:
            newer = (chosen.effective or date.min) > (entry.standard.effective or date.min)
            return Edition(new_ref, "quota.edition.newer" if newer else "quota.edition.older",
                           {**params, "requested": entry.standard.code})
        return Edition(new_ref, "quota.edition.in_force", params)

    def in_force(self, ref: str, year: int) -> str | None:
        """The ref to use for evaluation year ``year``, or None (``edition`` says why)."""
        return self.edition(ref, year).ref


def _describe(exc: ValidationError, raw: dict[str, Any], path: Path) -> CatalogueError:
    """'file: 条目 <product>/<correction> 字段 <a.b>: message', naming every id on the way down."""
    lines = []
    for err in exc.errors():
        node: Any = raw
        ids: list[str] = []
        trail: list[str] = []
        for part in err["loc"]:
            if isinstance(node, dict) and isinstance(node.get("id"), str) and node is not raw:
                ids, trail = [*ids, node["id"]], []
            trail.append(str(part))
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            ids, trail = [*ids, node["id"]], []  # a whole-row check names the row itself
        item = "/".join(ids) or str(raw.get("id", "—"))
        lines.append(f"{path.name}: 条目 {item} 字段 {'.'.join(trail) or '—'}: {err['msg']}")
    return CatalogueError("\n".join(lines))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so pydantic checks them and names the field of a bad one."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: YAML 语法错误：{exc}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: 顶层必须是映射（mapping）")
    return data


def _load_file(path: Path) -> QuotaStandard:
    raw = _read(path)
    try:
        std = QuotaStandard.model_validate(raw)
    except ValidationError as exc:
        raise _describe(exc, raw, path) from None
    if path.stem != std.id:
        raise CatalogueError(f"{path.name}: 条目 {std.id} 字段 id: 文件名应为 {std.id}.yaml")
    return std


def load_quotas_from(folder: Path) -> QuotaLibrary:
    """Every ``*.yaml`` in ``folder``, validated; a bad file raises CatalogueError naming file, row and field."""
    standards: dict[str, QuotaStandard] = {}
    files: dict[str, str] = {}
    codes: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        std = _load_file(path)
        if std.code in codes:
            raise CatalogueError(f"{path.name}: 条目 {std.id} 字段 code: 标准编号 {std.code} 与 {codes[std.code]} 重复")
        standards[std.id] = std
        files[std.id] = path.name
        codes[std.code] = path.name
    if not standards:
        raise CatalogueError(f"{folder}: 没有能耗限额/取水定额文件")
    return QuotaLibrary(standards, files)


@lru_cache(maxsize=1)
def quota_library() -> QuotaLibrary:
    """The shipped quota library, loaded and validated once per process."""
    return load_quotas_from(QUOTA_DIR)
