"""Workbooks in the layouts of 205-1, 205-4 and B204-1, built with openpyxl (fictitious numbers only).

The layouts follow the forms' published column structure (see forms/layouts.py): a title row, a 表号 line, a
two-level header with the column-number row (甲 乙 丙 1 2 …), data rows, a signature line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

HEAD_205_1 = ["能源名称", "计量单位", "代码", "年初库存量", "购进量", None, "消费量", None, None, None, None,
              "年末库存量", "采用折标系数", "参考折标系数"]
SUB_205_1 = [None, None, None, None, "实物量", "金额（千元）", "合计", "工业生产消费", "用于原材料", "非工业生产消费",
             "合计中：运输工具消费", None, None, None]
NUMS_205_1 = ["甲", "乙", "丙", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "丁"]

# name, unit, code, 购进实物量, 消费合计, 工业生产消费, 用于原材料 (fictitious)
ENERGY_ROWS: list[tuple[Any, ...]] = [
    ("原煤", "吨", "01", 120, 118, 110, 0),
    ("天然气", "万立方米", "15", 35.5, 35.5, 30.0, 2.0),
    ("柴油", "吨", "21", 12, 12, 8.5, None),
    ("热力", "百万千焦", "32", 5000, 5000, 4800, None),
    ("电力", "万千瓦时", "33", 900, 900, 860.25, None),
    ("能源合计", "吨标准煤", "40", None, 1900, None, None),
]


def sheet_205_1(wb: Workbook, rows: list[tuple[Any, ...]] = ENERGY_ROWS, title: str = "205-1") -> None:
    ws = wb.create_sheet(title)
    ws.append(["能源购进、消费与库存"])
    ws.merge_cells("A1:N1")
    ws.append(["表号：205-1表", None, None, None, None, None, None, None, None, None, None, "2025年"])
    ws.append(HEAD_205_1)
    ws.merge_cells("E3:F3")
    ws.merge_cells("G3:K3")
    ws.append(SUB_205_1)
    ws.append(NUMS_205_1)
    for name, unit, code, bought, total, use, raw in rows:
        ws.append([name, unit, code, None, bought, None, total, use, raw, None, None, None, None, None])
    ws.append(["单位负责人：", None, None, "统计负责人：", None, None, "填表人："])


WATER_ROWS: list[tuple[Any, ...]] = [
    ("取水量合计", "立方米", "01", 52000),
    ("其中：地表水", "立方米", "02", 0),
    ("地下水", "立方米", "03", 2000),
    ("自来水", "立方米", "04", 50000),
    ("重复用水量", "万立方米", "06", 18.5),
    ("其中：循环用水量", "万立方米", "07", 15),
    ("串联用水量", "万立方米", "08", 3.5),
]


def sheet_205_4(wb: Workbook, rows: list[tuple[Any, ...]] = WATER_ROWS) -> None:
    ws = wb.create_sheet("205-4")
    ws.append(["工业企业用水情况"])
    ws.append(["表号：205-4表"])
    ws.append(["指标名称", "计量单位", "代码", "本年"])
    ws.append(["甲", "乙", "丙", "1"])
    for row in rows:
        ws.append(list(row))


def sheet_b204_1(wb: Workbook, products: list[tuple[Any, ...]] | None = None, value: Any = 48_000) -> None:
    ws = wb.create_sheet("B204-1")
    ws.append(["工业产销总值及主要产品产量"])
    ws.append(["表号：B204-1表"])
    ws.append(["指标名称", "计量单位", "代码", "本年"])
    ws.append(["工业总产值（当年价格）", "千元", "01", value])
    ws.append(["工业销售产值（当年价格）", "千元", "02", 46_500])
    ws.append([])
    ws.append(["产品名称", "计量单位", "产品代码", "生产量", "销售量"])
    for row in products if products is not None else [("离心泵", "台", "3441010100", 12_000, 11_800)]:
        ws.append(list(row))


def workbook(*builders: Any) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for build in builders:
        build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def all_forms() -> bytes:
    return workbook(sheet_205_1, sheet_205_4, sheet_b204_1)


def csv_205_4(encoding: str = "gb18030") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["工业企业用水情况"])
    w.writerow(["指标名称", "计量单位", "代码", "本年"])
    for row in WATER_ROWS:
        w.writerow(row)
    return buf.getvalue().encode(encoding)


def as_xls(xlsx: bytes, hidden: Sequence[str] = ()) -> bytes:
    """The same sheets as an Excel 97–2003 workbook (xlwt): values and merged ranges, as reporting software saves
    them; the sheets named in ``hidden`` hidden."""
    import xlwt
    from openpyxl import load_workbook

    src = load_workbook(io.BytesIO(xlsx))
    book = xlwt.Workbook(encoding="utf-8")
    for ws in src.worksheets:
        out = book.add_sheet(ws.title)
        out.visibility = 1 if ws.title in hidden else 0
        spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
        covered = {(row, col) for r in ws.merged_cells.ranges for row in range(r.min_row, r.max_row + 1)
                   for col in range(r.min_col, r.max_col + 1)}
        for row in ws.iter_rows():
            for cell in row:
                where = (cell.row, cell.column)
                if where in spans:
                    r = spans[where]
                    out.write_merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1, cell.value)
                elif where not in covered and cell.value is not None:
                    out.write(cell.row - 1, cell.column - 1, cell.value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
