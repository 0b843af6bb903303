"""Report charts as reportlab.graphics Drawings (vector, embedded font, no extra dependency):
a radar of the dimension score rates, the total against the level thresholds, and the improvement path.
The charts draw numbers they are given; they decide none."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from report.layout import fit_width
from report.styles import AMBER, GREEN, GREEN_LIGHT, GREEN_MID, GREY, GRID, RED, TEXT

RING = colors.HexColor("#D5DDD8")
LEVEL_COLOURS = [colors.HexColor("#3C8D5F"), colors.HexColor("#1F6FB2"), colors.HexColor("#8E44AD"),
                 colors.HexColor("#B26A00")]


@dataclass(frozen=True)
class Threshold:
    name: str
    value: float


def radar(names: list[str], rates: list[float], font: str, *, after: list[float] | None = None,
          size: tuple[float, float] = (240, 200), legend: tuple[str, str] | None = None) -> Drawing:
    """Score rate (0–100 %) per dimension; rings at 25/50/75/100 %; an optional second strand (after a plan)."""
    w, h = size
    d = Drawing(w, h, initialFontName=font)
    chart = SpiderChart()
    r = min(w, h - (14 if legend else 0)) / 2 - 26
    # types-reportlab types a chart's position and size as int (from its defaults); reportlab takes floats
    chart.x, chart.y = w / 2 - r, (h + (14 if legend else 0)) / 2 - r  # type: ignore[assignment]
    chart.width = chart.height = 2 * r  # type: ignore[assignment]
    n = len(names)
    rings = [[pct] * n for pct in (100, 75, 50, 25)]
    series = [[max(0.0, min(100.0, v)) for v in rates]]
    if after is not None:
        series.insert(0, [max(0.0, min(100.0, v)) for v in after])
    chart.data = rings + series
    chart.labels = [fit_width(name, font, 8, 72) for name in names]
    chart.startAngle = 90
    chart.direction = "clockwise"
    chart.strokeColor = None
    for i in range(4):
        chart.strands[i].strokeColor = RING
        chart.strands[i].fillColor = None
        chart.strands[i].strokeWidth = 0.6 if i else 0.9
    k = 4
    if after is not None:
        chart.strands[k].strokeColor = GREEN_MID
        chart.strands[k].strokeDashArray = (3, 2)
        chart.strands[k].fillColor = None
        chart.strands[k].strokeWidth = 1
        k += 1
    chart.strands[k].strokeColor = GREEN
    chart.strands[k].fillColor = colors.Color(0.24, 0.55, 0.37, alpha=0.28)
    chart.strands[k].strokeWidth = 1.4
    chart.strands[k].symbol = "FilledCircle"
    chart.strands[k].symbolSize = 3.5
    for i in range(n):
        angle = math.radians(90 - 360 * i / n)
        chart.spokes[i].strokeColor = RING
        chart.spokes[i].strokeWidth = 0.5
        chart.spokes[i].labelRadius = 1.07
        # anchor each label on the side facing the chart, so long names grow outwards, never over the web
        c, s = math.cos(angle), math.sin(angle)
        chart.spokeLabels[i].boxAnchor = "w" if c > 0.3 else "e" if c < -0.3 else "s" if s > 0 else "n"
        chart.spokeLabels[i].fontName = font
        chart.spokeLabels[i].fontSize = 8
        chart.spokeLabels[i].fillColor = TEXT
    d.add(chart)
    if legend:
        y = 4
        # types-reportlab's Rect(**kw) lacks Unpack[...], so every style keyword is refused
        d.add(Rect(8, y, 9, 6, fillColor=chart.strands[k].fillColor, strokeColor=GREEN, strokeWidth=0.8))  # type: ignore[arg-type]
        d.add(String(20, y, legend[0], fontName=font, fontSize=7, fillColor=GREY))
        if after is not None:
            x = 30 + stringWidth(legend[0], font, 7)
            d.add(Line(x, y + 3, x + 10, y + 3, strokeColor=GREEN_MID, strokeDashArray=(3, 2)))
            d.add(String(x + 13, y, legend[1], fontName=font, fontSize=7, fillColor=GREY))
    return d


def total_bars(bars: list[tuple[str, float]], thresholds: list[Threshold], max_total: float, font: str, *,
               size: tuple[float, float] = (240, 200)) -> Drawing:
    """Horizontal bars (now, after closing gaps) on a 0–max scale, with a dashed line per level threshold."""
    w, h = size
    d = Drawing(w, h, initialFontName=font)
    left, right, top, bottom = 74, 12, 34, 26
    pw = w - left - right
    scale = pw / max_total if max_total > 0 else 1

    def x_of(v: float) -> float:
        return left + max(0.0, min(max_total, v)) * scale

    band = (h - top - bottom) / max(len(bars), 1)
    bar_h = min(24, band * 0.55)
    for tick in range(0, int(max_total) + 1, 20):
        d.add(Line(x_of(tick), bottom, x_of(tick), h - top, strokeColor=GRID, strokeWidth=0.4))
        d.add(String(x_of(tick), bottom - 11, f"{tick}", fontName=font, fontSize=7, fillColor=GREY,
                     textAnchor="middle"))
    d.add(Line(left, bottom, left + pw, bottom, strokeColor=GREY, strokeWidth=0.6))
    for i, (label, value) in enumerate(bars):
        y = h - top - band * (i + 0.5) - bar_h / 2
        colour = GREEN if i == 0 else GREEN_LIGHT
        # types-reportlab's Rect(**kw) lacks Unpack[...], so every style keyword is refused
        d.add(Rect(left, y, x_of(value) - left, bar_h, fillColor=colour, strokeColor=GREEN, strokeWidth=0.6))  # type: ignore[arg-type]
        d.add(String(left - 4, y + bar_h / 2 - 3, fit_width(label, font, 8, left - 6), fontName=font, fontSize=8,
                     fillColor=TEXT, textAnchor="end"))
        on_dark = i == 0 and x_of(value) - left > 30
        d.add(String(left + 4, y + bar_h / 2 - 3, f"{value:.1f}", fontName=font, fontSize=8,
                     fillColor=colors.white if on_dark else GREEN))
    placed: list[float] = []
    for j, t in enumerate(thresholds):
        x = x_of(t.value)
        colour = LEVEL_COLOURS[j % len(LEVEL_COLOURS)]
        d.add(Line(x, bottom, x, h - top + 4, strokeColor=colour, strokeWidth=1, strokeDashArray=(3, 2)))
        row = sum(1 for p in placed if abs(p - x) < 40)  # stagger labels of close thresholds
        placed.append(x)
        d.add(String(x, h - top + 7 + 10 * row, f"{fit_width(t.name, font, 7, 96)} {t.value:g}", fontName=font,
                     fontSize=7, fillColor=colour, textAnchor="middle"))
    return d


def path_chart(start: float, totals: list[float], blockers: int, thresholds: list[Threshold], max_total: float,
               font: str, *, size: tuple[float, float] = (495, 190), start_label: str = "0") -> Drawing:
    """Running total after each step (step 0 = now); blocker steps (no points) drawn in red;
    dashed lines at the level thresholds."""
    w, h = size
    d = Drawing(w, h, initialFontName=font)
    left, right, top, bottom = 34, 104, 12, 24
    pw, ph = w - left - right, h - top - bottom
    values = [start, *totals]
    lo = max(0.0, min(min(values), *(t.value for t in thresholds)) - 5) if thresholds else max(0.0, min(values) - 5)
    lo = float(int(lo // 10 * 10))
    hi = max_total
    n = max(len(totals), 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + pw * i / n, bottom + ph * (max(lo, min(hi, v)) - lo) / (hi - lo or 1)

    for tick in range(int(lo), int(hi) + 1, 10):
        _, y = xy(0, tick)
        d.add(Line(left, y, left + pw, y, strokeColor=GRID, strokeWidth=0.4))
        d.add(String(left - 4, y - 2.5, f"{tick}", fontName=font, fontSize=7, fillColor=GREY, textAnchor="end"))
    every = max(1, -(-n // 20))
    for i in range(0, n + 1, every):
        x, _ = xy(i, lo)
        d.add(String(x, bottom - 11, start_label if i == 0 else str(i), fontName=font, fontSize=7, fillColor=GREY,
                     textAnchor="middle"))
    for j, t in enumerate(thresholds):
        colour = LEVEL_COLOURS[j % len(LEVEL_COLOURS)]
        _, y = xy(0, t.value)
        d.add(Line(left, y, left + pw, y, strokeColor=colour, strokeWidth=0.9, strokeDashArray=(4, 2)))
        d.add(String(left + pw + 4, y - 2.5, f"{fit_width(t.name, font, 7, right - 22)} {t.value:g}", fontName=font,
                     fontSize=7, fillColor=colour))
    points: list[float] = []
    for i, v in enumerate(values):
        points.extend(xy(i, v))
    d.add(PolyLine(points, strokeColor=GREEN, strokeWidth=1.6))
    for i, v in enumerate(values):
        x, y = xy(i, v)
        colour = RED if 0 < i <= blockers else (AMBER if i == 0 else GREEN)
        d.add(Circle(x, y, 2.6, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5))
    x, y = xy(0, start)
    d.add(String(x + 5, y - 9, f"{start:.1f}", fontName=font, fontSize=7, fillColor=AMBER))
    x, y = xy(len(totals), values[-1])
    d.add(String(x, y + 6, f"{values[-1]:.1f}", fontName=font, fontSize=7, fillColor=GREEN, textAnchor="middle"))
    return d
