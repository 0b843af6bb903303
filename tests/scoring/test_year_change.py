"""Year over year: the jump rule (≥ 5× or ≤ 1/5), per-indicator changes between two results, input slips."""

from __future__ import annotations

import pytest

from scoring.engine import score
from scoring.example import example_assessment
from scoring.year_change import SLIP_RATIO, indicator_changes, input_slips, is_slip, ratio


@pytest.mark.parametrize(("now", "before", "slip"), [
    (10.0, 1.0, True), (5.0, 1.0, True), (4.99, 1.0, False), (1.0, 1.0, False),
    (0.2, 1.0, True), (0.21, 1.0, False), (1e4, 1.0, True), (1.0, 1e4, True),
    (0.0, 1.0, False), (1.0, 0.0, False), (None, 1.0, False), (1.0, None, False),
])
def test_rule(now: float | None, before: float | None, slip: bool) -> None:
    assert is_slip(now, before) is slip
    assert SLIP_RATIO == 5.0
    assert ratio(2.0, 4.0) == 0.5 and ratio(0.0, 4.0) is None


def test_indicator_changes_flag_an_energy_slip_and_add_up() -> None:
    before = example_assessment()
    data = before.model_dump(mode="json")
    data["year"] += 1
    data["inputs"]["energy"]["electricity"] *= 10  # typed in kWh ×10 by mistake
    data["inputs"]["land_area_m2"] *= 1.1  # an ordinary change
    from scoring.models import Assessment
    now = Assessment.model_validate(data)
    r_now, r_before = score(now), score(before)
    changes = indicator_changes(r_now, r_before)
    assert {c.id for c in changes} == {r.id for r in r_now.indicators}
    slips = {c.id for c in changes if c.slip}
    by_id = {c.id: c for c in changes}
    assert slips, "a tenfold electricity must flag an energy indicator"
    assert all(by_id[s].unit for s in slips)
    assert not any("land" in s or "plot" in s for s in slips)
    assert sum(c.delta_points for c in changes) == pytest.approx(r_now.total - r_before.total, abs=1e-6)
    paths = [s.path for s in input_slips(now, before)]
    assert paths == ["inputs.energy.electricity"]
    assert input_slips(before, before) == []
    data["inputs"]["retrofit_projects_3y"] = 10 * (before.inputs.retrofit_projects_3y or 1)  # a count: no slip
    assert [s.path for s in input_slips(Assessment.model_validate(data), before)] == ["inputs.energy.electricity"]
