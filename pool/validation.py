"""Validation of a pool sheet into typed rows: every cell against the column model (`pool.columns`).

A problem becomes an `Issue` with the row and column as the user sees them in Excel (row number, column letter +
header), the value and a message (a `locales.Msg`, code and parameters: `pool.messages`); a row with an error is not imported and is listed; rows without errors
are. Renamed, unknown, duplicated, merged or unit-changed columns stop the import with a message (numbers typed in
another unit must never be read as this column's unit); a missing optional column is reported and read as empty.

Checks run per column, not per cell: a number column's clean floats are checked with NumPy at once, text that
repeats (镇街, 是/否, 评价等级) is parsed once per distinct value; only the cells that fail (or are not plain numbers)
go through the cell parsers, which give the message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

import numpy as np
import pandas as pd

from criteria.rules import MAX_NUMBER, MAX_ROWS
from locales import Msg, msg, render, say
from pool.columns import (
    BENCH_HEADERS,
    EXAMPLE_MARK,
    NO,
    YES,
    Column,
    ColumnModel,
    bench_keys,
    columns_to_frame,
    empty_bench,
    normalise_header,
    split_list,
)
from pool.messages import joined, pmsg
from pool.xlsx import ErrorCell, FormulaNoValue, PercentCell, Sheet, col_letter
from scoring.cells import (
    CellProblem,
    clean_free_text,
    fraction_for_percent,
    needs_cleaning,
    normalise_uscc,
    number_text,
)
from scoring.io import DENOMINATORS
from scoring.models import USCC_CHARS, USCC_WEIGHTS, uscc_is_valid

FORMULA_PREFIX = "'"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_MAX = {"name": 200, "contact": 100, "assessor": 100, "product_name": 100, "product_unit": 20, "note": 500}
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "对", "有", "t"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "x", "错", "无", "f"}
_NUM = r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"

MAX_LISTED_ISSUES = 2000  # problems of a file listed one by one; the rest are counted


# ---- results --------------------------------------------------------------------------------------------


@dataclass
class Issue:
    """One problem: where (as the user sees it), the value, what is wrong. `level` error = row not imported."""

    row: str  # Excel row number, a file name, or "—" for the whole file
    column: str | Msg  # "F 工业总产值（万元）" (the file's column letter and header), a field path, or "—"
    value: str | Msg
    message: Msg
    level: str = "error"  # error | warning
    sheet: str = ""

    def text(self, lang: str) -> str:
        """The message in words."""
        return render(lang, self.message)


@dataclass
class ImportResult:
    frame: pd.DataFrame
    bench: pd.DataFrame | None = None  # None = the file has no benchmark sheet (keep the pool's)
    issues: list[Issue] = field(default_factory=list)
    notices: list[Msg] = field(default_factory=list)
    rows_read: int = 0
    rejected_rows: list[str] = field(default_factory=list)
    blocked: bool = False  # a file-level problem: nothing was imported
    template_ruleset: str | None = None
    template_profile: str | None = None
    columns: list[str] = field(default_factory=list)  # column ids the file had (others keep the pool's values)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    def issues_frame(self, lang: str) -> pd.DataFrame:
        return issues_frame(self.issues, lang)

    def summary(self) -> Msg:
        """Rows read, imported and rejected, or why the file was not imported."""
        if self.blocked:
            return pmsg("import.blocked", reasons=joined((i.message for i in self.errors[:3]), sep="clause"))
        counts = {"read": self.rows_read, "imported": len(self.frame), "rejected": len(self.rejected_rows)}
        if self.notices:
            return pmsg("import.summary_notes", **counts, notes=len(self.notices))
        return pmsg("import.summary", **counts)


def issues_frame(issues: list[Issue], lang: str) -> pd.DataFrame:
    """The issue list as a table in `lang` (the Excel export passes "zh": it is an official form)."""
    def head(key: str) -> str:
        return say(lang, f"pool_msg.issues_col.{key}")

    return pd.DataFrame({
        head("level"): [say(lang, f"pool_msg.level.{i.level}") for i in issues],
        head("sheet"): [i.sheet for i in issues], head("row"): [i.row for i in issues],
        head("column"): [render(lang, i.column) for i in issues],
        head("value"): [render(lang, i.value) for i in issues],
        head("problem"): [i.text(lang) for i in issues]}, dtype="str")


Progress = Callable[[float, Msg], None]


def no_progress(_f: float, _m: Msg) -> None:
    return None


# ---- one cell ----------------------------------------------------------------------------------------------


class CellError(Exception):
    """A cell's value is refused; `message` says why (a `locales.Msg`)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.code)
        self.message = message


