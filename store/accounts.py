"""Users: creation, sign-in (argon2id, lockout), the Actor of a signed-in user, administration, session timeout.

Sign-in: ``authenticate`` returns the Actor or raises an AuthError whose message the login page shows as it is.
An unknown user name and a wrong password give the same message and take the same time (a dummy hash is
verified). After ``MAX_FAILED_ATTEMPTS`` wrong passwords in a row the account is locked for ``LOCKOUT_MINUTES``.
Logins, failures, lockouts and every change to a user are written to the audit log.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from store import audit, orgs, passwords, sessions
from store.access import ACCOUNT_ROLES, Actor
from store.db import get_engine, read_transaction, write_transaction
from store.errors import (
    AccessDenied,
    AccountDisabled,
    AccountLocked,
    AuthError,
    InvalidData,
    LoginFailed,
    NotFound,
)
from store.scope import accounts_enabled as _accounts_enabled
from store.scope import live_user, require_role, user_actor
from store.sqltypes import utcnow
from store.tables import grants, jurisdictions, organisations, users
from store.textclean import clean_text, normalise_username

# Lockout: 5 wrong passwords in a row lock the account for 15 minutes. Five leaves room for typos; fifteen
# minutes makes online guessing slow (at most 480 guesses a day per account) without locking a user out for long.
# An admin can unlock at once (unlock_user).
MAX_FAILED_ATTEMPTS = 5
LOCKOUT_MINUTES = 15
SESSION_TIMEOUT_MINUTES = sessions.IDLE_MINUTES  # idle time after which a user is signed out (store.sessions)
REGISTRATION_ENV = "GF_REGISTRATION"  # "off": enterprises cannot register themselves (register_enterprise)
_UNSET: Any = object()


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    display_name: str
    role: str
    org_id: str | None
    disabled: bool
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime
    has_password: bool

    def locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


# ---- state of the deployment and of a session --------------------------------------------------------


def accounts_enabled(*, engine: Engine | None = None) -> bool:
    """True once a user exists (or env GF_ACCOUNTS=1): the UI then shows the login page and guest mode, and the
    store refuses the ``local`` actor."""
    with read_transaction(engine or get_engine()) as conn:
        return _accounts_enabled(conn)


def registration_open() -> bool:
    """Whether ``register_enterprise`` is allowed (env GF_REGISTRATION=off closes it)."""
    return os.environ.get(REGISTRATION_ENV, "").strip().lower() not in {"0", "off", "false", "no"}


def session_expired(
    last_seen: datetime | None, now: datetime | None = None, minutes: int = SESSION_TIMEOUT_MINUTES
) -> bool:
    """True when a session idle since ``last_seen`` (None: never seen) must sign in again. Store ``utcnow()`` (or
    any aware datetime) in the session at each interaction; a naive datetime is read as UTC."""
    if last_seen is None:
        return True
    now = now or utcnow()
    return _aware(now) - _aware(last_seen) >= timedelta(minutes=minutes)


def _aware(moment: datetime) -> datetime:
    """A naive datetime is taken as UTC (``datetime.utcnow()`` style); an aware one is kept."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# ---- sign-in ---------------------------------------------------------------------------------------------


def authenticate(username: str, password: str, *, engine: Engine | None = None) -> Actor:
    """The Actor of the user, or LoginFailed / AccountLocked / AccountDisabled (Chinese messages)."""
    engine = engine or get_engine()
    try:
        name = normalise_username(username)
    except InvalidData:
        name = None
    with read_transaction(engine) as conn:
        row = conn.execute(select(users).where(users.c.username == name)).first() if name else None
    ok = passwords.verify(row.password_hash if row is not None else None, password)  # slow: outside any lock
    new_hash = None
    if ok and row is not None and passwords.needs_rehash(row.password_hash):
        new_hash = passwords.hash_password(password)
    with write_transaction(engine) as conn:
        outcome = _record_attempt(conn, row.id if row is not None else None, name, ok, new_hash)
    if isinstance(outcome, AuthError):
        raise outcome  # raised after commit, so the failure and its audit row are kept
    return outcome


