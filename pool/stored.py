"""Stored assessments in a pool: each one scored by the engine itself, with the settings it is scored with in the
wizard (the administrator's values and the district set it is pinned to), so the official's screening, the
enterprise's results page and the PDF give one verdict for the same input.

A pool row of a stored assessment keeps the flat columns (filters, districts' targets, exports read them), but its
scores are the engine's Result laid out as ``pool.batch.score_frame`` lays out its columns (``result_row``). The
drill-down and its PDF use the stored original Assessment and its full Result, every yardstick source included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from criteria import Catalogue
from locales import render
from pool.batch import STATES
from scoring.engine import QUANTITATIVE, Settings, score
from scoring.models import Assessment, Result


@dataclass(frozen=True)
class Stored:
    """One stored assessment and the settings the wizard scores it with."""

    assessment: Assessment
    settings: Settings

    def result(self, catalogue: Catalogue | None = None) -> Result:
        return score(self.assessment, catalogue, settings=self.settings)


def result_row(r: Result, level_ids: list[str], lang: str = "zh") -> dict[str, Any]:
    """One engine Result as a row of ``score_frame``'s columns (level names in `lang`, as the frame has them)."""
    rank = level_ids.index(r.level) if r.level in level_ids else -1
    row: dict[str, Any] = {
        "total": r.total, "max_total": r.max_total, "eligible": r.eligible, "complete": r.complete,
        "missing_count": len(r.missing), "failed_count": len(r.failed_gates),
        "level": r.level, "level_name": render(lang, r.level_name), "level_rank": rank,
        "next_level": r.next_level, "next_level_name": render(lang, r.next_level_name),
        "distance_to_next": np.nan if r.distance_to_next is None else r.distance_to_next,
        "range_min": r.range.min if r.range else r.total, "range_max": r.range.max if r.range else r.total,
        "level_status": r.level_status, "possible_level": r.possible_level,
        "self_reported": sum(1 for i in r.indicators if i.state != "not_applicable" and any(
            b is not None and b.origin == "entered" for b in (i.baseline, i.leading))),
    }
    for d in r.dimensions:
        row[f"dim.{d.id}"] = d.score
    for i in r.indicators:
        quantitative = i.kind in QUANTITATIVE
        row[f"val.{i.id}"] = (np.nan if i.value is None or i.state == "not_applicable" else i.value) \
            if quantitative else np.nan
        row[f"state.{i.id}"] = i.state
        row[f"pts.{i.id}"] = i.weighted
        if quantitative:
            row[f"warn.{i.id}"] = i.implausible
    return row


def overlay(scores: pd.DataFrame, frame: pd.DataFrame, stored: Mapping[str, Stored], level_ids: list[str],
            catalogue: Catalogue | None = None, lang: str = "zh") -> pd.DataFrame:
    """``scores`` with the rows of stored assessments (by 统一社会信用代码) replaced by the engine's results."""
    if not stored or scores.empty:
        return scores
    codes = frame["uscc"].to_numpy(dtype=object)
    hits = [(k, code) for k, code in enumerate(codes) if code in stored]
    if not hits:
        return scores
    out = scores.copy()
    rows = pd.DataFrame([result_row(stored[code].result(catalogue), level_ids, lang) for _, code in hits],
                        index=out.index[[k for k, _ in hits]])
    if "self_reported" not in out.columns:  # only stored assessments carry their own yardsticks
        out["self_reported"] = 0
    for col in rows.columns:
        if col not in out.columns:
            continue
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
            out.loc[rows.index, col] = rows[col]
            out[col] = pd.Categorical(out[col], categories=list(STATES))
        else:
            out.loc[rows.index, col] = rows[col].to_numpy()
    return out
