"""Excel 问卷: download the whole assessment as an .xlsx form (questionnaire.build), fill it offline, upload it
back → the changes (field, old, new, sheet!cell) and the refused cells → 应用 writes the changes as one revision
through ui.state (the wizard's own path), 取消 nothing. Reading and comparing live in questionnaire/ (no Streamlit)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from criteria.rules import MAX_FILE_BYTES
from pool.xlsx import FileRejected
from questionnaire.build import build_workbook
from questionnaire.read import Upload, bad_text, read_upload
from report.clock import local_now
from ui import downloads, state
from ui.catalogue import catalogue
from ui.fmt import md
from ui.i18n import say_msg, t
from ui.session import W

box = W().setdefault("questionnaire", {"gen": 0, "file": None, "upload": None, "error": None})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reset() -> None:
    box.update(gen=box["gen"] + 1, file=None, upload=None, error=None)


def _changes(u: Upload) -> pd.DataFrame:
    return pd.DataFrame({t("questionnaire.page.col_field"): [c.label for c in u.changes],
                         t("questionnaire.page.col_old"): [c.old_text for c in u.changes],
                         t("questionnaire.page.col_new"): [c.new_text for c in u.changes],
                         t("questionnaire.page.col_cell"): [f"{c.sheet}!{c.cell}" for c in u.changes]})


st.title(t("questionnaire.page.title"))
st.caption(t("questionnaire.page.intro"))
draft = W()["draft"]
name = str((draft.get("enterprise") or {}).get("name") or t("sb.unnamed"))
downloads.offer(t("questionnaire.page.download"), url=None, key="questionnaire-download", primary=True,
                data=lambda: build_workbook(W()["draft"], catalogue()), mime=XLSX,
                file_name=f"绿色工厂自评价问卷_{name[:40]}_{local_now():%Y%m%d}.xlsx")

st.subheader(t("questionnaire.page.upload_title"))
if state.locked():
    st.info(t("questionnaire.page.locked"))
    st.stop()
upload = st.file_uploader(t("questionnaire.page.upload"), type=["xlsx"], key=f"questionnaire-upload-{box['gen']}",
                          max_upload_size=MAX_FILE_BYTES // (1024 * 1024))
if upload is not None and upload.file_id != box["file"]:
    box.update(file=upload.file_id, upload=None, error=None)
    try:
        box["upload"] = read_upload(upload.getvalue(), upload.name, W()["draft"], catalogue())
    except FileRejected as exc:
        box["error"] = t("questionnaire.page.rejected", reason=say_msg(exc.message))

if box["error"] and upload is not None:
    st.error(md(box["error"]))
u: Upload | None = box["upload"] if upload is not None else None
if u is not None:
    for m in u.notices:
        st.info(md(say_msg(m)))
    if u.bad:
        st.warning(md(t("questionnaire.page.bad", n=len(u.bad))) + "\n"
                   + "\n".join(f"- {md(say_msg(bad_text(b)))}" for b in u.bad))
    if u.changes:
        st.write(t("questionnaire.page.changes", n=len(u.changes)))
        st.dataframe(_changes(u), hide_index=True, width="stretch", height=min(36 * (len(u.changes) + 1) + 3, 800))
    else:
        st.success(t("questionnaire.page.no_changes"))
    left, right = st.columns(2)
    if left.button(t("questionnaire.page.apply"), key="questionnaire-apply", type="primary", disabled=not u.changes,
                   width="stretch"):
        updates = u.updates()
        carried = [p for p in (state.get("carried") or []) if isinstance(p, str)]
        left_marks = [p for p in carried if p not in updates and p.split("#", 1)[0] not in updates]
        if len(left_marks) != len(carried):
            updates["carried"] = left_marks  # a value changed in the form counts as checked
        state.update_many(updates)
        state.notice(t("questionnaire.page.applied", n=len(u.changes)), "info")
        _reset()
        st.rerun()
    if right.button(t("questionnaire.page.cancel"), key="questionnaire-cancel", width="stretch"):
        state.notice(t("questionnaire.page.cancelled"), "info")
        _reset()
        st.rerun()
