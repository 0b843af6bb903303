"""The registration pages as a user meets them: a registration is pending (and says so in Chinese), a claim of a
registered enterprise's code is accepted with the same words, the district's official confirms on 注册申请审核 and
only then sees the enterprise; registrations are rate-limited per address. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scoring.models import uscc_with_check
from store import orgs, registration
from tests.app.auth_helpers import district_on, signed_in_app, texts
from tests.app.wizard_helpers import goto, new_app
from ui import session_routes

NEW_CODE = uscc_with_check("91330203MA2P00001")
CODE_A = uscc_with_check("91330203MA2000000")  # enterprise A of the test district
SUBMIT = "FormSubmitter:register-注册并登录"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def district(request, tmp_path, monkeypatch, cheap_accounts) -> Iterator[Any]:
    yield from district_on(request.param, tmp_path, monkeypatch, "test_register_pending")


def _register(username: str, code: str, org: str = "新登记的宁波某公司") -> Any:
    at = new_app()
    at.run()
    goto(at, "register")
    at.text_input(key="reg-org").input(org)
    at.text_input(key="reg-uscc").input(code)
    at.selectbox(key="reg-town").set_value("gulin")
    at.text_input(key="reg-user").input(username)
    at.text_input(key="reg-pass").input("新公司的密码-2026")
    at.text_input(key="reg-pass2").input("新公司的密码-2026")
    at.button(key=SUBMIT).click().run()
    assert not at.exception, at.exception
    return at


def test_a_registration_waits_for_the_official(district) -> None:
    at = _register("newco", NEW_CODE)
    assert not at.error, [e.value for e in at.error]
    assert "注册已提交，欢迎 newco！" in texts(at)
    goto(at, "account")
    assert "贵企业的注册正在等待审核" in texts(at)
    squat = _register("squatter", CODE_A, org="A精密机械有限公司")  # a registered enterprise's code
    assert not squat.error and "注册已提交，欢迎 squatter！" in texts(squat)  # the same answer: nothing revealed

    off = district.actors["off"]
    assert {o.name for o in orgs.list_organisations(off, engine=district.engine)} == {"A精密机械有限公司"}
    page = goto(signed_in_app("off"), "claims")
    assert not page.exception, page.exception
    table = page.dataframe[0].value
    assert sorted(table["申请用户"]) == ["newco（newco）", "squatter（squatter）"]
    assert set(table["已登记的同代码企业"]) == {"—", "A精密机械有限公司"}
    claim = next(c for c in registration.list_claims(off, engine=district.engine) if c.username == "newco")
    page.selectbox(key="claim-pick").set_value(claim.id).run()
    page.button(key=f"claim-ok-{claim.id}").click().run()
    assert not page.exception and "已确认“新登记的宁波某公司”的注册申请。" in texts(page)
    assert "新登记的宁波某公司" in {o.name for o in orgs.list_organisations(off, engine=district.engine)}
    goto(at, "account")
    assert "贵企业的注册已确认。" in texts(at)


def test_an_enterprise_user_refuses_a_squatter_of_its_code(district) -> None:
    _register("squatter", CODE_A, org="A精密机械有限公司")
    page = goto(signed_in_app("ent_a"), "claims")
    assert "以下申请声称属于本企业" in texts(page)
    [claim] = registration.list_claims(district.actors["ent_a"], engine=district.engine)
    page.selectbox(key="claim-pick").set_value(claim.id).run()
    page.button(key=f"claim-no-{claim.id}").click().run()
    assert "已驳回“A精密机械有限公司”的注册申请，该账户已停用。" in texts(page)
    assert registration.list_claims(district.actors["admin"], engine=district.engine) == []


def test_registration_is_rate_limited_per_address(district) -> None:
    for n in range(session_routes.REGISTER_PER_IP):
        assert not _register(f"firm{n}", uscc_with_check(f"91330203MA2R0000{n}")).error
    at = _register("one.more", uscc_with_check("91330203MA2R00009"))
    assert [e.value for e in at.error] == ["注册过于频繁，请 60 分钟后再试。"]
    assert len(registration.list_claims(district.actors["admin"], engine=district.engine)) == 5


def test_the_admin_orgs_page_counts_pending_claims(district) -> None:
    page = goto(signed_in_app("admin"), "orgs")
    assert "等待审核" not in texts(page)
    _register("newco", NEW_CODE)
    page = goto(signed_in_app("admin"), "orgs")
    assert not page.exception, page.exception
    assert "有 1 份企业注册申请等待审核（待审核的企业不在下表中）。" in texts(page)
    assert "新登记的宁波某公司" not in set(page.dataframe[0].value["企业名称"])
