"""AppTest of the pool page (views/pool.py): empty state, demo data, upload with errors, filters, charts,
the jurisdiction filter, rule-set switching and the drill-down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pool.columns import pool_model
from pool.demo import demo_bench, demo_pool
from pool.workbook import build_template

PAGE = Path(__file__).resolve().parents[2] / "views" / "pool.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(PAGE), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def _ranking(at: AppTest):
    return next(df.value for df in at.dataframe if "名次" in df.value.columns)


def _upload(at: AppTest, name: str, data: bytes, mime: str = XLSX) -> AppTest:
    at.get("file_uploader")[0].set_value([(name, data, mime)])
    at.run()
    at.button(key="pool-import").click().run()
    assert not at.exception, at.exception
    return at


def test_empty_pool_explains_what_to_do(at: AppTest) -> None:
    assert any("资源池为空" in m.value for m in at.info)
    assert at.button(key="pool-import").disabled


def test_demo_pool_ranks_and_charts(at: AppTest) -> None:
    at.button(key="pool-demo").click().run()
    assert not at.exception
    assert any("虚构示例企业" in m.value for m in at.info)
    rank = _ranking(at)
    assert len(rank) == 60 and rank["名次"].tolist() == list(range(1, 61))
    assert {"池内相对等级", "行业内相对等级", "当前等级", "差距（分）"} <= set(rank.columns)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) == 2  # distribution with thresholds, 镇街 × dimension heatmap
    text = json.dumps(specs, ensure_ascii=False)
    assert "基准值" in text and "引领值" in text and "平均得分率" in text
    labels = [m.label for m in at.metric]
    assert "一般工业固体废物综合利用率（2025年）" in labels and "总分" in labels


def test_upload_of_a_filled_template(at: AppTest) -> None:
    data = build_template(pool_model(), demo_bench(), data=demo_pool(30, seed=2))
    _upload(at, "pool.xlsx", data)
    assert any("导入 30 家企业" in m.value for m in at.success)
    assert len(_ranking(at)) == 30
    _upload(at, "pool.xlsx", data)  # the same file again: updated in place, no duplicates
    assert len(_ranking(at)) == 30
    assert any("新增 0 家" in m.value for m in at.success)


def test_an_empty_pool_follows_the_templates_ruleset(at: AppTest) -> None:
    data = build_template(pool_model("gbt36132_2018"), demo_bench("gbt36132_2018"),
                          data=demo_pool(10, seed=2, ruleset_id="gbt36132_2018"))
    _upload(at, "pool.xlsx", data)
    assert any("导入 10 家企业" in m.value for m in at.success)
    at.run()  # the selectors show the template's rule-set, and it sticks on the next run
    assert at.selectbox(key="pool-ruleset").value == "gbt36132_2018"
    assert any("GB/T 36132-2018" in m.value for m in at.markdown)


def test_upload_with_bad_rows_lists_them(at: AppTest) -> None:
    csv = ("企业名称,统一社会信用代码,工业总产值（万元）\n示例甲（虚构）,91330203XN0000001K,1.2万元\n"
           "示例乙（虚构）,91330203XN0000002N,200\n").encode("utf-8-sig")
    _upload(at, "pool.csv", csv, "text/csv")
    assert any("1 行有错误未导入" in m.value for m in at.warning)
    issues = next(df.value for df in at.dataframe if "问题" in df.value.columns)
    row = issues.iloc[0]
    assert (row["行"], row["值"]) == ("2", "1.2万元") and row["列"].startswith("C ")
    assert len(_ranking(at)) == 1


def test_random_bytes_are_refused_with_a_message(at: AppTest) -> None:
    _upload(at, "pool.xlsx", bytes(range(256)) * 8)
    assert any("不是有效的 Excel" in m.value for m in at.error)
    assert any("资源池为空" in m.value for m in at.info)


def test_filters_narrow_the_ranking(at: AppTest) -> None:
    at.button(key="pool-demo").click().run()
    rank = _ranking(at)
    town = rank["镇街"].iloc[0]
    town_id = next(v for v, label in pool_model().accepted["town"].choices if label == town)
    at.multiselect(key="pool-f-town").set_value([town_id]).run()
    filtered = _ranking(at)
    assert set(filtered["镇街"]) == {town} and len(filtered) < len(rank)
    at.checkbox(key="pool-f-eligible").check().run()
    assert (_ranking(at)["满足基本要求"] == "是").all()


def test_jurisdiction_filter_restricts_everything() -> None:
    def script() -> None:
        from views.pool import render

        render(town_filter=["gaoqiao", "gulin"])

    app = AppTest.from_function(script, default_timeout=60)
    app.run()
    app.button(key="pool-demo").click().run()
    assert not app.exception, app.exception
    rank = _ranking(app)
    assert set(rank["镇街"]) <= {"高桥镇", "古林镇"} and len(rank) > 0
    assert set(app.multiselect(key="pool-f-town").options) == {"高桥镇", "古林镇"}  # only the jurisdiction's towns


def test_switching_the_ruleset_rescores(at: AppTest) -> None:
    at.button(key="pool-demo").click().run()
    before = _ranking(at)["总分"].tolist()
    at.selectbox(key="pool-ruleset").select("gbt36132_2018").run()
    assert not at.exception, at.exception
    after = _ranking(at)["总分"].tolist()
    assert before != after
    assert any("GB/T 36132-2018" in m.value for m in at.markdown)


def test_national_profile_asks_for_the_score_line(at: AppTest) -> None:
    at.selectbox(key="pool-profile").select("national_readiness").run()
    assert at.number_input(key="pool-thr-national_candidate") is not None


def test_drilldown_of_one_enterprise(at: AppTest) -> None:
    at.button(key="pool-demo").click().run()
    rank = _ranking(at)
    second = rank["统一社会信用代码"].iloc[1]
    at.selectbox(key="pool-detail").select(second).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["总分"] == f"{rank['总分'].iloc[1]:.2f}"
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("PDF" in label for label in labels) and any("JSON" in label for label in labels)


def test_targets_tab_judges_growth_with_last_years_count(at: AppTest) -> None:
    at.button(key="pool-demo").click().run()
    plan = next(df.value for df in at.dataframe if "规划目标" in df.value.columns)
    assert plan.loc[plan["规划目标"].str.contains("清洁生产"), "判断"].iloc[0] == "无法判断"
    at.number_input(key="pool-prev-cp").set_value(1).run()
    plan = next(df.value for df in at.dataframe if "规划目标" in df.value.columns)
    assert plan.loc[plan["规划目标"].str.contains("清洁生产"), "判断"].iloc[0] in ("已达到", "未达到")
