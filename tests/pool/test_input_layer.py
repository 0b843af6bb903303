"""Issue 14 through the pool's intake: a corpus of real-world-shaped files built here (fictitious enterprises and
numbers, nothing checked in), each asserting the Chinese message names the row and column, or that the value is read
as the user meant it, and that nothing is changed silently."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.cli import main as pool_main
from pool.columns import pool_model
from pool.intake import import_files, import_table
from pool.validation import ImportResult
from pool.workbook import DATA_SHEET, export_ranked_xlsx
from pool.xlsx import read_xlsx
from scoring.example import example_assessment
from scoring.io import dump_assessment, parse_assessment
from tests.pool.pool_helpers import zh

HEAD = ["企业名称", "统一社会信用代码", "工业总产值（万元）", "节能产品产值占比（%）", "备注"]
A = ["示例甲（虚构）", "91330203XN0000001K", 100, 50, ""]
B = ["示例乙（虚构）", "91330203XN0000002N", 200, 60, ""]


def _xlsx(rows: list[list[object]], formats: dict[str, str] | None = None, empty_rows_to: int = 0) -> bytes:
    """A workbook as Excel saves it; `formats`: cell → number format; `empty_rows_to`: formatted empty rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    for r in rows:
        ws.append(r)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    for r in range(len(rows) + 1, empty_rows_to + 1, 1000):
        ws.cell(row=r, column=3).number_format = "0.00"
    if empty_rows_to:
        ws.cell(row=empty_rows_to, column=3).number_format = "0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv(rows: list[list[object]]) -> bytes:
    """A csv as a user's script writes it (UTF-8): text may hold what openpyxl refuses to write."""
    return ("\n".join(",".join(f'"{v}"' for v in r) for r in rows) + "\n").encode("utf-8")


def _import(data: bytes, name: str = "pool.xlsx") -> ImportResult:
    return import_table(data, name, pool_model())


def _issue(res: ImportResult, row: str) -> str:
    return "\n".join(f"{i.column}|{i.text('zh')}" for i in res.issues if i.row == row)


# ---- Excel's own cell types ------------------------------------------------------------------------------------


def test_a_date_cell_in_a_number_column_is_refused_naming_the_cell() -> None:
    res = _import(_xlsx([HEAD, A, ["示例乙（虚构）", "91330203XN0000002N", dt.date(2025, 3, 1), 60, ""]]))
    assert res.frame["uscc"].tolist() == ["91330203XN0000001K"] and res.rejected_rows == ["3"]
    text = _issue(res, "3")
    assert "C 工业总产值（万元）" in text and "Excel 日期（2025-03-01）" in text and "45717" not in text


@pytest.mark.parametrize("typed", ["2025-03-01", "2025/3/1", "2025年3月1日", "２０２５－０３－０１"])
def test_date_text_in_a_number_column_is_a_date_not_a_year(typed: str) -> None:
    res = _import(_xlsx([HEAD, A, [*B[:2], typed, *B[3:]]]))
    text = _issue(res, "3")
    assert "C 工业总产值（万元）" in text and "这是日期" in text and "2025）" not in text, text


def test_a_percent_formatted_cell_is_the_percentage_excel_shows() -> None:
    res = _import(_xlsx([HEAD, [*A[:3], 0.95, ""]], formats={"D2": "0%"}))
    assert res.frame["energy_saving_output_share_pct"].tolist() == [95.0]
    assert not [i for i in res.issues if i.level == "error"]


def test_a_custom_percent_format_is_read_from_the_styles_too() -> None:
    res = _import(_xlsx([HEAD, [*A[:3], 0.125, ""]], formats={"D2": '0.0"‰ of"%'}))
    assert res.frame["energy_saving_output_share_pct"].tolist() == [12.5]


def test_a_percent_formatted_cell_in_a_column_of_another_unit_is_refused() -> None:
    res = _import(_xlsx([HEAD, A, [*B[:2], 0.5, *B[3:]]], formats={"C3": "0.00%"}))
    text = _issue(res, "3")
    assert "C 工业总产值（万元）" in text and "百分比格式（显示为 50%）" in text and "万元" in text


def test_a_fraction_in_a_percent_column_is_flagged_not_changed() -> None:
    res = _import(_xlsx([HEAD, [*A[:3], 0.95, ""], [*B[:3], 60, ""]]))
    assert res.frame["energy_saving_output_share_pct"].tolist() == [0.95, 60.0]  # imported as typed
    warn = [i for i in res.issues if i.level == "warning" and i.row == "2"]
    assert warn and "D 节能产品产值占比（%）" in str(warn[0].column) and "95" in warn[0].text("zh")


def test_a_boolean_cell_is_not_a_number() -> None:
    res = _import(_xlsx([HEAD, A, [*B[:2], True, *B[3:]]]))
    assert res.rejected_rows == ["3"] and "逻辑值" in _issue(res, "3")


@pytest.mark.parametrize(("typed", "value"), [("１２３４", 1234.0), ("1,234.5", 1234.5), ("１，２３４", 1234.0),
                                              (" 88 ", 88.0), ("1 234", 1234.0)])
