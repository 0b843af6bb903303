"""Sign-in and registration rate limits in the database (store.throttle.RateLimit, ui/session_routes.py) on SQLite
and PostgreSQL: two engines on one database (two replicas) count into the same window from parallel threads, the
window slides, old rows go, keys are stored hashed only, and take_all admits no more than the limit in all."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from store import db, throttle
from store.sqltypes import utcnow
from store.tables import rate_hits
from ui import session_routes


@pytest.fixture
def replicas(db_url: str) -> Iterator[tuple[Engine, Engine]]:
    """Two engines with their own pools on one migrated database: what two replicas behind a proxy hold."""
    first = db.get_engine(db_url)
    second = db.build_engine(db_url)
    yield first, second
    second.dispose()


def _parallel(work: list[Callable[[], object]]) -> list[object]:
    results: list[object] = [None] * len(work)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work[i]()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    return results


def test_two_replicas_count_failures_into_one_window(replicas) -> None:
    a, b = replicas
    limit = session_routes.PER_IP
    half = (limit.limit - 1) // 2

    def fails(engine: Engine) -> Callable[[], None]:
        return lambda: [limit.fail("10.9.9.9", engine=engine) for _ in range(half)]

    _parallel([fails(a), fails(b)])
    assert not limit.blocked("10.9.9.9", engine=a) and not limit.blocked("10.9.9.9", engine=b)  # short of it
    for _ in range(limit.limit - 2 * half):
        limit.fail("10.9.9.9", engine=b)
    assert limit.blocked("10.9.9.9", engine=a) and limit.blocked("10.9.9.9", engine=b)
    assert not limit.blocked("10.9.9.10", engine=a)  # another address is not held up
    assert not session_routes.PER_NAME.blocked("10.9.9.9", engine=a)  # nor another limit with the same key


def test_the_window_slides_and_old_rows_go(replicas) -> None:
    a, b = replicas
    limit, t0 = throttle.RateLimit("test", 3, 600), utcnow()
    for n in range(3):
        limit.fail("k", now=t0 + timedelta(seconds=n), engine=a if n % 2 else b)
    assert limit.blocked("k", now=t0 + timedelta(seconds=599), engine=a)
    assert not limit.blocked("k", now=t0 + timedelta(seconds=601), engine=a)  # the first hit left the window
    limit.fail("other", now=t0 + timedelta(seconds=1000), engine=b)
    with a.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(rate_hits)) == 1  # the stale rows were deleted
    limit.clear(engine=a)
    assert not limit.blocked("other", now=t0 + timedelta(seconds=1000), engine=b)


def test_keys_are_stored_as_hashes_only(replicas) -> None:
    a, _ = replicas
    session_routes.PER_NAME.fail("li.gong@example.cn\n10.1.0.1", engine=a)
    with a.connect() as conn:
        stored = " ".join(str(v) for row in conn.execute(select(rate_hits)) for v in row)
    assert "li.gong" not in stored and "10.1.0.1" not in stored


def test_registrations_from_parallel_replicas_never_pass_the_limit(replicas) -> None:
    a, b = replicas
    per_ip = throttle.RateLimit("reg_test_ip", 5, 3600)
    every = throttle.RateLimit("reg_test_all", 7, 3600)

    def attempts(engine: Engine, ip: str) -> Callable[[], int]:
        return lambda: sum(throttle.take_all([(per_ip, ip), (every, "*")], engine=engine) for _ in range(6))

    one, two = _parallel([attempts(a, "10.0.0.1"), attempts(b, "10.0.0.1")])
    assert one + two == 5  # type: ignore[operator]  # per address, across both replicas
    three, four = _parallel([attempts(a, "10.0.0.2"), attempts(b, "10.0.0.3")])
    assert three + four == 2  # type: ignore[operator]  # in all: 7
    assert per_ip.blocked("10.0.0.1", engine=a) and every.blocked("*", engine=b)
    assert not per_ip.blocked("10.0.0.4", engine=b)  # that address is refused by the overall limit only


def test_the_sign_in_check_refuses_once_another_replica_counted_the_limit(replicas, db_url, monkeypatch) -> None:
    a, b = replicas
    monkeypatch.setenv("DATABASE_URL", db_url)  # the route's own engine: a third one on the same database
    key = session_routes._name_key("Ghost", "10.1.0.1")
    for n in range(session_routes.PER_NAME_FAILURES):
        session_routes.PER_NAME.fail(key, engine=a if n % 2 else b)
    assert session_routes.check_password("ghost", "wrong-password-1", "10.1.0.1")[1] == "limited"
    assert session_routes.check_password("ghost", "wrong-password-1", "10.1.0.2")[1] == "failed"
