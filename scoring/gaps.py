"""Gap list: failed gates first, then failed 必选 items, then indicators by recoverable points,
then evidence still missing. Each gap carries its actions, evidence and the standard clause.

A gap's problem is a message code (`gap_problem.*` in locales/, see `problem_msg`); `Gap.problem` holds it
rendered in the result's language because the Result model stores words there today.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from criteria.schema import Gate, Indicator, Profile, RuleSet
from locales import Msg, msg, render, say
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


_NO_TEXTS: tuple[list[dict[str, str]], list[str], str, str] = ([], [], "", "medium")


def _texts(item: Gate | Indicator | None, lang: str) -> tuple[list[dict[str, str]], list[str], str, str]:
    """An item's actions, evidence, clause and lowest effort in `lang` (built once per item and language; the
    Gap copies the lists when it validates them)."""
    if item is None:
        return _NO_TEXTS

    def build() -> tuple[list[dict[str, str]], list[str], str, str]:
        actions = [{"text": a.get(lang), "effort": a.effort} for a in item.actions]
        effort = min((a.effort for a in item.actions), key=EFFORT_ORDER.__getitem__, default="medium")
        return actions, [e.get(lang) for e in item.evidence], item.clause, effort

    return per_object(item, ("gap_texts", lang), build)


class _Joined:
    """Items joined with a separator of the message's language (a `locales.Msg` parameter)."""

    def __init__(self, items: list[str], sep_code: str | None = None, sep: str = "/") -> None:
        self.items, self.sep_code, self.sep = items, sep_code, sep

    def localized(self, lang: str) -> str:
        sep = say(lang, self.sep_code) if self.sep_code else self.sep
        return sep.join(render(lang, i) for i in self.items)


def problem_msg(r: IndicatorResult) -> Msg:
    """What is wrong with an indicator that can still gain points, as a code with its parameters."""
    if r.state == "missing_input":
        return msg("gap_problem.missing_input", items=_Joined(r.missing, "gap_problem.missing_sep"))
    if r.state == "missing_benchmark":
        return msg("gap_problem.missing_benchmark", items=_Joined(r.missing))
    if r.state == "unanswered":
        return msg("gap_problem.unanswered")
    if r.kind in ("forward", "inverse", "count") and r.baseline and r.leading:
        unit = "" if r.unit in ("", "—") else f" {r.unit}"
        return msg("gap_problem.below_leading", value=_fmt(r.value), unit=unit, baseline=_fmt(r.baseline.value),
                   leading=_fmt(r.leading.value), gain=f"{r.weighted_max - r.weighted:.2f}")
    if r.kind == "yes_no":
        return msg("gap_problem.not_met")
    return msg("gap_problem.rubric", answer=r.answer, points=f"{r.points:g}", max=f"{r.max_points:g}")


def build_gaps(result: Result, rs: RuleSet, profile: Profile, lang: str = "zh") -> list[Gap]:
    gaps: list[dict[str, Any]] = []  # the fields of each Gap, validated in one call at the end
    for g in result.gates:
        if g.state == "fail":
            actions, evidence, clause, effort = _texts(_item(rs, profile, g.id), lang)
            gaps.append({"kind": "gate", "item_id": g.id, "name": g.name, "problem": g.reason, "actions": actions,
                         "evidence": evidence, "clause": clause or g.clause, "effort": effort})
    by_id = {r.id: r for r in result.indicators}
    for fid in result.failed_gates:
        r = by_id.get(fid)
        if r is not None:
            actions, evidence, clause, effort = _texts(_item(rs, profile, fid), lang)
            gaps.append({"kind": "mandatory", "item_id": fid, "name": r.name, "dimension": r.dimension,
                         "recoverable": r.weighted_max - r.weighted, "problem": say(lang, "gap_problem.mandatory"),
                         "actions": actions, "evidence": evidence, "clause": clause, "effort": effort})
    failed = set(result.failed_gates)
    scored: list[dict[str, Any]] = []
    for r in result.indicators:
        if r.state == "not_applicable" or r.id in failed:
            continue
        recoverable = r.weighted_max - r.weighted
        if recoverable > 1e-9:
            actions, evidence, clause, effort = _texts(_item(rs, profile, r.id), lang)
            scored.append({"kind": "indicator", "item_id": r.id, "name": r.name, "dimension": r.dimension,
                           "recoverable": round(recoverable, 6), "problem": render(lang, problem_msg(r)),
                           "actions": actions, "evidence": evidence, "clause": clause, "effort": effort})
    scored.sort(key=lambda g: (-g["recoverable"], EFFORT_ORDER[g["effort"]], g["item_id"]))
    gaps.extend(scored)
    listed = {g["item_id"] for g in gaps}
    for r in result.indicators:
        if r.evidence_state == "missing" and r.id not in listed:
            _, evidence, clause, _ = _texts(_item(rs, profile, r.id), lang)
            gaps.append({"kind": "evidence", "item_id": r.id, "name": r.name, "dimension": r.dimension,
                         "problem": say(lang, "gap_problem.evidence"), "actions": [], "evidence": evidence,
                         "clause": clause, "effort": "low"})
    return _GAPS.validate_python(gaps)
