"""How long a refused sign-in takes, by reason: unknown user name, wrong password, blocked source, disabled account
(right password), with the deployed argon2id parameters on a fresh SQLite file. The page shows one message for all
four; this prints each one's median and its ratio to the wrong-password median, measured in this one run, so a
difference an attacker could time shows up here. Attempts are interleaved (round-robin) so drift hits all alike.

    .venv/bin/python bench/signin_timing.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import LoginFailed, accounts, db, throttle

PASSWORD = "基准测试用的密码-2026"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'app.db'}"
        engine = db.get_engine(url)
        accounts.create_admin("admin", PASSWORD, engine=engine)
        admin = accounts.authenticate("admin", PASSWORD, engine=engine)
        for name in ("real", "blocked", "off"):
            accounts.create_user(admin, name, PASSWORD, "consultant", engine=engine)
        off = next(u for u in accounts.list_users(admin, engine=engine) if u.username == "off")
        accounts.set_disabled(admin, off.id, True, engine=engine)
        for _ in range(throttle.PAIR_FREE):
            _attempt(engine, "blocked", "wrong-guess-2026")
        cases = {"wrong password": ("real", "wrong-guess-2026"), "unknown user name": ("nobody-here", PASSWORD),
                 "blocked source": ("blocked", PASSWORD), "disabled account": ("off", PASSWORD)}
        times: dict[str, list[float]] = {case: [] for case in cases}
        for _ in range(args.rounds):
            for case, (name, password) in cases.items():
                times[case].append(_attempt(engine, name, password))
            accounts.unlock_user(admin, _id(admin, engine, "real"), engine=engine)  # "wrong" never turns blocked
        base = statistics.median(times["wrong password"])
        print(f"refused sign-ins, median of {args.rounds} (argon2id m=64 MiB, SQLite)")
        for case, samples in times.items():
            median = statistics.median(samples)
            print(f"  {case:<18} {median * 1000:7.1f} ms   ratio to wrong password {median / base:.2f}")
        db.dispose_engines(url)


def _attempt(engine: object, name: str, password: str) -> float:
    t0 = time.perf_counter()
    try:
        accounts.authenticate(name, password, source="203.0.113.9", engine=engine)  # type: ignore[arg-type]
    except LoginFailed:
        pass
    else:
        raise SystemExit(f"{name} signed in: the bench expects every attempt refused")
    return time.perf_counter() - t0


def _id(admin: object, engine: object, name: str) -> str:
    return next(u.id for u in accounts.list_users(admin, engine=engine) if u.username == name)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
