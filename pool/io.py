"""Pool import and export: the Excel template, xlsx / csv / wizard-JSON (files or a zip) import, the ranked export.

Import is defensive and never silent:
* the file is refused before parsing when it is over 50 MB, when its bytes are not what its name says (xlsx must
  be a zip with a workbook inside, checked by magic bytes; .xls and encrypted workbooks are named as such), when a
  zip would unpack to too much, or when a csv is neither UTF-8 (with or without BOM) nor GB18030;
* every cell is validated against the column model (`pool.columns`); a problem becomes an `Issue` with the
  row and column as the user sees them in Excel (row number, column letter + header), the value and a Chinese
  message; a row with an error is not imported and is listed; rows without errors are imported;
* renamed, unknown, duplicated, merged or unit-changed columns stop the import with a message (numbers typed in
  another unit must never be read as this column's unit); a missing optional column is reported and read as empty.

The xlsx reader is our own (scoring/xlsx_read.py): openpyxl's read-only mode needs about 5 s for 5 000 rows × 100
columns, this one about a fifth of that.

Export neutralises formula injection: every text cell that begins with = + - @ (or a tab / carriage return) is
written with a leading single quote ('), so Excel shows it as text and never evaluates it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import get_close_matches
from typing import Any

import numpy as np
import pandas as pd

from pool.columns import (
    BENCH_HEADERS,
    EXAMPLE_MARK,
    NO,
    YES,
    Column,
    ColumnModel,
    assessment_to_row,
    bench_keys,
    columns_to_frame,
    empty_bench,
    normalise_header,
    rows_to_frame,
    split_list,
)
from pool.xlsx import (  # re-exported: the reader's types appear in pool_io's API
    MAX_SHEET_ROWS,
    ErrorCell,
    FileRejected,
    FormulaNoValue,
    Sheet,
    _check_zip,
    _ref,
    col_letter,
    read_xlsx,
)
from scoring.io import MAX_JSON_BYTES, InputError, parse_assessment
from scoring.models import uscc_is_valid

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = MAX_SHEET_ROWS
MAX_JSON_FILES = 20_000
MAX_NUMBER = 1e15  # no pool figure is larger; a bigger one is a typing slip (and would overflow products)
DATA_SHEET = "企业数据"
BENCH_SHEET = "基准值与引领值"
META_SHEET = "模板信息"
OPTIONS_SHEET = "选项"
HELP_SHEET = "填写说明"
TEMPLATE_VERSION = 1
FORMULA_PREFIX = "'"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DENOMINATORS = ("land_area_m2", "output_value_wan", "production_volume", "output_value_3y_wan",
                "same_class_material_t", "wastewater_treated_m3", "product_categories")
_TEXT_MAX = {"name": 200, "contact": 100, "assessor": 100, "product_name": 100, "product_unit": 20, "note": 500}
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "对", "有", "t"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "x", "错", "无", "f"}
_UNIT_RE = re.compile(r"^\s*([-+]?[\d.,，]+)\s*([^\d\s].*)$")
_NUM_RE = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_THOUSANDS_RE = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


# ---- results --------------------------------------------------------------------------------------------


@dataclass
class Issue:
    """One problem: where (as the user sees it), the value, what is wrong. `level` error = row not imported."""

    row: str  # Excel row number, a file name, or "—" for the whole file
    column: str  # "F 工业总产值（万元）", a field path, or "—"
    value: str
    message: str
    level: str = "error"  # error | warning
    sheet: str = ""


@dataclass
class ImportResult:
    frame: pd.DataFrame
    bench: pd.DataFrame | None = None  # None = the file has no benchmark sheet (keep the pool's)
    issues: list[Issue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows_read: int = 0
    rejected_rows: list[str] = field(default_factory=list)
    blocked: bool = False  # a file-level problem: nothing was imported
    template_ruleset: str | None = None
    template_profile: str | None = None
    columns: list[str] = field(default_factory=list)  # column ids the file had (others keep the pool's values)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    def issues_frame(self) -> pd.DataFrame:
        return pd.DataFrame({
            "级别": ["错误" if i.level == "error" else "提示" for i in self.issues],
            "工作表": [i.sheet for i in self.issues], "行": [i.row for i in self.issues],
            "列": [i.column for i in self.issues], "值": [i.value for i in self.issues],
            "问题": [i.message for i in self.issues]}, dtype="str")

    def summary(self) -> str:
        if self.blocked:
            return "文件未导入：" + "；".join(i.message for i in self.errors[:3])
        return (f"读取 {self.rows_read} 行：导入 {len(self.frame)} 家企业，"
                f"{len(self.rejected_rows)} 行有错误未导入" + (f"，{len(self.notices)} 条提示" if self.notices else ""))


Progress = Callable[[float, str], None]


def _noop(_f: float, _m: str) -> None:
    return None


# ---- sniffing ---------------------------------------------------------------------------------------------


def sniff(data: bytes, filename: str) -> str:
    """'xlsx' | 'zip' | 'json' | 'csv' from the bytes (the extension only breaks ties); FileRejected otherwise."""
    name = filename.lower()
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(f"文件 {filename} 为 {len(data) / 1024 / 1024:.1f} MB，超过 50 MB 上限；请拆分后分批导入")
    if not data:
        raise FileRejected(f"文件 {filename} 是空文件")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRejected(f"文件 {filename} 是旧版 .xls 或设置了打开密码的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后导入")
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise FileRejected(f"文件 {filename} 的压缩结构已损坏，无法读取") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if name.endswith((".xlsx", ".xlsm")):
            raise FileRejected(f"文件 {filename} 扩展名为 .xlsx，但内容不是 Excel 工作簿")
        return "zip"
    if name.endswith((".xlsx", ".xlsm", ".zip")):
        raise FileRejected(f"文件 {filename} 扩展名为 {name.rsplit('.', 1)[-1]}，但内容不是有效的 Excel 或 zip 文件"
                           "（可能已损坏，或是改了扩展名的其他文件）")
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith(".json") or head.startswith(b"{"):
        return "json"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise FileRejected(f"不支持的文件类型：{filename}（可导入 .xlsx、.csv、向导导出的 .json，或装有 .json 的 .zip）")


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (BOM or not), else GB18030 (Excel's "CSV" on Chinese Windows); binary content is refused."""
    if b"\x00" in data[:4096]:
        raise FileRejected(f"文件 {filename} 不是文本文件（含二进制内容），无法按 CSV 读取")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for ch in text[:20000] if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t")
        if bad <= 2:
            return text
    raise FileRejected(f"文件 {filename} 的文字编码无法识别；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后导入")


