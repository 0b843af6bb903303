"""Password hashing (argon2id through argon2-cffi) and the password policy.

Costs (stack-notes §9): the PasswordHasher defaults (argon2id, m=64 MiB, t=3, p=4) take about 0.12 s to hash and
to verify. Hashes made with other parameters are upgraded at the next successful sign-in (``needs_rehash``).
Tests swap ``HASHER`` for a cheap one.

Memory: each hash or verification holds 64 MiB while it runs, so 30 sign-ins at once would hold ~1.9 GB. At most
``CONCURRENCY`` (env GF_ARGON2_CONCURRENCY, default 2: the cores of the reference server) run at once per process;
the others queue (first come, first served by the semaphore's waiters) for at most ``QUEUE_SECONDS``, then the
attempt is refused as busy. bench/signin_memory.py measures the peak.

Policy: 10–256 characters, not all digits, not one repeated pattern, not the user name, and not guessable by
zxcvbn (Dropbox's estimator, the maintained ``zxcvbn`` package): its score must be at least ``MIN_SCORE`` (2: more
than about 10^6 guesses). zxcvbn's lists hold the 30,000 most common leaked passwords, English words, names and
keyboard patterns; the user name, the display and organisation names and the product's own words are added as
"user inputs", so ``password123``, ``qwerty12345`` or ``lvsegongchang2024`` are refused.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn  # type: ignore[import-untyped]

from store.errors import StoreError, WeakPassword

HASHER = PasswordHasher()  # argon2id with argon2-cffi's current recommended parameters
MIN_LENGTH = 10
MAX_LENGTH = 256  # bounds the work a sign-in can ask for
MIN_SCORE = 2  # zxcvbn's 0–4 scale; 2 = "somewhat guessable" (> 10^6 guesses)
ZXCVBN_MAX = 72  # zxcvbn refuses longer input; the first 72 characters decide
PRODUCT_WORDS = ("绿色工厂", "lvse", "gongchang", "lvsegongchang", "greenfactory", "green", "factory")
# zxcvbn's lists are English; these roots of the most common passwords of the 2011 CSDN leak (as published in
# its analyses) are added so that e.g. woaini1314520 scores as weak as it is
CHINESE_COMMON = ("woaini", "1314", "520", "5201314", "1314520", "dearbook", "xiazhili", "aini", "qq")
CONCURRENCY_ENV = "GF_ARGON2_CONCURRENCY"
QUEUE_SECONDS = 30.0
_dummy_hash: tuple[PasswordHasher, str] | None = None
_T = TypeVar("_T")


def _concurrency() -> int:
    try:
        return max(1, int(os.environ.get(CONCURRENCY_ENV, "") or 2))
    except ValueError:
        return 2


CONCURRENCY = _concurrency()
_slots = threading.BoundedSemaphore(CONCURRENCY)


class Busy(StoreError):
    default_message = "登录的人太多，请稍候再试"


def _limited(work: Callable[[], _T]) -> _T:
    """``work`` (one argon2 call) once a slot is free; Busy after ``QUEUE_SECONDS`` in the queue."""
    if not _slots.acquire(timeout=QUEUE_SECONDS):
        raise Busy()
    try:
        return work()
    finally:
        _slots.release()


def check_policy(password: str, username: str = "", *, context: Iterable[str] = ()) -> None:
    """WeakPassword with a Chinese reason, or None when ``password`` is acceptable."""
    if not isinstance(password, str):
        raise WeakPassword("密码必须是文本")
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"密码至少需要 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"密码不能超过 {MAX_LENGTH} 个字符")
    if password.isdigit():
        raise WeakPassword("密码不能全部是数字，请加入字母或符号")
    if len(set(password)) < 3:
        raise WeakPassword("密码过于简单（重复的字符），请换一个")
    if username and password.strip().casefold() == username.strip().casefold():
        raise WeakPassword("密码不能与用户名相同")
    if password != password.strip():
        raise WeakPassword("密码首尾不能是空格")
    try:
        password.encode("utf-8")
    except UnicodeEncodeError as e:
        raise WeakPassword("密码中有无效的字符") from e
    inputs = [w for w in (username, *context, *PRODUCT_WORDS, *CHINESE_COMMON) if w]
    if zxcvbn(password[:ZXCVBN_MAX], user_inputs=inputs)["score"] < MIN_SCORE:
        raise WeakPassword("密码太常见或太容易猜到（如 password123、qwerty、生日、用户名或企业名称加数字），请换一个更长、更少见的密码")


def hash_password(password: str) -> str:
    return _limited(lambda: HASHER.hash(password))


def verify(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches. With no stored hash (unknown user, OIDC-only account) a dummy hash is
    verified instead, so that the answer takes as long as for a real user."""
    dummy = _dummy()  # made on the first call whoever signs in, so that the first unknown name is not slower
    if stored_hash is None or not isinstance(password, str) or len(password) > MAX_LENGTH:
        _verify_quietly(dummy, password if isinstance(password, str) else "")
        return False
    return _verify_quietly(stored_hash, password)


def needs_rehash(stored_hash: str) -> bool:
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def _verify_quietly(stored_hash: str, password: str) -> bool:
    secret = password[:MAX_LENGTH].encode("utf-8", "replace")
    try:
        return _limited(lambda: HASHER.verify(stored_hash, secret))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy() -> str:
    """A hash of a random password made with the current HASHER (recomputed if HASHER was swapped)."""
    global _dummy_hash
    if _dummy_hash is None or _dummy_hash[0] is not HASHER:
        import secrets

        _dummy_hash = (HASHER, HASHER.hash(secrets.token_urlsafe(24)))
    return _dummy_hash[1]
