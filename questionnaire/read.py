"""Reading a filled-in questionnaire back: every 填写值 cell by the shared cell rules (pool.validation,
scoring.cells: dates, units typed after numbers, error cells, formulas without a value, percent cells, 是/否, choices),
compared with the draft. The result is the list of changes (field, old, new, sheet!cell) and the cells refused, each
naming its sheet, row and column; nothing is applied here (`apply` gives the new draft, the wizard applies through
ui.state). A refused cell changes nothing; the model's own checks (统一社会信用代码, percentages, the year) run on
the changed draft and turn a failing change into a refused cell too.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from criteria.loader import Catalogue, load_catalogue
from locales import Msg, msg
from pool.columns import Column, normalise_header
from pool.messages import joined, pmsg
from pool.validation import CellError, parse_bool, parse_number, show
from pool.xlsx import ErrorCell, FileRejected, FormulaNoValue, Sheet, col_letter, read_xlsx
from questionnaire.build import FIRST_ROW, KIND, META_SHEET, VALUE_COL, get_path
from questionnaire.layout import NO, PLATFORM, YES, Row, sheets
from scoring.cells import PLACEHOLDERS, clean_free_text
from scoring.errors import describe_validation_error
from scoring.models import Assessment

EXCEL_DIGITS = "%.16g"
SPARSE = ("inputs.energy", "inputs.catalogue_tech")  # as ui.state: an empty value removes the entry


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    sheet: str
    cell: str  # D12
    old: Any
    new: Any
    old_text: str = ""  # as the diff shows them (a choice's label, 是/否, thousands separators)
    new_text: str = ""


@dataclass(frozen=True)
class BadCell:
    sheet: str
    row: int
    column: str  # D
    label: str
    value: str
    reason: Msg


@dataclass
class Upload:
    changes: list[Change] = field(default_factory=list)
    bad: list[BadCell] = field(default_factory=list)
    notices: list[Msg] = field(default_factory=list)
    ruleset: str = ""
    profile: str = ""

    def updates(self) -> dict[str, Any]:
        """Draft path → new value of every change (what ui.state.update_many writes)."""
        return {c.path: c.new for c in self.changes}


# ---- cells ------------------------------------------------------------------------------------------------------


def _empty(v: Any) -> bool:
    return v is None or v == ""


def _same(a: Any, b: Any) -> bool:
    """Equal as the draft means it: a missing key, None and '' are all empty; 1 and 1.0 are the same number, True
    and 1 are not."""
    if _empty(a) or _empty(b):
        return _empty(a) and _empty(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) and isinstance(b, float) and a != b:
        return float(EXCEL_DIGITS % a) == b  # the cell holds the draft's number to 16 digits (openpyxl writes %.16g)
    return a == b


def _choice(v: Any, row: Row, current: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        v = str(int(v))
    text = str(v)
    key = normalise_header(text[1:] if text[:1] == "'" else text)
    for value, label in row.choices:
        if key in (normalise_header(label), normalise_header(str(value))):
            return value
    if not _empty(current) and key == normalise_header(str(current)):
        return current  # a value the catalogue no longer offers, written back as it was
    raise CellError(pmsg("cell.not_choice", options=joined([label for _v, label in row.choices], 12)))


def parse_cell(v: Any, row: Row, current: Any) -> tuple[Any, bool]:
    """The draft value of one 填写值 cell, and whether control characters were removed; CellError if refused."""
    if isinstance(v, str) and row.kind not in ("text", "longtext") and (not v.strip() or v.strip() in PLACEHOLDERS):
        return row.empty, False
    if v is None or v == "":
        return row.empty, False
    if row.kind in ("float", "int"):
        x = parse_number(v, Column(row.path, row.label, "int" if row.kind == "int" else "number", "",
                                   unit=row.unit))
        return (int(x) if row.kind == "int" else x), False
    if row.kind == "bool":
        if isinstance(v, str) and v.strip()[:1] == "'":
            v = v.strip()[1:]
        return parse_bool(v), False
    if row.kind == "choice":
        if isinstance(v, ErrorCell | FormulaNoValue):
            raise CellError(pmsg("cell.text_formula"))
        return _choice(v, row, current), False
    if isinstance(v, ErrorCell | FormulaNoValue):
        raise CellError(pmsg("cell.text_formula"))
    text = v if isinstance(v, str) else show(v)
    if text[:1] == "'":
        text = text[1:]  # our own neutralisation (build.neutralise), taken off again
    text, removed = clean_free_text(text, multiline=row.kind == "longtext")
    if len(text) > row.max_chars:
        raise CellError(pmsg("cell.text_long", limit=row.max_chars))
    return text, removed


def shown(row: Row | None, v: Any) -> str:
    """A value as the diff shows it: a choice's label, 是/否, a number with thousands separators."""
    if _empty(v):
        return "—"
    if isinstance(v, bool):
        return YES if v else NO
    if row is not None and row.kind == "choice":
        return next((label for value, label in row.choices if value == v), str(v))
    if isinstance(v, int | float):
        return f"{v:,.6f}".rstrip("0").rstrip(".") if isinstance(v, float) else f"{v:,}"
    if isinstance(v, list):
        return "、".join(map(str, v)) or "—"
    text = str(v)
    return text if len(text) <= 60 else text[:60] + "…"


# ---- the workbook ---------------------------------------------------------------------------------------------------


def _meta(found: dict[str, Sheet], filename: str) -> dict[str, str]:
    sheet = found.get(META_SHEET)
    meta = {}
    if sheet is not None:
        for cells in sheet.rows.values():
            key, value = cells.get(0), cells.get(1)
            if isinstance(key, str):
                meta[key] = str(value or "").lstrip("'")
    if meta.get("kind") != KIND:
        raise FileRejected(msg("questionnaire.not_ours", name=filename))
    return meta


