"""Year over year: this year's result against last year's, per indicator, and the jumps that are probably slips.

The rule (stated on the results page too): a quantity that is SLIP_RATIO (5) times last year's or more, or a fifth
of it or less, is flagged as a probable slip (a wrong unit: 万千瓦时 typed as kWh is ×10⁴, a decimal point one place
off is ×10). Real changes of that size happen (a new line, a plant shut), so it is a flag to check, not a refusal.
It applies to indicator values of quantitative (forward/inverse) indicators and to the quantities of the inputs
(energy per carrier included; counts of projects, catalogue items and categories are not quantities); both years
must be above 0 (a 0 or an empty value has no ratio).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from criteria.schema import Text
from scoring.models import Assessment, Result

SLIP_RATIO = 5.0  # ≥ 5× or ≤ 1/5 of last year: a probable slip
# counts of things (projects, catalogue items, product categories) and quota parameters are not quantities in a unit
NOT_QUANTITIES = ("inputs.catalogue_tech.", "inputs.retrofit_projects_3y", "inputs.product_categories",
                  "inputs.footprint_categories")


def ratio(now: float | None, before: float | None) -> float | None:
    """now ÷ before, when both are numbers above 0."""
    if now is None or before is None or now <= 0 or before <= 0:
        return None
    return now / before


def is_slip(now: float | None, before: float | None) -> bool:
    """The jump rule: ratio ≥ SLIP_RATIO or ≤ 1 / SLIP_RATIO."""
    r = ratio(now, before)
    return r is not None and (r >= SLIP_RATIO or r <= 1 / SLIP_RATIO)


@dataclass(frozen=True)
class IndicatorChange:
    id: str
    name: Text
    unit: str
    before: float | None
    now: float | None
    points_before: float
    points_now: float
    slip: bool

    @property
    def delta_points(self) -> float:
        return self.points_now - self.points_before

    @property
    def delta(self) -> float | None:
        return None if self.now is None or self.before is None else self.now - self.before


@dataclass(frozen=True)
class InputSlip:
    path: str  # inputs.energy.electricity
    before: float
    now: float

    @property
    def ratio(self) -> float:
        return self.now / self.before


def indicator_changes(now: Result, before: Result) -> list[IndicatorChange]:
    """Every indicator of this year's result that last year's result has too (matched by id), in this year's
    order; points are the 100-point contributions (weighted), so they add up to the totals' difference."""
    old = {r.id: r for r in before.indicators}
    out = []
    for r in now.indicators:
        o = old.get(r.id)
        if o is None:
            continue
        quantity = r.kind in ("forward", "inverse") and r.unit == o.unit  # a count (平台功能 1 → 5) is no slip
        out.append(IndicatorChange(r.id, r.name, r.unit, o.value, r.value, o.weighted, r.weighted,
                                   quantity and is_slip(r.value, o.value)))
    return out


def _numbers(node: Any, prefix: str) -> dict[str, float]:
    if isinstance(node, dict):
        return {p: v for k, x in node.items() for p, v in _numbers(x, f"{prefix}.{k}").items()}
    if isinstance(node, list):
        return {p: v for i, x in enumerate(node) for p, v in _numbers(x, f"{prefix}.{i}").items()}
    if isinstance(node, int | float) and not isinstance(node, bool):
        return {prefix: float(node)}
    return {}


def input_slips(now: Assessment, before: Assessment) -> list[InputSlip]:
    """Numbers of the inputs (same path in both years) that jumped by the rule, in this year's order."""
    old = _numbers(before.inputs.model_dump(mode="json"), "inputs")
    new = _numbers(now.inputs.model_dump(mode="json"), "inputs")
    return [InputSlip(p, old[p], v) for p, v in new.items()
            if p in old and is_slip(v, old[p]) and not p.startswith(NOT_QUANTITIES) and ".params." not in p]


def total_change(now: Result, before: Result) -> float:
    return now.total - before.total
