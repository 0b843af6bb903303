"""The 镇街×维度 heatmap labels every town (issue 13, item 3: Vega-Lite dropped every other label when they
crowded) and its tooltip names its fields in words, not column ids."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[2] / "views" / "pool.py"


def _layers(spec: dict) -> list[dict]:
    return [layer for layer in spec.get("layer", []) if isinstance(layer, dict)]


def test_every_town_row_is_labelled_and_the_tooltip_is_chinese() -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    at.button(key="pool-demo").click().run()
    assert not at.exception, at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    heat = next(s for s in specs if any(layer.get("mark", {}) in ("rect", {"type": "rect"}) for layer in _layers(s)))
    rect = next(layer for layer in _layers(heat) if layer.get("mark") in ("rect", {"type": "rect"}))
    y = rect["encoding"]["y"] if "y" in rect.get("encoding", {}) else heat["encoding"]["y"]
    assert y["axis"]["labelOverlap"] is False
    titles = [tip.get("title") for tip in rect["encoding"]["tooltip"]]
    assert titles == ["镇街", "维度", "平均得分率（%）", "企业数"]