def read_csv(data: bytes, filename: str) -> Sheet:
    text = decode_text(data, filename)
    first = text.split("\n", 1)[0]
    delim = "\t" if first.count("\t") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    except csv.Error as exc:
        raise FileRejected(f"文件 {filename} 不是有效的 CSV：{exc}") from None
    rows = {}
    for i, rec in enumerate(records, start=1):
        d = {j: v for j, v in enumerate(rec) if v.strip() != ""}
        if d:
            rows[i] = d
    return Sheet("CSV", rows, [])


# ---- validation of one table ------------------------------------------------------------------------------


def _show(v: Any) -> str:
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, ErrorCell):
        return v.code
    if isinstance(v, FormulaNoValue):
        return "（公式，无计算结果）"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    s = str(v)
    return s if len(s) <= 40 else s[:40] + "…"


def _clean_text(v: str) -> str:
    s = v.strip()
    if s[:1] == FORMULA_PREFIX and s[1:2] in _FORMULA_START:  # our own neutralised export, read back
        s = s[1:]
    return s


class _CellError(Exception):
    pass


def _parse_number(v: Any, col: Column) -> float:
    if isinstance(v, bool):
        raise _CellError("应为数字，收到逻辑值")
    if isinstance(v, ErrorCell):
        raise _CellError(f"单元格为公式错误 {v.code}，请改为数值")
    if isinstance(v, FormulaNoValue):
        raise _CellError("公式单元格没有保存计算结果，请在 Excel 中打开并保存后再导入，或直接填写数值")
    if isinstance(v, float | int):
        x = float(v)
    else:
        s = unicodedata.normalize("NFKC", str(v)).strip().replace(" ", "")
        if _THOUSANDS_RE.match(s):
            s = s.replace(",", "")
        if _NUM_RE.match(s):
            x = float(s)
        else:
            m = _UNIT_RE.match(s)
            if m:
                found = m.group(2)
                hint = f"本列单位为 {col.unit}，" if col.unit else ""
                raise _CellError(f"单元格中带有单位或文字「{found}」：{hint}请只填写数字（例如 {m.group(1)}），"
                                 "不同单位需先换算")
            if s in ("-", "—", "/", "无", "N/A", "n/a", "NA", "空"):
                raise _CellError("请留空表示未填写，不要填「-」「无」等文字（0 表示确实为零）")
            raise _CellError("应为数字" + (f"（单位：{col.unit}）" if col.unit else ""))
    if not math.isfinite(x):
        raise _CellError("必须是有限数值")
    if x < 0:
        raise _CellError("不能为负数")
    if x > MAX_NUMBER:
        raise _CellError(f"数值过大（超过 {MAX_NUMBER:.0e}），请检查单位")
    if col.positive and x <= 0:
        raise _CellError("必须大于 0")
    if col.max_value is not None and x > col.max_value:
        raise _CellError(f"不能大于 {col.max_value:g}")
    if col.kind in ("int", "year") and not float(x).is_integer():
        raise _CellError("应为整数")
    if col.kind == "year" and not 2000 <= x <= 2100:
        raise _CellError("年份应在 2000–2100 之间")
    return x


def _parse_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, float | int) and v in (0, 1):
        return bool(v)
    s = unicodedata.normalize("NFKC", str(v)).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise _CellError(f"应为「{YES}」或「{NO}」")


