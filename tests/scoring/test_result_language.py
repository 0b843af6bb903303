"""A Result carries no language (issue 9): `score()` takes no `lang`, names are catalogue `Text` and explanations
`Msg` codes, and the edge renders one and the same Result in Chinese or in English. The words survive a JSON round
trip of the Result (catalogue text and messages inside message parameters come back as plain dicts)."""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

import pytest
from pydantic import BaseModel

from criteria import Catalogue, load_catalogue
from criteria.schema import Reference
from locales import Msg, in_words, render
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Assessment, Benchmark, Result
from scoring.report_text import result_text
from scoring.samples import sample_assessment
from tests.scoring.scoring_synthetic import make_catalogue, perfect_assessment

CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(words: str) -> bool:
    return bool(CJK.search(words))


def english(words: str) -> bool:
    """Mostly Latin letters (English text keeps units such as 万元 and terms such as 亩均 in Chinese)."""
    return bool(re.search(r"[A-Za-z]{3,}", words)) and len(re.findall(r"[A-Za-z]", words)) > 2 * len(CJK.findall(words))


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def troubled(shipped: Catalogue) -> tuple[Assessment, Result]:
    """The example with one gate failed, one unanswered, the output value missing and green power above the
    purchased electricity: a Result with failed-gate reasons, missing items, gap problems and warnings."""
    a = example_assessment(catalogue=shipped)
    rs = shipped.ruleset(a.ruleset)
    failed, dropped = rs.gates[0], rs.gates[1]
    assert not failed.options and not dropped.options  # yes/no gates, so the reasons below are the yes/no ones
    a.answers[failed.id] = not failed.pass_if
    del a.answers[dropped.id]
    a.inputs.output_value_wan = None
    a.inputs.green_power_trade_kwh = 10 * (a.inputs.energy.get("electricity") or 1)
    return a, score(a, shipped)


def _results(shipped: Catalogue, troubled: tuple[Assessment, Result]) -> dict[str, Result]:
    fibre_2025 = sample_assessment("fibre")
    fibre_2025.year = 2025  # GB 36889-2018 applies and is not shipped: the products' missing-item messages
    return {"troubled": troubled[1], "example": score(example_assessment(catalogue=shipped), shipped),
            "cement": score(sample_assessment("cement")), "fibre": score(sample_assessment("fibre")),
            "fibre_2025": score(fibre_2025), "blank": score(Assessment(), shipped)}


# ---- (1) no language in, both languages out --------------------------------------------------------------------


def test_score_takes_no_language(shipped: Catalogue) -> None:
    assert "lang" not in inspect.signature(score).parameters
    assert "lang" not in Result.model_fields
    with pytest.raises(TypeError):
        score(example_assessment(catalogue=shipped), shipped, lang="en")  # type: ignore[call-arg]


def test_one_result_renders_names_in_both_languages(shipped: Catalogue, troubled: tuple[Assessment, Result]) -> None:
    _, r = troubled
    names = [r.ruleset_name, r.profile_name, *(d.name for d in r.dimensions), *(g.name for g in r.gates),
             *(i.name for i in r.indicators), *(lv.name for lv in r.levels), *(g.name for g in r.gaps)]
    assert names
    for name in names:
        zh, en = render("zh", name), render("en", name)
        assert chinese(zh), zh
        assert english(en) and en != zh, (zh, en)
    assert [render("zh", d.name) for d in r.dimensions] == [d.name.zh for d in shipped.ruleset(r.ruleset).dimensions]


def test_one_result_renders_gate_reasons_in_both_languages(troubled: tuple[Assessment, Result]) -> None:
    _, r = troubled
    gates = {g.id: g for g in r.gates}
    failed, dropped = gates[r.failed_gates[0]], next(g for g in r.gates if g.state == "unanswered")
    assert failed.state == "fail"
    assert render("zh", failed.reason) == "不符合：" + render("zh", failed.name)
    assert render("en", failed.reason) == "not met: " + render("en", failed.name)
    assert (render("zh", dropped.reason), render("en", dropped.reason)) == ("未作答", "not answered")
    passed = next(g for g in r.gates if g.state == "pass" and isinstance(g.answer, bool))
    assert (render("zh", passed.reason), render("en", passed.reason)) == ("符合", "met")


