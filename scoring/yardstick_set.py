"""District yardsticks: a set of 基准值 / 引领值 per indicator and industry, derived from a pool and published.

GB/T 36132-2025 §4.4.3: 引领值 "以覆盖本行业前5%的先进水平为取值原则", 基准值 "以行业平均水平为取值原则".
A district derives both from its enterprise pool (``pool.yardsticks``), an official publishes the set
(``store.yardsticks``) and every result scored with it records the set's id and version.

Entries are keyed by indicator (an indicator id, or ``"<id>@<variant>"`` for tiered ones such as the renewable
share by energy-use band) and by the GB/T 4754 code they serve ('' = every industry). ``lookup`` picks, for an
enterprise's code, the entry of the most specific code that is a prefix of it (4 → 3 → 2 digits → '').
``level`` says whose firms made the numbers: an entry for class 3812 with level "group" was computed from all
firms of group 381, because class 3812 alone had fewer than ``min_n`` firms with a value.

No message texts here: ``notes`` holds codes, the edge looks the words up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import datetime
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Level = Literal["class", "group", "division", "all"]
Method = Literal["mean", "weighted_mean"]
Confidence = Literal["V", "S", "R"]
LEVEL_DIGITS: dict[str, int] = {"class": 4, "group": 3, "division": 2, "all": 0}
DIGITS_LEVEL: dict[int, str] = {v: k for k, v in LEVEL_DIGITS.items()}

# notes (codes): the standard names the principle (industry average, the best 5 %) but neither a plain nor a
# weighted mean; and a pool is the district's enterprises, not the whole industry.
NOTE_MEAN_UNSPECIFIED = "mean_kind_unspecified"
NOTE_POOL_NOT_INDUSTRY = "pool_not_whole_industry"
DEFAULT_NOTES = (NOTE_MEAN_UNSPECIFIED, NOTE_POOL_NOT_INDUSTRY)

KEY_RE = re.compile(r"[A-Za-z0-9_\-.]{1,80}(@[A-Za-z0-9_\-.]{1,18})?")  # as store.profile_settings keys
CODE_RE = re.compile(r"(\d{2,4})?")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _finite(v: float | None, what: str) -> None:
    if v is not None and not math.isfinite(v):
        raise ValueError(f"{what} must be finite")


class Spread(_Model):
    """How the values behind an entry are spread: quartiles and an equal-width histogram from min to max
    (``bins`` are the k + 1 edges, ``counts`` the k counts; the last bin includes max)."""

    min: float
    p25: float
    median: float
    p75: float
    max: float
    bins: tuple[float, ...]
    counts: tuple[int, ...]

    @model_validator(mode="after")
    def _check(self) -> Spread:
        for name in ("min", "p25", "median", "p75", "max"):
            _finite(getattr(self, name), name)
        for b in self.bins:
            _finite(b, "bin edge")
        if not self.min <= self.p25 <= self.median <= self.p75 <= self.max:
            raise ValueError("spread must satisfy min <= p25 <= median <= p75 <= max")
        if len(self.bins) != len(self.counts) + 1 or not self.counts:
            raise ValueError("bins must be the edges of counts (len(counts) + 1)")
        if any(c < 0 for c in self.counts) or list(self.bins) != sorted(self.bins):
            raise ValueError("counts must be >= 0 and bins ascending")
        return self


class YardstickEntry(_Model):
    indicator: str  # indicator id, or "<id>@<variant>"
    industry: str = ""  # the GB/T 4754 code this entry serves; '' = every industry
    level: Level  # whose firms were used: the class, group or division of `industry`, or all firms
    baseline: float | None  # 基准值: the (weighted) mean
    leading: float | None  # 引领值: the 95th percentile in the better direction (5th for inverse indicators)
    n: int = Field(ge=0)  # firms whose value was used
    spread: Spread | None = None  # None where a reader is not shown the distribution
    method: Method = "mean"

    @field_validator("indicator")
    @classmethod
    def _key(cls, v: str) -> str:
        if not KEY_RE.fullmatch(v):
            raise ValueError("indicator must be an indicator id or id@variant")
        return v

    @field_validator("industry")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE_RE.fullmatch(v):
            raise ValueError("industry must be '' or a GB/T 4754 code of 2-4 digits")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> YardstickEntry:
        _finite(self.baseline, "baseline")
        _finite(self.leading, "leading")
        digits = LEVEL_DIGITS[self.level]
        if (self.level == "all") != (self.industry == "") or digits > len(self.industry):
            raise ValueError("level must be the industry's own code level or a coarser one ('all' only for '')")
        if self.spread is not None and sum(self.spread.counts) != self.n:
            raise ValueError("the histogram counts must add up to n")
        return self

    @property
    def source_code(self) -> str:
        """The code whose firms made the numbers ('' = all firms)."""
        return self.industry[: LEVEL_DIGITS[self.level]]


class YardstickSet(_Model):
    """A district's yardsticks for one rule-set and year. The store fills id, version, published_by/at."""

    id: str = ""
    name: str = Field(min_length=1, max_length=200)
    district: str = Field(min_length=1, max_length=64)  # the district id of orgs and jurisdictions, e.g. "haishu"
    year: int = Field(ge=1990, le=2100)
    version: int = Field(default=0, ge=0)  # 0 = not published yet
    published_by: str = ""  # user id
    published_at: datetime | None = None
    ruleset: str = ""  # the rule-set whose indicator ids the entries use
    source: str = Field(default="", max_length=500)  # e.g. "海曙区培育库 2025 年数据，n=37，均值 / 前 5 %"
    method: Method = "mean"
    min_n: int = Field(default=10, ge=1)
    leading_quantile: float = Field(default=0.95, gt=0.5, lt=1)  # inverse indicators use 1 − this
    interpolation: Literal["linear"] = "linear"  # numpy's default quantile method
    confidence: Confidence = "R"
    notes: tuple[str, ...] = DEFAULT_NOTES  # codes
    entries: tuple[YardstickEntry, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> YardstickSet:
        if len(self.entry_index) != len(self.entries):
            raise ValueError("two entries for the same indicator and industry")
        if any(e.method != self.method for e in self.entries):
            raise ValueError("every entry must use the set's method")
        return self

    @cached_property
    def entry_index(self) -> dict[tuple[str, str], YardstickEntry]:
        return {(e.indicator, e.industry): e for e in self.entries}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> YardstickSet:
        new = super().model_copy(update=update, deep=deep)
        new.__dict__.pop("entry_index", None)  # the cached index follows the copy's entries
        return new

    def lookup(self, indicator: str, industry: str | None) -> YardstickEntry | None:
        """The entry of the most specific code that is a prefix of the firm's code (4 → 3 → 2 digits → '')."""
        code = (industry or "").strip()
        index = self.entry_index
        for k in range(min(len(code), 4), 1, -1):
            hit = index.get((indicator, code[:k]))
            if hit is not None:
                return hit
        return index.get((indicator, ""))

    def indicators(self) -> list[str]:
        return sorted({e.indicator for e in self.entries})
