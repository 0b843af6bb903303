"""复制上年数据新建: next year's assessment started from last year's.

Inputs, answers, options and entered 基准值/引领值 are carried over (most change little from year to year and the
user corrects what did); the year moves on by one; every evidence state is reset, because last year's documents
must be checked again for the new year (their notes stay, as a reminder of what was supplied).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

MAX_YEAR = 2100  # scoring.models.Assessment.year's upper bound


def copy_forward(data: dict[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    """A new assessment dict from ``data`` (left unchanged): year + 1, evidence states cleared, no id."""
    new = copy.deepcopy(data)
    new["id"] = ""
    year = new.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        new["year"] = min(year + 1, MAX_YEAR)
    else:
        new["year"] = (today or dt.date.today()).year
    evidence = new.get("evidence")
    if isinstance(evidence, dict):
        for item in evidence.values():
            if isinstance(item, dict):
                item["state"] = None
    return new
