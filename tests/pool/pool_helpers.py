"""Builders of pool files as users make them (xlsx via openpyxl, csv), shared by the pool tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pandas as pd

from locales import render
from pool.columns import ColumnModel
from pool.workbook import DATA_SHEET, frame_to_rows


def xlsx_bytes(rows: Sequence[Sequence[Any]], sheet: str = DATA_SHEET, merge: Sequence[str] = (),
               extra_sheets: dict[str, Sequence[Sequence[Any]]] | None = None) -> bytes:
    """A workbook written by openpyxl (as Excel would save it), with optional merged ranges."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(list(r))
    for rng in merge:
        ws.merge_cells(rng)
    for name, rs in (extra_sheets or {}).items():
        w2 = wb.create_sheet(name)
        for r in rs:
            w2.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table(model: ColumnModel, frame: pd.DataFrame) -> list[list[Any]]:
    """Header + rows in template layout."""
    return [[c.header for c in model.template], *frame_to_rows(frame, model.template)]


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue().encode(encoding)


def col_index(model: ColumnModel, col_id: str) -> int:
    return next(i for i, c in enumerate(model.template) if c.id == col_id)


def zh(message: Any) -> str:
    """A pool message (locales.Msg) in Chinese, the wording the assertions read."""
    return render("zh", message)


def zh_all(messages: Sequence[Any]) -> list[str]:
    return [zh(m) for m in messages]
