"""A stored draft that fails validation opens in the repair view: what is wrong, per field, then fix (a new
revision keeping what is valid), keep as it is, or do not open it; navigation and sign-out stay on screen."""

from __future__ import annotations

import pytest

from store import assessments as repo
from tests.app.auth_helpers import signed_in_app, texts
from tests.app.wizard_helpers import goto

BAD = {"enterprise": {"name": "坏数据有限公司", "contact": "李工"}, "inputs": [], "answers": [1], "year": "去年"}


@pytest.fixture
def bad(district) -> str:
    return repo.create(district.actors["ent_a"], BAD, engine=district.engine)


def _open(bad: str, page: str = "profile"):  # type: ignore[no-untyped-def]
    at = signed_in_app("ent_a")
    at.query_params["a"] = bad
    goto(at, page)
    assert not at.exception
    return at


def test_the_repair_view_names_each_problem_with_navigation_and_sign_out_beside_it(bad):
    at = _open(bad)
    assert "这份评价有 3 处内容无法识别或不符合要求" in texts(at)
    shown = "\n".join(m.value for m in at.markdown)
    assert "应为整数，收到「去年」" in shown and shown.count("应为对象") == 2  # each field with what is wrong
    assert "year（评价年度）" in shown and "inputs（基础数据）" in shown and "answers（评价项答复）" in shown
    assert at.button(key="repair-fix") and at.button(key="repair-keep") and at.button(key="repair-close")
    assert len(at.sidebar.button) >= 1  # sign-out is there
    goto(at, "results")  # and every page can be reached, with the box still asking
    assert not at.exception and "这份评价有 3 处" in texts(at)


def test_fix_keeps_what_is_valid_as_a_new_revision(bad, district):
    at = _open(bad)
    at.button(key="repair-fix").click().run()
    assert "已删除 3 处无法识别的内容，其余内容已保存为第 2 版" in texts(at)
    data, rev = repo.load(district.actors["ent_a"], bad, engine=district.engine)
    assert rev == 2 and data["enterprise"]["name"] == "坏数据有限公司" and data["enterprise"]["contact"] == "李工"
    assert isinstance(data["inputs"], dict) and isinstance(data["answers"], dict)
    old, _ = repo.load(district.actors["ent_a"], bad, revision=1, engine=district.engine)
    assert old["inputs"] == []  # the version before the fix stays in the history
    again = _open(bad)
    assert "无法识别" not in texts(again)


def test_keep_changes_nothing_and_close_leaves_it_closed(bad, district):
    at = _open(bad)
    at.button(key="repair-keep").click().run()
    assert "这份评价有" not in texts(at)
    assert repo.load(district.actors["ent_a"], bad, engine=district.engine)[1] == 1
    other = _open(bad)
    other.button(key="repair-close").click().run()
    assert other.session_state["_wiz"]["aid"] is None and "a" not in other.query_params
    assert repo.load(district.actors["ent_a"], bad, engine=district.engine)[1] == 1
