"""Operator commands, run on the server (whoever runs them already holds the database):

    python -m store create-admin --username admin [--display-name 管理员] [--password-stdin]
    python -m store reset-password --username someone [--password-stdin]
    python -m store unlock --username someone
    python -m store list-audit [--limit 50]
    python -m store list-deleted
    python -m store restore-assessment --id <assessment id>

The password comes from env GF_ADMIN_PASSWORD, or one line on stdin with --password-stdin, or is typed twice at a
hidden prompt. There is no default password. The database is DATABASE_URL (default: data/app.db).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from store import accounts, assessments, audit
from store.errors import StoreError
from store.textclean import normalise_username

PASSWORD_ENV = "GF_ADMIN_PASSWORD"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description="绿色工厂自评价：账户与审计命令")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="创建管理员账户（首个管理员由此创建，没有默认密码）")
    create.add_argument("--username", required=True)
    create.add_argument("--display-name", default="")
    create.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    reset = commands.add_parser("reset-password", help="重置某用户的密码并解除锁定")
    reset.add_argument("--username", required=True)
    reset.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    unlock = commands.add_parser("unlock", help="解除某用户（含管理员）在所有来源的登录限制")
    unlock.add_argument("--username", required=True)
    log = commands.add_parser("list-audit", help="列出审计日志（最新在前）")
    log.add_argument("--limit", type=int, default=50)
    commands.add_parser("list-deleted", help="列出已删除的评价草稿（可恢复）")
    undelete = commands.add_parser("restore-assessment", help="恢复一份已删除的评价草稿")
    undelete.add_argument("--id", required=True)
    args = parser.parse_args(argv)

    try:
        if args.command == "create-admin":
            user_id = accounts.create_admin(args.username, _password(args), display_name=args.display_name)
            print(f"已创建管理员“{normalise_username(args.username)}”（用户 id {user_id}）")
        elif args.command == "reset-password":
            accounts.reset_password_cli(args.username, _password(args))
            print(f"已重置“{normalise_username(args.username)}”的密码，并解除锁定")
        elif args.command == "unlock":
            accounts.unlock_cli(args.username)
            print(f"已解除“{normalise_username(args.username)}”的登录限制")
        elif args.command == "list-deleted":
            for a in assessments.list_deleted_unchecked():
                when = a.updated_at.strftime("%Y-%m-%d %H:%M:%S UTC")
                print("\t".join((a.id, when, a.title or "未命名企业", str(a.year or "-"))))
        elif args.command == "restore-assessment":
            assessments.undelete(None, args.id)
            print(f"已恢复评价 {args.id}")
        else:
            for e in audit.list_audit_unchecked(limit=max(args.limit, 1)):
                when = e.at.strftime("%Y-%m-%d %H:%M:%S UTC")
                print("\t".join((when, e.who_name or e.who or "-", e.action_label, e.target, e.detail)))
    except (StoreError, ValueError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\n已取消", file=sys.stderr)
        return 130
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise ValueError("标准输入中没有密码")
        return line.rstrip("\r\n")
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise ValueError(f"请在终端中运行，或使用 --password-stdin，或设置环境变量 {PASSWORD_ENV}")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise ValueError("两次输入的密码不一致")
    return first


if __name__ == "__main__":
    sys.exit(main())
