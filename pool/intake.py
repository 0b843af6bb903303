"""Reading pool files into rows: one xlsx or csv, or wizard JSON exports (files or zips of them).

The file is refused before parsing when it is over the size limit, when its bytes are not what its name says (an
xlsx must be a zip with a workbook inside, checked by magic bytes; .xls and encrypted workbooks are named as such),
when a zip would unpack to too much, or when a csv is neither UTF-8 (with or without BOM) nor GB18030. The limits
are `criteria.rules`; the cells are checked by `pool.validation`; xlsx is read by `pool.xlsx` (python-calamine).
"""

from __future__ import annotations

import contextlib
import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from criteria.rules import MAX_FILE_BYTES, MAX_JSON_BYTES, MAX_ZIP_MEMBERS, MB
from pool.columns import ColumnModel, assessment_to_row, rows_to_frame
from pool.validation import (
    ImportResult,
    Issue,
    Progress,
    find_header,
    no_progress,
    validate_bench_sheet,
    validate_sheet,
)
from pool.workbook import BENCH_SHEET, DATA_SHEET, META_SHEET
from pool.xlsx import ENCRYPTED, FileRejected, Sheet, check_zip, read_xlsx
from scoring.io import InputError, parse_assessment

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .xls, or an encrypted .xlsx
_TOO_LARGE = b"\x00too-large"


# ---- what the bytes are ------------------------------------------------------------------------------------


def sniff(data: bytes, filename: str) -> str:
    """'xlsx' | 'zip' | 'json' | 'csv' from the bytes (the extension only breaks ties); FileRejected otherwise."""
    name = filename.lower()
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(f"文件 {filename} 为 {len(data) / MB:.1f} MB，超过 {MAX_FILE_BYTES // MB} MB 上限；"
                           "请拆分后分批导入")
    if not data:
        raise FileRejected(f"文件 {filename} 是空文件")
    if data[:8] == CFB_MAGIC:
        raise FileRejected(f"文件 {filename} {ENCRYPTED}")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
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
    """A csv (comma or tab separated) as a sheet; cells of spaces only are empty."""
    text = decode_text(data, filename)
    first = text.split("\n", 1)[0]
    delim = "\t" if first.count("\t") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    except csv.Error as exc:
        raise FileRejected(f"文件 {filename} 不是有效的 CSV：{exc}") from None
    return Sheet("CSV", [[v if v.strip() else "" for v in rec] for rec in records])


# ---- one table (xlsx or csv) ------------------------------------------------------------------------------


def _template_meta(sheets: list[Sheet]) -> dict[str, str]:
    meta = next((s for s in sheets if s.name == META_SHEET), None)
    if meta is None:
        return {}
    return {str(d.get(0)): str(d.get(1)) for d in meta.rows.values() if d.get(0) is not None and d.get(1) is not None}


def peek_template(data: bytes, filename: str) -> dict[str, str]:
    """The identity of a template or export (rule-set, profile), read before choosing the column model;
    {} for anything else (csv, JSON, a workbook of the user's own, an unreadable file)."""
    try:
        if sniff(data, filename) != "xlsx":
            return {}
        return _template_meta(read_xlsx(data, filename, wanted=[META_SHEET]))
    except FileRejected:
        return {}


def _data_sheet(data: bytes, filename: str, sheets: list[Sheet], model: ColumnModel, notices: list[str]) -> Sheet:
    """The 企业数据 sheet, or else the one visible sheet of the user's own workbook that has our header."""
    found = next((s for s in sheets if s.name == DATA_SHEET), None)
    if found is not None:
        return found
    visible = [s.name for s in sheets if not s.hidden and s.name not in (BENCH_SHEET, META_SHEET)]
    candidates = [s for s in read_xlsx(data, filename, wanted=visible)
                  if s.name in visible and s.grid and find_header(s, model) is not None]
    if len(candidates) != 1:
        why = "没有一个工作表带有模板的表头" if not candidates else f"有 {len(candidates)} 个工作表都像数据表"
        raise FileRejected(f"找不到「{DATA_SHEET}」工作表（文件中的工作表：{'、'.join(visible) or '无'}；{why}）。"
                           f"请使用本系统生成的模板，或把数据放在名为「{DATA_SHEET}」的工作表中")
    notices.append(f"没有「{DATA_SHEET}」工作表，读取了带有模板表头的工作表「{candidates[0].name}」")
    return candidates[0]


