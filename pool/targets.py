"""A pool's progress against the targets of the district's green-manufacturing plan, where the pool can speak.

The targets are data (criteria/reference/district.yaml, each with its source and confidence), so another district
configures its own; an administrator may override a target value (`overrides`). Each target names a `metric` this
module knows how to compute from a scored pool:

* `municipal_or_higher_count`: enterprises whose level is the profile's municipal level (the level whose
  `recognition` is `municipal` in the profile's YAML, e.g. 宁波 四星) or higher. The pool shows who *reaches the score line*; being awarded is decided by the city, so the
  result is labelled as such.
* `solid_waste_utilisation_weighted_pct`: the pool's volume-weighted 一般工业固废综合利用率,
  Σ 综合利用量 ÷ Σ (产生量 + 综合利用往年贮存量) × 100 (B.11 applied to the pool's totals) over the enterprises that
  report both; the coverage is stated, because the pool is not the district's statistical population.
* `cleaner_production_audit_count`: enterprises that answered 是 to a passed 清洁生产审核 (the profile's fast track).
  The plan's target is a growth rate (≥ 5 %/年), so it can be judged only against last year's count (`previous`).

What the pool shows, how it was computed and what it covers are messages (`locales.Msg`, `pool_msg.targets.*`); the
page and the export render them (the export in Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from criteria.schema import District, DistrictTarget, Profile, Text
from locales import Msg, render, say, table
from pool.messages import pmsg

Status = Literal["met", "not_met", "unknown"]
CLEANER_PRODUCTION_ANSWERS = ("cleaner_production_audit_3y",)  # answer ids meaning "passed 清洁生产审核"


@dataclass(frozen=True)
class TargetProgress:
    id: str
    name: Text  # the catalogue's name of the target (zh, en)
    target: float | None
    unit: str
    value: float | None  # what the pool shows, in the target's unit
    value_text: Msg
    status: Status
    basis: Msg  # how the value was computed, and what it cannot say
    coverage: Msg
    source: str
    confidence: str


def municipal_level(profile: Profile) -> int | None:
    """Index of the profile's municipal level (catalogue data: `Level.recognition == "municipal"`), else None."""
    return next((i for i, lv in enumerate(profile.levels) if lv.recognition == "municipal"), None)


def _progress(t: DistrictTarget, target: float | None, value: float | None, text: Msg, status: Status, basis: Msg,
              coverage: Msg) -> TargetProgress:
    return TargetProgress(t.id, t.name, target, t.unit, value, text, status, basis, coverage, t.source, t.confidence)


def _t(code: str, /, **params: object) -> Msg:
    return pmsg("targets." + code, **params)


_NONE = _t("none")


