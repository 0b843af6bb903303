"""Benchmark: scoring one full assessment (warm) beside two baselines measured in the same run: loading the
catalogue (cold) and validating the same assessment from its JSON-ready dict (what the wizard does to a draft).

    .venv/bin/python bench/score.py [--ruleset gbt36132_2025_platform] [--profile ningbo_star] [--loads 20] [--scores 500]

Prints the median of each, the ratios, and whether one scoring stays within the 1 ms budget (issue 9: the wizard
rescores on every keystroke). Numbers depend on the machine: compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import median_ms
from criteria.loader import ROOT, load_catalogue_from
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Assessment

BUDGET_MS = 1.0




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
    draft = a.model_dump(mode="json")
    validate_ms = median_ms(lambda: Assessment.model_validate(draft), args.scores)

    n_ind = len(result.indicators)
    print(f"catalogue: {len(cat.rulesets)} rule-sets, {len(cat.profiles)} profiles; "
          f"example: {args.ruleset} / {args.profile}, {n_ind} indicators, total {result.total:.2f}")
    print(f"load catalogue (cold, median of {args.loads}):  {load_ms:8.2f} ms")
    print(f"score one assessment (warm, median of {args.scores}): {score_ms:8.3f} ms")
    print(f"validate the assessment (median of {args.scores}):  {validate_ms:8.3f} ms")
    print(f"ratio load / score: {load_ms / score_ms:8.1f}×;  score / validate: {score_ms / validate_ms:6.2f}×")
    verdict = "yes" if score_ms <= BUDGET_MS else "NO"
    print(f"scoring within {BUDGET_MS:g} ms (median): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