def _add_bench(res: ImportResult, sheets: list[Sheet], model: ColumnModel) -> None:
    bench_sheet = next((s for s in sheets if s.name == BENCH_SHEET), None)
    if bench_sheet is None or not bench_sheet.rows or res.blocked:
        return
    bench, issues = validate_bench_sheet(bench_sheet, model)
    res.issues.extend(issues)
    if issues:
        res.notices.append(f"基准值表有 {len(issues)} 处错误，这些行未导入")
    res.bench = bench if not bench.empty else None


def _import_xlsx(data: bytes, filename: str, model: ColumnModel, default_year: int, progress: Progress
                 ) -> ImportResult:
    sheets = read_xlsx(data, filename, wanted=[DATA_SHEET, BENCH_SHEET, META_SHEET])
    progress(0.4, "解析工作表")
    meta = _template_meta(sheets)
    notices: list[str] = []
    data_sheet = _data_sheet(data, filename, sheets, model, notices)
    if meta.get("ruleset") and meta["ruleset"] != model.ruleset.id:
        raise FileRejected(f"该模板按评价规则集「{meta['ruleset']}」生成，当前选择的是「{model.ruleset.id}」："
                           "请选择与模板一致的规则集，或下载当前规则集的模板")
    res = validate_sheet(data_sheet, model, default_year=default_year, progress=progress, source=filename)
    res.notices[:0] = notices
    res.template_ruleset, res.template_profile = meta.get("ruleset"), meta.get("profile")
    _add_bench(res, sheets, model)
    return res


def _blocked(model: ColumnModel, message: str) -> ImportResult:
    r = ImportResult(frame=model.empty_frame(), blocked=True)
    r.issues.append(Issue("—", "—", "", message))
    return r


def import_table(data: bytes, filename: str, model: ColumnModel, *, default_year: int = 2025,
                 progress: Progress | None = None) -> ImportResult:
    """Import an xlsx or csv pool file. A file-level problem gives `blocked=True` and nothing imported."""
    progress = progress or no_progress
    try:
        kind = sniff(data, filename)
        if kind in ("json", "zip"):
            return import_assessments([(filename, data)], model, progress=progress)
        progress(0.05, "读取文件")
        if kind == "csv":
            res = validate_sheet(read_csv(data, filename), model, default_year=default_year, progress=progress,
                                 source=filename)
        else:
            res = _import_xlsx(data, filename, model, default_year, progress)
        progress(1.0, "完成")
        return res
    except FileRejected as exc:
        return _blocked(model, str(exc))


# ---- wizard JSON exports -------------------------------------------------------------------------------------


