"""The compact gates page (全部符合 with per-row exceptions, no 分值来源) and the plan as a wrapping list (AppTest)."""

from __future__ import annotations

from tests.app.wizard_helpers import current_page, goto, widget
from ui.catalogue import profile, ruleset


def _gate_ids(at) -> list[str]:
    draft = at.session_state["_wiz"]["draft"]
    rs, prof = ruleset(draft["ruleset"]), profile(draft["profile"])
    return [g.id for g in [*rs.gates, *prof.gates]]


def test_all_met_answers_every_gate_and_a_row_can_be_an_exception(at):
    goto(at, "gates")
    assert not at.exception, at.exception
    button = next(b for b in at.button if (b.key or "").endswith("|gates.all_met"))
    button.click().run()
    answers = at.session_state["_wiz"]["draft"]["answers"]
    ids = _gate_ids(at)
    assert ids and all(i in answers for i in ids)
    assert [s for s in at.success if "全部基本要求与否决项均已符合" in s.value]
    first = ids[0]
    widget(at, f"answers.{first}").set_value(False).run()
    assert at.session_state["_wiz"]["draft"]["answers"][first] is False
    assert [e for e in at.error if e.value.startswith("未通过")]
    assert widget(at, f"answers.{ids[1]}").value is not None  # the others keep 符合


def test_gates_page_shows_no_points_source(at):
    goto(at, "gates")
    shown = " ".join(m.value for m in [*at.markdown, *at.caption])
    assert "分值来源" not in shown
    assert "判定要点" in shown and "证明材料" in shown  # the guidance stays reachable (popover)


def test_plan_is_a_list_with_the_action_text(at):
    at.button(key="home-example").click().run()
    assert current_page(at) == "results"
    plan = [m.value for m in at.markdown if "建议措施：" in m.value]
    assert plan and plan[0].startswith("1. **")
    assert "完成后总分" in plan[0] and " 分**" in plan[0]