def show(v: Any) -> str:
    """A cell value as the issue list shows it (a formula without a saved value: see `shown`)."""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, ErrorCell):
        return v.code
    if isinstance(v, FormulaNoValue):
        return "=" + v.formula if v.formula else "="
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, PercentCell):
        return f"{v.value * 100:g}%"
    s = str(v)
    return s if len(s) <= 40 else s[:40] + "…"


def shown(v: Any) -> str | Msg:
    """A cell value for the issue list: `show`, except a formula without a saved value, which is named so."""
    return pmsg("value.formula_no_value") if isinstance(v, FormulaNoValue) else show(v)


def clean_text(v: str) -> str:
    s = v.strip()
    if s[:1] == FORMULA_PREFIX and s[1:2] in FORMULA_START:  # our own neutralised export, read back
        s = s[1:]
    return s


def _number_text(s: str, col: Column) -> float:
    """Number text by the shared rules (`scoring.cells.number_text`: full-width, thousands, units, dates)."""
    try:
        return number_text(s, col.unit)
    except CellProblem as exc:
        raise CellError(exc.message) from None


def _check_range(x: float, col: Column) -> float:
    if not math.isfinite(x):
        raise CellError(pmsg("cell.not_finite"))
    if x < 0:
        raise CellError(pmsg("cell.negative"))
    if x > MAX_NUMBER:
        raise CellError(pmsg("cell.too_large", max=f"{MAX_NUMBER:.0e}"))
    if col.positive and x <= 0:
        raise CellError(pmsg("cell.not_positive"))
    if col.max_value is not None and x > col.max_value:
        raise CellError(pmsg("cell.above_max", max=f"{col.max_value:g}"))
    if col.kind in ("int", "year") and not float(x).is_integer():
        raise CellError(pmsg("cell.not_integer"))
    if col.kind == "year" and not 2000 <= x <= 2100:
        raise CellError(pmsg("cell.year_range"))
    return x


def parse_number(v: Any, col: Column) -> float:
    if isinstance(v, bool):
        raise CellError(pmsg("cell.bool_value"))
    if isinstance(v, ErrorCell):
        raise CellError(pmsg("cell.error_cell", code=v.code))
    if isinstance(v, FormulaNoValue):
        raise CellError(pmsg("cell.formula_no_value"))
    if isinstance(v, dt.date | dt.time):  # an Excel date cell (calamine gives the date, not its serial number)
        raise CellError(msg("intake.date_cell", date=v.isoformat()[:19]))
    if isinstance(v, PercentCell):
        if col.unit != "%":
            raise CellError(msg("intake.percent_cell", shown=f"{v.value * 100:g}%", unit=col.unit or "—"))
        return _check_range(v.value * 100, col)
    return _check_range(float(v) if isinstance(v, float | int) else _number_text(str(v), col), col)


def parse_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, float | int) and v in (0, 1):
        return bool(v)
    s = unicodedata.normalize("NFKC", str(v)).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError(pmsg("cell.not_bool", yes=YES, no=NO))


def choice_lookup(col: Column) -> dict[str, str]:
    """Normalised value or label (and, for 行业 and 镇街, the short forms people type) → stored value."""
    table: dict[str, str] = {}
    for value, label in col.choices:
        for key in (value, label):
            table[normalise_header(key)] = value
    for value, label in col.choices:
        if col.id == "industry":
            table.setdefault(normalise_header(label.split(" ", 1)[-1]), value)
        elif col.id == "town":
            table.setdefault(normalise_header(re.sub(r"(街道|镇|乡)$", "", label)), value)
    return table


def parse_choice(v: Any, col: Column, table: dict[str, str]) -> str:
    if isinstance(v, float) and v.is_integer():
        v = str(int(v))
    key = normalise_header(str(v))
    if key in table:
        return table[key]
    if col.id == "industry":
        digits = re.match(r"^\s*(\d{2,4})", unicodedata.normalize("NFKC", str(v)))
        if digits:
            raise CellError(pmsg("cell.industry_code", code=digits.group(1)))
    raise CellError(pmsg("cell.not_choice", options=joined(col.labels, 12)))


