"""A plain-text rendering of a Result for the terminal (an edge: the words come from locales/, `result_text.*`)."""

from __future__ import annotations

from locales import Words
from scoring.models import Result


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:.4g}"


def result_text(r: Result, lang: str = "zh") -> str:
    L = Words(lang, "result_text")
    w = L.of
    nxt = (L("next", name=r.next_level_name, d=f"{r.distance_to_next:.2f}")
           if r.next_level and r.distance_to_next is not None else "")
    lines = [
        L("ruleset", name=r.ruleset_name, id=r.ruleset, version=r.ruleset_version),
        L("profile", name=r.profile_name),
        L("eligible", answer=L("yes") if r.eligible else L("no"), incomplete="" if r.complete else L("incomplete")),
        L("total", total=f"{r.total:.2f}", max=f"{r.max_total:g}"),
        L("level", level=r.level_name or L("level_none"), next=nxt),
    ]
    if r.range is not None and r.range.max > r.range.min:
        lines.append(L("range", lo=f"{r.range.min:.2f}", hi=f"{r.range.max:.2f}", n=len(r.range.open_items)))
    if r.level_status == "possible" and r.possible_level_name:
        lines.append(L("possible", level=r.possible_level_name))
    if r.yardstick_set is not None:
        ys = r.yardstick_set
        lines.append(L("yardstick_set", name=ys.name, version=ys.version) if ys.version
                     else L("yardstick_set_draft", name=ys.name))
    if r.failed_gates:
        failed = [g.name for g in r.gates if g.state == "fail"] + [
            i.name for i in r.indicators if i.id in r.failed_gates]
        lines.append(L("failed", names="；".join(w(n) for n in failed)))
    lines.append("")
    for d in r.dimensions:
        lines.append(f"■ {w(d.name)}  {d.score:.2f} / {d.max:g}")
        for i in r.indicators:
            if i.dimension != d.id:
                continue
            extra = "" if i.state == "scored" else L(f"state_{i.state}")
            answer = w(i.answer_label) if i.answer_label else str(i.answer or "")
            value = f"{_num(i.value)} {i.unit}".strip() if i.value is not None else answer
            bench = (f" [{_num(i.baseline.value)} → {_num(i.leading.value)}]"
                     if i.baseline and i.leading and i.kind in ("forward", "inverse", "count") else "")
            lines.append(f"   - {w(i.name)}: {value}{bench}  {i.weighted:.2f}/{i.weighted_max:.2f} {extra}".rstrip())
            for p in i.products:
                grades = f" [{_num(p.baseline)} → {_num(p.leading)}]" if p.baseline is not None else ""
                share = L("product_counted" if p.counted else "product_not_counted")
                lines.append(f"       · {p.name}: {_num(p.value)} {p.unit}{grades} {p.standard} {share}".rstrip())
    if r.missing:
        lines += ["", L("missing"), *[f"   - {w(m)}" for m in r.missing]]
    if r.warnings:
        lines += ["", L("check"), *[f"   - {w(x.message)}" for x in r.warnings]]
    if r.gaps:
        lines += ["", L("gaps")]
        for g in r.gaps[:10]:
            lines.append(f"   - {w(g.name)}（+{g.recoverable:.2f}）：{w(g.problem)}")
    return "\n".join(lines)
