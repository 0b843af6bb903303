"""附录: every input the enterprise entered, every formula with its working, the level thresholds and
everything still missing."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table

from report.layout import Cell, T, fmt_num, fmt_unit
from report.sections import QUANT, Sections
from report.styles import clip
from scoring.fields import FIELDS
from scoring.models import Figure, Inputs

CASE_FIELDS = ("material_saving_cases", "recycled_material_cases", "green_design_cases")


def appendix(s: Sections) -> list[Flowable]:
    L = s.L
    out: list[Flowable] = [s.para(L("sA"), "h1"), s.para(L("a_inputs"), "h2")]
    out += inputs(s) + answers(s) + benchmarks(s) + options(s)
    out += [CondPageBreak(100), s.para(L("a_formulas"), "h2"), s.para(L("a_scoring_rule"), "note")]
    out += formulas(s)
    out += [CondPageBreak(100), s.para(L("a_levels"), "h2"), levels(s)]
    if s.r.missing:
        out += [s.para(L("a_missing"), "h2"), *s.paras("· " + s.w(x) for x in s.r.missing)]
    return out


def _label(name: str, lang: str) -> tuple[str, str]:
    info = FIELDS.get(name)
    return (info.label(lang, with_unit=False), fmt_unit(info.unit, lang)) if info else (name, "")


def inputs(s: Sections) -> list[Flowable]:
    L, inp, lang = s.L, s.a.inputs, s.lang
    right = [("ALIGN", (1, 1), (1, -1), "RIGHT")]
    rows: list[list[Cell]] = []
    for name in Inputs.model_fields:
        v = getattr(inp, name)
        if v is None or isinstance(v, dict | list):
            continue
        label, unit = _label(name, lang)
        if name == "production_volume" and inp.product_unit:
            unit = inp.product_unit
        if isinstance(v, bool):
            text = L("yes") if v else L("no")
        else:
            text = fmt_num(v) if isinstance(v, int | float) else str(v)
        rows.append([label, text, unit])
    out: list[Flowable] = []
    if rows:
        out.append(s.table([L("a_field"), L("a_amount"), L("a_unit")], rows, [260, 150, 85], right))
    if inp.energy:
        e_rows: list[list[Cell]] = []
        for cid, amount in inp.energy.items():
            c = s.cat.reference.carrier(cid)
            e_rows.append([c.name.get(lang) if c else cid, fmt_num(amount), c.unit if c else ""])
        out += [s.para(L("a_energy"), "h3"),
                s.table([L("a_carrier"), L("a_amount"), L("a_unit")], e_rows, [260, 150, 85], right)]
    if inp.energy_platform_functions:
        names = {c.id: c.name.get(lang) for c in s.rs.choices.get("platform_functions", ())}
        listed = [names.get(f, f) for f in inp.energy_platform_functions]
        out += [s.para(L("a_platform"), "h3"), s.para(s.list_sep.join(listed), "small")]
    if inp.catalogue_tech:
        tech = {c.id: c.name.get(lang) for c in s.rs.choices.get("tech_catalogues", ())}
        t_rows: list[list[Cell]] = [[tech.get(k, k), str(v)] for k, v in inp.catalogue_tech.items()]
        out += [s.para(L("a_tech"), "h3"), s.table([L("a_field"), L("a_amount")], t_rows, [395, 100], right)]
    if inp.pollutants:
        p_rows: list[list[Cell]] = [
            [p.name, L(p.medium), f"{fmt_num(p.annual_mean)} {p.unit}", f"{fmt_num(p.permit_limit)} {p.unit}",
             fmt_num(p.emitted_t)] for p in inp.pollutants]
        out += [s.para(L("a_pollutants"), "h3"),
                s.table([L("a_pollutant"), L("a_medium"), L("a_mean"), L("a_limit"), L("a_emitted")], p_rows,
                        [155, 50, 100, 100, 90])]
    for field in CASE_FIELDS:
        cases = getattr(inp, field)
        if cases:
            out.append(s.para(_label(field, lang)[0], "h3"))
            sep = s.colon
            out += s.paras(c.title + (sep + c.description if c.description else "") for c in cases)
    return out


def answers(s: Sections) -> list[Flowable]:
    L, r = s.L, s.r

    def text(ans: object) -> str:
        if isinstance(ans, bool):
            return L("yes") if ans else L("no")
        return str(ans) if ans not in (None, "") else L("unanswered")

    rows: list[list[Cell]] = [[s.w(g.name), text(g.answer)] for g in r.gates]
    rows += [[ft.name.get(s.lang), text(s.a.answers[ft.id])] for ft in s.profile.fast_tracks
             if s.a.answers.get(ft.id) is not None]
    rows += [[s.w(i.name), s.w(i.answer_label) if i.answer_label else text(i.answer)] for i in r.indicators
             if i.kind in ("qualitative", "yes_no") and i.state != "not_applicable"]
    if not rows:
        return []
    return [s.para(L("a_answers"), "h3"), s.table([L("item"), L("a_answer")], rows, [300, 195])]


def benchmarks(s: Sections) -> list[Flowable]:
    L = s.L
    if not s.a.benchmarks:
        return []
    rows: list[list[Cell]] = []
    for key, b in s.a.benchmarks.items():
        item_id, _, variant = key.partition("@")
        it = s.rs.item(item_id)
        name = it.name.get(s.lang) if it else item_id
        if variant:
            name += s.paren(fmt_unit(variant, s.lang))
        rows.append([name, fmt_num(b.baseline), fmt_num(b.leading), clip(b.source, 80)])
    return [s.para(L("a_benchmarks"), "h3"),
            s.table([L("indicator"), L("baseline"), L("leading"), L("source_only")], rows, [160, 60, 60, 215])]


def options(s: Sections) -> list[Flowable]:
    L, o = s.L, s.a.options
    basis = L(o.electricity_basis)
    if o.electricity_equivalent_kgce_per_kwh:
        basis += s.paren(f"{fmt_num(o.electricity_equivalent_kgce_per_kwh)} kgce/kWh")
    rows: list[list[Cell]] = [
        [L("electricity_basis"), basis],
        [L("carbon_method"), L(o.carbon_method)],
        [L("grid_region"), o.grid_region or L("default")],
        [L("grid_year"), str(o.grid_year) if o.grid_year else L("default")],
    ]
    return [s.para(L("a_options"), "h3"), s.table([L("a_field"), L("a_setting")], rows, [200, 295])]


def formulas(s: Sections) -> list[Flowable]:
    L, lang = s.L, s.lang
    sep, colon, comma = L("semi"), L("colon"), L("comma")
    out: list[Flowable] = []
    for i in s.r.indicators:
        if i.state == "not_applicable" or not i.formula:
            continue
        figs = list(dict.fromkeys(_figure(s, f) for f in i.figures))  # the engine may list a shared figure twice
        lines = [f"{L('formula')}{colon}{s.w(i.formula)}"]
        if figs:
            lines.append(f"{L('working')}{colon}{sep.join(figs)}")
        if i.kind in QUANT:
            res = (f"{fmt_num(i.value)} {fmt_unit(i.unit, lang)}".strip() if i.value is not None
                   else L("state_missing_input"))
            if i.baseline and i.leading:
                res += (f"{sep}{L('baseline')} {fmt_num(i.baseline.value)}{comma}"
                        f"{L('leading')} {fmt_num(i.leading.value)}")
            res += f" → {L('rate_word')} {100 * i.fraction:.1f}%{comma}"
        else:
            answer = s.w(i.answer_label) if i.answer_label else i.answer
            res = f"{answer if answer not in (None, '') else L('unanswered')} → "
        lines.append(f"{L('result')}{colon}{res}{i.weighted:.2f} / {i.weighted_max:.2f}")
        out.append(KeepTogether([s.para(s.w(i.name), "h3"), *s.paras(lines)]))
    return out


def _figure(s: Sections, f: Figure) -> str:
    """"label = value unit"; the engine words an input times its factor in the label ("电力 9,000,000 kWh ×
    0.1229 kgce/kWh"), so the line reads value = inputs × factor; a figure without value or unit is a sentence."""
    if f.value is None and not f.unit:
        return s.w(f.label)
    return f"{s.w(f.label)} = {fmt_num(f.value)} {fmt_unit(f.unit, s.lang)}".strip()


def levels(s: Sections) -> Table:
    L, r = s.L, s.r
    by_id = {lv.id: lv for lv in s.profile.levels}
    rows: list[list[Cell]] = []
    for lv in r.levels:
        spec = by_id.get(lv.id)
        thr = f"≥ {lv.min_total:g}" if lv.min_total is not None else L("a_threshold_unset")
        if spec and spec.all_quantitative_at_baseline:
            thr += L("and_sep") + L("a_all_baseline")
        src = f"{spec.min_total.source} [{spec.min_total.confidence}]" if spec else ""
        rows.append([s.w(lv.name), thr, T(src, "cell_small")])
    for ft in s.profile.fast_tracks:
        level = next((s.w(lv.name) for lv in r.levels if lv.id == ft.level), ft.level)
        rows.append([level, ft.name.get(s.lang), T(f"{ft.source} [{ft.confidence}]", "cell_small")])
    return s.table([L("a_level"), L("a_threshold"), L("source")], rows, [120, 200, 175])
