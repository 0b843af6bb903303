"""Reading pool files into rows: one xlsx or csv, or wizard JSON exports (files or zips of them).

The file is refused before parsing when it is over the size limit, when its bytes are not what its name says (an
xlsx must be a zip with a workbook inside, checked by magic bytes; .xls and encrypted workbooks are named as such),
when a zip would unpack to too much, or when a csv is neither UTF-8 (with or without BOM) nor GB18030. The limits
are `criteria.rules`; the cells are checked by `pool.validation`; xlsx is read by `pool.xlsx` (python-calamine).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from criteria.rules import MAX_FILE_BYTES, MAX_JSON_BYTES, MAX_ZIP_MEMBERS, MB
from locales import Msg, msg
from pool.columns import ColumnModel, assessment_to_row, rows_to_frame
from pool.messages import joined, pmsg, verbatim
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
from pool.xlsx import FileRejected, Sheet, check_zip, col_letter, read_xlsx
from scoring import cells
from scoring.io import InputError, read_assessment

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .xls, or an encrypted .xlsx
_TOO_LARGE = b"\x00too-large"
# All the files of one upload together (the pool page's uploader, one batch command): two files at the size limit.
# With members read one at a time (bench/upload_memory.py) this keeps one request under issue 15's 300 MB goal.
MAX_REQUEST_BYTES = 2 * MAX_FILE_BYTES
MAX_IMPORT_SECONDS = 30  # one file's reading and checking (a 2-million-cell xlsx takes ≈ 11 s here)


# ---- what the bytes are ------------------------------------------------------------------------------------


def sniff(data: bytes, filename: str, *, xls: bool = False) -> str:
    """'xlsx' | 'zip' | 'json' | 'csv' from the bytes (the extension only breaks ties), and 'xls' for a compound file
    where the caller reads old workbooks (``xls``); FileRejected otherwise."""
    name = filename.lower()
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(pmsg("file.too_big", name=filename, mb=f"{len(data) / MB:.1f}", max=MAX_FILE_BYTES // MB))
    if not data:
        raise FileRejected(pmsg("file.empty", name=filename))
    if data[:8] == CFB_MAGIC:
        if xls:
            return "xls"
        raise FileRejected(pmsg("file.encrypted", name=filename))
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise FileRejected(pmsg("file.bad_zip", name=filename)) from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if name.endswith((".xlsx", ".xlsm")):
            raise FileRejected(pmsg("file.not_workbook_xlsx", name=filename))
        return "zip"
    if name.endswith((".xlsx", ".xlsm", ".zip")):
        raise FileRejected(pmsg("file.bad_extension", name=filename, ext=name.rsplit(".", 1)[-1]))
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith(".json") or head.startswith(b"{"):
        return "json"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise FileRejected(pmsg("file.unsupported", name=filename))


def decode_text(data: bytes, filename: str) -> str:
    """The text of a csv by the shared rules (`scoring.cells.decode_text`: UTF-8 ± BOM, UTF-16 with BOM,
    GB18030/GBK); binary content and unknown encodings are refused."""
    try:
        return cells.decode_text(data)
    except cells.NotText as exc:
        raise FileRejected(pmsg("file.binary" if exc.binary else "file.encoding", name=filename)) from None


csv.field_size_limit(MAX_FILE_BYTES)  # the file limit bounds a cell; a cell over MAX_CELL_CHARS is refused by name


def read_csv(data: bytes, filename: str) -> Sheet:
    """A csv (comma, semicolon or tab separated, sniffed) as a sheet; cells of spaces only are empty; a cell over
    MAX_CELL_CHARS refuses the file, naming its row and column."""
    text = decode_text(data, filename)
    delim = cells.sniff_delimiter(text)
    grid: list[list[str]] = []
    try:
        for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            if rec and max(map(len, rec)) > cells.MAX_CELL_CHARS:
                j = next(k for k, v in enumerate(rec) if len(v) > cells.MAX_CELL_CHARS)
                raise FileRejected(msg("intake.huge_cell", row=len(grid) + 1, column=col_letter(j), n=len(rec[j]),
                                       max=cells.MAX_CELL_CHARS))
            grid.append([v if v.strip() else "" for v in rec])
    except csv.Error:
        raise FileRejected(pmsg("file.bad_csv", name=filename, error=msg("intake.csv_row", row=len(grid) + 1))
                           ) from None
    return Sheet("CSV", grid)


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


def _data_sheet(data: bytes, filename: str, sheets: list[Sheet], model: ColumnModel, notices: list[Msg]) -> Sheet:
    """The 企业数据 sheet, or else the one visible sheet of the user's own workbook that has our header."""
    found = next((s for s in sheets if s.name == DATA_SHEET), None)
    if found is not None:
        return found
    visible = [s.name for s in sheets if not s.hidden and s.name not in (BENCH_SHEET, META_SHEET)]
    candidates = [s for s in read_xlsx(data, filename, wanted=visible)
                  if s.name in visible and s.grid and find_header(s, model) is not None]
    if len(candidates) != 1:
        why = pmsg("file.no_header_sheet") if not candidates else pmsg("file.many_sheets", n=len(candidates))
        raise FileRejected(pmsg("file.no_data_sheet", sheet=DATA_SHEET, why=why,
                                sheets=joined(visible) if visible else pmsg("file.no_sheets")))
    notices.append(pmsg("file.other_sheet", sheet=DATA_SHEET, name=candidates[0].name))
    return candidates[0]


