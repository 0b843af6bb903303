"""The rules after the indicators, written once for one assessment (floats) and a pool (columns):
dimension weighting, eligibility, levels under a profile, the next level and the distance to it.

The engine calls these with floats and bools, the pool (pool/batch.py) with NumPy arrays, and what-if with the
totals it tries; so the wizard, the PDF, the pool and the official's screen cannot disagree on a rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from criteria.schema import Profile
from scoring import vec
from scoring.vec import Flag, Num

EPS = 1e-9  # a total within 1e-9 of a threshold reaches it (rounding of the weighted sum)


def weighted_points(points: Sequence[Num], max_points: Sequence[float], applicable: Sequence[Flag],
                    weight: float) -> list[Num]:
    """Each item's share of its dimension's weight: the weight is shared among the applicable items in proportion
    to their points (GB/T 36132-2025 §5.3); a not-applicable item drops out and the dimension rescales."""
    amax: Num = 0.0
    for maxp, app in zip(max_points, applicable, strict=True):
        amax = amax + vec.where(app, maxp, 0.0)
    return [vec.where(app, vec.fill0(vec.ratio(weight * pts, amax)), 0.0)
            for pts, app in zip(points, applicable, strict=True)]


def eligible(gate_failed: Flag, gate_unanswered: Flag, mandatory_failed: Flag, mandatory_pending: Flag,
             mandatory_is_gate: bool) -> Flag:
    """Eligible: no failed or unanswered gate and, where 必选 items act as gates, none failed or pending."""
    if not mandatory_is_gate:
        return vec.and_(vec.not_(gate_failed), vec.not_(gate_unanswered))
    return vec.and_(vec.not_(gate_failed), vec.not_(gate_unanswered), vec.not_(mandatory_failed),
                    vec.not_(mandatory_pending))


@dataclass(frozen=True)
class LevelRule:
    id: str
    threshold: float | None  # None: the administrator has not set it, so the score alone never reaches it
    all_quantitative_at_baseline: bool


def level_rules(profile: Profile, thresholds: dict[str, float] | None = None) -> list[LevelRule]:
    """The profile's levels with the administrator's thresholds laid over them."""
    return [LevelRule(lv.id, (thresholds or {}).get(lv.id, lv.min_total.value), lv.all_quantitative_at_baseline)
            for lv in profile.levels]


def by_score(rule: LevelRule, total: Num, quantitative_ok: Flag) -> Flag:
    """The level's score condition (and, for national readiness, every quantitative indicator at 基准值)."""
    if rule.threshold is None:
        return np.zeros(total.shape, dtype=bool) if isinstance(total, np.ndarray) else False
    ok = vec.ge(total, rule.threshold - EPS)
    return vec.and_(ok, quantitative_ok) if rule.all_quantitative_at_baseline else ok


def reached(rule: LevelRule, total: Num, eligible: Flag, quantitative_ok: Flag, fast_track: Flag) -> Flag:
    return vec.and_(eligible, vec.or_(by_score(rule, total, quantitative_ok), fast_track))


def level_rank(reached_per_level: Sequence[Flag]) -> Num:
    """Index of the highest level reached, −1 for none."""
    rank: Num = -1.0
    for i, r in enumerate(reached_per_level):
        rank = vec.where(r, float(i), rank)
    return rank


def next_rank(rank: Num, rules: Sequence[LevelRule]) -> Num:
    """Index of the first level above `rank` that has a threshold, −1 for none."""
    nxt: Num = -1.0
    for i in range(len(rules) - 1, -1, -1):
        if rules[i].threshold is not None:
            nxt = vec.where(vec.gt(float(i), rank), float(i), nxt)
    return nxt


def distance(total: Num, nxt: Num, rules: Sequence[LevelRule]) -> Num:
    """Points still needed for the next level (NaN where there is none)."""
    thr = [vec.NAN if r.threshold is None else float(r.threshold) for r in rules] + [vec.NAN]
    need = np.asarray(thr)[nxt.astype(int)] if isinstance(nxt, np.ndarray) else thr[int(nxt)]
    return vec.where(vec.ge(nxt, 0.0), vec.round6(vec.maximum(need - total, 0.0)), vec.NAN)


def score_range(total: Num, open_weighted_max: Num) -> tuple[Num, Num]:
    """(min, max): the confirmed total, and the total with every open item (missing 基准值/引领值, unconfirmed
    implausible value) at full marks."""
    return total, vec.round6(total + open_weighted_max)


def level_status(rank_confirmed: Num, rank_possible: Num) -> Num:
    """0 reached (nothing open could change it), 1 possible (a higher level is within reach), 2 not reached."""
    return vec.where(vec.gt(rank_possible, rank_confirmed), 1.0, vec.where(vec.ge(rank_confirmed, 0.0), 0.0, 2.0))


LEVEL_STATUS = ("reached", "possible", "not_reached")
