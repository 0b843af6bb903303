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


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler-utils not installed")
def test_the_report_shows_the_replacement_and_says_so(tmp_path) -> None:
    from criteria import load_catalogue
    from report import build_report
    from scoring.engine import score
    from scoring.example import example_assessment
    from tests.report.report_helpers import pdf_text

    a = example_assessment()
    a = a.model_copy(update={"enterprise": a.enterprise.model_copy(update={"name": "示例机械🌱有限公司"})})
    try:
        pdf = build_report(a, score(a, load_catalogue()))
    except CJKFontError:
        pytest.skip("no Chinese TrueType font on this machine")
    text = pdf_text(pdf, tmp_path)
    assert f"示例机械{REPLACEMENT}有限公司" in text
    assert "报告字体无法显示的字符已以" in text and "U+1F331" in text
    plain = build_report(example_assessment(), score(example_assessment(), load_catalogue()))
    assert "报告字体无法显示" not in pdf_text(plain, tmp_path)  # no note when nothing was replaced
