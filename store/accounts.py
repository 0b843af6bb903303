"""Users: creation, sign-in (argon2id, lockout), the Actor of a signed-in user, administration, session timeout.

Sign-in: ``authenticate`` returns the Actor or raises LoginFailed, whose one message the login page shows as it
is. An unknown user name, a wrong password, a blocked attempt and a disabled account all give that message after
the same argon2 work (a dummy hash is verified for an unknown name), so the page tells none of them apart; the
audit log records which it was. Wrong passwords back off per account and source (``store.throttle``), so nobody
can lock another user out from elsewhere. Logins, failures, blocks and every change to a user are audited.

User names: NFKC, lower case (``textclean.normalise_username``); refused when they mix scripts or look like an
existing name (same ``username_skeleton``). Self-registered names and display names may not imitate a role
(``textclean.ROLE_WORDS``); the registration form answers one message for a taken, look-alike or reserved name.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from store import audit, passwords, sessions, throttle
from store.access import ACCOUNT_ROLES, Actor
from store.db import get_engine, read_transaction, write_transaction
from store.errors import (
    AccessDenied,
    AccountDisabled,
    AuthError,
    InvalidData,
    LoginFailed,
    NotFound,
)
from store.scope import accounts_enabled as _accounts_enabled
from store.scope import live_user, require_role, user_actor
from store.sqltypes import utcnow
from store.tables import grants, jurisdictions, organisations, users
from store.textclean import clean_text, imitates_role, mixes_scripts, normalise_username, username_skeleton

NAME_UNAVAILABLE = "该用户名不可用（已被使用、与已有用户名相似或属于保留名称），请换一个"
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
    blocked_until: datetime | None = None  # the latest end of a block of one of its sources (store.throttle)

    def locked(self, now: datetime | None = None) -> bool:
        """Whether some attempt is blocked now: from strangers (account-wide) or from one source."""
        now = now or utcnow()
        return any(until is not None and until > now for until in (self.locked_until, self.blocked_until))


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


def authenticate(username: str, password: str, *, source: str | None = None, engine: Engine | None = None) -> Actor:
    """The Actor of the user, or LoginFailed (one Chinese message whatever the reason). ``source``: the client
    address (``throttle.source_key``); None counts as one source, "unknown"."""
    engine = engine or get_engine()
    where = throttle.source_key(source)
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
        outcome = _record_attempt(conn, row.id if row is not None else None, name, ok, new_hash, where)
    if isinstance(outcome, AuthError):
        raise outcome  # raised after commit, so the failure and its audit row are kept
    return outcome


def _record_attempt(
    conn: Connection, user_id: str | None, name: str | None, ok: bool, new_hash: str | None, source: str
) -> Actor | AuthError:
    attempted = (name or "")[:64]
    if user_id is None:
        detail = {"reason": "unknown_user", "source": source}
        audit.record(conn, "login_failed", who=None, who_name=attempted, detail=detail)
        return LoginFailed()
    row = conn.execute(select(users).where(users.c.id == user_id).with_for_update()).one()
    now = utcnow()
    held = throttle.blocked(conn, row, source, now)
    if held is not None:  # even the right password: the block decides, and says nothing
        audit.record(conn, "login_failed", who=row.id, detail={"reason": f"blocked_{held}", "source": source})
        return LoginFailed()
    if not ok:
        started = throttle.failed(conn, row.id, source, now)
        audit.record(conn, "login_failed", who=row.id, detail={"reason": "wrong_password", "source": source})
        for block in started:
            block_detail = {"scope": block.scope, "seconds": block.seconds, "failures": block.failures,
                            "source": source}
            audit.record(conn, "lockout", who=row.id, detail=block_detail)
        return LoginFailed()
    if row.disabled:
        audit.record(conn, "login_failed", who=row.id, detail={"reason": "disabled", "source": source})
        return LoginFailed()
    throttle.succeeded(conn, row.id, source, now)
    if new_hash is not None:
        conn.execute(update(users).where(users.c.id == row.id).values(password_hash=new_hash))
    audit.record(conn, "login", who=row.id,
                 detail={"method": "password", "rehashed": new_hash is not None, "source": source})
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
    fields = new_user_fields(username, password, role, display_name, org_id)
    with write_transaction(engine or get_engine()) as conn:
        require_role(conn, actor, "admin", message="只有管理员可以创建用户")
        return insert_user(conn, fields, who=actor.user_id)


def create_admin(username: str, password: str, *, display_name: str = "", engine: Engine | None = None) -> str:
    """For ``python -m store create-admin``: whoever runs commands on the server may create an admin."""
    if password is None:
        raise InvalidData("管理员必须设置密码")
    fields = new_user_fields(username, password, "admin", display_name, None)
    with write_transaction(engine or get_engine()) as conn:
        return insert_user(conn, fields, who=None, who_name=audit.CLI)


def new_user_fields(
    username: str,
    password: str | None,
    role: str,
    display_name: str,
    org_id: str | None,
    *,
    self_registered: bool = False,
    context: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Checked columns of a new user (InvalidData otherwise); the password hashed (slow: call outside a lock).
    A self-registered user's name and display name may not imitate a role."""
    name = normalise_username(username)
    if mixes_scripts(name):
        raise InvalidData("用户名不能混用不同文字的字母（例如拉丁字母与西里尔字母）；中文与英文字母、数字可以同用")
    display = clean_text(display_name, limit=100, field="显示名称")
    if self_registered and imitates_role(name):
        raise InvalidData(NAME_UNAVAILABLE)
    if self_registered and imitates_role(display):
        raise InvalidData("显示名称不能含有“管理员”“官方”“经信局”“admin”等表示管理或官方身份的字样")
    if role not in ACCOUNT_ROLES:
        raise InvalidData(f"未知角色：{role!r}（可选：{'、'.join(ACCOUNT_ROLES)}）")
    if role == "enterprise" and not org_id:
        raise InvalidData("企业用户必须关联一个企业")
    if role != "enterprise" and org_id:
        raise InvalidData("只有企业用户关联企业；咨询机构通过企业授权访问，主管部门通过辖区访问")
    password_hash = None
    if password is not None:
        passwords.check_policy(password, name, context=(display, *context))
        password_hash = passwords.hash_password(password)
    return {
        "username": name,
        "display_name": display or name,
        "role": role,
        "org_id": org_id,
        "password_hash": password_hash,
    }