def test_number_text_is_read_alike_in_xlsx_and_csv(typed: str, value: float) -> None:
    rows = [HEAD, [*A[:2], typed, *A[3:]]]
    csv_text = "\n".join(",".join(f'"{v}"' for v in r) for r in rows) + "\n"
    for res in (_import(_xlsx(rows)), _import(csv_text.encode("utf-8"), "pool.csv")):
        assert res.frame["output_value_wan"].tolist() == [value], _issue(res, "2")


def test_a_unit_typed_in_the_cell_is_refused_alike_in_xlsx_and_csv() -> None:
    rows = [HEAD, A, [*B[:2], "1,200 万元", *B[3:]]]
    csv_text = "\n".join(",".join(f'"{v}"' for v in r) for r in rows) + "\n"
    for res in (_import(_xlsx(rows)), _import(csv_text.encode("utf-8"), "pool.csv")):
        text = _issue(res, "3")
        assert "C 工业总产值（万元）" in text and "「万元」" in text and "例如 1200" in text, text


# ---- text files ----------------------------------------------------------------------------------------------


def _text_rows(delim: str) -> str:
    return "\n".join(delim.join(str(v) for v in r) for r in [HEAD, A, B]) + "\n"


@pytest.mark.parametrize(("encoding", "delim"), [
    ("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("gbk", ";"), ("utf-16", "\t"), ("utf-8", ";"),
    ("utf-8-sig", "\t"),
])
def test_text_files_in_every_common_encoding_and_delimiter(encoding: str, delim: str) -> None:
    res = _import(_text_rows(delim).encode(encoding), "pool.csv" if delim != "\t" else "pool.txt")
    assert not res.blocked, [i.text("zh") for i in res.issues]
    assert res.frame["name"].tolist() == ["示例甲（虚构）", "示例乙（虚构）"]
    assert res.frame["output_value_wan"].tolist() == [100.0, 200.0]


def test_formatted_empty_rows_do_not_count_against_the_row_limit() -> None:
    res = _import(_xlsx([HEAD, A, B, [*B[:1], "91330203XN0000003R", 300, 70, ""]], empty_rows_to=150_000))
    assert not res.blocked, [i.text("zh") for i in res.issues]
    assert len(res.frame) == 3


def test_a_huge_csv_cell_is_refused_with_its_row_and_column() -> None:
    text = _text_rows(",") + "示例丙（虚构）,91330203XN0000003R,300,70," + "长" * 5_000_000 + "\n"
    res = _import(text.encode("utf-8"), "pool.csv")
    assert res.blocked
    message = res.errors[0].text("zh")
    assert "第 4 行 E 列" in message and "32767" in message and "field larger" not in message


# ---- names and free text ---------------------------------------------------------------------------------------


def test_control_and_bidi_characters_are_removed_with_a_notice_and_export_works() -> None:
    name = "示例\x00丙\x0b（虚构）\x01\u202e"
    res = _import(_csv([HEAD, A, [name, *B[1:4], "备注\x07内容"]]), "pool.csv")
    assert res.frame["name"].tolist()[1] == "示例丙（虚构）"
    assert res.frame["note"].tolist()[1] == "备注内容"
    notes = [i for i in res.issues if i.level == "warning" and i.row == "3"]
    assert {str(i.column) for i in notes} >= {"A 企业名称", "E 备注"}
    assert all("控制字符" in i.text("zh") for i in notes)
    model = pool_model()
    export_ranked_xlsx([], model, res.frame, None)  # no crash at export


def test_formula_neutralisation_survives_export_import_export() -> None:
    model = pool_model()
    res = _import(_csv([HEAD, ["=HYPERLINK(x)", *A[1:]], ["'示例乙（虚构）", *B[1:]]]), "pool.csv")
    assert res.frame["name"].tolist() == ["=HYPERLINK(x)", "'示例乙（虚构）"]  # an apostrophe the user typed stays

    def data_names(book: bytes) -> list[object]:
        sheet = next(s for s in read_xlsx(book, "x.xlsx", wanted=[DATA_SHEET]) if s.name == DATA_SHEET)
        return [r[0] for r in sheet.grid[1:3]]

    first = export_ranked_xlsx([], model, res.frame, None)
    assert data_names(first) == ["'=HYPERLINK(x)", "'示例乙（虚构）"]  # text, never a formula
    again = import_table(first, "export.xlsx", model)
    assert again.frame["name"].tolist() == res.frame["name"].tolist()
    assert data_names(export_ranked_xlsx([], model, again.frame, None)) == data_names(first)


# ---- identifiers and JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["９１３３０２０３ＸＮ００００００１Ｋ", "9133 0203 XN00 0000 1K", " 91330203xn0000001k "])
def test_uscc_is_normalised_the_same_by_the_pool_and_the_assessment_json(typed: str) -> None:
    res = _import(_xlsx([HEAD, [A[0], typed, *A[2:]]]))
    assert res.frame["uscc"].tolist() == ["91330203XN0000001K"]
    a = parse_assessment(json.dumps({"enterprise": {"uscc": typed}}, ensure_ascii=False))
    assert a.enterprise.uscc == "91330203XN0000001K"


def _export(**changes: object) -> dict[str, object]:
    d = json.loads(dump_assessment(example_assessment()))
    d["enterprise"]["uscc"] = "91330203XN0000001K"
    d["enterprise"]["industry"] = ""
    d["enterprise"]["town"] = ""
    d.update(changes)
    return d


def test_json_files_in_the_pool_get_the_shared_rules() -> None:
    model = pool_model()
    dup = json.dumps(_export(), ensure_ascii=False)[:-1] + ', "year": 2024}'
    boolean = _export()
    boolean["inputs"]["output_value_wan"] = True  # type: ignore[index]
    deep = "[" * 50 + "]" * 50
    res = import_files([("dup.json", dup.encode()), ("bool.json", json.dumps(boolean).encode()),
                        ("deep.json", deep.encode())], model)
    text = {i.row: i.text("zh") for i in res.issues}
    assert "「year」出现了不止一次" in text["dup.json"]
    assert "逻辑值" in text["bool.json"] and "嵌套层数过深" in text["deep.json"]
    assert res.frame.empty


def test_deeply_nested_json_in_the_batch_command_is_a_message(tmp_path, capsys) -> None:
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert pool_main(["batch", str(f), "-o", str(tmp_path / "r.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "嵌套层数过深" in err and "Traceback" not in err


def test_the_issues_csv_is_neutralised(tmp_path) -> None:
    book = tmp_path / "p.csv"
    book.write_bytes(_csv([HEAD, A, [*B[:2], "=1+2", *B[3:]]]))
    out = tmp_path / "issues.csv"
    pool_main(["batch", str(book), "-o", str(tmp_path / "r.xlsx"), "--issues", str(out)])
    assert "'=1+2" in out.read_text(encoding="utf-8-sig") and ",=1+2" not in out.read_text(encoding="utf-8-sig")


def test_a_message_for_each_row_is_chinese() -> None:
    res = _import(_xlsx([HEAD, A, [*B[:2], "2025-03-01", *B[3:]]]))
    assert all(zh(i.message) and "Expecting" not in zh(i.message) for i in res.issues)


# ---- fuzzing: every reader answers with a result, never an exception -----------------------------------------

_cell = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                  st.text(max_size=30), st.dates(), st.sampled_from(["１,２３４", "2025-03-01", "12 万元", "=1+1", "'=x"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: ("企业名称,统一社会信用代码\n" + t).encode("utf-8",
                                                                                                   "replace")))
def test_fuzzed_csv_is_imported_or_refused_with_a_message(data: bytes) -> None:
    res = _import(data, "pool.csv")
    assert all(i.text("zh") for i in res.issues)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_cell, min_size=5, max_size=5), min_size=1, max_size=4))
def test_fuzzed_xlsx_cells_are_imported_or_refused_with_a_message(rows: list[list[object]]) -> None:
    clean = [[v if not isinstance(v, str) else "".join(ch for ch in v if ch.isprintable()) for v in r] for r in rows]
    res = _import(_xlsx([HEAD, *clean]))
    assert all(i.text("zh") for i in res.issues)
    assert len(res.frame) + len(res.rejected_rows) <= len(rows)


def test_percent_formatted_cells_in_text_and_choice_columns_do_not_break_the_import() -> None:
    head = [*HEAD, "联系人", "近三年无安全、质量、环境违法违规行为（是/否）"]
    res = _import(_xlsx([head, [*A, 0.5, 1]], formats={"F2": "0%", "G2": "0%"}))
    assert res.frame["contact"].tolist() == ["50%"]
    assert res.frame["ans.basic_no_violation_3y"].tolist() == [True]


def test_a_file_wrong_in_every_cell_lists_its_first_problems_and_counts_the_rest(monkeypatch) -> None:
    import pool.validation as validation

    monkeypatch.setattr(validation, "MAX_LISTED_ISSUES", 50)
    bad = [[f"示例{i}（虚构）", f"无{i}", "很多", "一半", ""] for i in range(40)]  # 3 problems a row
    res = _import(_csv([HEAD, A, *bad]), "pool.csv")
    assert res.frame["uscc"].tolist() == ["91330203XN0000001K"]  # every bad row rejected, listed or not
    assert len(res.rejected_rows) == 40 and len(res.issues) == 50
    note = "\n".join(zh(n) for n in res.notices)
    assert "未逐条列出" in note and "最多列出 50 个" in note


def test_an_import_stops_at_its_time_budget_naming_the_file(monkeypatch) -> None:
    import pool.intake as intake

    monkeypatch.setattr(intake, "MAX_IMPORT_SECONDS", -1)  # every progress step is already over the budget
    res = _import(_csv([HEAD, A, B]), "pool.csv")
    assert res.blocked and res.frame.empty
    assert "文件 pool.csv 处理超过 -1 秒仍未完成" in res.issues[0].text("zh")
    exports = [(f"{i}.json", dump_assessment(example_assessment()).encode()) for i in range(2)]
    res = import_files(exports, pool_model())
    assert res.blocked and "处理超过" in res.issues[0].text("zh")
