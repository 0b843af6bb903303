"""Benchmark: loading the catalogue (cold) versus scoring one full assessment (warm), measured in one run.

    .venv/bin/python bench/score.py [--ruleset gbt36132_2025_platform] [--profile ningbo_star] [--loads 20] [--scores 500]

Prints the median of each, their ratio, and whether one scoring stays under the 5 ms budget (what the wizard needs to
rescore on every keystroke). Numbers depend on the machine: compare the ratio, not the absolute times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from criteria.loader import ROOT, load_catalogue_from
from scoring.engine import score
from scoring.example import example_assessment

BUDGET_MS = 5.0


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ruleset", default="gbt36132_2025_platform")
    p.add_argument("--profile", default="ningbo_star")
    p.add_argument("--loads", type=int, default=20, help="catalogue loads to time")
    p.add_argument("--scores", type=int, default=500, help="scorings to time")
    args = p.parse_args(argv)

    # cold: every call parses and validates all YAML files again (load_catalogue_from has no cache)
    load_ms = median_ms(lambda: load_catalogue_from(ROOT), args.loads)

    cat = load_catalogue_from(ROOT)
    a = example_assessment(args.ruleset, args.profile, cat)
    result = score(a, cat)
    for _ in range(20):  # warm up
        score(a, cat)
    score_ms = median_ms(lambda: score(a, cat), args.scores)

    n_ind = len(result.indicators)
    print(f"catalogue: {len(cat.rulesets)} rule-sets, {len(cat.profiles)} profiles; "
          f"example: {args.ruleset} / {args.profile}, {n_ind} indicators, total {result.total:.2f}")
    print(f"load catalogue (cold, median of {args.loads}):  {load_ms:8.2f} ms")
    print(f"score one assessment (warm, median of {args.scores}): {score_ms:8.3f} ms")
    print(f"ratio load / score: {load_ms / score_ms:8.1f}×")
    verdict = "yes" if score_ms < BUDGET_MS else "NO"
    print(f"scoring under {BUDGET_MS:g} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
