"""Benchmark: the pool's two budgets, each printed beside a baseline measured in the same run.

    .venv/bin/python bench/pool.py [--rows 5000] [--big 100000] [--engine-sample 300] [--repeat 3]

1. A filled template of `--rows` enterprises (.xlsx, every column of the current rule-set) imported, validated,
   scored and ranked: goal < 0.5 s. Beside it, a bare openpyxl read of the same file
   (`load_workbook(read_only=True, data_only=True)` and every row of the data sheet as values), and the ratio.
2. Scoring `--big` enterprises already in memory (a fictitious demo pool): budget ≤ 0.5 s. Beside it, the floor of
   any column scorer on the same numbers (pandas: the weighted sum of every numeric column, a gate test per
   answer column, the total forced to 0 where a gate fails; stack-notes §7's pipeline), and the engine row by row
   on `--engine-sample` rows, extrapolated.
The demo pools are generated (not timed). Engine results on sampled rows are checked against the batch result.
Times are medians of `--repeat` runs; the machine is shared and noisy, so compare the ratios.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from criteria import load_catalogue
from pool.analysis import ranking
from pool.batch import score_frame
from pool.columns import ColumnModel, pool_model, row_to_assessment
from pool.demo import demo_bench, demo_pool
from pool.intake import import_table
from pool.model import Pool
from pool.workbook import DATA_SHEET, build_template
from scoring.engine import score

BUDGET_S = 0.5


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, list[float], object]:
    runs, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs, out


def fmt(runs: list[float]) -> str:
    return "[" + ", ".join(f"{r:.3f}" for r in runs) + "]"


def verdict(t: float) -> str:
    return "yes" if t <= BUDGET_S else "NO"


def engine_totals(frame: pd.DataFrame, model: ColumnModel, bench: pd.DataFrame,
                  rows: Iterable[int]) -> tuple[float, list[float]]:
    cat = load_catalogue()
    t = time.perf_counter()
    totals = [score(row_to_assessment(frame.iloc[i].to_dict(), model, bench), cat).total for i in rows]
    return time.perf_counter() - t, totals


def openpyxl_read(data: bytes) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    n = sum(1 for _ in wb[DATA_SHEET].iter_rows(values_only=True))
    wb.close()
    return n


def pandas_floor(frame: pd.DataFrame) -> Callable[[], pd.Series]:
    """The least any column scorer does on these numbers: weighted sum, gates, total 0 where a gate fails."""
    x = frame.select_dtypes("float64").fillna(0.0)
    w = pd.Series(np.linspace(0.5, 1.5, x.shape[1]), index=x.columns)
    gates = frame[[c for c in frame.columns if c.startswith("ans.")]].astype(object).eq(False)

    def run() -> pd.Series:
        total = (x / 100).mul(w).sum(axis=1)
        return total.where(~gates.any(axis=1), 0.0)

    return run


def sample(n: int, k: int) -> list[int]:
    return list(range(0, n, max(n // max(k, 1), 1)))[:k]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--big", type=int, default=100_000)
    p.add_argument("--engine-sample", type=int, default=300)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    model = pool_model()
    bench = demo_bench()
    load_catalogue()
    ok = True

    # 1. a pool file: import + validate + score + rank, beside a bare openpyxl read -----------------------------
    frame = demo_pool(args.rows, seed=1)
    data = build_template(model, bench, data=frame, rows=args.rows + 10)
    print(f"pool file: {args.rows} enterprises × {len(model.template)} columns, {len(data) / 1e6:.1f} MB xlsx "
          f"({model.ruleset.id} / {model.profile.id})")

    def whole_path() -> Pool:
        pool = Pool(bench=bench)
        pool.upsert(import_table(data, "pool.xlsx", model))
        ranking(pool)
        return pool

    whole_path()  # warm: column model, catalogue, imports
    t_opx, r_opx, _ = timed(lambda: openpyxl_read(data), args.repeat)
    t_imp, r_imp, res = timed(lambda: import_table(data, "pool.xlsx", model), args.repeat)
    t_all, r_all, pool = timed(whole_path, args.repeat)
    assert isinstance(pool, Pool) and len(pool) == args.rows and not res.errors  # type: ignore[union-attr]
    rows = sample(args.rows, min(args.engine_sample, args.rows))
    _, totals = engine_totals(pool.frame, model, bench, rows)  # type: ignore[arg-type]
    same = [float(pool.scores()["total"].iloc[i]) for i in rows] == totals
    ok &= same
    print(f"  openpyxl read-only load + rows         {t_opx:7.3f} s  {fmt(r_opx)}   (baseline)")
    print(f"  import (read + validate)               {t_imp:7.3f} s  {fmt(r_imp)}")
    print(f"  import + validate + score + rank       {t_all:7.3f} s  {fmt(r_all)}   goal < {BUDGET_S} s: "
          f"{verdict(t_all)}")
    print(f"  ratio openpyxl read / whole path       {t_opx / t_all:7.1f}×   "
          f"totals identical to the engine on {len(rows)} rows: {same}")

    # 2. scoring a big pool in memory, beside the pandas floor and the engine row by row -----------------------
    big = demo_pool(args.big, seed=2)
    score_frame(big.head(100), model, bench)  # warm caches (catalogue, column model)
    floor = pandas_floor(big)
    t_floor, r_floor, _ = timed(floor, args.repeat)
    t_big, r_big, scores = timed(lambda: score_frame(big, model, bench), args.repeat)
    rows = sample(args.big, args.engine_sample)
    t_e, totals = engine_totals(big, model, bench, rows)
    same = [float(scores["total"].iloc[i]) for i in rows] == totals  # type: ignore[index]
    ok &= same
    per_row = t_e / len(rows)
    print(f"big pool: {args.big} enterprises (in memory)")
    print(f"  pandas floor (weighted sum + gates)    {t_floor:7.3f} s  {fmt(r_floor)}   (baseline)")
    print(f"  batch score (pool.batch.score_frame)   {t_big:7.3f} s  {fmt(r_big)}   budget ≤ {BUDGET_S} s: "
          f"{verdict(t_big)}")
    print(f"  engine row by row                      {per_row * args.big:7.1f} s  ({per_row * 1000:.2f} ms/row, "
          f"extrapolated from {len(rows)} rows)")
    print(f"  ratio batch / pandas floor             {t_big / t_floor:7.1f}×   engine / batch "
          f"{per_row * args.big / t_big:.0f}×; totals identical on those rows: {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