def _choice_lookup(col: Column) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in col.choices:
        for key in (value, label):
            table[normalise_header(key)] = value
    if col.id == "industry":
        for value, label in col.choices:
            table.setdefault(normalise_header(label.split(" ", 1)[-1]), value)
    if col.id == "town":
        for value, label in col.choices:
            short = re.sub(r"(街道|镇|乡)$", "", label)
            table.setdefault(normalise_header(short), value)
    return table


def _parse_choice(v: Any, col: Column, table: dict[str, str]) -> str:
    if isinstance(v, float) and v.is_integer():
        v = str(int(v))
    key = normalise_header(str(v))
    if key in table:
        return table[key]
    if col.id == "industry":
        digits = re.match(r"^\s*(\d{2,4})", unicodedata.normalize("NFKC", str(v)))
        if digits:
            raise _CellError(f"行业代码 {digits.group(1)} 不在 GB/T 4754-2017 制造业大类（13–43）中")
    options = "、".join(col.labels[:12]) + ("…" if len(col.labels) > 12 else "")
    raise _CellError(f"不是可选项，应为：{options}")


def _parse_uscc(v: Any) -> str:
    if isinstance(v, float | int) and not isinstance(v, bool):
        raise _CellError("统一社会信用代码被 Excel 存成了数字（末几位可能已丢失）：请把该列设为“文本”格式后重新填写")
    s = unicodedata.normalize("NFKC", str(v)).strip().upper().replace(" ", "")
    if len(s) != 18:
        raise _CellError(f"统一社会信用代码应为 18 位，收到 {len(s)} 位")
    if not uscc_is_valid(s):
        raise _CellError("统一社会信用代码无效（含不允许的字符 I、O、S、V、Z，或第 18 位校验码不符）")
    return s


def _parse_text(v: Any, col: Column) -> str:
    s = _show(v) if isinstance(v, float) else (_clean_text(v) if isinstance(v, str) else _show(v))
    limit = _TEXT_MAX.get(col.id, 500)
    if len(s) > limit:
        raise _CellError(f"过长（最多 {limit} 个字符）")
    return s


def _parse_list(v: Any, col: Column, table: dict[str, str]) -> str:
    ids, unknown = [], []
    for token in split_list(str(v)):
        key = normalise_header(token)
        if key in table:
            ids.append(table[key])
        else:
            unknown.append(token)
    if unknown:
        raise _CellError(f"未识别的指标：{'、'.join(unknown[:5])}（请填写本规则集的指标名称或编号）")
    return "、".join(dict.fromkeys(ids))


def _parser(col: Column) -> Callable[[Any], Any]:
    """The cell parser of a column: a fast path for the common clean value, a memo for repeated text values
    (镇街, 是/否, 评价等级 repeat on every row), the full parser for the rest."""
    kind = col.kind
    if kind in ("number", "int", "year"):
        plain = kind == "number" and not col.positive and col.max_value is None
        whole = kind == "int" and col.max_value is None

        def number(v: Any) -> float:
            if type(v) is float and 0.0 <= v <= MAX_NUMBER and (plain or (whole and v.is_integer())):
                return v
            return _parse_number(v, col)

        return number
    if kind == "uscc":
        return _parse_uscc
    if kind == "text":
        def text(v: Any) -> str | None:
            if isinstance(v, ErrorCell | FormulaNoValue):
                raise _CellError("单元格为公式错误或没有计算结果，请改为文字")
            return _parse_text(v, col) or None

        return text
    table = _choice_lookup(col) if kind in ("choice", "list") else {}
    full: Callable[[Any], Any] = (
        _parse_bool if kind == "bool" else
        (lambda v: _parse_choice(v, col, table)) if kind == "choice" else
        (lambda v: _parse_list(v, col, table) or None))
    memo: dict[tuple[type, Any], Any] = {}

    def cached(v: Any) -> Any:
        key = (type(v), v) if isinstance(v, str | float | bool | int) else None
        if key is not None and key in memo:
            hit = memo[key]
            if isinstance(hit, _CellError):
                raise hit
            return hit
        try:
            out = full(v)
        except _CellError as exc:
            if key is not None:
                memo[key] = exc
            raise
        if key is not None:
            memo[key] = out
        return out

    return cached


def _find_header(sheet: Sheet, model: ColumnModel) -> int | None:
    for r in sorted(sheet.rows)[:10]:
        hits = {model.match(str(v))[0].id for v in sheet.rows[r].values()
                if isinstance(v, str) and model.match(v)[0] is not None}
        if len(hits) >= 2 and ("name" in hits or "uscc" in hits):
            return r
    return None


