"""统计报表导入: upload a 205-1 / 205-4 / B204-1 file → a preview of what would be taken (sheet, cell, value in the
form, unit, converted value, target field) and what is not → 应用 writes the values as one revision, 取消 nothing.
The reading and mapping live in forms/ (no Streamlit); this page only shows and confirms."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from criteria.rules import MAX_FILE_BYTES
from forms.read import FORMS, Preview, preview, shown_value, target_label
from pool.xlsx import FileRejected
from ui import state
from ui.fmt import md
from ui.i18n import lang, say_msg, t
from ui.session import W
from ui.upload_budget import charge as upload_charge

lg = lang()
box = W().setdefault("stat_import", {"gen": 0, "file": None, "preview": None, "error": None})


def _table(p: Preview) -> pd.DataFrame:
    rows = []
    for x in p.taken:
        target = target_label(x.target, lg) + ("" if x.applied else " " + t("forms.page.shown_only"))
        rows.append({t("forms.page.col_form"): x.form, t("forms.page.col_sheet"): x.sheet,
                     t("forms.page.col_cell"): x.cell, t("forms.page.col_label"): x.label,
                     t("forms.page.col_source"): shown_value(x.source_value), t("forms.page.col_unit"): x.unit,
                     t("forms.page.col_value"): f"{shown_value(x.value)} {x.target_unit}".strip(),
                     t("forms.page.col_target"): target,
                     t("forms.page.col_note"): say_msg(x.note)})
    return pd.DataFrame(rows)


def _reset() -> None:
    box.update(gen=box["gen"] + 1, file=None, preview=None, error=None)


st.title(t("forms.page.title"))
st.caption(t("forms.page.intro"))
upload = st.file_uploader(t("forms.page.upload"), type=["xlsx", "xls", "csv"], key=f"stat-upload-{box['gen']}",
                          max_upload_size=MAX_FILE_BYTES // (1024 * 1024))
if upload is not None and upload.file_id != box["file"]:
    box.update(file=upload.file_id, preview=None, error=None)
    try:
        if (over := upload_charge(upload.size)) is None:
            box["preview"] = preview(upload.getvalue(), upload.name)
        else:
            box["error"] = over
    except FileRejected as exc:
        box["error"] = t("forms.page.rejected", reason=say_msg(exc.message))

if box["error"] and upload is not None:
    st.error(md(box["error"]))
p: Preview | None = box["preview"] if upload is not None else None
if p is not None:
    if p.forms:
        st.write(md(t("forms.page.found", forms="、".join(f for f in FORMS if f in p.forms))))
    for m in p.notices:
        st.info(md(say_msg(m)))
    if p.taken:
        st.dataframe(_table(p), hide_index=True, width="stretch", height=min(36 * (len(p.taken) + 1) + 3, 800))
    if p.unknown:
        lines = [t("forms.page.unknown_line", form=u.form, sheet=u.sheet, row=u.row, label=u.label,
                   unit=u.unit or "—", reason=say_msg(u.reason)) for u in p.unknown]
        st.warning(md(t("forms.page.unknown", n=len(p.unknown))) + "\n" + "\n".join(f"- {md(x)}" for x in lines))
    changes = p.changes()
    if not changes:
        st.warning(t("forms.page.nothing"))
    left, right = st.columns(2)
    if left.button(t("forms.page.apply"), key="stat-apply", type="primary", disabled=not changes, width="stretch"):
        state.update_many(changes)
        state.notice(t("forms.page.applied", n=len(changes)), "info")
        _reset()
        st.rerun()
    if right.button(t("forms.page.cancel"), key="stat-cancel", width="stretch"):
        state.notice(t("forms.page.cancelled"), "info")
        _reset()
        st.rerun()
