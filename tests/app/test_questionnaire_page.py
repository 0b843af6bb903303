"""Excel 问卷 page in AppTest: the download is offered, an edited questionnaire lists its changes with their cells,
应用 writes them as one revision (and clears their 待核对 marks), a bad cell is named by sheet, row and column,
取消 changes nothing; the results page counts the 待核对 values."""

from __future__ import annotations

import io

import openpyxl
import pytest

from questionnaire.build import FIRST_ROW, build_workbook
from tests.app.wizard_helpers import goto


def _draft(at):
    return at.session_state["_wiz"]["draft"]


def _edited(draft, edits):
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(draft)))
    for (sheet, path), value in edits.items():
        ws = wb[sheet]
        row = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == path)
        ws.cell(row, 4).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def page(started):
    at = goto(started, "questionnaire")
    assert not at.exception, at.exception
    assert at.title[0].value == "Excel 问卷（离线填报）"
    assert at.get("download_button")
    return at


def _upload(at, content: bytes):
    at.get("file_uploader")[0].set_value(("q.xlsx", content, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_changes_listed_then_applied_as_one_revision(page):
    draft = _draft(page)
    draft["carried"] = ["inputs.land_area_m2", "inputs.yard_area_m2"]
    content = _edited(draft, {("基本信息", "enterprise.name"): "问卷企业", ("用地集约化", "inputs.land_area_m2"): "12,000",
                              ("资源高效化", "inputs.water_withdrawal_m3"): "五万"})
    at = _upload(page, content)
    table = at.dataframe[0].value
    assert set(table["字段"]) == {"企业名称", "厂区用地面积"}
    assert "用地集约化!D" in " ".join(table["单元格"])
    warning = " ".join(w.value for w in at.warning)
    assert "资源高效化" in warning and "D 列" in warning and "第" in warning
    at.button(key="questionnaire-apply").click().run()
    assert not at.exception, at.exception
    d = _draft(at)
    assert d["enterprise"]["name"] == "问卷企业" and d["inputs"]["land_area_m2"] == 12_000
    assert d["carried"] == ["inputs.yard_area_m2"]  # the value changed in the form counts as checked
    assert d["inputs"].get("water_withdrawal_m3") is None  # the refused cell changed nothing
    assert not at.dataframe


def test_cancel_and_unchanged(page):
    at = _upload(page, build_workbook(_draft(page)))
    assert [s for s in at.success if "没有改动" in s.value]
    at.button(key="questionnaire-cancel").click().run()
    assert not at.exception


def test_results_count_the_unconfirmed_values(started):
    started.session_state["_wiz"]["draft"]["carried"] = ["inputs.land_area_m2", "answers.x"]
    at = goto(started, "results")
    assert not at.exception, at.exception
    assert [w for w in at.warning if "2 项数据由上年评价复制而来" in w.value]


def test_results_compare_with_last_year_and_flag_a_slip(at):
    from scoring.example import example_assessment
    from scoring.rollover import copy_forward
    from store import LOCAL
    from store import assessments as repo

    last = example_assessment().model_dump(mode="json")
    repo.create(LOCAL, last)
    this = copy_forward(last)
    this["inputs"]["energy"]["electricity"] *= 10  # 万千瓦时 and kWh mixed up
    aid = repo.create(LOCAL, this)
    at.query_params["a"] = aid
    at = goto(at, "results")
    assert not at.exception, at.exception
    heads = [h.value for h in at.subheader]
    assert f"与上年对比（{last['year']} 年度 → {this['year']} 年度）" in heads
    warning = " ".join(w.value for w in at.warning)
    assert "疑似录入错误" in warning and "电力" in warning and "10 倍" in warning
    assert f"{len(this['carried'])} 项数据由上年评价复制而来" in warning
