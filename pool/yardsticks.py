"""District yardsticks derived from the pool (GB/T 36132-2025 §4.4.3): 基准值 = the industry average, 引领值 = the
level the best 5 % of the industry reach.

How each number is made (``derive_yardsticks``, all pandas groupby, no loop over firms):
* values: one column per yardstick key (an indicator id, or ``id@variant``); NaN = missing. Values flagged in
  ``excluded`` (plausibility warnings) and non-finite values are left out.
* 基准值: the plain mean of the firms' values (default), or the mean weighted by ``weights`` (工业总产值: for an
  intensity such as energy per output value that is total energy ÷ total output of the firms). With weights, a firm
  without a positive weight is left out of that indicator altogether, so n counts the same firms for both numbers.
  The standard says "行业平均水平" and names neither, hence confidence R.
* 引领值: the 95th percentile of the same firms (forward indicators) or the 5th (inverse ones: lower is better),
  unweighted (a share of firms), with numpy's default "linear" interpolation (pandas' too): for sorted values
  x₀…x₍ₙ₋₁₎ the q-quantile is x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋₊₁ − x_⌊h⌋) with h = q (n − 1).
* industry: an entry for every GB/T 4754 code some firm carries, and for each of its shorter prefixes (so a class
  no firm has yet still finds its group or division through ``YardstickSet.lookup``). An entry for a 4-digit
  class uses the class's firms when at least ``min_n`` of them have a value, else the group's (3 digits), else the
  division's (2 digits), else there is no entry; a group entry starts at the group, a division entry at the
  division. ``district_wide=True`` adds an entry over all firms (industry '', level "all"); off by default, since
  an average over all industries is not an industry average.
* n, the level used, and the spread (quartiles, min, max, a 10-bin histogram) are recorded on each entry.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from datetime import datetime

import numpy as np
import pandas as pd

from criteria import Catalogue, load_catalogue
from pool.batch import ColumnReader
from pool.columns import ColumnModel
from scoring.metrics import energy_tier_index, energy_total
from scoring.yardstick_set import (
    DIGITS_LEVEL,
    LEVEL_DIGITS,
    NOTE_MEAN_UNSPECIFIED,
    NOTE_POOL_NOT_INDUSTRY,
    Method,
    Spread,
    YardstickEntry,
    YardstickSet,
)

LEADING_QUANTILE = 0.95
HIST_BINS = 10
WEIGHT_COLUMN = "output_value_wan"  # 工业总产值（万元）
YARDSTICK_KINDS = ("forward", "inverse")  # count items (能碳平台功能 8/0) have yardsticks fixed by the standard

METHOD_NAMES = {"mean": "均值", "weighted_mean": "产值加权均值"}
LEVEL_NAMES = {"class": "小类（4 位）", "group": "中类（3 位）", "division": "大类（2 位）", "all": "全部行业"}
NOTE_TEXTS = {
    NOTE_MEAN_UNSPECIFIED: "GB/T 36132-2025 §4.4.3 只规定基准值“以行业平均水平为取值原则”、引领值“以覆盖本行业前5%的先进水平"
                           "为取值原则”，未说明用简单平均还是加权平均，也未规定分位数的插值方法；本表的取法为推定（R）。",
    NOTE_POOL_NOT_INDUSTRY: "数据来自本区培育库企业，不是全行业统计；培育库企业通常优于行业整体，基准值和引领值可能偏高（正向）或偏低（逆向）。",
}


# ---- the derivation ---------------------------------------------------------------------------------------


def derive_yardsticks(values: pd.DataFrame, industry: pd.Series, lower_is_better: Mapping[str, bool], *,
                      weights: pd.Series | None = None, excluded: pd.DataFrame | None = None, min_n: int = 10,
                      method: Method = "mean", district_wide: bool = False,
                      leading_quantile: float = LEADING_QUANTILE, bins: int = HIST_BINS) -> list[YardstickEntry]:
    """Entries for every column of ``values`` (rows = firms) and every industry code the firms carry (module doc).

    ``industry``: each firm's GB/T 4754 code (2–4 digits; anything else counts only for ``district_wide``).
    ``lower_is_better``: per column, or per indicator id for ``id@variant`` columns; every column must be covered
    (a direction is never guessed). ``excluded``: booleans of the same shape, True = leave the value out.
    ``weights``: required for method "weighted_mean"."""
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    if method not in ("mean", "weighted_mean"):
        raise ValueError(f"unknown method {method!r}")
    if method == "weighted_mean" and weights is None:
        raise ValueError("method 'weighted_mean' needs weights")
    keys = [str(c) for c in values.columns]
    inverse = []
    for k in keys:
        d = lower_is_better.get(k, lower_is_better.get(k.split("@", 1)[0]))
        if d is None:
            raise ValueError(f"no direction for {k!r}")
        inverse.append(bool(d))
    n_rows, n_cols = values.shape
    arr = values.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
    arr[~np.isfinite(arr)] = np.nan
    if excluded is not None:
        ex = excluded.reindex(index=values.index, columns=values.columns)
        arr[ex.fillna(False).to_numpy(dtype=bool)] = np.nan
    w_row = np.ones(n_rows)
    if method == "weighted_mean":
        assert weights is not None
        w_row = pd.to_numeric(weights.reindex(values.index), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        arr[~(w_row > 0)] = np.nan  # NaN compares False: no positive weight, no value

    # per firm: its code (valid 2–4 digits, else ''), factorised
    raw = industry.reindex(values.index).astype("string").str.strip()
    ok = raw.str.fullmatch(r"\d{2,4}").fillna(False).to_numpy(dtype=bool)
    code_of_row = np.where(ok, raw.fillna("").to_numpy(dtype=object), "")
    firm_codes, uniques = pd.factorize(code_of_row)
    code_uniques = [str(u) for u in uniques]

    rows, cols = np.nonzero(~np.isnan(arr))
    v = arr[rows, cols]
    w = w_row[rows]
    codes = np.asarray(firm_codes)[rows]
    lengths = np.array([len(u) for u in code_uniques], dtype=int)

    levels = [4, 3, 2] + ([0] if district_wide else [])
    stats: dict[tuple[int, str, int], tuple[int, float | None, float | None, Spread]] = {}  # (digits, prefix, col) → n, base, lead
    q_lo, q_hi = 1 - leading_quantile, leading_quantile
    for digits in levels:
        take = lengths[codes] >= digits
        if not take.any():
            continue
        prefixes = [u[:digits] for u in code_uniques]
        pref_codes, pref_uniques = pd.factorize(np.array(prefixes, dtype=object))
        pid = np.asarray(pref_codes)[codes[take]]
        gkey = pid.astype(np.int64) * n_cols + cols[take]
        stats.update(_group_stats(v[take], w[take], gkey, n_cols, [str(p) for p in pref_uniques], digits,
                                  inverse, q_lo, q_hi, min_n, bins, method))

    served = sorted({u[:k] for u in code_uniques if u for k in range(2, len(u) + 1)}, key=lambda c: (c[:2], c))
    out: list[YardstickEntry] = []
    for j, key in enumerate(keys):
        for code in served:
            for digits in (d for d in (4, 3, 2) if d <= len(code)):
                hit = stats.get((digits, code[:digits], j))
                if hit is not None:
                    out.append(_entry(key, code, digits, hit, method))
                    break
        if district_wide and (hit := stats.get((0, "", j))) is not None:
            out.append(_entry(key, "", 0, hit, method))
    return out


def _group_stats(v: np.ndarray, w: np.ndarray, gkey: np.ndarray, n_cols: int, prefixes: list[str], digits: int,
                 inverse: list[bool], q_lo: float, q_hi: float, min_n: int, bins: int,
                 method: Method) -> dict[tuple[int, str, int], tuple[int, float | None, float | None, Spread]]:
    """n, 基准值, 引领值 and spread of every (prefix, column) group with at least min_n values."""
    s = pd.Series(v)
    g = s.groupby(gkey, sort=True)
    n = g.size()
    keep = n.index[n.to_numpy() >= min_n]
    if not len(keep):
        return {}
    sel = np.isin(gkey, keep)
    v, w, gkey = v[sel], w[sel], gkey[sel]
    s = pd.Series(v)
    g = s.groupby(gkey, sort=True)
    n = g.size()
    if method == "weighted_mean":
        base = pd.Series(v * w).groupby(gkey, sort=True).sum() / pd.Series(w).groupby(gkey, sort=True).sum()
    else:
        base = g.mean()
    qs = g.quantile(np.array([q_lo, 0.25, 0.5, 0.75, q_hi])).unstack()  # interpolation="linear" (numpy's default)
    lo, hi = g.min(), g.max()
    # histogram: equal-width bins from min to max, the last one closed
    gi = np.searchsorted(n.index.to_numpy(), gkey)
    gmin, gmax = lo.to_numpy()[gi], hi.to_numpy()[gi]
    width = gmax - gmin
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(width > 0, np.floor((v - gmin) / width * bins), 0)
    b = np.clip(b, 0, bins - 1).astype(np.int64)
    hist = np.zeros((len(n), bins), dtype=np.int64)
    np.add.at(hist, (gi, b), 1)

    out: dict[tuple[int, str, int], tuple[int, float | None, float | None, Spread]] = {}
    qa = qs.to_numpy()
    for k, (gk, cnt, bv, mn, mx) in enumerate(zip(n.index.to_numpy(), n.to_numpy(), base.to_numpy(),
                                                   lo.to_numpy(), hi.to_numpy(), strict=True)):
        col = int(gk % n_cols)
        prefix = prefixes[int(gk // n_cols)]
        q = [float(x) for x in qa[k]]
        # quartiles kept in order and within [min, max] against float round-off
        p25, med, p75 = (float(x) for x in np.clip(np.maximum.accumulate(qa[k][1:4]), mn, mx))
        edges = (*(float(mn + (mx - mn) * i / bins) for i in range(bins)), float(mx)) if mx > mn \
            else (float(mn), float(mx))
        counts = tuple(int(c) for c in hist[k]) if mx > mn else (int(cnt),)
        spread = Spread(min=float(mn), p25=float(p25), median=float(med), p75=float(p75), max=float(mx),
                        bins=edges, counts=counts)
        lead = q[0] if inverse[col] else q[4]
        out[(digits, prefix, col)] = (int(cnt), _num(bv), _num(lead), spread)
    return out


def _num(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _entry(key: str, code: str, digits: int, hit: tuple[int, float | None, float | None, Spread],
           method: Method) -> YardstickEntry:
    n, base, lead, spread = hit
    return YardstickEntry(indicator=key, industry=code, level=DIGITS_LEVEL[digits], baseline=base,
                          leading=lead, n=n, spread=spread, method=method)


# ---- from a scored pool -----------------------------------------------------------------------------------


def yardstick_values(frame: pd.DataFrame, scores: pd.DataFrame, model: ColumnModel, *,
                     catalogue: Catalogue | None = None, default_year: int = 2025,
                     ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, bool]]:
    """The values, exclusions and directions of a scored pool (``pool.batch.score_frame``'s ``val.<id>``
    columns; ``warn.<id>`` boolean columns, when present, exclude values). Forward and inverse indicators only.
    A tiered indicator (``variant_by: energy_tier``) gives one column per band, ``<id>@<band id>``, holding the
    values of the firms in that band (the band from the firm's 综合能耗, as the engine picks it); it gets no
    column without a band, since mixing the bands is what the tiers avoid."""
    cat = catalogue or load_catalogue()
    cols: dict[str, pd.Series] = {}
    excl: dict[str, pd.Series] = {}
    lower: dict[str, bool] = {}
    tier: np.ndarray | None = None
    for _, ind in model.ruleset.indicators():
        if ind.kind not in YARDSTICK_KINDS or f"val.{ind.id}" not in scores.columns:
            continue
        val = pd.to_numeric(scores[f"val.{ind.id}"], errors="coerce").astype(float)
        warn = scores[f"warn.{ind.id}"].fillna(False).astype(bool) if f"warn.{ind.id}" in scores.columns \
            else pd.Series(False, index=scores.index)
        lower[ind.id] = ind.kind == "inverse"
        if ind.variant_by == "energy_tier":
            if tier is None:
                tier = _tiers(frame, cat, default_year)
            for k, t in enumerate(cat.reference.energy_tiers.ids()):
                key = f"{ind.id}@{t}"
                cols[key] = val.where(tier == k)
                excl[key] = warn
        else:
            cols[ind.id] = val
            excl[ind.id] = warn
    index = scores.index
    return pd.DataFrame(cols, index=index), pd.DataFrame(excl, index=index), lower


def _tiers(frame: pd.DataFrame, cat: Catalogue, default_year: int) -> np.ndarray:
    years = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan) \
        if "year" in frame.columns else np.full(len(frame), np.nan)
    r = ColumnReader(frame, cat.reference, np.where(np.isnan(years), float(default_year), years))
    return np.asarray(energy_tier_index(energy_total(r), cat.reference.energy_tiers)).astype(int)


def yardsticks_from_scores(frame: pd.DataFrame, scores: pd.DataFrame, model: ColumnModel, *, min_n: int = 10,
                           weighted: bool = False, district_wide: bool = False, catalogue: Catalogue | None = None,
                           default_year: int = 2025) -> list[YardstickEntry]:
    """``derive_yardsticks`` over a pool's frame (industry column "industry", weights "output_value_wan") and its
    scores (``pool.batch.score_frame`` / ``Pool.scores()``)."""
    values, excluded, lower = yardstick_values(frame, scores, model, catalogue=catalogue, default_year=default_year)
    industry = frame["industry"] if "industry" in frame.columns else pd.Series(pd.NA, index=frame.index)
    weights = frame[WEIGHT_COLUMN] if weighted and WEIGHT_COLUMN in frame.columns else None
    if weighted and weights is None:
        weights = pd.Series(np.nan, index=frame.index)
    return derive_yardsticks(values, industry.reindex(values.index), lower, weights=weights, excluded=excluded,
                             min_n=min_n, method="weighted_mean" if weighted else "mean",
                             district_wide=district_wide)


def source_text(district_name: str, year: int, n: int, method: Method, min_n: int) -> str:
    return (f"{district_name}培育库 {year} 年数据，n={n}，基准值 = {METHOD_NAMES[method]}、引领值 = 前 5 %（第 95 / 5 百分位，"
            f"线性插值）；行业小类不足 {min_n} 家时依次取中类、大类")


def pool_yardstick_set(frame: pd.DataFrame, scores: pd.DataFrame, model: ColumnModel, *, name: str = "",
                       district: str = "", year: int = 2025, min_n: int = 10, weighted: bool = False,
                       district_wide: bool = False, catalogue: Catalogue | None = None) -> YardstickSet:
    """An unpublished set (version 0) from a scored pool; the store gives it an id and a version."""
    cat = catalogue or load_catalogue()
    dist = cat.district
    district = district or dist.id
    district_name = dist.name.zh if district == dist.id else district
    method: Method = "weighted_mean" if weighted else "mean"
    entries = yardsticks_from_scores(frame, scores, model, min_n=min_n, weighted=weighted,
                                     district_wide=district_wide, catalogue=cat, default_year=year)
    return YardstickSet(name=name or f"{district_name} {year} 年区级基准值与引领值", district=district, year=year,
                        ruleset=model.ruleset.id, source=source_text(district_name, year, len(frame), method, min_n),
                        method=method, min_n=min_n, leading_quantile=LEADING_QUANTILE, entries=tuple(entries))


# ---- a readable sheet ---------------------------------------------------------------------------------------


SHEET_HEADERS = ("指标编号", "指标名称", "单位", "方向", "适用行业代码", "所属大类", "取值层级", "数据来自", "企业数 n", "基准值",
                 "引领值", "最小值", "下四分位数", "中位数", "上四分位数", "最大值", "分布（区间：企业数）", "方法", "来源")


def yardstick_frame(ys: YardstickSet, model: ColumnModel | None = None,
                    catalogue: Catalogue | None = None) -> pd.DataFrame:
    """One row per entry with Chinese headers (the xlsx sheet and the pool page's table)."""
    cat = catalogue or load_catalogue()
    rs = model.ruleset if model is not None else (cat.rulesets.get(ys.ruleset) if ys.ruleset else None)
    inds = {i.id: i for _, i in rs.indicators()} if rs is not None else {}
    tiers = {t.id: t.name.zh for t in cat.reference.energy_tiers.tiers}
    divisions = {i.code: i.name.zh for i in cat.reference.industries}
    rows = []
    for e in ys.entries:
        base_id, _, variant = e.indicator.partition("@")
        ind = inds.get(base_id)
        label = ind.name.zh if ind else base_id
        if variant:
            label += f"（{tiers.get(variant, variant)}）"
        sp = e.spread
        hist = "；".join(f"{sp.bins[i]:.4g}–{sp.bins[i + 1]:.4g}：{c}" for i, c in enumerate(sp.counts)) if sp else ""
        src = e.source_code
        rows.append([e.indicator, label, ind.unit if ind else "",
                     ("逆向" if ind.kind == "inverse" else "正向") if ind else "",
                     e.industry or "（全部）", divisions.get(e.industry[:2], "") if e.industry else "",
                     LEVEL_NAMES[e.level], src or "全部企业", e.n, e.baseline, e.leading,
                     *((sp.min, sp.p25, sp.median, sp.p75, sp.max) if sp else (None,) * 5), hist,
                     METHOD_NAMES[e.method], ys.source])
    return pd.DataFrame(rows, columns=list(SHEET_HEADERS))


def yardsticks_xlsx(ys: YardstickSet, model: ColumnModel | None = None, catalogue: Catalogue | None = None) -> bytes:
    """The set as a workbook: 说明 (what, how, confidence) and 区级基准值 (one row per entry). Text cells that
    Excel would read as formulas are neutralised."""
    from openpyxl import Workbook

    from pool.workbook import export_sheet_rows, neutralise

    df = yardstick_frame(ys, model, catalogue)
    wb = Workbook(write_only=True)
    info = wb.create_sheet("说明")
    when = ys.published_at.strftime("%Y-%m-%d %H:%M") if ys.published_at else "未发布"
    lines = [ys.name, f"区县：{ys.district}　年度：{ys.year}　规则集：{ys.ruleset or '—'}　版本：{ys.version or '未发布'}（{when}）",
             f"来源：{ys.source}", f"可信度：{ys.confidence}", f"导出时间：{datetime.now():%Y-%m-%d %H:%M}",
             *[NOTE_TEXTS.get(c, c) for c in ys.notes],
             "取值层级：小类企业数达到 n 下限时用小类，否则依次用中类、大类；仍不足时不给值（评分时按管理员值、企业填报值的顺序取用）。",
             "防公式注入：以 = + - @ 开头的文字单元格前已加单引号（'）。"]
    for line in lines:
        info.append([neutralise(line)])
    ws = wb.create_sheet("区级基准值")
    export_sheet_rows(ws, list(df.columns), df.astype(object).where(df.notna(), None).itertuples(index=False, name=None))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def summary_lines(ys: YardstickSet) -> list[str]:
    """A few lines for the command line: how many entries per level."""
    per: dict[str, int] = {}
    for e in ys.entries:
        per[e.level] = per.get(e.level, 0) + 1
    parts = "，".join(f"{LEVEL_NAMES[k]} {per[k]} 条" for k in LEVEL_DIGITS if k in per)
    return [f"{ys.name}：{len(ys.indicators())} 个指标，{len(ys.entries)} 条（{parts or '无'}）", f"来源：{ys.source}"]


__all__ = ["derive_yardsticks", "pool_yardstick_set", "yardstick_frame", "yardstick_values", "yardsticks_from_scores",
           "yardsticks_xlsx"]
