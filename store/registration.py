"""Self-registration that cannot squat: every enterprise registration is a *claim* a reviewer decides.

``register_enterprise`` always answers the same way for a valid form: it makes a **pending** organisation (the
name and 镇街 typed, no 统一社会信用代码 yet: the code stays in the claim), the user attached to it, signed in, and
the claim. Nothing says whether the code was free, claimed before or registered long ago, so a second claim of the
same code is simply queued beside the first.

What a pending user can do: sign in and fill in drafts for its own pending organisation. Nobody else sees them:
pending organisations are left out of officials' jurisdictions (``store.scope``), of every organisation list and so
of every pool (``orgs.list_organisations``), and consultants cannot be granted access yet.

Who decides (``list_claims``, ``confirm_claim``, ``refuse_claim``, each audited):
- an administrator, any claim;
- an official, the claims whose organisation lies in their jurisdiction (and, to join an existing organisation,
  that one too);
- a user of the enterprise that already holds the claimed code: the claims of its own code, i.e. it invites the
  claimant in (and is warned of a squatter).

Confirming: if an active organisation already holds the code, the claimant joins it (user and drafts move there,
the pending one closes, the user's sessions end so the next sign-in sees the new organisation); otherwise the
pending organisation becomes active with the code. Refusing closes the pending organisation and disables the user.
Registration is rate-limited in the UI process (``ui.session_routes``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, and_, func, insert, or_, select, update

from store import audit, orgs, sessions
from store.access import Actor
from store.accounts import insert_user, new_user_fields, registration_open
from store.db import get_engine, read_transaction, write_transaction
from store.errors import AccessDenied, InvalidData, NotFound
from store.scope import require_role, user_actor
from store.sqltypes import utcnow
from store.tables import assessments, jurisdictions, org_claims, organisations, users

PENDING, CONFIRMED, REFUSED = "pending", "confirmed", "refused"


@dataclass(frozen=True)
class ClaimInfo:
    id: str
    uscc: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    org_id: str  # the pending organisation the registration made
    org_name: str
    town: str
    district: str
    user_id: str
    username: str
    display_name: str
    existing_org_id: str | None  # an active organisation holding the code already (confirming joins it)
    existing_org_name: str
    others_pending: int  # other pending claims of the same code


def register_enterprise(
    username: str,
    password: str,
    *,
    org_name: str,
    uscc: str,
    town: str,
    district: str,
    display_name: str = "",
    engine: Engine | None = None,
) -> Actor:
    """Guest self-registration: a pending organisation, its first user (signed in) and the claim of ``uscc``.
    A taken, look-alike or reserved user name gets one vague message (``accounts.NAME_UNAVAILABLE``)."""
    if not registration_open():
        raise AccessDenied("本系统未开放企业自助注册，请联系管理员开通账号")
    org_fields = orgs.new_org_fields(org_name, uscc, town, district, uscc_required=True)
    code = org_fields.pop("uscc")
    fields = new_user_fields(  # the password is hashed here, before any lock
        username, password, "enterprise", display_name, "(pending)", self_registered=True,
        context=(org_fields["name"], code),
    )
    with write_transaction(engine or get_engine()) as conn:
        org_id = orgs.insert_org(conn, {**org_fields, "uscc": None, "status": "pending"}, who=None,
                                 who_name=fields["username"])
        fields["org_id"] = org_id
        user_id = insert_user(conn, fields, who=None, who_name=fields["username"], vague=True)
        claim_id = secrets.token_hex(16)
        conn.execute(insert(org_claims).values(id=claim_id, user_id=user_id, org_id=org_id, uscc=code,
                                               status=PENDING, created_at=utcnow()))
        audit.record(conn, "org_claim", who=user_id, target=claim_id, detail={"org_id": org_id, "uscc": code})
        audit.record(conn, "login", who=user_id, detail={"method": "registration"})
        return user_actor(conn.execute(select(users).where(users.c.id == user_id)).one())


def my_claim(actor: Actor, *, engine: Engine | None = None) -> ClaimInfo | None:
    """The latest claim of the signed-in user (None for users that did not register themselves)."""
    if actor.user_id is None or actor.role != "enterprise":
        return None
    with read_transaction(engine or get_engine()) as conn:
        query = _claims_query().where(org_claims.c.user_id == actor.user_id)
        row = conn.execute(query.order_by(org_claims.c.created_at.desc()).limit(1)).first()
        return _info(conn, row) if row is not None else None


def pending_org(org_id: str | None, *, engine: Engine | None = None) -> bool:
    """Whether ``org_id`` is an organisation waiting for its claim to be confirmed."""
    if not org_id:
        return False
    with read_transaction(engine or get_engine()) as conn:
        return conn.scalar(select(organisations.c.status).where(organisations.c.id == org_id)) == "pending"


def list_claims(actor: Actor, *, status: str | None = PENDING, engine: Engine | None = None) -> list[ClaimInfo]:
    """The claims ``actor`` may decide (see the module docstring), oldest first; ``status`` None: every status."""
    with read_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", "official", "enterprise", message="无权查看注册申请")
        query = _claims_query().order_by(org_claims.c.created_at, org_claims.c.id)
        if status is not None:
            query = query.where(org_claims.c.status == status)
        if me.role == "official":
            query = query.where(_in_jurisdiction(me.id, organisations.c.district, organisations.c.town))
        elif me.role == "enterprise":
            code = _own_code(conn, me)
            if code is None:
                return []
            query = query.where(org_claims.c.uscc == code, org_claims.c.user_id != me.id)
        return [_info(conn, row) for row in conn.execute(query)]


def confirm_claim(actor: Actor, claim_id: str, *, engine: Engine | None = None) -> ClaimInfo:
    """Confirm a pending claim: the claimant joins the organisation holding the code, or its pending organisation
    becomes active with the code. Returns the claim as decided."""
    with write_transaction(engine or get_engine()) as conn:
        me, claim = _decidable(conn, actor, claim_id)
        existing = _holder(conn, claim.uscc)
        now = utcnow()
        if existing is not None:
            conn.execute(update(users).where(users.c.id == claim.user_id).values(org_id=existing.id))
            moved = conn.execute(
                update(assessments).where(assessments.c.org_id == claim.org_id).values(org_id=existing.id)
            ).rowcount
            conn.execute(update(organisations).where(organisations.c.id == claim.org_id).values(status="closed"))
            sessions.revoke_all_in(conn, claim.user_id, reason="claim_joined", who=me.id)
            detail: dict[str, Any] = {"joined": existing.id, "assessments_moved": moved, "uscc": claim.uscc}
        else:
            conn.execute(
                update(organisations).where(organisations.c.id == claim.org_id).values(uscc=claim.uscc, status="active")
            )
            detail = {"activated": claim.org_id, "uscc": claim.uscc}
        conn.execute(update(org_claims).where(org_claims.c.id == claim_id).values(
            status=CONFIRMED, decided_at=now, decided_by=me.id, joined_org_id=existing.id if existing else None))
        audit.record(conn, "claim_confirm", who=me.id, target=claim_id, detail=detail)
        return _info(conn, conn.execute(_claims_query().where(org_claims.c.id == claim_id)).one())


def refuse_claim(actor: Actor, claim_id: str, *, engine: Engine | None = None) -> None:
    """Refuse a pending claim: its pending organisation closes, the claimant's account is disabled."""
    with write_transaction(engine or get_engine()) as conn:
        me, claim = _decidable(conn, actor, claim_id)
        conn.execute(update(org_claims).where(org_claims.c.id == claim_id).values(
            status=REFUSED, decided_at=utcnow(), decided_by=me.id))
        conn.execute(update(organisations).where(organisations.c.id == claim.org_id).values(status="closed"))
        conn.execute(update(users).where(users.c.id == claim.user_id).values(disabled=True))
        sessions.revoke_all_in(conn, claim.user_id, reason="claim_refused", who=me.id)
        audit.record(conn, "claim_refuse", who=me.id, target=claim_id,
                     detail={"uscc": claim.uscc, "user_id": claim.user_id, "org_id": claim.org_id})


