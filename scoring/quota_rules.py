"""A quota product's 引领值 / 基准值 for an evaluation year, after the standard's corrections.

GB/T 36132-2025 表C.1: 引领值 = 限额 1级 (用水定额 先进值), 基准值 = 限额 2级 (用水定额 通用值). The edition is
chosen by evaluation year (criteria.quotas.QuotaLibrary.edition); the corrections are the catalogue's data applied
in their listed order, each to the running value:

* linear: grade += coefficient[grade] × clamp(sign × (value − reference))
* factor: grade ×= value
* option: grade = grade × option.multiply + option.add[grade]

No words here: every correction and warning is a message code with parameters (words in locales/, key ``quota``).
Catalogue text travels as plain strings ``label_zh``/``label_en`` (``option_zh``/``option_en``), so a message
survives a JSON round trip and each language's template picks its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from criteria.quotas import GRADES, Correction, ParamSpec, QuotaEntry, QuotaLibrary, quota_library

Message = tuple[str, dict[str, Any]]


class QuotaGrades(BaseModel):
    """The yardstick a product is scored against. ``leading``/``baseline`` are None where the standard defines no
    such grade, or where no edition with values is shipped for the year (``edition`` says why)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    ref: str  # the edition used (may be a newer or older edition than the one asked for)
    requested: str
    kind: str  # energy | water
    leading: float | None  # 1级 / 先进值, corrected
    baseline: float | None  # 2级 / 通用值, corrected
    limit: float | None  # 3级, corrected; None for water quotas
    base: tuple[float | None, float | None, float | None]  # 1级/2级/3级 as printed, before corrections
    unit: str
    standard: str  # "GB 16780-2021"
    table: str
    page: str
    confidence: str
    source: str  # source id in reference/yardsticks.md
    edition: str  # quota.edition.* code
    corrections: list[Message] = []
    warnings: list[Message] = []

    @property
    def available(self) -> bool:
        return self.leading is not None or self.baseline is not None or self.limit is not None


def correction_params(ref: str, library: QuotaLibrary | None = None) -> list[ParamSpec]:
    """The parameters the product's corrections read (for the input form); [] for an unknown ref."""
    entry = (library or quota_library()).find(ref)
    return entry.params() if entry else []


def _num(x: float) -> float:
    return round(x, 6) + 0.0  # + 0.0 turns -0.0 into 0.0


def _label(spec: ParamSpec) -> dict[str, str]:
    """The parameter's catalogue label in both languages, and its unit as shown ("1" = dimensionless, shown bare)."""
    return {"label_zh": spec.label.zh, "label_en": spec.label.en, "unit": "" if spec.unit == "1" else spec.unit}


def _signed(x: float) -> str:
    return f"{_num(x):+g}"


def _resolve(entry: QuotaEntry, params: Mapping[str, float], warnings: list[Message]) -> dict[str, float | None]:
    """Each used parameter's value: entered, else the default (warned); None when out of range (warned)."""
    values: dict[str, float | None] = {}
    for spec in entry.params():
        raw = params.get(spec.id)
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            values[spec.id] = spec.default
            warnings.append(("quota.warn.param_default",
                             {"param": spec.id, **_label(spec), "default": spec.default}))
            continue
        value = float(raw)
        if not spec.min <= value <= spec.max or (spec.options and spec.option(value) is None):
            values[spec.id] = None
            warnings.append(("quota.warn.param_out_of_range", {"param": spec.id, **_label(spec), "value": value,
                                                               "min": spec.min, "max": spec.max}))
            continue
        values[spec.id] = value
    for key in params:
        if key not in values:
            warnings.append(("quota.warn.param_unknown", {"param": key}))
    return values


