"""20 threads saving at once lose no revision, number them 1..n without gaps, and flag conflicts correctly."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import Engine

from store import LOCAL, Actor
from store import assessments as repo

THREADS = 20
SAVES = 5


def _run_threads(count: int, work: Callable[[int], None]) -> None:
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait()
            work(n)
        except BaseException as e:  # report in the main thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert errors == []


def test_twenty_threads_lose_no_revision(engine: Engine) -> None:
    shared = repo.create(LOCAL, {"writer": None}, engine=engine)
    own = [repo.create(LOCAL, {"writer": None}, engine=engine) for _ in range(THREADS // 2)]

    def work(n: int) -> None:
        # even threads share one assessment (half of them with a base revision, which may be stale);
        # odd threads each save to their own
        target = shared if n % 2 == 0 else own[n // 2]
        actor = Actor(user_id=f"user{n}")
        base = 1 if n % 4 == 0 else None
        for i in range(SAVES):
            outcome = repo.save(
                actor, target, {"writer": n, "i": i, "名称": "并发测试"}, base_revision=base, engine=engine
            )
            if base is not None:
                base = outcome.revision

    _run_threads(THREADS, work)

    shared_saves = (THREADS // 2) * SAVES
    history = repo.list_revisions(LOCAL, shared, engine=engine)
    assert [h.revision for h in history] == list(range(1, shared_saves + 2))
    assert repo.load(LOCAL, shared, engine=engine)[1] == shared_saves + 1
    payloads = [repo.load(LOCAL, shared, revision=r, engine=engine)[0] for r in range(2, shared_saves + 2)]
    assert Counter((p["writer"], p["i"]) for p in payloads) == Counter(
        (n, i) for n in range(0, THREADS, 2) for i in range(SAVES)
    )
    for h in history:  # a conflict exactly when the base was not the latest at save time
        assert h.is_conflict == (h.base_revision is not None and h.base_revision < h.revision - 1)
    for aid in own:
        assert [h.revision for h in repo.list_revisions(LOCAL, aid, engine=engine)] == list(range(1, SAVES + 2))
        assert not any(h.is_conflict for h in repo.list_revisions(LOCAL, aid, engine=engine))


def test_twenty_threads_creating_at_once(engine: Engine) -> None:
    created: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for i in range(3):
            aid = repo.create(LOCAL, {"enterprise": {"name": f"企业{n}-{i}"}}, engine=engine)
            with lock:
                created.append(aid)

    _run_threads(THREADS, work)
    assert len(set(created)) == THREADS * 3
    listed = repo.list_assessments(LOCAL, limit=None, engine=engine)
    assert sorted(i.id for i in listed) == sorted(created)
