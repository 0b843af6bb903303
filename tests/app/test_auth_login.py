"""Signing in and out (AppTest): the login page, wrong passwords and the lockout, sign-out, session timeout, an
account disabled while its session is open."""

from __future__ import annotations

from datetime import timedelta

from store import accounts, audit, throttle
from store.sqltypes import utcnow
from tests.app.auth_helpers import LOGIN_BUTTON, PASSWORD, sign_in, signed_in_app, texts
from tests.app.wizard_helpers import goto, new_app
from ui import auth


def _anonymous():
    at = new_app()
    at.run()
    assert not at.exception, at.exception
    return at


def test_accounts_on_shows_the_login_page(district):
    at = _anonymous()
    assert at.title[0].value == "登录"
    assert at.button(key=LOGIN_BUTTON) and at.button(key="guest-start")
    assert not at.sidebar.metric  # no wizard before signing in
    assert "a" not in at.query_params


def test_login_success_signs_in_and_audits(district):
    at = sign_in(_anonymous(), "ENT_A")  # user names are not case-sensitive
    assert at.title[0].value == "绿色工厂自评价向导"
    assert "已登录：**甲企业填报人**（企业用户）" in [m.value for m in at.sidebar.markdown]
    assert at.session_state["_wiz"]["auth_actor"].user_id == district.users["ent_a"]
    log = audit.list_audit(district.actors["admin"], action="login", engine=district.engine)
    assert log[0].who == district.users["ent_a"]


FAILED = "用户名或密码错误（连续输错后需等待片刻再试；仍无法登录请联系管理员解锁）"


def test_login_failure_shows_one_message_for_both_mistakes(district):
    at = sign_in(_anonymous(), "ent_a", "wrong-password-1")
    assert [e.value for e in at.error] == [FAILED]
    at = sign_in(at, "nobody", PASSWORD)
    assert [e.value for e in at.error] == [FAILED]
    at.text_input(key="login-user").input("")
    at.button(key=LOGIN_BUTTON).click().run()
    assert [e.value for e in at.error] == ["请填写用户名和密码。"]
    assert at.title[0].value == "登录" and "auth_actor" not in at.session_state["_wiz"]


def test_back_off_after_repeated_failures_says_nothing_new(district):
    at = _anonymous()
    for _ in range(throttle.PAIR_FREE):
        sign_in(at, "ent_b", "wrong-password-1")
    assert [e.value for e in at.error] == [FAILED]
    sign_in(at, "ent_b", PASSWORD)  # even the right password waits for the back-off, with the same message
    assert [e.value for e in at.error] == [FAILED]
    accounts.unlock_user(district.actors["admin"], district.users["ent_b"], engine=district.engine)
    sign_in(at, "ent_b", PASSWORD)
    assert not at.error and at.title[0].value == "绿色工厂自评价向导"


def test_logout_returns_to_the_login_page(district):
    at = signed_in_app("ent_a")
    goto(at, "my")
    at.button(key=f"my-open-{district.assessments['A']}").click().run()  # a draft and an address naming it
    assert at.query_params.get("a")
    at.sidebar.button(key="logout").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "登录"
    assert "您已退出登录。" in texts(at)
    box = at.session_state["_wiz"]
    assert "auth_actor" not in box and "draft" not in box and "a" not in at.query_params
    log = audit.list_audit(district.actors["admin"], action="logout", engine=district.engine)
    assert log[0].who == district.users["ent_a"]


def _age_session(district, username: str, minutes: float) -> None:
    """Move the user's session row back in time, as if the last request was ``minutes`` ago."""
    from sqlalchemy import update

    from store import sessions
    from store.tables import sessions as table

    seen = utcnow() - timedelta(minutes=minutes)
    with district.engine.begin() as conn:
        conn.execute(update(table).where(table.c.user_id == district.users[username]).values(
            last_seen_at=seen, idle_expires_at=seen + timedelta(minutes=sessions.IDLE_MINUTES)))


