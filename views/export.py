"""导出: the JSON export, the PDF gap report, and the revision history (every save is kept)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from report.pdf import build_report
from scoring.io import dump_assessment
from store import StoreError
from store import assessments as repo
from ui import auth, downloads, nav, state
from ui.fmt import local_time, md
from ui.i18n import lang, t
from ui.session import W

a, problems = state.assessment()
result = state.result()
lg = lang()
a = a.model_copy(update={"id": W().get("aid") or a.id})
stem = re.sub(r"[\\/:*?\"<>|\s]+", "_", a.enterprise.name.strip())[:60] or "assessment"
stamp = dt.date.today().strftime("%Y%m%d")

st.title(t("export.title"))

with st.container(border=True):
    st.subheader(t("export.json"))
    st.caption(t("export.json_help"))
    if problems:
        st.warning(t("export.left_out") + "\n" + "\n".join(f"- {md(p)}" for p in problems[:20]))
    downloads.assessment_json(t("export.json_button"), aid=W().get("aid"),
                              data=lambda: dump_assessment(a).encode("utf-8"), file_name=f"{stem}-{stamp}.json",
                              key="dl-json", primary=True)

with st.container(border=True):
    st.subheader(t("export.pdf"))
    st.caption(t("export.pdf_help"))
    who = auth.actor()
    assessor = who.display_name if who is not None and who.role == "consultant" else None

    def _pdf() -> bytes:  # built on click, in a thread: captures values, never session state
        return build_report(a, result, lang=lg, assessor=assessor)

    downloads.report_pdf(t("export.pdf_button"), aid=W().get("aid"), data=_pdf, file_name=f"{stem}-{stamp}.pdf",
                         key="dl-pdf")

with st.container(border=True):
    st.subheader(t("export.history"))
    if not W().get("aid"):
        st.caption(t("export.no_history"))
    else:
        try:
            revs = repo.list_revisions(auth.actor(), W()["aid"])  # type: ignore[arg-type]
        except StoreError as exc:
            revs = []
            st.error(md(str(exc)))
        rows = [{t("export.rev"): r.revision, t("export.saved_at"): local_time(r.saved_at),
                 **({t("export.saved_by"): r.saved_by_name} if auth.role() != "local" else {}),
                 t("export.conflict"): "✓" if r.is_conflict else ""} for r in reversed(revs)]
        st.caption(t("export.history_help", n=len(revs)))
        st.dataframe(pd.DataFrame(rows), hide_index=True, height=min(36 * (len(rows) + 1) + 2, 300))

nav.pager()