def _record_attempt(
    conn: Connection, user_id: str | None, name: str | None, ok: bool, new_hash: str | None
) -> Actor | AuthError:
    attempted = (name or "")[:64]
    if user_id is None:
        audit.record(conn, "login_failed", who=None, who_name=attempted, detail={"reason": "unknown_user"})
        return LoginFailed()
    row = conn.execute(select(users).where(users.c.id == user_id).with_for_update()).one()
    now = utcnow()
    if row.locked_until is not None and row.locked_until > now:
        audit.record(conn, "login_failed", who=row.id, detail={"reason": "locked"})
        return AccountLocked(row.locked_until)
    if not ok:
        attempts = row.failed_attempts + 1
        if attempts >= MAX_FAILED_ATTEMPTS:
            until = now + timedelta(minutes=LOCKOUT_MINUTES)
            conn.execute(update(users).where(users.c.id == row.id).values(failed_attempts=0, locked_until=until))
            audit.record(conn, "login_failed", who=row.id, detail={"reason": "wrong_password", "attempt": attempts})
            audit.record(conn, "lockout", who=row.id, detail={"minutes": LOCKOUT_MINUTES, "attempts": attempts})
            return AccountLocked(until)
        conn.execute(update(users).where(users.c.id == row.id).values(failed_attempts=attempts))
        audit.record(conn, "login_failed", who=row.id, detail={"reason": "wrong_password", "attempt": attempts})
        return LoginFailed()
    if row.disabled:
        audit.record(conn, "login_failed", who=row.id, detail={"reason": "disabled"})
        return AccountDisabled()
    values: dict[str, Any] = {"failed_attempts": 0, "locked_until": None}
    if new_hash is not None:
        values["password_hash"] = new_hash
    conn.execute(update(users).where(users.c.id == row.id).values(**values))
    audit.record(conn, "login", who=row.id, detail={"method": "password", "rehashed": new_hash is not None})
    return _actor(row)


def authenticate_external(username: str, *, provider: str, engine: Engine | None = None) -> Actor:
    """The Actor of a user the OIDC provider (``st.login``) has signed in, matched by user name (e.g. the e-mail
    address). The account must exist already: an admin creates it and sets role and organisation."""
    try:
        name = normalise_username(username)
    except InvalidData as e:
        raise LoginFailed("该账号尚未在本系统开通，请联系管理员") from e
    with write_transaction(engine or get_engine()) as conn:
        row = conn.execute(select(users).where(users.c.username == name)).first()
        if row is None:
            audit.record(
                conn, "login_failed", who=None, who_name=name, detail={"reason": "unknown_user", "method": provider}
            )
            outcome: Actor | AuthError = LoginFailed("该账号尚未在本系统开通，请联系管理员")
        elif row.disabled:
            audit.record(conn, "login_failed", who=row.id, detail={"reason": "disabled", "method": provider})
            outcome = AccountDisabled()
        else:
            audit.record(conn, "login", who=row.id, detail={"method": provider})
            outcome = _actor(row)
    if isinstance(outcome, AuthError):
        raise outcome
    return outcome


def actor_for(user_id: str, *, engine: Engine | None = None) -> Actor:
    """The Actor of an existing, enabled user (e.g. to refresh a session); AccessDenied otherwise."""
    with read_transaction(engine or get_engine()) as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None:
        raise AccessDenied("账户不存在，请重新登录")
    if row.disabled:
        raise AccessDenied("该账户已停用，请联系管理员")
    return _actor(row)


def record_logout(actor: Actor, *, engine: Engine | None = None) -> None:
    """Write the logout to the audit log (the UI clears its session itself)."""
    if actor.user_id is None:
        return
    with write_transaction(engine or get_engine()) as conn:
        audit.record(conn, "logout", who=actor.user_id)


_actor = user_actor


# ---- creating users ------------------------------------------------------------------------------------


def create_user(
    actor: Actor,
    username: str,
    password: str | None,
    role: str,
    *,
    display_name: str = "",
    org_id: str | None = None,
    engine: Engine | None = None,
) -> str:
    """An admin creates a user; returns its id. ``password`` None: the user signs in through OIDC only.
    An enterprise user needs ``org_id``; the other roles have none."""
    fields = _new_user_fields(username, password, role, display_name, org_id)
    with write_transaction(engine or get_engine()) as conn:
        require_role(conn, actor, "admin", message="只有管理员可以创建用户")
        return _insert_user(conn, fields, who=actor.user_id)


def create_admin(username: str, password: str, *, display_name: str = "", engine: Engine | None = None) -> str:
    """For ``python -m store create-admin``: whoever runs commands on the server may create an admin."""
    if password is None:
        raise InvalidData("管理员必须设置密码")
    fields = _new_user_fields(username, password, "admin", display_name, None)
    with write_transaction(engine or get_engine()) as conn:
        return _insert_user(conn, fields, who=None, who_name=audit.CLI)


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
    """Self-registration from guest mode: a new organisation and its first enterprise user, signed in.

    A 统一社会信用代码 already registered is refused: joining an existing organisation would open its data, so
    that takes an admin (create_user with its org_id).
    """
    if not registration_open():
        raise AccessDenied("本系统未开放企业自助注册，请联系管理员开通账号")
    org_fields = orgs.new_org_fields(org_name, uscc, town, district, uscc_required=True)
    fields = _new_user_fields(username, password, "enterprise", display_name, "(new)")  # hashed before the lock
    with write_transaction(engine or get_engine()) as conn:
        if conn.scalar(select(organisations.c.id).where(organisations.c.uscc == org_fields["uscc"])) is not None:
            raise InvalidData("该统一社会信用代码已注册。如需为贵企业增加账号，请联系本企业已有用户或管理员")
        fields["org_id"] = orgs.insert_org(conn, org_fields, who=None, who_name=fields["username"])
        user_id = _insert_user(conn, fields, who=None, who_name=fields["username"])
        audit.record(conn, "login", who=user_id, detail={"method": "registration"})
        row = conn.execute(select(users).where(users.c.id == user_id)).one()
        return _actor(row)