def _apply(c: Correction, spec: ParamSpec, value: float, grades: dict[str, float | None]) -> Message | None:
    """Apply one correction in place; the message describing it, or None when it changed nothing."""
    shown: dict[str, str] = {}
    changed = False
    params: dict[str, Any] = {"correction": c.id, "param": c.param, **_label(spec), "value": value,
                              "clause": c.clause}
    if c.kind == "linear":
        delta = c.sign * (value - c.reference)
        if c.clamp is not None:
            delta = min(max(delta, c.clamp[0]), c.clamp[1])
        params.update(reference=c.reference, delta=_num(delta))
    option = spec.option(value) if c.kind == "option" else None
    if option is not None:
        params.update(option_zh=option.label.zh, option_en=option.label.en)
    for i, g in enumerate(GRADES, start=1):
        current = grades[g]
        if current is None or g not in c.grades:
            shown[f"g{i}"] = "—"
            continue
        if c.kind == "linear":
            coef = c.coefficients.of(g) if c.coefficients else None
            amount = (coef or 0.0) * delta
            grades[g] = current + amount
            shown[f"g{i}"] = _signed(amount)
            changed |= amount != 0
        elif c.kind == "factor":
            grades[g] = current * value
            shown[f"g{i}"] = f"×{_num(value):g}"
            changed |= value != 1
        else:
            assert option is not None
            add = option.add.of(g) or 0.0
            grades[g] = current * option.multiply + add
            parts = [f"×{option.multiply:g}"] if option.multiply != 1 else []
            parts += [_signed(add)] if add else []
            shown[f"g{i}"] = " ".join(parts) or "±0"
            changed |= option.multiply != 1 or add != 0
    return (f"quota.corr.{c.kind}", {**params, **shown}) if changed else None


def quota_grades(ref: str, params: Mapping[str, float], year: int,
                 library: QuotaLibrary | None = None) -> QuotaGrades | None:
    """引领值 (1级), 基准值 (2级) and 3级 of quota product ``ref`` for evaluation year ``year``, corrected with
    ``params``; None for an unknown ref. Without an edition in force for the year the grades are None and
    ``edition``/``warnings`` carry the reason (e.g. quota.edition.predecessor_not_shipped)."""
    lib = library or quota_library()
    asked = lib.find(ref)
    if asked is None:
        return None
    ed = lib.edition(ref, year)
    warnings: list[Message] = []
    if ed.reason != "quota.edition.in_force":
        warnings.append((ed.reason, dict(ed.params)))
    entry = lib.get(ed.ref) if ed.ref else asked
    std, prod = entry.standard, entry.product
    meta = {
        "ref": ed.ref or ref, "requested": ref, "kind": std.kind, "unit": prod.unit, "standard": std.code,
        "table": prod.table or std.source.tables, "page": prod.page or std.source.pages or "",
        "confidence": std.confidence, "source": std.source.ref, "edition": ed.reason,
        "base": (prod.grade1, prod.grade2, prod.grade3),
    }
    if ed.ref is None:
        return QuotaGrades(**meta, leading=None, baseline=None, limit=None, warnings=warnings)
    eff = std.effective
    if eff is not None and eff.year == year and eff != date(year, 1, 1):
        warnings.append(("quota.warn.effective_mid_year", {"code": std.code, "effective": str(eff), "year": year}))
    grades: dict[str, float | None] = {g: prod.grade(g) for g in GRADES}
    for i, g in enumerate(GRADES[:2], start=1):
        if grades[g] is None:
            warnings.append(("quota.warn.grade_not_defined", {"grade": i, "standard": std.code}))
    values = _resolve(entry, params, warnings)
    specs = {p.id: p for p in std.params}
    corrections: list[Message] = []
    for c in prod.corrections:
        value = values.get(c.param)
        if value is None:  # out of range: leave this correction out, already warned
            warnings.append(("quota.warn.correction_not_applied",
                             {"correction": c.id, "param": c.param, **_label(specs[c.param])}))
            continue
        msg = _apply(c, specs[c.param], value, grades)
        if msg is not None:
            corrections.append(msg)
    g1, g2, g3 = (None if (v := grades[g]) is None else _num(v) for g in GRADES)
    return QuotaGrades(**meta, leading=g1, baseline=g2, limit=g3, corrections=corrections, warnings=warnings)
