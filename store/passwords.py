"""Password hashing (argon2id through argon2-cffi) and the password policy.

Costs (stack-notes §9): the PasswordHasher defaults (argon2id, m=64 MiB, t=3, p=4) take about 0.12 s to hash and
to verify. Hashes made with other parameters are upgraded at the next successful sign-in (``needs_rehash``).
Tests swap ``HASHER`` for a cheap one.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from store.errors import WeakPassword

HASHER = PasswordHasher()  # argon2id with argon2-cffi's current recommended parameters
MIN_LENGTH = 10
MAX_LENGTH = 256  # bounds the work a sign-in can ask for
_dummy_hash: tuple[PasswordHasher, str] | None = None


def check_policy(password: str, username: str = "") -> None:
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


def hash_password(password: str) -> str:
    return HASHER.hash(password)


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
    try:
        return HASHER.verify(stored_hash, password[:MAX_LENGTH].encode("utf-8", "replace"))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy() -> str:
    """A hash of a random password made with the current HASHER (recomputed if HASHER was swapped)."""
    global _dummy_hash
    if _dummy_hash is None or _dummy_hash[0] is not HASHER:
        import secrets

        _dummy_hash = (HASHER, HASHER.hash(secrets.token_urlsafe(24)))
    return _dummy_hash[1]
