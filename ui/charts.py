"""On-screen charts (altair): bars per dimension and a radar of the dimensions' share of their weight.

Vega-Lite has no radar mark, so the radar is drawn from polar coordinates: rings, spokes, the polygon of
score ÷ weight per dimension, and the labels. Only geometry is computed here; the numbers are the Result's.
"""

from __future__ import annotations

import copy
import math
from functools import lru_cache

import altair as alt
import pandas as pd

from scoring.models import Result
from scoring.yardstick_set import YardstickEntry
from ui.i18n import say_msg, t

GREEN = "#1a7f37"
GREY = "#e5e7eb"
FONT = "WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"


Dims = tuple[tuple[str, float, float], ...]  # (name, score, max) per dimension
Labels = tuple[str, ...]


def _dims(result: Result) -> Dims:
    return tuple((say_msg(d.name), round(d.score, 6), d.max) for d in result.dimensions)


def bars_spec(result: Result) -> dict:
    """The bar chart as a Vega-Lite dict, built once per distinct data (altair's validation is slow)."""
    labels = (t("chart.points"), t("chart.dimension"), t("chart.score"), t("chart.weight"))
    return copy.deepcopy(_bars(_dims(result), labels))


def radar_spec(result: Result) -> dict:
    return copy.deepcopy(_radar(_dims(result), (t("chart.dimension"), t("chart.share"))))


@lru_cache(maxsize=512)
def _bars(dims: Dims, labels: Labels) -> dict:
    return dimension_bars(dims, labels).to_dict()


@lru_cache(maxsize=512)
def _radar(dims: Dims, labels: Labels) -> dict:
    return radar(dims, labels).to_dict()


def dimension_bars(dims: Dims, labels: Labels) -> alt.LayerChart:
    points, dimension, score, weight = labels
    df = pd.DataFrame([{"dim": name, "score": round(sc, 2), "max": mx, "label": f"{sc:.2f} / {mx:g}"}
                       for name, sc, mx in dims])
    base = alt.Chart(df).encode(y=alt.Y("dim:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)))
    full = base.mark_bar(color=GREY).encode(x=alt.X("max:Q", title=points))
    got = base.mark_bar(color=GREEN).encode(
        x="score:Q", tooltip=[alt.Tooltip("dim:N", title=dimension), alt.Tooltip("score:Q", title=score),
                              alt.Tooltip("max:Q", title=weight)])
    text = base.mark_text(align="left", dx=4, font=FONT).encode(x="max:Q", text="label:N")
    return alt.layer(full, got, text).properties(height=44 * len(df) + 20).configure_axis(
        labelFont=FONT, titleFont=FONT, labelFontSize=13)


def _point(i: int, n: int, r: float) -> tuple[float, float]:
    angle = math.pi / 2 - 2 * math.pi * i / n
    return r * math.cos(angle), r * math.sin(angle)


def radar(dims: Dims, labels: Labels) -> alt.LayerChart:
    dimension, share_title = labels
    n = len(dims)
    rings = []
    for level in (0.25, 0.5, 0.75, 1.0):
        for i in range(n + 1):
            x, y = _point(i % n, n, level)
            rings.append({"ring": level, "order": i, "x": x, "y": y})
    spokes, texts, poly = [], [], []
    for i, (name, sc, mx) in enumerate(dims):
        x, y = _point(i, n, 1.0)
        spokes.append({"x": 0.0, "y": 0.0, "x2": x, "y2": y})
        lx, ly = _point(i, n, 1.2)
        share = sc / mx if mx else 0.0
        texts.append({"x": lx, "y": ly, "text": f"{name} {share * 100:.0f}%"})
    for i in range(n + 1):
        name, sc, mx = dims[i % n]
        share = sc / mx if mx else 0.0
        x, y = _point(i % n, n, share)
        poly.append({"order": i, "x": x, "y": y, "dim": name, "share": round(share * 100, 1)})
    scale = alt.Scale(domain=[-1.8, 1.8])  # room for the labels at r = 1.2 (centred, up to ≈ 110 px wide)
    xy = {"x": alt.X("x:Q", scale=scale, axis=None), "y": alt.Y("y:Q", scale=scale, axis=None)}
    ring = alt.Chart(pd.DataFrame(rings)).mark_line(color=GREY).encode(**xy, order="order:Q", detail="ring:N")
    spoke = alt.Chart(pd.DataFrame(spokes)).mark_rule(color=GREY).encode(**xy, x2="x2:Q", y2="y2:Q")
    shape = alt.Chart(pd.DataFrame(poly)).mark_line(color=GREEN, strokeWidth=2.5, point=alt.OverlayMarkDef(color=GREEN, size=50)).encode(
        **xy, order="order:Q",
        tooltip=[alt.Tooltip("dim:N", title=dimension), alt.Tooltip("share:Q", title=share_title)])
    text = alt.Chart(pd.DataFrame(texts)).mark_text(font=FONT, fontSize=12).encode(**xy, text="text:N")
    return alt.layer(ring, spoke, shape, text).properties(width=380, height=380).configure_view(strokeWidth=0)


def histogram_spec(entry: YardstickEntry) -> dict:
    """The spread behind one district yardstick: firms per value bin, with 基准值 and 引领值 marked."""
    assert entry.spread is not None
    bins, counts = entry.spread.bins, entry.spread.counts
    rows = [{"from": bins[i], "to": bins[i + 1], "n": counts[i]} for i in range(len(counts))]
    marks = [{"v": v, "what": label} for v, label in ((entry.baseline, t("bench.baseline_short")),
                                                        (entry.leading, t("bench.leading_short"))) if v is not None]
    x = {"field": "from", "type": "quantitative", "title": t("ys.hist_value"), "bin": {"binned": True}}
    return {
        "width": "container", "height": 220,
        "layer": [
            {"data": {"values": rows}, "mark": {"type": "bar", "color": "#5b8def"},
             "encoding": {"x": x, "x2": {"field": "to"},
                          "y": {"field": "n", "type": "quantitative", "title": t("ys.hist_firms")}}},
            {"data": {"values": marks}, "mark": {"type": "rule", "strokeWidth": 2},
             "encoding": {"x": {"field": "v", "type": "quantitative"},
                          "color": {"field": "what", "type": "nominal", "title": None}}},
        ],
    }