def _add_bench(res: ImportResult, sheets: list[Sheet], model: ColumnModel) -> None:
    bench_sheet = next((s for s in sheets if s.name == BENCH_SHEET), None)
    if bench_sheet is None or not bench_sheet.rows or res.blocked:
        return
    bench, issues = validate_bench_sheet(bench_sheet, model)
    res.issues.extend(issues)
    if issues:
        res.notices.append(pmsg("bench.errors", n=len(issues)))
    res.bench = bench if not bench.empty else None


def _import_xlsx(data: bytes, filename: str, model: ColumnModel, default_year: int, progress: Progress
                 ) -> ImportResult:
    sheets = read_xlsx(data, filename, wanted=[DATA_SHEET, BENCH_SHEET, META_SHEET])
    progress(0.4, pmsg("progress.parsing"))
    meta = _template_meta(sheets)
    notices: list[Msg] = []
    data_sheet = _data_sheet(data, filename, sheets, model, notices)
    if meta.get("ruleset") and meta["ruleset"] != model.ruleset.id:
        raise FileRejected(pmsg("file.ruleset", file=meta["ruleset"], current=model.ruleset.id))
    res = validate_sheet(data_sheet, model, default_year=default_year, progress=progress, source=filename)
    res.notices[:0] = notices
    res.template_ruleset, res.template_profile = meta.get("ruleset"), meta.get("profile")
    _add_bench(res, sheets, model)
    return res


def _blocked(model: ColumnModel, message: Msg) -> ImportResult:
    r = ImportResult(frame=model.empty_frame(), blocked=True)
    r.issues.append(Issue("—", "—", "", message))
    return r


def _within_time(progress: Progress, filename: str) -> Progress:
    """`progress` that also stops the import once it has run MAX_IMPORT_SECONDS (checked at each progress step:
    the xlsx reader itself cannot be interrupted, but its input is capped by MAX_XLSX_CELLS)."""
    start = time.monotonic()

    def step(fraction: float, message: Msg) -> None:
        if time.monotonic() - start > MAX_IMPORT_SECONDS:
            raise FileRejected(msg("intake.too_slow", name=filename, s=MAX_IMPORT_SECONDS))
        progress(fraction, message)
    return step