def _new_user_fields(
    username: str, password: str | None, role: str, display_name: str, org_id: str | None
) -> dict[str, Any]:
    name = normalise_username(username)
    if role not in ACCOUNT_ROLES:
        raise InvalidData(f"未知角色：{role!r}（可选：{'、'.join(ACCOUNT_ROLES)}）")
    if role == "enterprise" and not org_id:
        raise InvalidData("企业用户必须关联一个企业")
    if role != "enterprise" and org_id:
        raise InvalidData("只有企业用户关联企业；咨询机构通过企业授权访问，主管部门通过辖区访问")
    password_hash = None
    if password is not None:
        passwords.check_policy(password, name)
        password_hash = passwords.hash_password(password)
    return {
        "username": name,
        "display_name": clean_text(display_name, limit=100, field="显示名称") or name,
        "role": role,
        "org_id": org_id,
        "password_hash": password_hash,
    }


def _insert_user(conn: Connection, fields: dict[str, Any], *, who: str | None, who_name: str = "") -> str:
    if conn.scalar(select(users.c.id).where(users.c.username == fields["username"])) is not None:
        raise InvalidData(f"用户名“{fields['username']}”已被占用")
    if (
        fields["org_id"] is not None
        and conn.scalar(select(organisations.c.id).where(organisations.c.id == fields["org_id"])) is None
    ):
        raise NotFound("未找到该企业")
    user_id = secrets.token_hex(16)
    try:
        conn.execute(insert(users).values(id=user_id, created_at=utcnow(), **fields))
    except IntegrityError as e:  # a concurrent registration took the name first (the transaction rolls back)
        raise InvalidData(f"用户名“{fields['username']}”已被占用") from e
    detail = {"username": fields["username"], "role": fields["role"], "org_id": fields["org_id"]}
    audit.record(conn, "user_create", who=who, who_name=who_name, target=user_id, detail=detail)
    return user_id


# ---- administering users -----------------------------------------------------------------------------


def get_user(actor: Actor, user_id: str, *, engine: Engine | None = None) -> UserInfo:
    """One user: admins see anyone, others themselves."""
    with read_transaction(engine or get_engine()) as conn:
        me = live_user(conn, actor) if actor.role not in ("local", "guest") else None
        if me is None or (me.role != "admin" and me.id != user_id):
            raise AccessDenied("只能查看自己的账户信息")
        return _info(_user_row(conn, user_id))


def list_users(
    actor: Actor, *, role: str | None = None, org_id: str | None = None, engine: Engine | None = None
) -> list[UserInfo]:
    """All users (admins only), optionally of one role or organisation, by user name."""
    query = select(users).order_by(users.c.username)
    if role is not None:
        query = query.where(users.c.role == role)
    if org_id is not None:
        query = query.where(users.c.org_id == org_id)
    with read_transaction(engine or get_engine()) as conn:
        require_role(conn, actor, "admin", message="只有管理员可以查看用户列表")
        return [_info(row) for row in conn.execute(query)]


def set_password(
    actor: Actor, user_id: str, new_password: str, *, old_password: str | None = None, engine: Engine | None = None
) -> None:
    """A user changes their own password (``old_password`` required), or an admin sets anyone's (e.g. a reset).
    Clears a lockout."""
    engine = engine or get_engine()
    with read_transaction(engine) as conn:
        me = live_user(conn, actor) if actor.role not in ("local", "guest") else None
        if me is None or (me.role != "admin" and me.id != user_id):
            raise AccessDenied("只能修改自己的密码")
        target = _user_row(conn, user_id)
    if me.id == user_id and not passwords.verify(target.password_hash, old_password or ""):
        raise InvalidData("原密码不正确")
    passwords.check_policy(new_password, target.username)
    new_hash = passwords.hash_password(new_password)
    with write_transaction(engine) as conn:
        _set_password_hash(conn, user_id, new_hash)
        audit.record(conn, "password_set", who=me.id, target=user_id, detail={"username": target.username})
        sessions.revoke_all_in(conn, user_id, reason="password_set", who=me.id)