def validate_sheet(sheet: Sheet, model: ColumnModel, *, default_year: int = 2025, progress: Progress = _noop,
                   source: str = "") -> ImportResult:
    """Validate every row and cell of a data sheet against the column model."""
    res = ImportResult(frame=model.empty_frame())
    sname = sheet.name if sheet.name != "CSV" else ""

    def block(msg: str, row: str = "—", column: str = "—", value: str = "") -> ImportResult:
        res.issues.append(Issue(row, column, value, msg, "error", sname))
        res.blocked = True
        return res

    header_row = _find_header(sheet, model)
    if header_row is None:
        return block(f"{source or '文件'}中找不到表头：第 1 行应为「企业名称」「统一社会信用代码」等列名（请使用本系统生成的模板）")
    if header_row != 1:
        res.notices.append(f"表头在第 {header_row} 行，之前的 {header_row - 1} 行未读取")
    header = sheet.rows[header_row]
    data_rows = [r for r in sorted(sheet.rows) if r > header_row]
    if len(data_rows) > MAX_ROWS:
        return block(f"数据行数 {len(data_rows)} 超过单次导入上限 {MAX_ROWS} 行，请拆分后导入")

    # merged cells
    for r1, c1, r2, c2 in sheet.merged:
        where = f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"
        if r1 <= header_row <= r2:
            return block(f"表头含合并单元格 {where}：请取消合并，每列一个列名")

    # columns
    mapping: dict[int, Column] = {}
    seen: dict[str, int] = {}
    used: set[int] = set()
    for r in data_rows:
        used.update(sheet.rows[r])
    for ci in sorted(used | set(header)):
        filled = ci in used
        label = f"{col_letter(ci)} 列"
        h = header.get(ci)
        if h is None or str(h).strip() == "":
            if filled:
                return block(f"{label}没有列名但有数据：请补上列名或删除该列", column=col_letter(ci))
            continue
        col, note = model.match(str(h))
        if col is None:
            if not filled:
                res.notices.append(f"{label}「{h}」不是模板中的列，且没有数据，已忽略")
                continue
            close = get_close_matches(str(h), [c.header for c in model.accepted.values()], n=1, cutoff=0.5)
            hint = f"，是否为「{close[0]}」？" if close else ""
            return block(f"无法识别的列「{h}」{hint}请勿修改模板的列名（不需要的列可以删除整列）",
                         column=f"{col_letter(ci)} {h}")
        if note.startswith("unit:"):
            return block(f"「{h}」的单位为 {note[5:]}，模板要求 {col.unit}：请换算为 {col.unit} 并使用模板列名「{col.header}」",
                         column=f"{col_letter(ci)} {h}")
        if note == "no_unit":
            res.notices.append(f"{label}「{h}」未注明单位，按模板单位读取：{col.header}")
        if col.id in seen:
            return block(f"列「{col.header}」出现了两次（{col_letter(seen[col.id])} 列和 {col_letter(ci)} 列）",
                         column=f"{col_letter(ci)} {h}")
        seen[col.id] = ci
        mapping[ci] = col
    for req in ("name", "uscc"):
        if req not in seen:
            return block(f"缺少必填列「{model.accepted[req].header}」")
    absent = [c.header for c in model.template if c.id not in seen]
    if absent:
        res.notices.append(f"文件中没有以下 {len(absent)} 列，按未填写处理（重复导入时保留资源池中的原值）："
                           + "、".join(absent[:8]) + ("…" if len(absent) > 8 else ""))
    progress(0.45, "校验单元格")

    # rows: skip blanks and the template's example row
    merged_rows: dict[int, list[str]] = {}
    for r1, c1, r2, c2 in sheet.merged:
        for r in range(max(r1, header_row + 1), r2 + 1):
            merged_rows.setdefault(r, []).append(f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}")
    name_ci = seen["name"]
    keep: list[int] = []
    for r in data_rows:
        d = sheet.rows[r]
        if not any(ci in mapping for ci in d):
            continue
        nm = d.get(name_ci)
        if isinstance(nm, str) and nm.strip().startswith(EXAMPLE_MARK):
            res.notices.append(f"第 {r} 行是模板的示例行，已跳过")
            continue
        keep.append(r)
    res.rows_read = len(keep)
    bad_rows: dict[int, list[Issue]] = {}

    def fail(r: int, ci: int, v: Any, msg: str) -> None:
        col = mapping.get(ci)
        where = f"{col_letter(ci)} {col.header if col else ''}".strip()
        bad_rows.setdefault(r, []).append(Issue(str(r), where, _show(v), msg, "error", sname))

    for r in keep:
        for rng in merged_rows.get(r, []):
            c1 = _ref(rng.split(":")[0])[1]
            fail(r, c1, "", f"合并单元格 {rng}：请取消合并并在每一行分别填写")

    cells: dict[int, list[tuple[int, Any]]] = {ci: [] for ci in mapping}
    for k, r in enumerate(keep):
        for ci, v in sheet.rows[r].items():
            bucket = cells.get(ci)
            if bucket is not None:
                bucket.append((k, v))
    columns: dict[str, list[Any]] = {}
    n_cols = len(mapping)
    for j, (ci, col) in enumerate(mapping.items()):
        values: list[Any] = [None] * len(keep)
        filled = [False] * len(keep)
        parse = _parser(col)
        for k, v in cells[ci]:
            if isinstance(v, str) and not v.strip():
                continue
            try:
                values[k] = parse(v)
                filled[k] = True
            except _CellError as exc:
                fail(keep[k], ci, v, str(exc))
                filled[k] = True
        if col.required:
            for k, done in enumerate(filled):
                if not done:
                    fail(keep[k], ci, "", f"「{col.name}」为必填项")
        columns[col.id] = values
        if j % 10 == 0:
            progress(0.45 + 0.4 * j / max(n_cols, 1), "校验单元格")

    # duplicate 统一社会信用代码 within the file: every occurrence is refused (which one is right is unknown)
    where: dict[str, list[int]] = {}
    for r, code in zip(keep, columns["uscc"], strict=True):
        if code:
            where.setdefault(code, []).append(r)
    for code, rs in where.items():
        if len(rs) > 1:
            for r in rs:
                others = "、".join(str(x) for x in rs if x != r)
                fail(r, seen["uscc"], code, f"统一社会信用代码与第 {others} 行重复：同一企业只能有一行，请合并后导入")
    # warnings that do not stop a row: zero denominators
    for name in DENOMINATORS:
        if name in columns:
            for r, v in zip(keep, columns[name], strict=True):
                if v == 0 and r not in bad_rows:
                    res.issues.append(Issue(str(r), f"{col_letter(seen[name])} {model.accepted[name].header}", "0",
                                            "为 0：该值用作分母，相关指标将无法计算（未知请留空）", "warning", sname))
    good = [i for i, r in enumerate(keep) if r not in bad_rows]
    for r in sorted(bad_rows):
        res.issues.extend(bad_rows[r])
    res.rejected_rows = [str(r) for r in sorted(bad_rows)]
    picked = {cid: [vals[i] for i in good] for cid, vals in columns.items()}
    picked["year"] = [float(default_year) if y is None else y for y in picked.get("year", [None] * len(good))]
    res.frame = columns_to_frame(picked, len(good), model)
    res.columns = sorted(columns)
    progress(0.9, "整理数据")
    return res