def _zip_members(data: bytes, filename: str) -> list[tuple[str, bytes]]:
    """(zip name/member name, bytes) of every file in the zip: b'' for a member that is not JSON."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        check_zip(z, filename)
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
            elif info.file_size > MAX_JSON_BYTES:
                out.append((f"{filename}/{name}", _TOO_LARGE))
            else:
                out.append((f"{filename}/{name}", z.read(info)))
        if len(out) > MAX_ZIP_MEMBERS:
            raise FileRejected(f"压缩包中有 {len(out)} 个文件，超过上限 {MAX_ZIP_MEMBERS}")
        return out


def _members(files: Iterable[tuple[str, bytes]], res: ImportResult) -> list[tuple[str, bytes]]:
    """The JSON files given, zips unpacked; what cannot be read is listed in `res`."""
    members: list[tuple[str, bytes]] = []
    for name, data in files:
        try:
            kind = sniff(data, name)
            if kind == "zip":
                members.extend(_zip_members(data, name))
                continue
        except (FileRejected, zipfile.BadZipFile) as exc:
            res.issues.append(Issue(name, "—", "", str(exc) or "压缩包无法读取"))
            res.rejected_rows.append(name)
            continue
        if kind == "json":
            members.append((name, data))
        else:
            res.issues.append(Issue(name, "—", "", "表格文件请单独导入（每次一个 .xlsx 或 .csv）"))
            res.rejected_rows.append(name)
    return members


def _enterprise_problems(a: Any, model: ColumnModel) -> list[str]:
    e = a.enterprise
    problems = []
    if not e.uscc:
        problems.append("缺少统一社会信用代码（资源池按此代码识别企业，请在向导的企业信息中填写）")
    if not e.name:
        problems.append("缺少企业名称")
    if e.industry and e.industry not in dict(model.accepted["industry"].choices):
        problems.append(f"行业代码 {e.industry} 不在 GB/T 4754-2017 制造业大类中")
    if e.town and e.town not in dict(model.accepted["town"].choices):
        problems.append(f"所在镇街 {e.town} 不在本区镇街名单中")
    return problems


def _member_row(name: str, data: bytes, model: ColumnModel, res: ImportResult) -> dict[str, Any] | None:
    """The pool row of one JSON export, or None (the reason is listed in `res`)."""
    if not data:
        res.notices.append(f"{name} 不是 .json 文件，已跳过")
        return None
    if data == _TOO_LARGE:
        res.issues.append(Issue(name, "—", "", f"文件超过 {MAX_JSON_BYTES // MB} MB，不是向导导出的评价文件"))
        res.rejected_rows.append(name)
        return None
    try:
        a = parse_assessment(data)
    except InputError as exc:
        for msg in exc.messages[:20]:
            field_, _, text = msg.partition(": ")
            res.issues.append(Issue(name, field_ if text else "—", "", text or msg))
        res.rejected_rows.append(name)
        return None
    problems = _enterprise_problems(a, model)
    if problems:
        res.issues.extend(Issue(name, "enterprise", "", p) for p in problems)
        res.rejected_rows.append(name)
        return None
    row, notes = assessment_to_row(a, model)
    res.issues.extend(Issue(name, "—", "", n, "warning") for n in notes)
    return row


def _drop_duplicates(rows: list[tuple[str, dict[str, Any]]], res: ImportResult) -> list[dict[str, Any]]:
    """Every file of a 统一社会信用代码 given more than once is refused (which one is right is unknown)."""
    where: dict[str, list[str]] = {}
    for name, row in rows:
        where.setdefault(row["uscc"], []).append(name)
    keep = []
    for name, row in rows:
        if len(where[row["uscc"]]) > 1:
            others = "、".join(n for n in where[row["uscc"]] if n != name)
            res.issues.append(Issue(name, "enterprise.uscc", row["uscc"],
                                    f"统一社会信用代码与 {others} 重复：同一企业只能导入一份评价"))
            res.rejected_rows.append(name)
        else:
            keep.append(row)
    return keep


def import_assessments(files: Iterable[tuple[str, bytes]], model: ColumnModel,
                       progress: Progress | None = None) -> ImportResult:
    """Import wizard JSON exports (files, or zips of them): one enterprise per file."""
    progress = progress or no_progress
    res = ImportResult(frame=model.empty_frame())
    members = _members(files, res)
    rows: list[tuple[str, dict[str, Any]]] = []
    for k, (name, data) in enumerate(members):
        if k % 50 == 0:
            progress(0.1 + 0.8 * k / max(len(members), 1), f"读取 {k}/{len(members)} 个评价文件")
        row = _member_row(name, data, model, res)
        if row is not None:
            rows.append((name, row))
    res.rows_read = len(rows) + len([n for n in res.rejected_rows if n not in {x for x, _ in rows}])
    res.frame = rows_to_frame(_drop_duplicates(rows, res), model)
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
        return _blocked(model, f"表格文件请每次导入一个（收到 {len(tables)} 个：{'、'.join(tables[:3])}）")
    return import_assessments(files, model, progress=progress)