# ---- rules --------------------------------------------------------------------------------------------------


def _decidable(conn: Connection, actor: Actor, claim_id: str) -> tuple[Row[Any], Row[Any]]:
    """(reviewer row, claim row locked) when ``actor`` may decide the pending claim; AccessDenied/NotFound else."""
    me = require_role(conn, actor, "admin", "official", "enterprise", message="无权处理注册申请")
    claim = conn.execute(select(org_claims).where(org_claims.c.id == claim_id).with_for_update()).first()
    if claim is None:
        raise NotFound("未找到该注册申请")
    if claim.status != PENDING:
        raise InvalidData("该注册申请已处理")
    if me.role == "admin":
        return me, claim
    if me.id == claim.user_id:
        raise AccessDenied("不能处理自己的注册申请")
    pending = conn.execute(select(organisations).where(organisations.c.id == claim.org_id)).one()
    existing = _holder(conn, claim.uscc)
    if me.role == "official":
        places = [(pending.district, pending.town)] + ([(existing.district, existing.town)] if existing else [])
        if all(_official_covers(conn, me.id, d, t) for d, t in places):
            return me, claim
        raise AccessDenied("该企业不在您的辖区内，无权处理其注册申请")
    if existing is not None and me.org_id == existing.id:
        return me, claim
    raise AccessDenied("只能处理申请加入本企业的注册申请")


