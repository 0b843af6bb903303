"""导出: the JSON export, the PDF gap report, the same report as an editable .docx, the submission package (report and
evidence in one PDF), and the revision history (every save is kept; ui.revisions)."""

from __future__ import annotations

import re

import streamlit as st

from report.docx_report import build_docx
from report.package import build_package
from report.pdf import build_report
from scoring.io import dump_assessment
from store import StoreError
from store import attachments as files
from ui import auth, download_routes, downloads, nav, revisions, state
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
    st.subheader(t("export.docx"))
    st.caption(t("export.docx_help"))

    def _docx() -> bytes:  # on click, in a thread, like the PDF
        return build_docx(a, result, lang=lg, assessor=assessor)

    downloads.report_docx(t("export.docx_button"), aid=W().get("aid"), data=_docx,
                          file_name=f"{stem}-{stamp}.docx", key="dl-docx")

with st.container(border=True):
    st.subheader(t("export.package"))
    st.caption(t("export.package_help"))
    aid = W().get("aid")
    stored = []
    if aid and who is not None and who.role != "guest":
        try:
            stored = files.list_attachments(who, aid)
        except StoreError as exc:
            st.warning(md(str(exc)))
    if stored:
        size = sum(f.size for f in stored)
        st.caption(t("export.package_files", n=f"{len(stored):,}", size=f"{max(size / 1024 / 1024, 0.1):,.1f} MB"))
    else:
        st.caption(t("export.package_none"))

    def _package() -> bytes:  # on click, in a thread: the files are read through the store's access check
        evidence = download_routes.stored_evidence(who, aid) if stored and who is not None and aid else []
        return build_package(a, result, evidence, lang=lg, assessor=assessor)

    downloads.package_pdf(t("export.package_button"), aid=aid, data=_package,
                          file_name=download_routes.package_file_name(a.enterprise.name, lg), key="dl-package")

with st.container(border=True):
    st.subheader(t("export.history"))
    if not W().get("aid"):
        st.caption(t("export.no_history"))
    else:
        revisions.history(auth.actor(), W()["aid"], key="export-history")

nav.pager()
