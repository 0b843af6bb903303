"""Characters the embedded Chinese font lacks (issue 14): named, and drawn as a visible replacement."""

from __future__ import annotations

import pytest

from report.fonts import REPLACEMENT, CJKFontError, drawable, lacking


def test_an_emoji_is_replaced_visibly_and_named() -> None:
    try:
        text, missing = drawable("示例机械🌱有限公司")
    except CJKFontError:
        pytest.skip("no Chinese TrueType font on this machine")
    assert missing == ["🌱"]
    assert text == f"示例机械{REPLACEMENT}有限公司"
    assert not lacking(REPLACEMENT)  # the replacement itself can be drawn
    assert drawable("绿色工厂 Green 123") == ("绿色工厂 Green 123", [])
