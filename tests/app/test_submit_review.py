"""The yearly cycle in the app (AppTest): an enterprise submits, an official returns one indicator, the enterprise
reads why, fixes it in a new draft and resubmits, the official passes it and screens on the reviewed one; lists
show year, status, total and level; a blank new assessment is not stored; a deleted draft is restored by the admin."""

from __future__ import annotations

from scoring.example import example_assessment
from store import assessments as repo
from store import submissions
from tests.app.auth_helpers import signed_in_app, texts
from tests.app.wizard_helpers import goto

ITEM = "energy_intensity_output"
REASON = "单位产值综合能耗与能源购进报表不一致，请核对"


def _ready(district) -> str:
    """Enterprise A's assessment with every evidence marked ready (the example leaves three missing)."""
    data = example_assessment().model_dump(mode="json")
    data["enterprise"]["town"] = "gulin"
    for ev in data["evidence"].values():
        ev["state"] = "ready"
    aid = district.assessments["A"]
    repo.save(district.actors["ent_a"], aid, data, engine=district.engine)
    return aid


def _open(at, aid: str):
    goto(at, "my")
    at.button(key=f"my-open-{aid}").click().run()
    goto(at, "submit")
    assert not at.exception, at.exception
    return at


def _review(verdict: str, aid: str, comment: str = "") -> None:
    at = signed_in_app("off")
    goto(at, "review")
    assert not at.exception, at.exception
    assert at.selectbox(key="review-pick").value == aid
    at.radio(key=f"review-v-{aid}-{ITEM}").set_value(verdict)
    at.text_input(key=f"review-c-{aid}-{ITEM}").input(comment)
    at.button(key=f"FormSubmitter:review-form-{aid}-提交初审结论").click().run()
    assert not at.exception, at.exception
    assert at.success, texts(at)


def test_submit_return_fix_resubmit_approve(district):
    aid = district.assessments["A"]
    at = _open(signed_in_app("ent_a"), aid)
    assert "还不能提交" in texts(at) and "证明材料未标记为“已具备”" in texts(at)
    assert at.button(key="submit-go").disabled
    aid = _ready(district)
    at = _open(signed_in_app("ent_a"), aid)
    at.button(key="submit-go").click().run()
    assert not at.exception and "已提交" in texts(at)
    assert submissions.info(district.actors["ent_a"], aid, engine=district.engine).status == "submitted"

    _review("return", aid, REASON)
    at = _open(signed_in_app("ent_a"), aid)
    page = texts(at)
    assert "退回补充的指标（1 项）" in page and REASON in page and "单位产值综合能耗" in page
    at.button(key="submit-redraft").click().run()
    assert not at.exception, at.exception
    new = at.session_state["_wiz"]["aid"]
    assert new != aid and REASON in texts(at)  # the new draft still shows what is to be fixed
    at.button(key="submit-go").click().run()
    assert not at.exception and submissions.info(district.actors["ent_a"], new, engine=district.engine).status == \
        "submitted"

    _review("pass", new)
    off = signed_in_app("off")
    goto(off, "screening")
    assert not off.exception, off.exception
    basis = next(df.value for df in off.dataframe if "筛选所依据的评价" in df.value.columns)
    [line] = basis["筛选所依据的评价"].tolist()
    assert "初审通过" in line and "2025 年度" in line and "分" in line
    at = signed_in_app("ent_a")
    goto(at, "my")
    page = texts(at)
    assert "初审通过 · 20" in page and "退回补充 · 20" in page and "2025 年度" in page


def test_a_blank_new_assessment_is_not_stored_until_something_is_entered(district):
    before = district.assessment_count()
    at = signed_in_app("ent_b")
    goto(at, "")
    at.button(key="home-start").click().run()
    assert not at.exception, at.exception
    assert district.assessment_count() == before and not at.session_state["_wiz"]["aid"]


def test_a_deleted_draft_is_restored_by_the_admin(district):
    aid = district.assessments["B"]
    at = signed_in_app("ent_b")
    goto(at, "my")
    at.button(key=f"my-delete-{aid}").click().run()
    at.button(key=f"my-delete-{aid}.yes").click().run()
    assert not at.exception and "草稿已删除" in texts(at)
    assert aid not in {i.id for i in repo.list_assessments(district.actors["ent_b"], engine=district.engine)}
    admin = signed_in_app("admin")
    goto(admin, "deleted")
    admin.button(key=f"deleted-restore-{aid}").click().run()
    assert not admin.exception and "已恢复" in texts(admin)
    assert aid in {i.id for i in repo.list_assessments(district.actors["ent_b"], engine=district.engine)}


def test_a_submitted_assessment_refuses_edits_in_the_wizard(district):
    from tests.app.wizard_helpers import widget

    aid = _ready(district)
    at = _open(signed_in_app("ent_a"), aid)
    at.button(key="submit-go").click().run()
    goto(at, "profile")
    widget(at, "enterprise.name").input("改名企业").run()
    assert not at.exception and "不能再修改" in texts(at)
    data, rev = repo.load(district.actors["ent_a"], aid, engine=district.engine)
    assert rev == 2 and data["enterprise"]["name"] != "改名企业"


def test_the_wizard_state_offers_the_returned_reasons_to_the_pages(district):
    """ui.state.returned_comments: what the dimension pages show next to a returned indicator."""
    aid = _ready(district)
    at = _open(signed_in_app("ent_a"), aid)
    at.button(key="submit-go").click().run()
    _review("return", aid, REASON)
    at = _open(signed_in_app("ent_a"), aid)
    at.button(key="submit-redraft").click().run()
    new = at.session_state["_wiz"]["aid"]
    key, found = at.session_state["_wiz"]["_returned"]  # read by the submit page through state.returned_comments
    assert key[0] == new and found == {ITEM: REASON}


def test_a_return_without_a_reason_names_the_indicator(district):
    aid = _ready(district)
    at = _open(signed_in_app("ent_a"), aid)
    at.button(key="submit-go").click().run()
    off = signed_in_app("off")
    goto(off, "review")
    off.radio(key=f"review-v-{aid}-{ITEM}").set_value("return")
    off.button(key=f"FormSubmitter:review-form-{aid}-提交初审结论").click().run()
    assert not off.exception and "退回以下指标时必须写明原因：单位产值综合能耗" in off.error[0].value
    assert submissions.info(district.actors["off"], aid, engine=district.engine).status == "submitted"
