"""复制上年数据新建: next year's assessment started from last year's.

Inputs, answers, options and entered 基准值/引领值 are carried over (most change little from year to year and the
user corrects what did); the year moves on by one; every evidence state is reset, because last year's documents
must be checked again for the new year (their notes stay, as a reminder of what was supplied).

Every copied value of the inputs, the answers and the entered 基准值/引领值 is listed in ``carried`` (its draft path,
as the widgets write it: ``inputs.energy.electricity``, ``inputs.products.0.output``, ``answers.no_major_accident``)
and shown as 待核对 until the user edits or confirms it (ui.widgets removes the path). The enterprise's identity and
the calculation options are copied without a mark: they do not change with the year.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

MAX_YEAR = 2100  # scoring.models.Assessment.year's upper bound
CARRIED_SECTIONS = ("inputs", "answers", "benchmarks")  # what a new year must look at again


def _leaves(node: Any, prefix: str) -> list[str]:
    """Dotted paths of the non-empty values under `node`: dicts walked to their leaves, a list of records row by
    row, any other list (platform functions) as one value."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, f"{prefix}.{key}")]
    if isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        return [p for i, row in enumerate(node) for p in _leaves(row, f"{prefix}.{i}")]
    if node is None or node == "" or node == [] or node == {}:
        return []
    return [prefix]


def carried_paths(data: dict[str, Any]) -> list[str]:
    """The paths a copy marks 待核对: every non-empty value of the inputs, the answers and the entered benchmarks."""
    return [p for section in CARRIED_SECTIONS for p in _leaves(data.get(section), section)
            if isinstance(data.get(section), dict)]


def copy_forward(data: dict[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    """A new assessment dict from ``data`` (left unchanged): year + 1, evidence states cleared, no id, every copied
    value marked in ``carried``."""
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
    new["carried"] = carried_paths(new)
    return new
