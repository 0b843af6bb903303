"""How much of each wizard page is answered, read from the draft and the engine's Result (no scoring here)."""

from __future__ import annotations

from typing import Any

from criteria.schema import Profile, RuleSet
from scoring.inputs_map import inputs_for
from scoring.models import Result

PROFILE_REQUIRED = ("enterprise.name", "enterprise.uscc", "enterprise.industry", "enterprise.town",
                    "enterprise.scale", "inputs.output_value_wan")
ANSWERED_STATES = ("scored", "missing_benchmark")  # the enterprise's part is done; a benchmark may still be missing


def _filled(draft: dict[str, Any], path: str) -> bool:
    node: Any = draft
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node not in (None, "")


def profile_page(draft: dict[str, Any], errors: dict[str, str]) -> tuple[int, int]:
    done = sum(1 for p in PROFILE_REQUIRED if _filled(draft, p) and p not in errors)
    return done, len(PROFILE_REQUIRED)


def gates_page(result: Result) -> tuple[int, int]:
    return sum(1 for g in result.gates if g.state != "unanswered"), len(result.gates)


def _entered(draft: dict[str, Any], field: str) -> bool:
    value = (draft.get("inputs") or {}).get(field)
    return value not in (None, "", [], {})


def dimension_page(result: Result, dimension_id: str, draft: dict[str, Any] | None = None) -> tuple[int, int]:
    """Applicable items whose answer is in. A count (e.g. 能碳平台 functions) scores 0 when nothing is ticked,
    so it counts as answered only once one of its inputs holds something."""
    rows = [r for r in result.indicators if r.dimension == dimension_id and r.state != "not_applicable"]
    done = 0
    for r in rows:
        if r.state not in ANSWERED_STATES:
            continue
        if r.kind == "count" and draft is not None and not any(_entered(draft, f) for f in inputs_for(r.metric)):
            continue
        done += 1
    return done, len(rows)


def all_pages(draft: dict[str, Any], errors: dict[str, str], result: Result, rs: RuleSet,
              profile: Profile) -> dict[str, tuple[int, int]]:
    """Page key ('profile', 'gates', 'dim-<id>') → (answered, required)."""
    out = {"profile": profile_page(draft, errors), "gates": gates_page(result)}
    for d in rs.dimensions:
        out[f"dim-{d.id}"] = dimension_page(result, d.id, draft)
    return out