def test_session_timeout_signs_out_with_a_chinese_notice(district):
    at = signed_in_app("ent_a")
    _age_session(district, "ent_a", accounts.SESSION_TIMEOUT_MINUTES + 1)
    at.run()
    assert at.title[0].value == "登录"
    assert f"您已超过 {accounts.SESSION_TIMEOUT_MINUTES} 分钟未操作" in texts(at)
    assert "auth_actor" not in at.session_state["_wiz"] and "auth_token" not in at.session_state["_wiz"]


def test_activity_keeps_the_session(district):
    from store import sessions

    at = signed_in_app("ent_a")
    _age_session(district, "ent_a", accounts.SESSION_TIMEOUT_MINUTES - 1)
    at.run()
    assert at.title[0].value == "绿色工厂自评价向导"
    box = at.session_state["_wiz"]
    assert box["auth_valid_until"] - utcnow() > timedelta(minutes=sessions.IDLE_MINUTES - 1)  # moved on


def test_an_account_disabled_meanwhile_is_signed_out(district):
    at = signed_in_app("ent_a")
    accounts.set_disabled(district.actors["admin"], district.users["ent_a"], True, engine=district.engine)
    at.run()  # at once: disabling revoked the session
    assert at.title[0].value == "登录"
    assert "该账户已停用，请联系管理员" in texts(at)
    sign_in(at, "ent_a")
    assert [e.value for e in at.error] == [FAILED]  # the right password of a disabled account: no hint


def test_a_changed_role_ends_the_session_and_the_new_role_signs_in(district):
    at = signed_in_app("cons")
    accounts.update_user(district.actors["admin"], district.users["cons"], role="official", engine=district.engine)
    at.run()
    assert at.title[0].value == "登录"
    assert "您的登录已失效" in texts(at)
    sign_in(at, "cons")
    assert at.session_state["_wiz"]["auth_actor"].role == "official"
    assert at.title[0].value == "绿色工厂培育库筛选"


def test_change_password(district):
    from tests.app.wizard_helpers import goto

    at = signed_in_app("ent_b")
    goto(at, "account")
    at.text_input(key="pw-old").input(PASSWORD)
    at.text_input(key="pw-new").input("新的密码-2026-abc")
    at.text_input(key="pw-again").input("新的密码-2026-abc")
    at.button(key="FormSubmitter:password-修改密码").click().run()
    assert [s.value for s in at.success] == ["密码已修改。下次登录请使用新密码。"]
    accounts.authenticate("ent_b", "新的密码-2026-abc", engine=district.engine)
    at.run()  # changing the password ended every session of the user, this one too
    assert at.title[0].value == "登录" and "您的登录已失效" in texts(at)
    sign_in(at, "ent_b", "新的密码-2026-abc")
    goto(at, "account")
    at.text_input(key="pw-old").input("wrong")
    at.text_input(key="pw-new").input("123")
    at.text_input(key="pw-again").input("123")
    at.button(key="FormSubmitter:password-修改密码").click().run()
    assert at.error and not at.success


def test_no_secrets_means_no_sso_button(district):
    at = _anonymous()
    assert auth.oidc_providers() == []
    assert not [b for b in at.button if (b.key or "").startswith("oidc-")]


def test_after_a_reload_signing_in_returns_to_the_page_asked_for(district):
    """A browser reload starts a new session: the login page, then the page and assessment of the address."""
    from tests.app.wizard_helpers import goto

    at = new_app()
    at.query_params["a"] = district.assessments["A"]
    goto(at, "results")
    assert at.title[0].value == "登录"
    sign_in(at, "ent_a")
    assert at.title[0].value == "评价结果"
    assert at.session_state["_wiz"]["aid"] == district.assessments["A"]
    other = new_app()
    goto(other, "users")  # not an enterprise's page: the start page instead
    sign_in(other, "ent_a")
    assert other.title[0].value == "绿色工厂自评价向导"