def parse_uscc(v: Any) -> str:
    if isinstance(v, float | int) and not isinstance(v, bool):
        raise CellError(pmsg("cell.uscc_number"))
    s = normalise_uscc(str(v))
    if len(s) != 18:
        raise CellError(pmsg("cell.uscc_length", n=len(s)))
    if not uscc_is_valid(s):
        raise CellError(pmsg("cell.uscc_invalid"))
    return s


def parse_text(v: Any, col: Column) -> str | None:
    if isinstance(v, ErrorCell | FormulaNoValue):
        raise CellError(pmsg("cell.text_formula"))
    s = clean_text(v) if isinstance(v, str) else show(v)
    limit = _TEXT_MAX.get(col.id, 500)
    if len(s) > limit:
        raise CellError(pmsg("cell.text_long", limit=limit))
    return s or None


def parse_list(v: Any, table: dict[str, str]) -> str | None:
    ids, unknown = [], []
    for token in split_list(str(v)):
        key = normalise_header(token)
        if key in table:
            ids.append(table[key])
        else:
            unknown.append(token)
    if unknown:
        raise CellError(pmsg("cell.list_unknown", names=joined(unknown[:5])))
    return "、".join(dict.fromkeys(ids)) or None


# ---- one column ---------------------------------------------------------------------------------------------

CellErrors = list[tuple[int, Any, Msg]]  # (position in the column, value, message)
Parser = Callable[[np.ndarray, CellErrors], tuple[np.ndarray, np.ndarray]]


def _spaces(v: Any) -> bool:
    return type(v) is str and not v.strip()


def _numbers(values: np.ndarray, col: Column, errors: CellErrors) -> tuple[np.ndarray, np.ndarray]:
    """Floats (NaN = refused) and the positions of text of spaces only: plain floats and plain decimal text are
    checked at once, the rest (and what fails a check) cell by cell, for the message."""
    x = np.full(len(values), np.nan)
    spaces = np.empty(0, dtype=np.int64)
    if set(map(type, values)) <= {float}:
        plain = np.ones(len(values), dtype=bool)
        x[:] = values.astype(float)
    else:
        plain = np.fromiter((type(v) is float for v in values), bool, len(values))
        x[plain] = values[plain].astype(float)
        text = np.flatnonzero(np.fromiter((type(v) is str for v in values), bool, len(values)))
        if len(text):
            s = pd.Series(values[text], dtype=object).str.strip()
            ok = s.str.fullmatch(_NUM).fillna(False).to_numpy(dtype=bool)
            x[text[ok]] = s[ok].astype(float).to_numpy()
            plain[text[ok]] = True
            spaces = text[(s == "").to_numpy(dtype=bool)]
    v = x[plain]
    bad = ~np.isfinite(v) | (v < 0) | (v > MAX_NUMBER)
    if col.positive:
        bad |= v <= 0
    if col.max_value is not None:
        bad |= v > col.max_value
    if col.kind in ("int", "year"):
        bad |= v != np.floor(v)
    if col.kind == "year":
        bad |= (v < 2000) | (v > 2100)
    slow = np.setdiff1d(np.union1d(np.flatnonzero(plain)[bad], np.flatnonzero(~plain)), spaces)
    for k in slow:
        try:
            x[k] = parse_number(values[k], col)
        except CellError as exc:
            x[k] = np.nan
            errors.append((int(k), values[k], exc.message))
    return x, spaces