# ---- the benchmark sheet ---------------------------------------------------------------------------------


def validate_bench_sheet(sheet: Sheet, model: ColumnModel) -> tuple[pd.DataFrame, list[Issue]]:
    """Rows of the 基准值与引领值 sheet (blank values skipped); problems as issues of that sheet."""
    issues: list[Issue] = []
    name = sheet.name
    keys = {normalise_header(k): k for k, _, _ in bench_keys(model.ruleset)}
    keys |= {normalise_header(label): k for k, _, label in bench_keys(model.ruleset)}
    want = {"indicator": BENCH_HEADERS["indicator"], "industry": BENCH_HEADERS["industry"],
            "baseline": BENCH_HEADERS["baseline"], "leading": BENCH_HEADERS["leading"], "source": BENCH_HEADERS["source"]}
    hdr_row = next((r for r in sorted(sheet.rows)[:10]
                    if {normalise_header(str(v)) for v in sheet.rows[r].values()} >= {normalise_header(want["baseline"]),
                                                                                    normalise_header(want["leading"])}),
                   None)
    if hdr_row is None:
        issues.append(Issue("—", "—", "", "找不到「基准值」「引领值」列，基准值表未导入", "error", name))
        return empty_bench(), issues
    pos: dict[str, int] = {}
    for ci, v in sheet.rows[hdr_row].items():
        for k, h in want.items():
            if normalise_header(str(v)) == normalise_header(h) or (k == "industry" and str(v).startswith("行业代码")):
                pos[k] = ci
    if "indicator" not in pos:
        issues.append(Issue(str(hdr_row), "—", "", "基准值表缺少「指标编号」列", "error", name))
        return empty_bench(), issues
    out = []
    industry_col = model.accepted["industry"]
    ind_table = _choice_lookup(industry_col)
    for r in sorted(sheet.rows):
        if r <= hdr_row:
            continue
        d = sheet.rows[r]
        base, lead = d.get(pos.get("baseline", -1)), d.get(pos.get("leading", -1))
        if base is None and lead is None:
            continue
        problems = []
        raw_key = d.get(pos["indicator"])
        key = keys.get(normalise_header(str(raw_key))) if raw_key is not None else None
        if key is None:
            problems.append((pos["indicator"], raw_key, "不是本规则集的定量指标编号"))
        vals = {}
        for which, v in (("baseline", base), ("leading", lead)):
            if v is None:
                vals[which] = None
                continue
            try:
                if isinstance(v, bool):
                    raise _CellError("应为数字")
                x = float(v) if isinstance(v, float | int) else float(unicodedata.normalize("NFKC", str(v)).strip())
                if not math.isfinite(x):
                    raise _CellError("必须是有限数值")
                vals[which] = x
            except (ValueError, _CellError):
                problems.append((pos[which], v, "应为数字（单位见「单位」列），不要带单位"))
        industry = d.get(pos.get("industry", -1))
        code = None
        if industry is not None:
            try:
                code = _parse_choice(industry, industry_col, ind_table)
            except _CellError:
                digits = re.match(r"^\d{2,4}$", _show(industry))
                if digits:
                    code = _show(industry)
                else:
                    problems.append((pos["industry"], industry, "行业代码应为 2–4 位 GB/T 4754 代码，空白表示全部行业"))
        for ci, v, msg in problems:
            issues.append(Issue(str(r), f"{col_letter(ci)}", _show(v) if v is not None else "", msg, "error", name))
        if not problems:
            src = d.get(pos.get("source", -1))
            out.append({"indicator": key, "industry": code, "baseline": vals["baseline"], "leading": vals["leading"],
                        "source": _clean_text(str(src)) if src is not None else "资源池基准值表"})
    if not out:
        return empty_bench(), issues
    return pd.DataFrame(out).astype({"indicator": "str", "industry": "str", "baseline": "float64",
                                     "leading": "float64", "source": "str"}), issues


