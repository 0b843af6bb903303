"""A plain-text rendering of a Result for the terminal."""

from __future__ import annotations

from scoring.models import Result

STATE_ZH = {"scored": "", "missing_input": "缺数据", "missing_benchmark": "缺基准/引领值", "unanswered": "未作答",
            "not_applicable": "不适用"}
STATE_EN = {"scored": "", "missing_input": "missing data", "missing_benchmark": "no benchmark",
            "unanswered": "not answered", "not_applicable": "n/a"}


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:.4g}"


def result_text(r: Result) -> str:
    en = r.lang == "en"
    states = STATE_EN if en else STATE_ZH
    lines = [
        f"{'Rule-set' if en else '评价规则'}: {r.ruleset_name} ({r.ruleset} v{r.ruleset_version})",
        f"{'Profile' if en else '地方方案'}: {r.profile_name}",
        f"{'Eligible' if en else '是否具备申报资格'}: {('yes' if en else '是') if r.eligible else ('no' if en else '否')}"
        + ("" if r.complete else (" (incomplete)" if en else "（评价不完整）")),
        f"{'Total' if en else '总分'}: {r.total:.2f} / {r.max_total:g}",
        f"{'Level' if en else '达到等级'}: {r.level_name or ('none' if en else '未达到')}"
        + (f"; {r.next_level_name} {'needs' if en else '还差'} {r.distance_to_next:.2f}"
           if r.next_level and r.distance_to_next is not None else ""),
    ]
    if r.failed_gates:
        failed = [g.name for g in r.gates if g.state == "fail"] + [
            i.name for i in r.indicators if i.id in r.failed_gates]
        lines.append(("Failed gates: " if en else "未通过的否决项/必选项：") + "；".join(failed))
    lines.append("")
    for d in r.dimensions:
        lines.append(f"■ {d.name}  {d.score:.2f} / {d.max:g}")
        for i in r.indicators:
            if i.dimension != d.id:
                continue
            extra = states[i.state]
            value = f"{_num(i.value)} {i.unit}".strip() if i.value is not None else (str(i.answer or ""))
            bench = (f" [{_num(i.baseline.value)} → {_num(i.leading.value)}]"
                     if i.baseline and i.leading and i.kind in ("forward", "inverse", "count") else "")
            lines.append(f"   - {i.name}: {value}{bench}  {i.weighted:.2f}/{i.weighted_max:.2f} {extra}".rstrip())
    if r.missing:
        lines += ["", "Missing:" if en else "尚缺：", *[f"   - {m}" for m in r.missing]]
    if r.warnings:
        lines += ["", "Check:" if en else "请核对：", *[f"   - {w.message}" for w in r.warnings]]
    if r.gaps:
        lines += ["", "Top gaps:" if en else "主要差距："]
        for g in r.gaps[:10]:
            lines.append(f"   - {g.name}（+{g.recoverable:.2f}）：{g.problem}")
    return "\n".join(lines)