def _factorize(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Codes and distinct values; 1, 1.0 and True stay apart (they parse differently)."""
    if set(map(type, values)) == {str}:
        codes, uniques = pd.factorize(values)
        return np.asarray(codes), list(uniques)
    memo: dict[tuple[type, Any], int] = {}
    codes = np.empty(len(values), dtype=np.int64)
    for k, v in enumerate(values):
        codes[k] = memo.setdefault((type(v), v), len(memo))
    return codes, [v for _, v in memo]


def _by_value(values: np.ndarray, parse: Callable[[Any], Any], errors: CellErrors) -> tuple[np.ndarray, np.ndarray]:
    """Parse each distinct value once and spread the results."""
    codes, uniques = _factorize(values)
    results = np.empty(len(uniques), dtype=object)
    failed: dict[int, Msg] = {}
    blank = []
    for c, v in enumerate(uniques):
        if _spaces(v):
            blank.append(c)
            continue
        try:
            results[c] = parse(v)
        except CellError as exc:
            failed[c] = exc.message
    for k in np.flatnonzero(np.isin(codes, list(failed))) if failed else ():
        errors.append((int(k), values[k], failed[codes[k]]))
    spaces = np.flatnonzero(np.isin(codes, blank)) if blank else np.empty(0, dtype=np.int64)
    return results[codes], spaces


_USCC_CODE = np.full(256, 255, dtype=np.uint8)  # byte → value of a 统一社会信用代码 character (255: not allowed)
_USCC_CODE[np.frombuffer(USCC_CHARS.encode(), dtype=np.uint8)] = np.arange(len(USCC_CHARS), dtype=np.uint8)


def _usccs_valid(codes: list[str]) -> np.ndarray:
    """`uscc_is_valid` of each code, at once for 18-character ASCII codes (the others: False, for the cell parser)."""
    ok = np.fromiter((len(c) == 18 and c.isascii() for c in codes), bool, len(codes))
    if not ok.any():
        return ok
    chars = _USCC_CODE[np.frombuffer("".join(c for c, k in zip(codes, ok, strict=True) if k).encode(),
                                    dtype=np.uint8).reshape(-1, 18)]
    total = chars[:, :17].astype(np.int64) @ np.asarray(USCC_WEIGHTS, dtype=np.int64)
    good = (chars != 255).all(axis=1) & ((31 - total % 31) % 31 == chars[:, 17])
    ok[np.flatnonzero(ok)] = good
    return ok


def _usccs(values: np.ndarray, errors: CellErrors) -> tuple[np.ndarray, np.ndarray]:
    """The 统一社会信用代码 column: text codes normalised and checked at once; the rest (numbers, wrong length or
    check character) cell by cell, for the message."""
    if set(map(type, values)) != {str}:
        return _each(values, parse_uscc, errors)
    texts = values.tolist()
    codes = [normalise_uscc(v) for v in texts]
    out = np.empty(len(codes), dtype=object)
    out[:] = codes
    good = _usccs_valid(codes)
    spaces = np.flatnonzero(np.fromiter((not v.strip() for v in texts), bool, len(texts)))
    for k in np.setdiff1d(np.flatnonzero(~good), spaces):
        try:
            out[k] = parse_uscc(values[k])
        except CellError as exc:
            out[k] = None
            errors.append((int(k), values[k], exc.message))
    out[spaces] = None
    return out, spaces


def _texts(values: np.ndarray, col: Column, errors: CellErrors) -> tuple[np.ndarray, np.ndarray]:
    """A text column: when every cell is plain text within the length limit (the common case), at once."""
    if set(map(type, values)) == {str}:
        texts = [v.strip() for v in values.tolist()]
        if max(map(len, texts), default=0) <= _TEXT_MAX.get(col.id, 500) and \
                not any(t[:1] == FORMULA_PREFIX for t in texts):
            out = np.empty(len(texts), dtype=object)
            out[:] = texts
            spaces = np.flatnonzero(out == "")
            out[spaces] = None
            return out, spaces
    return _each(values, lambda v: parse_text(v, col), errors)


def _each(values: np.ndarray, parse: Callable[[Any], Any], errors: CellErrors) -> tuple[np.ndarray, np.ndarray]:
    out = np.empty(len(values), dtype=object)
    spaces = []
    for k, v in enumerate(values.tolist()):
        if _spaces(v):
            spaces.append(k)
            continue
        try:
            out[k] = parse(v)
        except CellError as exc:
            errors.append((k, v, exc.message))
    return out, np.asarray(spaces, dtype=np.int64)


def column_parser(col: Column) -> Parser:
    """The parser of a column's non-empty cells: values → (parsed values, None / NaN where refused or blank, with
    the error appended; positions of text of spaces only, which counts as not filled)."""
    if col.kind in ("number", "int", "year"):
        return lambda values, errors: _numbers(values, col, errors)
    if col.kind == "uscc":
        return lambda values, errors: _usccs(values, errors)
    if col.kind == "text":
        return lambda values, errors: _texts(values, col, errors)
    if col.kind == "bool":
        return lambda values, errors: _by_value(values, parse_bool, errors)
    table = choice_lookup(col)
    if col.kind == "choice":
        return lambda values, errors: _by_value(values, lambda v: parse_choice(v, col, table), errors)
    return lambda values, errors: _by_value(values, lambda v: parse_list(v, table), errors)


# ---- the header ------------------------------------------------------------------------------------------------


class Blocked(Exception):
    """A file-level problem: nothing is imported."""

    def __init__(self, message: Msg, column: str = "—") -> None:
        super().__init__(message.code)
        self.message = message
        self.column = column


def find_header(sheet: Sheet, model: ColumnModel) -> int | None:
    """The Excel row of the header: among the first ten, one naming at least two columns, 企业名称 or 代码 among them."""
    seen = 0
    for r, row in enumerate(sheet.grid, start=1):
        if not any(v != "" and v is not None for v in row):
            continue
        seen += 1
        if seen > 10:
            break
        hits = {col.id for v in row if isinstance(v, str) and (col := model.match(v)[0]) is not None}
        if len(hits) >= 2 and ("name" in hits or "uscc" in hits):
            return r
    return None


def _check_header_merges(sheet: Sheet, header_row: int) -> None:
    for r1, c1, r2, c2 in sheet.merged:
        if r1 <= header_row <= r2:
            raise Blocked(pmsg("header.merged", range=f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"))


def _map_column(ci: int, h: Any, filled: bool, model: ColumnModel, notices: list[Msg]) -> Column | None:
    letter = col_letter(ci)
    if h is None or str(h).strip() == "":
        if filled:
            raise Blocked(pmsg("header.no_name_with_data", col=letter), letter)
        return None
    col, note = model.match(str(h))
    where = f"{letter} {h}"
    if col is None:
        if not filled:
            notices.append(pmsg("header.ignored", col=letter, header=str(h)))
            return None
        close = get_close_matches(str(h), [c.header for c in model.accepted.values()], n=1, cutoff=0.5)
        hint = pmsg("header.unknown_hint", close=close[0]) if close else ""
        raise Blocked(pmsg("header.unknown", header=str(h), hint=hint), where)
    if note.startswith("unit:"):
        raise Blocked(pmsg("header.unit", header=str(h), unit=note[5:], want=col.unit, template=col.header), where)
    if note == "no_unit":
        notices.append(pmsg("header.no_unit", col=letter, header=str(h), template=col.header))
    return col


def map_columns(header: list[Any], used: np.ndarray, model: ColumnModel, notices: list[Msg]) -> dict[int, Column]:
    """Sheet column index → model column, for every column with a header or data; Blocked if one is wrong."""
    mapping: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for ci in range(max(len(header), len(used))):
        col = _map_column(ci, header[ci] if ci < len(header) else None, bool(ci < len(used) and used[ci]), model,
                          notices)
        if col is None:
            continue
        if col.id in seen:
            raise Blocked(pmsg("header.twice", header=col.header, first=col_letter(seen[col.id]), second=col_letter(ci)),
                          f"{col_letter(ci)} {header[ci]}")
        seen[col.id] = ci
        mapping[ci] = col
    for req in ("name", "uscc"):
        if req not in seen:
            raise Blocked(pmsg("header.missing_required", header=model.accepted[req].header))
    absent = [c.header for c in model.template if c.id not in seen]
    if absent:
        notices.append(pmsg("header.absent", n=len(absent), headers=joined(absent, 8)))
    return mapping


# ---- the data sheet -------------------------------------------------------------------------------------------


@dataclass
class _Rows:
    """The kept data rows: Excel row numbers, the cells of the mapped columns (object matrix) and which are empty."""

    numbers: np.ndarray
    cells: np.ndarray
    empty: np.ndarray
    issues: dict[int, list[Issue]] = field(default_factory=dict)  # Excel row → its errors, in column order
    warnings: list[Issue] = field(default_factory=list)  # what intake changed, and values to confirm
    listed: int = 0  # errors and warnings kept one by one (at most MAX_LISTED_ISSUES)
    unlisted: int = 0  # the rest, only counted: a file wrong in every cell must not cost gigabytes

    def _room(self) -> bool:
        if self.listed < MAX_LISTED_ISSUES:
            self.listed += 1
            return True
        self.unlisted += 1
        return False

    def fail(self, sheet: str, r: int, where: str, v: Any, message: Msg) -> None:
        row = self.issues.setdefault(r, [])  # the row is rejected whether or not its problem is listed
        if self._room():
            row.append(Issue(str(r), where, shown(v), message, "error", sheet))

    def warn(self, issue: Issue) -> None:
        if self._room():
            self.warnings.append(issue)


def _matrix(grid: list[list[Any]], width: int) -> np.ndarray:
    """The grid as an object matrix of `width` columns ('' = empty)."""
    if not grid:
        return np.empty((0, width), dtype=object)
    if any(len(r) != width for r in grid):
        grid = [[*r[:width], *[""] * (width - len(r))] for r in grid]
    out = np.empty((len(grid), width), dtype=object)
    out[:] = grid
    return out


def _kept_rows(header_row: int, mapping: dict[int, Column], cells: np.ndarray, empty: np.ndarray,
               notices: list[Msg]) -> _Rows:
    """Rows with a value in a known column, without the template's example row."""
    cols = list(mapping)
    numbers = np.arange(header_row + 1, header_row + 1 + len(cells))
    keep = np.asarray(~empty[:, cols].all(axis=1))  # (numpy types .all(axis=…) as maybe a scalar)
    name_ci = next(ci for ci, c in mapping.items() if c.id == "name")
    for k, nm in enumerate(cells[:, name_ci].tolist()):
        if type(nm) is str and EXAMPLE_MARK in nm and keep[k] and nm.strip().startswith(EXAMPLE_MARK):
            notices.append(pmsg("header.example_row", row=int(numbers[k])))
            keep[k] = False
    at = np.ix_(np.flatnonzero(keep), np.asarray(cols, dtype=np.int64))  # one copy of the kept cells, not two
    return _Rows(numbers[keep], cells[at], empty[at])


