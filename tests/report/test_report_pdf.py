"""The gap report read back as a reader would: pdftotext for the content, pdffonts for the embedded font."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from criteria import Catalogue
from locales import render
from report import build_report
from report.layout import fmt_num, short
from report.styles import esc
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Assessment, Enterprise, Evidence, Result
from tests.report.report_helpers import needs_poppler, pdf_fonts, pdf_pages, pdf_text, squash

pytestmark = needs_poppler

NASTY = '<b>Evil & "Co"</b> 宁波<script>alert(1)</script> &amp; 绿源'
LONG = "宁波市海曙区某某" + "特别长的企业名称" * 22 + "有限公司"


def _report(a: Assessment, cat: Catalogue, lang: str = "zh") -> tuple[Result, bytes]:
    r = score(a, cat)
    return r, build_report(a, r, lang=lang, catalogue=cat)


@pytest.fixture(scope="module")
def ex25(cat: Catalogue) -> tuple[Assessment, Result, bytes]:
    a = example_assessment(catalogue=cat)
    return a, *_report(a, cat)


@pytest.fixture(scope="module")
def failing18(cat: Catalogue) -> tuple[Assessment, Result, bytes]:
    """2018 rule-set, a hostile and very long name, two failed basic requirements and a failed local gate."""
    a = example_assessment("gbt36132_2018", catalogue=cat)
    a.enterprise = a.enterprise.model_copy(update={"name": NASTY + LONG[: 200 - len(NASTY)],
                                                    "assessor": 'A&B "咨询" <x>'})
    for g in [g.id for g in cat.ruleset("gbt36132_2018").gates][:2]:
        a.answers[g] = False
    a.answers["muni_benefit_class"] = "C"
    a.evidence["basic_legal_compliance"] = Evidence(state="missing", note='<i>缺</i> & "待补"')
    return a, *_report(a, cat)


@pytest.fixture(scope="module")
def empty(cat: Catalogue) -> tuple[Assessment, Result, bytes]:
    a = Assessment(enterprise=Enterprise(name="几乎空白的企业"), answers={"basic_no_violation_3y": True})
    return a, *_report(a, cat)


def test_example_report_has_name_total_level_and_top_gaps(ex25: tuple[Assessment, Result, bytes],
                                                          tmp_path: Path) -> None:
    a, r, pdf = ex25
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    flat = squash(text)
    assert squash(a.enterprise.name) in flat
    assert f"{r.total:.2f}" in text
    assert r.level_name and squash(render("zh", r.level_name)) in flat
    for g in [g for g in r.gaps if g.kind == "indicator"][:5]:
        assert squash(render("zh", g.name)) in flat, g.name
    for heading in ("真实性承诺", "一、结论摘要", "二、否决项与基本要求", "三、分维度评价", "四、差距清单",
                    "五、改进路线", "六、证明材料索引", "附录"):
        assert heading in text
    assert a.enterprise.uscc in text
    for field in ("法定代表人（签字）", "企业（盖章）"):
        assert squash(field) in flat


def test_every_indicator_and_gate_is_listed(ex25: tuple[Assessment, Result, bytes], tmp_path: Path) -> None:
    _, r, pdf = ex25
    flat = squash(pdf_text(pdf, tmp_path))
    for item in [*r.gates, *r.indicators]:
        assert squash(render("zh", item.name)) in flat, item.name


def test_cjk_font_is_embedded_and_nothing_else_is_used(ex25: tuple[Assessment, Result, bytes],
                                                       tmp_path: Path) -> None:
    fonts = pdf_fonts(ex25[2], tmp_path)
    assert fonts
    for row in fonts:
        name, emb = row[0], row[-5]
        assert emb == "yes", f"font {name} is not embedded"
        assert "TrueType" in row, row
    assert b"FontFile2" in ex25[2]


def test_pages_are_numbered_with_the_enterprise_in_the_header(ex25: tuple[Assessment, Result, bytes],
                                                               tmp_path: Path) -> None:
    a, _, pdf = ex25
    pages = pdf_pages(pdf, tmp_path)
    total = len(pages)
    assert total >= 10
    for n, page in enumerate(pages[1:], 2):
        assert f"第 {n} 页 / 共 {total} 页" in page
        assert a.enterprise.name in page
    assert "第 1 页" not in pages[0]  # the cover carries no furniture


def test_failed_gates_and_mandatory_items_are_shown(failing18: tuple[Assessment, Result, bytes],
                                                    tmp_path: Path) -> None:
    _, r, pdf = failing18
    text = pdf_text(pdf, tmp_path)
    flat = squash(text)
    assert "不具备申报资格" in text
    failed = [g for g in r.gates if g.state == "fail"]
    assert len(failed) == 3
    for g in failed:
        assert squash(render("zh", g.name)) in flat
        assert squash(render("zh", g.reason)) in flat
    assert "未通过" in text and "否决" in text
    assert "必选项" in text  # the 2018 rule-set's mandatory items have their own table
    assert "解除否决" in text  # the path unblocks before it adds points


def test_user_text_is_escaped_not_interpreted(failing18: tuple[Assessment, Result, bytes], tmp_path: Path) -> None:
    a, _, pdf = failing18
    pages = pdf_pages(pdf, tmp_path)
    flat = squash("".join(pages))
    assert squash(a.enterprise.name) in flat  # on the cover, tags and entities exactly as typed
    assert squash('A&B "咨询" <x>') in flat
    assert squash('<i>缺</i> & "待补"') in flat
    header = pages[2].splitlines()[0]
    assert header.startswith('<b>Evil & "Co"</b>') and header.endswith("…")  # long names are cut in the header


def test_table_header_rows_repeat_across_pages(failing18: tuple[Assessment, Result, bytes], tmp_path: Path) -> None:
    pages = pdf_pages(failing18[2], tmp_path)
    gap_pages = [p for p in pages if "证明材料 · 条款" in p]
    assert len(gap_pages) >= 2  # the gap list spans pages and each one starts with its header row


def test_an_almost_empty_assessment_still_gives_a_useful_report(empty: tuple[Assessment, Result, bytes],
                                                                tmp_path: Path) -> None:
    _, r, pdf = empty
    text = pdf_text(pdf, tmp_path)
    flat = squash(text)
    assert "几乎空白的企业" in text
    assert "0.00" in text
    assert "资格待定" in text and "未作答" in text
    assert "评价尚不完整" in text and "尚缺数据" in text
    assert "（未填写）" in text  # cover blanks are visible, not silently empty
    for g in r.gaps[:3]:
        assert squash(render("zh", g.name)) in flat
    assert "缺少数据" in text  # the gap list says what is missing
    assert "最省力方案" in text


def test_english_option(cat: Catalogue, tmp_path: Path) -> None:
    a = example_assessment(catalogue=cat)
    r, pdf = _report(a, cat, "en")
    text = pdf_text(pdf, tmp_path)
    for heading in ("1. Summary of conclusions", "4. Gap list", "5. Improvement path", "6. Evidence index",
                    "Declaration of truthfulness", "Page 2 of"):
        assert heading in text
    assert f"{r.total:.2f}" in text
    top = [render("en", g.name) for g in r.gaps if g.kind == "indicator"][:2]
    assert squash(f"{top[0]} (+") in squash(text) and "、" not in text.split("Largest gaps")[1].split(".")[0]


def test_one_result_gives_the_report_in_either_language(ex25: tuple[Assessment, Result, bytes], cat: Catalogue,
                                                        tmp_path: Path) -> None:
    """A Result carries no language: the report's `lang` puts its names and messages in words."""
    a, r, _ = ex25
    flat = squash(pdf_text(build_report(a, r, lang="en", catalogue=cat), tmp_path))
    gap = next(g for g in r.gaps if g.kind == "indicator")
    assert squash(render("en", gap.name)) in flat and squash(render("zh", gap.name)) not in flat
    assert squash(render("en", r.profile_name)) in flat
    for leak in ("zh='", "en='", "Msg(", "code=", "Text("):
        assert leak not in flat


