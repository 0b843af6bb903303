"""The administrator's pages (AppTest): users, organisations, jurisdictions, scoring settings that change
everyone's score, and the audit log."""

from __future__ import annotations

from store import accounts, orgs
from store import profile_settings as ps
from tests.app.auth_helpers import signed_in_app, texts
from tests.app.wizard_helpers import goto, new_app


def test_admin_creates_a_user_who_can_sign_in(district):
    at = signed_in_app("admin")
    assert at.title[0].value == "用户管理"
    assert len(at.dataframe[0].value) == 5
    at.text_input(key="uc-user").input("ent_a2")
    at.text_input(key="uc-display").input("甲企业第二位填报人")
    at.selectbox(key="uc-role").set_value("enterprise")
    at.selectbox(key="uc-org").set_value(district.orgs["A"])
    at.text_input(key="uc-pass").input("第二位的密码-2026")
    at.button(key="FormSubmitter:user-create-创建用户").click().run()
    assert not at.exception and r"已创建用户“ent\_a2”。" in texts(at)  # the name escaped for Markdown (ui.fmt.md)
    who = accounts.authenticate("ent_a2", "第二位的密码-2026", engine=district.engine)
    assert who.org_id == district.orgs["A"]


def test_admin_disables_and_unlocks(district):
    at = signed_in_app("admin")
    uid = district.users["ent_b"]
    at.selectbox(key="um-user").set_value(uid).run()
    at.button(key="um-disable").click().run()
    assert accounts.get_user(district.actors["admin"], uid, engine=district.engine).disabled
    at.selectbox(key="um-user").set_value(uid).run()
    at.button(key="um-disable").click().run()
    assert not accounts.get_user(district.actors["admin"], uid, engine=district.engine).disabled


def test_admin_registers_an_organisation_and_sets_a_jurisdiction(district):
    at = signed_in_app("admin")
    goto(at, "orgs")
    at.text_input(key="org-new-name").input("C新材料有限公司")
    at.selectbox(key="org-new-town").set_value("hengjie")
    at.button(key="FormSubmitter:org-new-登记").click().run()
    assert "已登记“C新材料有限公司”。" in texts(at)
    goto(at, "areas")
    at.selectbox(key="areas-user").set_value(district.users["off"]).run()
    at.multiselect(key=f"areas-towns-{district.users['off']}").set_value(["gulin", "hengjie"])
    at.button(key=f"FormSubmitter:areas-{district.users['off']}-保存").click().run()
    areas = orgs.get_jurisdiction(district.actors["admin"], district.users["off"], engine=district.engine)
    assert [a.town for a in areas] == ["gulin", "hengjie"]
    names = [o.name for o in orgs.list_organisations(district.actors["off"], engine=district.engine)]
    assert names == ["A精密机械有限公司", "C新材料有限公司"]


def test_admin_settings_change_an_enterprises_score(district):
    ent = signed_in_app("ent_a")
    ent.query_params["a"] = district.assessments["A"]
    ent.run()
    goto(ent, "results")
    level = ent.session_state["_wiz"]["_result"][1].level
    assert level == "star3"

    at = signed_in_app("admin")
    goto(at, "params")
    at.selectbox(key="params-profile").set_value("ningbo_star").run()
    at.number_input(key="lv-ningbo_star-star4").set_value(70.0)
    at.button(key="FormSubmitter:levels-ningbo_star-保存分数线").click().run()
    assert at.error and "来源不能为空" in at.error[0].value  # a source is required
    at.number_input(key="lv-ningbo_star-star4").set_value(70.0)
    at.text_input(key="lv-src-ningbo_star-star4").input("区经信局 2026 年 3 月通知（测试）")
    at.button(key="FormSubmitter:levels-ningbo_star-保存分数线").click().run()
    assert not at.error and "评价参数已保存" in texts(at)
    [entry] = ps.entries("ningbo_star", engine=district.engine)
    assert (entry.kind, entry.key, entry.value) == ("level", "star4", 70.0)

    ent.run()
    result = ent.session_state["_wiz"]["_result"][1]
    assert result.level == "star4"
    assert next(lv.min_total for lv in result.levels if lv.id == "star4") == 70.0
    assert "页面出现意外错误" not in texts(at)
    assert "分数线 · 四星（可推荐参评，市级绿色工厂）：**70**" in texts(at)


def test_admin_reads_the_audit_log(district):
    at = signed_in_app("admin")
    goto(at, "audit")
    log = at.dataframe[0].value
    assert {"登录", "创建用户", "授权咨询机构"} <= set(log["操作"])
    at.selectbox(key="audit-action").set_value("grant").run()
    assert set(at.dataframe[0].value["操作"]) == {"授权咨询机构"}


def test_admin_pages_are_refused_by_the_store_for_others(district):
    """Hiding pages is not the protection: the store refuses a crafted call from any other role."""
    import pytest

    from store import AccessDenied

    for who in ("ent_a", "cons", "off"):
        with pytest.raises(AccessDenied):
            accounts.list_users(district.actors[who], engine=district.engine)
        with pytest.raises(AccessDenied):
            ps.set_value(district.actors[who], "ningbo_star", "level", "star4", 1, "x", engine=district.engine)
    assert new_app() is not None
