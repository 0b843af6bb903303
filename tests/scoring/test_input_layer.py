"""Issue 14 through the single-assessment entry points (`python -m scoring score`, the wizard's JSON import, which
both read with `scoring.io.read_assessment`): files built here, fictitious numbers."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locales import render
from scoring.cells import CellProblem, clean_free_text, decode_text, normalise_uscc, number_text, sniff_delimiter
from scoring.cli import EXIT_INCOMPLETE, EXIT_INPUT, main
from scoring.engine import score
from scoring.example import example_assessment
from scoring.io import InputError, dump_assessment, load_json, parse_assessment, read_assessment


def _example(**inputs: object) -> dict[str, object]:
    d = json.loads(dump_assessment(example_assessment()))
    d["inputs"].update(inputs)
    return d


def _run(tmp_path, capsys, data: bytes) -> tuple[int, str, str]:
    f = tmp_path / "a.json"
    f.write_bytes(data)
    code = main(["score", str(f)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("data", "fragments"), [
    (b'{"year": 2025, "year": 2024}', ["「year」出现了不止一次"]),
    (json.dumps({"inputs": {"output_value_wan": True}}).encode(), ["inputs.output_value_wan", "逻辑值"]),
    (json.dumps({"inputs": {"energy": {"electricity": False}}}).encode(), ["inputs.energy.electricity", "逻辑值"]),
    (_xlsx(), ["这是 Excel 文件", "python -m pool batch"]),
    (b"PK\x05\x06" + b"\x00" * 18, ["ZIP 压缩包", "python -m pool batch"]),
    (b'{"a" 1}', ["第 1 行第 6 列", "键后缺少冒号"]),
    (b'{"a": 1,}', ["键名应使用英文双引号"]),
    (b"", ["此处应有一个值"]),
    (("[" * 40 + "]" * 40).encode(), ["嵌套层数过深"]),
])
def test_refused_json_exits_2_with_a_chinese_message(tmp_path, capsys, data: bytes, fragments: list[str]) -> None:
    code, out, err = _run(tmp_path, capsys, data)
    assert code == EXIT_INPUT and out == ""
    for fragment in fragments:
        assert fragment in err, err
    assert "Expecting" not in err and "Traceback" not in err


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_json_in_utf8_with_or_without_bom_and_utf16_with_bom(tmp_path, capsys, encoding: str) -> None:
    code, out, _ = _run(tmp_path, capsys, json.dumps(_example(), ensure_ascii=False).encode(encoding))
    assert code == 0 and out


def test_control_characters_are_removed_with_a_notice(tmp_path, capsys) -> None:
    d = _example()
    d["enterprise"]["name"] = "示例\u0000机械\u000b有限公司\u0001\u202e（虚构）"  # type: ignore[index]
    a, notices = read_assessment(json.dumps(d))
    assert a.enterprise.name == "示例机械有限公司（虚构）"
    assert [render("zh", n) for n in notices] == ["字段 enterprise.name（企业名称） 中的控制字符或文字方向控制符已删除"]
    code, _, err = _run(tmp_path, capsys, json.dumps(d).encode())
    assert code == 0 and "控制字符" in err


def test_zero_output_value_is_incomplete_as_in_the_wizard(tmp_path, capsys) -> None:
    d = _example(output_value_wan=0)
    wizard = score(parse_assessment(json.dumps(d)))  # the wizard scores what it parsed
    assert wizard.complete is False
    code, out, err = _run(tmp_path, capsys, json.dumps(d).encode())
    assert code == EXIT_INCOMPLETE and out
    assert "工业总产值" in err and "不能为 0" in err and "退出码 3" in err


def test_a_fraction_in_a_percent_field_is_a_warning_not_a_change() -> None:
    a = parse_assessment(json.dumps(_example(energy_saving_output_share_pct=0.95)))
    assert a.inputs.energy_saving_output_share_pct == 0.95
    warnings = [w for w in score(a).warnings if w.field == "energy_saving_output_share_pct"]
    assert warnings and "95" in render("zh", warnings[0].message)


def test_uscc_full_width_and_inner_spaces() -> None:
    for typed in ("９１３３０２０３ＸＮ００００００１Ｋ", "9133 0203 XN00 0000 1K", "91330203xn0000001k\u3000"):
        assert parse_assessment(json.dumps({"enterprise": {"uscc": typed}})).enterprise.uscc == "91330203XN0000001K"
        assert normalise_uscc(typed) == "91330203XN0000001K"


# ---- the shared rules themselves ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "unit", "value"), [
    ("１２３", "", 123.0), ("1,234,567.5", "万元", 1234567.5), ("95%", "%", 95.0), (" 8 ", "", 8.0), ("1e3", "", 1000.0),
    ("2025.3", "万元", 2025.3),
])
def test_number_text(typed: str, unit: str, value: float) -> None:
    assert number_text(typed, unit) == value


@pytest.mark.parametrize(("typed", "code"), [
    ("2025-03-01", "intake.date_text"), ("2025年3月", "intake.date_text"), ("12 吨", "intake.unit_text"),
    ("95%", "intake.unit_text"), ("-", "intake.placeholder"), ("abc", "intake.not_number_unit"),
    ("2025.3.1", "intake.date_text"), ("2025-03-01 10:00", "intake.date_text"),
])
def test_number_text_refusals(typed: str, code: str) -> None:
    with pytest.raises(CellProblem) as exc:
        number_text(typed, "t")
    assert exc.value.message.code == code


def test_text_decoding_and_delimiters() -> None:
    text = "企业名称;代码\n甲;1\n"
    for enc in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        assert decode_text(text.encode(enc)) == text
    assert sniff_delimiter(text) == ";" and sniff_delimiter("a\tb\n1\t2\n") == "\t" and sniff_delimiter("a,b") == ","
    assert clean_free_text("甲\r\n乙\t丙") == ("甲 乙 丙", False)
    assert clean_free_text("甲\r\n乙", multiline=True) == ("甲\n乙", False)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_fuzzed_json_is_read_or_refused_with_a_message(data: bytes) -> None:
    try:
        load_json(data)
    except InputError as exc:
        assert exc.problems and all(render("zh", p) for p in exc.problems)


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=10),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
                    max_leaves=20))
def test_fuzzed_assessments_never_raise_anything_but_input_error(value: object) -> None:
    try:
        read_assessment(json.dumps({"inputs": value, "enterprise": value}))
    except InputError as exc:
        assert all("Expecting" not in render("zh", p) for p in exc.problems)