def test_an_unknown_language_is_refused(ex25: tuple[Assessment, Result, bytes]) -> None:
    a, r, _ = ex25
    with pytest.raises(ValueError, match="lang"):
        build_report(a, r, lang="fr")


def test_assessor_and_date_on_the_cover(ex25: tuple[Assessment, Result, bytes], cat: Catalogue,
                                        tmp_path: Path) -> None:
    import datetime as dt

    a, r, _ = ex25
    pdf = build_report(a, r, catalogue=cat, assessor="海曙绿色制造咨询中心", report_date=dt.date(2026, 3, 30))
    cover = pdf_text(pdf, tmp_path, first=1, last=1)
    assert "海曙绿色制造咨询中心" in cover and "2026年3月30日" in cover


def test_pages_render_to_png(ex25: tuple[Assessment, Result, bytes], tmp_path: Path) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(ex25[2])
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "3", str(path), str(tmp_path / "p")],
                   check=True, capture_output=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 3 and all(p.stat().st_size > 1000 for p in pngs)


@pytest.mark.parametrize(("text", "expected"), [
    ('<b>&"', "&lt;b&gt;&amp;&quot;"),
    ("a\nb", "a<br/>b"),
    ("bell\x07tab\t", "belltab\t"),
])
def test_esc(text: str, expected: str) -> None:
    assert esc(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, "—"), (0, "0"), (0.026630866, "0.02663"), (13.8448, "13.84"), (1597.852, "1,597.9"),
    (60000, "60,000"), (9_000_000, "9,000,000"), (120.0, "120"), (0.0001234, "1.23e-04"),
])
def test_fmt_num(value: float | None, expected: str) -> None:
    assert fmt_num(value) == expected


def test_short_level_names() -> None:
    assert short("三星（区县级绿色工厂）") == "三星"
    assert short("Four stars (municipal)") == "Four stars"
    assert short("国家级") == "国家级"
