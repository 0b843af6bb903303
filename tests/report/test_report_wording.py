"""The report's wording (issue 13 item 4): the working reads value = inputs × factor, the energy tier is a sentence,
the cover names the edition and the rule-set, and a profile's basis caveat stands boxed on the cover."""

from __future__ import annotations

from pathlib import Path

from criteria import Catalogue
from report import build_report
from scoring.engine import score
from scoring.example import example_assessment
from tests.report.report_helpers import needs_poppler, pdf_pages, squash

pytestmark = needs_poppler




def _pages(cat: Catalogue, tmp_path: Path, lang: str, profile: str = "ningbo_star") -> list[str]:
    a = example_assessment("gbt36132_2025_platform", profile, catalogue=cat)
    return pdf_pages(build_report(a, score(a, cat), lang=lang, catalogue=cat), tmp_path)


def test_working_reads_inputs_times_factor_equals_value(cat: Catalogue, tmp_path: Path) -> None:
    text = squash("".join(_pages(cat, tmp_path, "zh")))
    electricity = example_assessment(catalogue=cat).inputs.energy["electricity"]
    tce = electricity * 0.1229 / 1000
    assert f"电力{electricity:,.0f}kWh×0.1229kgce/kWh={tce:,.1f}tce" in text
    assert "电力×0.1229kgce/kWh=" not in text  # the old, backwards form
    assert "年综合能耗1,597.9tce，属于“年综合能耗3000tce以下”档，可再生能源利用率按该档的基准值和引领值评分" in text
    assert "年综合能耗档位=" not in text


def test_cover_names_edition_rule_set_and_the_profile_basis(cat: Catalogue, tmp_path: Path) -> None:
    cover = squash(_pages(cat, tmp_path, "zh")[0])
    assert "依据标准GB/T36132-2025" in cover and "规则集第1版" in cover and "版本1" not in cover
    assert "等级依据（宁波市星级绿色工厂）" in cover and "评分表尚未公开" in cover and "75分三星" in cover
    en = squash(_pages(cat, tmp_path, "en")[0])
    assert "StandardGB/T36132-2025" in en and "isnotpublished" in en
    legacy = squash(_pages(cat, tmp_path, "zh", "hebei_star")[0])
    assert "等级依据（河北省绿色工厂星级评价" in legacy and "宁波" not in legacy
