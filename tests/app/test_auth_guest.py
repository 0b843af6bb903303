"""Guest mode (AppTest): the whole wizard without an account, nothing stored on the server, the JSON export and
import still work; registering keeps the draft and stores it for the new enterprise."""

from __future__ import annotations

import json

from scoring.example import example_assessment
from scoring.io import dump_assessment
from scoring.models import uscc_with_check
from store import accounts, audit, registration
from store import assessments as repo
from tests.app.auth_helpers import texts
from tests.app.wizard_helpers import goto, new_app, widget


def _guest():
    at = new_app()
    at.run()
    at.button(key="guest-start").click().run()
    assert not at.exception, at.exception
    return at


def test_guest_mode_saves_nothing_on_the_server(district):
    stored, logged = district.assessment_count(), len(audit.list_audit(district.actors["admin"], engine=district.engine))
    at = _guest()
    assert at.title[0].value == "绿色工厂自评价向导"
    assert "访客模式：数据不会保存在服务器，请导出 JSON。" in [w.value for w in at.warning]
    at.button(key="home-start").click().run()
    widget(at, "enterprise.name").input("访客试填公司").run()
    widget(at, "enterprise.contact").input("张三").run()
    assert at.session_state["_wiz"]["draft"]["enterprise"]["name"] == "访客试填公司"
    assert at.session_state["_wiz"].get("aid") is None and "a" not in at.query_params
    assert "访客模式：未保存到服务器（请在“导出”页下载 JSON）" in [c.value for c in at.sidebar.caption]
    goto(at, "export")
    assert not at.exception and at.get("download_button")  # the JSON export works
    assert district.assessment_count() == stored
    assert len(audit.list_audit(district.actors["admin"], engine=district.engine)) == logged


def test_guest_imports_json_and_cannot_open_stored_ones(district):
    at = _guest()
    raw = dump_assessment(example_assessment()).encode("utf-8")
    at.get("file_uploader")[0].set_value(("example.json", raw, "application/json"))
    at.run()
    assert at.title[0].value == "企业概况"
    assert at.session_state["_wiz"]["draft"]["enterprise"]["name"].startswith("示例企业")
    at.query_params["a"] = district.assessments["A"]
    at.run()
    assert "访客模式下不能打开已保存的评价，请先登录。" in texts(at)
    assert at.session_state["_wiz"]["draft"]["enterprise"]["name"].startswith("示例企业")  # the draft stays
    assert district.assessment_count() == 2
    goto(at, "evidence")  # not a guest's page: back to the start
    assert at.title[0].value == "绿色工厂自评价向导"


def test_leaving_guest_mode_forgets_the_draft(district):
    at = _guest()
    at.button(key="home-start").click().run()
    widget(at, "enterprise.name").input("临时").run()
    at.sidebar.button(key="leave-guest").click().run()
    assert at.title[0].value == "登录" and "draft" not in at.session_state["_wiz"]


def test_registration_keeps_the_guest_draft(district):
    at = _guest()
    at.button(key="home-start").click().run()
    widget(at, "enterprise.name").input("新注册的宁波某公司").run()
    goto(at, "register")
    assert at.text_input(key="reg-org").value == "新注册的宁波某公司"
    at.text_input(key="reg-uscc").input("91330203MA2H00001X")
    at.text_input(key="reg-user").input("newco")
    at.text_input(key="reg-pass").input("新公司的密码-2026")
    at.text_input(key="reg-pass2").input("新公司的密码-2026")
    submit = "FormSubmitter:register-注册并登录"
    at.button(key=submit).click().run()
    assert [e.value for e in at.error] == ["请选择所在镇街。"]
    at.selectbox(key="reg-town").set_value("gulin")
    at.button(key=submit).click().run()
    assert [e.value for e in at.error] == ["统一社会信用代码无效（应为18位，且第18位校验码正确）"]
    at.text_input(key="reg-uscc").input("")
    at.button(key=submit).click().run()
    assert [e.value for e in at.error] == ["请填写统一社会信用代码"]
    at.text_input(key="reg-uscc").input(uscc_with_check("91330203MA2H00009"))
    at.button(key=submit).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    who = at.session_state["_wiz"]["auth_actor"]
    assert who.role == "enterprise" and who.display_name == "newco"
    aid = at.session_state["_wiz"]["aid"]
    data, _ = repo.load(who, aid, engine=district.engine)
    assert data["enterprise"]["name"] == "新注册的宁波某公司"
    assert "注册已提交，欢迎 newco！" in texts(at)  # pending until a reviewer confirms the claim
    assert registration.pending_org(who.org_id, engine=district.engine)
    assert accounts.authenticate("newco", "新公司的密码-2026", engine=district.engine).org_id == who.org_id
    assert json.loads(json.dumps(data))  # stored as plain JSON