def _merged_rows(sheet: Sheet, header_row: int, mapping: dict[int, Column], rows: _Rows, sname: str) -> None:
    kept = set(rows.numbers.tolist())
    for r1, c1, r2, c2 in sheet.merged:
        rng = f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"
        where = f"{col_letter(c1)} {mapping[c1].header}" if c1 in mapping else col_letter(c1)
        for r in range(max(r1, header_row + 1), r2 + 1):
            if r in kept:
                rows.fail(sname, r, where, "", pmsg("cell.merged", range=rng))


def _parse_column(j: int, ci: int, col: Column, rows: _Rows, sname: str) -> np.ndarray:
    """One column's values (NaN / None = empty or refused); its errors go to the rows."""
    values = rows.cells[:, j]
    blank = rows.empty[:, j].copy()
    filled = np.flatnonzero(~blank)
    errors: CellErrors = []
    where = f"{col_letter(ci)} {col.header}".strip()
    if col.kind == "text":
        _clean_texts(values, rows, where, sname)
    elif col.kind not in ("number", "int", "year"):  # 是/否 and choices read a %-formatted 1 as the number 1
        values = np.array([v.value if isinstance(v, PercentCell) else v for v in values.tolist()] + [None],
                          dtype=object)[:-1]
    number = col.kind in ("number", "int", "year")
    parsed = np.full(len(values), np.nan) if number else np.full(len(values), None, dtype=object)
    if len(filled):
        parsed[filled], spaces = column_parser(col)(values[filled], errors)
        blank[filled[spaces]] = True
    for k, v, message in sorted(errors, key=lambda e: e[0]):
        rows.fail(sname, int(rows.numbers[filled[k]]), where, v, message)
    if col.required:
        for pos in np.flatnonzero(blank):
            rows.fail(sname, int(rows.numbers[pos]), where, "", pmsg("cell.required", name=col.name))
    return parsed


