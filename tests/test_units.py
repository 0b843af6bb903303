"""scoring.units: exact factors, round trips without drift, Chinese refusal of a foreign unit."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import units
from scoring.fields import FIELDS


def test_exact_factors() -> None:
    assert units.factor("亩", "m²") == Fraction(10000, 15)
    assert units.to_canonical(3, "亩", "m²") == 2000.0
    assert units.to_canonical(900, "万千瓦时", "kWh") == 9_000_000.0
    assert units.to_canonical(12.5, "万立方米", "m³") == 125_000.0
    assert units.to_canonical(1_234_500, "元", "万元") == 123.45
    assert units.to_canonical(2500, "kg", "t") == 2.5
    assert units.to_canonical(1, "吨标准煤", "tce") == 1.0
    assert units.to_canonical(1500, "kgce", "tce") == 1.5
    assert units.from_canonical(2000, "亩", "m²") == 3.0
    assert units.from_canonical(9_000_000, "万千瓦时", "kWh") == 900.0


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
       st.sampled_from([(u.symbol, c) for c, us in units.UNITS.items() for u in us]))
def test_round_trip_does_not_drift(value, unit_canonical) -> None:
    unit, canonical = unit_canonical
    typed = float(value)
    stored = units.to_canonical(typed, unit, canonical)
    assert units.from_canonical(stored, unit, canonical) == typed
    assert units.to_canonical(units.from_canonical(stored, unit, canonical), unit, canonical) == stored


def test_foreign_unit_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="不能换算"):
        units.factor("亩", "kWh")


def test_every_field_unit_is_its_own_first_option() -> None:
    for info in FIELDS.values():
        if info.unit in units.UNITS:
            assert units.options(info.unit)[0] == info.unit


def test_fmt_thousands() -> None:
    assert units.fmt(9_000_000) == "9,000,000"
    assert units.fmt(1234.5) == "1,234.5"
    assert units.fmt(None) == ""
