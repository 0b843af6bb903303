"""Evidence attachments of one assessment: the list with download (and delete) buttons, and the upload box.

Every read, upload and deletion goes through store.attachments, which checks the actor's access to the assessment.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from store import Actor, StoreError
from store import attachments as files
from store.attachments import AttachmentInfo
from ui import downloads, upload_budget
from ui.fmt import local_time, md
from ui.i18n import t
from ui.session import W

TYPES = ["pdf", "jpg", "jpeg", "png", "xlsx", "docx"]


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n / 1024, 0.1):.1f} KB"


def _reader(who: Actor, attachment_id: str) -> Callable[[], bytes]:
    def read() -> bytes:  # on click, in a thread: captures values, never session state
        try:
            return files.read(who, attachment_id)[1]
        except StoreError as exc:
            return str(exc).encode("utf-8")
    return read


def listing(who: Actor, aid: str, names: dict[str, str], *, can_delete: bool) -> None:
    """The attachments of an assessment, grouped by item (``names``: item id → name)."""
    try:
        found = files.list_attachments(who, aid)
    except StoreError as exc:
        st.error(md(str(exc)))
        return
    if not found:
        st.caption(t("files.none"))
        return
    by_item: dict[str, list[AttachmentInfo]] = {}
    for f in found:
        by_item.setdefault(f.item_id, []).append(f)
    for item_id, group in by_item.items():
        st.markdown(f"**{md(names.get(item_id, item_id))}**")
        for f in group:
            row = st.columns([5, 2, 2] if can_delete else [5, 2], vertical_alignment="center")
            row[0].markdown(f"{md(f.filename)}  \n" + t("files.line", size=_size(f.size),
                                                          time=local_time(f.uploaded_at, "%Y-%m-%d %H:%M")))
            downloads.evidence(t("files.download"), attachment_id=f.id, data=_reader(who, f.id), file_name=f.filename,
                               mime=f.mime, key=f"dl-{f.id}", where=row[1])
            if can_delete and row[2].button(t("files.delete"), key=f"del-{f.id}", width="stretch"):
                try:
                    files.delete(who, f.id)
                except StoreError as exc:
                    st.error(md(str(exc)))
                else:
                    W().setdefault("notices", []).append(("info", t("files.deleted", name=md(f.filename))))
                    st.rerun()


def upload(who: Actor, aid: str, item_id: str) -> None:
    """The upload box for one item: the store checks size, type (magic bytes) and access."""
    counter = W().setdefault("_upload_n", 0)
    chosen = st.file_uploader(t("files.choose"), type=TYPES, key=f"ev-upload-{counter}",
                              max_upload_size=files.MAX_BYTES // (1024 * 1024), help=t("files.help"))
    if st.button(t("files.upload"), key="ev-upload-go", type="primary", disabled=chosen is None) and chosen:
        if (over := upload_budget.charge(chosen.size)) is not None:
            st.error(over)
            return
        try:
            info = files.save(who, aid, item_id, chosen.name, chosen.getvalue())
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            W()["_upload_n"] = counter + 1
            W().setdefault("notices", []).append(("info", t("files.uploaded", name=md(info.filename))))
            st.rerun()
