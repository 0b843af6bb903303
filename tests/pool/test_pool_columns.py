"""The column model: generated from the catalogue and FIELDS, one id/header/type per column, the flat row form
of an Assessment, and the demo pool's labelling (fictitious names, valid codes, district towns and industries)."""

from __future__ import annotations

import pytest

from criteria import load_catalogue
from pool.columns import (
    METRIC_INPUTS,
    assessment_to_row,
    normalise_header,
    pool_model,
    row_to_assessment,
    rows_to_frame,
)
from pool.demo import USCC_PREFIX, demo_pool
from scoring.engine import score
from scoring.example import example_assessment
from scoring.fields import FIELDS
from scoring.metrics import METRICS
from scoring.models import Inputs, uscc_is_valid
from tests.pool.pool_helpers import zh_all

CAT = load_catalogue()
PAIRS = [(r, p) for r in CAT.rulesets for p, prof in CAT.profiles.items() if prof.allows(r)]


def test_every_metric_lists_its_inputs() -> None:
    assert set(METRICS) <= set(METRIC_INPUTS)
    scalar = set(Inputs.model_fields)
    for tokens in METRIC_INPUTS.values():
        assert all(t.startswith("@") or t in scalar for t in tokens)


@pytest.mark.parametrize(("ruleset", "profile"), PAIRS)
def test_model_of_every_ruleset_and_profile(ruleset: str, profile: str) -> None:
    m = pool_model(ruleset, profile)
    headers = [normalise_header(c.header) for c in m.template]
    assert len(headers) == len(set(headers)), "template headers must be unique"
    assert {c.id for c in m.template} <= set(m.accepted)
    assert m.template[0].id == "name" and m.template[1].id == "uscc"
    for c in m.template:
        assert m.match(c.header)[0] is c or m.match(c.header)[0].id == c.id
        if c.unit and c.kind in ("number", "int"):
            assert c.header.endswith(f"（{c.unit}）")
    answers = {c.id.removeprefix("ans.") for c in m.answer_columns()}
    rs, prof = CAT.rulesets[ruleset], CAT.profiles[profile]
    assert {g.id for g in (*rs.gates, *prof.gates)} <= answers
    assert {i.id for _, i in rs.indicators() if i.kind in ("qualitative", "yes_no")} <= answers


def test_labels_and_units_come_from_fields() -> None:
    m = pool_model()
    for name, info in FIELDS.items():
        if name in m.accepted and m.accepted[name].kind in ("number", "int"):
            assert m.accepted[name].header == f"{info.zh}（{info.unit}）"


@pytest.mark.parametrize(("ruleset", "profile"), [("gbt36132_2025_platform", "ningbo_star"),
                                                  ("gbt36132_2018", "ningbo_star"),
                                                  ("gbt36132_2025_example", "national_readiness")])
def test_flattening_keeps_what_scores(ruleset: str, profile: str) -> None:
    """Assessment → row → Assessment scores the same (pollutants aggregated, benchmarks from the pool table)."""
    a = example_assessment(ruleset, profile)
    m = pool_model(ruleset, profile)
    row, notes = assessment_to_row(a, m)
    frame = rows_to_frame([row], m)
    import pandas as pd

    bench = pd.DataFrame([{"indicator": k, "industry": None, "baseline": b.baseline, "leading": b.leading,
                           "source": b.source} for k, b in a.benchmarks.items()]).astype(
        {"indicator": "str", "industry": "str", "source": "str"})
    back = row_to_assessment(frame.iloc[0].to_dict(), m, bench)
    r1, r2 = score(a), score(back)
    assert r2.total == pytest.approx(r1.total, abs=1e-9)
    assert (r2.eligible, r2.level, r2.complete) == (r1.eligible, r1.level, r1.complete)
    assert back.answers == {k: v for k, v in a.answers.items() if v is not None}
    assert back.inputs.energy == a.inputs.energy
    assert any("污染物" in n for n in zh_all(notes))


def test_demo_pool_is_fictitious_and_labelled() -> None:
    f = demo_pool(200, seed=3)
    assert f["name"].str.startswith("示例企业").all() and f["name"].str.endswith("（虚构）").all()
    assert f["uscc"].is_unique and f["uscc"].map(uscc_is_valid).all()
    assert f["uscc"].str.startswith(USCC_PREFIX).all()
    assert set(f["town"]) <= {t.id for t in CAT.district.towns}
    assert set(f["industry"]) <= {i.code for i in CAT.reference.industries}
    assert len(set(f["town"])) >= 8 and len(set(f["industry"])) >= 8
    assert demo_pool(20, seed=3).equals(demo_pool(20, seed=3))  # a seed gives the same pool