# ---- entry points --------------------------------------------------------------------------------------------


def peek_template(data: bytes, filename: str) -> dict[str, str]:
    """The identity of a template or export (rule-set, profile), read before choosing the column model;
    {} for anything else (csv, JSON, a workbook of the user's own, an unreadable file)."""
    try:
        if sniff(data, filename) != "xlsx":
            return {}
        return _template_meta(read_xlsx(data, filename, wanted=[META_SHEET]))
    except FileRejected:
        return {}


def _template_meta(sheets: list[Sheet]) -> dict[str, str]:
    meta = next((s for s in sheets if s.name == META_SHEET), None)
    if meta is None:
        return {}
    return {str(d.get(0)): str(d.get(1)) for d in meta.rows.values() if d.get(0) is not None and d.get(1) is not None}


def import_table(data: bytes, filename: str, model: ColumnModel, *, default_year: int = 2025,
                 progress: Progress | None = None) -> ImportResult:
    """Import an xlsx or csv pool file. A file-level problem gives `blocked=True` and nothing imported."""
    progress = progress or _noop
    try:
        kind = sniff(data, filename)
        if kind in ("json", "zip"):
            return import_assessments([(filename, data)], model, progress=progress)
        progress(0.05, "读取文件")
        if kind == "csv":
            sheet = read_csv(data, filename)
            res = validate_sheet(sheet, model, default_year=default_year, progress=progress, source=filename)
            res.bench = None
            return res
        sheets = read_xlsx(data, filename, wanted=[DATA_SHEET, BENCH_SHEET, META_SHEET])
        progress(0.4, "解析工作表")
        meta = _template_meta(sheets)
        data_sheet = next((s for s in sheets if s.name == DATA_SHEET), None)
        notices = []
        if data_sheet is None:  # a workbook of the user's own: the one visible sheet with our header
            visible = [s.name for s in sheets if not s.hidden and s.name not in (BENCH_SHEET, META_SHEET)]
            found = [s for s in read_xlsx(data, filename, wanted=visible)
                     if s.name in visible and s.rows and _find_header(s, model) is not None]
            if len(found) != 1:
                why = "没有一个工作表带有模板的表头" if not found else f"有 {len(found)} 个工作表都像数据表"
                raise FileRejected(f"找不到「{DATA_SHEET}」工作表（文件中的工作表：{'、'.join(visible) or '无'}；{why}）。"
                                   f"请使用本系统生成的模板，或把数据放在名为「{DATA_SHEET}」的工作表中")
            data_sheet = found[0]
            notices.append(f"没有「{DATA_SHEET}」工作表，读取了带有模板表头的工作表「{data_sheet.name}」")
        if meta.get("ruleset") and meta["ruleset"] != model.ruleset.id:
            raise FileRejected(f"该模板按评价规则集「{meta['ruleset']}」生成，当前选择的是「{model.ruleset.id}」："
                               "请选择与模板一致的规则集，或下载当前规则集的模板")
        res = validate_sheet(data_sheet, model, default_year=default_year, progress=progress, source=filename)
        res.notices[:0] = notices
        res.template_ruleset, res.template_profile = meta.get("ruleset"), meta.get("profile")
        bench_sheet = next((s for s in sheets if s.name == BENCH_SHEET), None)
        if bench_sheet is not None and bench_sheet.rows and not res.blocked:
            bench, issues = validate_bench_sheet(bench_sheet, model)
            res.issues.extend(issues)
            if issues:
                res.notices.append(f"基准值表有 {len(issues)} 处错误，这些行未导入")
            res.bench = bench if not bench.empty else None
        progress(1.0, "完成")
        return res
    except FileRejected as exc:
        r = ImportResult(frame=model.empty_frame(), blocked=True)
        r.issues.append(Issue("—", "—", "", str(exc)))
        return r


def _zip_members(data: bytes, filename: str) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        _check_zip(z, filename)
        out = []
        for info in z.infolist():
            name = info.filename
            if not info.flag_bits & 0x800:  # not flagged UTF-8: Chinese Windows zips use GBK names
                with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                    name = name.encode("cp437").decode("gbk")
            if info.is_dir() or name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith("."):
                continue
            if not name.lower().endswith(".json"):
                out.append((f"{filename}/{name}", b""))
                continue
            if info.file_size > MAX_JSON_BYTES:
                out.append((f"{filename}/{name}", b"\x00too-large"))
                continue
            out.append((f"{filename}/{name}", z.read(info)))
        if len(out) > MAX_JSON_FILES:
            raise FileRejected(f"压缩包中有 {len(out)} 个文件，超过上限 {MAX_JSON_FILES}")
        return out


