"""What changed between two drafts (two stored revisions of one assessment), field by field.

Drafts are JSON dicts in the shape of ``scoring.models.Assessment``; nested dicts are walked to their leaves (a path
such as ``inputs.energy.electricity``), a list of records (products, pollutants, cases) row by row, any other list
compared whole (``confirmed``, ``energy_platform_functions``). A missing key and ``None`` are the same: empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SKIP = ("id", "schema_version", "ruleset_version")  # bookkeeping, not something the user entered


@dataclass(frozen=True)
class FieldChange:
    path: tuple[str | int, ...]
    before: Any
    after: Any


def _leaves(data: Any, prefix: tuple[str | int, ...]) -> dict[tuple[str | int, ...], Any]:
    if isinstance(data, dict):
        out: dict[tuple[str | int, ...], Any] = {}
        for key, value in data.items():
            if not prefix and key in SKIP:
                continue
            out.update(_leaves(value, (*prefix, key)))
        return out
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        rows: dict[tuple[str | int, ...], Any] = {}
        for i, row in enumerate(data):
            rows.update(_leaves(row, (*prefix, i)))
        return rows
    if data is None or data == [] or data == "":
        return {}
    return {prefix: data}


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Every field whose value differs, in the order of ``after`` then fields only ``before`` has."""
    old, new = _leaves(before, ()), _leaves(after, ())
    paths = list(new) + [p for p in old if p not in new]
    return [FieldChange(p, old.get(p), new.get(p)) for p in paths if old.get(p) != new.get(p)]
