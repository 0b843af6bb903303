"""Gap list: failed gates first, then failed 必选 items, then indicators by recoverable points,
then evidence still missing. Each gap carries its actions, evidence and the standard clause."""

from __future__ import annotations

from criteria.schema import Gate, Indicator, Profile, RuleSet
from scoring.models import Gap, IndicatorResult, Result

EFFORT_ORDER = {"low": 0, "medium": 1, "high": 2}


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.4g}"


def _item(rs: RuleSet, profile: Profile, item_id: str) -> Gate | Indicator | None:
    return rs.item(item_id) or next((g for g in profile.gates if g.id == item_id), None)


def _texts(item: Gate | Indicator | None, lang: str) -> tuple[list[dict[str, str]], list[str], str, str]:
    if item is None:
        return [], [], "", "medium"
    actions = [{"text": a.en if lang == "en" and a.en else a.zh, "effort": a.effort} for a in item.actions]
    effort = min((a.effort for a in item.actions), key=EFFORT_ORDER.__getitem__, default="medium")
    return actions, [e.get(lang) for e in item.evidence], item.clause, effort


def _indicator_problem(r: IndicatorResult, lang: str) -> str:
    en = lang == "en"
    if r.state == "missing_input":
        return ("missing data: " if en else "缺少数据：") + ("; ".join(r.missing) if en else "、".join(r.missing))
    if r.state == "missing_benchmark":
        return ("benchmark not set: " if en else "未设定") + ("/".join(r.missing))
    if r.state == "unanswered":
        return "not answered" if en else "尚未作答"
    if r.kind in ("forward", "inverse", "count") and r.baseline and r.leading:
        unit = "" if r.unit in ("", "—") else f" {r.unit}"
        if en:
            return (f"value {_fmt(r.value)}{unit}; baseline {_fmt(r.baseline.value)}, "
                    f"leading {_fmt(r.leading.value)}: reaching the leading value adds "
                    f"{r.weighted_max - r.weighted:.2f} points")
        return (f"当前 {_fmt(r.value)}{unit}，基准值 {_fmt(r.baseline.value)}，引领值 {_fmt(r.leading.value)}："
                f"达到引领值可再得 {r.weighted_max - r.weighted:.2f} 分")
    if r.kind == "yes_no":
        return "not met" if en else "未达到要求"
    return (f"level '{r.answer}' earns {r.points:g} of {r.max_points:g}" if en
            else f"当前评价为「{r.answer}」，得 {r.points:g}/{r.max_points:g} 分")


def build_gaps(result: Result, rs: RuleSet, profile: Profile, lang: str = "zh") -> list[Gap]:
    gaps: list[Gap] = []
    for g in result.gates:
        if g.state == "fail":
            actions, evidence, clause, effort = _texts(_item(rs, profile, g.id), lang)
            gaps.append(Gap(kind="gate", item_id=g.id, name=g.name, problem=g.reason, actions=actions,
                            evidence=evidence, clause=clause or g.clause, effort=effort))
    by_id = {r.id: r for r in result.indicators}
    for fid in result.failed_gates:
        r = by_id.get(fid)
        if r is not None:
            actions, evidence, clause, effort = _texts(_item(rs, profile, fid), lang)
            gaps.append(Gap(kind="mandatory", item_id=fid, name=r.name, dimension=r.dimension,
                            recoverable=r.weighted_max - r.weighted,
                            problem=("mandatory item not met" if lang == "en" else "必选项未满足（一票否决）"),
                            actions=actions, evidence=evidence, clause=clause, effort=effort))
    failed = set(result.failed_gates)
    scored = []
    for r in result.indicators:
        if r.state == "not_applicable" or r.id in failed:
            continue
        recoverable = r.weighted_max - r.weighted
        if recoverable > 1e-9:
            actions, evidence, clause, effort = _texts(_item(rs, profile, r.id), lang)
            scored.append(Gap(kind="indicator", item_id=r.id, name=r.name, dimension=r.dimension,
                              recoverable=round(recoverable, 6), problem=_indicator_problem(r, lang),
                              actions=actions, evidence=evidence, clause=clause, effort=effort))
    scored.sort(key=lambda g: (-g.recoverable, EFFORT_ORDER[g.effort], g.item_id))
    gaps.extend(scored)
    listed = {g.item_id for g in gaps}
    for r in result.indicators:
        if r.evidence_state == "missing" and r.id not in listed:
            actions, evidence, clause, effort = _texts(_item(rs, profile, r.id), lang)
            gaps.append(Gap(kind="evidence", item_id=r.id, name=r.name, dimension=r.dimension,
                            problem=("evidence missing" if lang == "en" else "证明材料缺失"),
                            actions=[], evidence=evidence, clause=clause, effort="low"))
    return gaps
