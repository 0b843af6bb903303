"""统计报表导入 page in AppTest: preview with source cells and conversions, 应用 as one revision, 取消 changes
nothing, a refused file says why."""

from __future__ import annotations

import json

import pytest

from tests.app.wizard_helpers import goto
from tests.forms import fixtures as fx


def _upload(at, name: str, content: bytes):
    at.get("file_uploader")[0].set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


def _draft(at):
    return at.session_state["_wiz"]["draft"]


@pytest.fixture
def page(started):
    at = goto(started, "stat-import")
    assert not at.exception, at.exception
    assert at.title[0].value == "从统计报表导入"
    return at


def test_preview_shows_cells_conversions_and_unknown_rows(page):
    rows = [*fx.ENERGY_ROWS, ("焦炭", "吨", "09", 5, 5, 5, None)]
    at = _upload(page, "forms.xlsx", fx.workbook(lambda wb: fx.sheet_205_1(wb, rows), fx.sheet_205_4))
    table = at.dataframe[0].value
    elec = table[table["单元格"] == "H10"].iloc[0]
    assert (elec["报表数值"], elec["报表单位"], elec["换算后"]) == ("860.25", "万千瓦时", "8,602,500 kWh")
    assert elec["导入到"] == "分品种能源消费量 · 电力（kWh）" and elec["工作表"] == "205-1"
    assert "（仅供核对）" in " ".join(table["导入到"])  # the parts of the water totals
    warning = " ".join(w.value for w in at.warning)
    assert "焦炭" in warning and "向导不采集这种能源" in warning
    assert "electricity" not in _draft(at)["inputs"]["energy"]  # a preview writes nothing


@pytest.mark.parametrize("name", ["forms.xlsx", "forms.xls"])
def test_apply_writes_the_values_as_one_revision(page, name):
    xlsx = fx.all_forms()
    at = _upload(page, name, xlsx if name.endswith("xlsx") else fx.as_xls(xlsx))  # .xls: Excel 97–2003
    rev = at.session_state["_wiz"]["rev"] or 0  # a blank new assessment is stored at its first change
    at.button(key="stat-apply").click().run()
    assert not at.exception, at.exception
    inputs = _draft(at)["inputs"]
    assert inputs["energy"]["electricity"] == 8_602_500 and inputs["energy"]["natural_gas"] == 300_000
    assert inputs["water_withdrawal_m3"] == 52_000 and inputs["water_reused_m3"] == 185_000
    assert inputs["output_value_wan"] == pytest.approx(4800) and inputs["product_name"] == "离心泵"
    assert at.session_state["_wiz"]["rev"] == rev + 1  # one revision for all of them
    assert [s for s in at.info if "已导入" in s.value]
    assert not at.dataframe  # the uploader and the preview are cleared


def test_cancel_changes_nothing(page):
    before = json.dumps(_draft(page), sort_keys=True)
    rev = page.session_state["_wiz"]["rev"]
    at = _upload(page, "forms.xlsx", fx.all_forms())
    at.button(key="stat-cancel").click().run()
    assert not at.exception, at.exception
    assert json.dumps(_draft(at), sort_keys=True) == before and at.session_state["_wiz"]["rev"] == rev
    assert [i for i in at.info if "已取消" in i.value]


def test_a_refused_file_says_why_and_changes_nothing(page):
    before = json.dumps(_draft(page), sort_keys=True)
    at = _upload(page, "forms.xlsx", b"not a workbook at all")
    assert [e for e in at.error if "文件未导入" in e.value]
    assert json.dumps(_draft(at), sort_keys=True) == before