def _clean_texts(values: np.ndarray, rows: _Rows, where: str, sname: str) -> None:
    """Control characters and bidi overrides removed from a text column in place, a warning per cell."""
    for k, v in enumerate(values.tolist()):
        if type(v) is str and needs_cleaning(v):
            values[k] = clean_free_text(v)[0]
            r = int(rows.numbers[k])
            rows.warn(Issue(str(r), where, show(values[k]), msg("intake.cell_cleaned", row=r, column=where), "warning",
                            sname))


def _fraction_percents(columns: dict[str, np.ndarray], mapping: dict[int, Column], rows: _Rows, sname: str) -> None:
    """A warning for 0 < x ≤ 1 in a % column (0.95 typed for 95 %): nothing is changed, the user confirms."""
    for ci, c in mapping.items():
        if c.unit != "%" or c.id not in columns:
            continue
        vals = np.asarray(columns[c.id], dtype=float)
        for k in np.flatnonzero((vals > 0) & (vals <= 1)):
            r = int(rows.numbers[k])
            v = float(vals[k])
            if fraction_for_percent(v) and r not in rows.issues:
                rows.warn(Issue(str(r), f"{col_letter(ci)} {c.header}", show(v),
                                msg("intake.fraction_pct", v=f"{v:g}", pct=f"{v * 100:g}"), "warning", sname))


