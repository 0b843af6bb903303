"""Organisations (enterprises), officials' jurisdictions, and the grants by which an enterprise lets a consultant in.

Who may do what here:
- organisations: admins create and change them (an enterprise registering itself creates a *pending* one, see
  ``store.registration``); anyone signed in lists the active ones inside their scope (``store.scope``), and an
  enterprise user also its own pending one. A pending or closed organisation is in no list, pool or jurisdiction.
- jurisdictions: admins set them; an official reads their own.
- grants: an enterprise's own users (or an admin) grant and revoke; a consultant lists the grants made to them.
Every change is written to the audit log.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from scoring.models import uscc_is_valid
from store import audit
from store.access import Actor
from store.db import get_engine, read_transaction, retry_on_unique_violation, write_transaction
from store.errors import AccessDenied, InvalidData, NotFound
from store.scope import org_scope, require_role
from store.sqltypes import utcnow
from store.tables import grants, jurisdictions, organisations, users
from store.textclean import clean_id, clean_text, normalise_username

_UNSET: Any = object()


@dataclass(frozen=True)
class OrgInfo:
    id: str
    name: str
    uscc: str | None
    town: str
    district: str
    created_at: datetime
    status: str = "active"  # active | pending (a registration awaiting review) | closed

    @property
    def pending(self) -> bool:
        return self.status == "pending"


@dataclass(frozen=True)
class JurisdictionArea:
    district: str
    town: str | None  # None: the whole district


@dataclass(frozen=True)
class GrantInfo:
    id: str
    org_id: str
    org_name: str
    consultant_id: str
    consultant_username: str
    consultant_name: str
    granted_by: str | None
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class ConsultantInfo:
    id: str
    username: str
    display_name: str


# ---- organisations ---------------------------------------------------------------------------------------


def new_org_fields(
    name: str, uscc: str | None, town: str, district: str, *, uscc_required: bool = False
) -> dict[str, Any]:
    """Checked columns of an organisation (Chinese InvalidData otherwise)."""
    code = (uscc or "").strip().upper()
    if code and not uscc_is_valid(code):
        raise InvalidData("统一社会信用代码无效（应为18位，且第18位校验码正确）")
    if uscc_required and not code:
        raise InvalidData("请填写统一社会信用代码")
    return {
        "name": clean_text(name, limit=200, field="企业名称", required=True),
        "uscc": code or None,
        "town": clean_id(town, field="所在镇街"),
        "district": clean_id(district, field="所在区县"),
    }


def insert_org(conn: Connection, fields: dict[str, Any], *, who: str | None, who_name: str = "") -> str:
    if fields["uscc"] and conn.scalar(select(organisations.c.id).where(organisations.c.uscc == fields["uscc"])):
        raise InvalidData("该统一社会信用代码已登记")
    org_id = secrets.token_hex(16)
    try:
        conn.execute(insert(organisations).values(id=org_id, created_at=utcnow(), **fields))
    except IntegrityError as e:  # registered concurrently
        raise InvalidData("该统一社会信用代码已登记") from e
    audit.record(conn, "org_create", who=who, who_name=who_name, target=org_id, detail=fields)
    return org_id


def create_organisation(
    actor: Actor, name: str, *, uscc: str | None = None, town: str, district: str, engine: Engine | None = None
) -> str:
    """An admin registers an enterprise; returns its id."""
    fields = new_org_fields(name, uscc, town, district)
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以登记企业")
        return insert_org(conn, fields, who=me.id)


def update_organisation(
    actor: Actor,
    org_id: str,
    *,
    name: str | None = None,
    uscc: str | None = _UNSET,
    town: str | None = None,
    district: str | None = None,
    engine: Engine | None = None,
) -> None:
    """An admin corrects an organisation. Town and district decide which officials see it, so only admins change
    them."""
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以修改企业信息")
        row = _org_row(conn, org_id)
        fields = new_org_fields(
            row.name if name is None else name,
            row.uscc if uscc is _UNSET else uscc,
            row.town if town is None else town,
            row.district if district is None else district,
        )
        clash = select(organisations.c.id).where(organisations.c.uscc == fields["uscc"], organisations.c.id != org_id)
        if fields["uscc"] and conn.scalar(clash):
            raise InvalidData("该统一社会信用代码已登记")
        conn.execute(update(organisations).where(organisations.c.id == org_id).values(**fields))
        before = {k: row._mapping[k] for k in fields}
        audit.record(conn, "org_update", who=me.id, target=org_id, detail={"before": before, "after": fields})


def get_organisation(actor: Actor, org_id: str, *, engine: Engine | None = None) -> OrgInfo:
    """One organisation inside the actor's read scope."""
    with read_transaction(engine or get_engine()) as conn:
        scope = org_scope(conn, actor, write=False)
        if not scope.allows(conn, org_id):
            raise AccessDenied("您没有权限查看该企业")
        return OrgInfo(**_org_row(conn, org_id)._mapping)


