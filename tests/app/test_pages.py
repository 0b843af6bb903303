"""Every page renders for every rule-set (AppTest), in Chinese by default and in English on request."""

from __future__ import annotations

import json
import re

import pytest

from criteria import load_catalogue
from tests.app.wizard_helpers import ROOT, current_page, goto, new_app, sb_key, tables, widget
from ui.i18n import table

CAT = load_catalogue()
RULESETS = sorted(CAT.rulesets)
UNEXPECTED = "页面出现意外错误"


def _loaded(at, ruleset_id: str):
    """A session holding the example enterprise scored with `ruleset_id` (via the home page's sample button)."""
    at.selectbox(key="home-ruleset").set_value(ruleset_id).run()
    at.button(key="home-example").click().run()
    assert current_page(at) == "results"
    return at


def _clean(at) -> None:
    assert not at.exception, at.exception
    assert not [e for e in at.error if UNEXPECTED in e.value], [e.value for e in at.error]


def test_home_page_in_chinese(at):
    _clean(at)
    assert at.title[0].value == "绿色工厂自评价向导"
    labels = [b.label for b in at.button]
    assert "开始新评价" in labels and "载入示例企业（虚构数据）" in labels
    assert at.get("file_uploader")  # import
    assert "还没有保存的评价。" in [c.value for c in at.caption]
    assert at.sidebar.metric[0].value == "0.00 / 100"
    assert "a" not in at.query_params  # nothing stored before the first answer


def test_home_lists_saved_assessments_and_resumes_one(at):
    at.button(key="home-start").click().run()
    widget(at, "enterprise.name").input("丙公司").run()
    aid = at.query_params["a"]
    fresh = new_app()
    fresh.run()
    fresh.button(key=f"open-{aid}").click().run()
    assert current_page(fresh) == "profile"
    assert fresh.query_params["a"] == aid
    assert widget(fresh, "enterprise.name").value == "丙公司"


@pytest.mark.parametrize("ruleset_id", RULESETS)
def test_every_page_renders(at, ruleset_id):
    rs = CAT.ruleset(ruleset_id)
    _loaded(at, ruleset_id)
    _clean(at)
    assert at.title[0].value == "评价结果"
    pages = {"": "绿色工厂自评价向导", "profile": "企业概况", "gates": "基本要求与否决项", "results": "评价结果",
             "export": "导出"}
    pages |= {f"dim-{d.id}": d.name.zh for d in rs.dimensions}
    for url_path, title in pages.items():
        goto(at, url_path)
        _clean(at)
        assert at.title[0].value == title, url_path
        assert at.sidebar.metric[0].value.endswith("/ 100")


def test_dimension_page_shows_the_working_of_each_indicator(at):
    _loaded(at, "gbt36132_2025_platform")
    goto(at, "dim-land_intensive")
    lines = " ".join(i.value for i in at.info)
    assert "容积率" in lines and "基准值" in lines and "引领值" in lines and "得分" in lines
    assert [e.label for e in at.expander if e.label == "判定要点、证明材料与示例"]
    editor = next(d for d in at.data_editor if "|table.evidence." in (d.key or ""))
    assert json.loads(editor.proto.columns)["证明材料"]["type_config"]["options"] == ["已具备", "缺失", "不适用"]
    assert tables(at)[editor.key]["evidence.plot_ratio.state"][2] == {"ready": "已具备", "missing": "缺失", "na": "不适用"}


def test_waste_indicators_are_linked_from_home(at):
    at.button(key="home-start").click().run()
    goto(at, "")
    links = [p.label for p in at.get("page_link")]
    assert any("固体废物综合利用率" in label or "固废" in label for label in links), links


def test_results_page_has_charts_gaps_and_plan(at):
    _loaded(at, "gbt36132_2025_platform")
    specs = [c.proto.spec for c in at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")]
    assert len(specs) == 2
    assert any("各维度" in s or "layer" in s for s in specs)
    assert [s for s in at.subheader if s.value.startswith("差距清单")]
    assert at.table  # the gap list
    assert at.selectbox(key="whatif-level")


def test_export_page_offers_json_pdf_and_history(at):
    _loaded(at, "gbt36132_2025_platform")
    goto(at, "export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载 JSON 文件" in labels and "生成并下载 PDF 报告" in labels
    assert at.dataframe  # revision history


def test_english_switch(at):
    _loaded(at, "gbt36132_2025_platform")
    at.sidebar.get("button_group")[0].set_value("en").run()
    assert at.title[0].value == "Results"
    assert at.query_params.get("lang") == "en"
    rs = CAT.ruleset("gbt36132_2025_platform")
    goto(at, f"dim-{rs.dimensions[0].id}")
    assert at.title[0].value == rs.dimensions[0].name.en
    again = new_app()
    again.query_params.update({"a": at.query_params["a"], "lang": "en"})
    again.run()
    assert again.title[0].value == "Green factory self-assessment wizard"


def test_switching_rule_set_and_profile_keeps_every_answer(at):
    _loaded(at, "gbt36132_2025_platform")
    before = dict(at.session_state["_wiz"]["draft"])
    total = at.sidebar.metric[0].value
    at.sidebar.selectbox(key=sb_key(at, "ruleset")).set_value("gbt36132_2018").run()
    assert at.session_state["_wiz"]["draft"]["ruleset"] == "gbt36132_2018"
    assert at.session_state["_wiz"]["draft"]["inputs"] == before["inputs"]
    assert at.session_state["_wiz"]["draft"]["answers"] == before["answers"]
    assert at.sidebar.metric[0].value != total
    at.sidebar.selectbox(key=sb_key(at, "profile")).set_value("hebei_star").run()
    at.sidebar.selectbox(key=sb_key(at, "ruleset")).set_value(
        "gbt36132_2025_platform").run()
    at.sidebar.selectbox(key=sb_key(at, "profile")).set_value("ningbo_star").run()
    assert {k: v for k, v in at.session_state["_wiz"]["draft"].items() if k != "ruleset_version"} == {
        k: v for k, v in before.items() if k != "ruleset_version"}
    assert at.sidebar.metric[0].value == total


def test_unexpected_error_shows_a_chinese_message_not_a_traceback(at, monkeypatch):
    import ui.results_view

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ui.results_view, "headline", broken)
    at.button(key="home-example").click().run()
    assert not at.exception
    assert [e for e in at.error if UNEXPECTED in e.value]
    assert not [e for e in at.error if "boom" in e.value or "Traceback" in e.value]


def test_locales_have_the_same_keys():
    assert set(table("zh")) == set(table("en"))


def test_every_ui_string_used_in_code_exists():
    used: set[str] = set()
    for path in [ROOT / "app.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    assert len(used) > 150
    assert not used - set(table("zh"))


def test_no_legacy_pages_folder():
    """With a pages/ folder next to app.py, Streamlit starts in its legacy mode: until app.py has called
    st.navigation once in the process, a URL naming a pages/*.py file runs that script without app.py (no
    sign-in, no state, wrong menu). So page scripts live in views/ and no pages/ folder may exist."""
    assert not (ROOT / "pages").exists()
