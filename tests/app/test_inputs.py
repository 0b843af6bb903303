"""Bad inputs show Chinese messages and keep the draft (saved, never blocked); JSON import validates first;
list inputs add and remove rows; a store failure is explained and the input stays."""

from __future__ import annotations

import json

import pytest

from scoring.example import example_assessment
from scoring.io import dump_assessment
from store import LOCAL, TooLarge
from store import assessments as repo
from tests.app.wizard_helpers import cell, current_page, goto, type_value, widget


def _texts(at) -> str:
    return " ".join(m.value for m in at.markdown) + " ".join(e.value for e in at.error)


def _stored(at) -> dict:
    data, _ = repo.load(LOCAL, at.query_params["a"])
    return data


def test_invalid_credit_code_is_explained_and_kept(started):
    at = goto(started, "profile")
    widget(at, "enterprise.uscc").input("91330203MA2GY00010").run()
    assert "统一社会信用代码无效" in _texts(at)
    assert at.session_state["_wiz"]["draft"]["enterprise"]["uscc"] == "91330203MA2GY00010"
    assert _stored(at)["enterprise"]["uscc"] == "91330203MA2GY00010"  # saved although invalid
    good = example_assessment().enterprise.uscc
    widget(at, "enterprise.uscc").input(good).run()
    assert "统一社会信用代码无效" not in _texts(at)
    assert "校验通过" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize(("path", "value", "message"), [
    ("inputs.land_area_m2", -5.0, "不能小于 0"),
    ("inputs.land_area_m2", 0.0, "不能为 0"),
])
def test_bad_numbers_on_a_dimension_page(started, path, value, message):
    at = goto(started, "dim-land_intensive")
    type_value(at, path, value)
    assert message in _texts(at)
    assert at.session_state["_wiz"]["draft"]["inputs"]["land_area_m2"] == value
    assert _stored(at)["inputs"]["land_area_m2"] == value
    assert not at.exception


def test_percentage_over_100_is_explained(started):
    at = goto(started, "dim-green_product")
    widget(at, "inputs.efficiency_standard_applies").set_value(True).run()
    type_value(at, "inputs.energy_saving_output_share_pct", 120.0)
    assert "百分比不能超过 100" in _texts(at)
    goto(at, "results")
    assert [w for w in at.warning if "填写无效" in w.value]  # the result says what was left out


def test_pollutant_rows_add_and_remove(started):
    at = goto(started, "dim-clean_production")
    for _ in range(2):
        next(b for b in at.button if (b.key or "").endswith("|inputs.pollutants.add")).click().run()
    assert "不能为空" in _texts(at)  # a row without a name is explained, and kept
    type_value(at, "inputs.pollutants.0.name", "化学需氧量")
    type_value(at, "inputs.pollutants.1.name", "氨氮")
    next(b for b in at.button if (b.key or "").endswith("|inputs.pollutants.0.remove")).click().run()
    next(b for b in at.button if (b.key or "").endswith("|inputs.pollutants.0.remove.yes")).click().run()  # 确认删除
    rows = at.session_state["_wiz"]["draft"]["inputs"]["pollutants"]
    assert [r["name"] for r in rows] == ["氨氮"]
    assert cell(at, "inputs.pollutants.0.name") == "氨氮"


def test_cases_add_and_remove(started):
    at = goto(started, "dim-resource_efficiency")
    add = "|inputs.material_saving_cases.add"
    for title in ("铸件减重", "包装减量"):
        next(b for b in at.button if (b.key or "").endswith(add)).click().run()
        n = len(at.session_state["_wiz"]["draft"]["inputs"]["material_saving_cases"]) - 1
        widget(at, f"inputs.material_saving_cases.{n}.title").input(title).run()
    next(b for b in at.button if (b.key or "").endswith("|inputs.material_saving_cases.0.remove")).click().run()
    next(b for b in at.button if (b.key or "").endswith("|inputs.material_saving_cases.0.remove.yes")).click().run()  # 确认删除
    assert [c["title"] for c in at.session_state["_wiz"]["draft"]["inputs"]["material_saving_cases"]] == ["包装减量"]


def _upload(at, name: str, content: bytes) -> None:
    at.get("file_uploader")[0].set_value((name, content, "application/json"))
    at.run()


@pytest.mark.parametrize(("content", "message"), [
    (b'{"enterprise": {"name": "x"', "JSON 格式错误"),
    (json.dumps({"inputs": {"land_area_m2": "很多"}}).encode(), "厂区用地面积"),
    (json.dumps({"ruleset": "no_such_set"}).encode(), "评价标准 no_such_set"),
    (b'{"enterprise": {"name": "\xc3\x28"}}', "UTF-8"),
    (b"[1, 2]", "JSON 对象"),
])
def test_bad_import_changes_nothing_and_says_why(started, content, message):
    at = goto(started, "profile")
    widget(at, "enterprise.name").input("原有企业").run()
    aid, draft, rev = at.query_params["a"], json.dumps(at.session_state["_wiz"]["draft"]), at.session_state["_wiz"]["rev"]
    goto(at, "")
    _upload(at, "bad.json", content)
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # markdown escapes
    assert "文件未导入，现有内容没有任何改动" in errors and message in errors, errors
    assert at.query_params["a"] == aid and at.session_state["_wiz"]["rev"] == rev
    assert json.dumps(at.session_state["_wiz"]["draft"]) == draft
    assert _stored(at)["enterprise"]["name"] == "原有企业"


def test_good_import_opens_a_new_assessment(started):
    at = goto(started, "profile")
    widget(at, "enterprise.name").input("原公司").run()  # stored once something is entered
    first = at.query_params["a"]
    goto(at, "")
    sample = example_assessment()
    _upload(at, "sample.json", dump_assessment(sample).encode("utf-8"))
    assert current_page(at) == "profile"
    assert at.query_params["a"] != first
    assert at.session_state["_wiz"]["draft"]["enterprise"]["name"] == sample.enterprise.name
    assert [i for i in at.info if "已导入" in i.value]
    assert repo.load(LOCAL, first)  # the previous assessment is untouched


def test_store_failure_is_explained_and_the_input_stays(started, monkeypatch):
    at = goto(started, "profile")

    def too_large(*_a, **_k):
        raise TooLarge(3 * 1024 * 1024, 2 * 1024 * 1024)

    monkeypatch.setattr(repo, "save", too_large)
    monkeypatch.setattr(repo, "create", too_large)  # the first entry creates the stored assessment
    widget(at, "enterprise.name").input("丁公司").run()
    assert [e for e in at.error if "评价数据过大" in e.value]
    assert at.session_state["_wiz"]["draft"]["enterprise"]["name"] == "丁公司"
    assert not at.exception


def test_an_import_says_what_intake_cleaned(started):
    at = goto(started, "")
    _upload(at, "control.json", json.dumps({"enterprise": {"name": "丙\x00公\u202e司"}}).encode("utf-8"))
    assert current_page(at) == "profile"
    assert at.session_state["_wiz"]["draft"]["enterprise"]["name"] == "丙公司"
    assert [w for w in at.warning if "控制字符或文字方向控制符已删除" in w.value]
