"""scoring/inputs_map.py is data the forms rely on: every name exists, every metric and choice list is covered."""

from __future__ import annotations

from criteria import load_catalogue
from scoring.inputs_map import (
    APPLICABILITY_INPUTS,
    CHOICE_INPUTS,
    INDICATOR_INPUTS,
    METRIC_INPUTS,
    SHARED_INPUTS,
    inputs_for,
)
from scoring.metrics import METRICS
from scoring.models import Inputs
from ui.catalogue import choices

CAT = load_catalogue()


def test_every_named_input_exists():
    named = {f for fields in METRIC_INPUTS.values() for f in fields} | set(SHARED_INPUTS)
    named |= {f for fields in INDICATOR_INPUTS.values() for f in fields} | set(CHOICE_INPUTS)
    assert named <= set(Inputs.model_fields)


def test_every_metric_has_its_inputs():
    assert set(METRICS) == set(METRIC_INPUTS)


def test_every_item_of_every_rule_set_can_be_answered():
    for rs in CAT.rulesets.values():
        for _, ind in rs.indicators():
            if ind.kind in ("forward", "inverse", "count"):
                assert inputs_for(ind.metric, ind.id), (rs.id, ind.id)
            if ind.applicable_if:
                assert ind.applicable_if in APPLICABILITY_INPUTS, (rs.id, ind.id)
        for field, choice_list in CHOICE_INPUTS.items():
            uses = any(field in inputs_for(i.metric, i.id) for _, i in rs.indicators())
            assert not uses or choices(rs, choice_list), (rs.id, field)