def list_organisations(
    actor: Actor, *, district: str | None = None, town: str | None = None, engine: Engine | None = None
) -> list[OrgInfo]:
    """The active organisations inside the actor's read scope (an enterprise: its own, pending too; a consultant:
    its clients; an official: its jurisdiction; an admin: all), by name."""
    if actor.role == "guest":
        return []
    query = select(organisations).order_by(organisations.c.name, organisations.c.id)
    if district is not None:
        query = query.where(organisations.c.district == district)
    if town is not None:
        query = query.where(organisations.c.town == town)
    own = actor.org_id if actor.role == "enterprise" else None  # an enterprise sees its own pending organisation
    visible = organisations.c.status == "active"
    query = query.where(or_(visible, organisations.c.id == own) if own else visible)
    with read_transaction(engine or get_engine()) as conn:
        scope = org_scope(conn, actor, write=False)
        return [OrgInfo(**row._mapping) for row in conn.execute(query.where(scope.clause(organisations.c.id)))]


def _org_row(conn: Connection, org_id: str) -> Row[Any]:
    row = conn.execute(select(organisations).where(organisations.c.id == org_id)).first()
    if row is None:
        raise NotFound("未找到该企业")
    return row


# ---- jurisdictions -----------------------------------------------------------------------------------------


def set_jurisdiction(
    actor: Actor, user_id: str, district: str, towns: Iterable[str] | None = None, *, engine: Engine | None = None
) -> None:
    """An admin sets an official's jurisdiction, replacing the previous one: ``towns`` of ``district``, or the
    whole district when ``towns`` is empty or None."""
    district = clean_id(district, field="区县")
    town_ids = sorted({clean_id(t, field="镇街") for t in towns or ()})
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以设置辖区")
        target = conn.execute(select(users).where(users.c.id == user_id)).first()
        if target is None:
            raise NotFound("未找到该用户")
        if target.role != "official":
            raise InvalidData("只有主管部门用户可以设置辖区")
        conn.execute(delete(jurisdictions).where(jurisdictions.c.user_id == user_id))
        rows: list[dict[str, str | None]] = [{"user_id": user_id, "district": district, "town": t} for t in town_ids] or [
            {"user_id": user_id, "district": district, "town": None}
        ]
        conn.execute(insert(jurisdictions), rows)
        detail = {"username": target.username, "district": district, "towns": town_ids or "全区"}
        audit.record(conn, "jurisdiction_set", who=me.id, target=user_id, detail=detail)


def get_jurisdiction(actor: Actor, user_id: str, *, engine: Engine | None = None) -> list[JurisdictionArea]:
    """An official's jurisdiction (admins: anyone's; an official: their own)."""
    with read_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", "official", message="无权查看辖区设置")
        if me.role != "admin" and me.id != user_id:
            raise AccessDenied("只能查看自己的辖区")
        query = select(jurisdictions.c.district, jurisdictions.c.town).where(jurisdictions.c.user_id == user_id)
        rows = conn.execute(query.order_by(jurisdictions.c.district, jurisdictions.c.town)).all()
    return [JurisdictionArea(r.district, r.town) for r in rows]


# ---- grants ----------------------------------------------------------------------------------------------------