def _parse_columns(mapping: dict[int, Column], rows: _Rows, sname: str, progress: Progress) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for j, (ci, col) in enumerate(mapping.items()):
        out[col.id] = _parse_column(j, ci, col, rows, sname)
        if j % 10 == 0:
            progress(0.45 + 0.4 * j / max(len(mapping), 1), pmsg("progress.cells"))
    return out


def _duplicate_codes(codes: np.ndarray, rows: _Rows, where: str, sname: str) -> None:
    """Every occurrence of a 统一社会信用代码 repeated in the file is refused (which one is right is unknown)."""
    s = pd.Series(codes, dtype=object)
    dup = s.notna() & s.duplicated(keep=False)
    if not dup.any():
        return
    at: dict[str, list[int]] = {}
    for k in np.flatnonzero(dup.to_numpy()):
        at.setdefault(codes[k], []).append(int(rows.numbers[k]))
    for code, rs in at.items():
        for r in rs:
            others = joined(str(x) for x in rs if x != r)
            rows.fail(sname, r, where, code, pmsg("cell.duplicate_uscc", rows=others))


def _zero_denominators(columns: dict[str, np.ndarray], mapping: dict[int, Column], rows: _Rows,
                       sname: str) -> list[Issue]:
    """Warnings that do not stop a row: a 0 used as a denominator."""
    out = []
    where = {c.id: f"{col_letter(ci)} {c.header}" for ci, c in mapping.items()}
    for name in DENOMINATORS:
        if name in columns:
            for k in np.flatnonzero(columns[name] == 0):
                r = int(rows.numbers[k])
                if r not in rows.issues:
                    out.append(Issue(str(r), where[name], "0", pmsg("cell.zero_denominator"), "warning", sname))
    return out


def validate_sheet(sheet: Sheet, model: ColumnModel, *, default_year: int = 2025, progress: Progress = no_progress,
                   source: str = "") -> ImportResult:
    """Validate every row and cell of a data sheet against the column model."""
    res = ImportResult(frame=model.empty_frame())
    sname = sheet.name if sheet.name != "CSV" else ""
    try:
        header_row = find_header(sheet, model)
        if header_row is None:
            raise Blocked(pmsg("header.not_found", source=source or pmsg("header.the_file")))
        if header_row != 1:
            res.notices.append(pmsg("header.not_first", row=header_row, before=header_row - 1))
        data = sheet.grid[header_row:]
        header = sheet.grid[header_row - 1]
        cells = _matrix(data, max([len(header), *map(len, data)]))
        empty = cells == ""
        n_data = int((~empty.all(axis=1)).sum())
        if n_data > MAX_ROWS:
            raise Blocked(pmsg("header.too_many_rows", n=n_data, max=MAX_ROWS))
        _check_header_merges(sheet, header_row)
        mapping = map_columns(header, ~empty.all(axis=0), model, res.notices)
    except Blocked as exc:
        res.issues.append(Issue("—", exc.column, "", exc.message, "error", sname))
        res.blocked = True
        return res
    progress(0.45, pmsg("progress.cells"))
    rows = _kept_rows(header_row, mapping, cells, empty, res.notices)
    res.rows_read = len(rows.numbers)
    _merged_rows(sheet, header_row, mapping, rows, sname)
    columns = _parse_columns(mapping, rows, sname, progress)
    uscc_ci = next(ci for ci, c in mapping.items() if c.id == "uscc")
    _duplicate_codes(columns["uscc"], rows, f"{col_letter(uscc_ci)} {mapping[uscc_ci].header}", sname)
    res.issues.extend(_zero_denominators(columns, mapping, rows, sname))
    _fraction_percents(columns, mapping, rows, sname)
    res.issues.extend(rows.warnings)
    for r in sorted(rows.issues):
        res.issues.extend(rows.issues[r])
    if rows.unlisted:
        res.notices.append(pmsg("import.unlisted", n=rows.unlisted, max=MAX_LISTED_ISSUES))
    res.rejected_rows = [str(r) for r in sorted(rows.issues)]
    good = ~np.isin(rows.numbers, list(rows.issues))
    picked = {cid: vals[good] for cid, vals in columns.items()}
    year = picked.get("year", np.full(int(good.sum()), np.nan))
    picked["year"] = np.where(np.isnan(year.astype(float)), float(default_year), year.astype(float))
    res.frame = columns_to_frame(picked, int(good.sum()), model)
    res.columns = sorted(columns)
    progress(0.9, pmsg("progress.tidying"))
    return res


