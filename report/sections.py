"""The sections of the report, following the official 自评价报告: cover, 真实性承诺, 一 结论摘要,
二 否决项与基本要求, 三 分维度评价, 四 差距清单, 五 改进路线, 六 证明材料索引 (the appendix is in
report.appendix). Numbers come from the Result and scoring.whatif; nothing here decides a score."""

from __future__ import annotations

import datetime as dt

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from criteria import Catalogue
from criteria.schema import Gate, Indicator
from report.charts import Threshold, path_chart, radar, total_bars
from report.layout import Builder, Cell, Part, T, fmt_num, fmt_unit, ordinal, short
from report.styles import AMBER_LIGHT, GREEN_LIGHT, GRID, RED_LIGHT, WHITE, clip, plain_table_style
from scoring.models import Assessment, IndicatorResult, Result
from scoring.products import PRODUCT_METRICS
from scoring.whatif import Plan, Step, change_text, improvement_path, plan_to_level

WIDTH = 495.0  # A4 less two 50 pt margins
QUANT = ("forward", "inverse", "count")
MAX_LISTED = 7  # missing-data lines in the summary; the appendix lists all
TONE_BG = {"red": RED_LIGHT, "amber": AMBER_LIGHT, "green": GREEN_LIGHT}


class Sections(Builder):
    def __init__(self, a: Assessment, r: Result, cat: Catalogue, plan: Plan | None, assessor: str | None,
                 date: dt.date, font: str, lang: str = "zh") -> None:
        super().__init__(font, lang)
        self.a, self.r, self.cat = a, r, cat
        self.rs = cat.ruleset(r.ruleset)
        self.profile = cat.profile(r.profile)
        self.assessor = assessor if assessor is not None else a.enterprise.assessor
        self.date = date
        self.path: list[Step] = improvement_path(r, a, cat)
        target = r.next_level or next((lv.id for lv in r.levels if not lv.reached), None)
        if plan is None and target:  # the next level; without a threshold, what it needs in any case
            plan = plan_to_level(a, r, target, cat)
        self.plan = plan
        self.thresholds = [Threshold(short(self.w(lv.name)), lv.min_total) for lv in r.levels
                           if lv.min_total is not None]
        self.failed_names = [self.w(g.name) for g in r.gates if g.state == "fail"] + [
            self.w(i.name) for i in r.indicators if i.id in r.failed_gates]
        self.unanswered = [g for g in r.gates if g.state == "unanswered"]

    # ---- look-ups ------------------------------------------------------------------------------------

    def item(self, item_id: str) -> Gate | Indicator | None:
        return self.rs.item(item_id) or next((g for g in self.profile.gates if g.id == item_id), None)

    def evidence_texts(self, item_id: str) -> list[str]:
        it = self.item(item_id)
        return [e.get(self.lang) for e in it.evidence] if it else []

    def evidence_state(self, item_id: str) -> str:
        ev = self.a.evidence.get(item_id)
        return ev.state if ev and ev.state else "unset"

    def dim_name(self, dim_id: str) -> str:
        return next((self.w(d.name) for d in self.r.dimensions if d.id == dim_id), dim_id)

    def effort(self, e: str) -> str:
        return self.L(f"effort_{e}") if e in ("low", "medium", "high") else e

    def date_text(self) -> str:
        d = self.date
        return self.L("date_fmt", year=d.year, month=d.month, day=d.day, iso=d.isoformat())

    @staticmethod
    def highlight(rows: int, tone: str) -> tuple:
        return ("BACKGROUND", (0, rows), (-1, rows), TONE_BG[tone])

    # ---- cover and commitment ------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        L = self.L
        return [Spacer(1, 70), self.para(L("title"), "title"), Spacer(1, 10), self.para(L("subtitle"), "subtitle"),
                Spacer(1, 50), self.cover_info(), *self.profile_basis(), Spacer(1, 40),
                self.para(L("generated_note"), "note")]

    def cover_info(self) -> Table:
        """The basic information table of the cover (also the submission package's cover)."""
        L, a, r = self.L, self.a, self.r
        e = a.enterprise
        industry = e.industry
        if e.industry:
            ind = self.cat.reference.industry(e.industry[:2])
            industry = f"{e.industry} {ind.name.get(self.lang)}" if ind else e.industry
        scale = {"above": L("above"), "below": L("below")}.get(e.scale, "")
        if scale:
            industry += self.paren(scale)
        town = e.town
        if e.town:
            t = next((t for t in self.cat.district.towns if t.id == e.town), None)
            town = t.name.get(self.lang) if t else e.town
        rows = [
            (L("enterprise"), [e.name]),
            (L("uscc"), [e.uscc]),
            (L("industry"), [industry]),
            (L("town"), [town]),
            (L("edition"), [self.rs.edition]),
            (L("ruleset"), [self.w(r.ruleset_name), L("ruleset_version", version=r.ruleset_version)]),
            (L("profile"), [self.w(r.profile_name)]),
            (L("year"), [str(a.year)]),
            (L("date"), [self.date_text()]),
            (L("assessor"), [self.assessor]),
        ]
        data = [[self.para(k, "cell"),
                 [self.para(v, "body") for v in vs if v] or [self.para(L("not_filled"), "body_grey")]]
                for k, vs in rows]
        info = Table(data, colWidths=[120, 330], hAlign="CENTER")
        info.setStyle(plain_table_style(
            self.font,
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (0, -1), GREEN_LIGHT),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ))
        return info

    def profile_basis(self) -> list[Flowable]:
        """The profile's caveat on its level (宁波: the national score against 75/85), boxed under the cover table."""
        basis = self.profile.basis
        if basis is None:
            return []
        title = self.para(self.L("profile_basis", profile=self.w(self.r.profile_name)), "h3")
        box = Table([[[title, self.para(basis.get(self.lang), "body")]]], colWidths=[450], hAlign="CENTER")
        box.setStyle(plain_table_style(self.font, ("BOX", (0, 0), (-1, -1), 0.8, GRID),
                                       ("BACKGROUND", (0, 0), (-1, -1), AMBER_LIGHT),
                                       ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)))
        return [Spacer(1, 14), box]

    def commitment(self) -> list[Flowable]:
        L = self.L
        line = L("sign_line")
        rows: list[list[Flowable | str]] = [[self.para(L(k)), self.para(line)] for k in ("legal_rep", "seal", "assessor_sign")]
        rows.append(["", self.drawable(L("sign_date"))])  # drawn by the table: a Paragraph would fold the blanks
        sign = Table(rows, colWidths=[190, 260], hAlign="CENTER")
        sign.setStyle(plain_table_style(self.font, ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTSIZE", (0, 0), (-1, -1), 10),
                                        ("TOPPADDING", (0, 0), (-1, -1), 22)))
        return [Spacer(1, 30), self.para(L("commitment"), "title"), Spacer(1, 30), self.para(self.commitment_text()),
                Spacer(1, 40), sign]

    def commitment_text(self) -> str:
        """The 真实性承诺 in words, addressed to the enterprise when it is named."""
        name = self.a.enterprise.name
        return (self.L("commitment_lead", name=name) if name else "") + self.L("commitment_text")

    # ---- 一、结论摘要 ----------------------------------------------------------------------------------

    def summary(self) -> list[Flowable]:
        L, r = self.L, self.r
        if self.failed_names:
            elig, tone = L("eligible_no"), "red"
        elif self.unanswered:
            elig, tone = L("eligible_pending"), "amber"
        else:
            elig, tone = L("eligible_yes"), "green"
        blocked = bool(self.failed_names or self.unanswered)
        if r.next_level and r.distance_to_next is not None:
            nxt = f"{r.distance_to_next:.2f}"
            key = "to_next_blocked" if blocked and r.distance_to_next <= 0 else "to_next"
            nxt_label = L(key, name=short(self.w(r.next_level_name)))
        elif r.level and all(lv.reached for lv in r.levels):
            nxt, nxt_label = "—", L("highest")
        else:
            nxt, nxt_label = "—", L("threshold_unset_short")
        total_label = L("total_of", label=L("total"), max=f"{r.max_total:g}")
        level_tile = (short(self.w(r.possible_level_name)), L("level_possible")) if r.level_status == "possible" \
            and r.possible_level_name else (short(self.w(r.level_name)) or L("level_none"), L("level"))
        tiles = [(f"{r.total:.2f}", total_label, "green"), (*level_tile, "green"),
                 (nxt, nxt_label, "green"), (elig, L("eligibility"), tone)]
        room = WIDTH / 4 - 12
        tile_table = Table([[[self.para(v, ("figure_" if stringWidth(v, self.font, 17) <= room else "figure_small_") + t),
                              self.para(k, "figure_label")] for v, k, t in tiles]],
                           colWidths=[WIDTH / 4] * 4)
        tile_table.setStyle(plain_table_style(
            self.font,
            ("BACKGROUND", (0, 0), (2, 0), GREEN_LIGHT),
            ("BACKGROUND", (3, 0), (3, 0), TONE_BG[tone]),
            ("LINEAFTER", (0, 0), (2, 0), 2, WHITE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
        ))
        out: list[Flowable] = [self.para(L("s1"), "h1"), tile_table, Spacer(1, 8)]
        out += [self.para(text, style) for text, style in self.conclusion_sentences()]
        out += [Spacer(1, 4), self.summary_charts()]

        pct = [100 * d.score / d.max if d.max else 0 for d in r.dimensions]
        dim_rows: list[list[Cell]] = [[self.w(d.name), f"{d.score:.2f}", f"{d.max:g}", f"{p:.0f}%"]
                                      for d, p in zip(r.dimensions, pct, strict=True)]
        dim_rows.append([L("total"), f"{r.total:.2f}", f"{r.max_total:g}",
                         f"{(100 * r.total / r.max_total if r.max_total else 0):.0f}%"])
        dim_table = self.table([L("dimension"), L("score"), L("max"), L("rate")], dim_rows, [112, 50, 40, 48],
                               extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT"), self.highlight(len(dim_rows), "green")])
        evidence_gaps = sum(1 for g in r.gaps if g.kind == "evidence")
        potential = self.path[-1].total_after if self.path else r.total
        failed = len(self.failed_names)
        key_rows: list[list[Cell]] = [
            [L("failed_gates"), T(L("n_items", n=failed), "cell_red") if failed else L("none")],
            [L("unanswered_gates"), T(L("n_items", n=len(self.unanswered)), "cell_amber") if self.unanswered
             else L("none")],
            [L("completeness"), L("complete") if r.complete else T(L("incomplete", n=len(r.missing)), "cell_amber")],
            [L("gap_count"), f"{len(r.gaps) - evidence_gaps} / {evidence_gaps}"],
            [L("potential"), f"{potential:.2f}"],
        ]
        key_table = self.table([L("item"), L("figure_value")], key_rows, [150, 85])
        side = Table([[[self.para(L("dim_table"), "h3"), dim_table], [self.para(L("key_figures"), "h3"), key_table]]],
                     colWidths=[260, 235])
        side.setStyle(plain_table_style(self.font, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)))
        out.append(side)
        if r.missing:
            sep = self.colon
            lines = [f"{self.w(i.name)}{sep}{self.names(i.missing)}" for i in r.indicators
                     if i.state in ("missing_input", "missing_benchmark", "unanswered")]
            shown = lines[:MAX_LISTED]
            if len(lines) > MAX_LISTED:
                shown.append(L("more", n=len(lines) - MAX_LISTED))
            if self.unanswered:
                shown.insert(0, L("gates_unanswered_detail", n=len(self.unanswered)))
            half = (len(shown) + 1) // 2
            columns = Table([[self.paras("· " + x for x in shown[:half]), self.paras("· " + x for x in shown[half:])]],
                            colWidths=[WIDTH / 2] * 2)
            columns.setStyle(plain_table_style(self.font, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                               ("LEFTPADDING", (0, 0), (-1, -1), 0)))
            out += [self.para(L("missing_title"), "h3"), columns]
        if r.warnings:
            out += [self.para(L("warnings_title"), "h3"), *self.paras("· " + self.w(w.message) for w in r.warnings)]
        return out

    def summary_charts(self) -> Table:
        L, r, plan = self.L, self.r, self.plan
        with_plan = plan is not None and plan.reachable and bool(plan.steps)
        rates = [100 * d.score / d.max if d.max else 0 for d in r.dimensions]
        after = None
        if with_plan and plan is not None:
            gain: dict[str, float] = {}
            for s in plan.steps:
                gain[s.dimension] = gain.get(s.dimension, 0) + s.points
            after = [100 * (d.score + gain.get(d.id, 0)) / d.max if d.max else 0 for d in r.dimensions]
        legend = (L("bar_now"), L("plan_title", name=short(self.w(plan.level_name))) if plan else "")
        size = (WIDTH / 2 - 4, 196)
        radar_d = radar([self.w(d.name) for d in r.dimensions], rates, self.font, after=after, size=size, legend=legend)
        bars = [(L("bar_now"), r.total)]
        if with_plan and plan is not None:
            bars.append((L("bar_plan", name=short(self.w(plan.level_name))), plan.final_total))
        bars.append((L("bar_potential"), self.path[-1].total_after if self.path else r.total))
        bars_d = total_bars(bars, self.thresholds, r.max_total, self.font, size=size)
        charts = Table([[self.para(L("radar_title"), "h3"), self.para(L("bars_title"), "h3")], [radar_d, bars_d]],
                       colWidths=[WIDTH / 2] * 2)
        charts.setStyle(plain_table_style(self.font, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                          ("LEFTPADDING", (0, 0), (-1, -1), 0)))
        return charts

    def conclusion_sentences(self) -> list[tuple[str, str]]:
        """The verdict in words, as (text, style); every number is taken from the Result or the plan."""
        L, r = self.L, self.r
        blocked = bool(self.failed_names or self.unanswered)
        level = L("summary_reached", level=self.w(r.level_name)) if r.level_name else L("summary_no_level")
        s = L("summary_total", ruleset=self.w(r.ruleset_name), profile=self.w(r.profile_name), total=f"{r.total:.2f}",
              max=f"{r.max_total:g}", level=level)
        if blocked and r.next_level and r.distance_to_next is not None and r.distance_to_next <= 0:
            s += L("summary_blocked", name=self.w(r.next_level_name))
        elif r.next_level and r.distance_to_next is not None:
            s += L("summary_to_next", name=self.w(r.next_level_name), d=f"{r.distance_to_next:.2f}")
        out = [(s, "body")]
        if r.range is not None and r.range.max > r.range.min:
            out.append((L("range_sentence", lo=f"{r.range.min:.2f}", hi=f"{r.range.max:.2f}",
                          n=len(r.range.open_items)), "body_amber"))
        if r.level_status == "possible" and r.possible_level_name:
            out.append((L("possible_sentence", level=self.w(r.possible_level_name)), "body_amber"))
        if r.yardstick_set is not None:
            out.append((L("yardstick_set_sentence", name=r.yardstick_set.name, version=r.yardstick_set.version,
                          source=r.yardstick_set.source), "body"))
        entered = sum(1 for i in r.indicators if i.state != "not_applicable"
                      and any(b is not None and b.origin == "entered" for b in (i.baseline, i.leading)))
        if entered:
            out.append((L("self_reported_sentence", n=entered), "body"))
        if self.failed_names:
            out.append((L("gates_failed", n=len(self.failed_names), names=self.list_sep.join(self.failed_names)),
                        "body_red"))
        elif not self.unanswered:
            out.append((L("gates_all_pass"), "body"))
        if self.unanswered:
            out.append((L("gates_unanswered", n=len(self.unanswered)), "body_amber"))
        if not r.complete:
            out.append((L("incomplete_sentence", n=len(r.missing)), "body_amber"))
        top = [g for g in r.gaps if g.kind == "indicator"][:3]
        if top:
            names = self.list_sep.join(self.w(g.name) + self.paren(f"+{g.recoverable:.2f}") for g in top)
            out.append((L("largest_gaps", names=names), "body"))
        if self.plan and not self.plan.already:
            out.append((self.w(self.plan.note), "body" if self.plan.reachable else "body_amber"))
        return out

    # ---- 二、否决项与基本要求 --------------------------------------------------------------------------

    def gates(self) -> list[Flowable]:
        L, r = self.L, self.r
        verdict = {"pass": (L("pass"), "green"), "fail": (L("fail"), "red"), "unanswered": (L("unanswered"), "amber")}
        rows: list[list[Cell]] = []
        extra: list[tuple] = []
        for n, g in enumerate(r.gates, 1):
            text, tone = verdict[g.state]
            name: list[Part] = [self.w(g.name)] + ([T(self.paren(L("origin_profile")).strip(), "cell_small")] if g.origin == "profile"
                                           else [])
            evidence = self.bullets(self.evidence_texts(g.id), 4, 80)
            state = self.evidence_state(g.id)
            if state != "unset":
                evidence.append(T(f"{L('status')}{self.colon}{L('ev_' + state)}", "cell_small"))
            rows.append([str(n), name, T(text, f"cell_{tone}"), [self.w(g.reason), T(g.clause, "cell_small")],
                         evidence or "—"])
            if g.state != "pass":
                extra.append(self.highlight(n, tone))
        out: list[Flowable] = [self.para(L("s2"), "h1")]
        mandatory = [i for i in r.indicators if i.mandatory]
        if mandatory:
            out.append(self.para(L("gates_sub"), "h2"))
        failed = [self.w(g.name) for g in r.gates if g.state == "fail"]
        if failed:
            out.append(self.para(L("gates_failed", n=len(failed), names=self.list_sep.join(failed)), "body_red"))
        if self.unanswered:
            out.append(self.para(L("gates_unanswered_detail", n=len(self.unanswered)), "body_amber"))
        if not failed and not self.unanswered:
            out.append(self.para(L("gates_all_pass")))
        out.append(self.table(["#", L("item"), L("verdict"), L("reason"), L("evidence")], rows,
                              [22, 150, 45, 128, 150], extra))
        if mandatory:
            m_rows: list[list[Cell]] = []
            m_extra: list[tuple] = []
            for n, i in enumerate(mandatory, 1):
                if i.state != "scored":
                    text, tone = L("unanswered"), "amber"
                elif i.fraction >= 1:
                    text, tone = L("met"), "green"
                else:
                    text, tone = L("not_met"), "red"
                m_rows.append([str(n), self.w(i.name), T(text, f"cell_{tone}"), self.dim_name(i.dimension),
                               self.bullets(self.evidence_texts(i.id), 3, 80) or "—"])
                if tone != "green":
                    m_extra.append(self.highlight(n, tone))
            out += [self.para(L("mandatory_sub"), "h2"),
                    self.table(["#", L("item"), L("verdict"), L("dimension"), L("evidence")], m_rows,
                               [22, 170, 45, 88, 170], m_extra)]
        return out

    # ---- 三、分维度评价 --------------------------------------------------------------------------------

    def value_cell(self, i: IndicatorResult) -> Cell:
        L = self.L
        if i.state == "not_applicable":
            return T(L("state_not_applicable"), "cell_grey")
        if i.state == "missing_input":
            return [T(L("state_missing_input"), "cell_red"), T(self.names(i.missing), "cell_small")]
        if i.state == "unanswered":
            return T(L("state_unanswered"), "cell_amber")
        if i.kind in QUANT:
            text = f"{fmt_num(i.value)} {fmt_unit(i.unit, self.lang)}".strip()
            if i.state in ("missing_benchmark", "implausible"):
                return [text, T(L(f"state_{i.state}"), "cell_amber")]
            return text
        if isinstance(i.answer, bool):
            return L("yes") if i.answer else L("no")
        return self.w(i.answer_label) if i.answer_label else (i.answer or "")

    def bench_cell(self, i: IndicatorResult, which: str) -> Cell:
        b = getattr(i, which)
        if i.kind not in QUANT or i.state == "not_applicable" or b is None:
            return "—"
        if b.value is None:
            return T(self.L("origin_missing"), "cell_amber")
        origin = "origin_profile_b" if b.origin == "profile" else f"origin_{b.origin}"
        return [fmt_num(b.value), T(self.L(origin), "cell_small")]

    def source_cell(self, i: IndicatorResult) -> Cell:
        L = self.L
        parts: list[Part] = [T(f"{L('points_src')}{self.colon}{i.source} [{i.confidence}]", "cell_small")]
        b = i.baseline
        if i.kind in QUANT and b is not None and b.value is not None and b.source:
            conf = f" [{b.confidence}]" if b.confidence else ""
            parts.append(T(f"{L('bench_src')}{self.colon}{clip(self.w(b.source), 60)}{conf}", "cell_small"))
        if i.kind == "qualitative" and i.formula:
            parts.append(T(clip(self.w(i.formula), 90), "cell_small"))
        return parts

    def dimensions(self) -> list[Flowable]:
        L, r = self.L, self.r
        out: list[Flowable] = [self.para(L("s3"), "h1")]
        for k, d in enumerate(r.dimensions):
            rows: list[list[Cell]] = []
            extra: list[tuple] = [("ALIGN", (4, 1), (4, -1), "RIGHT")]
            for n, i in enumerate((i for i in r.indicators if i.dimension == d.id), 1):
                name: list[Part] = [self.w(i.name)] + ([T(L("mandatory_mark"), "cell_small")] if i.mandatory else [])
                pts = "—" if i.state == "not_applicable" else f"{i.weighted:.2f} / {i.weighted_max:.2f}"
                rows.append([name, self.value_cell(i), self.bench_cell(i, "baseline"), self.bench_cell(i, "leading"),
                             pts, self.source_cell(i)])
                if i.state not in ("scored", "not_applicable"):
                    extra.append(self.highlight(n, "amber"))
                elif i.mandatory and i.fraction < 1 and i.state == "scored":
                    extra.append(self.highlight(n, "red"))
            heading = self.para(L("dim_heading", n=ordinal(k, L), name=self.w(d.name), score=f"{d.score:.2f}",
                                  max=f"{d.max:g}"), "h2")
            table = self.table([L("indicator"), L("value"), L("baseline"), L("leading"), L("points"), L("source")],
                               rows, [118, 82, 55, 55, 58, 127], extra)
            out += [CondPageBreak(120), heading, table]
            for i in r.indicators:
                if i.dimension == d.id and i.products and i.state != "not_applicable":
                    out += [Spacer(1, 4), self.para(L("products_title", name=self.w(i.name)), "h3"), self.products_table(i)]
        out += [Spacer(1, 6), self.para(L("confidence_legend"), "note")]
        return out

    def products_table(self, i: IndicatorResult) -> Table:
        """Each main product against its own quota grades (after corrections) and whether it counts."""
        L = self.L
        rows: list[list[Cell]] = []
        for p in i.products:
            share = "—" if p.fraction is None else f"{100 * p.fraction:.1f}%"
            rows.append([p.name, T(p.standard or p.quota, "cell_small"),
                         f"{fmt_num(p.value)} {fmt_unit(p.unit, self.lang)}".strip() if p.value is not None
                         else T(L("state_missing_input"), "cell_red"),
                         fmt_num(p.baseline), fmt_num(p.leading), fmt_num(p.weight), share,
                         L("yes") if p.counted else L("no")])
        return self.table([L("product"), L("product_quota"), L("value"), L("product_grade2"), L("product_grade1"),
                           L("product_weight_" + PRODUCT_METRICS.get(i.metric or "", "energy")), L("rate"),
                           L("product_counted")], rows,
                          [95, 80, 62, 45, 45, 58, 52, 58])

    # ---- 四、差距清单 ----------------------------------------------------------------------------------

    def gaps(self) -> list[Flowable]:
        L, r = self.L, self.r
        out: list[Flowable] = [self.para(L("s4"), "h1")]
        if not r.gaps:
            return [*out, self.para(L("no_gaps"))]
        out.append(self.para(L("gaps_intro"), "note"))
        rows: list[list[Cell]] = []
        extra: list[tuple] = [("ALIGN", (2, 1), (2, -1), "RIGHT")]
        for n, g in enumerate(r.gaps, 1):
            blocker = g.kind in ("gate", "mandatory")
            name: list[Part] = [*([T(L("blocker"), "cell_red")] if blocker else []), self.w(g.name)]
            if g.dimension:
                name.append(T(self.dim_name(g.dimension), "cell_small"))
            actions: list[Part] = [T(f"· {clip(self.w(x), 90)}{self.paren(self.effort(x.effort))}")
                                   for x in g.actions[:3]]
            evidence = self.bullets([self.w(e) for e in g.evidence], 3, 60) + ([T(g.clause, "cell_small")] if g.clause else [])
            gain = f"+{g.recoverable:.2f}" if g.recoverable > 1e-9 else "—"
            rows.append([str(n), name, gain, clip(self.w(g.problem), 160), actions or "—", evidence or "—"])
            if blocker:
                extra.append(self.highlight(n, "red"))
        out.append(self.table(["#", L("gap_item"), L("recoverable"), L("problem"), L("actions"), L("evidence_clause")],
                              rows, [20, 98, 40, 112, 125, 100], extra))
        return out

    # ---- 五、改进路线 ----------------------------------------------------------------------------------

    def steps_table(self, steps: list[Step]) -> Table:
        L = self.L
        rows: list[list[Cell]] = []
        extra: list[tuple] = [("ALIGN", (3, 1), (4, -1), "RIGHT"), ("ALIGN", (2, 1), (2, -1), "CENTER")]
        for n, s in enumerate(steps, 1):
            gain: Cell = f"+{s.points:.2f}" if s.points > 1e-9 else T(L("unblocks"), "cell_red")
            change = change_text(s)
            effort: Cell = [T(self.effort(s.effort)), T(self.w(change), "cell_small")] if change else self.effort(s.effort)
            rows.append([str(n), [self.w(s.name), T(clip(self.w(s.action), 70), "cell_small")], effort,
                         gain, f"{s.total_after:.2f}",
                         T(self.list_sep.join(short(self.w(x)) for x in s.crosses_names), "cell_green")])
            if s.crosses:
                extra.append(self.highlight(n, "green"))
            elif s.blocker:
                extra.append(self.highlight(n, "red"))
        return self.table(["#", L("gap_item"), L("effort"), L("gain"), L("cumulative"), L("crosses")], rows,
                          [24, 226, 60, 55, 60, 70], extra)

    def path_section(self) -> list[Flowable]:
        L, r = self.L, self.r
        out: list[Flowable] = [self.para(L("s5"), "h1")]
        if not self.path:
            return [*out, self.para(L("no_path"))]
        out.append(self.para(L("path_intro"), "note"))
        blockers = sum(1 for s in self.path if s.blocker)
        chart = path_chart(r.total, [s.total_after for s in self.path], blockers, self.thresholds, r.max_total,
                           self.font, size=(WIDTH, 190), start_label=L("start"))
        out += [self.para(L("path_chart"), "h3"), chart, Spacer(1, 6), self.steps_table(self.path)]
        plan = self.plan
        if plan is not None and not plan.already:
            out += [CondPageBreak(140), self.para(L("plan_title", name=self.w(plan.level_name)), "h2"),
                    self.para(self.w(plan.note), "body" if plan.reachable else "body_amber")]
            if plan.steps:
                out.append(self.steps_table(plan.steps))
        return out

    # ---- 六、证明材料索引 ------------------------------------------------------------------------------

    def evidence_index(self) -> list[Flowable]:
        L, r = self.L, self.r
        counts = {"ready": 0, "missing": 0, "na": 0, "unset": 0}
        tone = {"ready": "green", "missing": "red", "na": "grey", "unset": "amber"}
        rows: list[list[Cell]] = []
        extra: list[tuple] = []
        number = 0

        def add(item_id: str, name: str, not_applicable: bool = False) -> None:
            nonlocal number
            number += 1
            state = "na" if not_applicable else self.evidence_state(item_id)
            counts[state] += 1
            note = self.a.evidence.get(item_id)
            rows.append([str(number), name, self.bullets(self.evidence_texts(item_id), 8, 90) or "—",
                         T(L("ev_" + state), f"cell_{tone[state]}"), clip(note.note, 120) if note and note.note else ""])
            if state == "missing":
                extra.append(self.highlight(len(rows), "red"))

        def group(title: str) -> None:
            rows.append([T(title, "cell_green"), "", "", "", ""])
            extra.extend([("SPAN", (0, len(rows)), (-1, len(rows))), self.highlight(len(rows), "green")])

        group(L("gates_group"))
        for g in r.gates:
            add(g.id, self.w(g.name))
        for d in r.dimensions:
            group(self.w(d.name))
            for i in r.indicators:
                if i.dimension == d.id:
                    add(i.id, self.w(i.name), i.state == "not_applicable")
        return [self.para(L("s6"), "h1"), self.para(L("evidence_intro"), "note"), self.para(L("ev_summary", **counts)),
                self.table(["#", L("item"), L("evidence"), L("status"), L("note")], rows, [24, 130, 200, 45, 96],
                           extra)]

