"""Reading a value out of an assessment dict by the wizard's draft path (shared by AppTest and browser tests)."""

from __future__ import annotations

from typing import Any

MISSING = object()


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
