"""`python -m scoring` as a user runs it: a subprocess, JSON on stdin or in a file, exit codes and messages.

Bad input exits 2 with a Chinese message that names the field (or the id or file), never with a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | bytes = b"") -> subprocess.CompletedProcess[str]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    env = {**os.environ, "PYTHONUTF8": "1"}
    proc = subprocess.run([sys.executable, "-m", "scoring", *args], input=data, capture_output=True, cwd=REPO_ROOT,
                          env=env, timeout=60, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


@pytest.fixture(scope="module")
def example_json() -> str:
    p = run("example")
    assert p.returncode == 0, p.stderr
    return p.stdout


def score_json(stdin: str, *extra: str, code: int = 0) -> dict[str, Any]:
    """The JSON result; `code` is the exit code expected: 0 complete, 3 incomplete (scoring.cli.EXIT_INCOMPLETE)."""
    p = run("score", "-", "--format", "json", *extra, stdin=stdin)
    assert p.returncode == code, p.stderr
    assert "Traceback" not in p.stderr
    return json.loads(p.stdout)


# ---- the happy paths ---------------------------------------------------------------------------------------------


def test_example_scores_eligible_with_five_dimensions(example_json: str) -> None:
    r = score_json(example_json)
    assert r["eligible"] is True and r["complete"] is True and r["failed_gates"] == []
    assert r["ruleset"] == "gbt36132_2025_platform"
    assert len(r["dimensions"]) == 5
    assert 0 < r["total"] <= r["max_total"] == 100


def test_ruleset_option_switches_to_the_2018_six_dimensions(example_json: str) -> None:
    r = score_json(example_json, "--ruleset", "gbt36132_2018", code=3)
    assert r["ruleset"] == "gbt36132_2018" and len(r["dimensions"]) == 6
    # the 2025 example's answers do not cover the 2018 gates, so the switch shows them as missing, not failed
    assert r["eligible"] is False and r["failed_gates"] == [] and r["missing"]


def test_2018_example_scores_eligible_with_six_dimensions() -> None:
    ex = run("example", "--ruleset", "gbt36132_2018")
    assert ex.returncode == 0, ex.stderr
    r = score_json(ex.stdout)
    assert r["eligible"] is True and len(r["dimensions"]) == 6


def test_profile_option(example_json: str) -> None:
    r = score_json(example_json, "--profile", "hebei_star")
    assert r["profile"] == "hebei_star"
    assert r["level"] in {"star3", "star4", "star5"}


def test_text_report(example_json: str) -> None:
    p = run("score", "-", stdin=example_json)
    assert p.returncode == 0 and "Traceback" not in p.stderr
    assert p.stdout.strip()


def test_score_from_a_file(tmp_path: Path, example_json: str) -> None:
    f = tmp_path / "评价.json"
    f.write_text(example_json, encoding="utf-8")
    p = run("score", str(f), "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["eligible"] is True


def test_rulesets_lists_rulesets_and_profiles() -> None:
    p = run("rulesets")
    assert p.returncode == 0, p.stderr
    for rid in ("gbt36132_2025_platform", "gbt36132_2025_example", "gbt36132_2018", "ningbo_star", "hebei_star",
                "national_readiness"):
        assert rid in p.stdout
    assert "评价规则集" in p.stdout and "地方评价方案" in p.stdout


def test_schema_prints_json() -> None:
    p = run("schema")
    assert p.returncode == 0, p.stderr
    schema = json.loads(p.stdout)
    assert schema["type"] == "object" and "inputs" in schema["properties"]


def test_partial_assessment_scores_incomplete() -> None:
    r = score_json(json.dumps({"enterprise": {"name": "某某机械有限公司"}}, ensure_ascii=False), code=3)
    assert r["complete"] is False and r["eligible"] is False
    assert r["missing"]
    assert any("工业总产值" in m for m in r["missing"])
    assert any("基本要求" in m for m in r["missing"])


# ---- bad input: exit 2, Chinese, names the field, no traceback ----------------------------------------------------

BAD_INPUT: list[tuple[str, str, list[str], list[str]]] = [
    # (case id, stdin, extra args, fragments the message must contain)
    ("negative_land", '{"inputs": {"land_area_m2": -5}}', [], ["inputs.land_area_m2", "厂区用地面积", "不能小于"]),
    ("nan", '{"inputs": {"land_area_m2": NaN}}', [], ["inputs.land_area_m2", "有限数值"]),
    ("infinity", '{"inputs": {"water_withdrawal_m3": Infinity}}', [], ["inputs.water_withdrawal_m3", "有限数值"]),
    ("energy_nan", '{"inputs": {"energy": {"electricity": NaN}}}', [], ["inputs.energy.electricity", "有限数值"]),
    ("text_for_number", '{"inputs": {"land_area_m2": "abc"}}', [], ["inputs.land_area_m2", "应为数字", "abc"]),
    ("unknown_ruleset", "{}", ["--ruleset", "gbt_nope"], ["未知的评价规则集", "gbt_nope"]),
    ("unknown_ruleset_in_file", '{"ruleset": "gbt_nope"}', [], ["未知的评价规则集", "gbt_nope"]),
    ("unknown_profile", "{}", ["--profile", "mars_star"], ["未知的地方评价方案", "mars_star"]),
    ("unknown_profile_in_file", '{"profile": "mars_star"}', [], ["未知的地方评价方案", "mars_star"]),
    ("schema_version", '{"schema_version": 2}', [], ["schema_version", "取值无效"]),
    ("malformed", '{"inputs": {"land_area_m2": 1,}}', [], ["JSON 格式错误", "第 1 行"]),
    ("not_an_object", "[1, 2, 3]", [], ["顶层应为 JSON 对象"]),
    ("a_string", '"评价"', [], ["顶层应为 JSON 对象"]),
    ("empty", "", [], ["JSON 格式错误"]),
    ("unknown_field", '{"inputs": {"land_area_mu": 60}}', [], ["inputs.land_area_mu", "未知字段"]),
    ("bad_uscc", '{"enterprise": {"uscc": "123"}}', [], ["enterprise.uscc", "统一社会信用代码"]),
    ("not_utf8", "", [], ["UTF-8"]),
    ("deep_nesting", "[" * 100_000 + "]" * 100_000, [], ["嵌套层数过深"]),  # small file, RecursionError in json
]


@pytest.mark.parametrize(("stdin", "extra", "fragments"), [pytest.param(s, e, f, id=i) for i, s, e, f in BAD_INPUT])
def test_bad_input_exits_2_with_a_chinese_message(stdin: str, extra: list[str], fragments: list[str],
                                                  request: pytest.FixtureRequest) -> None:
    data: str | bytes = stdin
    if request.node.callspec.id == "not_utf8":
        data = '{"enterprise": {"name": "宁波"}}'.encode("gbk")
    p = run("score", "-", *extra, stdin=data)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr
    assert p.stdout == ""
    for fragment in fragments:
        assert fragment in p.stderr, p.stderr


def test_missing_file() -> None:
    p = run("score", "/nonexistent/评价.json")
    assert p.returncode == 2
    assert "找不到文件" in p.stderr and "/nonexistent/评价.json" in p.stderr
    assert "Traceback" not in p.stderr


def test_all_problems_are_listed_at_once() -> None:
    p = run("score", "-", stdin='{"inputs": {"land_area_m2": -1, "output_value_wan": "abc"}}')
    assert p.returncode == 2
    assert "inputs.land_area_m2" in p.stderr and "inputs.output_value_wan" in p.stderr


def test_english_messages() -> None:
    p = run("--lang", "en", "score", "-", stdin='{"inputs": {"land_area_m2": -5}}')
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "inputs.land_area_m2" in p.stderr and "Invalid input" in p.stderr