def test_one_result_renders_missing_items_in_both_languages(troubled: tuple[Assessment, Result]) -> None:
    _, r = troubled
    dropped = next(g for g in r.gates if g.state == "unanswered")
    zh, en = [render("zh", m) for m in r.missing], [render("en", m) for m in r.missing]
    assert f"基本要求「{render('zh', dropped.name)}」未作答" in zh
    assert f"basic requirement '{render('en', dropped.name)}' not answered" in en
    assert any("工业总产值" in m for m in zh) and any("Gross industrial output value" in m for m in en)
    assert all(chinese(m) for m in zh) and all(english(m) for m in en), en


def test_one_result_renders_gap_problems_and_warnings_in_both_languages(troubled: tuple[Assessment, Result]) -> None:
    _, r = troubled
    problems = [(render("zh", g.problem), render("en", g.problem)) for g in r.gaps]
    assert any(zh.startswith("缺少数据：") and en.startswith("missing data: ") for zh, en in problems)
    assert all(chinese(zh) and english(en) for zh, en in problems), problems
    warnings = [(render("zh", w.message), render("en", w.message)) for w in r.warnings]
    assert ("绿电交易电量与绿证电量之和超过外购电量，请检查是否重复计算",
            "green power plus GECs exceed purchased electricity: check for double counting") in warnings
    assert all(chinese(zh) and english(en) for zh, en in warnings), warnings


def test_a_list_parameter_is_joined_in_the_language(reference: Reference) -> None:
    a = perfect_assessment()
    a = a.model_copy(update={"benchmarks": {"e_renew": Benchmark()}})  # neither 基准值 nor 引领值
    r = score(a, make_catalogue(reference))
    gap = next(g for g in r.gaps if g.item_id == "e_renew")
    assert render("zh", gap.problem) == "未设定基准值、引领值"
    assert render("en", gap.problem) == "benchmark not set: baseline, leading value"


def test_answer_label_is_bilingual_and_the_answer_stays_as_entered(troubled: tuple[Assessment, Result]) -> None:
    a, r = troubled
    row = next(i for i in r.indicators if i.kind == "qualitative" and i.answer_label is not None)
    assert row.answer == a.answers[row.id]  # the rubric level id, not words
    assert chinese(render("zh", row.answer_label)) and english(render("en", row.answer_label))


# ---- (2) in words: plain data, JSON-able ---------------------------------------------------------------------------


