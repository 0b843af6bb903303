"""The questionnaire workbook (openpyxl): a help sheet, then one sheet per part of the assessment (layout.sheets),
each a table 字段代码 / 项目 / 单位 / 填写值 / 说明 with the draft's current values in 填写值; yes/no and choices as
drop-downs (data validation on a hidden 选项 sheet); a hidden 模板信息 sheet names the rule-set, profile and
assessment. Text that Excel would read as a formula (= + - @, tab, CR) or that starts with ' gets a leading ',
which the reader takes off again, so what is written reads back exactly."""

from __future__ import annotations

import io
import math
from datetime import datetime
from typing import Any

from criteria.loader import Catalogue, load_catalogue
from questionnaire.layout import HELP_SHEET, LIST_SHEET, NO, PLATFORM, YES, Row, SheetSpec, sheets
from scoring.cells import clean_free_text

META_SHEET = "模板信息"
KIND = "green-factory-questionnaire"
VERSION = 1
HEADER = ("字段代码", "项目", "单位", "填写值", "说明")
FIRST_ROW = 4  # data rows start here (title, note, header above)
VALUE_COL = 4  # D
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    """A leading ' on text Excel would evaluate (or that starts with ' itself): shown as typed, never run."""
    return "'" + text if text[:1] in FORMULA_START else text


def get_path(data: dict[str, Any], path: str) -> Any:
    """The draft's value at a dotted path (None where it is missing)."""
    node: Any = data
    for part in path.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _choice_label(row: Row, value: Any) -> Any:
    for v, label in row.choices:
        if v == value and type(v) is type(value):
            return label
    return None if value is None or value == "" else str(value)


def cell_value(row: Row, data: dict[str, Any]) -> Any:
    """What the 填写值 cell of `row` shows for the draft."""
    if row.path.startswith(PLATFORM + "#"):
        chosen = get_path(data, PLATFORM)
        return YES if isinstance(chosen, list) and row.path.split("#", 1)[1] in chosen else None
    v = get_path(data, row.path)
    if row.kind in ("float", "int"):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            return None if v is None or isinstance(v, int | float) else neutralise(str(v))
        return v
    if row.kind in ("bool", "choice"):
        label = _choice_label(row, v)
        return neutralise(label) if isinstance(label, str) else label
    if v is None or v == "":
        return None
    text = clean_free_text(str(v), multiline=row.kind == "longtext")[0]
    return neutralise(text)


def _help_sheet(ws: Any, rs_name: str, profile_name: str, title: str) -> None:
    lines = [
        f"绿色工厂自评价 · 离线填报表（{rs_name}；{profile_name}）",
        f"评价：{title}" if title else "",
        "",
        "1. 每个工作表是评价的一部分：基本信息、否决项与门槛，以及每个评价维度一张表。",
        "2. 只填写「填写值」列（D 列）；灰色的「字段代码」列（A 列）用于读回，请勿修改、删除或移动行。",
        "3. 数值按「单位」列的单位填写，只填数字（可带千分位逗号），不要在单元格中写单位；不要填日期。",
        "4. 是/否和选项请从下拉列表中选择；留空表示尚未填写（不会当作 0）。",
        "5. 填完后在向导「填报 → Excel 问卷」页上传本文件：先列出每一处改动（字段、原值、新值、单元格），确认后才写入。",
        "6. 格式有误的单元格会按工作表、行、列列出，不会写入，其余改动照常可以应用。",
        "7. 主要产品、污染物、案例和自填基准值不在本表中，上传时保持不变，请在向导中填写。",
    ]
    for line in lines:
        ws.append([neutralise(line)])
    ws.column_dimensions["A"].width = 110


def _lists(wb: Any, specs: list[SheetSpec]) -> dict[tuple[str, ...], str]:
    """Every distinct choice list as a column of the hidden 选项 sheet → the range a validation refers to."""
    ws = wb.create_sheet(LIST_SHEET)
    out: dict[tuple[str, ...], str] = {}
    from openpyxl.utils import get_column_letter
    for spec in specs:
        for row in spec.rows:
            if row.kind != "choice":
                continue
            labels = tuple(label for _v, label in row.choices)
            if labels in out or not labels:
                continue
            col = len(out) + 1
            for i, label in enumerate(labels, start=1):
                ws.cell(row=i, column=col, value=neutralise(label))
            letter = get_column_letter(col)
            out[labels] = f"'{LIST_SHEET}'!${letter}$1:${letter}${len(labels)}"
    ws.sheet_state = "hidden"
    return out


