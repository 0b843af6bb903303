"""Accounts: password policy, argon2id hashes, sign-in, lockout, disabled users, OIDC, registration, session timeout,
user administration, and the audit rows all of these leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from store import (
    AccessDenied,
    AccountDisabled,
    InvalidData,
    LoginFailed,
    NotFound,
    WeakPassword,
    accounts,
    audit,
    orgs,
    passwords,
    throttle,
)
from store.tables import users
from tests.store.conftest import PASSWORD, World

GOOD = "绿色工厂-test-2025"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "至少需要 10 个字符"),
        ("123456789012", "不能全部是数字"),
        ("１２３４５６７８９０", "不能全部是数字"),  # full-width digits are digits too
        ("aaaaaaaaaaaa", "过于简单"),
        ("abababababab", "过于简单"),
        ("zhang.san.1", "不能与用户名相同"),
        (" 前后有空格的密码abc ", "首尾不能是空格"),
        ("x" * 257, "不能超过 256 个字符"),
        ("有效密码\ud800abcdefg", "无效的字符"),
    ],
)
def test_password_policy_refuses_weak_passwords(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword, match=reason):
        passwords.check_policy(password, "Zhang.San.1")


@pytest.mark.parametrize("password", [GOOD, "correct horse battery", "安全的中文口令一二三四", "Tr0ub4dor&3x"])
def test_password_policy_accepts_reasonable_passwords(password: str) -> None:
    passwords.check_policy(password, "someone")


def test_hashes_are_argon2id_and_never_the_password(world: World) -> None:
    with world.engine.connect() as conn:
        hashes = list(conn.scalars(select(users.c.password_hash)))
    assert len(hashes) == 10 and len(set(hashes)) == 10  # salted: the same password, ten different hashes
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_default_hasher_uses_argon2id_with_the_library_parameters() -> None:
    import importlib

    fresh = importlib.reload(passwords)  # the module as deployed, not the tests' cheap hasher
    try:
        assert fresh.HASHER.type.name == "ID"
        assert (fresh.HASHER.memory_cost, fresh.HASHER.time_cost) == (
            PasswordHasher().memory_cost,
            PasswordHasher().time_cost,
        )
    finally:
        importlib.reload(passwords)


def test_sign_in_returns_the_actor_built_from_the_database(world: World) -> None:
    actor = accounts.authenticate("ENT_A ", PASSWORD, engine=world.engine)  # user names: case and spaces ignored
    assert actor.role == "enterprise" and actor.org_ids == frozenset({world.orgs["A"]})
    assert actor.org_id == world.orgs["A"] and actor.display_name == "ent_a"
    assert actor == world.actors["ent_a"]
    assert actor.user_id is not None
    assert accounts.actor_for(actor.user_id, engine=world.engine) == actor
    assert accounts.authenticate("cons", PASSWORD, engine=world.engine).org_ids == frozenset()


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("ent_a", "wrong-password-123"),
        ("nobody", PASSWORD),
        ("ent_a", ""),
        ("", ""),
        ("ent_a", PASSWORD.upper()),
        ("x" * 500, "y"),
    ],
)
def test_wrong_credentials_give_one_message(world: World, username: str, password: str) -> None:
    with pytest.raises(LoginFailed) as err:
        accounts.authenticate(username, password, engine=world.engine)
    assert str(err.value) == "用户名或密码错误"


def test_unknown_user_still_costs_a_hash(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []
    real = passwords._verify_quietly
    monkeypatch.setattr(passwords, "_verify_quietly", lambda h, p: verified.append(h) or real(h, p))
    with pytest.raises(LoginFailed):
        accounts.authenticate("nobody", PASSWORD, engine=world.engine)
    assert len(verified) == 1 and verified[0].startswith("$argon2id$")  # the dummy hash was verified


def test_failures_back_off_per_source_and_say_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = world.engine
    for _ in range(throttle.PAIR_FREE):
        with pytest.raises(LoginFailed, match=r"^用户名或密码错误$"):
            accounts.authenticate("ent_b", "wrong-password-123", source="203.0.113.9", engine=engine)
    with pytest.raises(LoginFailed, match=r"^用户名或密码错误$"):  # even the right password, while blocked
        accounts.authenticate("ent_b", PASSWORD, source="203.0.113.9", engine=engine)
    # the real user's own address is not blocked by the stranger's failures
    assert accounts.authenticate("ent_b", PASSWORD, source="198.51.100.7", engine=engine).role == "enterprise"
    later = datetime.now(UTC) + timedelta(seconds=throttle.BASE_SECONDS + 1)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    assert accounts.authenticate("ent_b", PASSWORD, source="203.0.113.9", engine=engine).role == "enterprise"


def test_success_resets_the_failure_count(world: World) -> None:
    engine = world.engine
    for _ in range(3):
        with pytest.raises(LoginFailed):
            accounts.authenticate("ent_c", "wrong-password-123", engine=engine)
    accounts.authenticate("ent_c", PASSWORD, engine=engine)
    for _ in range(throttle.PAIR_FREE - 1):  # four more failures do not block: the count restarted
        with pytest.raises(LoginFailed):
            accounts.authenticate("ent_c", "wrong-password-123", engine=engine)
    assert accounts.authenticate("ent_c", PASSWORD, engine=engine).role == "enterprise"


def test_admin_unlocks_and_resets(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    for _ in range(throttle.PAIR_FREE):
        with pytest.raises(LoginFailed):
            accounts.authenticate("ent_b", "wrong-password-123", engine=engine)
    uid = world.actor("ent_b").user_id
    assert uid is not None
    assert accounts.get_user(admin, uid, engine=engine).locked()
    with pytest.raises(AccessDenied):
        accounts.unlock_user(world.actor("ent_a"), uid, engine=engine)
    accounts.unlock_user(admin, uid, engine=engine)
    assert not accounts.get_user(admin, uid, engine=engine).locked()
    accounts.authenticate("ent_b", PASSWORD, engine=engine)


def test_disabled_user_cannot_sign_in_and_the_answer_does_not_say_so(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    uid = world.actor("ent_c").user_id
    assert uid is not None
    accounts.set_disabled(admin, uid, True, engine=engine)
    with pytest.raises(LoginFailed, match=r"^用户名或密码错误$"):  # the right password: the same answer
        accounts.authenticate("ent_c", PASSWORD, engine=engine)
    with pytest.raises(LoginFailed, match=r"^用户名或密码错误$"):
        accounts.authenticate("ent_c", "wrong-password-123", engine=engine)
    with pytest.raises(AccessDenied, match="停用"):
        accounts.actor_for(uid, engine=engine)
    with pytest.raises(InvalidData, match="不能停用自己"):
        accounts.set_disabled(admin, admin.user_id or "", True, engine=engine)
    reasons = [e.detail for e in audit.list_audit(admin, action="login_failed", limit=2, engine=engine)]
    assert '"wrong_password"' in reasons[0] and '"disabled"' in reasons[1]  # the log tells them apart


def test_hash_made_with_old_parameters_is_upgraded_at_sign_in(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def stored() -> str:
        with world.engine.connect() as conn:
            return conn.scalar(select(users.c.password_hash).where(users.c.username == "ent_a"))

    old = stored()
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert passwords.needs_rehash(old)
    accounts.authenticate("ent_a", PASSWORD, engine=world.engine)
    new = stored()
    assert new != old and "m=16,t=2,p=1" in new and not passwords.needs_rehash(new)
    accounts.authenticate("ent_a", PASSWORD, engine=world.engine)
    assert stored() == new


def test_session_timeout() -> None:
    now = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    assert accounts.session_expired(None, now)
    assert not accounts.session_expired(now - timedelta(minutes=29, seconds=59), now)
    assert accounts.session_expired(now - timedelta(minutes=30), now)
    assert accounts.session_expired(now - timedelta(minutes=6), now, minutes=5)
    assert accounts.SESSION_TIMEOUT_MINUTES == 30
    naive_utc = (now - timedelta(minutes=10)).replace(tzinfo=None)
    assert not accounts.session_expired(naive_utc, now)
    assert accounts.session_expired(naive_utc, now, minutes=10)


def test_create_user_checks_role_organisation_and_name(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    with pytest.raises(InvalidData, match="已被占用"):
        accounts.create_user(admin, "ENT_A", PASSWORD, "enterprise", org_id=world.orgs["A"], engine=engine)
    with pytest.raises(InvalidData, match="必须关联一个企业"):
        accounts.create_user(admin, "new_ent", PASSWORD, "enterprise", engine=engine)
    with pytest.raises(InvalidData, match="只有企业用户关联企业"):
        accounts.create_user(admin, "new_cons", PASSWORD, "consultant", org_id=world.orgs["A"], engine=engine)
    with pytest.raises(InvalidData, match="未知角色"):
        accounts.create_user(admin, "root", PASSWORD, "root", engine=engine)
    with pytest.raises(NotFound, match="企业"):
        accounts.create_user(admin, "new_ent", PASSWORD, "enterprise", org_id="no-such-org", engine=engine)
    with pytest.raises(InvalidData, match="用户名"):
        accounts.create_user(admin, "bad name!", PASSWORD, "consultant", engine=engine)
    with pytest.raises(WeakPassword):
        accounts.create_user(admin, "new_cons", "1234567890", "consultant", engine=engine)
    for who in ("ent_a", "cons", "off_haishu"):
        with pytest.raises(AccessDenied, match="只有管理员"):
            accounts.create_user(world.actor(who), "sneaky", PASSWORD, "admin", engine=engine)
    uid = accounts.create_user(admin, "张工程师", PASSWORD, "consultant", display_name="张工\u202e", engine=engine)
    info = accounts.get_user(admin, uid, engine=engine)
    assert (info.username, info.display_name, info.role, info.has_password) == ("张工程师", "张工", "consultant", True)
    assert accounts.authenticate("张工程师", PASSWORD, engine=engine).user_id == uid


def test_user_without_password_signs_in_only_through_oidc(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    uid = accounts.create_user(admin, "li.si@example.gov.cn", None, "official", engine=engine)
    assert not accounts.get_user(admin, uid, engine=engine).has_password
    with pytest.raises(LoginFailed):
        accounts.authenticate("li.si@example.gov.cn", "", engine=engine)
    actor = accounts.authenticate_external("Li.Si@example.gov.cn", provider="oidc", engine=engine)
    assert (actor.user_id, actor.role) == (uid, "official")
    with pytest.raises(LoginFailed, match="尚未在本系统开通"):
        accounts.authenticate_external("stranger@example.com", provider="oidc", engine=engine)
    accounts.set_disabled(admin, uid, True, engine=engine)
    with pytest.raises(AccountDisabled):
        accounts.authenticate_external("li.si@example.gov.cn", provider="oidc", engine=engine)


def test_set_password_self_and_admin(world: World) -> None:
    engine, admin, ent_a = world.engine, world.actor("admin"), world.actor("ent_a")
    uid = ent_a.user_id
    assert uid is not None
    with pytest.raises(InvalidData, match="原密码不正确"):
        accounts.set_password(ent_a, uid, "新的足够长密码abc", old_password="wrong", engine=engine)
    accounts.set_password(ent_a, uid, "新的足够长密码abc", old_password=PASSWORD, engine=engine)
    with pytest.raises(LoginFailed):
        accounts.authenticate("ent_a", PASSWORD, engine=engine)
    accounts.authenticate("ent_a", "新的足够长密码abc", engine=engine)
    with pytest.raises(AccessDenied, match="只能修改自己的密码"):
        accounts.set_password(ent_a, world.actor("ent_b").user_id or "", "被人改掉的密码abc", engine=engine)
    accounts.set_password(admin, uid, "管理员重置的密码abc", engine=engine)  # no old password needed
    accounts.authenticate("ent_a", "管理员重置的密码abc", engine=engine)
    with pytest.raises(WeakPassword):
        accounts.set_password(admin, uid, "short", engine=engine)


def test_update_user(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    uid = world.actor("ent_a2").user_id
    assert uid is not None
    accounts.update_user(admin, uid, org_id=world.orgs["B"], display_name="王会计", engine=engine)
    moved = accounts.authenticate("ent_a2", PASSWORD, engine=engine)
    assert moved.org_ids == frozenset({world.orgs["B"]}) and moved.display_name == "王会计"
    with pytest.raises(InvalidData, match="只有企业用户关联企业"):
        accounts.update_user(admin, uid, role="official", engine=engine)
    accounts.update_user(admin, uid, role="official", org_id=None, engine=engine)
    assert accounts.get_user(admin, uid, engine=engine).role == "official"
    with pytest.raises(InvalidData, match="不能修改自己的管理员角色"):
        accounts.update_user(admin, admin.user_id or "", role="consultant", engine=engine)
    with pytest.raises(AccessDenied):
        accounts.update_user(world.actor("ent_a"), uid, role="admin", engine=engine)
    users_listed = accounts.list_users(admin, engine=engine)
    assert len(users_listed) == 10 and [u.username for u in users_listed] == sorted(u.username for u in users_listed)
    assert {u.username for u in accounts.list_users(admin, role="official", engine=engine)} == {
        "ent_a2",
        "off_gulin",
        "off_haishu",
        "off_yinzhou",
    }
    with pytest.raises(AccessDenied):
        accounts.list_users(world.actor("off_haishu"), engine=engine)
    me = world.actor("cons")
    assert accounts.get_user(me, me.user_id or "", engine=engine).username == "cons"
    with pytest.raises(AccessDenied):
        accounts.get_user(me, uid, engine=engine)


def test_audit_records_sign_ins_and_user_administration(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    with pytest.raises(LoginFailed):
        accounts.authenticate("ent_b", "wrong-password-123", engine=engine)
    with pytest.raises(LoginFailed):
        accounts.authenticate("ghost", "wrong-password-123", engine=engine)
    accounts.record_logout(world.actor("ent_b"), engine=engine)
    log = audit.list_audit(admin, limit=None, engine=engine)
    assert [e.at for e in log] == sorted((e.at for e in log), reverse=True)
    first = log[-1]
    assert (first.action, first.who, first.who_name) == ("user_create", None, audit.CLI)
    actions = [e.action for e in log]
    assert actions.count("user_create") == 10 and actions.count("org_create") == 3
    assert actions.count("jurisdiction_set") == 3 and actions.count("grant") == 1
    assert actions.count("login") == 10  # the world signs every user in once
    failed = [e for e in log if e.action == "login_failed"]
    assert [(e.who_name, '"unknown_user"' in e.detail) for e in failed] == [("ghost", True), ("ent_b", False)]
    assert log[0].action == "logout" and log[0].who_name == "ent_b" and log[0].action_label == "退出登录"
    assert [e.action for e in audit.list_audit(admin, action="grant", engine=engine)] == ["grant"]
    for who in ("ent_a", "cons", "off_haishu", "guest", "local"):
        with pytest.raises(AccessDenied, match="只有管理员"):
            audit.list_audit(world.actor(who), engine=engine)


def test_lockout_is_audited(world: World) -> None:
    for _ in range(throttle.PAIR_FREE):
        with pytest.raises(LoginFailed):
            accounts.authenticate("cons", "wrong-password-123", engine=world.engine)
    log = audit.list_audit(world.actor("admin"), limit=6, engine=world.engine)
    assert [e.action for e in log] == ["lockout"] + ["login_failed"] * 5
    assert '"scope": "source"' in log[0].detail and '"seconds": 30' in log[0].detail
    assert all(e.who == world.actor("cons").user_id for e in log)


def test_a_role_change_drops_what_the_old_role_held(world: World) -> None:
    from store import assessments as repo

    engine, admin = world.engine, world.actor("admin")
    cons_id, off_id = world.actor("cons").user_id or "", world.actor("off_haishu").user_id or ""
    accounts.update_user(admin, cons_id, role="official", engine=engine)
    accounts.update_user(admin, cons_id, role="consultant", engine=engine)  # and back: the old grant stays revoked
    again = accounts.authenticate("cons", PASSWORD, engine=engine)
    with pytest.raises(AccessDenied):
        repo.load(again, world.assessments["A"], engine=engine)
    assert orgs.list_grants(world.actor("ent_a"), engine=engine) == []
    accounts.update_user(admin, off_id, role="consultant", engine=engine)
    accounts.update_user(admin, off_id, role="official", engine=engine)
    assert orgs.get_jurisdiction(admin, off_id, engine=engine) == []
    assert repo.list_assessments(accounts.authenticate("off_haishu", PASSWORD, engine=engine), engine=engine) == []
