"""The audit log: who did what, to what, when. Rows are written inside the transaction of the change they
record (or of the failed sign-in), so a change and its audit row are kept or lost together.

Saves are not duplicated here: every revision records ``saved_by`` and ``saved_at`` (``list_revisions``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from locales import Msg, msg
from store.access import Actor
from store.db import get_engine, read_transaction
from store.errors import AccessDenied
from store.scope import live_user
from store.sqltypes import utcnow
from store.tables import audit_log, users

ACTIONS: dict[str, str] = {  # action code → Chinese label for the admin's log view
    "login": "登录",
    "login_failed": "登录失败",
    "lockout": "账户锁定",
    "logout": "退出登录",
    "session_revoke": "结束登录会话",
    "user_create": "创建用户",
    "user_update": "修改用户",
    "user_disable": "停用用户",
    "user_enable": "启用用户",
    "user_unlock": "解锁用户",
    "password_set": "设置密码",
    "org_create": "创建企业",
    "org_update": "修改企业",
    "org_claim": "企业注册申请",
    "claim_confirm": "确认注册申请",
    "claim_refuse": "驳回注册申请",
    "jurisdiction_set": "设置辖区",
    "grant": "授权咨询机构",
    "revoke": "撤销授权",
    "assessment_delete": "删除评价",
    "assessment_undelete": "恢复已删除的评价",
    "assessment_submit": "提交评价",
    "assessment_approve": "初审通过",
    "assessment_return": "退回补充",
    "assessment_redraft": "由已提交的评价新建草稿",
    "attachment_upload": "上传附件",
    "attachment_download": "下载附件",
    "attachment_delete": "删除附件",
    "review_note": "填写初审意见",
    "settings_set": "修改评价参数",
    "settings_clear": "删除评价参数",
    "yardsticks_publish": "发布区级基准值",
    "yardsticks_withdraw": "撤回区级基准值",
    "yardsticks_pin": "采用区级基准值",
}
CLI = "命令行"  # who_name of actions taken at the server's command line


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    who: str | None
    who_name: str
    action: str
    target: str
    detail: str

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def record(
    conn: Connection,
    action: str,
    *,
    who: str | None,
    who_name: str = "",
    target: str = "",
    detail: dict[str, Any] | str = "",
) -> None:
    """Append one audit row on ``conn`` (inside the caller's transaction). ``who_name`` defaults to the username."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if who is not None and not who_name:
        who_name = conn.scalar(select(users.c.username).where(users.c.id == who)) or ""
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    conn.execute(
        insert(audit_log).values(
            at=utcnow(),
            who=who,
            who_name=_clip(who_name, 64),
            action=action,
            target=_clip(target, 200),
            detail=_clip(text),
        )
    )


def list_audit(
    actor: Actor,
    *,
    limit: int | None = 200,
    action: str | None = None,
    who: str | None = None,
    target: str | None = None,
    engine: Engine | None = None,
) -> list[AuditEntry]:
    """The log, newest first; admins only (the command line reads it through ``list_audit_unchecked``)."""
    with read_transaction(engine or get_engine()) as conn:
        if actor.role != "admin" or live_user(conn, actor).role != "admin":
            raise AccessDenied("只有管理员可以查看审计日志")
        return _query(conn, limit, action, who, target)


def list_audit_unchecked(*, limit: int | None = 200, engine: Engine | None = None) -> list[AuditEntry]:
    """The log for ``python -m store list-audit``: whoever runs commands on the server already has the database."""
    with read_transaction(engine or get_engine()) as conn:
        return _query(conn, limit, None, None, None)


def _query(
    conn: Connection, limit: int | None, action: str | None, who: str | None, target: str | None
) -> list[AuditEntry]:
    query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
    if action is not None:
        query = query.where(audit_log.c.action == action)
    if who is not None:
        query = query.where(audit_log.c.who == who)
    if target is not None:
        query = query.where(audit_log.c.target == target)
    if limit is not None:
        query = query.limit(limit)
    return [AuditEntry(**row._mapping) for row in conn.execute(query)]


# detail fields shown as sentences; a field whose value is a code is worded by value (audit.words.<field>.<code>)
_CODES: dict[str, tuple[str, ...]] = {
    "reason": ("unknown_user", "wrong_password", "disabled", "blocked", "role_changed", "password_set",
               "claim_joined", "claim_refused"),
    "method": ("password", "registration", "cookie"),
    "scope": ("source", "account"),
    "role": ("enterprise", "consultant", "official", "admin"),
    "status": ("draft", "submitted", "approved", "returned"),
}
_SHOWN = ("username", "name", "role", "reason", "method", "source", "scope", "seconds", "failures", "sessions",
          "uscc", "title", "consultant", "revision", "chars", "year", "status", "returned",
          "passed")


def describe(entry: AuditEntry) -> list[Msg]:
    """The entry's detail as messages for the log view, in no language: one per known field, changed fields of an
    update counted, ids (internal keys) left out; text that is not a JSON object is shown as it is."""
    try:
        detail = json.loads(entry.detail) if entry.detail else {}
    except ValueError:
        return [msg("audit.words.text", text=entry.detail)]
    if not isinstance(detail, dict):
        return [msg("audit.words.text", text=str(detail))]
    out: list[Msg] = []
    for key in _SHOWN:
        value = detail.get(key)
        if value is None or value == "":
            continue
        if key == "source" and value == "unknown":  # the address could not be read (ui.auth's placeholder)
            out.append(msg("audit.words.source_unknown"))
        elif key in _CODES:
            code = "blocked" if str(value).startswith("blocked_") else str(value)
            out.append(msg(f"audit.words.{key}.{code}") if code in _CODES[key] else msg(f"audit.words.{key}.other"))
        else:
            out.append(msg(f"audit.words.{key}", value=value))
    if isinstance(detail.get("before"), dict) and isinstance(detail.get("after"), dict):
        changed = [k for k in detail["after"] if detail["before"].get(k) != detail["after"][k]]
        out.append(msg("audit.words.changed", n=len(changed)))
    if isinstance(detail.get("towns"), list):
        out.append(msg("audit.words.towns", n=len(detail["towns"])))
    if detail.get("rehashed"):
        out.append(msg("audit.words.rehashed"))
    return out


def _clip(text: str, limit: int | None = None) -> str:
    """``text`` cut to ``limit`` characters, lone surrogates replaced (the log must never refuse a row)."""
    return text.encode("utf-8", "replace").decode("utf-8")[:limit]