def _sheet(wb: Any, spec: SheetSpec, data: dict[str, Any], lists: dict[tuple[str, ...], str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(spec.name)
    ws.cell(row=1, column=1, value=neutralise(spec.title)).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value="只填写 D 列「填写值」；A 列字段代码请勿修改。数值按 C 列单位填写，留空表示未填。")
    grey = PatternFill("solid", fgColor="E7E6E6")
    head = PatternFill("solid", fgColor="DDEBF7")
    for j, h in enumerate(HEADER, start=1):
        c = ws.cell(row=3, column=j, value=h)
        c.font, c.fill = Font(bold=True), head
    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True, showErrorMessage=True,
                            errorTitle="请选择", error=f"请选择“{YES}”或“{NO}”，或留空")
    ws.add_data_validation(yes_no)
    by_list: dict[str, Any] = {}
    for i, row in enumerate(spec.rows, start=FIRST_ROW):
        ws.cell(row=i, column=1, value=row.path).fill = grey
        ws.cell(row=i, column=2, value=neutralise(row.label))
        ws.cell(row=i, column=3, value=neutralise(row.unit) if row.unit else None)
        value = ws.cell(row=i, column=VALUE_COL, value=cell_value(row, data))
        value.number_format = "@" if row.kind in ("text", "longtext") else "General"
        if row.kind == "longtext":
            value.alignment = Alignment(wrap_text=True, vertical="top")
        hint = row.help
        if row.kind == "choice":
            hint = ("可选：" + "、".join(label for _v, label in row.choices[:12])
                    + ("…" if len(row.choices) > 12 else "") + (f"。{hint}" if hint else ""))
        ws.cell(row=i, column=5, value=neutralise(hint) if hint else None)
        ref = f"D{i}"
        if row.kind == "bool":
            yes_no.add(ref)
        elif row.kind == "choice" and row.choices:
            rng = lists[tuple(label for _v, label in row.choices)]
            if rng not in by_list:
                by_list[rng] = DataValidation(type="list", formula1=rng, allow_blank=True, showErrorMessage=True,
                                              errorTitle="请选择", error="请从下拉列表中选择，或留空")
                ws.add_data_validation(by_list[rng])
            by_list[rng].add(ref)
        elif row.kind in ("float", "int"):
            pass  # no numeric validation: a bad cell is explained on upload, by sheet, row and column
    for letter, width in zip("ABCDE", (34, 40, 12, 28, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "D4"


def build_workbook(data: dict[str, Any], cat: Catalogue | None = None) -> bytes:
    """The questionnaire of the draft `data` (its rule-set and profile) as .xlsx bytes."""
    from openpyxl import Workbook

    cat = cat or load_catalogue()
    rs = cat.rulesets.get(str(data.get("ruleset"))) or next(iter(cat.rulesets.values()))
    profile = cat.profiles.get(str(data.get("profile"))) or next(iter(cat.profiles.values()))
    specs = sheets(rs, profile, cat)
    wb = Workbook()
    help_ws = wb.create_sheet(HELP_SHEET, 0)
    wb.remove(wb.worksheets[1])  # the default empty sheet
    title = str(get_path(data, "enterprise.name") or "")
    _help_sheet(help_ws, rs.name.zh, profile.name.zh, f"{title} · {data.get('year', '')} 年度" if title else "")
    lists = _lists(wb, specs)
    for spec in specs:
        _sheet(wb, spec, data, lists)
    meta = wb.create_sheet(META_SHEET)
    for k, v in (("kind", KIND), ("version", str(VERSION)), ("ruleset", rs.id), ("profile", profile.id),
                 ("assessment", str(data.get("id") or "")), ("generated", datetime.now().strftime("%Y-%m-%d %H:%M"))):
        meta.append([k, neutralise(v)])
    meta.sheet_state = "hidden"
    wb.move_sheet(LIST_SHEET, offset=len(wb.sheetnames))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
