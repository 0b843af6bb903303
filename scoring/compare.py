"""Before/after comparison of two results of one enterprise (a consultant's diagnosis and its follow-up).

Both results must come from the same rule-set so that dimensions and indicators line up; comparing across
rule-sets is refused with a message, because the points would not mean the same thing.
"""

from __future__ import annotations

from pydantic import BaseModel

from criteria.schema import Text
from locales import Msg, msg
from scoring.models import Result


class Delta(BaseModel):
    id: str
    name: Text
    dimension: str = ""
    unit: str = ""
    before: float | None  # score (dimension) or value (indicator)
    after: float | None
    points_before: float
    points_after: float
    max: float

    @property
    def points_delta(self) -> float:
        return self.points_after - self.points_before

    @property
    def value_delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


class Comparison(BaseModel):
    ruleset: str
    profile: str
    total_before: float
    total_after: float
    level_before: Text | None
    level_after: Text | None
    eligible_before: bool
    eligible_after: bool
    dimensions: list[Delta]
    indicators: list[Delta]

    @property
    def total_delta(self) -> float:
        return self.total_after - self.total_before

    def improved(self, limit: int = 5) -> list[Delta]:
        return sorted((d for d in self.indicators if d.points_delta > 1e-9), key=lambda d: -d.points_delta)[:limit]

    def worsened(self, limit: int = 5) -> list[Delta]:
        return sorted((d for d in self.indicators if d.points_delta < -1e-9), key=lambda d: d.points_delta)[:limit]


class IncomparableResults(ValueError):
    """Two results of different rule-sets; `message` says which."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.code)
        self.message = message


def compare(before: Result, after: Result) -> Comparison:
    if before.ruleset != after.ruleset:
        raise IncomparableResults(msg("engine.incomparable", before=before.ruleset_name, after=after.ruleset_name))
    dims_after = {d.id: d for d in after.dimensions}
    dims = [Delta(id=d.id, name=d.name, before=d.score, after=dims_after[d.id].score, points_before=d.score,
                  points_after=dims_after[d.id].score, max=d.max)
            for d in before.dimensions if d.id in dims_after]
    ind_after = {i.id: i for i in after.indicators}
    inds = []
    for i in before.indicators:
        j = ind_after.get(i.id)
        if j is None or (i.state == "not_applicable" and j.state == "not_applicable"):
            continue
        inds.append(Delta(id=i.id, name=i.name, dimension=i.dimension, unit=i.unit, before=i.value, after=j.value,
                          points_before=i.weighted, points_after=j.weighted,
                          max=max(i.weighted_max, j.weighted_max)))
    return Comparison(
        ruleset=after.ruleset, profile=after.profile, total_before=before.total, total_after=after.total,
        level_before=before.level_name, level_after=after.level_name, eligible_before=before.eligible,
        eligible_after=after.eligible, dimensions=dims, indicators=inds,
    )
