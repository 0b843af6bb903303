"""Each role's page set (the titles passed to st.navigation), and what each role may open: an enterprise cannot
reach another enterprise's assessment by a crafted address; the official's view changes nothing."""

from __future__ import annotations

import pytest

from store import assessments as repo
from store import reviews
from tests.app.auth_helpers import NavSpy, signed_in_app, texts
from tests.app.cycle_helpers import mark_submitted
from tests.app.wizard_helpers import goto, new_app, widgets

WIZARD = ["首页", "企业概况", "统计报表导入", "Excel 问卷", "基本要求与否决项", "能源低碳化", "资源高效化", "生产洁净化", "产品绿色化", "用地集约化",
          "评价结果", "导出"]
EXPECTED = {
    "ent_a": ["我的评价", "提交与审核", "证明材料", "授权咨询机构", "注册申请审核", "修改密码"],
    "cons": ["客户", "新建诊断", "前后对比", "提交与审核", "批量导出报告", "证明材料", "修改密码"],
    "off": ["培育库筛选", "初审", "培育库导入与筛选", "区级基准值", "企业评价（只读）", "初审意见", "注册申请审核", "修改密码"],
    "admin": ["用户管理", "机构管理", "注册申请审核", "辖区设置", "评价参数", "区级基准值", "审计日志", "已删除的评价",
              "修改密码"],
}


def _plain(titles: list[str]) -> list[str]:
    """Titles without the wizard's progress marks (' · 3/7', ' ✓')."""
    return [t.split(" · ")[0].removesuffix(" ✓") for t in titles]


def test_page_set_of_nobody_signed_in(district, monkeypatch):
    spy = NavSpy(monkeypatch)
    new_app().run()
    assert spy.titles == ["登录", "企业注册"]


def test_registration_closed_hides_the_page(district, monkeypatch):
    monkeypatch.setenv("GF_REGISTRATION", "off")
    spy = NavSpy(monkeypatch)
    new_app().run()
    assert spy.titles == ["登录"]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_page_set_of_each_role(district, monkeypatch, who):
    spy = NavSpy(monkeypatch)
    at = signed_in_app(who)
    titles = _plain(spy.titles)
    if who in ("ent_a", "cons"):
        assert titles[:1] == ["首页"] and set(WIZARD) <= set(titles)
        assert [t for t in titles if t not in WIZARD] == EXPECTED[who]
    else:
        assert titles == EXPECTED[who]
        assert not at.sidebar.metric  # no wizard sidebar
    assert not at.exception


def test_guest_page_set(district, monkeypatch):
    spy = NavSpy(monkeypatch)
    at = new_app()
    at.run()
    at.button(key="guest-start").click().run()
    titles = _plain(spy.titles)
    assert titles[0] == "首页" and set(WIZARD) <= set(titles)
    assert [t for t in titles if t not in WIZARD] == ["登录", "企业注册"]


def test_single_user_mode_keeps_the_wizard_and_the_pool(at, monkeypatch):
    """Without accounts (the default deployment) the menu is the wizard plus the cultivation-pool page."""
    spy = NavSpy(monkeypatch)
    at.run()
    assert _plain(spy.titles) == [*WIZARD, "培育库导入与筛选"]


@pytest.mark.parametrize("who", ["off", "admin", "ent_a"])
def test_another_roles_address_leads_home(district, who):
    at = signed_in_app(who)
    start = at.title[0].value
    for path in ("users", "screening", "clients", "login"):
        goto(at, path)
        assert not at.exception and at.title[0].value == start, path


def test_enterprise_cannot_open_another_enterprises_assessment(district):
    at = new_app()
    at.query_params["a"] = district.assessments["B"]
    at.run()
    from tests.app.auth_helpers import sign_in

    sign_in(at, "ent_a")  # the address is kept through signing in, then refused by the store
    assert "您没有权限访问该评价" in [e.value for e in at.error]
    assert at.session_state["_wiz"].get("aid") is None and "a" not in at.query_params
    assert at.session_state["_wiz"]["draft"]["enterprise"]["name"] == ""
    again = signed_in_app("ent_a")
    again.query_params["a"] = district.assessments["B"]
    again.run()
    assert "您没有权限访问该评价" in [e.value for e in again.error]
    again.query_params["a"] = district.assessments["A"]  # its own opens
    again.run()
    assert again.session_state["_wiz"]["aid"] == district.assessments["A"]


