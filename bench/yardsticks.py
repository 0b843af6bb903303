"""Benchmark: deriving district yardsticks (mean / best 5 % per GB/T 4754 class, group, division) for a pool,
printed beside scoring the same pool, in one run.

    .venv/bin/python bench/yardsticks.py [--firms 5000] [--repeat 5]

The budget: 5,000 firms × every quantitative indicator derived in under 1 s. Numbers depend on the machine: the
ratio to scoring the same pool is the figure to compare between runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import median_s
from pool.batch import score_frame
from pool.columns import pool_model
from pool.demo import demo_pool
from pool.yardsticks import pool_yardstick_set

BUDGET_S = 1.0




def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--firms", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    model = pool_model()
    frame = demo_pool(args.firms, seed=1)
    scores = score_frame(frame, model)
    ys = pool_yardstick_set(frame, scores, model, name="bench", district="haishu", year=2025)
    n_ind = len(ys.indicators())
    t_score = median_s(lambda: score_frame(frame, model), args.repeat)
    t_derive = median_s(lambda: pool_yardstick_set(frame, scores, model, name="bench", district="haishu", year=2025),
                        args.repeat)
    print(f"pool: {args.firms:,} firms, {n_ind} indicators with yardsticks, {len(ys.entries):,} entries")
    print(f"score the pool (baseline):   {t_score * 1000:8.1f} ms")
    print(f"derive district yardsticks:  {t_derive * 1000:8.1f} ms  ({t_derive / t_score:.2f}× scoring)")
    ok = t_derive < BUDGET_S
    print(f"budget {BUDGET_S:g} s for {args.firms:,} firms: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