def import_table(data: bytes, filename: str, model: ColumnModel, *, default_year: int = 2025,
                 progress: Progress | None = None) -> ImportResult:
    """Import an xlsx or csv pool file. A file-level problem gives `blocked=True` and nothing imported."""
    progress = _within_time(progress or no_progress, filename)
    try:
        kind = sniff(data, filename)
        if kind in ("json", "zip"):
            return import_assessments([(filename, data)], model, progress=progress)
        progress(0.05, pmsg("progress.reading"))
        if kind == "csv":
            res = validate_sheet(read_csv(data, filename), model, default_year=default_year, progress=progress,
                                 source=filename)
        else:
            res = _import_xlsx(data, filename, model, default_year, progress)
        progress(1.0, pmsg("progress.done"))
        return res
    except FileRejected as exc:
        return _blocked(model, exc.message)


# ---- wizard JSON exports -------------------------------------------------------------------------------------


Member = tuple[str, bytes | Callable[[], bytes]]  # (name, bytes, or a reader of a zip member's bytes)


def _zip_members(z: zipfile.ZipFile, filename: str) -> list[Member]:
    """(zip name/member name, reader) of every file in the open zip: b'' for a member that is not JSON. Nothing is
    unpacked here: each member is read when its turn comes and released after (one member in memory at a time)."""
    check_zip(z, filename)
    out: list[Member] = []
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
            out.append((f"{filename}/{name}", functools.partial(z.read, info)))
    if len(out) > MAX_ZIP_MEMBERS:
        raise FileRejected(pmsg("file.zip_members", n=len(out), max=MAX_ZIP_MEMBERS))
    return out


def _members(files: Iterable[tuple[str, bytes]], res: ImportResult, zips: contextlib.ExitStack) -> list[Member]:
    """The JSON files given, zips opened (and kept open in `zips` until the import ends); what cannot be read is
    listed in `res`."""
    members: list[Member] = []
    for name, data in files:
        try:
            kind = sniff(data, name)
            if kind == "zip":
                members.extend(_zip_members(zips.enter_context(zipfile.ZipFile(io.BytesIO(data))), name))
                continue
        except (FileRejected, zipfile.BadZipFile) as exc:
            res.issues.append(Issue(name, "—", "", exc.message if isinstance(exc, FileRejected)
                                    else pmsg("file.zip_unreadable")))
            res.rejected_rows.append(name)
            continue
        if kind == "json":
            members.append((name, data))
        else:
            res.issues.append(Issue(name, "—", "", pmsg("file.one_table")))
            res.rejected_rows.append(name)
    return members


def _member_bytes(name: str, data: bytes | Callable[[], bytes], res: ImportResult) -> bytes | None:
    if isinstance(data, bytes):
        return data
    try:
        return data()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        res.issues.append(Issue(name, "—", "", pmsg("file.zip_unreadable")))
        res.rejected_rows.append(name)
        return None


def _enterprise_problems(a: Any, model: ColumnModel) -> list[Msg]:
    e = a.enterprise
    problems = []
    if not e.uscc:
        problems.append(pmsg("file.no_uscc"))
    if not e.name:
        problems.append(pmsg("file.no_name"))
    if e.industry and e.industry not in dict(model.accepted["industry"].choices):
        problems.append(pmsg("file.bad_industry", code=e.industry))
    if e.town and e.town not in dict(model.accepted["town"].choices):
        problems.append(pmsg("file.bad_town", town=e.town))
    return problems