def test_consultant_opens_a_clients_assessment_and_saves_as_itself(district):
    at = signed_in_app("cons")
    goto(at, "clients")
    assert "A精密机械有限公司" in texts(at) and "B精密机械有限公司" not in texts(at)
    at.button(key=f"client-open-{district.assessments['A']}").click().run()
    assert at.title[0].value == "企业概况"
    name = next(w for w in widgets(at) if w.key.endswith("|enterprise.contact"))
    name.input("王工").run()
    revs = repo.list_revisions(district.actors["ent_a"], district.assessments["A"], engine=district.engine)
    assert (revs[-1].revision, revs[-1].saved_by_name) == (2, "绿研咨询")


def test_consultant_new_diagnosis_for_a_client_names_the_assessor(district):
    at = signed_in_app("cons")
    goto(at, "diagnose")
    at.radio(key="diagnose-start").set_value("copy").run()
    at.button(key="diagnose-go").click().run()
    assert at.title[0].value == "企业概况"
    aid = at.session_state["_wiz"]["aid"]
    data, _ = repo.load(district.actors["ent_a"], aid, engine=district.engine)
    assert data["enterprise"]["assessor"] == "绿研咨询" and data["enterprise"]["name"].startswith("示例企业")
    assert data["year"] == 2026  # copied forward from the example (2025)
    assert all(e["state"] is None for e in data["evidence"].values())


def test_consultant_compares_two_assessments(district):
    at = signed_in_app("cons")
    data, _ = repo.load(district.actors["ent_a"], district.assessments["A"], engine=district.engine)
    data["inputs"]["output_value_wan"] = 20000  # a third of the output value: every per-output figure worse
    repo.create(district.actors["cons"], data, org_id=district.orgs["A"], engine=district.engine)
    goto(at, "compare")
    assert not at.exception and not at.error
    assert at.metric[0].label == "总分（之后）" and at.metric[0].delta.startswith("-")
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(at.dataframe) == 2


def test_official_view_is_read_only_and_takes_a_review_note(district):
    aid = district.assessments["A"]
    before = repo.list_revisions(district.actors["admin"], aid, engine=district.engine)
    at = signed_in_app("off")
    goto(at, "enterprise")
    assert not at.exception and at.title[0].value == "企业评价（只读）"
    assert not widgets(at), [w.key for w in widgets(at)]  # no field bound to an assessment's answers
    assert "总分" in [m.label for m in at.metric]
    at.text_area(key="note-text").input("能耗数据与 205-1 报表一致。")
    at.button(key=f"FormSubmitter:note-{aid}-保存初审意见").click().run()
    assert not at.exception
    assert [n.note for n in reviews.list_notes(district.actors["off"], engine=district.engine)] == [
        "能耗数据与 205-1 报表一致。"]
    assert repo.list_revisions(district.actors["admin"], aid, engine=district.engine) == before
    goto(at, "notes")
    assert "能耗数据与 205-1 报表一致。" in at.dataframe[0].value.to_string()


def test_official_pool_holds_the_jurisdictions_enterprises_only(district):
    mark_submitted(district.engine, district.assessments["A"], district.assessments["B"])  # drafts are not screened
    at = signed_in_app("off")
    assert not at.exception and not at.error
    assert "已载入辖区内 1 家企业" in texts(at)
    pool = at.session_state["_wiz"]["_official_pool"][0]
    assert list(pool.frame["name"]) == ["A精密机械有限公司"]


@pytest.mark.parametrize(("who", "paths"), [
    ("ent_a", ["my", "submit", "evidence", "grants", "account", "profile", "gates", "results", "export"]),
    ("cons", ["clients", "diagnose", "compare", "submit", "bundle", "evidence", "account"]),
    ("off", ["screening", "review", "yardsticks", "enterprise", "notes", "account"]),
    ("admin", ["users", "orgs", "areas", "params", "yardsticks", "audit", "deleted", "account"]),
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_of_every_role_renders(district, who, paths, lang):
    at = signed_in_app(who)
    if lang == "en":
        next(b for b in at.sidebar.get("button_group") if b.key == "lang_switch").set_value("en").run()
    assert at.session_state["_wiz"]["lang"] == lang
    for path in paths:
        goto(at, path)
        assert not at.exception, (path, at.exception)
        shown = texts(at)
        assert "页面出现意外错误" not in shown and "unexpected error" not in shown.lower(), path
        assert at.title, path
    if lang == "en":
        assert at.title[0].value in ("Change password", "Evidence files", "Export")  # the last page, in English

