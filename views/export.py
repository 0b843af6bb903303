"""导出: the JSON export, the PDF gap report, and the revision history (every save is kept; ui.revisions)."""

from __future__ import annotations

import re

import streamlit as st

from report.pdf import build_report
from scoring.io import dump_assessment
from ui import auth, downloads, nav, revisions, state
from ui.fmt import local_time, md
from ui.i18n import lang, t
from ui.session import W

a, problems = state.assessment()
result = state.result()
lg = lang()
a = a.model_copy(update={"id": W().get("aid") or a.id})
stem = re.sub(r"[\\/:*?\"<>|\s]+", "_", a.enterprise.name.strip())[:60] or "assessment"
stamp = local_time(fmt="%Y%m%d")

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
        revisions.history(auth.actor(), W()["aid"], key="export-history")

nav.pager()
