"""Single sign-on through st.login (AppTest): with an [auth] provider configured, a verified e-mail address that an
admin registered as a user name signs in; an unverified or unknown address is refused with a Chinese message."""

from __future__ import annotations

import pytest
import streamlit

from store import accounts, audit
from tests.app.auth_helpers import texts
from tests.app.wizard_helpers import new_app
from ui import auth


@pytest.fixture
def provider(monkeypatch):
    """A configured provider and a user the provider has signed in (st.user's attributes)."""
    claims: dict[str, object] = {"is_logged_in": True}
    monkeypatch.setattr(auth, "oidc_providers", lambda: [None])
    monkeypatch.setattr(auth, "_user_attr", lambda name: claims.get(name))
    logouts: list[bool] = []
    monkeypatch.setattr(streamlit, "logout", lambda: logouts.append(True))
    return claims, logouts


def test_verified_email_signs_in(district, provider):
    claims, logouts = provider
    accounts.create_user(district.actors["admin"], "li.gong@example.cn", None, "enterprise", display_name="李工",
                         org_id=district.orgs["A"], engine=district.engine)
    claims.update(email="Li.Gong@example.cn", email_verified=True)
    at = new_app()
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "绿色工厂自评价向导"
    assert at.session_state["_wiz"]["auth_method"] == "oidc"
    [entry] = audit.list_audit(district.actors["admin"], action="login", limit=1, engine=district.engine)
    assert '"method": "oidc"' in entry.detail
    at.sidebar.button(key="logout").click().run()
    assert logouts == [True]  # the provider's cookie goes too, or the next run would sign in again


@pytest.mark.parametrize(("claims", "message"), [
    ({"email": "li.gong@example.cn", "email_verified": False}, "电子邮箱尚未验证"),
    ({"email_verified": True}, "没有提供电子邮箱"),
    ({"email": "nobody@example.cn", "email_verified": True}, "该账号尚未在本系统开通"),
])
def test_unverified_or_unknown_addresses_are_refused(district, provider, claims, message):
    provider[0].update(claims)
    at = new_app()
    at.run()
    assert at.title[0].value == "登录"
    assert message in texts(at)
    assert [b.label for b in at.button if (b.key or "").startswith("oidc-")] == ["使用单位统一身份认证登录"]
