"""Benchmark: the full gap report of the example assessment versus a one-page PDF, measured in one run.

    .venv/bin/python bench/report.py [--ruleset gbt36132_2025_platform] [--profile ningbo_star] [--repeat 7]

The one-page PDF uses the same embedded CJK font, a heading, three paragraphs and a 15-row table, so the ratio
says what the report's ~16 pages, charts, plan and appendix cost over the fixed price of any PDF. The full-report
time includes scoring and the what-if plan (what the wizard's download button pays). Font registration happens
once per process and is reported on its own. Prints medians, the ratio, and whether the report stays under the
0.5 s goal; numbers depend on the machine, so compare the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from bench.timing import median_s
from criteria import load_catalogue
from report import build_report, cjk_font
from report.styles import Styles, grid_table_style
from scoring.engine import score
from scoring.example import example_assessment

GOAL_S = 0.5




def one_page(font: str) -> bytes:
    st = Styles(font)
    text = "绿色工厂自评价：依据 GB/T 36132-2025，定量指标在基准值与引领值之间线性计分，" * 4
    rows = [["指标", "实际值", "基准值", "引领值", "得分"]] + [
        [f"指标 {i}", f"{i * 1.5:.2f}", "1.0", "2.0", f"{i % 8}.00"] for i in range(15)]
    buf = BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(
        [Paragraph("一、结论摘要", st["h1"]), *[Paragraph(text, st["body"]) for _ in range(3)],
         Table(rows, repeatRows=1, style=grid_table_style(font, rows=len(rows)))])
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ruleset", default="gbt36132_2025_platform")
    p.add_argument("--profile", default="ningbo_star")
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args(argv)

    start = time.perf_counter()
    font = cjk_font()
    font_s = time.perf_counter() - start
    cat = load_catalogue()
    a = example_assessment(args.ruleset, args.profile, cat)

    def full() -> bytes:
        return build_report(a, score(a, cat), catalogue=cat)

    pdf = full()  # warm up both
    page = one_page(font.name)
    one_s = median_s(lambda: one_page(font.name), args.repeat)
    full_s = median_s(full, args.repeat)

    print(f"font: {font.path} (registered once, {font_s:.2f} s)")
    print(f"example: {args.ruleset} / {args.profile}; report {len(pdf) / 1024:.0f} KiB, "
          f"{pdf.count(b'/Type /Page') - pdf.count(b'/Type /Pages')} pages; one-page PDF {len(page) / 1024:.0f} KiB")
    print(f"one-page PDF (median of {args.repeat}): {one_s * 1000:8.1f} ms")
    print(f"full report incl. scoring and plan (median of {args.repeat}): {full_s * 1000:8.1f} ms")
    print(f"ratio full report / one page: {full_s / one_s:8.1f}×")
    print(f"full report under {GOAL_S:g} s: {'yes' if full_s < GOAL_S else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
