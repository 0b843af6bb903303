"""Benchmark: 30 concurrent writers in one process (a Streamlit server with 30 busy sessions), each loading its
assessment and saving the next revision as fast as it can, on SQLite and on PostgreSQL. The baseline, measured in
the same run, is the engine as it was before issue 11 (SQLAlchemy's default pool of 5 + 10 connections, no queue).

    .venv/bin/python bench/writers.py [--writers 30] [--seconds 10] [--pg postgresql+psycopg://…]

PostgreSQL is measured when ``--pg`` or TEST_DATABASE_URL is set (scripts/with-postgres.sh provides one), each
engine in a schema of its own. Prints per engine the saves, saves per second, the median and the longest single
save (load + save) and the errors, then the ratios queued / baseline. The longest save is the figure that
matters: under the old pool one writer could wait for the whole run (and, past 30 s, fail with "QueuePool limit
… reached"). Numbers depend on the machine: compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, text

from store import LOCAL, db
from store import assessments as repo


@dataclass
class Run:
    saves: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.saves / self.seconds if self.seconds else 0.0

    @property
    def longest(self) -> float:
        return max(self.latencies, default=0.0)

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0


def hammer(engine: Engine, writers: int, seconds: float) -> Run:
    """``writers`` threads, each on its own assessment: load, change a field, save on top of what it loaded."""
    ids = [repo.create(LOCAL, {"enterprise": {"name": f"压测企业{i}"}}, engine=engine) for i in range(writers)]
    run, lock = Run(), threading.Lock()
    start = threading.Barrier(writers + 1)

    def writer(aid: str) -> None:
        start.wait()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            t0 = time.perf_counter()
            try:
                data, rev = repo.load(LOCAL, aid, engine=engine)
                data["enterprise"]["name"] = f"压测企业-{rev}"
                repo.save(LOCAL, aid, data, base_revision=rev, engine=engine)
                error = None
            except Exception as e:
                error = f"{type(e).__name__}: {str(e).splitlines()[0][:80]}"
            took = time.perf_counter() - t0
            with lock:
                run.latencies.append(took)
                if error is None:
                    run.saves += 1
                else:
                    run.errors[error] += 1

    threads = [threading.Thread(target=writer, args=(aid,)) for aid in ids]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    run.seconds = time.perf_counter() - t0
    return run


@contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A URL on a new, empty schema of ``base``, dropped afterwards."""
    schema = f"bench_writers_{uuid.uuid4().hex[:10]}"
    admin = db.build_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = db.normalise_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def measure(url: str, queued: bool, writers: int, seconds: float) -> Run:
    engine = db.build_engine(url, queued=queued)
    try:
        db.migrate(engine)
        return hammer(engine, writers, seconds)
    finally:
        engine.dispose()


def show(label: str, run: Run) -> None:
    errors = "; ".join(f"{n}× {e}" for e, n in run.errors.most_common(3)) or "none"
    print(f"  {label:<9} {run.saves:>7} saves  {run.rate:>7.0f}/s  median {run.median * 1000:>6.1f} ms  "
          f"longest {run.longest * 1000:>8.0f} ms  errors: {errors}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--writers", type=int, default=30)
    p.add_argument("--seconds", type=float, default=10.0, help="length of each run")
    p.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""), help="PostgreSQL URL (optional)")
    args = p.parse_args(argv)
    print(f"{args.writers} writers, {args.seconds:g} s per run, pool size {db.pool_size()} (queued)")
    with tempfile.TemporaryDirectory() as tmp:
        backends: list[tuple[str, object]] = [("SQLite", None)]
        if args.pg:
            backends.append(("PostgreSQL", args.pg))
        for name, pg in backends:
            runs: dict[bool, Run] = {}
            for queued in (False, True):
                if pg is None:
                    runs[queued] = measure(f"sqlite:///{Path(tmp) / f'{queued}.db'}", queued, args.writers,
                                           args.seconds)
                else:
                    with pg_schema(str(pg)) as url:
                        runs[queued] = measure(url, queued, args.writers, args.seconds)
            print(name)
            show("baseline", runs[False])
            show("queued", runs[True])
            base, new = runs[False], runs[True]
            print(f"  ratio queued/baseline: saves per second {new.rate / base.rate:.2f}, longest save "
                  f"{new.longest / base.longest:.3f}, errors {sum(new.errors.values())} vs {sum(base.errors.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