def _holder(conn: Connection, code: str) -> Row[Any] | None:
    """The active organisation holding ``code``, if any."""
    query = select(organisations).where(organisations.c.uscc == code, organisations.c.status == "active")
    return conn.execute(query).first()


def _own_code(conn: Connection, me: Row[Any]) -> str | None:
    query = select(organisations.c.uscc).where(organisations.c.id == me.org_id, organisations.c.status == "active")
    code: str | None = conn.scalar(query)
    return code


def _in_jurisdiction(user_id: str, district: Any, town: Any) -> Any:
    j = jurisdictions
    return (
        select(j.c.id)
        .where(j.c.user_id == user_id, j.c.district == district, or_(j.c.town.is_(None), j.c.town == town))
        .exists()
    )


def _official_covers(conn: Connection, user_id: str, district: str, town: str) -> bool:
    return bool(conn.scalar(select(_in_jurisdiction(user_id, district, town))))


# ---- reading ------------------------------------------------------------------------------------------------


def _claims_query() -> Any:
    return (
        select(
            org_claims,
            organisations.c.name.label("org_name"),
            organisations.c.town,
            organisations.c.district,
            users.c.username,
            users.c.display_name,
        )
        .join(organisations, organisations.c.id == org_claims.c.org_id)
        .join(users, users.c.id == org_claims.c.user_id)
    )


def _info(conn: Connection, row: Row[Any]) -> ClaimInfo:
    existing = _holder(conn, row.uscc)
    others = conn.scalar(
        select(func.count()).where(
            and_(org_claims.c.uscc == row.uscc, org_claims.c.status == PENDING, org_claims.c.id != row.id)
        )
    )
    return ClaimInfo(
        id=row.id, uscc=row.uscc, status=row.status, created_at=row.created_at, decided_at=row.decided_at,
        org_id=row.org_id, org_name=row.org_name, town=row.town, district=row.district, user_id=row.user_id,
        username=row.username, display_name=row.display_name,
        existing_org_id=existing.id if existing is not None else None,
        existing_org_name=existing.name if existing is not None else "", others_pending=int(others or 0),
    )
