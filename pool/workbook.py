"""Workbooks the pool writes: the Excel template of a rule-set and profile, and the ranked export.

Export neutralises formula injection: every text cell that begins with = + - @ (or a tab / carriage return) is
written with a leading single quote ('), so Excel shows it as text and never evaluates it; import strips that quote
again (`pool.validation.clean_text`), so an export can be imported back unchanged.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from criteria.rules import MAX_FILE_BYTES, MAX_NUMBER, MB
from pool.columns import BENCH_HEADERS, EXAMPLE_MARK, NO, YES, Column, ColumnModel, bench_keys
from pool.validation import FORMULA_PREFIX, FORMULA_START
from pool.xlsx import col_letter

DATA_SHEET = "企业数据"
BENCH_SHEET = "基准值与引领值"
META_SHEET = "模板信息"
OPTIONS_SHEET = "选项"
HELP_SHEET = "填写说明"
TEMPLATE_VERSION = 1


def neutralise(v: Any) -> Any:
    """Text that Excel would read as a formula (= + - @, tab, CR first) gets a leading single quote."""
    if isinstance(v, str) and v[:1] in FORMULA_START:
        return FORMULA_PREFIX + v
    return v


def _cell_value(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    return neutralise(v)


def _or_none(v: Any) -> Any:
    """A benchmark-table cell as written back: empty (NaN, NA, None) becomes None."""
    return None if pd.isna(v) else v


def frame_to_rows(frame: pd.DataFrame, columns: Sequence[Column]) -> list[list[Any]]:
    """The pool frame as the user writes it (labels, 是/否), one list per row, in `columns` order."""
    out = []
    cols = [(c, frame[c.id].astype(object).where(frame[c.id].notna(), None).tolist() if c.id in frame else
             [None] * len(frame)) for c in columns]
    for i in range(len(frame)):
        out.append([_cell_value(c.display(vals[i])) for c, vals in cols])
    return out


def export_sheet_rows(ws: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], header_fill: str = "DDEBF7") -> None:
    """Write a header (bold, filled) and rows into an openpyxl write-only sheet, neutralising text cells."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = []
    for h in header:
        c = WriteOnlyCell(ws, value=neutralise(h))
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=header_fill)
        c.alignment = Alignment(wrap_text=True, vertical="center")
        cells.append(c)
    ws.append(cells)
    for r in rows:
        ws.append([_cell_value(v) for v in r])


def meta_rows(model: ColumnModel, extra: dict[str, str] | None = None) -> list[list[str]]:
    rows = [["template_version", str(TEMPLATE_VERSION)], ["ruleset", model.ruleset.id],
            ["ruleset_version", str(model.ruleset.version)], ["profile", model.profile.id],
            ["generated", datetime.now().strftime("%Y-%m-%d %H:%M")]]
    rows.extend([k, v] for k, v in (extra or {}).items())
    return rows


def bench_rows(model: ColumnModel, bench: pd.DataFrame | None, *, defaults: bool = True) -> list[list[Any]]:
    """The benchmark sheet: the pool's rows, then a blank row for every key that has none (to fill in)."""
    from scoring.engine import _resolve_benchmarks  # the engine tells what applies when a cell is left empty
    from scoring.models import Assessment

    cat_default = {}
    if defaults:
        from criteria import load_catalogue
        from scoring.engine import Settings
        cat = load_catalogue()
        for key, ind, _ in bench_keys(model.ruleset):
            variant = key.split("@", 1)[1] if "@" in key else None
            b, lead = _resolve_benchmarks(ind, variant, Assessment(), model.profile, Settings(), cat)
            parts = []
            if b.value is not None:
                parts.append(f"基准值 {b.value:g}（{b.source or b.origin}）")
            if lead.value is not None:
                parts.append(f"引领值 {lead.value:g}（{lead.source or lead.origin}）")
            if ind.baseline_default:
                parts.append("基准值按行业用地控制指标下限")
            cat_default[key] = "；".join(parts) or "无（需填写，否则该指标不计分）"
    rows: list[list[Any]] = []
    have = set()
    labels = {k: (ind, label) for k, ind, label in bench_keys(model.ruleset)}
    if bench is not None:
        for r in bench.itertuples(index=False):
            hit = labels.get(str(r.indicator))
            label = hit[1] if hit else str(r.indicator)
            have.add(str(r.indicator))
            rows.append([r.indicator, label, hit[0].unit if hit else "", _or_none(r.industry), _or_none(r.baseline),
                         _or_none(r.leading), _or_none(r.source), cat_default.get(str(r.indicator), "")])
    for key, (ind, label) in labels.items():
        if key not in have:
            rows.append([key, label, ind.unit, None, None, None, None, cat_default.get(key, "")])
    return rows