def district_progress(frame: pd.DataFrame, scores: pd.DataFrame, profile: Profile, district: District, *,
                      overrides: dict[str, float] | None = None,
                      previous: dict[str, float] | None = None) -> list[TargetProgress]:
    """Progress of the pool on every target whose metric the pool can compute (others are listed as unknown)."""
    out = []
    n = len(frame)
    for t in district.targets:
        target = (overrides or {}).get(t.id, t.value)
        if t.metric == "municipal_or_higher_count":
            idx = municipal_level(profile)
            if idx is None:
                out.append(_progress(t, target, None, _NONE, "unknown",
                                     _t("no_municipal", profile=profile.name), _t("firms", n=n)))
                continue
            lv = profile.levels[idx]
            count = int((scores["level_rank"] >= idx).sum())
            status: Status = "unknown" if target is None else ("met" if count >= target else "not_met")
            thr = lv.min_total.value
            out.append(_progress(
                t, target, float(count), _t("firms", n=count), status,
                _t("municipal_basis", level=lv.name, threshold=f"{thr:g}") if thr is not None else
                _t("municipal_basis_no_line", level=lv.name), _t("pool_firms", n=n)))
        elif t.metric == "solid_waste_utilisation_weighted_pct":
            used = pd.to_numeric(frame["solid_waste_utilised_t"], errors="coerce").to_numpy(dtype=float)
            gen = pd.to_numeric(frame["solid_waste_generated_t"], errors="coerce").to_numpy(dtype=float)
            past = pd.to_numeric(frame["solid_waste_past_storage_utilised_t"], errors="coerce").to_numpy(dtype=float)
            ok = ~np.isnan(used) & ~np.isnan(gen)
            den = float((gen[ok] + np.nan_to_num(past[ok])).sum())
            if not ok.any() or den <= 0:
                out.append(_progress(t, target, None, _NONE, "unknown", _t("waste_none"), _t("firms_of", k=0, n=n)))
                continue
            rate = float(used[ok].sum()) / den * 100
            status = "unknown" if target is None else ("met" if rate >= target else "not_met")
            out.append(_progress(t, target, rate, _t("percent", v=f"{rate:.2f}"), status, _t("waste_basis"),
                                 _t("waste_coverage", k=int(ok.sum()), n=n, total=f"{float(gen[ok].sum()):,.1f}")))
        elif t.metric == "cleaner_production_audit_count":
            cols = [f"ans.{a}" for a in CLEANER_PRODUCTION_ANSWERS if f"ans.{a}" in frame.columns]
            if not cols:
                out.append(_progress(t, target, None, _NONE, "unknown", _t("cp_no_answer"), _t("firms", n=n)))
                continue
            yes = np.zeros(n, dtype=bool)
            answered = np.zeros(n, dtype=bool)
            for c in cols:
                col = frame[c]
                yes |= col.fillna(False).astype(bool).to_numpy() if col.dtype == "boolean" else \
                    col.astype(object).map(lambda v: v is True).to_numpy(dtype=bool)
                answered |= col.notna().to_numpy()
            count = int(yes.sum())
            prev = (previous or {}).get(t.id)
            if prev:
                growth = (count / prev - 1) * 100
                status = "unknown" if target is None else ("met" if growth >= target else "not_met")
                out.append(_progress(t, target, growth,
                                     _t("cp_growth", n=count, prev=f"{prev:g}", growth=f"{growth:.1f}"), status,
                                     _t("cp_basis"), _t("answered", k=int(answered.sum()), n=n)))
            else:
                out.append(_progress(t, target, None, _t("firms", n=count), "unknown", _t("cp_needs_previous"),
                                     _t("answered", k=int(answered.sum()), n=n)))
        else:
            out.append(_progress(t, target, None, _NONE, "unknown", _t("unknown_metric", metric=t.metric),
                                 _t("firms", n=n)))
    return out


def unit_in(lang: str, unit: str) -> str:
    """A target's unit in `lang` (locales `units.*`), or as it is."""
    return say(lang, f"units.{unit}") if f"units.{unit}" in table(lang) else unit


def target_text(lang: str, item: TargetProgress) -> str:
    return "—" if item.target is None else f"{item.target:g} {unit_in(lang, item.unit)}"


def progress_frame(items: list[TargetProgress], lang: str) -> pd.DataFrame:
    """The targets as a table in `lang` (the Excel export passes "zh"). The plan document a target comes from is
    named in Chinese only (catalogue data), so other languages show its confidence alone."""
    def head(key: str) -> str:
        return say(lang, f"pool_msg.targets.col.{key}")

    return pd.DataFrame({
        head("name"): [i.name.get(lang) for i in items],
        head("target"): [target_text(lang, i) for i in items],
        head("value"): [render(lang, i.value_text) for i in items],
        head("status"): [say(lang, f"pool_msg.targets.status.{i.status}") for i in items],
        head("basis"): [render(lang, i.basis) for i in items], head("coverage"): [render(lang, i.coverage) for i in items],
        head("source"): [f"{i.source} [{i.confidence}]" if lang == "zh" else f"[{i.confidence}]" for i in items]},
        dtype="str")
