"""Peak memory of 30 parallel sign-in attempts, without and with the argon2 concurrency cap (store/passwords.py).

Each attempt verifies a password with the deployed argon2id parameters (m = 64 MiB): half against a real user's
hash (a wrong password), half for an unknown user name (the dummy hash). Every case runs in its own fresh Python
process, so its peak RSS (``ru_maxrss``) is its own; "uncapped" sets GF_ARGON2_CONCURRENCY=30 (every attempt at
once, as before the cap), "capped" the default. Both are measured in this one run and printed with their ratio.

    .venv/bin/python bench/signin_memory.py [--attempts 30]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _child(attempts: int) -> None:
    sys.path.insert(0, str(ROOT))
    from store import passwords

    stored = passwords.hash_password("the-users-real-password-2026")
    passwords.verify(None, "warm-up")  # the dummy hash is made once, before the measurement
    before = _rss_mb()
    start = threading.Barrier(attempts)

    def attempt(n: int) -> None:
        start.wait()
        passwords.verify(stored if n % 2 else None, f"wrong-guess-{n}")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"before_mb": before, "peak_mb": peak, "seconds": elapsed, "cap": passwords.CONCURRENCY}))


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _measure(attempts: int, cap: int | None) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "GF_ARGON2_CONCURRENCY"}
    if cap is not None:
        env["GF_ARGON2_CONCURRENCY"] = str(cap)
    out = subprocess.run([sys.executable, __file__, "--child", "--attempts", str(attempts)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=600)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=30)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        _child(args.attempts)
        return
    uncapped = _measure(args.attempts, args.attempts)
    capped = _measure(args.attempts, None)
    print(f"{args.attempts} parallel sign-in attempts (argon2id m=64 MiB; half unknown user names)")
    for name, r in (("uncapped (before)", uncapped), (f"capped at {int(capped['cap'])} (now)", capped)):
        print(f"  {name:<20} peak RSS {r['peak_mb']:7.1f} MB  (+{r['peak_mb'] - r['before_mb']:6.1f} MB over the "
              f"idle process)  all answered in {r['seconds']:.2f} s")
    print(f"  peak ratio capped/uncapped: {capped['peak_mb'] / uncapped['peak_mb']:.2f}; "
          f"time ratio: {capped['seconds'] / uncapped['seconds']:.2f}")


if __name__ == "__main__":
    main()
