"""Sign-in back-off by account and source (store/throttle.py), the argon2 concurrency cap and the common-password
check (store/passwords.py). SQLite and PostgreSQL (the ``world`` fixture)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from store import LoginFailed, WeakPassword, accounts, audit, passwords, throttle
from tests.store.conftest import PASSWORD, World

WRONG = "wrong-password-123"


def test_source_keys() -> None:
    assert throttle.source_key("203.0.113.9") == "203.0.113.9"
    assert throttle.source_key("2001:db8:1:2:aaaa::1") == throttle.source_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert throttle.source_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert throttle.source_key("unknown") == throttle.source_key(None) == throttle.UNKNOWN_SOURCE


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour() -> None:
    waits = [throttle.backoff(n, 5) for n in range(4, 14)]
    assert waits[0] is None
    assert [w.total_seconds() for w in waits[1:] if w] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def _fail(world: World, name: str, source: str, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(LoginFailed):
            accounts.authenticate(name, WRONG, source=source, engine=world.engine)


def test_many_sources_hold_off_strangers_but_not_a_known_source(world: World) -> None:
    engine = world.engine
    accounts.authenticate("ent_a", PASSWORD, source="198.51.100.7", engine=engine)  # the user's office: known
    for n in range(throttle.ACCOUNT_FREE):  # a distributed guess, one try per address
        _fail(world, "ent_a", f"192.0.2.{n}")
    with pytest.raises(LoginFailed):  # a stranger with the right password is held off too
        accounts.authenticate("ent_a", PASSWORD, source="203.0.113.50", engine=engine)
    assert accounts.authenticate("ent_a", PASSWORD, source="198.51.100.7", engine=engine).role == "enterprise"
    assert accounts.authenticate("ent_b", PASSWORD, source="203.0.113.50", engine=engine).role == "enterprise"
    blocks = [e.detail for e in audit.list_audit(world.actor("admin"), action="lockout", engine=engine)]
    assert any('"scope": "account"' in d and '"failures": 20' in d for d in blocks)


def test_blocked_answers_match_unknown_names(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []
    real = passwords._verify_quietly
    monkeypatch.setattr(passwords, "_verify_quietly", lambda h, p: verified.append(h) or real(h, p))
    _fail(world, "ent_b", "203.0.113.9", throttle.PAIR_FREE)
    answers = []
    for name, pw in (("ent_b", PASSWORD), ("ent_b", WRONG), ("nobody", PASSWORD)):
        with pytest.raises(LoginFailed) as err:
            accounts.authenticate(name, pw, source="203.0.113.9", engine=world.engine)
        answers.append(str(err.value))
    assert len(set(answers)) == 1
    assert len(verified) == throttle.PAIR_FREE + 3  # every attempt, blocked or unknown, ran one argon2 verify


def test_a_pair_quiet_for_a_day_starts_again(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail(world, "cons", "203.0.113.9", throttle.PAIR_FREE + 2)  # blocked for 2 minutes now
    later = datetime.now(UTC) + throttle.PAIR_FORGET + timedelta(minutes=1)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    _fail(world, "cons", "203.0.113.9", throttle.PAIR_FREE - 1)  # four fresh failures: no block yet
    assert accounts.authenticate("cons", PASSWORD, source="203.0.113.9", engine=world.engine).role == "consultant"


@pytest.mark.parametrize("password", ["password123", "Password123!", "qwertyuiop1", "woaini1314520", "1qaz2wsx3edc",
                                      "宁波某某科技2024"])
def test_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword, match="太常见"):
        passwords.check_policy(password, "zhang.san", context=("宁波某某科技",))


def test_argon2_runs_under_the_concurrency_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    running, peak = [0], [0]
    lock = threading.Lock()

    class Slow:
        def hash(self, password: str) -> str:
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.02)
            with lock:
                running[0] -= 1
            return "$argon2id$fake"

    monkeypatch.setattr(passwords, "HASHER", Slow())
    threads = [threading.Thread(target=passwords.hash_password, args=("x",)) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == passwords.CONCURRENCY == 2


def test_a_full_queue_refuses_as_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "QUEUE_SECONDS", 0.01)
    monkeypatch.setattr(passwords, "_slots", threading.BoundedSemaphore(1))
    passwords._slots.acquire()
    try:
        with pytest.raises(passwords.Busy, match="稍候"):
            passwords.hash_password("anything-long-enough")
    finally:
        passwords._slots.release()
