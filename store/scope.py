"""The access rule: which organisations' assessments an actor may read, and which it may write.

=============  ==========================================================  =========================
role           reads assessments of                                        writes
=============  ==========================================================  =========================
local          everything, only while accounts are not enabled            same as reads
guest          nothing stored                                              nothing
enterprise     its own organisation                                        same as reads
consultant     organisations with an active (unrevoked) grant to the user  same as reads
official       organisations whose district/town lies in the jurisdiction  nothing (read-only)
admin          everything                                                  nothing: admins manage
                                                                           users, not answers
=============  ==========================================================  =========================

An assessment without an organisation is reached only by ``local`` and ``admin``. The scope is computed from the
database on every call (user row, grants, jurisdiction), never from what the Actor claims, so a revoked grant or a
disabled account takes effect on the next call. ``OrgScope.clause`` filters lists in SQL; ``OrgScope.allows``
decides one row; both use the same subquery.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, String, and_, literal, or_, select, true

from store.access import Actor
from store.errors import AccessDenied
from store.tables import grants, jurisdictions, organisations, users

ACCOUNTS_ENV = "GF_ACCOUNTS"  # "1": accounts are on even before the first admin exists (the local actor is refused)


def accounts_enabled(conn: Connection) -> bool:
    """True once any user exists, or when env GF_ACCOUNTS=1. Then the ``local`` actor is refused everywhere."""
    if os.environ.get(ACCOUNTS_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        return True
    return conn.scalar(select(users.c.id).limit(1)) is not None


def user_actor(row: Row[Any]) -> Actor:
    """The Actor of a user row (the columns id, role, org_id, display_name, username)."""
    org_ids = frozenset({row.org_id}) if row.org_id else frozenset()
    return Actor(user_id=row.id, role=row.role, org_ids=org_ids, display_name=row.display_name or row.username)


def live_user(conn: Connection, actor: Actor) -> Row[Any]:
    """The actor's user row as it is now; AccessDenied if it is gone, disabled or its role changed."""
    if actor.user_id is None:
        raise AccessDenied("请先登录")
    row = conn.execute(select(users).where(users.c.id == actor.user_id)).first()
    if row is None:
        raise AccessDenied("账户不存在，请重新登录")
    if row.disabled:
        raise AccessDenied("该账户已停用，请联系管理员")
    if row.role != actor.role:
        raise AccessDenied("账户角色已变更，请重新登录")
    return row


@dataclass(frozen=True)
class OrgScope:
    """The organisations an actor may reach: all of them, or those a subquery selects."""

    everything: bool = False
    org_ids: Select[Any] | None = None  # one column of organisation ids
    denied: str = "您没有权限访问该评价"  # the message when an organisation lies outside

    def clause(self, org_col: ColumnElement[Any]) -> ColumnElement[bool]:
        """A WHERE clause: ``org_col`` lies inside the scope."""
        if self.everything:
            return true()
        assert self.org_ids is not None
        return org_col.in_(self.org_ids)

    def allows(self, conn: Connection, org_id: str | None) -> bool:
        if self.everything:
            return True
        if org_id is None:
            return False
        return bool(conn.scalar(select(self.clause(literal(org_id, String(32))))))


def org_scope(conn: Connection, actor: Actor, *, write: bool) -> OrgScope:
    """The scope of ``actor`` for reading (``write=False``) or writing; AccessDenied when the role has none."""
    if actor.role == "local":
        if accounts_enabled(conn):
            raise AccessDenied("本系统已启用账户，请先登录")
        return OrgScope(everything=True)
    if actor.role == "guest":
        raise AccessDenied("访客模式下不能查看或保存已存储的评价，请登录后再试")
    user = live_user(conn, actor)
    if user.role == "admin":
        if write:
            raise AccessDenied("管理员账户只管理用户与权限，不能修改企业的评价")
        return OrgScope(everything=True)
    if user.role == "official":
        if write:
            raise AccessDenied("主管部门账户只能查看评价，不能修改")
        j, o = jurisdictions, organisations
        inside = and_(j.c.district == o.c.district, or_(j.c.town.is_(None), j.c.town == o.c.town),
                      o.c.status == "active")  # a pending registration stays out of officials' sight
        query = select(o.c.id).join(j, inside).where(j.c.user_id == user.id)
        return OrgScope(org_ids=query, denied="该企业不在您的辖区内，无权查看")
    if user.role == "consultant":
        query = select(grants.c.org_id).where(grants.c.consultant_id == user.id, grants.c.revoked_at.is_(None))
        return OrgScope(org_ids=query, denied="该企业未授权您访问其评价（或授权已被撤销）")
    if user.org_id is None:  # an enterprise user not (or no longer) attached to an organisation
        raise AccessDenied("该账户未关联企业，请联系管理员")
    return OrgScope(org_ids=select(organisations.c.id).where(organisations.c.id == user.org_id))


def require_role(conn: Connection, actor: Actor, *roles: str, message: str = "只有管理员可以执行此操作") -> Row[Any]:
    """The actor's live user row if its role is one of ``roles``, else AccessDenied(``message``)."""
    if actor.role not in roles:
        raise AccessDenied(message)
    user = live_user(conn, actor)
    if user.role not in roles:
        raise AccessDenied(message)
    return user
