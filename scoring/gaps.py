"""Gap list: failed gates first, then failed 必选 items, then indicators by recoverable points,
then evidence still missing. Each gap carries its actions, evidence and the standard clause.

A gap's problem is a message code (`gap_problem.*` in locales/, see `problem_msg`), its name, actions and evidence
catalogue text: the edge puts them in words.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from criteria.schema import Action, Gate, Indicator, Profile, RuleSet, Text
from locales import Msg, msg
from scoring.memo import per_object
from scoring.models import Gap, IndicatorResult, Result

EFFORT_ORDER = {"low": 0, "medium": 1, "high": 2}
_GAPS = TypeAdapter(list[Gap])


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.4g}"


def _item(rs: RuleSet, profile: Profile, item_id: str) -> Gate | Indicator | None:
    """As `RuleSet.item` finds it (gates, then indicators), else among the profile's gates; the indexes by id are
    built once per rule-set and per profile."""
    found = per_object(rs, "items_by_id", lambda: _by_id((*rs.gates, *(i for _, i in rs.indicators())))).get(item_id)
    return found or per_object(profile, "gates_by_id", lambda: _by_id(profile.gates)).get(item_id)


def _by_id(items: tuple[Gate | Indicator, ...]) -> dict[str, Gate | Indicator]:
    out: dict[str, Gate | Indicator] = {}
    for item in items:
        out.setdefault(item.id, item)  # the first of an id, as a search would find it
    return out


_NO_TEXTS: tuple[list[Action], list[Text], str, str] = ([], [], "", "medium")


def _texts(item: Gate | Indicator | None) -> tuple[list[Action], list[Text], str, str]:
    """An item's actions, evidence, clause and lowest effort (built once per item; the Gap copies the lists when
    it validates them)."""
    if item is None:
        return _NO_TEXTS

    def build() -> tuple[list[Action], list[Text], str, str]:
        effort = min((a.effort for a in item.actions), key=EFFORT_ORDER.__getitem__, default="medium")
        return list(item.actions), list(item.evidence), item.clause, effort

    return per_object(item, "gap_texts", build)


def problem_msg(r: IndicatorResult) -> Msg:
    """What is wrong with an indicator that can still gain points, as a code with its parameters."""
    if r.state == "missing_input":
        return msg("gap_problem.missing_input", items=r.missing)
    if r.state == "missing_benchmark":
        return msg("gap_problem.missing_benchmark", items=r.missing)
    if r.state == "unanswered":
        return msg("gap_problem.unanswered")
    if r.kind in ("forward", "inverse", "count") and r.baseline and r.leading:
        unit = "" if r.unit in ("", "—") else f" {r.unit}"
        return msg("gap_problem.below_leading", value=_fmt(r.value), unit=unit, baseline=_fmt(r.baseline.value),
                   leading=_fmt(r.leading.value), gain=f"{r.weighted_max - r.weighted:.2f}")
    if r.kind == "yes_no":
        return msg("gap_problem.not_met")
    return msg("gap_problem.rubric", answer=r.answer_label or r.answer, points=f"{r.points:g}", max=f"{r.max_points:g}")


_MANDATORY = msg("gap_problem.mandatory")
_EVIDENCE = msg("gap_problem.evidence")


def build_gaps(result: Result, rs: RuleSet, profile: Profile) -> list[Gap]:
    gaps: list[dict[str, Any]] = []  # the fields of each Gap, validated in one call at the end
    for g in result.gates:
        if g.state == "fail":
            actions, evidence, clause, effort = _texts(_item(rs, profile, g.id))
            gaps.append({"kind": "gate", "item_id": g.id, "name": g.name, "problem": g.reason, "actions": actions,
                         "evidence": evidence, "clause": clause or g.clause, "effort": effort})
    by_id = {r.id: r for r in result.indicators}
    for fid in result.failed_gates:
        r = by_id.get(fid)
        if r is not None:
            actions, evidence, clause, effort = _texts(_item(rs, profile, fid))
            gaps.append({"kind": "mandatory", "item_id": fid, "name": r.name, "dimension": r.dimension,
                         "recoverable": r.weighted_max - r.weighted, "problem": _MANDATORY,
                         "actions": actions, "evidence": evidence, "clause": clause, "effort": effort})
    failed = set(result.failed_gates)
    scored: list[dict[str, Any]] = []
    for r in result.indicators:
        if r.state == "not_applicable" or r.id in failed:
            continue
        recoverable = r.weighted_max - r.weighted
        if recoverable > 1e-9:
            actions, evidence, clause, effort = _texts(_item(rs, profile, r.id))
            scored.append({"kind": "indicator", "item_id": r.id, "name": r.name, "dimension": r.dimension,
                           "recoverable": round(recoverable, 6), "problem": problem_msg(r),
                           "actions": actions, "evidence": evidence, "clause": clause, "effort": effort})
    scored.sort(key=lambda g: (-g["recoverable"], EFFORT_ORDER[g["effort"]], g["item_id"]))
    gaps.extend(scored)
    listed = {g["item_id"] for g in gaps}
    for r in result.indicators:
        if r.evidence_state == "missing" and r.id not in listed:
            _, evidence, clause, _ = _texts(_item(rs, profile, r.id))
            gaps.append({"kind": "evidence", "item_id": r.id, "name": r.name, "dimension": r.dimension,
                         "problem": _EVIDENCE, "actions": [], "evidence": evidence,
                         "clause": clause, "effort": "low"})
    return _GAPS.validate_python(gaps)