BENCH_SHEET_HEADER = [BENCH_HEADERS[k] for k in ("indicator", "name", "unit", "industry", "baseline", "leading",
                                                  "source", "default")]


# ---- the template ------------------------------------------------------------------------------------------

_GROUP_FILLS = ("DDEBF7", "E2EFDA", "FFF2CC", "FCE4D6", "EDEDED", "D9E1F2", "E4DFEC", "DEEAF1")
HELP_RULES = [
    "每行填写一家企业；第 1 行为列名，请勿修改、合并或调换列名（不需要的列可以整列删除，导入时按未填写处理）。",
    "第 2 行是灰色的示例行（虚构企业），导入时自动跳过，可以保留也可以删除。",
    "数值列只填数字：单位已写在列名括号中（如“工业总产值（万元）”），不要在单元格中写单位或文字（如“1.2万元”）；不同单位请先换算。",
    "未知或未统计的数据请留空，不要填 0、“-”或“无”：留空表示缺少数据，结果会列出；0 表示确实为零。",
    "是/否列和镇街、行业、评价等级等列请用下拉选择；行业也可直接填写 GB/T 4754 行业代码（如 34）。",
    "统一社会信用代码为 18 位（已设为文本格式，避免 Excel 转成数字）；重复导入时按此代码更新企业，不会产生重复。",
    "不要使用合并单元格；不要在数据区插入小计、合计或说明行。",
    "「基准值与引领值」工作表：资源池内统一使用的基准值（0 分）和引领值（满分）。行业代码留空表示适用于全部行业；"
    "同一指标可另起一行为某一行业填写专用值（行业代码越具体越优先）。未填写的按右侧“未填写时使用”一列的值，没有的指标不计分。",
    f"文件不超过 {MAX_FILE_BYTES // MB} MB；支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）。",
]


def _kind_text(col: Column) -> str:
    return {"text": "文字", "uscc": "18 位代码（文本）", "choice": "下拉选择", "bool": "是/否", "list": "文字（多个用、分隔）",
            "number": f"数字（{col.unit}）" if col.unit else "数字", "int": f"整数（{col.unit}）" if col.unit else "整数",
            "year": "年份（整数）"}[col.kind]


