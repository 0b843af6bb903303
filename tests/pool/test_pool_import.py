"""Import of pool files: the template, xlsx, csv (UTF-8 / GB18030), wizard JSON files and zips, re-import by
统一社会信用代码, the benchmark sheet, header variants and the progress callback."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pandas as pd
import pytest

from pool.batch import score_frame
from pool.columns import EXAMPLE_MARK, pool_model
from pool.demo import demo_bench, demo_pool
from pool.intake import import_assessments, import_files, import_table
from pool.model import Pool
from pool.workbook import BENCH_SHEET, DATA_SHEET, build_template
from pool.xlsx import read_xlsx
from scoring.engine import score
from scoring.example import example_assessment
from scoring.io import dump_assessment
from tests.pool.pool_helpers import col_index, csv_bytes, table, xlsx_bytes, zh_all


def _same_frames(a: pd.DataFrame, b: pd.DataFrame, cols: list[str]) -> None:
    for c in cols:
        x = a[c].astype(object).where(a[c].notna(), None).tolist()
        y = b[c].astype(object).where(b[c].notna(), None).tolist()
        for u, v in zip(x, y, strict=True):
            if isinstance(u, float) and isinstance(v, float):
                assert u == pytest.approx(v, rel=1e-12), c
            else:
                assert u == v, (c, u, v)


def test_blank_template_imports_nothing_and_says_why(model) -> None:
    res = import_table(build_template(model), "模板.xlsx", model)
    assert not res.blocked and res.frame.empty and not res.errors
    assert any("示例行" in n for n in zh_all(res.notices))


def test_template_structure(model) -> None:
    sheets = {s.name: s for s in read_xlsx(build_template(model), "t.xlsx")}
    assert list(sheets) == ["填写说明", DATA_SHEET, BENCH_SHEET, "选项", "模板信息"]
    assert sheets["选项"].hidden and sheets["模板信息"].hidden
    header = sheets[DATA_SHEET].rows[1]
    assert [header[i] for i in range(len(model.template))] == [c.header for c in model.template]
    assert str(sheets[DATA_SHEET].rows[2][0]).startswith(EXAMPLE_MARK)
    assert "（万元）" in header[col_index(model, "output_value_wan")]


def test_template_has_dropdowns_and_number_validation(model) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(build_template(model)))
    ws = wb[DATA_SHEET]
    by_range = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}
    letter = {c.id: ws.cell(row=1, column=i + 1).column_letter for i, c in enumerate(model.template)}
    assert by_range[letter["town"]].type == "list" and "选项" in by_range[letter["town"]].formula1
    assert by_range[letter["industry"]].type == "list"
    assert by_range[letter["ans.basic_no_violation_3y"]].formula1 == '"是,否"'
    assert by_range[letter["output_value_wan"]].type == "decimal"
    # 统一社会信用代码 kept as text: the column is text-formatted (what is typed into it), the example row too, and
    # no blank formatted rows are written (Excel would keep them, and every upload would read them)
    assert ws.column_dimensions["B"].number_format == "@" and ws.cell(row=2, column=2).number_format == "@"
    assert ws.max_row == 2


def test_template_follows_the_ruleset() -> None:
    m18, m25 = pool_model("gbt36132_2018"), pool_model("gbt36132_2025_platform")
    h18 = {c.id for c in m18.template}
    h25 = {c.id for c in m25.template}
    assert "green_material_t" in h18 and "green_material_t" not in h25  # 2018 绩效: 绿色物料使用率
    assert any(c.startswith("platform.") for c in h25) and not any(c.startswith("platform.") for c in h18)
    assert sum(c.startswith("ans.") for c in h18) > 30  # the 2018 必选/可选 items


def test_filled_template_round_trips(model, demo, bench) -> None:
    data = build_template(model, bench, data=demo)
    res = import_table(data, "pool.xlsx", model)
    assert not res.errors, res.issues[:3]
    assert len(res.frame) == len(demo)
    _same_frames(res.frame, demo, [c.id for c in model.template])
    assert res.bench is not None and len(res.bench) == len(bench)
    a = score_frame(res.frame, model, res.bench)
    b = score_frame(demo, model, bench)
    assert np.array_equal(a["total"].to_numpy(), b["total"].to_numpy())


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_utf8_bom_and_gb18030(model, demo, encoding: str) -> None:
    res = import_table(csv_bytes(table(model, demo), encoding), "pool.csv", model)
    assert not res.errors, res.issues[:3]
    _same_frames(res.frame, demo, [c.id for c in model.template if c.kind != "number"])
    assert np.allclose(res.frame["output_value_wan"].fillna(-1), demo["output_value_wan"].fillna(-1), rtol=1e-12)


def test_csv_with_tabs(model, demo) -> None:
    text = "\n".join("\t".join("" if v is None else str(v) for v in r) for r in table(model, demo.head(3)))
    res = import_table(text.encode("utf-8"), "pool.csv", model)
    assert not res.errors and len(res.frame) == 3


def test_user_friendly_values_are_understood(model) -> None:
    h = ["企业名称", "统一社会信用代码", "所在镇街", "所属行业（GB/T 4754 大类）", "工业总产值（万元）",
         "近三年无安全、质量、环境违法违规行为（是/否）", "绿色设计（评价等级）"]
    rows = [h,
            ["甲", "91330203XN0000001K", "高桥", 34, "1,234.5", "Y", "已全面开展且成效经验证"],
            ["乙", "91330203xn0000002n", "鼓楼街道", "通用设备制造业", " 12 ", "TRUE", "full"],
            ["丙", "91330203XN0000003R", "longguan", "34 通用设备制造业", "１２．５", True, "未开展"]]
    res = import_table(xlsx_bytes(rows), "p.xlsx", model)
    assert not res.errors, [(i.row, i.column, i.text("zh")) for i in res.errors]
    f = res.frame
    assert f["town"].tolist() == ["gaoqiao", "gulou", "longguan"]
    assert f["industry"].tolist() == ["34", "34", "34"]
    assert f["output_value_wan"].tolist() == [1234.5, 12.0, 12.5]
    assert f["ans.basic_no_violation_3y"].tolist() == [True, True, True]
    assert f["ans.green_design"].tolist() == ["full", "full", "none"]
    assert f["uscc"].iloc[1] == "91330203XN0000002N"


def test_header_variants_and_a_title_row(model) -> None:
    rows = [["某区绿色工厂培育库（2025）"], ["企业名称", "统一社会信用代码 ", "工业总产值(万元)", "uscc_ignored"],
            ["甲", "91330203XN0000001K", 10]]
    rows[1][3] = "厂区用地面积"  # no unit: read in the template's unit, with a notice
    rows[2].append(5000)
    res = import_table(xlsx_bytes(rows), "p.xlsx", model)
    assert not res.errors
    assert res.frame["land_area_m2"].tolist() == [5000.0]
    assert any("表头在第 2 行" in n for n in zh_all(res.notices))
    assert any("未注明单位" in n for n in zh_all(res.notices))


def test_missing_optional_columns_are_listed(model) -> None:
    res = import_table(xlsx_bytes([["企业名称", "统一社会信用代码"], ["甲", "91330203XN0000001K"]]), "p.xlsx", model)
    assert len(res.frame) == 1 and not res.errors
    assert any("文件中没有以下" in n for n in zh_all(res.notices))


def test_reimport_updates_by_uscc_without_duplicates(model, demo, bench) -> None:
    pool = Pool(frame=demo.copy(), bench=bench)
    changed = demo.head(10).copy()
    changed.loc[changed.index[:3], "output_value_wan"] = 123.0
    extra = demo_pool(5, seed=99, start=500)
    again = pd.concat([changed, extra], ignore_index=True)
    rep = pool.upsert(import_table(build_template(model, data=again), "again.xlsx", model))
    assert len(pool) == len(demo) + 5
    assert pool.frame["uscc"].is_unique
    assert sorted(rep.added) == sorted(extra["uscc"])
    assert len(rep.updated) == 3 and rep.unchanged == 7
    assert (pool.frame.set_index("uscc").loc[changed["uscc"][:3], "output_value_wan"] == 123.0).all()


def test_reimport_of_some_columns_keeps_the_others(model, demo, bench) -> None:
    pool = Pool(frame=demo.copy(), bench=bench)
    code = demo["uscc"].iloc[0]
    before = pool.frame.set_index("uscc").loc[code, "land_area_m2"]
    res = import_table(xlsx_bytes([["企业名称", "统一社会信用代码", "工业总产值（万元）"], ["新名称", code, 999]]),
                       "p.xlsx", model)
    pool.upsert(res)
    row = pool.frame.set_index("uscc").loc[code]
    assert row["output_value_wan"] == 999 and row["name"] == "新名称" and row["land_area_m2"] == before
    assert pool.bench is bench  # no benchmark sheet in the file: the pool's table stays


def test_benchmark_sheet_rows_by_id_or_name_and_industry(model) -> None:
    bench_rows = [["指标编号", "指标名称", "单位", "行业代码（空白=全部行业）", "基准值", "引领值", "来源"],
                  ["energy_intensity_output", "", "", None, 0.05, 0.02, "区经信局 2025"],
                  ["单位产值综合能耗", "", "", "17", 0.1, 0.05, "纺织"],
                  ["water_reuse", "", "", "", None, None, ""],  # blank: skipped
                  ["no_such_indicator", "", "", "", 1, 2, ""]]
    data = xlsx_bytes([["企业名称", "统一社会信用代码"], ["甲", "91330203XN0000001K"]],
                      extra_sheets={BENCH_SHEET: bench_rows})
    res = import_table(data, "p.xlsx", model)
    assert len(res.frame) == 1
    assert res.bench is not None and res.bench["indicator"].tolist() == ["energy_intensity_output"] * 2
    assert res.bench["industry"].tolist()[1] == "17"
    assert any(i.sheet == BENCH_SHEET and i.row == "5" for i in res.errors)


def test_progress_is_reported(model, demo) -> None:
    seen: list[float] = []
    import_table(build_template(model, data=demo), "p.xlsx", model, progress=lambda f, _m: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 4


def _json_pool(n: int) -> list[tuple[str, bytes]]:
    out = []
    for i in range(n):
        a = example_assessment()
        a.enterprise.uscc = demo_pool(1, seed=i, start=i + 1)["uscc"].iloc[0]
        a.enterprise.name = f"示例企业{i}（虚构）"
        a.inputs.output_value_wan = 50000 + 1000 * i
        out.append((f"企业{i}.json", dump_assessment(a).encode()))
    return out


def test_json_exports_score_as_in_the_wizard(model) -> None:
    files = _json_pool(3)
    res = import_assessments(files, model)
    assert not res.errors and len(res.frame) == 3
    a = example_assessment()
    bench = pd.DataFrame([{"indicator": k, "industry": None, "baseline": b.baseline, "leading": b.leading,
                           "source": b.source} for k, b in a.benchmarks.items()]).astype(
        {"indicator": "str", "industry": "str", "source": "str"})
    scores = score_frame(res.frame, model, bench)
    for k, (_, data) in enumerate(files):
        from scoring.io import parse_assessment

        original = score(parse_assessment(data))
        assert scores["total"].iloc[k] == pytest.approx(original.total, abs=1e-9)
        level = scores["level"].iloc[k]
        assert (level if isinstance(level, str) else None) == original.level
    notes = [i.text("zh") for i in res.issues if i.level == "warning"]
    assert any("污染物" in n for n in notes) and any("基准值" in n for n in notes)


def test_zip_of_json_exports_with_gbk_names(model) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in _json_pool(2):
            info = zipfile.ZipInfo(name.encode("gbk").decode("cp437"))  # as Chinese Windows writes names
            z.writestr(info, data)
        z.writestr("__MACOSX/._企业0.json", b"junk")
        z.writestr("说明.txt", "不是评价文件")
        z.writestr("坏文件.json", "{not json")
    res = import_files([("评价.zip", buf.getvalue())], model)
    assert len(res.frame) == 2
    assert any(i.row == "评价.zip/坏文件.json" and "JSON 格式错误" in i.text("zh") for i in res.errors)
    assert any("说明.txt" in n for n in zh_all(res.notices))
    assert res.frame["name"].tolist() == ["示例企业0（虚构）", "示例企业1（虚构）"]


def test_json_without_uscc_and_duplicates_are_refused(model) -> None:
    files = _json_pool(2)
    dup = (files[0][0].replace(".json", "副本.json"), files[0][1])
    a = example_assessment()
    a.enterprise.uscc = ""
    res = import_assessments([*files, dup, ("无代码.json", json.dumps(a.model_dump(mode="json")).encode())], model)
    assert res.frame["uscc"].tolist() == [json.loads(files[1][1])["enterprise"]["uscc"]]
    msgs = {i.row: i.text("zh") for i in res.errors}
    assert "缺少统一社会信用代码" in msgs["无代码.json"]
    assert "重复" in msgs["企业0.json"] and "重复" in msgs["企业0副本.json"]


def test_exported_names_starting_with_formula_characters_read_back_as_written(model) -> None:
    pool = Pool(frame=demo_pool(3, seed=1), bench=demo_bench())
    pool.frame.loc[0, "name"] = "=HYPERLINK(\"http://x\")（虚构）"
    pool.frame.loc[1, "name"] = "+86 示例（虚构）"
    data = build_template(pool.model, data=pool.frame)
    res = import_table(data, "p.xlsx", pool.model)
    assert res.frame["name"].tolist()[:2] == ["=HYPERLINK(\"http://x\")（虚构）", "+86 示例（虚构）"]
