"""20 threads saving at once lose no revision, number them 1..n without gaps, and flag conflicts correctly."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import Engine

from store import LOCAL, AccessDenied, Actor, AuthError, accounts, audit, orgs, throttle
from store import assessments as repo
from tests.store.conftest import World

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


WRITERS = ["ent_a", "ent_a2", "cons", "ent_b", "ent_c"]  # ent_a, ent_a2 and cons (granted) all write A
TARGET = {"ent_a": "A", "ent_a2": "A", "cons": "A", "ent_b": "B", "ent_c": "C"}


def test_twenty_users_saving_at_once_lose_no_revision(world: World) -> None:
    engine = world.engine
    fresh: dict[int, str] = {}
    denied: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        who = WRITERS[n % len(WRITERS)]
        actor = world.actor(who)
        if n >= len(WRITERS) * 3:  # the last five threads: each saves to a new assessment of its own
            aid = repo.create(actor, {"writer": n, "i": -1}, org_id=world.orgs[TARGET[who]], engine=engine)
            with lock:
                fresh[n] = aid
        else:
            aid = world.assessments[TARGET[who]]
        base: int | None = 1 if n % 2 == 0 else None  # half of them edit from a (soon stale) base revision
        for i in range(SAVES):
            outcome = repo.save(actor, aid, {"writer": n, "i": i, "by": who}, base_revision=base, engine=engine)
            if base is not None:
                base = outcome.revision
            repo.load(world.actor("off_haishu" if TARGET[who] != "C" else "off_yinzhou"), aid, engine=engine)
            try:  # somebody else's assessment stays closed under load
                repo.save(actor, world.assessments["B" if TARGET[who] != "B" else "C"], {"x": n}, engine=engine)
            except AccessDenied:
                with lock:
                    denied.append(who)

    _run_threads(THREADS, work)

    assert len(denied) == THREADS * SAVES
    admin = world.actor("admin")
    for key in ("A", "B", "C"):
        aid = world.assessments[key]
        writers = [n for n in range(len(WRITERS) * 3) if TARGET[WRITERS[n % len(WRITERS)]] == key]
        history = repo.list_revisions(admin, aid, engine=engine)
        assert [h.revision for h in history] == list(range(1, len(writers) * SAVES + 2)), key
        payloads = [repo.load(admin, aid, revision=h.revision, engine=engine)[0] for h in history[1:]]
        assert Counter((p["writer"], p["i"]) for p in payloads) == Counter(
            (n, i) for n in writers for i in range(SAVES)
        )
        by_user = {world.actor(w).user_id: w for w in WRITERS}
        assert all(by_user[h.saved_by] == p["by"] for h, p in zip(history[1:], payloads, strict=True))
        for h in history:
            assert h.is_conflict == (h.base_revision is not None and h.base_revision < h.revision - 1)
    for n, aid in fresh.items():
        assert [h.revision for h in repo.list_revisions(admin, aid, engine=engine)] == list(range(1, SAVES + 2))
        assert repo.load(world.actor(WRITERS[n % len(WRITERS)]), aid, engine=engine)[0]["writer"] == n


def test_colleagues_editing_the_same_revision_keep_both_versions(world: World) -> None:
    engine, aid = world.engine, world.assessments["A"]
    mine = repo.save(world.actor("ent_a"), aid, {"能耗": 90.5}, base_revision=1, engine=engine)
    theirs = repo.save(world.actor("cons"), aid, {"能耗": 88.0}, base_revision=1, engine=engine)
    assert (mine.conflict, theirs.conflict, theirs.revision) == (False, True, 3)
    assert "两个版本都已保留" in theirs.message and "第 2 版" in theirs.message
    reader = world.actor("ent_a2")
    assert repo.load(reader, aid, revision=2, engine=engine)[0] == {"能耗": 90.5}
    assert repo.load(reader, aid, engine=engine) == ({"能耗": 88.0}, 3)


def test_concurrent_wrong_passwords_block_exactly_once(world: World) -> None:
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        try:
            accounts.authenticate("ent_b", f"wrong-password-{n}", source="203.0.113.9", engine=world.engine)
        except AuthError as e:
            with lock:
                outcomes.append(type(e).__name__)

    _run_threads(10, work)
    assert Counter(outcomes) == {"LoginFailed": 10}  # one answer, blocked or not
    log = audit.list_audit(world.actor("admin"), limit=None, engine=world.engine)
    assert sum(e.action == "lockout" for e in log) == 1
    failed = [e.detail for e in log if e.action == "login_failed" and e.who_name == "ent_b"]
    assert len(failed) == 10
    assert sum('"wrong_password"' in d for d in failed) == throttle.PAIR_FREE  # counted under the row lock
    assert sum('"blocked_source"' in d for d in failed) == 10 - throttle.PAIR_FREE


def test_concurrent_grants_of_one_pair_make_one_grant(world: World) -> None:
    ids: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        grant_id = orgs.grant_access(
            world.actor("ent_b" if n % 2 else "admin"), world.orgs["B"], "cons_other", engine=world.engine
        )
        with lock:
            ids.append(grant_id)

    _run_threads(THREADS, work)
    assert len(set(ids)) == 1
    assert [
        g.id
        for g in orgs.list_grants(
            world.actor("admin"), org_id=world.orgs["B"], include_revoked=True, engine=world.engine
        )
    ] == ids[:1]
