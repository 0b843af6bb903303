"""Reading a value out of an assessment dict by the wizard's draft path (shared by AppTest and browser tests)."""

from __future__ import annotations

from typing import Any

from criteria import load_catalogue
from scoring.inputs_map import APPLICABILITY_INPUTS, SHARED_INPUTS, inputs_for

MISSING = object()


def used_inputs(ruleset_id: str) -> set[str]:
    """The inputs a rule-set reads (its indicators' fields, applicability switches, shared fields): the ones the
    wizard asks for; the example holds a few more that only other rule-sets read."""
    rs = load_catalogue().ruleset(ruleset_id)
    used = {f for _, i in rs.indicators() for f in inputs_for(i.metric, i.id)}
    used |= {APPLICABILITY_INPUTS[i.applicable_if] for _, i in rs.indicators() if i.applicable_if}
    return used | set(SHARED_INPUTS)


def lookup(data: dict[str, Any], path: str) -> Any:
    """The value at a draft path ('inputs.energy.electricity', 'pollutants.0.name'); benchmark keys also match
    their variants (id@tier). MISSING when the path leads nowhere."""
    parts = path.split(".")
    if parts[0] == "benchmarks" and len(parts) == 3:
        bench = data.get("benchmarks", {})
        key = parts[1] if parts[1] in bench else next((k for k in bench if k.startswith(parts[1] + "@")), None)
        return bench[key].get(parts[2], MISSING) if key else MISSING
    node: Any = data
    for p in parts:
        if isinstance(node, dict) and p in node:
            node = node[p]
        elif isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        else:
            return MISSING
    return node
