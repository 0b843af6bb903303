"""Reading .xlsx workbooks: python-calamine parses, the checks around it defend.

Before calamine sees the bytes: the zip's members are checked for count, size and compression ratio (a zip bomb is
refused before anything is unpacked), and each wanted sheet's cell positions are checked in its XML against the row
and column caps (calamine reads a sheet as a dense grid, so two cells far apart would make it allocate without
bound and abort the process; a sheet over the caps is refused before any cell is built). Calamine reads cached values only and shows an error cell (#DIV/0!) or a
formula without a saved value as an empty cell; so a sheet whose XML holds either is scanned for those cells, and
they are put back as `ErrorCell` / `FormulaNoValue`, which validation turns into a cell-level message.
Old .xls and password-protected workbooks (both OLE/CFB files) are refused by the intake's sniffing, with a message
saying which; calamine's own password error says the same.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import python_calamine as calamine

from criteria.rules import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MB,
    ZIP_RATIO_FROM_BYTES,
)
from locales import Msg, msg, render
from pool.messages import pmsg

MAX_SHEET_ROWS = MAX_ROWS
# Cells with content in one sheet: calamine and the grid cost about 60 bytes a cell (bench/upload_memory.py: a
# 5 000-row template, 1.15 M cells, peaks 70 MB above the interpreter), so 2.5 M cells keep one upload near 150 MB
# above it and under the 300 MB goal of issue 15; a 100 000-row pool of 25 columns fits.
MAX_XLSX_CELLS = 2_500_000


class FileRejected(ValueError):
    """The whole file is refused (size, type, encoding, structure); `message` says why (a `locales.Msg`).
    `str()` of the exception is the Chinese wording, for logs and tracebacks only."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.code)
        self.message = message

    def __str__(self) -> str:
        return render("zh", self.message)


@dataclass
class ErrorCell:
    code: str  # '#DIV/0!' …


@dataclass
class FormulaNoValue:
    formula: str


@dataclass(frozen=True)
class PercentCell:
    """A number cell formatted as a percentage: Excel shows 95 % and stores 0.95 (`value`); calamine gives only
    the 0.95, so the styles say which cells these are."""

    value: float


@dataclass
class Sheet:
    """A sheet as a grid: `grid[i][j]` is Excel row i + 1, column j (0 = A); '' is an empty cell."""

    name: str
    grid: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col),
    hidden: bool = False                                                    # 1-based rows, 0-based cols

    @cached_property
    def rows(self) -> dict[int, dict[int, Any]]:
        """Excel row → column index → value, empty cells and rows left out."""
        out = {}
        for i, r in enumerate(self.grid, start=1):
            d = {j: v for j, v in enumerate(r) if v is not None and v != ""}
            if d:
                out[i] = d
        return out