def _data_sheet(ws: Any, cols: list[Column], model: ColumnModel, example: pd.DataFrame | None,
                data: pd.DataFrame | None, rows: int) -> int:
    """Header (coloured by group, required in red), the grey example row and any pre-filled rows; the last row."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from pool.demo import demo_pool

    groups = list(dict.fromkeys(c.group for c in cols))
    fills = {g: PatternFill("solid", fgColor=_GROUP_FILLS[i % len(_GROUP_FILLS)]) for i, g in enumerate(groups)}
    for j, c in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=j, value=neutralise(c.header))
        cell.font = Font(bold=True, color="C00000" if c.required else "000000")
        cell.fill = fills[c.group]
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[col_letter(j - 1)].width = c.width
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "C2"
    if example is None:
        example = demo_pool(1, seed=7, ruleset_id=model.ruleset.id, profile_id=model.profile.id)
    ex = frame_to_rows(example.head(1), cols)[0]
    ex[0] = EXAMPLE_MARK + str(ex[0])
    grey = Font(italic=True, color="808080")
    for j, v in enumerate(ex, start=1):
        ws.cell(row=2, column=j, value=v).font = grey
    last = rows + 1
    if data is not None:
        for i, values in enumerate(frame_to_rows(data, cols), start=3):
            for j, v in enumerate(values, start=1):
                if v is not None:
                    ws.cell(row=i, column=j, value=v)
        last = max(last, len(data) + 2)
    return last


def _validation(c: Column, opt: Any, opt_col: int) -> Any:
    """The data validation of a column (a drop-down, a number range, a year, the code length), or None."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = None
    if c.kind == "bool":
        dv = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    elif c.kind == "choice":
        ol = col_letter(opt_col)
        opt.cell(row=1, column=opt_col + 1, value=c.id)
        for k, label in enumerate(c.labels, start=2):
            opt.cell(row=k, column=opt_col + 1, value=neutralise(label))
        dv = DataValidation(type="list", formula1=f"'{OPTIONS_SHEET}'!${ol}$2:${ol}${len(c.labels) + 1}",
                            allow_blank=True, errorStyle="warning")
    elif c.kind in ("number", "int"):
        op_max = c.max_value if c.max_value is not None else MAX_NUMBER
        dv = DataValidation(type="decimal" if c.kind == "number" else "whole", operator="between",
                            formula1="0", formula2=f"{op_max:g}", allow_blank=True)
        dv.error = f"请只填写数字（单位：{c.unit}），不要带单位或文字；未知请留空" if c.unit else "请只填写数字"
    elif c.kind == "year":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True)
        dv.error = "请填写 2000–2100 之间的年份"
    elif c.kind == "uscc":
        dv = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                            errorStyle="warning")
        dv.error = "统一社会信用代码应为 18 位"
    if dv is not None:
        dv.errorTitle = "输入有误"
        if not dv.error:
            dv.error = "请从下拉列表中选择" if c.kind in ("bool", "choice") else "输入有误"
        dv.showErrorMessage = True
        dv.promptTitle = c.name[:32]
        dv.prompt = (c.help or _kind_text(c))[:250]
        dv.showInputMessage = bool(c.help)
    return dv


def _validations(ws: Any, opt: Any, cols: list[Column], last: int) -> None:
    """Drop-downs and number checks down to row `last`. The 统一社会信用代码 column is text-formatted as a column
    (Excel formats what is typed into it as text), and its written cells each: no blank formatted rows, which
    Excel would keep on saving and every upload would then read as thousands of empty rows."""
    opt_col = 0
    for j, c in enumerate(cols, start=1):
        letter = col_letter(j - 1)
        dv = _validation(c, opt, opt_col)
        opt_col += c.kind == "choice"
        if c.kind == "uscc":
            ws.column_dimensions[letter].number_format = "@"
            for r in range(2, ws.max_row + 1):
                ws.cell(row=r, column=j).number_format = "@"
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")


