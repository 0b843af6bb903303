"""Replicas started at the same moment on an empty database migrate once: separate processes (as
scripts/replicas.sh starts them) each run ``store.db.migrate``; PostgreSQL serialises them on the advisory lock,
SQLite on its write lock; exactly one applies every step, the others find nothing to do."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from sqlalchemy import select

from store import db
from store.migrations import MIGRATIONS, schema_migrations
from tests.e2e.browser_helpers import ROOT

PROCESSES = 4
SCRIPT = """
import json, sys, time
from store import db
engine = db.build_engine(sys.argv[1])
while time.time() < float(sys.argv[2]):  # start together
    time.sleep(0.001)
print(json.dumps(db.migrate(engine)))
"""


def test_processes_starting_at_once_migrate_once(db_url: str) -> None:
    at = str(time.time() + 3)
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, db_url, at], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(PROCESSES)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * PROCESSES, [err for _, err in outs]
    applied = sorted(json.loads(out) for out, _ in outs)
    every = [m.version for m in MIGRATIONS]
    assert applied == [[]] * (PROCESSES - 1) + [every]
    engine = db.build_engine(db_url)
    try:
        with engine.connect() as conn:
            assert list(conn.scalars(select(schema_migrations.c.version).order_by(schema_migrations.c.version))) == every
    finally:
        engine.dispose()
