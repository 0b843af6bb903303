"""`python -m pool template` and `python -m pool batch`; the old `python -m scoring batch` points there."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pool.cli import main
from pool.demo import demo_uscc


def test_template_then_batch(tmp_path: Path, capsys) -> None:
    tpl = tmp_path / "pool.xlsx"
    assert main(["template", "--ruleset", "gbt36132_2018", "-o", str(tpl), "--demo", "12"]) == 0
    assert "gbt36132_2018" in capsys.readouterr().err
    out = tmp_path / "ranked.xlsx"
    assert main(["batch", str(tpl), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "导入 12 家企业" in captured.err
    assert len([line for line in captured.out.splitlines() if "示例企业" in line]) == 10
    wb = load_workbook(out)
    assert {"培育计划汇总表", "绩效指标汇总表", "区规划目标"} <= set(wb.sheetnames)
    assert wb["模板信息"]["B2"].value == "gbt36132_2018"  # the template's rule-set was used


def test_blank_template_default_ruleset(tmp_path: Path) -> None:
    tpl = tmp_path / "t.xlsx"
    assert main(["template", "-o", str(tpl)]) == 0
    assert "企业数据" in load_workbook(tpl).sheetnames


def test_batch_bad_file_exits_2_with_a_chinese_message(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "pool.xlsx"
    bad.write_bytes(b"not a workbook at all")
    assert main(["batch", str(bad), "-o", str(tmp_path / "r.xlsx")]) == 2
    assert "不是有效的 Excel" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_batch_writes_the_issue_list_and_strict_mode(tmp_path: Path, capsys) -> None:
    csv = tmp_path / "pool.csv"
    csv.write_text("企业名称,统一社会信用代码,工业总产值（万元）\n示例甲（虚构）,91330203XN0000001K,1.2万元\n"
                   "示例乙（虚构）,91330203XN0000002N,200\n", encoding="utf-8-sig")
    issues = tmp_path / "issues.csv"
    assert main(["batch", str(csv), "-o", str(tmp_path / "r.xlsx"), "--issues", str(issues)]) == 0
    assert "1.2万元" in issues.read_text(encoding="utf-8-sig")
    assert "第 2 行" in capsys.readouterr().err
    assert main(["batch", str(csv), "-o", str(tmp_path / "r.xlsx"), "--strict"]) == 2


def test_unknown_ruleset(tmp_path: Path, capsys) -> None:
    assert main(["template", "--ruleset", "nope", "-o", str(tmp_path / "t.xlsx")]) == 2
    assert "未知的评价规则集" in capsys.readouterr().err


def test_profile_must_fit_the_ruleset(tmp_path: Path, capsys) -> None:
    assert main(["template", "--ruleset", "gbt36132_2018", "--profile", "national_readiness",
                 "-o", str(tmp_path / "t.xlsx")]) == 2
    assert "不适用于规则集" in capsys.readouterr().err


def test_batch_of_json_exports_uses_their_ruleset(tmp_path: Path, capsys) -> None:
    from scoring.example import example_assessment
    from scoring.io import dump_assessment

    files = []
    for i in range(3):
        a = example_assessment("gbt36132_2018")
        a.enterprise.uscc = demo_uscc(i + 1)
        f = tmp_path / f"e{i}.json"
        f.write_text(dump_assessment(a), encoding="utf-8")
        files.append(str(f))
    out = tmp_path / "r.xlsx"
    assert main(["batch", *files, "-o", str(out)]) == 0
    assert "导入 3 家企业" in capsys.readouterr().err
    assert load_workbook(out)["模板信息"]["B2"].value == "gbt36132_2018"


def test_scoring_cli_points_to_the_pool_command(capsys) -> None:
    from scoring.cli import main as scoring_main

    assert scoring_main(["batch", "x.xlsx", "-o", "r.xlsx"]) == 2
    assert "python -m pool batch" in capsys.readouterr().err


def test_batch_speaks_english_and_the_workbook_stays_chinese(tmp_path: Path, capsys) -> None:
    csv = tmp_path / "pool.csv"
    csv.write_text("企业名称,统一社会信用代码,工业总产值（万元）\n示例甲（虚构）,91330203XN0000001K,1.2万元\n"
                   "示例乙（虚构）,91330203XN0000002N,200\n", encoding="utf-8-sig")
    out, issues = tmp_path / "r.xlsx", tmp_path / "issues.csv"
    assert main(["--lang", "en", "batch", str(csv), "-o", str(out), "--issues", str(issues)]) == 0
    err = capsys.readouterr().err
    assert "Read 2 rows: 1 enterprises imported, 1 rows with errors not imported" in err, err
    assert "  [error] row 2 C 工业总产值（万元）: The cell holds a unit or words \"万元\"" in err, err
    assert " (value: 1.2万元)" in err and f"Written {out}: 1 enterprises" in err
    assert "Problem" in issues.read_text(encoding="utf-8-sig").splitlines()[0]
    wb = load_workbook(out)  # an official form: Chinese whatever the language
    assert {"培育计划汇总表", "绩效指标汇总表", "区规划目标", "导入问题"} <= set(wb.sheetnames)
    assert [c.value for c in wb["导入问题"][1]] == ["级别", "工作表", "行", "列", "值", "问题"]
    assert str(wb["导入问题"]["F2"].value).startswith("单元格中带有单位或文字「万元」")


def test_batch_bad_file_in_english(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "pool.xlsx"
    bad.write_bytes(b"not a workbook at all")
    assert main(["--lang", "en", "batch", str(bad), "-o", str(tmp_path / "r.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "File not imported: File pool.xlsx is named .xlsx but is not a valid Excel or zip file" in err, err
