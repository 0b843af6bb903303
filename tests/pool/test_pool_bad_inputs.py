"""Bad input: each gets a clear Chinese message with row and column, and nothing is imported wrongly.

Table-driven where the shape allows: (file builder, expected message fragment, rows that must not import).
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from criteria.rules import MAX_FILE_BYTES
from pool.columns import pool_model
from pool.intake import import_files, import_table
from pool.workbook import build_template
from tests.pool.pool_helpers import col_index, table, xlsx_bytes, zh, zh_all

OK = ["企业名称", "统一社会信用代码", "所在镇街", "工业总产值（万元）", "近三年无安全、质量、环境违法违规行为（是/否）"]
GOOD = ["示例甲（虚构）", "91330203XN0000001K", "高桥镇", 100, "是"]
GOOD2 = ["示例乙（虚构）", "91330203XN0000002N", "古林镇", 200, "否"]


def _import(rows, **kw):
    return import_table(xlsx_bytes(rows, **kw), "pool.xlsx", pool_model())


def _messages(res) -> str:
    return "\n".join(f"{i.row}|{i.column}|{zh(i.value)}|{i.text('zh')}" for i in res.issues)


# ---- whole-file problems: nothing is imported -----------------------------------------------------------


@pytest.mark.parametrize(("data", "name", "fragment"), [
    (b"\x00" * 10, "x.xlsx", "不是有效的 Excel 或 zip"),
    (bytes(range(256)) * 40, "pool.xlsx", "内容不是有效的 Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "pool.xlsx", "旧版 .xls"),
    (b"", "pool.csv", "空文件"),
    # UTF-16 *with* its BOM is read since issue 14 (tests/pool/test_input_layer.py); without a BOM it is binary
    ("企业名称,统一社会信用代码\n甲,1\n".encode("utf-16-le"), "pool.csv", "不是文本文件"),
    (b"%PDF-1.7 ...", "pool.pdf", "不支持的文件类型"),
])
def test_unreadable_files(data: bytes, name: str, fragment: str) -> None:
    res = import_table(data, name, pool_model())
    assert res.blocked and res.frame.empty
    assert fragment in res.errors[0].text("zh"), res.errors[0].text("zh")


def test_zip_that_is_not_a_workbook_named_xlsx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    res = import_table(buf.getvalue(), "pool.xlsx", pool_model())
    assert res.blocked and "内容不是 Excel 工作簿" in res.errors[0].text("zh")


def test_file_over_50_mb_is_refused_before_parsing() -> None:
    big = b"PK\x03\x04" + b"\x00" * MAX_FILE_BYTES
    t = time.perf_counter()
    res = import_table(big, "pool.xlsx", pool_model())
    assert time.perf_counter() - t < 1.0
    assert res.blocked and "超过 50 MB" in res.errors[0].text("zh")


def test_zip_bomb_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    assert len(buf.getvalue()) < 1024 * 1024
    res = import_table(buf.getvalue(), "pool.xlsx", pool_model())
    assert res.blocked and "压缩" in res.errors[0].text("zh")


def test_too_many_rows_are_refused_before_reading_cells() -> None:
    import zipfile as zf

    from pool.xlsx import MAX_SHEET_ROWS

    buf = io.BytesIO()
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    with zf.ZipFile(buf, "w", compression=zf.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", f'<workbook {ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships"><sheets><sheet name="企业数据" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        rows = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, MAX_SHEET_ROWS + 200))
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet {ns}><sheetData>{rows}</sheetData></worksheet>")
    res = import_table(buf.getvalue(), "pool.xlsx", pool_model())
    assert res.blocked and "超过 100000 行" in res.errors[0].text("zh")


def test_wrong_sheet() -> None:
    res = import_table(xlsx_bytes([["月份", "销售额"], ["1月", 5]], sheet="销售"), "pool.xlsx", pool_model())
    assert res.blocked
    assert "找不到「企业数据」工作表" in res.errors[0].text("zh") and "销售" in res.errors[0].text("zh")


def test_data_on_an_other_named_sheet_is_found_with_a_notice() -> None:
    res = import_table(xlsx_bytes([OK, GOOD], sheet="Sheet1"), "pool.xlsx", pool_model())
    assert not res.blocked and len(res.frame) == 1
    assert any("Sheet1" in n for n in zh_all(res.notices))


def test_template_of_another_ruleset() -> None:
    data = build_template(pool_model("gbt36132_2018"))
    res = import_table(data, "pool.xlsx", pool_model("gbt36132_2025_platform"))
    assert res.blocked and "gbt36132_2018" in res.errors[0].text("zh")


@pytest.mark.parametrize(("header", "fragment"), [
    (["企业名称", "工业总产值（万元）"], "缺少必填列「统一社会信用代码」"),
    (["企业名称", "统一社会信用代码", "工业产值（万元）"], "无法识别的列「工业产值（万元）」"),
    (["企业名称", "统一社会信用代码", "工业总产值（元）"], "单位为 元，模板要求 万元"),
    (["企业名称", "统一社会信用代码", "厂区用地面积（亩）"], "单位为 亩，模板要求 m²"),
    (["企业名称", "统一社会信用代码", "工业总产值（万元）", "工业总产值(万元)"], "出现了两次"),
    (["企业名称", "统一社会信用代码", None], "没有列名但有数据"),
])
def test_missing_renamed_unit_changed_or_duplicated_columns(header, fragment) -> None:
    res = _import([header, ["甲", "91330203XN0000001K", 5, 5][:len(header)]])
    assert res.blocked and res.frame.empty
    assert fragment in _messages(res), _messages(res)


def test_renamed_column_suggests_the_template_name() -> None:
    res = _import([["企业名称", "统一社会信用代码", "工业总产值万元"], ["甲", "91330203XN0000001K", 5]])
    assert res.blocked and "是否为「工业总产值（万元）」" in res.errors[0].text("zh")


def test_merged_cells_in_the_header() -> None:
    res = _import([OK, GOOD], merge=["A1:B1"])
    assert res.blocked and "表头含合并单元格 A1:B1" in res.errors[0].text("zh")


def test_merged_cells_in_the_data_reject_those_rows_only() -> None:
    row3 = ["示例丙（虚构）", "91330203XN0000003R", "高桥镇", 300, "是"]
    res = _import([OK, GOOD, GOOD2, row3], merge=["C2:C3"])
    assert res.frame["uscc"].tolist() == ["91330203XN0000003R"]
    assert {i.row for i in res.errors} == {"2", "3"}
    assert all("合并单元格 C2:C3" in i.text("zh") and i.column.startswith("C ") for i in res.errors)


# ---- cell problems: the row is listed, the others import --------------------------------------------------

CELL_CASES = [
    ("工业总产值（万元）", "约500", "应为数字"),
    ("工业总产值（万元）", "1.2万元", "单元格中带有单位或文字「万元」"),
    ("工业总产值（万元）", "1.2万", "请只填写数字（例如 1.2）"),
    ("工业总产值（万元）", "-5", "不能为负数"),
    ("工业总产值（万元）", "-", "请留空表示未填写"),
    ("工业总产值（万元）", "1e20", "数值过大"),
    ("工业总产值（万元）", True, "应为数字，收到逻辑值"),
    ("所在镇街", "火星镇", "不是可选项，应为：鼓楼街道"),
    ("近三年无安全、质量、环境违法违规行为（是/否）", "大概", "应为「是」或「否」"),
    ("统一社会信用代码", "91330203XN0000001L", "校验码不符"),
    ("统一社会信用代码", "9133", "应为 18 位"),
    ("统一社会信用代码", 913302031234567890, "被 Excel 存成了数字"),
    ("企业名称", None, "为必填项"),
]


@pytest.mark.parametrize(("column", "value", "fragment"), CELL_CASES)
def test_bad_cells_reject_their_row_with_row_and_column(column, value, fragment) -> None:
    bad = list(GOOD2)
    bad[OK.index(column)] = value
    res = _import([OK, GOOD, bad])
    assert res.frame["uscc"].tolist() == ["91330203XN0000001K"]  # the good row, and only it
    err = next(i for i in res.errors if i.row == "3")
    letter = "ABCDE"[OK.index(column)]
    assert err.column == f"{letter} {pool_model().accepted[err_col(column)].header}"
    assert fragment in err.text("zh"), err.text("zh")
    assert res.rejected_rows == ["3"]


def err_col(header: str) -> str:
    col, _ = pool_model().match(header)
    assert col is not None
    return col.id


def test_duplicate_uscc_rejects_every_occurrence() -> None:
    dup = list(GOOD2)
    dup[1] = GOOD[1]
    res = _import([OK, GOOD, GOOD2, dup])
    assert res.frame["uscc"].tolist() == ["91330203XN0000002N"]
    msgs = {i.row: i.text("zh") for i in res.errors}
    assert "与第 4 行重复" in msgs["2"] and "与第 2 行重复" in msgs["4"]


def test_formula_cells_without_a_value_and_error_cells() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "企业数据"
    ws.append(OK)
    ws.append([*GOOD[:3], "=1/0", "是"])  # openpyxl stores the formula with no cached value
    ws.append(GOOD2)
    buf = io.BytesIO()
    wb.save(buf)
    res = import_table(buf.getvalue(), "p.xlsx", pool_model())
    assert res.frame["uscc"].tolist() == ["91330203XN0000002N"]
    assert "公式单元格没有保存计算结果" in res.errors[0].text("zh")


def test_zero_denominator_is_imported_with_a_warning() -> None:
    res = _import([OK, [*GOOD[:3], 0, "是"]])
    assert len(res.frame) == 1 and not res.errors
    assert any(i.level == "warning" and "用作分母" in i.text("zh") for i in res.issues)


def test_excel_row_numbers_count_the_example_row(demo) -> None:
    """Header row 1, the template's example row 2, enterprises from row 3: the messages use these numbers."""
    from openpyxl import load_workbook

    model = pool_model()
    rows = table(model, demo.head(3))[1:]
    rows[2][col_index(model, "output_value_wan")] = "很多"
    wb = load_workbook(io.BytesIO(build_template(model)))
    ws = wb["企业数据"]
    for i, r in enumerate(rows, start=3):
        for j, v in enumerate(r, start=1):
            ws.cell(row=i, column=j, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    res = import_table(buf.getvalue(), "p.xlsx", model)
    assert len(res.frame) == 2 and len(res.errors) == 1
    bad = res.errors[0]
    letter = ws.cell(row=1, column=col_index(model, "output_value_wan") + 1).column_letter
    assert (bad.row, bad.column, bad.value) == ("5", f"{letter} 工业总产值（万元）", "很多")


def test_several_tables_at_once_are_refused() -> None:
    res = import_files([("a.xlsx", b"PK\x03\x04"), ("b.csv", b"x")], pool_model())
    assert res.blocked and "每次导入一个" in res.errors[0].text("zh")