def _platform(data: dict[str, Any], chosen: dict[str, bool]) -> list[str] | None:
    """The new list of platform functions, or None when the rows say what the draft says."""
    old = [x for x in (get_path(data, PLATFORM) or []) if isinstance(x, str)]
    keep = [x for x in old if chosen.get(x, True)]
    new = keep + [x for x, on in chosen.items() if on and x not in keep]
    return None if set(new) == set(old) else new


def read_upload(raw: bytes, filename: str, data: dict[str, Any], cat: Catalogue | None = None) -> Upload:
    """The changes a filled-in questionnaire makes to the draft `data`; FileRejected for a file that is not one."""
    cat = cat or load_catalogue()
    found = {s.name: s for s in read_xlsx(raw, filename)}
    meta = _meta(found, filename)
    out = Upload(ruleset=meta.get("ruleset", ""), profile=meta.get("profile", ""))
    rs = cat.rulesets.get(out.ruleset)
    profile = cat.profiles.get(out.profile)
    if rs is None or profile is None:
        raise FileRejected(msg("questionnaire.unknown_ruleset", ruleset=out.ruleset, profile=out.profile))
    if out.ruleset != data.get("ruleset") or out.profile != data.get("profile"):
        out.notices.append(msg("questionnaire.other_ruleset", ruleset=rs.name, profile=profile.name))
    platform: dict[str, bool] = {}
    platform_at = ("", "")
    for spec in sheets(rs, profile, cat):
        sheet = found.get(spec.name)
        if sheet is None:
            out.notices.append(msg("questionnaire.sheet_missing", sheet=spec.name))
            continue
        by_path = {r.path: r for r in spec.rows}
        seen: set[str] = set()
        for i, cells in sheet.rows.items():
            if i < FIRST_ROW:
                continue
            path = cells.get(0)
            path = path.strip() if isinstance(path, str) else path
            if path not in by_path:
                if any(not _empty(v) for j, v in cells.items() if j == VALUE_COL - 1):
                    out.bad.append(BadCell(spec.name, i, "A", "", show(path) if path is not None else "",
                                           msg("questionnaire.unknown_row")))
                continue
            row = by_path[path]
            if path in seen:
                out.bad.append(BadCell(spec.name, i, "A", row.label, path, msg("questionnaire.duplicate_row")))
                continue
            seen.add(path)
            v = cells.get(VALUE_COL - 1)
            cell = f"{col_letter(VALUE_COL - 1)}{i}"
            current = None if path.startswith(PLATFORM + "#") else get_path(data, path)
            try:
                new, removed = parse_cell(v, row, current)
            except CellError as exc:
                out.bad.append(BadCell(spec.name, i, col_letter(VALUE_COL - 1), row.label, show(v), exc.message))
                continue
            if removed:
                out.notices.append(msg("questionnaire.cleaned", sheet=spec.name, cell=cell, label=row.label))
            if path.startswith(PLATFORM + "#"):
                platform[path.split("#", 1)[1]] = new is True
                platform_at = (spec.name, cell)
                continue
            if not _same(current, new):
                out.changes.append(Change(path, row.label, spec.name, cell, current, new, shown(row, current),
                                          shown(row, new)))
        missing = [r for r in spec.rows if r.path not in seen]
        if missing:
            out.notices.append(msg("questionnaire.rows_missing", sheet=spec.name, n=len(missing),
                                   labels=joined([r.label for r in missing], 5)))
    if platform:
        new_list = _platform(data, platform)
        if new_list is not None:
            out.changes.append(Change(PLATFORM, "能碳管理平台已具备功能", *platform_at,
                                      get_path(data, PLATFORM) or [], new_list,
                                      shown(None, get_path(data, PLATFORM) or []), shown(None, new_list)))
    _model_checks(out, data)
    return out


def _model_checks(out: Upload, data: dict[str, Any]) -> None:
    """Changes the Assessment model refuses (an invalid 统一社会信用代码, a percentage over 100, a year out of range)
    become refused cells; the draft's own older problems are not the upload's and are left to the wizard."""
    before = _errors(data)
    for _ in range(len(out.changes) + 1):
        errors = {k: v for k, v in _errors(apply(data, out.updates())).items() if k not in before}
        hit = [c for c in out.changes if any(k == c.path or k.startswith(c.path + ".") for k in errors)]
        if not hit:
            return
        for c in hit:
            reason = next(v for k, v in errors.items() if k == c.path or k.startswith(c.path + "."))
            row, col = int(c.cell[1:]), c.cell[0]
            out.bad.append(BadCell(c.sheet, row, col, c.label, shown(None, c.new), msg("questionnaire.model", reason=reason)))
            out.changes.remove(c)


def _errors(data: dict[str, Any]) -> dict[str, str]:
    try:
        Assessment.model_validate(data)
    except ValidationError as exc:
        lines = describe_validation_error(exc, "zh")
        return {".".join(str(p) for p in e["loc"]): line.split(": ", 1)[-1]
                for e, line in zip(exc.errors(), lines, strict=True)}
    return {}


def apply(data: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    """A copy of the draft with `updates` written in (as ui.state.update_many writes them)."""
    new = copy.deepcopy(data)
    for path, value in updates.items():
        parts = path.split(".")
        node: Any = new
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if value is None and path.rsplit(".", 1)[0] in SPARSE:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return new


def bad_text(b: BadCell) -> Msg:
    """工作表「能源低碳化」第 12 行 D 列（取水量）：… ."""
    return msg("questionnaire.bad_cell", sheet=b.sheet, row=b.row, column=b.column, label=b.label or "—",
               value=b.value or "—", reason=b.reason)