def reset_password_cli(username: str, new_password: str, *, engine: Engine | None = None) -> None:
    """For ``python -m store reset-password``: an operator on the server resets a password and clears a lockout."""
    name = normalise_username(username)
    with read_transaction(engine or get_engine()) as conn:
        row = conn.execute(select(users).where(users.c.username == name)).first()
    if row is None:
        raise NotFound(f"用户“{name}”不存在")
    passwords.check_policy(new_password, name)
    new_hash = passwords.hash_password(new_password)
    with write_transaction(engine or get_engine()) as conn:
        _set_password_hash(conn, row.id, new_hash)
        audit.record(conn, "password_set", who=None, who_name=audit.CLI, target=row.id, detail={"username": name})
        sessions.revoke_all_in(conn, row.id, reason="password_set", who=None, who_name=audit.CLI)


def update_user(
    actor: Actor,
    user_id: str,
    *,
    display_name: str | None = None,
    role: str | None = None,
    org_id: str | None = _UNSET,
    engine: Engine | None = None,
) -> None:
    """An admin changes a user's display name, role or organisation (an admin cannot change their own role)."""
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以修改用户")
        row = _user_row(conn, user_id, lock=True)
        new_role = row.role if role is None else role
        new_org = row.org_id if org_id is _UNSET else org_id
        if me.id == user_id and new_role != "admin":
            raise InvalidData("不能修改自己的管理员角色")
        checked = _new_user_fields(row.username, None, new_role, row.display_name, new_org)
        values: dict[str, Any] = {"role": new_role, "org_id": new_org}
        if display_name is not None:
            values["display_name"] = clean_text(display_name, limit=100, field="显示名称") or row.username
        if new_org is not None and conn.scalar(select(organisations.c.id).where(organisations.c.id == new_org)) is None:
            raise NotFound("未找到该企业")
        conn.execute(update(users).where(users.c.id == user_id).values(**values))
        if row.role != new_role:  # what the old role held does not follow the user into the new one
            _drop_role_holdings(conn, row, me.id)
            sessions.revoke_all_in(conn, user_id, reason="role_changed", who=me.id)
        before = {"role": row.role, "org_id": row.org_id, "display_name": row.display_name}
        audit.record(
            conn,
            "user_update",
            who=me.id,
            target=user_id,
            detail={"username": checked["username"], "before": before, "after": values},
        )


def _drop_role_holdings(conn: Connection, row: Row[Any], admin_id: str) -> None:
    """A former consultant's active grants are revoked; a former official's jurisdiction is removed."""
    if row.role == "consultant":
        active = list(
            conn.scalars(select(grants.c.id).where(grants.c.consultant_id == row.id, grants.c.revoked_at.is_(None)))
        )
        if active:
            conn.execute(update(grants).where(grants.c.id.in_(active)).values(revoked_at=utcnow(), revoked_by=admin_id))
        for grant_id in active:
            audit.record(conn, "revoke", who=admin_id, target=grant_id, detail={"reason": "role_changed"})
    elif row.role == "official":
        conn.execute(delete(jurisdictions).where(jurisdictions.c.user_id == row.id))
        audit.record(
            conn, "jurisdiction_set", who=admin_id, target=row.id, detail={"reason": "role_changed", "towns": []}
        )


def set_disabled(actor: Actor, user_id: str, disabled: bool, *, engine: Engine | None = None) -> None:
    """An admin disables (or re-enables) a user; a disabled user can neither sign in nor use an open session."""
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以停用或启用用户")
        if me.id == user_id and disabled:
            raise InvalidData("不能停用自己的账户")
        row = _user_row(conn, user_id, lock=True)
        conn.execute(update(users).where(users.c.id == user_id).values(disabled=disabled))
        action = "user_disable" if disabled else "user_enable"
        audit.record(conn, action, who=me.id, target=user_id, detail={"username": row.username})
        if disabled:
            sessions.revoke_all_in(conn, user_id, reason="disabled", who=me.id)


def unlock_user(actor: Actor, user_id: str, *, engine: Engine | None = None) -> None:
    """An admin lifts a lockout before it expires."""
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以解锁用户")
        row = _user_row(conn, user_id, lock=True)
        conn.execute(update(users).where(users.c.id == user_id).values(failed_attempts=0, locked_until=None))
        audit.record(conn, "user_unlock", who=me.id, target=user_id, detail={"username": row.username})


def _set_password_hash(conn: Connection, user_id: str, new_hash: str) -> None:
    conn.execute(
        update(users).where(users.c.id == user_id).values(password_hash=new_hash, failed_attempts=0, locked_until=None)
    )


def _user_row(conn: Connection, user_id: str, *, lock: bool = False) -> Row[Any]:
    query = select(users).where(users.c.id == user_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("未找到该用户")
    return row


def _info(row: Row[Any]) -> UserInfo:
    m = row._mapping
    fields = {k: m[k] for k in UserInfo.__dataclass_fields__ if k != "has_password"}
    return UserInfo(**fields, has_password=m["password_hash"] is not None)