def _member_row(name: str, data: bytes, model: ColumnModel, res: ImportResult) -> dict[str, Any] | None:
    """The pool row of one JSON export, or None (the reason is listed in `res`)."""
    if not data:
        res.notices.append(pmsg("file.not_json", name=name))
        return None
    if data == _TOO_LARGE:
        res.issues.append(Issue(name, "—", "", pmsg("file.json_too_big", max=MAX_JSON_BYTES // MB)))
        res.rejected_rows.append(name)
        return None
    try:
        a, cleaned = read_assessment(data)
    except InputError as exc:
        for problem in exc.problems[:20]:
            if isinstance(problem, str):
                res.issues.append(Issue(name, "—", "", verbatim(problem)))
            elif problem.code == "invalid.field":  # '字段 <path>: <problem>': the path is the column
                inner = problem.params["problem"]
                res.issues.append(Issue(name, problem.params["path"], "",
                                        inner if isinstance(inner, Msg) else verbatim(str(inner))))
            else:
                res.issues.append(Issue(name, "—", "", problem))
        res.rejected_rows.append(name)
        return None
    problems = _enterprise_problems(a, model)
    if problems:
        res.issues.extend(Issue(name, "enterprise", "", p) for p in problems)
        res.rejected_rows.append(name)
        return None
    row, notes = assessment_to_row(a, model)
    res.issues.extend(Issue(name, "—", "", n, "warning") for n in [*cleaned, *notes])
    return row


def _drop_duplicates(rows: list[tuple[str, dict[str, Any]]], res: ImportResult) -> list[dict[str, Any]]:
    """Every file of a 统一社会信用代码 given more than once is refused (which one is right is unknown)."""
    where: dict[str, list[str]] = {}
    for name, row in rows:
        where.setdefault(row["uscc"], []).append(name)
    keep = []
    for name, row in rows:
        if len(where[row["uscc"]]) > 1:
            others = joined(n for n in where[row["uscc"]] if n != name)
            res.issues.append(Issue(name, "enterprise.uscc", row["uscc"], pmsg("file.duplicate_json", others=others)))
            res.rejected_rows.append(name)
        else:
            keep.append(row)
    return keep


def import_assessments(files: Iterable[tuple[str, bytes]], model: ColumnModel,
                       progress: Progress | None = None) -> ImportResult:
    """Import wizard JSON exports (files, or zips of them): one enterprise per file."""
    progress = progress or no_progress
    res = ImportResult(frame=model.empty_frame())
    rows: list[tuple[str, dict[str, Any]]] = []
    with contextlib.ExitStack() as zips:
        members = _members(files, res, zips)
        for k, (name, source) in enumerate(members):
            if k % 50 == 0:
                progress(0.1 + 0.8 * k / max(len(members), 1), pmsg("progress.json", k=k, n=len(members)))
            data = _member_bytes(name, source, res)
            row = _member_row(name, data, model, res) if data is not None else None
            del data  # one member's bytes at a time
            if row is not None:
                rows.append((name, row))
    res.rows_read = len(rows) + len([n for n in res.rejected_rows if n not in {x for x, _ in rows}])
    res.frame = rows_to_frame(_drop_duplicates(rows, res), model)
    res.columns = sorted(model.accepted)
    progress(1.0, pmsg("progress.done"))
    return res


def import_files(files: Sequence[tuple[str, bytes]], model: ColumnModel, *, default_year: int = 2025,
                 progress: Progress | None = None) -> ImportResult:
    """One xlsx/csv, or any number of JSON / zip files (as the pool page's uploader gives them). Everything given at
    once is one request: more than MAX_REQUEST_BYTES in total is refused before any file is parsed."""
    total = sum(len(d) for _, d in files)
    if total > MAX_REQUEST_BYTES:
        return _blocked(model, msg("intake.request_too_big", mb=f"{total / MB:.1f}", max=MAX_REQUEST_BYTES // MB))
    if len(files) == 1:
        return import_table(files[0][1], files[0][0], model, default_year=default_year, progress=progress)
    tables = [n for n, d in files if n.lower().endswith((".xlsx", ".csv", ".xlsm"))]
    if tables:
        return _blocked(model, pmsg("file.tables", n=len(tables), names=joined(tables[:3])))
    try:
        return import_assessments(files, model, progress=_within_time(progress or no_progress, files[0][0]))
    except FileRejected as exc:
        return _blocked(model, exc.message)