def import_assessments(files: Iterable[tuple[str, bytes]], model: ColumnModel,
                       progress: Progress | None = None) -> ImportResult:
    """Import wizard JSON exports (files, or zips of them): one enterprise per file."""
    progress = progress or _noop
    res = ImportResult(frame=model.empty_frame())
    members: list[tuple[str, bytes]] = []
    for name, data in files:
        try:
            kind = sniff(data, name)
        except FileRejected as exc:
            res.issues.append(Issue(name, "—", "", str(exc)))
            res.rejected_rows.append(name)
            continue
        if kind == "zip":
            try:
                members.extend(_zip_members(data, name))
            except (FileRejected, zipfile.BadZipFile) as exc:
                res.issues.append(Issue(name, "—", "", str(exc) or "压缩包无法读取"))
                res.rejected_rows.append(name)
        elif kind == "json":
            members.append((name, data))
        else:
            res.issues.append(Issue(name, "—", "", "表格文件请单独导入（每次一个 .xlsx 或 .csv）"))
            res.rejected_rows.append(name)
    rows: list[tuple[str, dict[str, Any]]] = []
    for k, (name, data) in enumerate(members):
        if k % 50 == 0:
            progress(0.1 + 0.8 * k / max(len(members), 1), f"读取 {k}/{len(members)} 个评价文件")
        if not data:
            res.notices.append(f"{name} 不是 .json 文件，已跳过")
            continue
        if data == b"\x00too-large":
            res.issues.append(Issue(name, "—", "", "文件超过 2 MB，不是向导导出的评价文件"))
            res.rejected_rows.append(name)
            continue
        try:
            a = parse_assessment(data)
        except InputError as exc:
            for msg in exc.messages[:20]:
                field_, _, text = msg.partition(": ")
                res.issues.append(Issue(name, field_ if text else "—", "", text or msg))
            res.rejected_rows.append(name)
            continue
        problems = []
        if not a.enterprise.uscc:
            problems.append("缺少统一社会信用代码（资源池按此代码识别企业，请在向导的企业信息中填写）")
        if not a.enterprise.name:
            problems.append("缺少企业名称")
        if a.enterprise.industry and a.enterprise.industry not in dict(model.accepted["industry"].choices):
            problems.append(f"行业代码 {a.enterprise.industry} 不在 GB/T 4754-2017 制造业大类中")
        if a.enterprise.town and a.enterprise.town not in dict(model.accepted["town"].choices):
            problems.append(f"所在镇街 {a.enterprise.town} 不在本区镇街名单中")
        if problems:
            res.issues.extend(Issue(name, "enterprise", "", p) for p in problems)
            res.rejected_rows.append(name)
            continue
        row, notes = assessment_to_row(a, model)
        res.issues.extend(Issue(name, "—", "", n, "warning") for n in notes)
        rows.append((name, row))
    res.rows_read = len(rows) + len([n for n in res.rejected_rows if n not in {x for x, _ in rows}])
    where: dict[str, list[str]] = {}
    for name, row in rows:
        where.setdefault(row["uscc"], []).append(name)
    dup = {code for code, names in where.items() if len(names) > 1}
    keep = []
    for name, row in rows:
        if row["uscc"] in dup:
            others = "、".join(n for n in where[row["uscc"]] if n != name)
            res.issues.append(Issue(name, "enterprise.uscc", row["uscc"],
                                    f"统一社会信用代码与 {others} 重复：同一企业只能导入一份评价"))
            res.rejected_rows.append(name)
        else:
            keep.append(row)
    res.frame = rows_to_frame(keep, model)
    res.columns = sorted(model.accepted)
    progress(1.0, "完成")
    return res


def import_files(files: Sequence[tuple[str, bytes]], model: ColumnModel, *, default_year: int = 2025,
                 progress: Progress | None = None) -> ImportResult:
    """One xlsx/csv, or any number of JSON / zip files (as the pool page's uploader gives them)."""
    if len(files) == 1:
        return import_table(files[0][1], files[0][0], model, default_year=default_year, progress=progress)
    tables = [n for n, d in files if n.lower().endswith((".xlsx", ".csv", ".xlsm"))]
    if tables:
        r = ImportResult(frame=model.empty_frame(), blocked=True)
        r.issues.append(Issue("—", "—", "", f"表格文件请每次导入一个（收到 {len(tables)} 个：{'、'.join(tables[:3])}）"))
        return r
    return import_assessments(files, model, progress=progress)


# ---- writing xlsx ------------------------------------------------------------------------------------------


def neutralise(v: Any) -> Any:
    """Text that Excel would read as a formula (= + - @, tab, CR first) gets a leading single quote."""
    if isinstance(v, str) and v[:1] in _FORMULA_START:
        return FORMULA_PREFIX + v
    return v


