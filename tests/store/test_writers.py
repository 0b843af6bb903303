"""Thirty writers in one process (issue 11): the fair queue in front of the pool (store.db.FairGate) admits in
arrival order and never more transactions than the pool holds, so no save waits inside the pool (where, before,
one could wait 30 s and fail with "QueuePool limit … reached"). Timings live in bench/writers.py, not here."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import event, func, select

from store import LOCAL, db
from store import assessments as repo
from store.tables import assessment_revisions

WRITERS = 30
SAVES = 4


def _wait_until(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.001)


def test_the_gate_admits_in_arrival_order() -> None:
    gate = db.FairGate(1)
    admitted: list[int] = []
    threads = []

    def enter(n: int) -> None:
        with gate.slot():
            admitted.append(n)

    with gate.slot():
        for n in range(8):  # each one queued before the next arrives
            t = threading.Thread(target=enter, args=(n,))
            t.start()
            threads.append(t)
            _wait_until(lambda: gate.waiting() == len(threads), f"waiter {n}")
    for t in threads:
        t.join(timeout=20)
    assert admitted == list(range(8))
    assert gate.waiting() == 0


def test_a_thread_inside_the_gate_passes_it_again() -> None:
    gate = db.FairGate(1)
    with gate.slot(), gate.slot():  # nested: no deadlock on itself
        assert gate.waiting() == 0
    done = threading.Event()

    def other() -> None:
        with gate.slot():
            done.set()

    threading.Thread(target=other).start()
    assert done.wait(10)  # the slot was given back after the nested use


def test_capacity_must_be_positive_and_the_pool_size_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValueError):
        db.FairGate(0)
    monkeypatch.setenv(db.POOL_SIZE_ENV, "7")
    assert db.pool_size() == 7
    monkeypatch.setenv(db.POOL_SIZE_ENV, "0")
    with pytest.raises(ValueError, match=db.POOL_SIZE_ENV):
        db.pool_size()
    monkeypatch.delenv(db.POOL_SIZE_ENV)
    assert db.pool_size() == db.DEFAULT_POOL_SIZE


def test_thirty_writers_never_wait_inside_the_pool(db_url: str) -> None:
    size = 3  # far fewer connections than writers: the queue, not the pool, makes them wait
    engine = db.build_engine(db_url, size=size)
    try:
        db.migrate(engine)
        ids = [repo.create(LOCAL, {"enterprise": {"name": f"企业{i}"}}, engine=engine) for i in range(WRITERS)]
        out, lock = {"now": 0, "peak": 0}, threading.Lock()

        @event.listens_for(engine, "checkout")
        def _out(*_: object) -> None:
            with lock:
                out["now"] += 1
                out["peak"] = max(out["peak"], out["now"])

        @event.listens_for(engine, "checkin")
        def _in(*_: object) -> None:
            with lock:
                out["now"] -= 1

        errors: list[BaseException] = []
        start = threading.Barrier(WRITERS)

        def writer(aid: str) -> None:
            try:
                start.wait()
                for _ in range(SAVES):
                    data, rev = repo.load(LOCAL, aid, engine=engine)
                    data["enterprise"]["name"] = f"改名-{rev}"
                    assert not repo.save(LOCAL, aid, data, base_revision=rev, engine=engine).conflict
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=writer, args=(aid,)) for aid in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        assert all(not t.is_alive() for t in threads)
        assert out["peak"] <= size  # admitted transactions never exceeded the pool: nobody queued inside it
        with engine.connect() as conn:
            rows = conn.execute(select(assessment_revisions.c.assessment_id, func.count())
                                .group_by(assessment_revisions.c.assessment_id)).all()
        counts = {aid: n for aid, n in rows}
        assert counts == {aid: SAVES + 1 for aid in ids}
        for aid in ids:
            assert repo.load(LOCAL, aid, engine=engine)[0]["enterprise"]["name"] == f"改名-{SAVES}"
    finally:
        engine.dispose()


def test_cached_engines_are_queued_and_sqlite_writers_go_one_at_a_time(db_url: str) -> None:
    engine = db.get_engine(db_url)
    gates = db._gates[engine]
    assert gates.connections.capacity == db.pool_size()
    assert (gates.writer is not None) == (engine.dialect.name == "sqlite")
    assert engine.pool.size() == db.pool_size()  # type: ignore[attr-defined]
