"""评价结果 (AppTest): the rule-set and edition named, the profile's basis caveat as a notice beside the level, and
the plan's effort with the change it needs and the rule under the table."""

from __future__ import annotations

import re

from tests.app.auth_helpers import texts
from tests.app.wizard_helpers import current_page


def test_results_name_the_edition_the_profile_basis_and_the_effort_rule(at):
    at.button(key="home-example").click().run()
    assert current_page(at) == "results" and not at.exception
    assert "依据标准：GB/T 36132-2025 · 评价规则集：" in texts(at)
    basis = [w.value for w in at.warning if "宁波市星级绿色工厂的等级依据" in w.value]
    assert basis and "评分表尚未公开" in basis[0] and "75 分三星" in basis[0]
    plan = next(m.value for m in at.markdown if "建议措施：" in m.value).split("\n")
    steps = [line for line in plan if line[:1].isdigit()]
    renewable = next(line for line in steps if "**可再生能源利用率**" in line)
    assert "工作量大（需提高 " in renewable  # +138.6 %: a large change, with the change it takes
    qualitative = [line for line in steps if "**节约原材料" in line]
    assert qualitative and not any(re.search(r"工作量[大中小]（", line) for line in qualitative)
    assert "工作量怎么定：定量指标按达到引领值所需的变化幅度定档" in texts(at)


def test_the_hebei_profile_shows_its_own_basis(at):
    at.selectbox(key="home-profile").set_value("hebei_star").run()
    at.button(key="home-example").click().run()
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "的等级依据**：河北 DB13" in notices and "宁波" not in notices
