"""Per-product indicators against national quotas (GB/T 36132-2025 表C.1 第1、6项).

Where a main product has a mandatory 能耗限额 (or a 取水定额), the per-product indicator is scored product by
product: 引领值 = the quota's 1级 (先进值), 基准值 = its 2级 (通用值), each after the standard's corrections
(``scoring.quota_rules``). The indicator's score fraction is the mean of the products' fractions weighted by each
product's 综合能耗 (tce), over the top three products by 综合能耗 (MIIT platform rule, S). For water the weight is
each product's 取水量 (m³): the platform names no weight for water, so this is an assumption (R).

A product's value is its 单位产品能耗 in the quota's unit: the one entered, or 综合能耗 × 1000 ÷ 产量 where the
quota is in kgce per unit. Water: 取水量 ÷ 产量 (m³ per unit).

The same function serves one assessment (the engine) and a pool (``pool.batch`` per distinct product list).
Notes are message codes with parameters; the words live in ``locales/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from locales import Msg
from scoring import vec
from scoring.models import Product, ProductScore
from scoring.quota_rules import QuotaGrades, quota_grades

Kind = Literal["energy", "water"]
TOP_N = 3  # 仅填写综合能耗排序前三以内的产品 (MIIT platform, S)
# a product value this far outside its quota's own grades is taken for a unit slip until confirmed (kgce entered
# as tce, output in 万吨): below a quarter of 1级, or above four times 3级 (or 2级 where no 3级 is given)
SLIP_BELOW_LEADING, SLIP_ABOVE_LIMIT = 0.25, 4.0
# the per-product metric each quota kind replaces
PRODUCT_METRICS: dict[str, Kind] = {"energy_per_product": "energy", "water_per_product_m3": "water"}
# the yes/no inputs a main product with a quota answers when the user has not (scoring.metrics.Context.flag)
QUOTA_FLAGS: dict[str, Kind] = {"energy_quota_applies": "energy", "water_quota_applies": "water"}


@dataclass
class ProductsOutcome:
    """The per-product indicator of one assessment: rows for every product with a quota of the kind, and the
    weighted fraction over the counted ones (None when no product could be scored)."""

    kind: Kind
    rows: list[ProductScore]
    fraction: float | None
    lead: ProductScore | None  # the counted product with the largest weight: shown as the indicator's value
    lead_grades: QuotaGrades | None = None
    missing: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # (code, params)

    @property
    def counted(self) -> list[ProductScore]:
        return [r for r in self.rows if r.counted]

    @property
    def implausible(self) -> list[ProductScore]:
        """Counted products whose value is far outside their quota's grades (a probable unit slip)."""
        return [r for r in self.counted if r.value is not None and r.leading is not None and (
            r.value < SLIP_BELOW_LEADING * r.leading
            or r.value > SLIP_ABOVE_LIMIT * (r.limit if r.limit is not None else r.baseline or r.leading))]


def quota_ref(p: Product, kind: Kind) -> str:
    return p.quota if kind == "energy" else p.water_quota


def has_quota(products: Sequence[Product], kind: Kind) -> bool:
    return any(quota_ref(p, kind) for p in products)


def _value(p: Product, kind: Kind, unit: str) -> float | None:
    if kind == "water":
        return p.water_m3 / p.output if p.water_m3 is not None and p.output else None
    if p.unit_consumption is not None:
        return float(p.unit_consumption)
    if p.energy_tce is not None and p.output and unit.startswith("kgce/"):
        return p.energy_tce * 1000 / p.output
    return None


def _weight(p: Product, kind: Kind) -> float | None:
    return p.energy_tce if kind == "energy" else p.water_m3


def score_products(products: Sequence[Product], year: int, kind: Kind) -> ProductsOutcome | None:
    """None when no product names a quota of this kind (the per-output indicator applies instead)."""
    if not has_quota(products, kind):
        return None
    rows: list[tuple[ProductScore, QuotaGrades | None]] = []
    for p in products:
        ref = quota_ref(p, kind)
        if not ref:
            continue
        g = quota_grades(ref, p.params, year)
        row = ProductScore(name=p.name or ref, quota=ref, weight=float(_weight(p, kind) or 0.0))
        if g is None:
            row.notes = [Msg("product.unknown_quota", {"ref": ref})]
        else:
            row.standard, row.unit, row.baseline, row.leading, row.limit = (
                g.standard, g.unit, g.baseline, g.leading, g.limit)
            row.value = _value(p, kind, g.unit)
            row.notes = [Msg(code, params) for code, params in (*g.corrections, *g.warnings)]
            why = ("product.no_quota_in_force" if not g.available else
                   "product.no_grades" if row.baseline is None or row.leading is None else
                   "product.no_value" if row.value is None else
                   "product.no_weight" if _weight(p, kind) is None else "")
            if why:
                row.notes.append(Msg(why))
            else:
                assert row.value is not None and row.baseline is not None and row.leading is not None
                row.fraction = float(vec.linear_fraction(row.value, row.baseline, row.leading, True))
        rows.append((row, g))
    scorable = sorted((r for r, _ in rows if r.fraction is not None), key=lambda r: -r.weight)[:TOP_N]
    for r in scorable:
        r.counted = True
    weight = sum(r.weight for r in scorable)
    out = ProductsOutcome(kind=kind, rows=[r for r, _ in rows], fraction=None, lead=None)
    if not scorable:
        out.missing = _why_none([r for r, _ in rows])
        return out
    out.fraction = (sum(r.weight * (r.fraction or 0.0) for r in scorable) / weight if weight > 0
                    else sum(r.fraction or 0.0 for r in scorable) / len(scorable))
    out.lead = scorable[0]
    out.lead_grades = next(g for r, g in rows if r is out.lead)
    return out


def _why_none(rows: list[ProductScore]) -> list[tuple[str, dict[str, object]]]:
    """What keeps every product from being scored, once per reason (codes of ``locales/ product.*``)."""
    out: list[tuple[str, dict[str, object]]] = []
    for code in ("product.unknown_quota", "product.no_quota_in_force", "product.no_grades", "product.no_value",
                 "product.no_weight"):
        names = [r.name for r in rows if any(n.code == code for n in r.notes)]
        if names:
            out.append((code, {"products": names}))
    return out
