"""Reading a statistical-form workbook (xlsx, xls or csv) into a preview of the wizard's inputs.

Each sheet is recognised by its title or 表号 (forms.layouts.MARKERS); in it, every row holding 计量单位 starts a
block whose header names the columns; the rows below are read by name and unit. Cells go through the pool's cell
rules (pool.validation.parse_number: error cells, formulas without a value, dates, percent cells, units typed
after a number); a refused cell puts its row on the unknown list with the reason, nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from criteria.loader import load_catalogue
from criteria.schema import Reference
from forms import layouts as L
from locales import Msg, msg
from pool.columns import Column
from pool.intake import read_csv, sniff
from pool.validation import CellError, parse_number
from pool.xlsx import FileRejected, Sheet, col_letter
from scoring.cells import PLACEHOLDERS, clean_free_text

FORMS = ("205-1", "205-4", "B204-1")


@dataclass(frozen=True)
class Taken:
    """One value read from the file: where it is, what it says, what it becomes."""

    form: str
    sheet: str
    cell: str  # "H9"
    label: str  # the row's name as in the file
    source_value: float | str
    unit: str  # as in the file
    value: float | str  # in the wizard's unit
    target: str  # draft path ("inputs.energy.electricity"); "" when only shown
    target_unit: str
    applied: bool = True  # False: shown for the record (a part of a total, one of several products)
    note: Msg | None = None


@dataclass(frozen=True)
class Unknown:
    """A row that is not taken: not a known row, a unit that does not convert, a refused cell."""

    form: str
    sheet: str
    row: int
    label: str
    unit: str
    reason: Msg


@dataclass
class Preview:
    taken: list[Taken] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    notices: list[Msg] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)

    def changes(self) -> dict[str, Any]:
        """Draft path → value of every applied row (rows aimed at one field, such as feedstock, add up)."""
        out: dict[str, Any] = {}
        for t in self.taken:
            if not t.applied:
                continue
            if isinstance(t.value, float) and isinstance(out.get(t.target), float):
                out[t.target] += t.value
            else:
                out[t.target] = t.value
        return out


# ---- cells ------------------------------------------------------------------------------------------------------


def _text(v: Any) -> str:
    if v is None or isinstance(v, float | int | dt.date | dt.time):
        return "" if v is None else str(v)
    return clean_free_text(str(v))[0].strip()


def number(v: Any, unit: str) -> float | None:
    """A value cell by the pool's rules; None when empty or a placeholder (统计报表 use — and / for nothing)."""
    if v is None or (isinstance(v, str) and (not v.strip() or v.strip() in PLACEHOLDERS)):
        return None
    return parse_number(v, Column("value", unit, "number", "", unit=unit))


