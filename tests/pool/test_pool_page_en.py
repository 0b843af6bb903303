"""AppTest of the pool page in English: every label, message, table heading and chart title comes from locales/
in English; what may stay Chinese is user data (enterprise names) and catalogue units that have no English
(万元, 家 …)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from criteria import load_catalogue

PAGE = Path(__file__).resolve().parents[2] / "views" / "pool.py"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff]")  # ideographs and CJK punctuation (、。「」)


def _english(page: Path = PAGE) -> AppTest:
    at = AppTest.from_file(str(page), default_timeout=60)
    at.session_state["_wiz"] = {"lang": "en"}
    at.run()
    assert not at.exception, at.exception
    return at


def _units() -> set[str]:
    cat = load_catalogue()
    units = {ind.unit for rs in cat.rulesets.values() for _, ind in rs.indicators()}
    return {u for u in units if u} | {tg.unit for tg in cat.district.targets}


def _texts(at: AppTest, user_data: set[str]) -> list[str]:
    """Everything the page shows, with user data and unit strings taken out."""
    out: list[str] = []
    for kind in ("title", "caption", "markdown", "info", "success", "warning", "error"):
        out += [e.value for e in getattr(at, kind)]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    out += [b.label for b in at.button] + [b.proto.label for b in at.get("download_button")]
    out += [c.label for c in at.checkbox] + [n.label for n in at.number_input]
    out += [tab.label for tab in at.tabs] + [e.label for e in at.expander]
    for box in [*at.selectbox, *at.multiselect]:
        out.append(box.label)
        if box.key != "pool-detail":  # the enterprise picker lists enterprise names
            out += [str(o) for o in box.options]
        out.append(getattr(box.proto, "placeholder", ""))
    for df in at.dataframe:
        frame = df.value
        out += [str(c) for c in frame.columns]
        for col in frame.columns:
            if col not in ("Enterprise", "Credit code"):
                out += [str(v) for v in frame[col].tolist()]
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec.pop("datasets", None)
        out.append(json.dumps(spec, ensure_ascii=False))
    cleaned = []
    for text in out:
        for fragment in sorted(user_data, key=len, reverse=True):
            text = text.replace(fragment, "")
        cleaned.append(text)
    return cleaned


@pytest.fixture
def demo() -> AppTest:
    at = _english()
    at.button(key="pool-demo").click().run()
    assert not at.exception, at.exception
    return at


def _leaks(at: AppTest) -> list[str]:
    names = set(at.session_state["pool"].frame["name"])
    return [s for s in _texts(at, names | _units()) if CJK.search(s)]


def test_empty_pool_in_english() -> None:
    at = _english()
    assert at.title[0].value == "Green factory cultivation pool"
    assert any("The pool is empty" in m.value for m in at.info)
    assert [s for s in _texts(at, _units()) if CJK.search(s)] == []


def test_demo_pool_in_english_shows_no_chinese(demo: AppTest) -> None:
    assert any("fictitious demo enterprises" in m.value for m in demo.info)
    rank = next(df.value for df in demo.dataframe if "Rank" in df.value.columns)
    assert len(rank) == 60 and {"Grade in pool", "Level", "Gap (points)"} <= set(rank.columns)
    assert _leaks(demo) == []


def test_drilldown_and_filters_in_english(demo: AppTest) -> None:
    rank = next(df.value for df in demo.dataframe if "Rank" in df.value.columns)
    demo.selectbox(key="pool-detail").select(rank["Credit code"].iloc[1]).run()
    demo.checkbox(key="pool-f-eligible").check().run()
    assert not demo.exception, demo.exception
    metrics = {m.label for m in demo.metric}
    assert {"Total", "Level", "Basic requirements", "To the next level"} <= metrics
    assert _leaks(demo) == []


def test_chinese_is_still_the_default() -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert at.title[0].value == "绿色工厂培育库筛选"


def _upload(at: AppTest, name: str, data: bytes, mime: str) -> AppTest:
    at.get("file_uploader")[0].set_value([(name, data, mime)])
    at.run()
    at.button(key="pool-import").click().run()
    assert not at.exception, at.exception
    return at


def _shown(markdown: str) -> str:
    """Markdown as the reader sees it: the escapes ui.fmt.md puts before punctuation (file names are user text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_import_messages_in_english() -> None:
    """The summary, the upsert report and the issue list (headings, levels, messages) are English; the Excel row
    and column (letter and the file's own header) still say where."""
    csv = ("企业名称,统一社会信用代码,工业总产值（万元）\n示例甲（虚构）,91330203XN0000001K,1.2万元\n"
           "示例乙（虚构）,91330203XN0000002N,200\n").encode("utf-8-sig")
    at = _upload(_english(), "pool.csv", csv, "text/csv")
    warning = _shown(" ".join(m.value for m in at.warning))
    assert "Read 2 rows: 1 enterprises imported, 1 rows with errors not imported" in warning, warning
    assert "1 added, 0 updated, 0 unchanged" in warning
    assert "The file lacks these" in warning  # the first notice
    issues = next(df.value for df in at.dataframe if "Problem" in df.value.columns)
    assert {"Level", "Sheet", "Row", "Column", "Value", "Problem"} == set(issues.columns)
    row = issues.iloc[0]
    assert (row["Level"], row["Row"], row["Value"]) == ("Error", "2", "1.2万元")
    assert row["Column"] == "C 工业总产值（万元）"  # the file's column letter and header
    assert row["Problem"].startswith('The cell holds a unit or words "万元": this column\'s unit is 万元; ')
    assert not CJK.search(row["Problem"].replace("万元", "")), row["Problem"]


def test_a_refused_file_says_why_in_english() -> None:
    at = _upload(_english(), "pool.xlsx", bytes(range(256)) * 8, "application/octet-stream")
    errors = _shown(" ".join(m.value for m in at.error))
    assert errors.startswith("File not imported: File pool.xlsx is named .xlsx but is not a valid Excel"), errors
    assert not CJK.search(errors), errors
