"""Units a quantity may be entered in, as the enterprise's source forms state it (205-1 reports electricity in
万千瓦时, 205-4 water in 万立方米, land certificates in 亩 …), and exact conversion to the canonical unit the engine
uses (the unit of scoring/fields.py and of the catalogue's carriers). Pure: no Streamlit, no I/O.

Factors are exact rationals (1 亩 = 10000/15 m²); a value converted to the canonical unit and back is rounded to 15
significant digits, which a float holds, so a round trip returns what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Unit:
    symbol: str  # as shown (the unit's Chinese name where forms use it)
    factor: Fraction  # canonical units per one of this unit


def _u(symbol: str, factor: int | str | Fraction) -> Unit:
    return Unit(symbol, Fraction(factor))


# canonical unit → the units offered for it, the canonical first
UNITS: dict[str, tuple[Unit, ...]] = {
    "kWh": (_u("kWh", 1), _u("万千瓦时", 10000), _u("MWh", 1000)),
    "m³": (_u("m³", 1), _u("万立方米", 10000)),
    "万m³": (_u("万m³", 1), _u("m³", Fraction(1, 10000))),
    "m²": (_u("m²", 1), _u("亩", Fraction(10000, 15)), _u("公顷", 10000)),
    "万元": (_u("万元", 1), _u("元", Fraction(1, 10000)), _u("亿元", 10000)),
    "t": (_u("t", 1), _u("kg", Fraction(1, 1000)), _u("万t", 10000)),
    "tce": (_u("tce", 1), _u("kgce", Fraction(1, 1000)), _u("万tce", 10000)),
    "GJ": (_u("GJ", 1), _u("MJ", Fraction(1, 1000))),
}
ALIASES = {"吨标准煤": "tce", "千克标准煤": "kgce", "千瓦时": "kWh", "立方米": "m³", "平方米": "m²", "吨": "t",
           "千克": "kg"}
DIGITS = 15


def options(canonical: str) -> list[str]:
    """Symbols of the units a quantity in `canonical` can be entered in ([canonical] alone if none is known)."""
    return [u.symbol for u in UNITS.get(canonical, ())] or [canonical]


def factor(unit: str, canonical: str) -> Fraction:
    """Canonical units per one `unit`; ValueError (Chinese) when `unit` is not offered for `canonical`."""
    unit = ALIASES.get(unit, unit)
    if unit == canonical:
        return Fraction(1)
    for u in UNITS.get(canonical, ()):
        if u.symbol == unit:
            return u.factor
    raise ValueError(f"单位“{unit}”不能换算为“{canonical}”")


def _exact(value: float | int | str | Decimal) -> Fraction:
    return Fraction(Decimal(str(value)))


def _round(x: Fraction) -> float:
    if x == 0:
        return 0.0
    return float(f"{Decimal(x.numerator) / Decimal(x.denominator):.{DIGITS}g}")


def to_canonical(value: float | int | str | Decimal, unit: str, canonical: str) -> float:
    """`value` given in `unit` expressed in `canonical` (e.g. 1.5 万千瓦时 → 15000.0 kWh)."""
    return _round(_exact(value) * factor(unit, canonical))


def from_canonical(value: float | int, unit: str, canonical: str) -> float:
    """A canonical value expressed in `unit` (15000 kWh → 1.5 万千瓦时)."""
    return _round(_exact(value) / factor(unit, canonical))


def fmt(value: float | int | None, digits: int = 4) -> str:
    """A quantity with thousands separators and at most `digits` decimals, trailing zeros dropped."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