def grant_access(actor: Actor, org_id: str, consultant_username: str, *, engine: Engine | None = None) -> str:
    """The enterprise ``org_id`` (one of its users, or an admin) lets a consultant read and write its assessments.
    Returns the grant id; granting again while a grant is active returns the active one."""
    name = normalise_username(consultant_username)

    def attempt() -> str:
        with write_transaction(engine or get_engine()) as conn:
            me = _org_manager(conn, actor, org_id)
            if _org_row(conn, org_id).status != "active":
                raise InvalidData("企业注册确认之前不能授权咨询机构")
            consultant = conn.execute(select(users).where(users.c.username == name)).first()
            if consultant is None or consultant.role != "consultant" or consultant.disabled:
                raise NotFound(f"未找到咨询机构用户“{name}”")
            active: str | None = conn.scalar(
                select(grants.c.id).where(
                    grants.c.org_id == org_id, grants.c.consultant_id == consultant.id, grants.c.revoked_at.is_(None)
                )
            )
            if active is not None:
                return active
            grant_id = secrets.token_hex(16)
            conn.execute(
                insert(grants).values(
                    id=grant_id, org_id=org_id, consultant_id=consultant.id, granted_by=me.id, created_at=utcnow()
                )
            )
            audit.record(conn, "grant", who=me.id, target=grant_id, detail={"org_id": org_id, "consultant": name})
            return grant_id

    return retry_on_unique_violation(attempt, attempts=2)


def revoke_access(actor: Actor, grant_id: str, *, engine: Engine | None = None) -> None:
    """The enterprise (one of its users, or an admin) withdraws a grant; the consultant loses access at once.
    Revoking a revoked grant does nothing."""
    with write_transaction(engine or get_engine()) as conn:
        row = conn.execute(select(grants).where(grants.c.id == grant_id).with_for_update()).first()
        if row is None:
            raise NotFound("未找到该授权")
        me = _org_manager(conn, actor, row.org_id)
        if row.revoked_at is not None:
            return
        conn.execute(update(grants).where(grants.c.id == grant_id).values(revoked_at=utcnow(), revoked_by=me.id))
        detail = {"org_id": row.org_id, "consultant_id": row.consultant_id}
        audit.record(conn, "revoke", who=me.id, target=grant_id, detail=detail)


def list_grants(
    actor: Actor, *, org_id: str | None = None, include_revoked: bool = False, engine: Engine | None = None
) -> list[GrantInfo]:
    """Grants, newest first: an enterprise user sees its organisation's, a consultant those made to them, an
    admin all (optionally of one organisation)."""
    consultant = users.alias("consultant")
    query = (
        select(
            grants,
            organisations.c.name.label("org_name"),
            consultant.c.username.label("consultant_username"),
            consultant.c.display_name.label("consultant_name"),
        )
        .join(organisations, organisations.c.id == grants.c.org_id)
        .join(consultant, consultant.c.id == grants.c.consultant_id)
        .order_by(grants.c.created_at.desc(), grants.c.id)
    )
    if not include_revoked:
        query = query.where(grants.c.revoked_at.is_(None))
    with read_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", "enterprise", "consultant", message="无权查看授权")
        if me.role == "enterprise":
            if org_id not in (None, me.org_id):
                raise AccessDenied("只能查看本企业的授权")
            org_id = me.org_id
        elif me.role == "consultant":
            query = query.where(grants.c.consultant_id == me.id)
        if org_id is not None:
            query = query.where(grants.c.org_id == org_id)
        return [GrantInfo(**row._mapping) for row in conn.execute(query)]


def list_consultants(actor: Actor, *, engine: Engine | None = None) -> list[ConsultantInfo]:
    """Enabled consultant accounts, for an enterprise choosing whom to grant access."""
    query = (
        select(users.c.id, users.c.username, users.c.display_name)
        .where(users.c.role == "consultant", users.c.disabled.is_(False))
        .order_by(users.c.display_name, users.c.username)
    )
    with read_transaction(engine or get_engine()) as conn:
        require_role(conn, actor, "admin", "enterprise", message="无权查看咨询机构列表")
        return [ConsultantInfo(**row._mapping) for row in conn.execute(query)]


def _org_manager(conn: Connection, actor: Actor, org_id: str) -> Row[Any]:
    """The actor's user row if it may grant and revoke for ``org_id``: a user of that enterprise, or an admin."""
    me = require_role(conn, actor, "admin", "enterprise", message="只有企业本身或管理员可以授权、撤销授权")
    if me.role == "enterprise" and me.org_id != org_id:
        raise AccessDenied("只能管理本企业的授权")
    return me