def _objects(x: Any, path: str = "") -> list[str]:
    """Paths in plain data that hold anything but str, numbers, bool, None, lists and str-keyed dicts."""
    if x is None or isinstance(x, str | int | float | bool):
        return []
    if isinstance(x, dict):
        return [p for k, v in x.items() for p in ([f"{path}.{k}"] if not isinstance(k, str) else _objects(v, f"{path}.{k}"))]
    if isinstance(x, list):
        return [p for n, v in enumerate(x) for p in _objects(v, f"{path}[{n}]")]
    return [f"{path}: {type(x).__name__}"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", ["troubled", "example", "cement", "fibre", "fibre_2025", "blank"])
def test_in_words_is_plain_json_data(shipped: Catalogue, troubled: tuple[Assessment, Result], case: str,
                                     lang: str) -> None:
    r = _results(shipped, troubled)[case]
    data = in_words(r, lang)
    assert _objects(data) == []
    assert not any(isinstance(v, Msg | BaseModel) for v in _leaves(data))
    text = json.dumps(data, ensure_ascii=False)
    assert "zh=" not in text and "code=" not in text and "Msg(" not in text
    assert json.loads(text) == data
    assert [g["reason"] for g in data["gates"]] == [render(lang, g.reason) for g in r.gates]
    assert data["missing"] == [render(lang, m) for m in r.missing]
    assert [g["problem"] for g in data["gaps"]] == [render(lang, g.problem) for g in r.gaps]
    assert [w["message"] for w in data["warnings"]] == [render(lang, w.message) for w in r.warnings]
    assert data["ruleset_name"] == render(lang, r.ruleset_name)


def _leaves(x: Any) -> list[Any]:
    if isinstance(x, dict):
        return [leaf for v in x.values() for leaf in _leaves(v)]
    if isinstance(x, list):
        return [leaf for v in x for leaf in _leaves(v)]
    return [x]


def test_in_words_keeps_an_actions_effort(troubled: tuple[Assessment, Result]) -> None:
    _, r = troubled
    gap = next(g for g in r.gaps if g.actions)
    data = in_words(gap, "en")
    assert data["actions"] == [{"text": act.get("en"), "effort": act.effort} for act in gap.actions]
    assert data["evidence"] == [e.get("en") for e in gap.evidence]


# ---- (3) a JSON round trip keeps the words -------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["troubled", "example", "cement", "fibre", "fibre_2025", "blank"])
def test_result_round_trip_renders_the_same_words(shipped: Catalogue, troubled: tuple[Assessment, Result],
                                                  case: str) -> None:
    r = _results(shipped, troubled)[case]
    dumped = json.loads(json.dumps(r.model_dump(mode="json"), ensure_ascii=False))
    back = Result.model_validate(dumped)
    for lang in ("zh", "en"):
        assert in_words(back, lang) == in_words(r, lang), lang
        assert result_text(back, lang) == result_text(r, lang), lang
        assert [render(lang, m) for m in back.missing] == [render(lang, m) for m in r.missing]


def test_round_trip_exercises_dict_parameters(troubled: tuple[Assessment, Result]) -> None:
    """After the round trip a gate reason's `name` parameter is a `{"zh", "en"}` dict and a list of product names
    stays a list: both are still words in the right language."""
    _, r = troubled
    back = Result.model_validate(r.model_dump(mode="json"))
    failed = next(g for g in back.gates if g.state == "fail")
    assert isinstance(failed.reason.params["name"], dict)
    assert render("en", failed.reason) == "not met: " + render("en", failed.name)
    assert render("zh", failed.reason) == "不符合：" + render("zh", failed.name)
    bound = next(m for m in back.missing if m.code == "engine.gate_missing")
    assert isinstance(bound.params["name"], dict) and "'zh'" not in render("en", bound)


# ---- (4) the terminal text never shows a catalogue text's repr ----------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sample", ["cement", "fibre"])
def test_result_text_has_no_repr(sample: str, lang: str) -> None:
    r = score(sample_assessment(sample))
    text = result_text(r, lang)
    assert "zh=" not in text and "Msg(" not in text and "Text(" not in text
    assert render(lang, r.ruleset_name) in text
    for d in r.dimensions:
        assert render(lang, d.name) in text
    other = "en" if lang == "zh" else "zh"
    assert not any(render(other, d.name) in text for d in r.dimensions)  # the words are in `lang` only


@pytest.mark.parametrize(("field", "value", "zh_text", "en_text"), [
    (("enterprise", "uscc"), "91330203XXXXXXXX", "统一社会信用代码无效", "unified social credit code"),
    (("enterprise", "industry"), "C13", "行业代码应为", "industry code must be"),
    (("inputs", "energy_saving_output_share_pct"), 120, "百分比不能超过 100", "cannot exceed 100"),
])
def test_the_models_own_checks_are_worded_in_the_readers_language(field, value, zh_text, en_text):
    from scoring.io import parse_lenient

    data = {field[0]: {field[1]: value}}
    _, zh_problems = parse_lenient(data, "zh")
    _, en_problems = parse_lenient(data, "en")
    assert len(zh_problems) == 1 and zh_text in zh_problems[0]
    assert len(en_problems) == 1 and en_text in en_problems[0] and zh_text not in en_problems[0]
