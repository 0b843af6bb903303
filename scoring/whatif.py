"""What-if: the improvement path, the cheapest plan to reach a level, and re-scoring with changed inputs.

Model (stated here and in the report):
- Closing a gap means: a failed or unanswered gate (否决项/基本要求) is met; a failed 必选 item is met; an
  indicator reaches its 引领值, so it gains its recoverable points (weighted_max − weighted) on the 100-point
  total. Evidence-only gaps change no number and are not steps.
- Gates and failed 必选 items block every level, so every plan closes them first.
- A level that requires every quantitative indicator at 基准值 (national readiness) forces closing each
  quantitative indicator that is below it (or not yet scored).
- **Effort of a quantitative gap** (a forward/inverse/count indicator with a value and a 引领值): the size of the change
  it needs — the % change of the indicator's value to reach its 引领值 (`change_needed_pct`): below 5 % low, 5 % to
  below 20 % medium, 20 % or more (or from 0) high (`CHANGE_BANDS`) — and never less than the effort of its cheapest
  recommended action (a small change of 容积率 still means building).
  Why these bands: an energy audit's no- and low-cost measures (metering, housekeeping, controls) typically save a few
  per cent; equipment retrofits (motors, variable-speed drives, heat recovery) typically 5–20 %; the national 14th
  five-year plan asks the whole economy for a 13.5 % cut in energy intensity over five years, so a cut of 20 % or more
  in one assessment cycle means process change, new lines or fuel switching. Other gaps (gates, 必选, qualitative
  items, a missing value) keep the effort of the item's cheapest recommended action.
- **Assumption:** the cost of a step is its effort, counted low = 1, medium = 3, high = 9
  (`criteria.rules.EFFORT_COST`). The catalogue gives effort, not money; the ratios are a planning convention, not a
  measurement. An unanswered gate costs `low` (answer it and keep the evidence).
- Among the optional indicator gaps, the plan is the cheapest set whose points reach the level's threshold,
  found exactly by a 0/1 knapsack over integer costs; among sets of equal cost, the one with most points.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel

from criteria import Catalogue, load_catalogue
from criteria.rules import EFFORT_COST
from criteria.schema import Action, Text
from locales import Msg, Words, msg
from scoring.engine import QUANTITATIVE, Settings, _at_baseline, score
from scoring.gaps import EFFORT_ORDER
from scoring.io import InputError, validate_assessment
from scoring.models import Assessment, Gap, IndicatorResult, Inputs, Result

EPS = 1e-9

StepKind = Literal["gate", "unanswered_gate", "mandatory", "indicator"]


class Step(BaseModel):
    """Closing one gap, with the state of the assessment after it (and all steps before it)."""

    item_id: str
    kind: StepKind
    name: Text
    dimension: str = ""
    blocker: bool  # a gate or 必选 item: no level can be reached while it is open
    effort: str
    cost: int
    points: float  # added to the total
    total_after: float
    eligible_after: bool
    crosses: list[str] = []  # ids of levels first reached after this step
    crosses_names: list[Text] = []
    action: Action | Msg | None = None  # the cheapest recommended action
    problem: Msg | None = None
    clause: str = ""
    change_pct: float | None = None  # a quantitative gap: the % change of the value to reach 引领值 (− = a cut)


class Plan(BaseModel):
    level: str
    level_name: Text
    threshold: float | None
    reachable: bool
    already: bool  # the level is reached without any step
    start_total: float
    final_total: float
    total_cost: int
    steps: list[Step]
    note: Msg  # why the plan is what it is: a code (`plan.*` in locales/) with its parameters


# ---- the closable items ------------------------------------------------------------------------------


class _Move:
    """A gap as something to close: its points, cost and whether it blocks eligibility."""

    def __init__(self, item_id: str, kind: StepKind, name: Text, points: float, effort: str, *, dimension: str = "",
                 action: Action | Msg | None = None, problem: Msg | None = None, clause: str = "",
                 change_pct: float | None = None) -> None:
        self.item_id, self.kind, self.name, self.points, self.effort = item_id, kind, name, points, effort
        self.cost = EFFORT_COST[effort]
        self.dimension, self.action, self.problem, self.clause = dimension, action, problem, clause
        self.change_pct = change_pct

    @property
    def blocker(self) -> bool:
        return self.kind != "indicator"


def _cheapest_action(g: Gap) -> Action | None:
    ranked = sorted(g.actions, key=lambda a: EFFORT_ORDER.get(a.effort, 1))
    return ranked[0] if ranked else None


CHANGE_BANDS = ((5.0, "low"), (20.0, "medium"))  # |% change| below each bound; at or above the last: "high"


def change_needed_pct(r: IndicatorResult) -> float | None:
    """The % change of a quantitative indicator's value that reaches its 引领值 (negative: a cut, e.g. −25.0 for
    单位产值综合能耗 from 0.04 to 0.03), ``math.inf`` from a value of 0, None when it cannot be said (no value, no
    引领值, not quantitative) or when the value already is at or beyond it."""
    lead = r.leading.value if r.leading is not None else None
    if r.kind not in QUANTITATIVE or r.value is None or lead is None:
        return None
    toward = lead - r.value if r.kind != "inverse" else r.value - lead  # > 0: still short of 引领值
    if toward <= EPS:
        return None
    if abs(r.value) <= EPS:
        return math.inf
    return round((lead - r.value) / abs(r.value) * 100, 6)  # 0.03 vs 0.0375 is −20 %, not −19.999999


def effort_of_change(pct: float) -> str:
    """The effort band of a change of ``pct`` % (either direction): ``CHANGE_BANDS``."""
    return next((effort for bound, effort in CHANGE_BANDS if abs(pct) < bound), "high")


def step_effort(g: Gap, result: Result) -> tuple[str, float | None]:
    """The effort of closing gap ``g`` and, for a quantitative one, the % change it needs (see the module doc)."""
    if g.kind == "indicator":
        r = next((i for i in result.indicators if i.id == g.item_id), None)
        pct = change_needed_pct(r) if r is not None else None
        if pct is not None:  # never below the cheapest action (a 12 % higher 容积率 still means building)
            effort = max(effort_of_change(pct), g.effort, key=EFFORT_COST.__getitem__)
            return effort, (None if math.isinf(pct) else pct)
    return g.effort, None


def change_text(step: Step) -> Msg | None:
    """需降低 24.9 % / 需提高 12.0 %: the change a quantitative step needs, worded at the edge (UI and PDF)."""
    if step.change_pct is None:
        return None
    return msg("plan.change_cut" if step.change_pct < 0 else "plan.change_raise", pct=f"{abs(step.change_pct):.1f}")


_ANSWER_GATE = msg("plan.answer_gate")
_NOT_ANSWERED = msg("plan.not_answered")


def _moves(result: Result) -> list[_Move]:
    """Blockers in gap order (failed gates, unanswered gates, failed 必选), then indicators in gap order."""
    gate_moves: list[_Move] = []
    mandatory_moves: list[_Move] = []
    indicator_moves: list[_Move] = []
    for g in result.gaps:
        if g.kind == "evidence":
            continue
        effort, pct = step_effort(g, result)
        move = _Move(g.item_id, g.kind, g.name, g.recoverable, effort, dimension=g.dimension,
                     action=_cheapest_action(g), problem=g.problem, clause=g.clause, change_pct=pct)
        {"gate": gate_moves, "mandatory": mandatory_moves, "indicator": indicator_moves}[g.kind].append(move)
    unanswered = [
        _Move(g.id, "unanswered_gate", g.name, 0.0, "low", clause=g.clause,
              action=_ANSWER_GATE, problem=_NOT_ANSWERED)
        for g in result.gates if g.state == "unanswered"
    ]
    return gate_moves + unanswered + mandatory_moves + indicator_moves


class _Levels:
    """Which levels are reached after closing a set of moves (the engine's level rule, applied to the set)."""

    def __init__(self, result: Result, moves: list[_Move], assessment: Assessment | None,
                 catalogue: Catalogue | None) -> None:
        cat = catalogue or load_catalogue()
        profile = cat.profile(result.profile)
        by_id = {lv.id: lv for lv in profile.levels}
        self.levels = result.levels
        self.needs_baseline = {lv.id: bool(by_id[lv.id].all_quantitative_at_baseline) if lv.id in by_id else False
                               for lv in result.levels}
        if assessment is not None:
            answered = {ft.level for ft in profile.fast_tracks if assessment.answers.get(ft.id) is True}
        else:  # without the answers, only a fast track the engine already applied is known
            answered = {lv.id for lv in result.levels if lv.via not in ("", "score")}
        self.fast = answered
        self.below_baseline = {r.id for r in result.indicators
                               if r.kind in QUANTITATIVE and r.state != "not_applicable" and not _at_baseline(r)}
        self.blockers = {m.item_id for m in moves if m.blocker}

    def reached(self, total: float, closed: set[str]) -> list[str]:
        if not self.blockers <= closed:
            return []
        quant_ok = self.below_baseline <= closed
        out = []
        for lv in self.levels:
            by_score = lv.min_total is not None and total >= lv.min_total - EPS
            if self.needs_baseline[lv.id]:
                by_score = by_score and quant_ok
            if by_score or lv.id in self.fast:
                out.append(lv.id)
        return out


def _walk(moves: Iterable[_Move], result: Result, levels: _Levels) -> list[Step]:
    names = {lv.id: lv.name for lv in result.levels}
    total = result.total
    closed: set[str] = set()
    reached = set(levels.reached(total, closed))
    steps = []
    for m in moves:
        total += m.points
        closed.add(m.item_id)
        now = levels.reached(total, closed)
        new = [lv for lv in now if lv not in reached]
        reached.update(now)
        steps.append(Step(
            item_id=m.item_id, kind=m.kind, name=m.name, dimension=m.dimension, blocker=m.blocker,
            effort=m.effort, cost=m.cost, points=round(m.points, 6), total_after=round(total, 6),
            eligible_after=levels.blockers <= closed, crosses=new, crosses_names=[names[i] for i in new],
            action=m.action, problem=m.problem, clause=m.clause, change_pct=m.change_pct,
        ))
    return steps


# ---- public API --------------------------------------------------------------------------------------


def improvement_path(result: Result, assessment: Assessment | None = None,
                     catalogue: Catalogue | None = None) -> list[Step]:
    """Every gap that changes eligibility or the total, in the gap list's order (blockers first, then by
    recoverable points), with the running total and the levels each step reaches."""
    moves = _moves(result)
    return _walk(moves, result, _Levels(result, moves, assessment, catalogue))


def _cheapest_cover(moves: list[_Move], need: float) -> list[_Move] | None:
    """The cheapest subset whose points reach `need` (exact 0/1 knapsack over integer costs), or None."""
    if need <= EPS:
        return []
    if sum(m.points for m in moves) < need - EPS:
        return None
    cap = sum(m.cost for m in moves)
    best = [0.0] * (cap + 1)  # best[c]: most points for a total cost of at most c
    take = [[False] * (cap + 1) for _ in moves]
    for i, m in enumerate(moves):
        for c in range(cap, m.cost - 1, -1):
            cand = best[c - m.cost] + m.points
            if cand > best[c] + EPS:
                best[c] = cand
                take[i][c] = True
    c = next(c for c in range(cap + 1) if best[c] >= need - EPS)
    chosen = []
    for i in range(len(moves) - 1, -1, -1):
        if take[i][c]:
            chosen.append(moves[i])
            c -= moves[i].cost
    return chosen


class UnknownLevel(KeyError):
    """A target level the profile does not have; `message` says which levels it has."""

    def __init__(self, level_id: str, options: list[Msg]) -> None:
        super().__init__(level_id)
        self.message = msg("plan.unknown_level", level=repr(level_id), options=options or "—")


def plan_to_level(assessment: Assessment | None, result: Result, level_id: str,
                  catalogue: Catalogue | None = None) -> Plan:
    """The cheapest set of gap closures that reaches `level_id`, ordered: blockers, then indicators the
    level forces (national: every quantitative indicator at 基准值), then the chosen ones by points per cost."""
    lv = next((x for x in result.levels if x.id == level_id), None)
    if lv is None:
        raise UnknownLevel(level_id, [msg("plan.level_option", id=x.id, name=x.name) for x in result.levels])
    moves = _moves(result)
    levels = _Levels(result, moves, assessment, catalogue)
    base = {"level": lv.id, "level_name": lv.name, "threshold": lv.min_total, "start_total": result.total}
    if lv.reached:
        return Plan(**base, reachable=True, already=True, final_total=result.total, total_cost=0, steps=[],
                    note=msg("plan.already", name=lv.name))

    forced_ids = set(levels.blockers)
    if levels.needs_baseline[lv.id] and lv.id not in levels.fast:
        forced_ids |= levels.below_baseline
    forced = [m for m in moves if m.item_id in forced_ids]
    if lv.id in levels.fast:
        chosen: list[_Move] | None = []
    elif lv.min_total is None:
        chosen = None
    else:
        need = lv.min_total - result.total - sum(m.points for m in forced)
        optional = [m for m in moves if m.item_id not in forced_ids]
        chosen = _cheapest_cover(optional, need)
    unclosable = forced_ids - {m.item_id for m in moves}  # e.g. below 基准值 but worth no points
    if chosen is None or unclosable:
        if lv.min_total is None:  # what is known to be needed: the blockers and the forced indicators
            steps = _walk([m for m in moves if m.item_id in forced_ids], result, levels)
            final = steps[-1].total_after if steps else result.total
            why = msg("plan.unset_steps", name=lv.name, n=len(steps)) if steps else msg("plan.unset_none", name=lv.name)
            return Plan(**base, reachable=False, already=False, final_total=final,
                        total_cost=sum(s.cost for s in steps), steps=steps, note=why)
        steps = _walk(moves, result, levels)
        final = steps[-1].total_after if steps else result.total
        if unclosable:
            why = msg("plan.unclosable", n=len(unclosable), name=lv.name)
        else:
            why = msg("plan.short", final=f"{final:.2f}", name=lv.name, threshold=f"{lv.min_total:g}")
        return Plan(**base, reachable=False, already=False, final_total=final,
                    total_cost=sum(s.cost for s in steps), steps=steps, note=why)

    chosen.sort(key=lambda m: (-m.points / m.cost, -m.points, m.item_id))
    forced_indicators = sorted((m for m in forced if not m.blocker), key=lambda m: -m.points)
    ordered = [m for m in forced if m.blocker] + forced_indicators + chosen
    steps = _walk(ordered, result, levels)
    final = steps[-1].total_after if steps else result.total
    cost = sum(s.cost for s in steps)
    note = msg("plan.reachable", n=len(steps), name=lv.name, final=f"{final:.2f}", cost=cost)
    return Plan(**base, reachable=True, already=False, final_total=final, total_cost=cost, steps=steps, note=note)


# ---- re-scoring with changed values ------------------------------------------------------------------

_TOP = {"inputs", "benchmarks", "options", "year"}


def _set_path(data: dict[str, Any], key: str, value: float, lang: str) -> None:
    parts = key.split(".")
    if parts[0] not in _TOP:
        if parts[0] not in Inputs.model_fields:
            raise InputError([msg("plan.unknown_field", key=key)], lang)
        parts = ["inputs", *parts]
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise InputError([msg("plan.no_item", key=key, part=part)], lang)
            node = node[int(part)]
        elif isinstance(node, dict):
            if part not in node or node[part] is None:
                if parts[0] == "benchmarks" and i == 1:
                    node[part] = {}  # a benchmark not entered before
                else:
                    raise InputError([msg("plan.unknown_field", key=key)], lang)
            node = node[part]
        else:
            raise InputError([msg("plan.unknown_field", key=key)], lang)
    last = parts[-1]
    if isinstance(node, list):
        if not last.isdigit() or int(last) >= len(node):
            raise InputError([msg("plan.no_item", key=key, part=last)], lang)
        node[int(last)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise InputError([msg("plan.unknown_field", key=key)], lang)


def apply_changes(assessment: Assessment, changes: dict[str, float], lang: str = "zh") -> Assessment:
    """A validated copy of the assessment with the changed values. Keys are input field names
    (`output_value_wan`), dotted paths into inputs (`energy.electricity`, `pollutants.0.annual_mean`,
    `catalogue_tech.water_saving`) or `benchmarks.<indicator id>.baseline|leading`. Bad keys or values raise
    InputError with a message naming the field; the original is never changed."""
    data = copy.deepcopy(assessment.model_dump(mode="python"))
    for key, value in changes.items():
        _set_path(data, key, value, lang)
    return validate_assessment(data, lang)


def rescore_with(assessment: Assessment, changes: dict[str, float], catalogue: Catalogue | None = None, *,
                 ruleset_id: str | None = None, profile_id: str | None = None, settings: Settings | None = None,
                 lang: str = "zh") -> Result:
    """Score a copy of the assessment with some values changed (the engine itself, so nothing is guessed);
    `lang` is the language of an InputError's message."""
    return score(apply_changes(assessment, changes, lang), catalogue, ruleset_id=ruleset_id, profile_id=profile_id,
                 settings=settings)


# ---- text for the terminal (an edge: the words come from locales/, `plan.*`) ------------------------------


def plan_text(plan: Plan, lang: str = "zh") -> str:
    L = Words(lang, "plan")
    threshold = L("head_threshold", t=f"{plan.threshold:g}") if plan.threshold is not None else ""
    lines = [L("head", name=plan.level_name, threshold=threshold, total=f"{plan.start_total:.2f}"), L.of(plan.note)]
    for n, s in enumerate(plan.steps, 1):
        mark = L("reaches", names=s.crosses_names) if s.crosses else ""
        gain = f"+{s.points:.2f}" if s.points > EPS else L("unblocks")
        lines.append(f"  {n:>2}. [{L('effort_' + s.effort)}] {L.of(s.name)}  {gain} → {s.total_after:.2f}{mark}")
        if s.action:
            lines.append(L("action", action=s.action))
    return "\n".join(lines)
