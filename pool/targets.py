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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from criteria.schema import District, DistrictTarget, Profile

Status = Literal["met", "not_met", "unknown"]
STATUS_ZH = {"met": "已达到", "not_met": "未达到", "unknown": "无法判断"}
CLEANER_PRODUCTION_ANSWERS = ("cleaner_production_audit_3y",)  # answer ids meaning "passed 清洁生产审核"


@dataclass(frozen=True)
class TargetProgress:
    id: str
    name: str
    target: float | None
    unit: str
    value: float | None  # what the pool shows, in the target's unit
    value_text: str
    status: Status
    basis: str  # how the value was computed, and what it cannot say
    coverage: str
    source: str
    confidence: str

    @property
    def status_zh(self) -> str:
        return STATUS_ZH[self.status]


def municipal_level(profile: Profile) -> int | None:
    """Index of the profile's municipal level (catalogue data: `Level.recognition == "municipal"`), else None."""
    return next((i for i, lv in enumerate(profile.levels) if lv.recognition == "municipal"), None)


def _progress(t: DistrictTarget, target: float | None, value: float | None, text: str, status: Status, basis: str,
              coverage: str) -> TargetProgress:
    return TargetProgress(t.id, t.name.zh, target, t.unit, value, text, status, basis, coverage, t.source,
                          t.confidence)


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
                out.append(_progress(t, target, None, "—", "unknown",
                                     f"所选方案「{profile.name.zh}」没有市级等级，无法统计", f"{n} 家"))
                continue
            lv = profile.levels[idx]
            count = int((scores["level_rank"] >= idx).sum())
            status: Status = "unknown" if target is None else ("met" if count >= target else "not_met")
            thr = lv.min_total.value
            out.append(_progress(
                t, target, float(count), f"{count} 家", status,
                f"达到「{lv.name.zh}」及以上（综合评分 ≥ {thr:g} 分且满足基本要求）的企业数。达到分数线只表示可被推荐，"
                "是否获评由市级部门决定；规划目标统计的是已获评的市级及以上绿色工厂。" if thr is not None else
                f"达到「{lv.name.zh}」及以上的企业数", f"资源池 {n} 家"))
        elif t.metric == "solid_waste_utilisation_weighted_pct":
            used = pd.to_numeric(frame["solid_waste_utilised_t"], errors="coerce").to_numpy(dtype=float)
            gen = pd.to_numeric(frame["solid_waste_generated_t"], errors="coerce").to_numpy(dtype=float)
            past = pd.to_numeric(frame["solid_waste_past_storage_utilised_t"], errors="coerce").to_numpy(dtype=float)
            ok = ~np.isnan(used) & ~np.isnan(gen)
            den = float((gen[ok] + np.nan_to_num(past[ok])).sum())
            if not ok.any() or den <= 0:
                out.append(_progress(t, target, None, "—", "unknown", "资源池中没有企业同时填报固废产生量和综合利用量",
                                     f"0/{n} 家"))
                continue
            rate = float(used[ok].sum()) / den * 100
            status = "unknown" if target is None else ("met" if rate >= target else "not_met")
            out.append(_progress(t, target, rate, f"{rate:.2f}%", status,
                                 "Σ 综合利用量 ÷ Σ（产生量 + 综合利用往年贮存量）× 100%，按各企业固废量加权；"
                                 "资源池只覆盖参评企业，不等于全区统计口径。",
                                 f"{int(ok.sum())}/{n} 家填报，产生量合计 {float(gen[ok].sum()):,.1f} t"))
        elif t.metric == "cleaner_production_audit_count":
            cols = [f"ans.{a}" for a in CLEANER_PRODUCTION_ANSWERS if f"ans.{a}" in frame.columns]
            if not cols:
                out.append(_progress(t, target, None, "—", "unknown",
                                     "所选方案没有“通过清洁生产审核”的作答项，资源池无法统计", f"{n} 家"))
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
                out.append(_progress(t, target, growth, f"{count} 家（上年 {prev:g} 家，增长 {growth:.1f}%）", status,
                                     "已通过清洁生产审核的企业数与上年比较。", f"{int(answered.sum())}/{n} 家作答"))
            else:
                out.append(_progress(t, target, None, f"{count} 家", "unknown",
                                     "规划目标是年度增长率，需与上年的家数比较才能判断；资源池本年统计为已通过清洁生产审核的企业数。",
                                     f"{int(answered.sum())}/{n} 家作答"))
        else:
            out.append(_progress(t, target, None, "—", "unknown", f"资源池无法计算指标 {t.metric}", f"{n} 家"))
    return out


def progress_frame(items: list[TargetProgress]) -> pd.DataFrame:
    return pd.DataFrame({
        "规划目标": [i.name for i in items],
        "目标值": ["—" if i.target is None else f"{i.target:g} {i.unit}" for i in items],
        "资源池现状": [i.value_text for i in items], "判断": [i.status_zh for i in items],
        "统计口径": [i.basis for i in items], "覆盖": [i.coverage for i in items],
        "目标来源": [f"{i.source} [{i.confidence}]" for i in items]}, dtype="str")
