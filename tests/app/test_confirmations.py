"""Actions that cannot be taken back ask first (AppTest, issue 13 item 7): 删除此项 on a row of the wizard and
清空资源池 on the pool page do nothing on the first click but ask in Chinese; 取消 keeps everything, 确认 acts; one
question is open at a time, so a question about a row never deletes another one."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from pool.model import Pool  # imported first: views/pool.py's own folder would otherwise shadow the package
from tests.app.wizard_helpers import goto, type_value

POOL_PAGE = Path(__file__).resolve().parents[2] / "views" / "pool.py"


def _button(at: AppTest, suffix: str):
    return next(b for b in at.button if (b.key or "").endswith(suffix))


def _names(at: AppTest) -> list[str]:
    return [r["name"] for r in at.session_state["_wiz"]["draft"]["inputs"]["pollutants"]]


def test_removing_a_row_asks_first_and_cancel_keeps_it(started: AppTest) -> None:
    at = goto(started, "dim-clean_production")
    for n, name in enumerate(("化学需氧量", "氨氮")):
        _button(at, "|inputs.pollutants.add").click().run()
        type_value(at, f"inputs.pollutants.{n}.name", name)
    _button(at, "|inputs.pollutants.0.remove").click().run()
    assert _names(at) == ["化学需氧量", "氨氮"]  # only asked
    assert any(w.value == "确定删除此项？这一行填写的内容将一并删除。" for w in at.warning)
    assert _button(at, "|inputs.pollutants.0.remove.yes").label == "确认删除"
    _button(at, "|inputs.pollutants.0.remove.no").click().run()
    assert _names(at) == ["化学需氧量", "氨氮"]
    assert not any("确定删除此项" in w.value for w in at.warning)
    assert not [b for b in at.button if (b.key or "").endswith(".remove.yes")]


def test_confirming_removes_that_row_and_only_one_question_is_open(started: AppTest) -> None:
    at = goto(started, "dim-clean_production")
    for n, name in enumerate(("化学需氧量", "氨氮", "总磷")):
        _button(at, "|inputs.pollutants.add").click().run()
        type_value(at, f"inputs.pollutants.{n}.name", name)
    _button(at, "|inputs.pollutants.0.remove").click().run()
    _button(at, "|inputs.pollutants.2.remove").click().run()  # asking about row 3 closes the question on row 1
    assert [b.key.rsplit("|", 1)[1] for b in at.button if (b.key or "").endswith(".remove.yes")] == [
        "inputs.pollutants.2.remove.yes"]
    _button(at, "|inputs.pollutants.2.remove.yes").click().run()
    assert not at.exception, at.exception
    assert _names(at) == ["化学需氧量", "氨氮"]
    assert not [b for b in at.button if (b.key or "").endswith(".remove.yes")]


def test_emptying_the_pool_asks_first() -> None:
    at = AppTest.from_file(str(POOL_PAGE), default_timeout=60)
    at.run()
    at.button(key="pool-demo").click().run()
    assert len(at.session_state["pool"]) == 60
    at.button(key="pool-clear").click().run()
    assert len(at.session_state["pool"]) == 60
    assert any("确定清空资源池？已导入的 60 家企业将从本页移除" in w.value for w in at.warning)
    at.button(key="pool-clear.no").click().run()
    assert len(at.session_state["pool"]) == 60 and not any("确定清空" in w.value for w in at.warning)
    at.button(key="pool-clear").click().run()
    at.button(key="pool-clear.yes").click().run()
    assert not at.exception, at.exception
    assert isinstance(at.session_state["pool"], Pool) and len(at.session_state["pool"]) == 0
    assert any("已清空资源池（移除 60 家企业）" in m.value for m in at.info)
    assert any("资源池为空" in m.value for m in at.info)
