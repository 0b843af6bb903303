"""What a district reads from a pool: ranking, relative grades, distributions, the 镇街 × dimension matrix, the
enterprises closest to the next level with their cheapest plan, and the summary tables of the export. No Streamlit
here: the pool page only renders these frames.

Relative grades (企业绿码 style, the shares are `criteria.rules.GRADE_CUTS`, with their source):
* graded among **eligible** enterprises only (an enterprise that fails a gate gets no relative grade: ranking it
  by points it cannot use would mislead), once within the whole pool and once within its industry (GB/T 4754 大类);
* an enterprise's share = (number of graded enterprises with a strictly higher total) ÷ (number graded); A+ when the
  share is below 5 %, A below 40 %, B otherwise. Equal totals share a grade, and the grade does not depend on row
  order, so ties are deterministic; in a group of n the top ⌈0.05 n⌉ places are A+ (at least one);
* the ranking order is: eligible first, then total (high to low), then 统一社会信用代码.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from criteria.rules import GRADE_CUTS, GRADE_REST
from pool.columns import EVIDENCE, bench_for, split_list
from pool.messages import joined, pmsg
from pool.model import Pool
from scoring.engine import QUANTITATIVE, _resolve_benchmarks, score
from scoring.models import Assessment, Enterprise
from scoring.whatif import plan_to_level


def relative_grades(total: pd.Series, eligible: pd.Series, group: pd.Series | None = None) -> pd.Series:
    """A+ / A / B by share of eligible enterprises (in the same group) with a strictly higher total; NA if not graded."""
    out = pd.Series(pd.NA, index=total.index, dtype="str")
    graded = eligible.astype(bool).to_numpy()
    if not graded.any():
        return out
    keys = (group.fillna("—") if group is not None else pd.Series("all", index=total.index))[graded]
    by = total[graded].groupby(keys.to_numpy())
    share = (by.rank(method="min", ascending=False) - 1) / by.transform("size")
    out[graded] = np.select([share < cut for _, cut in GRADE_CUTS], [g for g, _ in GRADE_CUTS], GRADE_REST)
    return out


def _names(pool: Pool) -> tuple[dict[str, str], dict[str, str]]:
    m = pool.model
    return dict(m.accepted["town"].choices), {k: v.split(" ", 1)[-1] for k, v in m.accepted["industry"].choices}


def ranking(pool: Pool) -> pd.DataFrame:
    """One row per enterprise in ranking order, with both relative grades beside the absolute level
    (computed once per scoring of the pool)."""
    s = pool.scores()
    if pool._rank is None:
        pool._rank = _ranking(pool, s)
    return pool._rank.copy()


def _level_names(pool: Pool) -> dict[str, str]:
    return {lv.id: lv.name.zh for lv in pool.model.profile.levels}


def _ranking(pool: Pool, s: pd.DataFrame) -> pd.DataFrame:
    f = pool.frame
    assert f is not None
    towns, inds = _names(pool)
    codes, lists = pd.factorize(f[EVIDENCE])  # counted once per distinct list
    ev = pd.Series(np.array([*(len(split_list(v)) for v in lists), 0], dtype=np.int64)[codes], index=f.index)
    out = pd.DataFrame({
        "uscc": f["uscc"], "name": f["name"], "town": f["town"], "town_name": f["town"].map(towns),
        "industry": f["industry"], "industry_name": f["industry"].map(inds),
        "total": s["total"], "eligible": s["eligible"], "complete": s["complete"],
        "level": s["level"], "level_name": s["level_name"].replace("", pd.NA),
        "next_level_name": s["next_level_name"].replace("", pd.NA), "distance_to_next": s["distance_to_next"],
        "missing_count": s["missing_count"], "failed_count": s["failed_count"], "evidence_missing": ev,
        "level_rank": s["level_rank"], "level_status": s["level_status"],
        "possible_level_name": s["possible_level"].map(_level_names(pool)),
        "range_min": s["range_min"], "range_max": s["range_max"],
        "self_reported": s["self_reported"] if "self_reported" in s.columns else 0,
    })
    out["grade_pool"] = relative_grades(out["total"], out["eligible"])
    out["grade_industry"] = relative_grades(out["total"], out["eligible"], out["industry"])
    out = out.sort_values(["eligible", "total", "uscc"], ascending=[False, False, True], kind="mergesort")
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class RankFilter:
    towns: tuple[str, ...] = ()  # town ids; () = all (a jurisdiction filter passes its towns here)
    industries: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # level ids, "" = no level
    eligible_only: bool = False
    missing_evidence_only: bool = False


def apply_filter(rank: pd.DataFrame, flt: RankFilter) -> pd.DataFrame:
    keep = pd.Series(True, index=rank.index)
    if flt.towns:
        keep &= rank["town"].isin(flt.towns)
    if flt.industries:
        keep &= rank["industry"].isin(flt.industries)
    if flt.levels:
        keep &= rank["level"].fillna("").isin(flt.levels)
    if flt.eligible_only:
        keep &= rank["eligible"]
    if flt.missing_evidence_only:
        keep &= rank["evidence_missing"] > 0
    return rank[keep]


def indicator_values(pool: Pool, rows: pd.Index | None = None) -> pd.DataFrame:
    """Long table of quantitative indicator values (for the distribution charts)."""
    s = pool.scores() if rows is None else pool.scores().loc[rows]
    parts = []
    for _, ind in pool.model.ruleset.indicators():
        if ind.kind not in QUANTITATIVE:
            continue
        v = s[f"val.{ind.id}"].dropna()
        parts.append(pd.DataFrame({"indicator": ind.id, "name": ind.name.zh, "unit": ind.unit, "value": v.to_numpy()}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["indicator", "name", "unit", "value"])


def indicator_thresholds(pool: Pool, industry: str = "") -> pd.DataFrame:
    """基准值 and 引领值 the engine applies to an enterprise of `industry` ('' = the all-industries rows)."""
    a = Assessment(enterprise=Enterprise(industry=industry), benchmarks=bench_for(pool.bench, industry))
    rows = []
    for _, ind in pool.model.ruleset.indicators():
        if ind.kind not in QUANTITATIVE:
            continue
        b, lead = _resolve_benchmarks(ind, None, a, pool.model.profile, pool.settings, pool.cat)
        rows.append({"indicator": ind.id, "name": ind.name.zh, "baseline": b.value, "leading": lead.value,
                     "kind": ind.kind})
    return pd.DataFrame(rows)


def town_dimension(pool: Pool, rows: pd.Index | None = None) -> pd.DataFrame:
    """Mean score rate (% of the dimension's weight) per 镇街 and dimension, with the number of enterprises."""
    f, s = pool.frame, pool.scores()
    assert f is not None
    if rows is not None:
        f, s = f.loc[rows], s.loc[rows]
    towns, _ = _names(pool)
    out = []
    for dim in pool.model.ruleset.dimensions:
        w = float(dim.weight.value or 0)
        rate = s[f"dim.{dim.id}"] / w * 100 if w else s[f"dim.{dim.id}"] * 0
        g = pd.DataFrame({"town": f["town"].fillna("（未填）"), "rate": rate}).groupby("town")["rate"]
        sizes = g.size().to_dict()
        for town, mean in g.mean().items():
            out.append({"town": town, "town_name": towns.get(str(town), str(town)), "dimension": dim.id,
                        "dimension_name": dim.name.zh, "rate": round(float(mean), 1),
                        "n": int(sizes[town])})
    return pd.DataFrame(out)


def closest_to_levels(pool: Pool, per_level: int = 5, lang: str = "zh", usccs: pd.Series | None = None) -> pd.DataFrame:
    """For each level with a threshold: the enterprises not yet at it with the smallest gap in points (eligible ones
    first), each with the cheapest plan to reach it (scoring.whatif: blockers first, then a knapsack on effort).
    `usccs` restricts the candidates (a filter or a jurisdiction). `actions` is a message (the first four steps,
    each "item: action"), rendered by the page; `lang` is the language the engine words the steps in."""
    rank = ranking(pool)
    if usccs is not None:
        rank = rank[rank["uscc"].isin(usccs)]
    rows = []
    for i, lv in enumerate(pool.model.profile.levels):
        thr = (pool.settings.level_thresholds or {}).get(lv.id, lv.min_total.value)
        if thr is None:
            continue
        below = rank[rank["level_rank"] < i].copy()
        below["gap"] = (thr - below["total"]).clip(lower=0)
        below = below.sort_values(["eligible", "gap", "uscc"], ascending=[False, True, True]).head(per_level)
        for r in below.to_dict("records"):
            plan = _plan(pool, r["uscc"], lv.id, lang)
            rows.append({"level": lv.id, "level_name": lv.name.get(lang), "threshold": thr, "uscc": r["uscc"],
                         "name": r["name"], "town_name": r["town_name"], "total": r["total"],
                         "gap": round(float(r["gap"]), 2), "eligible": r["eligible"], **plan})
    return pd.DataFrame(rows)


def _plan(pool: Pool, uscc: str, level: str, lang: str) -> dict[str, Any]:
    a = pool.assessment(uscc)
    result = score(a, pool.catalogue, settings=pool.settings)
    plan = plan_to_level(a, result, level, pool.catalogue)
    acts = [pmsg("closest.step", name=s.name, action=s.action) if s.action else s.name for s in plan.steps]
    return {"reachable": plan.reachable, "steps": len(plan.steps), "cost": plan.total_cost,
            "actions": joined(acts, 4, sep="clause"), "plan_message": plan.note}


# ---- the export's summary sheets --------------------------------------------------------------------------


def plan_summary(pool: Pool) -> pd.DataFrame:
    """培育计划汇总表: one row per enterprise in ranking order."""
    r = ranking(pool)
    f = pool.frame.set_index("uscc")
    scale = {"above": "规上", "below": "规下"}
    out = pd.DataFrame({
        "序号": r["rank"], "企业名称": r["name"], "统一社会信用代码": r["uscc"], "所在镇街": r["town_name"],
        "所属行业": r["industry"].fillna("") + " " + r["industry_name"].fillna(""),
        "企业规模": r["uscc"].map(f["scale"]).map(scale),
        "自评总分": r["total"].round(2), "满足基本要求": r["eligible"].map({True: "是", False: "否"}),
        "数据完整": r["complete"].map({True: "是", False: "否"}),
        "当前等级": r["level_name"].fillna("未达到"), "资源池相对等级": r["grade_pool"].fillna("—"),
        "行业内相对等级": r["grade_industry"].fillna("—"), "下一目标等级": r["next_level_name"].fillna("—"),
        "距下一等级（分）": r["distance_to_next"].round(2),
        "缺失数据项": r["missing_count"], "证明材料缺失项": r["evidence_missing"],
        "联系人": r["uscc"].map(f["contact"]), "评价人或咨询机构": r["uscc"].map(f["assessor"]),
    })
    return out


def indicator_summary(pool: Pool) -> pd.DataFrame:
    """绩效指标汇总表: each quantitative indicator's value (with unit) and its points, per enterprise."""
    r = ranking(pool)
    s = pool.scores()
    f = pool.frame
    assert f is not None
    pos = pd.Series(np.arange(len(f)), index=f["uscc"].to_numpy())
    order = pos.loc[r["uscc"]].to_numpy()
    out = pd.DataFrame({"序号": r["rank"].to_numpy(), "企业名称": r["name"].to_numpy(),
                        "统一社会信用代码": r["uscc"].to_numpy(), "所在镇街": r["town_name"].to_numpy()})
    for dim in pool.model.ruleset.dimensions:
        out[f"{dim.name.zh}得分（满分 {dim.weight.value:g}）"] = s[f"dim.{dim.id}"].to_numpy()[order].round(3)
    for _, ind in pool.model.ruleset.indicators():
        if ind.kind in QUANTITATIVE:
            out[f"{ind.name.zh}（{ind.unit}）"] = s[f"val.{ind.id}"].to_numpy()[order]
        out[f"{ind.name.zh} 得分"] = s[f"pts.{ind.id}"].to_numpy()[order].round(3)
    out["自评总分"] = r["total"].to_numpy()
    return out