def _cell(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


# ---- blocks ------------------------------------------------------------------------------------------------------


@dataclass
class Block:
    """A header row and the columns it names; `heads[j]` is column j's header text (with the rows under it)."""

    row: int
    name: int
    unit: int
    code: int | None
    heads: dict[int, str]

    def find(self, *words: str) -> int | None:
        return next((j for j, h in sorted(self.heads.items()) if any(w in h for w in words)), None)


def _form_of(sheet: Sheet) -> str | None:
    texts = [L.norm(sheet.name)] + [L.norm(_text(v)) for r in list(sheet.rows.values())[:8] for v in r.values()]
    for form, marks in L.MARKERS.items():
        if any(L.norm(m) in t for t in texts for m in marks):
            return form
    return None


def _header_like(cells: dict[int, Any], name_col: int) -> bool:
    """A row under a header that continues it: text only, its name cell empty or the column mark 甲."""
    label = L.norm(_text(cells.get(name_col)))
    return bool(cells) and label in ("", "甲") and not any(isinstance(v, float | int) for v in cells.values())


def _blocks(sheet: Sheet) -> list[Block]:
    out = []
    rows = sheet.rows
    for i, cells in rows.items():
        texts = {j: L.norm(_text(v)) for j, v in cells.items()}
        unit = next((j for j, s in texts.items() if s == "计量单位"), None)
        name = next((j for j, s in texts.items() if s.endswith("名称")), None)
        if unit is None or name is None:
            continue
        heads = dict(texts)
        for k in (i + 1, i + 2):  # the second header row (实物量 under 购进量) and the column numbers (甲 乙 1 2 …)
            below = rows.get(k, {})
            if not _header_like(below, name):
                break
            for j, v in below.items():
                heads[j] = heads.get(j, "") + L.norm(_text(v))
        for j in range(max(heads, default=0) + 1):  # a merged parent (消费量 over 合计) reaches its right neighbours
            if j not in texts and j - 1 in texts and not texts[j - 1].endswith(("名称", "单位", "代码")):
                heads[j] = texts[j - 1] + heads.get(j, "")
        code = next((j for j, s in texts.items() if s == "代码"), None)
        out.append(Block(i, name, unit, code, heads))
    return out


def _data_rows(sheet: Sheet, block: Block, end: int) -> list[tuple[int, dict[int, Any]]]:
    out = []
    for i, cells in sheet.rows.items():
        if i <= block.row or i >= end:
            continue
        label = _text(cells.get(block.name))
        if not label or L.norm(label) in ("甲", "乙"):
            continue
        out.append((i, cells))
    return out


# ---- the three forms ---------------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, sheet: Sheet, form: str, out: Preview, ref: Reference) -> None:
        self.sheet, self.form, self.out, self.ref = sheet, form, out, ref

    def unknown(self, row: int, label: str, unit: str, reason: Msg) -> None:
        self.out.unknown.append(Unknown(self.form, self.sheet.name, row, label, unit, reason))

    def value(self, row: int, cells: dict[int, Any], col: int | None, label: str, unit: str) -> float | None:
        if col is None:
            return None
        try:
            return number(cells.get(col), unit)
        except CellError as exc:
            self.unknown(row, label, unit, msg("forms.bad_cell", cell=_cell(row, col), reason=exc.message))
            return None

    def take(self, row: int, col: int, label: str, source: float | str, unit: str, value: float | str, target: str,
             target_unit: str, *, applied: bool = True, note: Msg | None = None) -> None:
        self.out.taken.append(Taken(self.form, self.sheet.name, _cell(row, col), label, source, unit, value, target,
                                    target_unit, applied, note))

    def read(self) -> None:
        blocks = _blocks(self.sheet)
        if not blocks:
            self.out.notices.append(msg("forms.no_header", form=self.form, sheet=self.sheet.name))
            return
        ends = [b.row for b in blocks[1:]] + [10 ** 9]
        for block, end in zip(blocks, ends, strict=True):
            rows = _data_rows(self.sheet, block, end)
            if self.form == "205-1":
                self.energy(block, rows)
            elif self.form == "205-4":
                self.indicators(block, rows, L.WATER_205_4, L.WATER_PARTS, ())
            elif block.heads.get(block.name, "").startswith("产品"):
                self.products(block, rows)
            else:
                self.indicators(block, rows, L.OUTPUT_B204_1, {}, L.NOT_TAKEN_B204_1)

    def _label_unit(self, block: Block, cells: dict[int, Any]) -> tuple[str, str]:
        return _text(cells.get(block.name)), _text(cells.get(block.unit))

    def energy(self, block: Block, rows: list[tuple[int, dict[int, Any]]]) -> None:
        use = block.find("工业生产消费")
        feed = block.find("用于原材料")
        total_col = block.find("消费量合计", "合计4")
        if use is None:
            self.out.notices.append(msg("forms.no_column", form=self.form, sheet=self.sheet.name, column="工业生产消费"))
            return
        seen: set[str] = set()
        ours_tce = 0.0
        form_tce: float | None = None
        for i, cells in rows:
            label, unit = self._label_unit(block, cells)
            code = _text(cells.get(block.code)) if block.code is not None else ""
            if L.bare_name(label) in L.TOTAL_205_1:
                form_tce = self.value(i, cells, total_col or use, label, unit)
                continue
            carrier = L.carrier_for(label)
            amount = self.value(i, cells, use, label, unit) if carrier else None
            if carrier is None:
                if any(isinstance(v, float | int) for j, v in cells.items() if j not in (block.name, block.unit,
                                                                                          block.code)):
                    self.unknown(i, label, unit, msg("forms.unknown_carrier", code=code or "—"))
                continue
            factor = carrier.units.get(L.norm(unit))
            if factor is None:
                self.unknown(i, label, unit, msg("forms.unit_not_convertible", unit=unit or "—",
                                                 units="、".join(k for k in carrier.units if not k.isascii())))
                continue
            if carrier.carrier in seen:
                self.unknown(i, label, unit, msg("forms.duplicate_row"))
                continue
            if amount is None:
                continue
            seen.add(carrier.carrier)
            ref = self.ref.carrier(carrier.carrier)
            assert ref is not None, carrier.carrier  # tests/forms checks every layout carrier is in the reference
            self.take(i, use, label, amount, unit, amount * factor, f"inputs.energy.{carrier.carrier}", ref.unit,
                      note=msg("forms.factor", factor=f"{factor:g}", code=code or "—"))
            kgce = float(ref.kgce_per_unit.value or 0)
            ours_tce += amount * factor * kgce / 1000
            raw = self.value(i, cells, feed, label, unit)
            if raw and feed is not None:
                tce = raw * factor * kgce / 1000
                self.take(i, feed, label, raw, unit, tce, "inputs.feedstock_energy_tce", "tce",
                          note=msg("forms.feedstock", kgce=f"{kgce:g}", unit=ref.unit))
        if form_tce is not None:
            self.out.notices.append(msg("forms.total_check", form_tce=f"{form_tce:,.2f}", ours=f"{ours_tce:,.2f}"))

    def indicators(self, block: Block, rows: list[tuple[int, dict[int, Any]]], known: Sequence[L.Indicator],
                   parts: dict[str, str], ignored: Sequence[str]) -> None:
        col = block.find("本年", "本期", "数值")
        if col is None:
            self.out.notices.append(msg("forms.no_column", form=self.form, sheet=self.sheet.name, column="本年"))
            return
        for i, cells in rows:
            label, unit = self._label_unit(block, cells)
            key = L.bare_name(label)
            ind = next((k for k in known if key in k.names), None)
            part = parts.get(key)
            if ind is None and part is None:
                if key not in ignored and cells.get(col) not in (None, ""):
                    self.unknown(i, label, unit, msg("forms.unknown_row"))
                continue
            units = ind.units if ind else L.M3
            factor = units.get(L.norm(unit))
            if factor is None:
                self.unknown(i, label, unit, msg("forms.unit_not_convertible", unit=unit or "—",
                                                 units="、".join(k for k in units if not k.isascii())))
                continue
            amount = self.value(i, cells, col, label, unit)
            if amount is None:
                continue
            code = _text(cells.get(block.code)) if block.code is not None else ""
            if ind is not None:
                self.take(i, col, label, amount, unit, amount * factor, ind.target, ind.target_unit,
                          note=msg("forms.factor", factor=f"{factor:g}", code=code or "—"))
            else:
                self.take(i, col, label, amount, unit, amount * factor, part or "", "m³", applied=False,
                          note=msg("forms.part_of_total"))

    def products(self, block: Block, rows: list[tuple[int, dict[int, Any]]]) -> None:
        col = block.find("生产量", "产量")
        if col is None:
            self.out.notices.append(msg("forms.no_column", form=self.form, sheet=self.sheet.name, column="生产量"))
            return
        found = []
        for i, cells in rows:
            label, unit = self._label_unit(block, cells)
            amount = self.value(i, cells, col, label, unit)
            if amount is not None:
                found.append((i, label, unit, amount))
        one = len(found) == 1
        for i, label, unit, amount in found:
            note = None if one else msg("forms.several_products", n=len(found))
            self.take(i, col, label, amount, unit, amount, "inputs.production_volume", unit, applied=one, note=note)
            if one:
                self.take(i, block.name, label, label, "", label, "inputs.product_name", "")
                self.take(i, block.unit, label, unit, "", unit, "inputs.product_unit", "")


# ---- entry ---------------------------------------------------------------------------------------------------------


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """The sheets of an xlsx or an old .xls (python-calamine, pool.xlsx) or the one sheet of a csv; FileRejected
    otherwise. Statistical forms are often still saved as .xls by the reporting software."""
    from pool.xlsx import read_xls, read_xlsx

    kind = sniff(data, filename, xls=True)
    if kind == "xlsx":
        return read_xlsx(data, filename)
    if kind == "xls":
        return read_xls(data, filename)
    if kind == "csv":
        return [read_csv(data, filename)]
    raise FileRejected(msg("forms.not_a_table", name=filename))


def preview(data: bytes, filename: str, reference: Reference | None = None) -> Preview:
    """What the file's 205-1 / 205-4 / B204-1 sheets would fill in; FileRejected for a file that is no table."""
    ref = reference or load_catalogue().reference
    out = Preview()
    for sheet in read_sheets(data, filename):
        if sheet.hidden or not sheet.rows:
            continue
        form = _form_of(sheet)
        if form is None:
            continue
        out.forms.append(form)
        _Reader(sheet, form, out, ref).read()
    if not out.forms:
        out.notices.append(msg("forms.no_form", name=filename))
    return out


def shown_value(v: float | str) -> str:
    """A value as the preview shows it: thousands separators, at most four decimals, no trailing zeros."""
    return f"{v:,.4f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def target_label(path: str, lang: str = "zh") -> str:
    """The wizard's name of a draft path: a carrier's name and unit, or the field's label (scoring.fields)."""
    from scoring.fields import label

    if not path:
        return ""
    parts = path.split(".")
    if parts[:2] == ["inputs", "energy"] and len(parts) == 3:
        carrier = load_catalogue().reference.carrier(parts[2])
        if carrier is not None:
            return f"{label('energy', lang, False)} · {carrier.name.get(lang)}（{carrier.unit}）"
    return label(parts[-1], lang)
