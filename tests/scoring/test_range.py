"""The honest range (issue: yardsticks): while yardsticks are missing or a value is unconfirmed, the result gives the
confirmed total and the range it can still reach; whatever yardsticks later fill the gaps, the total lands inside."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.cli import main as cli
from scoring.engine import Settings, score
from scoring.example import example_assessment
from scoring.io import dump_assessment

BARE = example_assessment()
BARE.benchmarks = {}  # a real factory without 基准值/引领值 of its own
BARE_RESULT = score(BARE)
OPEN = BARE_RESULT.range.open_items if BARE_RESULT.range else []

pair = st.tuples(st.floats(0, 1000, allow_nan=False), st.floats(0, 1000, allow_nan=False)).filter(
    lambda p: abs(p[0] - p[1]) > 1e-6)


def test_bare_example_is_open_and_possible() -> None:
    r = BARE_RESULT
    assert r.range is not None and r.range.min < r.range.max
    assert r.range.min == r.total
    assert OPEN and all(i.state in ("missing_benchmark", "implausible") for i in r.indicators if i.id in OPEN)
    assert r.level_status == "possible" and r.possible_level is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pair, min_size=len(OPEN), max_size=len(OPEN)))
def test_any_yardsticks_that_fill_the_gaps_land_inside_the_range(values) -> None:
    benchmarks: dict[str, dict[str, float | None]] = {}
    for ind_id, (base, lead) in zip(OPEN, values, strict=True):  # a plain id also serves tiered <id>@<band>
        benchmarks[ind_id] = {"baseline": base, "leading": lead}
    filled = score(BARE, settings=Settings(benchmarks=benchmarks))
    assert BARE_RESULT.range is not None
    assert BARE_RESULT.range.min - 1e-6 <= filled.total <= BARE_RESULT.range.max + 1e-6


def test_an_implausible_value_counts_in_the_range_until_confirmed() -> None:
    a = example_assessment()
    a.inputs.land_area_m2 = 60  # 亩 typed into the m² field
    r = score(a)
    slips = [i for i in r.indicators if i.state == "implausible"]
    assert slips and all(i.points == 0 for i in slips)
    assert r.range is not None and set(i.id for i in slips) <= set(r.range.open_items)
    a.confirmed = [i.id for i in slips]
    confirmed = score(a)
    assert r.range.min - 1e-6 <= confirmed.total <= r.range.max + 1e-6


def test_cli_json_gives_the_range(tmp_path, capsys) -> None:
    path = tmp_path / "bare.json"
    path.write_text(dump_assessment(BARE), encoding="utf-8")
    assert cli(["score", str(path), "--format", "json"]) == 3  # incomplete: scoring.cli.EXIT_INCOMPLETE
    data = json.loads(capsys.readouterr().out)
    assert data["range"]["min"] < data["range"]["max"]
    assert data["level_status"] == "possible"
