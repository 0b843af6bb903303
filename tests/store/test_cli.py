"""``python -m store``: the first admin comes from a command, with a password typed by the operator, never a default."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from store import AuthError, LoginFailed, accounts, db, throttle


def _run(
    db_url: str, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("GF_ADMIN_PASSWORD", "GF_ACCOUNTS")}
    full_env.update(DATABASE_URL=db_url, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "store", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=db.REPO_ROOT,
        env=full_env,
        timeout=60,
    )


def test_create_admin_with_password_on_stdin(engine: Engine, db_url: str) -> None:
    assert not accounts.accounts_enabled(engine=engine)
    out = _run(
        db_url,
        "create-admin",
        "--username",
        "Admin",
        "--display-name",
        "区管理员",
        "--password-stdin",
        stdin="很长的管理员密码-2025\n",
    )
    assert out.returncode == 0, out.stderr
    assert "已创建管理员“admin”" in out.stdout
    actor = accounts.authenticate("admin", "很长的管理员密码-2025", engine=engine)
    assert actor.role == "admin" and actor.display_name == "区管理员"
    assert accounts.accounts_enabled(engine=engine)

    again = _run(db_url, "create-admin", "--username", "admin", "--password-stdin", stdin="另一个很长的密码-2025\n")
    assert again.returncode == 1 and "已被占用" in again.stderr

    log = _run(db_url, "list-audit", "--limit", "5")
    assert log.returncode == 0, log.stderr
    lines = log.stdout.strip().splitlines()
    assert "登录" in lines[0] and "创建用户" in lines[-1] and "命令行" in lines[-1]


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("1234567890\n", "不能全部是数字"),
        ("short\n", "至少需要 10 个字符"),
        ("", "标准输入中没有密码"),
        ("\n", "至少需要 10 个字符"),
    ],
)
def test_create_admin_refuses_weak_or_missing_passwords(engine: Engine, db_url: str, stdin: str, words: str) -> None:
    out = _run(db_url, "create-admin", "--username", "admin", "--password-stdin", stdin=stdin)
    assert out.returncode == 1 and words in out.stderr
    assert not accounts.accounts_enabled(engine=engine)  # no admin, no default password


def test_create_admin_never_falls_back_to_a_default(engine: Engine, db_url: str) -> None:
    out = _run(db_url, "create-admin", "--username", "admin")  # no terminal, no env, no --password-stdin
    assert out.returncode == 1 and "--password-stdin" in out.stderr
    assert not accounts.accounts_enabled(engine=engine)
    with_env = _run(db_url, "create-admin", "--username", "admin", env={"GF_ADMIN_PASSWORD": "环境变量中的密码abc"})
    assert with_env.returncode == 0, with_env.stderr
    accounts.authenticate("admin", "环境变量中的密码abc", engine=engine)


def test_reset_password_clears_a_lockout(engine: Engine, db_url: str) -> None:
    accounts.create_admin("admin", "很长的管理员密码-2025", engine=engine)
    for _ in range(throttle.PAIR_FREE):
        with pytest.raises(AuthError):
            accounts.authenticate("admin", "wrong-password-1", engine=engine)
    out = _run(db_url, "reset-password", "--username", "admin", "--password-stdin", stdin="重置后的新密码-2025\n")
    assert out.returncode == 0, out.stderr
    assert accounts.authenticate("admin", "重置后的新密码-2025", engine=engine).role == "admin"
    with pytest.raises(LoginFailed):
        accounts.authenticate("admin", "很长的管理员密码-2025", engine=engine)
    missing = _run(db_url, "reset-password", "--username", "nobody", "--password-stdin", stdin="重置后的新密码-2025\n")
    assert missing.returncode == 1 and "不存在" in missing.stderr


def test_unlock_lets_an_admin_in_from_any_source(engine: Engine, db_url: str) -> None:
    """Strangers from 25 addresses push the admin over the account-wide limit; the admin, from a new address, is
    held off too, until the operator runs ``unlock`` on the server."""
    accounts.create_admin("admin", "很长的管理员密码-2025", engine=engine)
    for n in range(throttle.ACCOUNT_FREE + 5):
        with pytest.raises(AuthError):
            accounts.authenticate("admin", "wrong-password-1", source=f"192.0.2.{n}", engine=engine)
    with pytest.raises(LoginFailed):
        accounts.authenticate("admin", "很长的管理员密码-2025", source="198.51.100.1", engine=engine)
    out = _run(db_url, "unlock", "--username", "ADMIN")
    assert out.returncode == 0 and "已解除" in out.stdout, out.stderr
    assert accounts.authenticate("admin", "很长的管理员密码-2025", source="198.51.100.1", engine=engine).role == "admin"
    missing = _run(db_url, "unlock", "--username", "nobody")
    assert missing.returncode == 1 and "不存在" in missing.stderr


def test_usage_without_a_command(db_url: str) -> None:
    out = _run(db_url)
    assert out.returncode == 2 and "create-admin" in out.stderr