def insert_user(
    conn: Connection, fields: dict[str, Any], *, who: str | None, who_name: str = "", vague: bool = False
) -> str:
    """Insert a checked user; ``vague``: a taken or look-alike name gets the one NAME_UNAVAILABLE message
    (self-registration, where the answer must not tell which names exist)."""
    clash = _name_clash(conn, fields["username"])
    if clash is not None:
        raise InvalidData(NAME_UNAVAILABLE if vague else clash)
    if (
        fields["org_id"] is not None
        and conn.scalar(select(organisations.c.id).where(organisations.c.id == fields["org_id"])) is None
    ):
        raise NotFound("未找到该企业")
    user_id = secrets.token_hex(16)
    try:
        conn.execute(insert(users).values(id=user_id, created_at=utcnow(), **fields))
    except IntegrityError as e:  # a concurrent registration took the name first (the transaction rolls back)
        raise InvalidData(NAME_UNAVAILABLE if vague else f"用户名“{fields['username']}”已被占用") from e
    detail = {"username": fields["username"], "role": fields["role"], "org_id": fields["org_id"]}
    audit.record(conn, "user_create", who=who, who_name=who_name, target=user_id, detail=detail)
    return user_id


def _name_clash(conn: Connection, name: str) -> str | None:
    """Why ``name`` cannot be used: taken, or the same skeleton as an existing name; None when free. Every name is
    compared (a deployment has hundreds of users, not millions)."""
    if conn.scalar(select(users.c.id).where(users.c.username == name)) is not None:
        return f"用户名“{name}”已被占用"
    look = username_skeleton(name)
    for other in conn.scalars(select(users.c.username)):
        if username_skeleton(other) == look:
            return f"用户名“{name}”与已有用户名“{other}”过于相似，容易混淆，请换一个"
    return None


# ---- administering users -----------------------------------------------------------------------------


def get_user(actor: Actor, user_id: str, *, engine: Engine | None = None) -> UserInfo:
    """One user: admins see anyone, others themselves."""
    with read_transaction(engine or get_engine()) as conn:
        me = live_user(conn, actor) if actor.role not in ("local", "guest") else None
        if me is None or (me.role != "admin" and me.id != user_id):
            raise AccessDenied("只能查看自己的账户信息")
        return _info(_user_row(conn, user_id), throttle.block_ends(conn, [user_id]))


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
        rows = list(conn.execute(query))
        ends = throttle.block_ends(conn, [row.id for row in rows])
        return [_info(row, ends) for row in rows]


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
        checked = new_user_fields(row.username, None, new_role, row.display_name, new_org)
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
    """An admin lifts every sign-in block of a user (all sources) before it expires."""
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以解锁用户")
        row = _user_row(conn, user_id, lock=True)
        throttle.clear(conn, user_id)
        audit.record(conn, "user_unlock", who=me.id, target=user_id, detail={"username": row.username})


def unlock_cli(username: str, *, engine: Engine | None = None) -> None:
    """For ``python -m store unlock``: an operator on the server lifts every sign-in block of a user (any role),
    so an administrator can always get back in."""
    name = normalise_username(username)
    with write_transaction(engine or get_engine()) as conn:
        row = conn.execute(select(users).where(users.c.username == name).with_for_update()).first()
        if row is None:
            raise NotFound(f"用户“{name}”不存在")
        throttle.clear(conn, row.id)
        audit.record(conn, "user_unlock", who=None, who_name=audit.CLI, target=row.id, detail={"username": name})


def _set_password_hash(conn: Connection, user_id: str, new_hash: str) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(password_hash=new_hash))
    throttle.clear(conn, user_id)


def _user_row(conn: Connection, user_id: str, *, lock: bool = False) -> Row[Any]:
    query = select(users).where(users.c.id == user_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("未找到该用户")
    return row


def _info(row: Row[Any], block_ends: dict[str, datetime]) -> UserInfo:
    m = row._mapping
    fields = {k: m[k] for k in UserInfo.__dataclass_fields__ if k not in ("has_password", "blocked_until")}
    return UserInfo(**fields, has_password=m["password_hash"] is not None, blocked_until=block_ends.get(row.id))
