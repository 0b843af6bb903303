"""A fictitious demo pool (示例企业) across 海曙区's towns and industries, for demos, tests and benchmarks.

Every enterprise is invented and labelled as such: names read「示例企业001·海曙某某泵业有限公司（虚构）」, the
统一社会信用代码 carries the marker `XN` (虚拟) in the organisation part and a valid check character, and every figure
is drawn at random. No real company appears; the plan's appendices name real ones, and they are not used.
Towns come from criteria/reference/district.yaml and industries from reference.yaml. The benchmark table uses the
sample values of scoring.example (tagged as sample values, not official figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from criteria import Catalogue, load_catalogue
from pool.columns import (
    EVIDENCE,
    POLLUTANT_LIMIT,
    POLLUTANT_MEAN,
    POLLUTANT_TOTAL,
    ColumnModel,
    pool_model,
    tier_labels,
)
from scoring.example import EXAMPLE_BENCHMARKS
from scoring.models import uscc_with_check

DEMO_SOURCE = "示例值（演示用虚构数据，非官方基准）"
USCC_PREFIX = "91330203XN"  # 9 = 工商, 1 = 企业, 330203 = 海曙区, "XN" (虚拟) marks a demo code

# Haishu's key industries (plan §10) weigh more: 纺织服装, 汽车零部件, 文教用品, 家居, 电子, 泵/电机/水表, 资源综合利用.
INDUSTRY_WEIGHTS = {"17": 6, "18": 8, "21": 3, "24": 5, "29": 4, "33": 6, "34": 8, "35": 3, "36": 6, "38": 7,
                    "39": 4, "40": 3, "42": 2}
TRADE_WORDS = {"17": ("纺织", "t"), "18": ("服饰", "件"), "21": ("家居用品", "件"), "24": ("文具", "件"),
               "29": ("塑料制品", "t"), "33": ("五金", "t"), "34": ("泵业", "台"), "35": ("机械", "台"),
               "36": ("汽车零部件", "件"), "38": ("电机", "台"), "39": ("电子", "件"), "40": ("仪表", "台"),
               "42": ("再生资源", "t")}
# Towns with more industry (those named in the plan) weigh more than the central subdistricts.
TOWN_WEIGHTS = {"jishigang": 8, "gulin": 8, "gaoqiao": 8, "hengjie": 6, "yinjiang": 5, "dongqiao": 6,
                "shiqi": 7, "wangchun": 7, "zhangshui": 3, "longguan": 2, "baiyun": 1, "duantang": 2}


def demo_name(i: int, industry: str, width: int = 3) -> str:
    word = TRADE_WORDS.get(industry, ("制造", ""))[0]
    return f"示例企业{i:0{width}d}·海曙某某{word}有限公司（虚构）"


def demo_uscc(i: int) -> str:
    return uscc_with_check(f"{USCC_PREFIX}{i:07d}")


_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # GB 32100-2015


def demo_usccs(idx: np.ndarray) -> list[str]:
    """demo_uscc for many numbers at once (the same codes; the check character computed on columns)."""
    prefix = sum(_CHARS.index(ch) * w for ch, w in zip(USCC_PREFIX, _WEIGHTS, strict=False))
    total = np.full(len(idx), prefix, dtype=np.int64)
    digits = np.array(idx, dtype=np.int64)  # a copy: divided in place below
    for pos in range(16, len(USCC_PREFIX) - 1, -1):
        total += (digits % 10) * _WEIGHTS[pos]
        digits //= 10
    check = np.array(list(_CHARS))[(31 - total % 31) % 31]
    return [f"{USCC_PREFIX}{int(i):07d}{c}" for i, c in zip(idx, check, strict=True)]


def _weights(keys: list[str], table: dict[str, int]) -> np.ndarray:
    w = np.array([table.get(k, 1) for k in keys], dtype=float)
    shares: np.ndarray = w / w.sum()  # numpy types the division as Any
    return shares


def demo_pool(n: int = 60, seed: int = 0, ruleset_id: str | None = None, profile_id: str | None = None,
              catalogue: Catalogue | None = None, year: int = 2025, start: int = 1) -> pd.DataFrame:
    """A typed pool frame of `n` fictitious enterprises (the same seed gives the same pool)."""
    cat = catalogue or load_catalogue()
    model = pool_model(ruleset_id, profile_id, catalogue)
    rng = np.random.default_rng(seed)
    industries = [i.code for i in cat.reference.industries if i.code in INDUSTRY_WEIGHTS]
    towns = [t.id for t in cat.district.towns]
    ind = rng.choice(industries, size=n, p=_weights(industries, INDUSTRY_WEIGHTS))
    town = rng.choice(towns, size=n, p=_weights(towns, TOWN_WEIGHTS))
    width = max(3, len(str(start + n - 1)))
    idx = np.arange(start, start + n)
    cols: dict[str, object] = {
        "name": [demo_name(int(i), str(k), width) for i, k in zip(idx, ind, strict=True)],
        "uscc": demo_usccs(idx),
        "town": town, "industry": ind,
        "scale": rng.choice(["above", "below"], size=n, p=[0.6, 0.4]),
        "year": np.full(n, float(year)),
        "contact": ["示例联系人"] * n, "assessor": rng.choice(["示例评价人", "示例咨询机构（虚构）"], size=n),
    }
    textile = np.isin(ind, ["17", "18"])
    q = rng.normal(0, 1, n)  # a latent "how green" per enterprise, so good practice goes together
    good = 1 / (1 + np.exp(-q))
    machinery = np.isin(ind, ["33", "34", "35", "38"])
    land = np.round(np.exp(rng.normal(np.log(22000), 0.6, n)), 0)
    density = np.exp(rng.normal(np.log(1.05), 0.4, n) + 0.15 * q)  # 万元/m²
    output = np.round(land * density, 1)
    plot = rng.uniform(0.5, 2.2, n)
    cover = rng.uniform(0.3, 0.65, n)
    cols |= {
        "land_area_m2": land, "building_floor_area_m2": np.round(land * plot * 0.95, 0),
        "structure_floor_area_m2": np.round(land * plot * 0.05, 0),
        "high_storey_extra_m2": np.where(rng.random(n) < 0.3, np.round(land * rng.uniform(0.02, 0.2, n), 0), 0.0),
        "building_footprint_m2": np.round(land * cover * 0.9, 0),
        "structure_footprint_m2": np.round(land * cover * 0.05, 0), "yard_area_m2": np.round(land * cover * 0.05, 0),
        "output_value_wan": output, "output_value_3y_wan": np.round(output * rng.uniform(2.5, 3.1, n), 1),
        "product_name": [TRADE_WORDS.get(str(k), ("产品", ""))[0] for k in ind],
        "product_unit": [TRADE_WORDS.get(str(k), ("", "件"))[1] for k in ind],
        "energy_quota_applies": rng.random(n) < np.where(textile, 0.3, 0.05),
        "water_quota_applies": rng.random(n) < np.where(textile, 0.4, 0.05),
    }
    unit_value = np.where(np.isin(ind, ["34", "35", "38", "40"]), rng.uniform(0.5, 3, n), rng.uniform(0.002, 0.05, n))
    cols["production_volume"] = np.round(output / unit_value, 0)
    # energy: intensity tce/万元, split between grid power, natural gas and a little diesel
    intensity = np.exp(rng.normal(np.log(np.where(textile, 0.06, 0.026)), 0.35, n) - 0.3 * q)
    energy_tce = output * intensity
    share = rng.uniform(0.6, 0.95, n)
    elec_kwh = np.round(energy_tce * share * 1000 / 0.1229, 0)
    pv = np.where(rng.random(n) < 0.3 + 0.5 * good, np.round(elec_kwh * rng.uniform(0.05, 0.4, n) * (0.5 + good), 0), np.nan)
    cols |= {
        "energy.electricity": elec_kwh,
        "energy.natural_gas": np.round(energy_tce * (1 - share) * 0.9 * 1000 / 1.2143, 0),
        "energy.diesel": np.round(energy_tce * (1 - share) * 0.1 * 1000 / 1457.1, 2),
        "energy.steam": np.where(textile & (rng.random(n) < 0.5), np.round(energy_tce * 0.2 * 1000 / 128.6, 0),
                                 np.nan),
        "pv_self_use_kwh": pv,
        "green_power_trade_kwh": np.where(rng.random(n) < 0.2 + 0.4 * good, np.round(elec_kwh * rng.uniform(0.05, 0.4, n), 0),
                                          np.nan),
        "gec_kwh": np.where(rng.random(n) < 0.1, np.round(elec_kwh * rng.uniform(0.01, 0.1, n), 0), np.nan),
    }
    for i, key in enumerate(k for k in model.accepted if k.startswith("platform.")):
        cols[key] = rng.random(n) < (0.45 + 0.5 * good - 0.04 * i)
    withdrawal = np.round(output * np.exp(rng.normal(np.log(np.where(textile, 2.5, 0.8)), 0.4, n) - 0.3 * q), 0)
    generated = np.round(output * rng.uniform(0.005, 0.05, n), 1)
    raw_mat = np.round(output * rng.uniform(0.05, 0.4, n), 1)
    treated = np.round(withdrawal * rng.uniform(0.3, 0.8, n), 0)
    cols |= {
        "raw_material_t": raw_mat, "green_material_t": np.round(raw_mat * rng.uniform(0.1, 0.6, n), 1),
        "same_class_material_t": raw_mat,
        "water_withdrawal_m3": withdrawal, "water_reused_m3": np.round(withdrawal * rng.uniform(0.5, 4, n) * (0.5 + 2 * good), 0),
        "wastewater_m3": treated, "wastewater_treated_m3": treated,
        "wastewater_reused_m3": np.round(treated * rng.uniform(0, 0.6, n), 0),
        "waste_gas_10k_m3": np.round(output * rng.uniform(0.1, 1.5, n), 0),
        "solid_waste_generated_t": generated,
        "solid_waste_utilised_t": np.round(generated * np.minimum(rng.beta(10 + 20 * good, 1, n), 1.0), 1),
        "solid_waste_past_storage_utilised_t": np.where(rng.random(n) < 0.1, np.round(generated * 0.02, 1), 0.0),
        "retrofit_projects_3y": np.round(rng.uniform(0, 6, n) + 5 * good).astype(float),
        "retrofit_investment_3y_wan": np.round(output * rng.uniform(0, 0.03, n) * 3, 1),
        POLLUTANT_TOTAL: np.round(output * rng.uniform(0.00002, 0.0003, n), 3),
    }
    limit = rng.choice([20.0, 50.0, 60.0, 100.0, 500.0], size=n)
    cols[POLLUTANT_LIMIT] = limit
    cols[POLLUTANT_MEAN] = np.round(limit * np.clip(rng.beta(2, 3, n) * 1.05, 0.02, None), 2)
    for key in (k for k in model.accepted if k.startswith("tech.")):
        cols[key] = np.where(rng.random(n) < 0.2 + 0.4 * good, rng.integers(1, 3, n), 0).astype(float)
    cats = rng.integers(1, 6, n)
    cols |= {
        "product_categories": cats.astype(float),
        "footprint_categories": np.minimum(np.round(cats * rng.beta(1 + 4 * good, 1.2, n)), cats).astype(float),
        "efficiency_standard_applies": machinery & (rng.random(n) < 0.7),
        "energy_saving_output_share_pct": np.round(rng.uniform(20, 100, n), 1),
    }
    _answers(cols, model, rng, n, good)
    frame = _typed(cols, model, n)
    _blank_some(frame, model, rng)
    return frame


def _answers(cols: dict[str, object], model: ColumnModel, rng: np.random.Generator, n: int,
             good: np.ndarray) -> None:
    rs, profile = model.ruleset, model.profile
    for g in (*rs.gates, *profile.gates):
        if g.options:
            p = [0.3, 0.55, 0.12, 0.03] if len(g.options) == 4 else None
            vals = rng.choice(list(g.options), size=n, p=p).astype(object)
        else:
            u = rng.random(n)
            vals = np.where(u < 0.006, not g.pass_if, g.pass_if).astype(object)
            vals[u > 0.995] = None
        cols[f"ans.{g.id}"] = vals
    for ft in profile.fast_tracks:
        cols[f"ans.{ft.id}"] = rng.random(n) < (0.15 if "clean" in ft.id else 0.06)
    for _, ind in rs.indicators():
        if ind.kind == "qualitative" and ind.rubric:
            ids = [lv.id for lv in rs.rubrics[ind.rubric].levels]
            u = rng.random(n) * 0.6 + 0.4 * good
            cols[f"ans.{ind.id}"] = np.array(ids, dtype=object)[np.minimum((u * len(ids)).astype(int), len(ids) - 1)]
        elif ind.kind == "yes_no":
            cols[f"ans.{ind.id}"] = rng.random(n) < (0.985 if ind.mandatory else 0.4 + 0.5 * good)
    ind_ids = np.array([i.id for _, i in rs.indicators()], dtype=object)
    k = rng.choice([0, 0, 0, 1, 2, 3], size=n)
    picks = ind_ids[rng.integers(0, len(ind_ids), size=(n, 3))]
    cols[EVIDENCE] = ["、".join(dict.fromkeys(picks[i, :k[i]])) if k[i] else None for i in range(n)]


def _typed(cols: Mapping[str, Any], model: ColumnModel, n: int) -> pd.DataFrame:
    data = {}
    for cid, dt in model.frame_dtypes().items():
        v = cols.get(cid)
        if v is None:
            data[cid] = pd.Series([None] * n, dtype=dt) if dt != "float64" else pd.Series(np.full(n, np.nan))
        else:
            data[cid] = pd.Series(list(v) if dt != "float64" else np.asarray(v, dtype=float), dtype=dt)
    return pd.DataFrame(data)


def _blank_some(frame: pd.DataFrame, model: ColumnModel, rng: np.random.Generator) -> None:
    """About 3 % of the number cells are left empty, as in real collections (the result says what is missing)."""
    for cid, col in model.accepted.items():
        if col.kind in ("number", "int") and cid in frame and not cid.startswith("opt."):
            mask = rng.random(len(frame)) < 0.03
            if mask.any():
                frame.loc[mask, cid] = np.nan


def demo_bench(ruleset_id: str | None = None, profile_id: str | None = None,
               catalogue: Catalogue | None = None) -> pd.DataFrame:
    """A pool benchmark table with the sample values of scoring.example for every quantitative indicator that
    has none in the catalogue, plus a textile-specific row to show per-industry benchmarks (all tagged 示例)."""
    model = pool_model(ruleset_id, profile_id, catalogue)
    rows: list[dict[str, Any]] = []
    for _, ind in model.ruleset.indicators():
        if ind.kind not in ("forward", "inverse", "count") or ind.metric not in EXAMPLE_BENCHMARKS:
            continue
        if ind.baseline is not None and ind.baseline.value is not None and ind.leading is not None \
                and ind.leading.value is not None:
            continue
        base, lead, _ = EXAMPLE_BENCHMARKS[ind.metric]
        keys = [f"{ind.id}@{t}" for t in tier_labels(catalogue)] if ind.variant_by == "energy_tier" else [ind.id]
        rows.extend({"indicator": k, "industry": None, "baseline": base, "leading": lead, "source": DEMO_SOURCE}
                    for k in keys)
        if ind.metric in ("energy_per_output_tce_wan", "water_per_output_m3_wan"):
            rows.append({"indicator": ind.id, "industry": "17", "baseline": base * 2.5, "leading": lead * 2.5,
                         "source": DEMO_SOURCE + "（纺织业）"})
    return pd.DataFrame(rows).astype({"indicator": "str", "industry": "str", "baseline": "float64",
                                      "leading": "float64", "source": "str"})