def _cell_value(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    return neutralise(v)


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
            ind, label = labels.get(str(r.indicator), (None, str(r.indicator)))
            have.add(str(r.indicator))
            rows.append([r.indicator, label, ind.unit if ind else "", None if pd.isna(r.industry) else r.industry,
                         None if pd.isna(r.baseline) else r.baseline, None if pd.isna(r.leading) else r.leading,
                         None if pd.isna(r.source) else r.source, cat_default.get(str(r.indicator), "")])
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
    "文件不超过 50 MB；支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）。",
]


def _kind_text(col: Column) -> str:
    return {"text": "文字", "uscc": "18 位代码（文本）", "choice": "下拉选择", "bool": "是/否", "list": "文字（多个用、分隔）",
            "number": f"数字（{col.unit}）" if col.unit else "数字", "int": f"整数（{col.unit}）" if col.unit else "整数",
            "year": "年份（整数）"}[col.kind]


def build_template(model: ColumnModel, bench: pd.DataFrame | None = None, *, rows: int = 3000,
                   example: pd.DataFrame | None = None, data: pd.DataFrame | None = None) -> bytes:
    """The Excel template of a rule-set and profile: instructions, the data sheet (headers with units, drop-downs,
    number validation, an example row), the benchmark sheet, the option lists and the template's identity.
    `data` pre-fills enterprise rows below the example (e.g. a demo pool)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from pool.demo import demo_pool

    cols = list(model.template)
    wb = Workbook()
    help_ws = wb.active
    help_ws.title = HELP_SHEET
    ws = wb.create_sheet(DATA_SHEET)
    bs = wb.create_sheet(BENCH_SHEET)
    opt = wb.create_sheet(OPTIONS_SHEET)
    meta = wb.create_sheet(META_SHEET)
    opt.sheet_state = "hidden"
    meta.sheet_state = "hidden"
    bold = Font(bold=True)

    # data sheet: header, example row, validation
    groups = list(dict.fromkeys(c.group for c in cols))
    fills = {g: PatternFill("solid", fgColor=_GROUP_FILLS[i % len(_GROUP_FILLS)]) for i, g in enumerate(groups)}
    last = rows + 1
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
    if data is not None:
        for i, values in enumerate(frame_to_rows(data, cols), start=3):
            for j, v in enumerate(values, start=1):
                if v is not None:
                    ws.cell(row=i, column=j, value=v)
        last = max(last, len(data) + 2)
    opt_col = 0
    for j, c in enumerate(cols, start=1):
        letter = col_letter(j - 1)
        rng = f"{letter}2:{letter}{last}"
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
            opt_col += 1
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
            for r in range(2, last + 1):
                ws.cell(row=r, column=j).number_format = "@"
        if dv is not None:
            dv.errorTitle = "输入有误"
            if not dv.error:
                dv.error = "请从下拉列表中选择" if c.kind in ("bool", "choice") else "输入有误"
            dv.showErrorMessage = True
            dv.promptTitle = c.name[:32]
            dv.prompt = (c.help or _kind_text(c))[:250]
            dv.showInputMessage = bool(c.help)
            ws.add_data_validation(dv)
            dv.add(rng)

    # benchmark sheet
    bs.append([neutralise(h) for h in BENCH_SHEET_HEADER])
    for cell in bs[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for r in bench_rows(model, bench):
        bs.append([_cell_value(v) for v in r])
    for letter, width in zip("ABCDEFGH", (26, 34, 14, 18, 12, 12, 30, 60), strict=True):
        bs.column_dimensions[letter].width = width
    bs.freeze_panes = "A2"

    # instructions
    help_ws.column_dimensions["A"].width = 8
    help_ws.column_dimensions["B"].width = 46
    help_ws.column_dimensions["C"].width = 16
    help_ws.column_dimensions["D"].width = 20
    help_ws.column_dimensions["E"].width = 8
    help_ws.column_dimensions["F"].width = 80
    help_ws.append(["绿色工厂培育库 企业数据导入模板"])
    help_ws["A1"].font = Font(bold=True, size=14)
    help_ws.append([f"评价规则集：{model.ruleset.name.zh}（{model.ruleset.id}，第 {model.ruleset.version} 版）"])
    help_ws.append([f"地方评价方案：{model.profile.name.zh}（{model.profile.id}）"])
    help_ws.append([f"生成时间：{datetime.now():%Y-%m-%d %H:%M}。本模板按所选规则集生成，导入时请选择同一规则集。"])
    help_ws.append([])
    help_ws.append(["填写规则"])
    help_ws.cell(row=help_ws.max_row, column=1).font = bold
    for k, rule in enumerate(HELP_RULES, start=1):
        help_ws.append([k, rule])
    help_ws.append([])
    help_ws.append(["列", "表头（单位）", "分组", "格式", "必填", "说明"])
    for cell in help_ws[help_ws.max_row]:
        cell.font = bold
    for j, c in enumerate(cols):
        help_ws.append([col_letter(j), neutralise(c.header), c.group, _kind_text(c), "是" if c.required else "",
                        neutralise(c.help)])
    for row in help_ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

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
