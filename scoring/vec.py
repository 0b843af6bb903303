"""Arithmetic that works on one assessment (a float) and on a whole pool (a NumPy array) alike.

Every scoring rule is written once with these helpers: the engine calls it with floats, the pool with columns.
NaN means "not available" in both (a missing input, a zero denominator, no 基准值). A float argument takes a
plain-Python path (no NumPy call), so one assessment stays fast; any array argument switches to NumPy.
"""

from __future__ import annotations

import math
from typing import TypeAlias

import numpy as np

Num: TypeAlias = float | np.ndarray  # a value per enterprise: one float, or one element per row
Flag: TypeAlias = bool | np.ndarray  # a condition per enterprise

NAN = math.nan


def _arrays(*xs: object) -> bool:
    for x in xs:  # noqa: SIM110 (a loop: any() with a generator costs more than the check itself)
        if isinstance(x, np.ndarray):
            return True
    return False


def isnan(x: Num) -> Flag:
    return np.isnan(x) if isinstance(x, np.ndarray) else math.isnan(x)


def where(cond: Flag, a: Num, b: Num) -> Num:
    if _arrays(cond, a, b):
        return np.where(cond, a, b)
    return a if cond else b


def and_(*conds: Flag) -> Flag:
    if _arrays(*conds):
        out = np.asarray(conds[0], dtype=bool)
        for c in conds[1:]:
            out = out & np.asarray(c, dtype=bool)
        return out
    return all(bool(c) for c in conds)


def or_(*conds: Flag) -> Flag:
    if _arrays(*conds):
        out = np.asarray(conds[0], dtype=bool)
        for c in conds[1:]:
            out = out | np.asarray(c, dtype=bool)
        return out
    return any(bool(c) for c in conds)


def not_(cond: Flag) -> Flag:
    return ~np.asarray(cond, dtype=bool) if isinstance(cond, np.ndarray) else not cond


def fill0(x: Num) -> Num:
    """An optional input: empty counts as 0."""
    return where(isnan(x), 0.0, x)


def positive(x: Num) -> Num:
    """A denominator: 0 or less is not available."""
    if isinstance(x, np.ndarray):
        return np.where(x > 0, x, NAN)
    return x if x > 0 else NAN


def ratio(num: Num, den: Num, scale: float = 1.0) -> Num:
    """num ÷ den × scale; NaN where either is missing or the denominator is not positive."""
    if _arrays(num, den):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(~np.isnan(num) & ~np.isnan(den) & (den > 0), num / den * scale, NAN)
    if math.isnan(num) or math.isnan(den) or den <= 0:
        return NAN
    return num / den * scale


def maximum(a: Num, b: Num) -> Num:
    if _arrays(a, b):
        return np.maximum(a, b)
    return a if a >= b else b


def ge(a: Num, b: Num) -> Flag:
    """a ≥ b, False where either is NaN."""
    if _arrays(a, b):
        with np.errstate(invalid="ignore"):
            return np.asarray(a >= b)
    return bool(a >= b)


def gt(a: Num, b: Num) -> Flag:
    """a > b, False where either is NaN."""
    if _arrays(a, b):
        with np.errstate(invalid="ignore"):
            return np.asarray(a > b)
    return bool(a > b)


def round6(x: Num) -> Num:
    """Python's round(v, 6). On arrays NumPy's rint(v·10⁶)/10⁶ agrees except within a rounding error of a
    half; those few elements are redone with Python's round, so one row and many rows never differ."""
    if not isinstance(x, np.ndarray):
        return round(x, 6) if math.isfinite(x) else x
    x = np.asarray(x, dtype=float)
    y = np.round(x, 6)
    scaled = x * 1e6
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6 * np.maximum(1.0, np.abs(scaled) * 1e-9)
    for i in np.flatnonzero(near & np.isfinite(x)):
        y[i] = round(float(x[i]), 6)
    return y


def linear_fraction(value: Num, baseline: Num, leading: Num, inverse: bool) -> Num:
    """GB/T 36132-2025 §5.2: 0 at or below 基准值, 1 at or beyond 引领值, linear in between (inverse mirrored).
    When 引领值 equals 基准值 the item is all or nothing. NaN where the value or a yardstick is missing."""
    v, b, lead = (-value, -baseline, -leading) if inverse else (value, baseline, leading)
    if _arrays(v, b, lead):
        with np.errstate(divide="ignore", invalid="ignore"):
            ramp = (v - b) / (lead - b)
            graded = np.where(v >= lead, 1.0, np.where(v <= b, 0.0, ramp))
            out = np.where(lead == b, np.where(v >= lead, 1.0, 0.0), graded)
        return np.where(np.isnan(v) | np.isnan(b) | np.isnan(lead), NAN, out)
    if math.isnan(v) or math.isnan(b) or math.isnan(lead):
        return NAN
    if lead == b:
        return 1.0 if v >= lead else 0.0
    if v >= lead:
        return 1.0
    if v <= b:
        return 0.0
    return (v - b) / (lead - b)


def tier_index(value: Num, bounds: tuple[float, ...]) -> Num:
    """Index of the band a value falls in, for ascending lower bounds (value ≥ bounds[i] → at least i + 1);
    −1 where the value is missing."""
    if isinstance(value, np.ndarray):
        out = np.zeros(value.shape)
        for b in bounds:
            out = out + (value >= b)
        return np.where(np.isnan(value), -1.0, out)
    if math.isnan(value):
        return -1.0
    return float(sum(value >= b for b in bounds))