# ---- the benchmark sheet ---------------------------------------------------------------------------------


def _bench_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    want = {k: BENCH_HEADERS[k] for k in ("indicator", "industry", "baseline", "leading", "source")}
    need = {normalise_header(want["baseline"]), normalise_header(want["leading"])}
    for r, d in sorted(sheet.rows.items())[:10]:
        if {normalise_header(str(v)) for v in d.values()} >= need:
            pos: dict[str, int] = {}
            for ci, v in d.items():
                for k, h in want.items():
                    if normalise_header(str(v)) == normalise_header(h) or (k == "industry" and str(v).startswith("行业代码")):
                        pos[k] = ci
            return r, pos
    return None


def _bench_number(v: Any) -> float:
    if isinstance(v, bool):
        raise CellError(pmsg("cell.not_number"))
    try:
        x = float(v) if isinstance(v, float | int) else float(unicodedata.normalize("NFKC", str(v)).strip())
    except ValueError:
        raise CellError(pmsg("cell.not_number")) from None
    if not math.isfinite(x):
        raise CellError(pmsg("cell.not_finite"))
    return x


def _bench_industry(v: Any, col: Column, table: dict[str, str]) -> str:
    try:
        return parse_choice(v, col, table)
    except CellError:
        if re.match(r"^\d{2,4}$", show(v)):
            return show(v)
        raise


def _bench_row(d: dict[int, Any], pos: dict[str, int], keys: dict[str, str], industry: tuple[Column, dict[str, str]]
               ) -> tuple[dict[str, Any], list[tuple[int, Any, Msg]]]:
    problems = []
    raw_key = d.get(pos["indicator"])
    key = keys.get(normalise_header(str(raw_key))) if raw_key is not None else None
    if key is None:
        problems.append((pos["indicator"], raw_key, pmsg("bench.not_indicator")))
    vals: dict[str, float | None] = {}
    for which in ("baseline", "leading"):
        v = d.get(pos.get(which, -1))
        try:
            vals[which] = None if v is None else _bench_number(v)
        except CellError:
            problems.append((pos[which], v, pmsg("bench.not_number")))
    code, raw_ind = None, d.get(pos.get("industry", -1))
    if raw_ind is not None:
        try:
            code = _bench_industry(raw_ind, *industry)
        except CellError:
            problems.append((pos["industry"], raw_ind, pmsg("bench.industry")))
    src = d.get(pos.get("source", -1))
    row = {"indicator": key, "industry": code, "baseline": vals["baseline"], "leading": vals["leading"],
           "source": clean_text(str(src)) if src is not None else "资源池基准值表"}
    return row, problems


def validate_bench_sheet(sheet: Sheet, model: ColumnModel) -> tuple[pd.DataFrame, list[Issue]]:
    """Rows of the 基准值与引领值 sheet (blank values skipped); problems as issues of that sheet."""
    name = sheet.name
    found = _bench_header(sheet)
    if found is None:
        return empty_bench(), [Issue("—", "—", "", pmsg("bench.no_header"), "error", name)]
    hdr_row, pos = found
    if "indicator" not in pos:
        return empty_bench(), [Issue(str(hdr_row), "—", "", pmsg("bench.no_indicator"), "error", name)]
    keys = {normalise_header(k): k for k, _, _ in bench_keys(model.ruleset)}
    keys |= {normalise_header(label): k for k, _, label in bench_keys(model.ruleset)}
    industry_col = model.accepted["industry"]
    industry = (industry_col, choice_lookup(industry_col))
    issues: list[Issue] = []
    out = []
    for r, d in sorted(sheet.rows.items()):
        if r <= hdr_row or (d.get(pos.get("baseline", -1)) is None and d.get(pos.get("leading", -1)) is None):
            continue
        row, problems = _bench_row(d, pos, keys, industry)
        issues.extend(Issue(str(r), col_letter(ci), shown(v) if v is not None else "", message, "error", name)
                      for ci, v, message in problems)
        if not problems:
            out.append(row)
    if not out:
        return empty_bench(), issues
    return pd.DataFrame(out).astype({"indicator": "str", "industry": "str", "baseline": "float64",
                                     "leading": "float64", "source": "str"}), issues