def _bench_sheet(bs: Any, model: ColumnModel, bench: pd.DataFrame | None) -> None:
    from openpyxl.styles import Font, PatternFill

    bs.append([neutralise(h) for h in BENCH_SHEET_HEADER])
    for cell in bs[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for r in bench_rows(model, bench):
        bs.append([_cell_value(v) for v in r])
    for letter, width in zip("ABCDEFGH", (26, 34, 14, 18, 12, 12, 30, 60), strict=True):
        bs.column_dimensions[letter].width = width
    bs.freeze_panes = "A2"


def _help_sheet(ws: Any, model: ColumnModel, cols: list[Column]) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    for letter, width in zip("ABCDEF", (8, 46, 16, 20, 8, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append(["绿色工厂培育库 企业数据导入模板"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"评价规则集：{model.ruleset.name.zh}（{model.ruleset.id}，第 {model.ruleset.version} 版）"])
    ws.append([f"地方评价方案：{model.profile.name.zh}（{model.profile.id}）"])
    ws.append([f"生成时间：{datetime.now():%Y-%m-%d %H:%M}。本模板按所选规则集生成，导入时请选择同一规则集。"])
    ws.append([])
    ws.append(["填写规则"])
    ws.cell(row=ws.max_row, column=1).font = bold
    for k, rule in enumerate(HELP_RULES, start=1):
        ws.append([k, rule])
    ws.append([])
    ws.append(["列", "表头（单位）", "分组", "格式", "必填", "说明"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for j, c in enumerate(cols):
        ws.append([col_letter(j), neutralise(c.header), c.group, _kind_text(c), "是" if c.required else "",
                   neutralise(c.help)])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_template(model: ColumnModel, bench: pd.DataFrame | None = None, *, rows: int = 3000,
                   example: pd.DataFrame | None = None, data: pd.DataFrame | None = None) -> bytes:
    """The Excel template of a rule-set and profile: instructions, the data sheet (headers with units, drop-downs,
    number validation, an example row), the benchmark sheet, the option lists and the template's identity.
    `data` pre-fills enterprise rows below the example (e.g. a demo pool)."""
    from openpyxl import Workbook

    cols = list(model.template)
    wb = Workbook()
    help_ws = wb.worksheets[0]  # a new workbook's one sheet (wb.active)
    help_ws.title = HELP_SHEET
    ws = wb.create_sheet(DATA_SHEET)
    bs = wb.create_sheet(BENCH_SHEET)
    opt = wb.create_sheet(OPTIONS_SHEET)
    meta = wb.create_sheet(META_SHEET)
    opt.sheet_state = "hidden"
    meta.sheet_state = "hidden"
    last = _data_sheet(ws, cols, model, example, data, rows)
    _validations(ws, opt, cols, last)
    _bench_sheet(bs, model, bench)
    _help_sheet(help_ws, model, cols)
    for r in meta_rows(model):
        meta.append(r)
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- the ranked export -------------------------------------------------------------------------------------


def export_ranked_xlsx(sheets: Sequence[tuple[str, pd.DataFrame]], model: ColumnModel, frame: pd.DataFrame,
                       bench: pd.DataFrame | None, notes: Sequence[str] = ()) -> bytes:
    """The ranked pool: the summary sheets given (培育计划汇总表, 绩效指标汇总表, …), then the enterprise data in
    template layout and the benchmark table (so the file can be imported again), and a 说明 sheet.
    Every text cell starting with = + - @ (or tab / CR) is prefixed with a single quote (')."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    info = wb.create_sheet("说明")
    for line in [f"绿色工厂培育库 排名导出（{datetime.now():%Y-%m-%d %H:%M}）",
                 f"评价规则集：{model.ruleset.name.zh}（{model.ruleset.id} 第 {model.ruleset.version} 版）",
                 f"地方评价方案：{model.profile.name.zh}（{model.profile.id}）", *notes,
                 "防公式注入：以 = + - @ 开头的文字单元格前已加单引号（'），Excel 将其作为文字显示、不会执行。",
                 f"「{DATA_SHEET}」「{BENCH_SHEET}」两表与导入模板格式相同，修改后可直接重新导入（按统一社会信用代码更新）。"]:
        info.append([neutralise(line)])
    for name, df in sheets:
        ws = wb.create_sheet(name[:31])
        export_sheet_rows(ws, [str(c) for c in df.columns], df.astype(object).where(df.notna(), None).itertuples(
            index=False, name=None))
    ws = wb.create_sheet(DATA_SHEET)
    export_sheet_rows(ws, [c.header for c in model.template], frame_to_rows(frame, model.template))
    bs = wb.create_sheet(BENCH_SHEET)
    export_sheet_rows(bs, BENCH_SHEET_HEADER, bench_rows(model, bench))
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for r in meta_rows(model, {"kind": "ranked_export"}):
        meta.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
