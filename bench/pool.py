"""Benchmark: the pool's batch path against the row-by-row engine, measured in one run.

    .venv/bin/python bench/pool.py [--rows 5000] [--big 100000] [--engine-sample 2000] [--repeat 3] [--full-engine]

1. import + score + rank of `--rows` enterprises from a filled template (.xlsx, all columns of the current rule-set),
   goal under 3 s; compared with the same import followed by the engine on every row and a sort.
2. scoring of `--big` rows (a fictitious demo pool already in memory), goal under 1 s; compared with the engine on
   `--engine-sample` rows, extrapolated per row (or on every row with --full-engine, which takes minutes).
The demo pool is generated (not timed). Every engine result measured is also checked against the batch result.
Times are medians of `--repeat` runs; the machine is shared and noisy, so compare the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from criteria import load_catalogue
from pool.analysis import ranking
from pool.batch import score_frame
from pool.columns import ColumnModel, pool_model, row_to_assessment
from pool.demo import demo_bench, demo_pool
from pool.intake import import_table
from pool.model import Pool
from pool.workbook import build_template
from scoring.engine import score


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, list[float], object]:
    runs, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs, out


def fmt(runs: list[float]) -> str:
    return "[" + ", ".join(f"{r:.2f}" for r in runs) + "]"


def engine_rows(frame: pd.DataFrame, model: ColumnModel, bench: pd.DataFrame,
                rows: Iterable[int]) -> tuple[float, list[float]]:
    cat = load_catalogue()
    t = time.perf_counter()
    totals = [score(row_to_assessment(frame.iloc[i].to_dict(), model, bench), cat).total for i in rows]
    return time.perf_counter() - t, totals


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--big", type=int, default=100_000)
    p.add_argument("--engine-sample", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--full-engine", action="store_true", help="run the engine on all --big rows")
    args = p.parse_args(argv)
    model = pool_model()
    bench = demo_bench()
    load_catalogue()
    ok = True

    # 1. import + score + rank -----------------------------------------------------------------------------
    frame = demo_pool(args.rows, seed=1)
    data = build_template(model, bench, data=frame, rows=args.rows + 10)
    print(f"pool file: {args.rows} enterprises × {len(model.template)} columns, {len(data) / 1e6:.1f} MB xlsx "
          f"({model.ruleset.id} / {model.profile.id})")

    def batch_path() -> Pool:
        res = import_table(data, "pool.xlsx", model)
        pool = Pool(bench=bench)
        pool.upsert(res)
        ranking(pool)
        return pool

    t_imp, r_imp, res = timed(lambda: import_table(data, "pool.xlsx", model), args.repeat)
    t_all, r_all, pool = timed(batch_path, args.repeat)
    assert len(pool) == args.rows and not res.errors  # type: ignore[union-attr, arg-type]
    t_eng, eng_totals = engine_rows(pool.frame, model, bench, range(args.rows))  # type: ignore[union-attr]
    t_sort = timed(lambda: sorted(range(args.rows), key=lambda i: -eng_totals[i]), 1)[0]
    same = list(pool.scores()["total"]) == eng_totals  # type: ignore[union-attr]
    ok &= same
    t_eng_path = t_imp + t_eng + t_sort
    print(f"  import (read + validate)            {t_imp:7.2f} s  {fmt(r_imp)}")
    print(f"  import + batch score + rank          {t_all:7.2f} s  {fmt(r_all)}   goal < 3 s: "
          f"{'yes' if t_all < 3 else 'NO'}")
    print(f"  import + engine row by row + sort    {t_eng_path:7.2f} s  (engine {t_eng:.2f} s, single run)")
    print(f"  ratio engine path / batch path       {t_eng_path / t_all:7.1f}×   "
          f"(scoring alone: {t_eng / max(t_all - t_imp, 1e-9):.0f}×); totals identical: {same}")

    # 2. scoring of a big pool ----------------------------------------------------------------------------------
    big = demo_pool(args.big, seed=2)
    score_frame(big.head(100), model, bench)  # warm caches (catalogue, column model)
    t_big, r_big, scores = timed(lambda: score_frame(big, model, bench), args.repeat)
    n = args.big if args.full_engine else min(args.engine_sample, args.big)
    rows = range(n) if args.full_engine else range(0, args.big, max(args.big // n, 1))
    rows = list(rows)[:n]
    t_e, totals = engine_rows(big, model, bench, rows)
    same = [scores["total"].iloc[i] for i in rows] == totals  # type: ignore[union-attr]
    ok &= same
    per_row = t_e / len(rows)
    t_e_all = per_row * args.big
    how = "measured on every row" if args.full_engine else f"extrapolated from {len(rows)} rows"
    print(f"big pool: {args.big} enterprises (in memory)")
    print(f"  batch score                          {t_big:7.2f} s  {fmt(r_big)}   goal < 1 s: "
          f"{'yes' if t_big < 1 else 'NO'}")
    print(f"  engine row by row                    {t_e_all:7.1f} s  ({per_row * 1000:.2f} ms/row, {how})")
    print(f"  ratio engine / batch                 {t_e_all / t_big:7.0f}×   totals identical on those rows: {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
