"""Load and validate the YAML catalogue. Errors name the file, the item id and the field."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from criteria.schema import District, Profile, Reference, RuleSet

ROOT = Path(__file__).parent
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~10× faster when present


class CatalogueError(ValueError):
    """A catalogue file is malformed; the message is in Chinese and names file, item and field."""


@dataclass(frozen=True)
class Catalogue:
    rulesets: dict[str, RuleSet]
    profiles: dict[str, Profile]
    reference: Reference
    district: District
    sources: dict[str, str] = field(default_factory=dict)  # id → file it came from

    def ruleset(self, ruleset_id: str) -> RuleSet:
        try:
            return self.rulesets[ruleset_id]
        except KeyError:
            raise KeyError(f"未知的评价规则集 {ruleset_id!r}（可选：{', '.join(self.rulesets)}）") from None

    def profile(self, profile_id: str) -> Profile:
        try:
            return self.profiles[profile_id]
        except KeyError:
            raise KeyError(f"未知的地方评价方案 {profile_id!r}（可选：{', '.join(self.profiles)}）") from None

    def overlay_for(self, base_id: str, industry_code: str) -> RuleSet | None:
        """The industry overlay built on `base_id` that covers this GB/T 4754 code, if any."""
        for rs in self.rulesets.values():
            if rs.base == base_id and any(industry_code.startswith(p) for p in rs.industries):
                return rs
        return None


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # a safe loader
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: YAML 语法错误：{exc}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: 顶层必须是映射（mapping）")
    return data


def _describe(exc: ValidationError, raw: dict[str, Any], path: Path) -> CatalogueError:
    """Turn a pydantic error into 'file: 条目 <id> 字段 <a.b>: message' lines."""
    lines = []
    for err in exc.errors():
        node: Any = raw
        item_id = "—"
        trail: list[str] = []
        for part in err["loc"]:
            if isinstance(node, dict) and "id" in node and isinstance(node["id"], str):
                item_id, trail = node["id"], []
            trail.append(str(part))
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
        if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"] != item_id:
            item_id, trail = node["id"], []  # a whole-item check (model validator) names the item itself
        lines.append(f"{path.name}: 条目 {item_id} 字段 {'.'.join(trail) or '—'}: {err['msg']}")
    return CatalogueError("\n".join(lines))


def _merge_overlay(base: dict[str, Any], overlay: dict[str, Any], path: Path) -> dict[str, Any]:
    """An overlay copies its base, replaces named indicator fields, and may add gates and indicators."""
    merged = copy.deepcopy(base)
    for key in ("id", "edition", "version", "name", "description", "industries"):
        if key in overlay:
            merged[key] = overlay[key]
    merged["status"] = "overlay"
    merged["base"] = overlay["extends"]
    by_id = {ind["id"]: ind for dim in merged["dimensions"] for ind in dim["indicators"]}
    for ind_id, fields in (overlay.get("overrides") or {}).items():
        if ind_id not in by_id:
            raise CatalogueError(f"{path.name}: 条目 {ind_id} 字段 overrides: 基础规则集中没有该指标")
        by_id[ind_id].update(fields)
    merged["gates"] = list(merged["gates"]) + list(overlay.get("add_gates") or [])
    for dim_id, extra in (overlay.get("add_indicators") or {}).items():
        dim = next((d for d in merged["dimensions"] if d["id"] == dim_id), None)
        if dim is None:
            raise CatalogueError(f"{path.name}: 条目 {dim_id} 字段 add_indicators: 基础规则集中没有该维度")
        dim["indicators"] = list(dim["indicators"]) + list(extra)
    return merged


_M = TypeVar("_M", bound=BaseModel)


def _validate(model: type[_M], raw: dict[str, Any], path: Path) -> _M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise _describe(exc, raw, path) from None


def load_catalogue_from(root: Path) -> Catalogue:
    raw_rulesets: dict[str, tuple[dict[str, Any], Path]] = {}
    for path in sorted((root / "rulesets").glob("*.yaml")):
        data = _read(path)
        if "id" not in data:
            raise CatalogueError(f"{path.name}: 缺少 id")
        if data["id"] in raw_rulesets:
            raise CatalogueError(f"{path.name}: 规则集 id {data['id']} 与 {raw_rulesets[data['id']][1].name} 重复")
        raw_rulesets[data["id"]] = (data, path)

    rulesets: dict[str, RuleSet] = {}
    sources: dict[str, str] = {}
    for rs_id, (data, path) in raw_rulesets.items():
        if "gates_from" in data:  # instantiations of one edition share the gate list and the input option lists
            donor = raw_rulesets.get(data["gates_from"])
            if donor is None or "gates" not in donor[0]:
                raise CatalogueError(f"{path.name}: 条目 {rs_id} 字段 gates_from: 找不到规则集 {data['gates_from']} 的否决项")
            shared: dict[str, Any] = {k: donor[0][k] for k in ("choices", "choices_source") if k in donor[0] and k not in data}
            data = {**{k: v for k, v in data.items() if k != "gates_from"}, "gates": donor[0]["gates"], **shared}
        if "extends" in data:
            base = raw_rulesets.get(data["extends"])
            if base is None or "extends" in base[0]:
                raise CatalogueError(f"{path.name}: 条目 {rs_id} 字段 extends: 找不到基础规则集 {data['extends']}")
            data = _merge_overlay(base[0], data, path)
        rulesets[rs_id] = _validate(RuleSet, data, path)
        sources[rs_id] = str(path.relative_to(root.parent))

    profiles: dict[str, Profile] = {}
    for path in sorted((root / "profiles").glob("*.yaml")):
        prof: Profile = _validate(Profile, _read(path), path)
        for rs in prof.rulesets:
            if rs != "*" and rs not in rulesets:
                raise CatalogueError(f"{path.name}: 条目 {prof.id} 字段 rulesets: 未知规则集 {rs}")
        if prof.id in profiles:
            raise CatalogueError(f"{path.name}: 方案 id {prof.id} 重复")
        profiles[prof.id] = prof
        sources[prof.id] = str(path.relative_to(root.parent))

    ref_path = root / "reference" / "reference.yaml"
    reference: Reference = _validate(Reference, _read(ref_path), ref_path)
    dist_path = root / "reference" / "district.yaml"
    district: District = _validate(District, _read(dist_path), dist_path)
    if district.default_ruleset is not None and district.default_ruleset not in rulesets:
        raise CatalogueError(f"{dist_path.name}: 字段 default_ruleset: 未知规则集 {district.default_ruleset}")
    if district.default_profile is not None and (
            district.default_profile not in profiles
            or not profiles[district.default_profile].allows(district.default_ruleset or "*")):
        raise CatalogueError(f"{dist_path.name}: 字段 default_profile: 未知方案或不适用于默认规则集 "
                             f"{district.default_profile}")
    return Catalogue(rulesets, profiles, reference, district, sources)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process."""
    return load_catalogue_from(ROOT)