def col_letter(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_ref(ref: str) -> tuple[int, int]:
    """'C12' → (12, 2): the Excel row and the 0-based column."""
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    if not m:
        raise ValueError(ref)
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return int(m.group(2)), n - 1


# ---- checks before parsing -----------------------------------------------------------------------------------


def check_zip(z: zipfile.ZipFile, filename: str) -> None:
    """Refuse a zip bomb (a member over the ratio, too much in total) or too many members, before unpacking."""
    infos = z.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise FileRejected(pmsg("file.members", name=filename, n=len(infos), max=MAX_ZIP_MEMBERS))
    total = 0
    for info in infos:
        total += info.file_size
        if info.compress_size and info.file_size / max(info.compress_size, 1) > MAX_ZIP_RATIO \
                and info.file_size > ZIP_RATIO_FROM_BYTES:
            raise FileRejected(pmsg("file.ratio", name=filename, member=info.filename))
    if total > MAX_UNZIPPED_BYTES:
        raise FileRejected(pmsg("file.unzipped", name=filename, max=MAX_UNZIPPED_BYTES // MB))


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from the workbook and its relationships (tiny files)."""
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in z.namelist():
        for rel in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")):
            t = rel.get("Target", "")
            t = t.lstrip("/") if t.startswith("/") else "xl/" + t
            targets[rel.get("Id", "")] = re.sub(r"[^/]+/\.\./", "", t)
    out = {}
    sheets = [el for el in wb.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]
    for i, s in enumerate(sheets):
        rid = next((v for k, v in s.attrib.items() if k.endswith("}id")), "")
        out[s.get("name", f"Sheet{i + 1}")] = targets.get(rid, f"xl/worksheets/sheet{i + 1}.xml")
    return out


def _columns_up_to(n: int) -> str:
    """A regex of the column letters A … col_letter(n - 1) (27 ≤ n ≤ 702: one or two letters)."""
    letters = col_letter(n - 1)
    first, second = letters[0], letters[1]
    parts = ["[A-Z]", *([f"[A-{chr(ord(first) - 1)}][A-Z]"] if first > "A" else []), f"{first}[A-{second}]"]
    return "(?:" + "|".join(parts) + ")"


# A cell element (<c followed by a space, > or /) that does not begin with a position plainly inside the limits:
# r= first, a column up to MAX_COLUMNS (KZ), a row of at most five digits. One pass of the regex engine over the
# sheet, which stops only at such cells (none in a sheet Excel or the template writes); each is then looked at.
_NOT_PLAIN = re.compile(rb'<c(?![^\s>/])(?!\s+r="' + _columns_up_to(MAX_COLUMNS).encode() + rb'\d{1,5}")')
_REF_FIRST = re.compile(rb'<c\s+r="([A-Za-z]+)(\d+)"')


def _extent_ok(raw: bytes) -> bool | None:
    """True if every cell has an explicit position within MAX_ROWS (+50) × MAX_COLUMNS, False if one lies beyond,
    None if the positions must be counted (implied positions, a namespace prefix)."""
    if b"<sheetData" not in raw:
        return None if b":sheetData" in raw else True
    for m in _NOT_PLAIN.finditer(raw):
        ref = _REF_FIRST.match(raw, m.start())
        if ref is None:  # no position, or not the first attribute: count
            return None
        letters = ref.group(1).upper()
        col = 0
        for ch in letters:
            col = col * 26 + ch - 64
        if (len(letters) > 3 or col > MAX_COLUMNS or int(ref.group(2)) > MAX_SHEET_ROWS + 50) and \
                not _empty_cell(raw, m.start()):
            return False
    return True


def _empty_cell(raw: bytes, start: int) -> bool:
    """Whether the cell element at `start` holds nothing (only a format: Excel writes such cells for formatted
    empty rows, which must not count against the row limit)."""
    end = raw.find(b">", start)
    if end < 0 or raw[end - 1:end] == b"/":
        return True
    close = raw.find(b"</", end)
    body = raw[end + 1:close] if close >= 0 else raw[end + 1:]
    return not any(tag in body for tag in (b"<v", b"<is", b"<f", b":v>", b":is>", b":f"))


def _counted_extent(raw: bytes) -> tuple[int, int]:
    """(rows, columns) of a sheet by its elements' order and references (the slow, general path)."""
    max_row = max_col = 0
    next_row = 1
    for _, el in ET.iterparse(io.BytesIO(raw)):
        if el.tag.rsplit("}", 1)[-1] != "row":
            continue
        r = int(el.get("r") or next_row)
        next_row = r + 1
        next_col = 0
        filled = False
        for c in el:
            if c.tag.rsplit("}", 1)[-1] != "c":
                continue
            ref = c.get("r")
            ci = cell_ref(ref)[1] if ref else next_col
            next_col = ci + 1
            if len(c):  # a value, inline text or formula; an empty formatted cell does not count
                max_col = max(max_col, next_col)
                filled = True
        if filled:
            max_row = max(max_row, r)
        el.clear()
    return max_row, max_col


def _has_marks(raw: bytes) -> bool:
    """Whether a sheet may hold error cells or formula cells (two byte searches; a shared formula's cells without
    text, <f t="shared" si="0"/>, always come with the one that has it, so </f> finds them)."""
    return b't="e"' in raw or (b"</f>" in raw if b"<sheetData" in raw else b":f>" in raw)


_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _special_cells(raw: bytes) -> dict[tuple[int, int], Any]:
    """Error cells and formula cells without a saved value, which calamine reads as empty: (row, col) → cell."""
    out: dict[tuple[int, int], Any] = {}
    for m in _CELL.finditer(raw):
        attrs, body = m.group(1), m.group(2) or b""
        ref = _REF.search(attrs)
        if ref is None:
            continue
        where = cell_ref((ref.group(1) + ref.group(2)).decode())
        value = _VALUE.search(body)
        if b't="e"' in attrs and value is not None:
            out[where] = ErrorCell(value.group(1).decode("utf-8", "replace"))
        elif (value is None or not value.group(1)) and _FORMULA.search(body):  # openpyxl with lxml writes <v></v>
            out[where] = FormulaNoValue(re.sub(rb"<[^>]*>", b"", body).decode("utf-8", "replace"))
    return out


_PERCENT_BUILTIN = {9, 10}  # 0% and 0.00%


def percent_styles(z: zipfile.ZipFile) -> set[int]:
    """Indices of the cell formats (cellXfs) that show a number as a percentage."""
    if "xl/styles.xml" not in z.namelist():
        return set()
    try:
        root = ET.fromstring(z.read("xl/styles.xml"))  # bounded: check_zip limited the sizes
    except ET.ParseError:
        return set()
    custom = {}
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == "numFmt":
            code = re.sub(r'"[^"]*"|\\.', "", el.get("formatCode", ""))
            custom[int(el.get("numFmtId", "-1"))] = "%" in code
    xfs = next((el for el in root if el.tag.rsplit("}", 1)[-1] == "cellXfs"), None)
    out = set()
    for k, xf in enumerate(xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId", "0"))
        if fid in _PERCENT_BUILTIN or custom.get(fid, False):
            out.add(k)
    return out


_STYLE = re.compile(rb'\bs="(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')


def _percent_cells(raw: bytes, styles: set[int]) -> dict[tuple[int, int], Any]:
    """Number cells of a sheet with a percentage format: (row, col) → PercentCell."""
    marks = tuple(f' s="{k}"'.encode() for k in styles)
    if not any(m in raw for m in marks):
        return {}
    out: dict[tuple[int, int], Any] = {}
    for m in _CELL.finditer(raw):
        attrs, body = m.group(1), m.group(2) or b""
        style, ref = _STYLE.search(attrs), _REF.search(attrs)
        kind = _TYPE.search(attrs)
        if style is None or ref is None or int(style.group(1)) not in styles or (kind and kind.group(1) != b"n"):
            continue
        value = _VALUE.search(body)
        if value is not None:
            try:
                out[cell_ref((ref.group(1) + ref.group(2)).decode())] = PercentCell(float(value.group(1)))
            except ValueError:
                continue
    return out


def _put(grid: list[list[Any]], where: tuple[int, int], cell: Any) -> None:
    r, c = where[0] - 1, where[1]
    while len(grid) <= r:
        grid.append([])
    row = grid[r]
    if len(row) <= c:
        row.extend([""] * (c + 1 - len(row)))
    if row[c] == "" or row[c] is None or (isinstance(cell, PercentCell) and isinstance(row[c], float | int)):
        row[c] = cell


# ---- reading ---------------------------------------------------------------------------------------------------


def _prescan(z: zipfile.ZipFile, filename: str, wanted: Sequence[str] | None) -> dict[str, dict[tuple[int, int], Any]]:
    """Row cap and special cells of every wanted sheet, from its XML, before calamine builds any cell."""
    try:
        parts = _sheet_parts(z)
    except (KeyError, ET.ParseError):
        raise FileRejected(pmsg("file.no_workbook", name=filename)) from None
    names = set(z.namelist())
    percent = percent_styles(z)
    special = {}
    for name, part in parts.items():
        if wanted is not None and name not in wanted:
            continue
        if part not in names:
            raise FileRejected(pmsg("file.missing_sheet", name=filename, sheet=name))
        raw = z.read(part)  # bounded: check_zip limited what the zip unpacks to
        ok = _extent_ok(raw)
        if ok is None:
            rows, cols = _counted_extent(raw)
            ok = cols <= MAX_COLUMNS and rows <= MAX_SHEET_ROWS + 50
        if not ok:
            raise FileRejected(pmsg("file.extent", name=filename, sheet=name, rows=MAX_SHEET_ROWS, cols=MAX_COLUMNS,
                                    letter=col_letter(MAX_COLUMNS - 1)))
        filled = raw.count(b"</c>") + raw.count(b":c>")  # cells with content; an empty formatted cell is <c …/>
        if filled > MAX_XLSX_CELLS:
            raise FileRejected(msg("intake.too_many_cells", name=filename, sheet=name, n=f"{filled:,}",
                                   max=f"{MAX_XLSX_CELLS:,}"))
        special[name] = _special_cells(raw) if _has_marks(raw) else {}
        if percent:
            special[name].update(_percent_cells(raw, percent))
    return special


def read_xlsx(data: bytes, filename: str, wanted: Sequence[str] | None = None) -> list[Sheet]:
    """Every sheet of the workbook in order, with its hidden state; cells only of those in `wanted` (all if None)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRejected(pmsg("file.not_xlsx", name=filename)) from None
    with z:
        check_zip(z, filename)
        special = _prescan(z, filename, wanted)
    return _sheets(data, filename, wanted, special)


ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected .xlsx


def _sheets(data: bytes, filename: str, wanted: Sequence[str] | None,
            special: dict[str, dict[tuple[int, int], Any]]) -> list[Sheet]:
    """The workbook's sheets through python-calamine (xlsx or xls); a protected or broken one is refused."""
    try:
        return _read_sheets(calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)), filename, wanted, special)
    except calamine.PasswordError:
        raise FileRejected(pmsg("file.encrypted", name=filename)) from None
    except calamine.CalamineError as exc:
        if ENCRYPTED_PACKAGE in data:
            raise FileRejected(pmsg("file.encrypted", name=filename)) from None
        raise FileRejected(pmsg("file.structure", name=filename, error=type(exc).__name__)) from None


def _read_sheets(wb: Any, filename: str, wanted: Sequence[str] | None,
            special: dict[str, dict[tuple[int, int], Any]]) -> list[Sheet]:
    out = []
    for meta in wb.sheets_metadata:
        hidden = meta.visible != calamine.SheetVisibleEnum.Visible
        if (wanted is not None and meta.name not in wanted) or meta.typ != calamine.SheetTypeEnum.WorkSheet:
            out.append(Sheet(meta.name, [], [], hidden))
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        # the grid runs from A1 to the last used cell: checked before any cell becomes a Python object
        rows, cols = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
        if cols > MAX_COLUMNS:
            raise FileRejected(pmsg("file.extent", name=filename, sheet=meta.name, rows=MAX_SHEET_ROWS,
                                    cols=MAX_COLUMNS, letter=col_letter(MAX_COLUMNS - 1)))
        if rows > MAX_SHEET_ROWS + 50:
            raise FileRejected(pmsg("file.sheet_rows", name=filename, sheet=meta.name, rows=MAX_SHEET_ROWS))
        if rows * cols > MAX_XLSX_CELLS:  # one cell at IV65536 of an .xls spans 16.7 million
            raise FileRejected(pmsg("file.area", name=filename, sheet=meta.name, rows=f"{rows:,}", cols=f"{cols:,}",
                                    last=f"{col_letter(cols - 1)}{rows}", max=f"{MAX_XLSX_CELLS:,}"))
        grid = sheet.to_python(skip_empty_area=False)
        for where, cell in special.get(meta.name, {}).items():
            _put(grid, where, cell)
        merged = [(r1 + 1, c1, r2 + 1, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
        out.append(Sheet(meta.name, grid, merged, hidden))
    return out


def read_xls(data: bytes, filename: str) -> list[Sheet]:
    """Every sheet of an Excel 97–2003 workbook (.xls, python-calamine) in order, with its hidden state. An .xls is
    not compressed, so the upload's size limit bounds its cells; rows and columns are checked before they are read.
    A password-protected workbook (an .xls, or an .xlsx, which is then a compound file too) is refused."""
    return _sheets(data, filename, None, {})
